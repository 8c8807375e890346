import { TdlError } from "../errors";
import type { KeyValuePort } from "./key-value-port";
import { openLevelPort } from "./level-port";
import { createMemoryPort } from "./memory-port";

/*
 * What the anchorer put on chain, one record per anchored tree size, in its own key space:
 *   0x10 <size u64>  JSON AnchorRecord
 * Kept in a database of its own (not the log's), so the log's key layout stays its owner's.
 */

export interface AnchorRecord {
  readonly size: number;
  /** The anchored root, 0x + 64 lowercase hex digits. */
  readonly root: string;
  readonly chainId: number;
  readonly contract: string;
  readonly logId: number;
  readonly txHash: string;
  readonly blockNumber: number;
  /** When the node saw the anchor confirmed (ISO 8601 UTC). */
  readonly recordedAt: string;
}

export interface AnchorRecordStore {
  /**
   * Keeps a record. A record for a size already kept is replaced only by one with the same root (a
   * resubmission after the chain lost the first transaction); another root is refused.
   */
  put(record: AnchorRecord): Promise<void>;
  get(size: number): Promise<AnchorRecord | undefined>;
  latest(): Promise<AnchorRecord | undefined>;
  /** Every record, by increasing size. */
  all(): Promise<AnchorRecord[]>;
  close(): Promise<void>;
}

const PREFIX = 0x10;
const RANGE = { gte: Uint8Array.of(PREFIX), lt: Uint8Array.of(PREFIX + 1) };

function keyOf(size: number): Uint8Array {
  const key = new Uint8Array(9);
  key[0] = PREFIX;
  const view = new DataView(key.buffer);
  view.setUint32(1, Math.floor(size / 2 ** 32));
  view.setUint32(5, size >>> 0);
  return key;
}

const HASH = /^0x[0-9a-f]{64}$/;
const isUint = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

function checkRecord(value: unknown): AnchorRecord {
  const r = value as Partial<AnchorRecord> | null;
  const ok =
    typeof r === "object" &&
    r !== null &&
    isUint(r.size) &&
    r.size > 0 &&
    typeof r.root === "string" &&
    HASH.test(r.root) &&
    isUint(r.chainId) &&
    typeof r.contract === "string" &&
    /^0x[0-9a-fA-F]{40}$/.test(r.contract) &&
    isUint(r.logId) &&
    typeof r.txHash === "string" &&
    HASH.test(r.txHash) &&
    isUint(r.blockNumber) &&
    typeof r.recordedAt === "string";
  if (!ok) throw new TdlError("MALFORMED_INPUT", `not an anchor record: ${JSON.stringify(value)}`);
  const { size, root, chainId, contract, logId, txHash, blockNumber, recordedAt } = r as AnchorRecord;
  return { size, root, chainId, contract, logId, txHash, blockNumber, recordedAt };
}

function decode(bytes: Uint8Array): AnchorRecord {
  try {
    return checkRecord(JSON.parse(Buffer.from(bytes).toString("utf8")));
  } catch (cause) {
    throw new TdlError("STORAGE_FAILURE", "a stored anchor record is unreadable", { cause });
  }
}

/** Anchor records over any key-value port (LevelDB or the in-memory twin). */
export function openAnchorRecordStore(port: KeyValuePort): AnchorRecordStore {
  let writes: Promise<unknown> = Promise.resolve();

  async function get(size: number): Promise<AnchorRecord | undefined> {
    if (!isUint(size)) throw new TdlError("MALFORMED_INPUT", `size must be a non-negative integer, got ${String(size)}`);
    const [bytes] = await port.getMany([keyOf(size)]);
    return bytes === undefined ? undefined : decode(bytes);
  }

  return {
    put(record) {
      const checked = checkRecord(record);
      const write = writes.then(async () => {
        const kept = await get(checked.size);
        if (kept !== undefined && kept.root !== checked.root) {
          throw new TdlError("ANCHOR_DIVERGED", `size ${checked.size} was anchored with root ${kept.root}, not ${checked.root}`);
        }
        await port.putAll([[keyOf(checked.size), new Uint8Array(Buffer.from(JSON.stringify(checked), "utf8"))]]).catch((cause: unknown) => {
          throw new TdlError("STORAGE_FAILURE", `writing the anchor record for size ${checked.size} failed`, { cause });
        });
      });
      writes = write.catch(() => undefined);
      return write;
    },
    get,
    async latest() {
      for await (const [, value] of port.scan({ ...RANGE, reverse: true, limit: 1 })) return decode(value);
      return undefined;
    },
    async all() {
      const records: AnchorRecord[] = [];
      for await (const [, value] of port.scan(RANGE)) records.push(decode(value));
      return records;
    },
    async close() {
      await writes;
      await port.close();
    },
  };
}

/** Anchor records in their own LevelDB under `dir`. */
export async function createLevelAnchorRecordStore(dir: string): Promise<AnchorRecordStore> {
  return openAnchorRecordStore(await openLevelPort(dir));
}

/** The in-memory twin, for tests and tools. */
export function createMemoryAnchorRecordStore(): AnchorRecordStore {
  return openAnchorRecordStore(createMemoryPort());
}

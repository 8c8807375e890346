import { TdlError } from "../errors";
import { concatBytes } from "../log/bytes";
import type { KeyValue } from "./key-value-port";
import { decodeUint64, encodeUint64 } from "./keys";
import { DEFAULT_PAGE, MAX_PAGE, SUBJECT_KINDS, type Subject } from "./history-types";

/*
 * The audit index of chain events: each event once, in chain order (the sync feed), and under every
 * subject it names (organisation, key, grant, ...) so a supervisor pages through one history newest
 * first. Key layout (prefixes 0x20.. so the index may share a database with the access log's 0x01..0x04):
 *   0x20 <block u64> <logIndex u32>                                  event record (JSON, UTF-8)
 *   0x21 <kind u8> <idLength u8> <id UTF-8> <block u64> <logIndex u32>  0x01: the event names this subject
 *   0x22 <block u64>                                                 header of a block that holds events (JSON)
 *   0x23 'h'                                                         head state: indexed head + recent range-end headers (JSON)
 * Numbers are big-endian, so a forward scan walks the chain and a reverse scan walks back from the newest.
 * The port has no delete (the access log it was made for is append-only), so a rollback overwrites the
 * rolled-back keys with an empty value (a tombstone) in one batch and every reader skips empty values.
 * Tombstones are few (a reorg drops seconds of blocks) and re-indexing the same heights overwrites most of them.
 */

export const EVENT = 0x20;
export const SUBJECT = 0x21;
export const HEADER = 0x22;
export const HEAD_KEY = Uint8Array.of(0x23, 0x68);
export const LIVE = Uint8Array.of(1);
export const TOMBSTONE = new Uint8Array(0);
/** Range-end headers kept besides those of event blocks: candidates for the common ancestor after a reorg. */
export const RECENT_HEADERS = 64;

// ==== keys ====


export const u32 = (value: number): Uint8Array => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
};

export interface Position {
  readonly block: number;
  readonly logIndex: number;
}

export const positionBytes = ({ block, logIndex }: Position): Uint8Array => concatBytes(encodeUint64(block), u32(logIndex));
export const positionOf = (key: Uint8Array, offset: number): Position => ({
  block: decodeUint64(key, offset),
  logIndex: new DataView(key.buffer, key.byteOffset + offset + 8, 4).getUint32(0),
});

export const eventKey = (p: Position): Uint8Array => concatBytes(Uint8Array.of(EVENT), positionBytes(p));
export const headerKey = (block: number): Uint8Array => concatBytes(Uint8Array.of(HEADER), encodeUint64(block));

export function subjectPrefix({ kind, id }: Subject): Uint8Array {
  const code = SUBJECT_KINDS[kind];
  if (code === undefined) throw new TdlError("MALFORMED_INPUT", `"${String(kind)}" is not a subject kind`);
  const idBytes = Buffer.from(id, "utf8");
  if (idBytes.length === 0 || idBytes.length > 255) throw new TdlError("MALFORMED_INPUT", `a ${kind} id must be 1..255 bytes`);
  return concatBytes(Uint8Array.of(SUBJECT, code, idBytes.length), idBytes);
}
export const subjectKey = (subject: Subject, p: Position): Uint8Array => concatBytes(subjectPrefix(subject), positionBytes(p));

/** The first key after every key that starts with `prefix`. */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const end = prefix.slice();
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.slice(0, i + 1);
    }
  }
  throw new Error("unbounded prefix");
}

/** The first key after `key` itself (keys that extend `key` sort after it). */
export const successor = (key: Uint8Array): Uint8Array => concatBytes(key, Uint8Array.of(0));

// ==== cursors and ids ====

export const formatPosition = (p: Position): string => `${p.block}-${p.logIndex}`;

export function parsePosition(cursor: string, what: string): Position {
  const match = /^(\d{1,15})-(\d{1,10})$/.exec(cursor);
  const block = match ? Number(match[1]) : NaN;
  const logIndex = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(block) || logIndex > 0xffffffff) {
    throw new TdlError("MALFORMED_INPUT", `${what} "${cursor}" is not a cursor this node issued`, { details: { field: what } });
  }
  return { block, logIndex };
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new TdlError("MALFORMED_INPUT", `limit must be an integer in 1..${MAX_PAGE}`, { details: { field: "limit" } });
  }
  return limit;
}

// ==== values ====

export const utf8 = new TextDecoder();
export const encodeJson = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value), "utf8");
export const decodeJson = <T>(bytes: Uint8Array): T => JSON.parse(utf8.decode(bytes)) as T;

export async function* live(scan: AsyncIterable<KeyValue>): AsyncGenerator<KeyValue> {
  for await (const pair of scan) if (pair[1].length > 0) yield pair;
}

export async function firstLive(scan: AsyncIterable<KeyValue>): Promise<KeyValue | undefined> {
  for await (const pair of live(scan)) return pair;
  return undefined;
}

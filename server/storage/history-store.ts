import { TdlError } from "../errors";
import type { KeyValue, KeyValuePort } from "./key-value-port";
import { decodeUint64, encodeUint64 } from "./keys";
import { openLevelPort } from "./level-port";
import { createMemoryPort } from "./memory-port";

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

const EVENT = 0x20;
const SUBJECT = 0x21;
const HEADER = 0x22;
const HEAD_KEY = Uint8Array.of(0x23, 0x68);
const LIVE = Uint8Array.of(1);
const TOMBSTONE = new Uint8Array(0);
/** Range-end headers kept besides those of event blocks: candidates for the common ancestor after a reorg. */
const RECENT_HEADERS = 64;

/** Kinds of things a history can be about. The code of each kind is part of the key layout: append only. */
export const SUBJECT_KINDS = {
  organization: 1,
  key: 2,
  grant: 3,
  resource: 4,
  product: 5,
  application: 6,
  qualification: 7,
  log: 8,
  decision: 9,
  incident: 10,
  order: 11,
  evaluation: 12,
} as const;
export type SubjectKind = keyof typeof SUBJECT_KINDS;

export interface Subject {
  readonly kind: SubjectKind;
  /** Decimal for numeric ids, lowercase 0x-hex for addresses and hashes (see normalizeSubjectId). */
  readonly id: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface BlockHeader {
  readonly number: number;
  readonly hash: string;
  readonly parentHash: string;
  /** Block time, seconds since the epoch. */
  readonly timestamp: number;
}

/** One decoded contract event as it is kept: where it is on chain, what it says, whom it names. */
export interface ChainEvent {
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly blockTimestamp: number;
  readonly txHash: string;
  readonly txIndex: number;
  readonly logIndex: number;
  /** The contract's name in the deployments (e.g. GrantRegistry). */
  readonly contract: string;
  readonly address: string;
  readonly event: string;
  /** Arguments by name; bigints as decimal strings, bytes as 0x-hex, structs as objects. */
  readonly args: { readonly [name: string]: JsonValue };
  readonly subjects: readonly Subject[];
}

/** A block and its events (in log order), written together. */
export interface IndexedBlock {
  readonly header: BlockHeader;
  readonly events: readonly ChainEvent[];
}

export interface HistoryPage {
  /** Newest first. */
  readonly events: ChainEvent[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  readonly next?: string;
}

export interface FeedPage {
  /** In chain order. */
  readonly events: ChainEvent[];
  /** Pass back as `after` to resume; the position of the last event returned, or the `after` given when none. */
  readonly cursor?: string;
  /** The indexed head when the page was read: a consumer is caught up when `events` is empty. */
  readonly head?: BlockHeader;
}

export interface RollbackReport {
  readonly fromBlock: number;
  readonly eventsRemoved: number;
  /** The head after the rollback: the newest kept header, or undefined when nothing is left. */
  readonly head?: BlockHeader;
}

export interface HistoryStore {
  /** The newest indexed block, or undefined before the first commit. */
  head(): Promise<BlockHeader | undefined>;
  /** Every kept header (recent range ends and blocks with events), newest first: candidates for a common ancestor. */
  headersDescending(): AsyncIterable<BlockHeader>;
  /** Writes the blocks' events, their headers and the new head in one batch. Blocks ascend and lie above the head. */
  commit(blocks: readonly IndexedBlock[], head: BlockHeader): Promise<void>;
  /** Removes every event and header from `fromBlock` upward in one batch (reorg repair of the index). */
  rollback(fromBlock: number): Promise<RollbackReport>;
  /** One page of a subject's history, newest first. */
  history(subject: Subject, page?: { cursor?: string; limit?: number }): Promise<HistoryPage>;
  /** How many events name `subject` (a scan of its index keys; an estimate for progress bars while indexing goes on). */
  count(subject: Subject): Promise<number>;
  /** Every event in chain order after the position `after`: resumable without gaps or duplicates. */
  feed(page?: { after?: string; limit?: number }): Promise<FeedPage>;
  close(): Promise<void>;
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

// ==== keys ====

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const u32 = (value: number): Uint8Array => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
};

interface Position {
  readonly block: number;
  readonly logIndex: number;
}

const positionBytes = ({ block, logIndex }: Position): Uint8Array => concat(encodeUint64(block), u32(logIndex));
const positionOf = (key: Uint8Array, offset: number): Position => ({
  block: decodeUint64(key, offset),
  logIndex: new DataView(key.buffer, key.byteOffset + offset + 8, 4).getUint32(0),
});

const eventKey = (p: Position): Uint8Array => concat(Uint8Array.of(EVENT), positionBytes(p));
const headerKey = (block: number): Uint8Array => concat(Uint8Array.of(HEADER), encodeUint64(block));

function subjectPrefix({ kind, id }: Subject): Uint8Array {
  const code = SUBJECT_KINDS[kind];
  if (code === undefined) throw new TdlError("MALFORMED_INPUT", `"${String(kind)}" is not a subject kind`);
  const idBytes = Buffer.from(id, "utf8");
  if (idBytes.length === 0 || idBytes.length > 255) throw new TdlError("MALFORMED_INPUT", `a ${kind} id must be 1..255 bytes`);
  return concat(Uint8Array.of(SUBJECT, code, idBytes.length), idBytes);
}
const subjectKey = (subject: Subject, p: Position): Uint8Array => concat(subjectPrefix(subject), positionBytes(p));

/** The first key after every key that starts with `prefix`. */
function prefixEnd(prefix: Uint8Array): Uint8Array {
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
const successor = (key: Uint8Array): Uint8Array => concat(key, Uint8Array.of(0));

// ==== cursors and ids ====

const formatPosition = (p: Position): string => `${p.block}-${p.logIndex}`;

function parsePosition(cursor: string, what: string): Position {
  const match = /^(\d{1,15})-(\d{1,10})$/.exec(cursor);
  const block = match ? Number(match[1]) : NaN;
  const logIndex = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(block) || logIndex > 0xffffffff) {
    throw new TdlError("MALFORMED_INPUT", `${what} "${cursor}" is not a cursor this node issued`, { details: { field: what } });
  }
  return { block, logIndex };
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new TdlError("MALFORMED_INPUT", `limit must be an integer in 1..${MAX_PAGE}`, { details: { field: "limit" } });
  }
  return limit;
}

/** Canonical id text: decimal for numbers (no leading zeros), lowercase for 0x-hex. */
export function normalizeSubjectId(id: string): string {
  const text = id.trim();
  if (/^\d+$/.test(text)) return BigInt(text).toString();
  if (/^0x[0-9a-fA-F]*$/.test(text)) return text.toLowerCase();
  return text;
}

export function isSubjectKind(kind: string): kind is SubjectKind {
  return Object.prototype.hasOwnProperty.call(SUBJECT_KINDS, kind);
}

// ==== values ====

const utf8 = new TextDecoder();
const encodeJson = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value), "utf8");
const decodeJson = <T>(bytes: Uint8Array): T => JSON.parse(utf8.decode(bytes)) as T;

interface HeadState {
  readonly head: BlockHeader | null;
  /** Range-end headers, newest first. */
  readonly recent: BlockHeader[];
}

async function* live(scan: AsyncIterable<KeyValue>): AsyncGenerator<KeyValue> {
  for await (const pair of scan) if (pair[1].length > 0) yield pair;
}

async function firstLive(scan: AsyncIterable<KeyValue>): Promise<KeyValue | undefined> {
  for await (const pair of live(scan)) return pair;
  return undefined;
}

/** The history index over any key-value port; the port is closed with the store. */
export function openHistoryStore(port: KeyValuePort): HistoryStore {
  // Writes (commit, rollback) run one after another; reads may run alongside.
  let writing: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = writing.then(work, work);
    writing = run.catch(() => undefined);
    return run;
  };

  async function put(pairs: KeyValue[]): Promise<void> {
    try {
      await port.putAll(pairs);
    } catch (cause) {
      throw new TdlError("STORAGE_FAILURE", "cannot write to the history index", { cause });
    }
  }

  async function headState(): Promise<HeadState> {
    const [bytes] = await port.getMany([HEAD_KEY]);
    return bytes && bytes.length > 0 ? decodeJson<HeadState>(bytes) : { head: null, recent: [] };
  }

  async function eventsAt(positions: Position[]): Promise<ChainEvent[]> {
    const values = await port.getMany(positions.map(eventKey));
    return values.filter((v): v is Uint8Array => v !== undefined && v.length > 0).map((v) => decodeJson<ChainEvent>(v));
  }

  return {
    async head() {
      return (await headState()).head ?? undefined;
    },

    async *headersDescending() {
      const { head, recent } = await headState();
      const kept = [...(head ? [head] : []), ...recent];
      let below = Infinity;
      const emit = (header: BlockHeader): boolean => {
        if (header.number >= below) return false;
        below = header.number;
        return true;
      };
      let k = 0;
      for await (const [, value] of live(port.scan({ gte: Uint8Array.of(HEADER), lt: Uint8Array.of(HEADER + 1), reverse: true }))) {
        const stored = decodeJson<BlockHeader>(value);
        while (k < kept.length && kept[k].number >= stored.number) {
          if (emit(kept[k])) yield kept[k];
          k++;
        }
        if (emit(stored)) yield stored;
      }
      for (; k < kept.length; k++) if (emit(kept[k])) yield kept[k];
    },

    commit(blocks, head) {
      return serial(async () => {
        const state = await headState();
        let last = state.head?.number ?? -1;
        const pairs: KeyValue[] = [];
        for (const { header, events } of blocks) {
          if (header.number <= last) {
            throw new TdlError("OUT_OF_RANGE", `block ${header.number} is not above the indexed head ${last}`);
          }
          last = header.number;
          if (events.length === 0) continue;
          pairs.push([headerKey(header.number), encodeJson(header)]);
          for (const event of events) {
            if (event.blockNumber !== header.number || event.blockHash !== header.hash) {
              throw new TdlError("MALFORMED_INPUT", `event ${event.event} at ${event.blockNumber}/${event.logIndex} is not of block ${header.number} ${header.hash}`);
            }
            const position = { block: event.blockNumber, logIndex: event.logIndex };
            pairs.push([eventKey(position), encodeJson(event)]);
            for (const subject of event.subjects) pairs.push([subjectKey(subject, position), LIVE]);
          }
        }
        if (head.number < last) throw new TdlError("OUT_OF_RANGE", `the new head ${head.number} is below block ${last}`);
        const recent = [head, ...state.recent.filter((h) => h.number < head.number)].slice(0, RECENT_HEADERS);
        pairs.push([HEAD_KEY, encodeJson({ head, recent } satisfies HeadState)]);
        await put(pairs);
      });
    },

    rollback(fromBlock) {
      return serial(async () => {
        if (!Number.isSafeInteger(fromBlock) || fromBlock < 0) throw new TdlError("OUT_OF_RANGE", `cannot roll back from block ${fromBlock}`);
        const pairs: KeyValue[] = [];
        let eventsRemoved = 0;
        for await (const [key, value] of live(port.scan({ gte: eventKey({ block: fromBlock, logIndex: 0 }), lt: Uint8Array.of(EVENT + 1) }))) {
          const event = decodeJson<ChainEvent>(value);
          const position = positionOf(key, 1);
          pairs.push([key, TOMBSTONE]);
          for (const subject of event.subjects) pairs.push([subjectKey(subject, position), TOMBSTONE]);
          eventsRemoved++;
        }
        for await (const [key] of live(port.scan({ gte: headerKey(fromBlock), lt: Uint8Array.of(HEADER + 1) }))) pairs.push([key, TOMBSTONE]);

        const state = await headState();
        const recent = state.recent.filter((h) => h.number < fromBlock);
        const kept = await firstLive(port.scan({ gte: Uint8Array.of(HEADER), lt: headerKey(fromBlock), reverse: true }));
        const candidates = [...recent, ...(kept ? [decodeJson<BlockHeader>(kept[1])] : [])];
        const head = candidates.reduce<BlockHeader | null>((best, h) => (best === null || h.number > best.number ? h : best), null);
        pairs.push([HEAD_KEY, encodeJson({ head, recent } satisfies HeadState)]);
        await put(pairs);
        return { fromBlock, eventsRemoved, head: head ?? undefined };
      });
    },

    async history(subject, { cursor, limit } = {}) {
      const max = pageLimit(limit);
      const prefix = subjectPrefix(subject);
      const lt = cursor === undefined ? prefixEnd(prefix) : concat(prefix, positionBytes(parsePosition(cursor, "cursor")));
      const positions: Position[] = [];
      for await (const [key] of live(port.scan({ gte: prefix, lt, reverse: true }))) {
        positions.push(positionOf(key, prefix.length));
        if (positions.length > max) break;
      }
      const more = positions.length > max;
      const events = await eventsAt(positions.slice(0, max));
      const last = events.at(-1);
      return { events, next: more && last ? formatPosition({ block: last.blockNumber, logIndex: last.logIndex }) : undefined };
    },

    async count(subject) {
      const prefix = subjectPrefix(subject);
      let n = 0;
      for await (const _ of live(port.scan({ gte: prefix, lt: prefixEnd(prefix) }))) n++;
      return n;
    },

    async feed({ after, limit } = {}) {
      const max = pageLimit(limit);
      const gte = after === undefined ? Uint8Array.of(EVENT) : successor(eventKey(parsePosition(after, "after")));
      const events: ChainEvent[] = [];
      for await (const [, value] of live(port.scan({ gte, lt: Uint8Array.of(EVENT + 1) }))) {
        events.push(decodeJson<ChainEvent>(value));
        if (events.length >= max) break;
      }
      const last = events.at(-1);
      const head = (await headState()).head ?? undefined;
      return { events, cursor: last ? formatPosition({ block: last.blockNumber, logIndex: last.logIndex }) : after, head };
    },

    close: () => port.close(),
  };
}

/** The history index in LevelDB under `dir`. */
export async function createLevelHistoryStore(dir: string): Promise<HistoryStore> {
  return openHistoryStore(await openLevelPort(dir));
}

/** The same index held in memory: for tests and tools. */
export function createMemoryHistoryStore(): HistoryStore {
  return openHistoryStore(createMemoryPort());
}

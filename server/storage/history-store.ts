import { TdlError } from "../errors";
import { concatBytes } from "../log/bytes";
import type { KeyValue, KeyValuePort } from "./key-value-port";
import { openLevelPort } from "./level-port";
import { createMemoryPort } from "./memory-port";
import { decodeJson, encodeJson, EVENT, eventKey, firstLive, formatPosition, HEAD_KEY, HEADER, headerKey, LIVE, live, pageLimit, parsePosition, positionBytes, positionOf, prefixEnd, RECENT_HEADERS, subjectKey, subjectPrefix, successor, TOMBSTONE, type Position } from "./history-keys";
import { type BlockHeader, type ChainEvent, type HistoryStore } from "./history-types";

/* The audit index of chain events over a key-value port: the key layout is in history-keys.ts. */

export * from "./history-types";

interface HeadState {
  readonly head: BlockHeader | null;
  /** Range-end headers, newest first. */
  readonly recent: BlockHeader[];
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
      const lt = cursor === undefined ? prefixEnd(prefix) : concatBytes(prefix, positionBytes(parsePosition(cursor, "cursor")));
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

import type { ChainHead, LedgerEventBatch } from "./reader";

/**
 * The chain reads behind decisions, kept while they are known to be current.
 *
 * An entry is served only while the chain state it reflects was confirmed unchanged within the last
 * `maxStalenessMs`: either it was read that recently, or a later event poll covering its block found
 * no ledger event. Any event drops every entry read before the event's block (events are rare
 * governance actions, so dropping all is cheap and never wrong); a reorg drops everything. Entries
 * may also carry a chain-time limit (a grant's term end) past which they are never served.
 *
 * A read that was in flight while an invalidation arrived is used for its own decision but not kept:
 * it may predate the event.
 */

export interface CachedHead extends ChainHead {
  /** Local ms when this head was last read (or confirmed by a poll). */
  readonly observedAt: number;
  /** Local ms when this block was first seen: the chain time is run forward from here. */
  readonly firstSeenAt: number;
}

interface Entry {
  readonly value: unknown;
  /** A lower bound of the block the read saw (the head known when it started). */
  readonly blockNumber: number;
  readonly fetchedAt: number;
  /** Chain seconds after which the entry is not served (inclusive bound), if any. */
  readonly validThrough?: number;
}

export interface ReadCacheOptions {
  readonly now: () => number;
  readonly maxStalenessMs: number;
  readonly maxEntries: number;
}

export interface ReadCacheStats {
  readonly entries: number;
  readonly hits: number;
  readonly misses: number;
  readonly invalidations: number;
  /** Local ms of the freshest successful chain contact (read or poll), or null before the first. */
  readonly lastChainContact: number | null;
  /** The last block an event poll covered, or null when no poll has reported. */
  readonly eventsThroughBlock: number | null;
}

export interface ReadCache {
  /** Applies one event poll: invalidates, confirms, and takes its head. */
  applyBatch(batch: LedgerEventBatch): void;
  /** The newest head known, fresh or not. */
  head(): CachedHead | undefined;
  recordHead(head: ChainHead, observedAt: number): void;
  /** The freshest successful chain contact noted here (local ms). */
  noteContact(at: number): void;
  lastContact(): number | null;
  /** A current entry's value, or undefined. `chainTime` checks entries' term limits. */
  get<T>(key: string, chainTime: number): { value: T } | undefined;
  /**
   * Reads through `load`, sharing a read already in flight for the same key. `validThrough` computes
   * an entry's chain-time limit from its value (undefined: none).
   */
  load<T>(key: string, load: () => Promise<T>, validThrough?: (value: T) => number | undefined): Promise<T>;
  clear(): void;
  stats(): ReadCacheStats;
}

export function createReadCache({ now, maxStalenessMs, maxEntries }: ReadCacheOptions): ReadCache {
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<unknown>>();
  let head: CachedHead | undefined;
  let coveredThrough = -1;
  let confirmedAt = Number.NEGATIVE_INFINITY;
  let generation = 0;
  let contact: number | null = null;
  let hits = 0;
  let misses = 0;
  let invalidations = 0;

  const noteContact = (at: number) => {
    if (contact === null || at > contact) contact = at;
  };

  const freshAt = (entry: Entry) => (coveredThrough >= entry.blockNumber ? Math.max(entry.fetchedAt, confirmedAt) : entry.fetchedAt);

  function invalidated() {
    generation++;
    invalidations++;
    // reads already in flight may predate the change: later callers start their own
    inFlight.clear();
  }

  function invalidateBefore(block: number) {
    invalidated();
    for (const [key, entry] of entries) if (entry.blockNumber < block) entries.delete(key);
  }

  function store(key: string, entry: Entry) {
    entries.delete(key);
    entries.set(key, entry);
    // Map iteration is insertion order: the first keys are the longest unrefreshed.
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  }

  /**
   * When a block was first seen: seeing the same block again (an idle chain mines none) must not
   * reset it, or the chain time run forward from it would stand still.
   */
  const firstSeen = (number: number, timestamp: number, observedAt: number): number =>
    head !== undefined && head.number === number && head.timestamp === timestamp ? Math.min(head.firstSeenAt, observedAt) : observedAt;

  return {
    applyBatch(batch) {
      noteContact(batch.observedAt);
      if (batch.reorg) {
        invalidated();
        entries.clear();
        coveredThrough = batch.toBlock;
      } else {
        if (batch.events.length > 0) invalidateBefore(Math.max(...batch.events.map((e) => e.blockNumber)));
        coveredThrough = Math.max(coveredThrough, batch.toBlock);
      }
      if (head === undefined || batch.reorg || batch.observedAt >= head.observedAt) {
        head = { number: batch.toBlock, timestamp: batch.toBlockTime, observedAt: batch.observedAt, firstSeenAt: firstSeen(batch.toBlock, batch.toBlockTime, batch.observedAt) };
      }
      confirmedAt = Math.max(confirmedAt, batch.observedAt);
    },
    head: () => head,
    recordHead(next, observedAt) {
      noteContact(observedAt);
      if (head === undefined || observedAt >= head.observedAt) {
        head = { number: next.number, timestamp: next.timestamp, hash: next.hash, observedAt, firstSeenAt: firstSeen(next.number, next.timestamp, observedAt) };
      }
    },
    noteContact,
    lastContact: () => contact,
    get<T>(key: string, chainTime: number) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (now() - freshAt(entry) > maxStalenessMs || (entry.validThrough !== undefined && chainTime > entry.validThrough)) {
        entries.delete(key);
        return undefined;
      }
      hits++;
      return { value: entry.value as T };
    },
    load<T>(key: string, load: () => Promise<T>, validThrough?: (value: T) => number | undefined): Promise<T> {
      const pending = inFlight.get(key);
      if (pending !== undefined) return pending as Promise<T>;
      misses++;
      const startedGeneration = generation;
      const blockNumber = head?.number ?? 0;
      const fetchedAt = now();
      const promise = load().then(
        (value) => {
          if (inFlight.get(key) === promise) inFlight.delete(key);
          noteContact(fetchedAt);
          if (generation === startedGeneration) store(key, { value, blockNumber, fetchedAt, validThrough: validThrough?.(value) });
          return value;
        },
        (error: unknown) => {
          if (inFlight.get(key) === promise) inFlight.delete(key);
          throw error;
        },
      );
      inFlight.set(key, promise);
      return promise;
    },
    clear() {
      invalidated();
      entries.clear();
    },
    stats: () => ({
      entries: entries.size,
      hits,
      misses,
      invalidations,
      lastChainContact: contact,
      eventsThroughBlock: coveredThrough < 0 ? null : coveredThrough,
    }),
  };
}

/*
 * What the audit index of chain events holds and answers: subjects, events with their block, pages of a
 * history and of the sync feed, and the store's interface (history-store.ts implements it).
 */

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

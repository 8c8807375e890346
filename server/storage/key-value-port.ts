/**
 * The little a log store needs from a key-value database. LevelDB and the in-memory twin both
 * provide it, so the log logic is written once over it. There is no delete: the log is append-only.
 */
export type KeyValue = readonly [key: Uint8Array, value: Uint8Array];

export interface KeyRange {
  readonly gte: Uint8Array;
  readonly lt: Uint8Array;
  readonly reverse?: boolean;
  readonly limit?: number;
}

export interface KeyValuePort {
  /** Values in the order of `keys`; undefined where a key is absent. */
  getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]>;
  /** Writes every pair or none, and resolves only once they are durable (fsync). */
  putAll(pairs: readonly KeyValue[]): Promise<void>;
  /** Pairs with gte <= key < lt in key order (descending if `reverse`), at most `limit` of them. */
  scan(range: KeyRange): AsyncIterable<KeyValue>;
  close(): Promise<void>;
}

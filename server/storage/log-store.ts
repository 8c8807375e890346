import { TdlError } from "../errors";
import {
  appendLeaf,
  borderNodeIds,
  consistencyNodes,
  coverage,
  EMPTY_BORDER,
  inclusionNodes,
  parseCheckpoint,
  parseNote,
  rehash,
  rootFromBorder,
  type Hasher,
  type NodeID,
  type RightBorder,
} from "../log";
import type { KeyValue, KeyValuePort } from "./key-value-port";
import {
  CHECKPOINT_RANGE,
  checkpointKey,
  checkpointSizeOf,
  decodeUint64,
  encodeUint64,
  entryKey,
  HASHER_KEY,
  SIZE_KEY,
} from "./keys";
import { decodeLeafRecord, encodeLeafRecord, recordIndexOf } from "./leaf-record";

export interface AppendReceipt {
  readonly index: number;
  readonly leafHash: Uint8Array;
}

export interface StoredCheckpoint {
  readonly size: number;
  /** The signed note text, as the anchorer signed it. */
  readonly note: string;
}

/**
 * The access log on disk: entries, leaf hashes and the hash of every perfect subtree, so a proof
 * or an old root costs O(log n) reads and never a rebuild. Append-only: nothing here updates or
 * deletes. Sizes and indices are plain numbers, checked on the way in.
 */
export interface LogStore {
  readonly hasher: Hasher;
  /** The durable size: entries whose append has been acknowledged. */
  size(): Promise<number>;
  /**
   * Appends the entries in one durable batch (leaves, new tree nodes and the new size together)
   * and resolves with their indices once the batch is on disk. Calls run one after another; a
   * failed batch rejects with STORAGE_FAILURE and leaves the log as it was.
   */
  append(entries: readonly Uint8Array[]): Promise<AppendReceipt[]>;
  getEntry(index: number): Promise<Uint8Array>;
  /** Up to `count` entries from `start`, stopping at the durable size. */
  getEntries(start: number, count: number): Promise<Uint8Array[]>;
  getLeafHash(index: number): Promise<Uint8Array>;
  /** Hashes of perfect subtrees that are complete at the durable size. */
  getNodes(ids: readonly NodeID[]): Promise<Uint8Array[]>;
  /** The root at `size` (default: the durable size), for any size up to the durable one. */
  root(size?: number): Promise<Uint8Array>;
  inclusionProof(index: number, size: number): Promise<Uint8Array[]>;
  consistencyProof(size1: number, size2: number): Promise<Uint8Array[]>;
  /**
   * Keeps a signed checkpoint of this log. Refuses one whose size or root the log does not have,
   * and refuses to replace a different one already kept for that size.
   */
  putCheckpoint(size: number, note: string): Promise<void>;
  getCheckpoint(size: number): Promise<string>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** Every kept checkpoint, by increasing size. */
  checkpoints(): AsyncIterable<StoredCheckpoint>;
  close(): Promise<void>;
}

export interface LogStoreOptions {
  readonly hasher: Hasher;
}

function requireUint(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new TdlError("MALFORMED_INPUT", `${name} must be a non-negative safe integer, got ${String(value)}`);
  }
}

function requireWithin(name: string, value: number, size: number): void {
  if (value > size) throw new TdlError("OUT_OF_RANGE", `${name} ${value} is beyond the log's size ${size}`);
}

function storageFailure(message: string, cause?: unknown, index?: number): TdlError {
  return new TdlError("STORAGE_FAILURE", message, { cause, details: index === undefined ? undefined : { index } });
}

/** A rejection handler that passes TdlErrors on and wraps anything else (a database error) as STORAGE_FAILURE. */
function asStorageFailure(message: string): (cause: unknown) => never {
  return (cause) => {
    throw cause instanceof TdlError ? cause : storageFailure(message, cause);
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "utf8"));
const fromUtf8 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");

/** Reads the durable size and right border back from the database (after open or a failed batch). */
async function readBorder(port: KeyValuePort, hasher: Hasher): Promise<RightBorder> {
  const [sizeBytes, hasherName] = await port.getMany([SIZE_KEY, HASHER_KEY]);
  if (hasherName !== undefined && fromUtf8(hasherName) !== hasher.name) {
    throw new TdlError("CONFIG_INVALID", `the log was built with ${fromUtf8(hasherName)}, not ${hasher.name}`);
  }
  const size = sizeBytes === undefined ? 0 : decodeUint64(sizeBytes);
  return { size, hashes: await readNodes(port, hasher, borderNodeIds(size)) };
}

/** Node hashes out of the leaf records that hold them, one read per distinct record. */
async function readNodes(port: KeyValuePort, hasher: Hasher, ids: readonly NodeID[]): Promise<Uint8Array[]> {
  const recordIndices = [...new Set(ids.map(recordIndexOf))];
  const records = await port.getMany(recordIndices.map(entryKey));
  const byIndex = new Map(recordIndices.map((index, i) => [index, records[i]]));
  return ids.map((id) => {
    const index = recordIndexOf(id);
    const record = byIndex.get(index);
    if (record === undefined) {
      throw storageFailure(`node (${id.level}, ${id.index}) is missing: there is no record of entry ${index}`, undefined, index);
    }
    return decodeLeafRecord(index, record, hasher.size).hashes[id.level];
  });
}

/** Opens the log kept in `port`, recovering its size and right border. The one log store logic. */
export async function openLogStore(port: KeyValuePort, { hasher }: LogStoreOptions): Promise<LogStore> {
  let border = await readBorder(port, hasher).catch(asStorageFailure("cannot read the log's size and right border"));
  if (border.size === 0) {
    await port.putAll([[HASHER_KEY, utf8(hasher.name)]]).catch(asStorageFailure("cannot initialise the log"));
  }
  // After a failed batch the disk may hold more than we think; re-read it before the next write.
  let borderIsStale = false;
  // Appends and checkpoint writes run one at a time, each from the state the previous one left.
  let writes: Promise<unknown> = Promise.resolve();

  function serialized<T>(write: () => Promise<T>): Promise<T> {
    const result = writes.then(write);
    writes = result.catch(() => undefined);
    return result;
  }

  async function writeBatch(entries: readonly Uint8Array[]): Promise<AppendReceipt[]> {
    if (borderIsStale) {
      border = await readBorder(port, hasher).catch(asStorageFailure("cannot re-read the log after a failed write"));
      borderIsStale = false;
    }
    let next = border;
    const pairs: KeyValue[] = [];
    const receipts: AppendReceipt[] = [];
    for (const entry of entries) {
      const leafHash = hasher.hashLeaf(entry);
      receipts.push({ index: next.size, leafHash });
      const step = appendLeaf(hasher, next, leafHash);
      pairs.push([entryKey(next.size), encodeLeafRecord(step.completed.map((node) => node.hash), entry)]);
      next = step.border;
    }
    pairs.push([SIZE_KEY, encodeUint64(next.size)]);
    try {
      await port.putAll(pairs);
    } catch (cause) {
      borderIsStale = true;
      throw storageFailure(`writing entries ${border.size}..${next.size - 1} failed`, cause);
    }
    border = next;
    return receipts;
  }

  async function getNodes(ids: readonly NodeID[]): Promise<Uint8Array[]> {
    for (const id of ids) requireWithin(`node (${id.level}, ${id.index}) ending at`, coverage(id)[1], border.size);
    return readNodes(port, hasher, ids);
  }

  async function getEntries(start: number, count: number): Promise<Uint8Array[]> {
    requireUint("start", start);
    requireUint("count", count);
    if (start >= border.size && count > 0) throw new TdlError("NOT_FOUND", `no entry ${start}: the log has ${border.size}`);
    const end = Math.min(start + count, border.size);
    const indices = Array.from({ length: end - start }, (_, i) => start + i);
    const records = await port.getMany(indices.map(entryKey));
    return records.map((record, i) => {
      if (record === undefined) throw storageFailure(`entry ${indices[i]} is missing below the durable size`, undefined, indices[i]);
      return decodeLeafRecord(indices[i], record, hasher.size).entry;
    });
  }

  async function root(size = border.size): Promise<Uint8Array> {
    requireUint("size", size);
    requireWithin("size", size, border.size);
    if (size === border.size) return rootFromBorder(hasher, border);
    return rootFromBorder(hasher, { size, hashes: await getNodes(borderNodeIds(size)) });
  }

  async function putCheckpoint(size: number, note: string): Promise<void> {
    requireUint("size", size);
    const checkpoint = parseCheckpoint(parseNote(note).text, hasher.size);
    if (checkpoint.size !== size) {
      throw new TdlError("MALFORMED_INPUT", `the checkpoint is for size ${checkpoint.size}, not ${size}`);
    }
    await serialized(async () => {
      requireWithin("checkpoint size", size, border.size);
      if (!sameBytes(checkpoint.root, await root(size))) {
        throw new TdlError("ROOT_MISMATCH", `the checkpoint's root is not the log's root at size ${size}`);
      }
      const [kept] = await port.getMany([checkpointKey(size)]);
      if (kept !== undefined) {
        if (fromUtf8(kept) === note) return;
        throw new TdlError("MALFORMED_INPUT", `another checkpoint is already kept for size ${size}; checkpoints are never replaced`);
      }
      await port.putAll([[checkpointKey(size), utf8(note)]]).catch(asStorageFailure(`writing the checkpoint for size ${size} failed`));
    });
  }

  async function* checkpointsIn(reverse: boolean, limit?: number): AsyncIterable<StoredCheckpoint> {
    for await (const [key, value] of port.scan({ ...CHECKPOINT_RANGE, reverse, limit })) {
      yield { size: checkpointSizeOf(key), note: fromUtf8(value) };
    }
  }

  return {
    hasher,
    size: async () => border.size,

    append(entries) {
      if (!Array.isArray(entries) || !entries.every((entry) => entry instanceof Uint8Array)) {
        return Promise.reject(new TdlError("MALFORMED_INPUT", "entries must be an array of byte arrays"));
      }
      if (entries.length === 0) return Promise.resolve([]);
      return serialized(() => writeBatch(entries));
    },

    async getEntry(index) {
      return (await getEntries(index, 1))[0];
    },
    getEntries,

    async getLeafHash(index) {
      requireUint("index", index);
      if (index >= border.size) throw new TdlError("NOT_FOUND", `no entry ${index}: the log has ${border.size}`);
      return (await getNodes([{ level: 0, index }]))[0];
    },

    getNodes,
    root,

    async inclusionProof(index, size) {
      requireUint("size", size);
      requireWithin("size", size, border.size);
      const nodes = inclusionNodes(index, size);
      return rehash(nodes, await getNodes(nodes.ids), hasher);
    },

    async consistencyProof(size1, size2) {
      requireUint("size2", size2);
      requireWithin("size2", size2, border.size);
      const nodes = consistencyNodes(size1, size2);
      return rehash(nodes, await getNodes(nodes.ids), hasher);
    },

    putCheckpoint,

    async getCheckpoint(size) {
      requireUint("size", size);
      const [note] = await port.getMany([checkpointKey(size)]);
      if (note === undefined) throw new TdlError("NOT_FOUND", `no checkpoint is kept for size ${size}`);
      return fromUtf8(note);
    },

    async latestCheckpoint() {
      for await (const checkpoint of checkpointsIn(true, 1)) return checkpoint;
      return undefined;
    },

    checkpoints: () => checkpointsIn(false),

    async close() {
      await writes;
      await port.close();
    },
  };
}

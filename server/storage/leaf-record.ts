import { TdlError } from "../errors";
import type { NodeID } from "../log";

/*
 * The value stored for entry i: [hash count u8] [hashes] [entry bytes]. The hashes are those of
 * the perfect subtrees whose last leaf is i, lowest first: the leaf hash (level 0), then one per
 * trailing one bit of i. Every perfect subtree ends at exactly one leaf, so node (level, index)
 * is slot `level` of the record of leaf (index + 1) * 2^level - 1.
 */

/** Index of the leaf whose record holds node `id`. */
export function recordIndexOf(id: NodeID): number {
  return (id.index + 1) * 2 ** id.level - 1;
}

/** How many hashes the record of leaf `index` holds: 1 + its count of trailing one bits. */
export function hashCountAt(index: number): number {
  let count = 1;
  for (let rest = index; rest % 2 === 1; rest = Math.floor(rest / 2)) count++;
  return count;
}

export function encodeLeafRecord(hashes: readonly Uint8Array[], entry: Uint8Array): Uint8Array {
  const hashBytes = hashes.reduce((sum, hash) => sum + hash.length, 0);
  const record = new Uint8Array(1 + hashBytes + entry.length);
  record[0] = hashes.length;
  let offset = 1;
  for (const hash of hashes) {
    record.set(hash, offset);
    offset += hash.length;
  }
  record.set(entry, offset);
  return record;
}

export interface LeafRecord {
  readonly hashes: readonly Uint8Array[];
  readonly entry: Uint8Array;
}

/** Splits a stored record, refusing one whose shape does not fit its index (a damaged store). */
export function decodeLeafRecord(index: number, record: Uint8Array, hashSize: number): LeafRecord {
  const count = record[0];
  if (count !== hashCountAt(index) || record.length < 1 + count * hashSize) {
    throw new TdlError("STORAGE_FAILURE", `the record of entry ${index} is damaged: it should hold ${hashCountAt(index)} hashes`, {
      details: { index },
    });
  }
  const hashes = Array.from({ length: count }, (_, i) => record.subarray(1 + i * hashSize, 1 + (i + 1) * hashSize));
  return { hashes, entry: record.subarray(1 + count * hashSize) };
}

/** Where node `id` sits: the leaf record's index and the byte offset of its hash in that record. */
export function nodeLocation(id: NodeID, hashSize: number): { recordIndex: number; offset: number } {
  return { recordIndex: recordIndexOf(id), offset: 1 + id.level * hashSize };
}

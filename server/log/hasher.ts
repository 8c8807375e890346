import { sha256 } from "./primitives";

/**
 * The tree's hash function, passed to every function that hashes (never a global) so a log can
 * run with another hash, such as SM3, without touching the proof code.
 */
export interface Hasher {
  /** Identifies the hash in checkpoints and storage metadata, e.g. "rfc6962-sha256". */
  readonly name: string;
  /** Length of every hash in bytes. */
  readonly size: number;
  hashLeaf(data: Uint8Array): Uint8Array;
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
  /** Root of the tree with no leaves. */
  emptyRoot(): Uint8Array;
}

// RFC 6962 section 2.1: domain separation bytes keep a leaf from ever hashing like a node.
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export const rfc6962Sha256: Hasher = Object.freeze({
  name: "rfc6962-sha256",
  size: 32,
  hashLeaf: (data: Uint8Array) => sha256(LEAF_PREFIX, data),
  hashChildren: (left: Uint8Array, right: Uint8Array) => sha256(NODE_PREFIX, left, right),
  emptyRoot: () => sha256(),
});

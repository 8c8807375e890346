/**
 * RFC 6962 trees for contract tests and the anchoring gas benchmark. Proof node ids and their
 * rehashing come from the node's own pure log code (`server/log`); this file only supplies the
 * hashes of perfect subtrees, either from explicit leaves or from a synthetic tree of identical
 * leaves (where every perfect subtree of a level has the same hash, so a 1e9-leaf tree is cheap).
 */
import { consistencyNodes, inclusionNodes, rangeNodes, rehash, rfc6962Sha256, type NodeID } from "../../../server/log";

export const hasher = rfc6962Sha256;

/** Hash of the perfect subtree `id`; only asked for subtrees inside the tree at hand. */
export type SubtreeHashes = (id: NodeID) => Uint8Array;

export const toHex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString("hex")}`;

/** A tree over explicit leaf hashes, every level kept in one buffer (1e6 leaves: ~64 MB, ~2 s). */
export function treeOfLeafHashes(leafHashes: readonly Uint8Array[]): SubtreeHashes {
  const levels: Buffer[] = [Buffer.concat(leafHashes.map((h) => Buffer.from(h)))];
  for (let count = leafHashes.length; count > 1; count = Math.floor(count / 2)) {
    const below = levels[levels.length - 1];
    const level = Buffer.alloc(Math.floor(count / 2) * 32);
    for (let i = 0; 2 * i + 1 < count; i++) {
      const node = hasher.hashChildren(below.subarray(64 * i, 64 * i + 32), below.subarray(64 * i + 32, 64 * i + 64));
      level.set(node, 32 * i);
    }
    levels.push(level);
  }
  return ({ level, index }) => {
    const hash = levels[level]?.subarray(32 * index, 32 * index + 32);
    if (hash === undefined || hash.length !== 32) throw new Error(`no subtree (${level}, ${index})`);
    return hash;
  };
}

/** A tree whose leaves all have the same hash: one hash per level, any size up to 2^53. */
export function uniformTree(leafHash: Uint8Array): SubtreeHashes {
  const perLevel: Uint8Array[] = [leafHash];
  return ({ level }) => {
    while (perLevel.length <= level) {
      const below = perLevel[perLevel.length - 1];
      perLevel.push(hasher.hashChildren(below, below));
    }
    return perLevel[level];
  };
}

/** RFC 6962 root of the first `size` leaves (`size > 0`). */
export function rootOf(tree: SubtreeHashes, size: number): Uint8Array {
  const border = rangeNodes(0, size).map(tree);
  let root = border[border.length - 1];
  for (let i = border.length - 2; i >= 0; i--) root = hasher.hashChildren(border[i], root);
  return root;
}

export function inclusionProof(tree: SubtreeHashes, index: number, size: number): Uint8Array[] {
  const nodes = inclusionNodes(index, size);
  return rehash(nodes, nodes.ids.map(tree), hasher);
}

export function consistencyProof(tree: SubtreeHashes, size1: number, size2: number): Uint8Array[] {
  const nodes = consistencyNodes(size1, size2);
  return rehash(nodes, nodes.ids.map(tree), hasher);
}

/** A tree of `count` leaves with distinct, recognisable entries. */
export function sampleTree(count: number, label = "entry"): { leafHashes: Uint8Array[]; tree: SubtreeHashes } {
  const leafHashes = Array.from({ length: count }, (_, i) => hasher.hashLeaf(Buffer.from(`${label} ${i}`)));
  return { leafHashes, tree: treeOfLeafHashes(leafHashes) };
}

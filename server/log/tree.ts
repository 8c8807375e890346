import { shiftRight } from "./bits";
import type { Hasher } from "./hasher";
import { nodeId, rangeNodes, type NodeID } from "./nodeid";

/**
 * The right border of a tree of `size` leaves: the hashes of the perfect subtrees that together
 * cover every leaf (one per set bit of `size`), highest level first. It is all an append needs, and
 * all the root needs.
 */
export interface RightBorder {
  readonly size: number;
  readonly hashes: readonly Uint8Array[];
}

export interface TreeNode {
  readonly id: NodeID;
  readonly hash: Uint8Array;
}

export const EMPTY_BORDER: RightBorder = Object.freeze({ size: 0, hashes: Object.freeze([]) });

/** Ids of the border nodes of a tree of `size` leaves, in `RightBorder.hashes` order. */
export function borderNodeIds(size: number): NodeID[] {
  return rangeNodes(0, size);
}

/** RFC 6962 root of the tree the border covers: border hashes folded from the lowest up. */
export function rootFromBorder(hasher: Hasher, border: RightBorder): Uint8Array {
  const { hashes } = border;
  if (hashes.length === 0) return hasher.emptyRoot();
  let root = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) root = hasher.hashChildren(hashes[i], root);
  return root;
}

/**
 * Appends one leaf. Returns the new border and every perfect subtree the leaf completes (the leaf
 * itself first, then its newly complete ancestors), which storage writes with the leaf. The input
 * border is left as it was, so a failed write leaves nothing to undo.
 */
export function appendLeaf(
  hasher: Hasher,
  border: RightBorder,
  leafHash: Uint8Array,
): { border: RightBorder; completed: TreeNode[] } {
  const index = border.size;
  const hashes = border.hashes.slice();
  const completed: TreeNode[] = [{ id: nodeId(0, index), hash: leafHash }];
  let hash = leafHash;
  // Each trailing one bit of the old size is a border subtree the same height as `hash`: merge them.
  for (let level = 0; shiftRight(index, level) % 2 === 1; level++) {
    hash = hasher.hashChildren(hashes.pop() as Uint8Array, hash);
    completed.push({ id: nodeId(level + 1, shiftRight(index, level + 1)), hash });
  }
  hashes.push(hash);
  return { border: { size: index + 1, hashes }, completed };
}

/** RFC 6962 root of a list of leaf hashes. */
export function rootOfLeafHashes(hasher: Hasher, leafHashes: readonly Uint8Array[]): Uint8Array {
  let border = EMPTY_BORDER;
  for (const leafHash of leafHashes) border = appendLeaf(hasher, border, leafHash).border;
  return rootFromBorder(hasher, border);
}

import { bitLength, shiftLeft, shiftRight, trailingZeros, xor, lowBits } from "./bits";

/**
 * A node of the log's Merkle tree (transparency-dev/merkle's compact.NodeID): `level` 0 holds the
 * leaves; node (level, index) is the perfect subtree over leaves [index * 2^level, (index + 1) * 2^level).
 */
export interface NodeID {
  readonly level: number;
  readonly index: number;
}

export function nodeId(level: number, index: number): NodeID {
  return { level, index };
}

export function parentOf(id: NodeID): NodeID {
  return nodeId(id.level + 1, shiftRight(id.index, 1));
}

export function siblingOf(id: NodeID): NodeID {
  return nodeId(id.level, id.index % 2 === 0 ? id.index + 1 : id.index - 1);
}

/** The [begin, end) range of leaves under the node. */
export function coverage(id: NodeID): [number, number] {
  return [shiftLeft(id.index, id.level), shiftLeft(id.index + 1, id.level)];
}

/**
 * Splits [begin, end) into the bit masks of its left and right borders: set bit k of `left`
 * (`right`) means a perfect subtree of 2^k leaves on that border (compact.Decompose).
 */
function decompose(begin: number, end: number): [number, number] {
  if (begin === 0) return [0, end];
  const beforeBegin = begin - 1;
  // Only nodes strictly below the point where the paths to leaves begin-1 and end part are in range.
  const bits = bitLength(xor(beforeBegin, end)) - 1;
  const mask = 2 ** bits - 1;
  return [mask - lowBits(beforeBegin, bits), lowBits(end, bits)];
}

/**
 * The perfect subtrees that exactly cover [begin, end): the left border from lower to upper levels,
 * then the right border from upper to lower levels (compact.RangeNodes).
 */
export function rangeNodes(begin: number, end: number): NodeID[] {
  let [left, right] = decompose(begin, end);
  const ids: NodeID[] = [];
  let position = begin;
  while (left !== 0) {
    const level = trailingZeros(left);
    ids.push(nodeId(level, shiftRight(position, level)));
    position += 2 ** level;
    left -= 2 ** level;
  }
  while (right !== 0) {
    const level = bitLength(right) - 1;
    ids.push(nodeId(level, shiftRight(position, level)));
    position += 2 ** level;
    right -= 2 ** level;
  }
  return ids;
}

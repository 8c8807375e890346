import { TdlError } from "../errors";
import { bitLength, isUint, shiftRight, trailingZeros, xor } from "./bits";
import type { Hasher } from "./hasher";
import { coverage, nodeId, parentOf, rangeNodes, siblingOf, type NodeID } from "./nodeid";

/**
 * How to build an inclusion or consistency proof from stored hashes (transparency-dev/merkle's
 * proof.Nodes). `ids` are all perfect subtrees, so storage only ever keeps perfect-subtree hashes;
 * `ids[begin..end)` are the pieces of the one ephemeral node `ephem` (a right-border subtree that is
 * not yet complete), which `rehash` folds back into a single proof hash.
 */
export interface ProofNodes {
  readonly ids: readonly NodeID[];
  readonly begin: number;
  readonly end: number;
  readonly ephem: NodeID;
}

function requireUint(name: string, value: unknown): asserts value is number {
  if (!isUint(value)) {
    throw new TdlError("MALFORMED_INPUT", `${name} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/** Node ids for the inclusion proof of leaf `index` in the tree of `size` leaves; needs index < size. */
export function inclusionNodes(index: number, size: number): ProofNodes {
  requireUint("index", index);
  requireUint("size", size);
  if (index >= size) throw new TdlError("OUT_OF_RANGE", `leaf index ${index} is not below tree size ${size}`);
  return skipFirst(proofNodes(index, 0, size));
}

/**
 * Node ids for the consistency proof from tree size `size1` to `size2`. Sizes 0 and equal sizes need
 * no proof (every tree extends the empty tree), so they give an empty list.
 */
export function consistencyNodes(size1: number, size2: number): ProofNodes {
  requireUint("size1", size1);
  requireUint("size2", size2);
  if (size1 > size2) throw new TdlError("OUT_OF_RANGE", `size1 ${size1} is greater than size2 ${size2}`);
  if (size1 === 0 || size1 === size2) return { ids: [], begin: 0, end: 0, ephem: nodeId(0, 0) };
  // The biggest perfect subtree ending at size1 seeds the proof; the rest proves it into size2.
  const level = trailingZeros(size1);
  const index = shiftRight(size1 - 1, level);
  const nodes = proofNodes(index, level, size2);
  // When size1 is a power of two that seed is the old root, which the verifier already has.
  return size1 === 2 ** level ? skipFirst(nodes) : nodes;
}

/** Node ids proving node (level, index) into the tree of `size` leaves, the node itself first. */
function proofNodes(index: number, level: number, size: number): ProofNodes {
  // The fork is where the paths to (level, index) and to leaf `size` part; its sibling is the
  // ephemeral node, made of the perfect subtrees covering [fork end, size).
  const inner = bitLength(xor(index, shiftRight(size, level))) - 1;
  const fork = nodeId(level + inner, shiftRight(index, inner));
  const [forkBegin, forkEnd] = coverage(fork);

  const ids: NodeID[] = [nodeId(level, index)];
  for (let node = ids[0]; node.level < fork.level; node = parentOf(node)) ids.push(siblingOf(node));
  const ephemBegin = ids.length;
  // Reversed so rehash folds the ephemeral node from its lowest piece up.
  ids.push(...rangeNodes(forkEnd, size).reverse());
  const ephemEnd = ids.length;
  ids.push(...rangeNodes(0, forkBegin).reverse());

  const hasEphem = ephemBegin < ephemEnd;
  return {
    ids,
    begin: hasEphem ? ephemBegin : 0,
    end: hasEphem ? ephemEnd : 0,
    ephem: siblingOf(fork),
  };
}

function skipFirst(nodes: ProofNodes): ProofNodes {
  const hasEphem = nodes.begin < nodes.end;
  return {
    ids: nodes.ids.slice(1),
    begin: hasEphem ? nodes.begin - 1 : 0,
    end: hasEphem ? nodes.end - 1 : 0,
    ephem: nodes.ephem,
  };
}

/** Turns the hashes of `nodes.ids` (same order) into the proof, folding the ephemeral node's pieces. */
export function rehash(nodes: ProofNodes, hashes: readonly Uint8Array[], hasher: Hasher): Uint8Array[] {
  if (hashes.length !== nodes.ids.length) {
    throw new TdlError("MALFORMED_INPUT", `got ${hashes.length} hashes for ${nodes.ids.length} proof nodes`);
  }
  const proof: Uint8Array[] = [];
  for (let i = 0; i < hashes.length; i++) {
    let hash = hashes[i];
    if (i === nodes.begin && nodes.begin < nodes.end) {
      // Pieces are ordered lowest first; each next piece is a left neighbour of what is folded so far.
      for (i++; i < nodes.end; i++) hash = hasher.hashChildren(hashes[i], hash);
      i--;
    }
    proof.push(hash);
  }
  return proof;
}

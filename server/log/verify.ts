import { TdlError } from "../errors";
import { toHex } from "./bytes";
import { bitAt, bitLength, isUint, popCount, shiftRight, trailingZeros, xor } from "./bits";
import type { Hasher } from "./hasher";

/*
 * Proof verification per RFC 9162 sections 2.1.3.2 and 2.1.4.2, in the shape of
 * transparency-dev/merkle's proof/verify.go. Everything here may come from outside, so every
 * argument is checked and every failure is a TdlError: MALFORMED_PROOF when the input cannot be a
 * proof for these sizes, ROOT_MISMATCH when it is well formed but does not lead to the given root.
 */

function malformed(message: string): TdlError {
  return new TdlError("MALFORMED_PROOF", message);
}

function requireSize(name: string, value: unknown): asserts value is number {
  if (!isUint(value)) throw malformed(`${name} must be a non-negative safe integer, got ${String(value)}`);
}

function requireHash(hasher: Hasher, name: string, value: unknown): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== hasher.size) {
    const got = value instanceof Uint8Array ? `${value.length} bytes` : typeof value;
    throw malformed(`${name} must be a ${hasher.size}-byte hash, got ${got}`);
  }
}

function requireProof(hasher: Hasher, proof: unknown, expectedLength: number): asserts proof is Uint8Array[] {
  if (!Array.isArray(proof)) throw malformed("the proof must be an array of hashes");
  if (proof.length !== expectedLength) {
    throw malformed(`the proof has ${proof.length} hashes, these sizes need ${expectedLength}`);
  }
  proof.forEach((hash, i) => requireHash(hasher, `proof[${i}]`, hash));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function requireRoot(calculated: Uint8Array, expected: Uint8Array, what: string): void {
  if (!equalBytes(calculated, expected)) {
    throw new TdlError("ROOT_MISMATCH", `the proof leads to another ${what}`, {
      details: { calculated: toHex(calculated), expected: toHex(expected) },
    });
  }
}

/**
 * Splits the inclusion proof of `index` in a tree of `size` leaves where the paths to `index` and to
 * the last leaf part: `inner` hashes below that point, `border` left-border hashes above it.
 */
function decomposeInclusionProof(index: number, size: number): { inner: number; border: number } {
  const inner = bitLength(xor(index, size - 1));
  return { inner, border: popCount(shiftRight(index, inner)) };
}

/** Hashes up from `seed` at position `index` on its level through siblings on either side. */
function chainInner(hasher: Hasher, seed: Uint8Array, proof: Uint8Array[], index: number): Uint8Array {
  return proof.reduce(
    (hash, sibling, i) => (bitAt(index, i) === 0 ? hasher.hashChildren(hash, sibling) : hasher.hashChildren(sibling, hash)),
    seed,
  );
}

/** Like chainInner but skips right siblings: the same subtree as it was before they existed. */
function chainInnerRight(hasher: Hasher, seed: Uint8Array, proof: Uint8Array[], index: number): Uint8Array {
  return proof.reduce((hash, sibling, i) => (bitAt(index, i) === 1 ? hasher.hashChildren(sibling, hash) : hash), seed);
}

/** Hashes up the right border, where every remaining proof hash is a left sibling. */
function chainBorderRight(hasher: Hasher, seed: Uint8Array, proof: Uint8Array[]): Uint8Array {
  return proof.reduce((hash, sibling) => hasher.hashChildren(sibling, hash), seed);
}

/** The root that `proof` gives for leaf `index` with `leafHash` in a tree of `size` leaves. */
export function rootFromInclusionProof(
  hasher: Hasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  requireSize("index", index);
  requireSize("size", size);
  if (index >= size) throw malformed(`leaf index ${index} is not below tree size ${size}`);
  requireHash(hasher, "leafHash", leafHash);
  const { inner, border } = decomposeInclusionProof(index, size);
  requireProof(hasher, proof, inner + border);
  const innerRoot = chainInner(hasher, leafHash, proof.slice(0, inner), index);
  return chainBorderRight(hasher, innerRoot, proof.slice(inner));
}

/** Checks that leaf `index` with `leafHash` is in the tree of `size` leaves with `root`. */
export function verifyInclusion(
  hasher: Hasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  requireHash(hasher, "root", root);
  requireRoot(rootFromInclusionProof(hasher, index, size, leafHash, proof), root, "root");
}

/**
 * The root of the tree of `size2` leaves that `proof` gives, having checked that the proof also
 * leads to `root1` at `size1`. Needs 0 < size1 <= size2: nothing about a bigger tree follows from
 * the empty tree. A tree of the same size is itself, without any proof.
 */
export function rootFromConsistencyProof(
  hasher: Hasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
): Uint8Array {
  requireSize("size1", size1);
  requireSize("size2", size2);
  if (size1 > size2) throw malformed(`size1 ${size1} is greater than size2 ${size2}: a log never shrinks`);
  requireHash(hasher, "root1", root1);
  if (size1 === size2) {
    requireProof(hasher, proof, 0);
    return root1;
  }
  if (size1 === 0) throw malformed("a consistency proof from the empty tree gives no root");

  const decomposed = decomposeInclusionProof(size1 - 1, size2);
  const shift = trailingZeros(size1);
  const inner = decomposed.inner - shift;
  const { border } = decomposed;
  // The proof starts with the biggest perfect subtree ending at size1, unless that subtree is the
  // whole old tree, whose root the verifier already holds.
  const seedIsRoot1 = size1 === 2 ** shift;
  requireProof(hasher, proof, (seedIsRoot1 ? 0 : 1) + inner + border);
  const seed = seedIsRoot1 ? root1 : proof[0];
  const path = seedIsRoot1 ? proof.slice() : proof.slice(1);

  const mask = shiftRight(size1 - 1, shift);
  const hash1 = chainBorderRight(hasher, chainInnerRight(hasher, seed, path.slice(0, inner), mask), path.slice(inner));
  requireRoot(hash1, root1, "root at size1");
  return chainBorderRight(hasher, chainInner(hasher, seed, path.slice(0, inner), mask), path.slice(inner));
}

/**
 * Checks that the tree of `size2` leaves with `root2` extends the tree of `size1` leaves with
 * `root1`. Every tree extends the empty tree, with an empty proof.
 */
export function verifyConsistency(
  hasher: Hasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  requireHash(hasher, "root2", root2);
  if (size1 === 0 && isUint(size2)) {
    requireHash(hasher, "root1", root1);
    requireProof(hasher, proof, 0);
    // The claimed old root must still be the right one for an empty tree.
    requireRoot(hasher.emptyRoot(), root1, "root for the empty tree");
    if (size2 === 0) requireRoot(root1, root2, "root at size2");
    return;
  }
  requireRoot(rootFromConsistencyProof(hasher, size1, size2, proof, root1), root2, "root at size2");
}

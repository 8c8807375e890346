import type { Hasher } from "../../../server/log";

/**
 * A naive RFC 6962 Merkle tree straight from the definitions of section 2.1: MTH, PATH and PROOF
 * by recursion on the largest power of two below n. Slow and obviously right, it is what the real
 * code is compared with. Subtree hashes are memoised so that tests can ask for every proof.
 */
export class ReferenceTree {
  private readonly memo = new Map<string, Uint8Array>();

  constructor(
    private readonly hasher: Hasher,
    readonly leafHashes: readonly Uint8Array[],
  ) {}

  static fromLeafData(hasher: Hasher, leaves: readonly Uint8Array[]): ReferenceTree {
    return new ReferenceTree(hasher, leaves.map((leaf) => hasher.hashLeaf(leaf)));
  }

  /** MTH(D[begin:end]). */
  hash(begin: number, end: number): Uint8Array {
    const n = end - begin;
    if (n === 0) return this.hasher.emptyRoot();
    if (n === 1) return this.leafHashes[begin];
    const key = `${begin}:${end}`;
    let hash = this.memo.get(key);
    if (hash === undefined) {
      const k = largestPowerOfTwoBelow(n);
      hash = this.hasher.hashChildren(this.hash(begin, begin + k), this.hash(begin + k, end));
      this.memo.set(key, hash);
    }
    return hash;
  }

  root(size: number): Uint8Array {
    return this.hash(0, size);
  }

  /** PATH(m, D[0:size]): the inclusion proof of leaf m. */
  inclusionProof(m: number, size: number): Uint8Array[] {
    return this.path(m, 0, size);
  }

  private path(m: number, begin: number, end: number): Uint8Array[] {
    const n = end - begin;
    if (n <= 1) return [];
    const k = largestPowerOfTwoBelow(n);
    return m < k
      ? [...this.path(m, begin, begin + k), this.hash(begin + k, end)]
      : [...this.path(m - k, begin + k, end), this.hash(begin, begin + k)];
  }

  /** PROOF(m, D[0:size]): the consistency proof from size m. */
  consistencyProof(m: number, size: number): Uint8Array[] {
    return this.subproof(m, 0, size, true);
  }

  private subproof(m: number, begin: number, end: number, isWholeOldTree: boolean): Uint8Array[] {
    const n = end - begin;
    if (m === n) return isWholeOldTree ? [] : [this.hash(begin, end)];
    const k = largestPowerOfTwoBelow(n);
    return m <= k
      ? [...this.subproof(m, begin, begin + k, isWholeOldTree), this.hash(begin + k, end)]
      : [...this.subproof(m - k, begin + k, end, false), this.hash(begin, begin + k)];
  }
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Deterministic distinct leaf data for tests: leaf i is "leaf-<i>". */
export function leafData(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => new Uint8Array(Buffer.from(`leaf-${i}`)));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

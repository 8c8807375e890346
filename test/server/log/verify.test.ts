import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import type { TdlErrorCode } from "../../../server/errors";
import {
  rfc6962Sha256 as hasher,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from "../../../server/log";
import { expectTdlError, throwsOnlyTdlErrors } from "./expect-error";
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, LEAF_INPUTS, ROOT_HASHES, SOME_HASH } from "./fixtures/rfc6962-vectors";
import { ReferenceTree, leafData } from "./reference-tree";

const EMPTY_ROOT = ROOT_HASHES[0];
const WRONG_LENGTH_HASH = new Uint8Array(Buffer.from("WrongLeaf"));
const LENGTH_OR_ROOT: TdlErrorCode[] = ["MALFORMED_PROOF", "ROOT_MISMATCH"];

interface Probe<T> {
  readonly desc: string;
  readonly args: T;
  /** What the verifier may answer: a changed size can change the needed proof length. */
  readonly codes: TdlErrorCode[];
}

type InclusionArgs = { index: number; size: number; leafHash: Uint8Array; proof: Uint8Array[]; root: Uint8Array };
type ConsistencyArgs = { size1: number; size2: number; proof: Uint8Array[]; root1: Uint8Array; root2: Uint8Array };

function flipBit(hash: Uint8Array, bit: number): Uint8Array {
  const copy = hash.slice();
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

/** transparency-dev/merkle proof/verify_test.go corruptInclusionProof, with the code each must give. */
function corruptInclusionProbes(good: InclusionArgs): Probe<InclusionArgs>[] {
  const { index, size, proof, root } = good;
  const probes: Probe<InclusionArgs>[] = [
    { desc: "index - 1", args: { ...good, index: index - 1 }, codes: LENGTH_OR_ROOT },
    { desc: "index + 1", args: { ...good, index: index + 1 }, codes: LENGTH_OR_ROOT },
    { desc: "index ^ 2", args: { ...good, index: index ^ 2 }, codes: LENGTH_OR_ROOT },
    { desc: "size * 2", args: { ...good, size: size * 2 }, codes: LENGTH_OR_ROOT },
    { desc: "size / 2", args: { ...good, size: Math.floor(size / 2) }, codes: LENGTH_OR_ROOT },
    { desc: "a wrong-length leaf", args: { ...good, leafHash: WRONG_LENGTH_HASH }, codes: ["MALFORMED_PROOF"] },
    { desc: "the empty root", args: { ...good, root: EMPTY_ROOT }, codes: ["ROOT_MISMATCH"] },
    { desc: "a random root", args: { ...good, root: SOME_HASH }, codes: ["ROOT_MISMATCH"] },
    { desc: "trailing garbage", args: { ...good, proof: [...proof, new Uint8Array()] }, codes: ["MALFORMED_PROOF"] },
    { desc: "a trailing root", args: { ...good, proof: [...proof, root] }, codes: ["MALFORMED_PROOF"] },
    { desc: "preceding garbage", args: { ...good, proof: [new Uint8Array(), ...proof] }, codes: ["MALFORMED_PROOF"] },
    { desc: "a preceding root", args: { ...good, proof: [root, ...proof] }, codes: ["MALFORMED_PROOF"] },
  ];
  proof.forEach((_, i) => {
    const wrong = proof.map((hash, j) => (j === i ? flipBit(hash, 3) : hash));
    probes.push({ desc: `proof[${i}] with bit 3 flipped`, args: { ...good, proof: wrong }, codes: ["ROOT_MISMATCH"] });
  });
  if (proof.length > 0) {
    probes.push({ desc: "a removed component", args: { ...good, proof: proof.slice(0, -1) }, codes: ["MALFORMED_PROOF"] });
  }
  if (proof.length > 1) {
    const inserted = [proof[0], SOME_HASH, ...proof.slice(1)];
    probes.push({ desc: "an inserted component", args: { ...good, proof: inserted }, codes: ["MALFORMED_PROOF"] });
  }
  return probes;
}

/** transparency-dev/merkle proof/verify_test.go corruptConsistencyProof. */
function corruptConsistencyProbes(good: ConsistencyArgs): Probe<ConsistencyArgs>[] {
  const { size1, size2, proof, root1, root2 } = good;
  const probes: Probe<ConsistencyArgs>[] = [
    { desc: "size1 - 1", args: { ...good, size1: size1 - 1 }, codes: LENGTH_OR_ROOT },
    { desc: "size1 + 1", args: { ...good, size1: size1 + 1 }, codes: LENGTH_OR_ROOT },
    { desc: "size1 ^ 2", args: { ...good, size1: size1 ^ 2 }, codes: LENGTH_OR_ROOT },
    { desc: "size2 * 2", args: { ...good, size2: size2 * 2 }, codes: LENGTH_OR_ROOT },
    { desc: "size2 / 2", args: { ...good, size2: Math.floor(size2 / 2) }, codes: LENGTH_OR_ROOT },
    { desc: "a wrong-length root1", args: { ...good, root1: WRONG_LENGTH_HASH }, codes: ["MALFORMED_PROOF"] },
    { desc: "a wrong-length root2", args: { ...good, root2: WRONG_LENGTH_HASH }, codes: ["MALFORMED_PROOF"] },
    { desc: "a wrong root1", args: { ...good, root1: SOME_HASH }, codes: ["ROOT_MISMATCH"] },
    { desc: "a wrong root2", args: { ...good, root2: SOME_HASH }, codes: ["ROOT_MISMATCH"] },
    { desc: "swapped roots", args: { ...good, root1: root2, root2: root1 }, codes: ["ROOT_MISMATCH"] },
    { desc: "an empty proof", args: { ...good, proof: [] }, codes: ["MALFORMED_PROOF"] },
    { desc: "trailing garbage", args: { ...good, proof: [...proof, new Uint8Array()] }, codes: ["MALFORMED_PROOF"] },
    { desc: "a trailing root1", args: { ...good, proof: [...proof, root1] }, codes: ["MALFORMED_PROOF"] },
    { desc: "a trailing root2", args: { ...good, proof: [...proof, root2] }, codes: ["MALFORMED_PROOF"] },
    { desc: "preceding garbage", args: { ...good, proof: [new Uint8Array(), ...proof] }, codes: ["MALFORMED_PROOF"] },
    { desc: "a preceding root1", args: { ...good, proof: [root1, ...proof] }, codes: ["MALFORMED_PROOF"] },
    { desc: "a preceding root2", args: { ...good, proof: [root2, ...proof] }, codes: ["MALFORMED_PROOF"] },
    { desc: "a preceding proof[0]", args: { ...good, proof: [proof[0], ...proof] }, codes: ["MALFORMED_PROOF"] },
    { desc: "a truncated proof", args: { ...good, proof: proof.slice(0, -1) }, codes: ["MALFORMED_PROOF"] },
  ];
  proof.forEach((_, i) => {
    const wrong = proof.map((hash, j) => (j === i ? flipBit(hash, 4) : hash));
    probes.push({ desc: `proof[${i}] with bit 4 flipped`, args: { ...good, proof: wrong }, codes: ["ROOT_MISMATCH"] });
  });
  return probes;
}

const inclusion = (a: InclusionArgs) => () => verifyInclusion(hasher, a.index, a.size, a.leafHash, a.proof, a.root);
const consistency = (a: ConsistencyArgs) => () => verifyConsistency(hasher, a.size1, a.size2, a.proof, a.root1, a.root2);

useSeed("server/log/verify.test.ts");

describe("verifyInclusion", () => {
  for (const vector of INCLUSION_PROOFS) {
    const good: InclusionArgs = {
      index: vector.index,
      size: vector.size,
      leafHash: hasher.hashLeaf(LEAF_INPUTS[vector.index]),
      proof: [...vector.proof],
      root: ROOT_HASHES[vector.size],
    };

    context(`with the published proof of leaf ${vector.index} in a tree of ${vector.size}`, () => {
      it("accepts it, and rootFromInclusionProof gives the published root", () => {
        expect(() => inclusion(good)()).not.to.throw();
        expect(rootFromInclusionProof(hasher, good.index, good.size, good.leafHash, good.proof)).to.deep.equal(good.root);
      });

      for (const probe of corruptInclusionProbes(good)) {
        it(`rejects ${probe.desc} with ${probe.codes.join(" or ")}`, () => {
          expectTdlError(inclusion(probe.args), ...probe.codes);
        });
      }
    });
  }

  context("in a tree of one entry", () => {
    const hash = hasher.hashLeaf(new Uint8Array(Buffer.from("data")));

    it("accepts an empty proof when the root is the leaf hash", () => {
      expect(() => verifyInclusion(hasher, 0, 1, hash, [], hash)).not.to.throw();
    });

    it("throws MALFORMED_PROOF for an empty leaf hash or root", () => {
      expectTdlError(() => verifyInclusion(hasher, 0, 1, new Uint8Array(), [], hash), "MALFORMED_PROOF");
      expectTdlError(() => verifyInclusion(hasher, 0, 1, hash, [], new Uint8Array()), "MALFORMED_PROOF");
    });
  });

  context("when the index is not inside the tree", () => {
    for (const [index, size] of [[0, 0], [1, 0], [1, 1], [2, 1]]) {
      it(`throws MALFORMED_PROOF for index ${index} in a tree of ${size}`, () => {
        expectTdlError(() => verifyInclusion(hasher, index, size, SOME_HASH, [], EMPTY_ROOT), "MALFORMED_PROOF");
      });
    }
  });

  context("when the numbers are not sizes", () => {
    for (const bad of [-1, 0.5, Number.NaN, Infinity, 2 ** 53, "3", 3n, null]) {
      it(`throws MALFORMED_PROOF for ${String(bad)}`, () => {
        const value = bad as number;
        expectTdlError(() => verifyInclusion(hasher, value, 8, SOME_HASH, [], EMPTY_ROOT), "MALFORMED_PROOF");
        expectTdlError(() => verifyInclusion(hasher, 0, value, SOME_HASH, [], EMPTY_ROOT), "MALFORMED_PROOF");
      });
    }
  });

  context("against the reference tree", function () {
    this.timeout(30_000);
    const tree = ReferenceTree.fromLeafData(hasher, leafData(300));

    it("accepts every leaf at every size up to 300", () => {
      for (let size = 1; size <= 300; size++) {
        const root = tree.root(size);
        for (let index = 0; index < size; index++) {
          verifyInclusion(hasher, index, size, tree.leafHashes[index], tree.inclusionProof(index, size), root);
        }
      }
    });

    it("rejects any flipped bit, dropped or added hash, off-by-one index, doubled size or swapped siblings", () => {
      const cases = fc
        .integer({ min: 1, max: 300 })
        .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }), fc.nat(), fc.nat(255)));
      fc.assert(
        fc.property(cases, ([size, index, pick, bit]) => {
          const leafHash = tree.leafHashes[index];
          const proof = tree.inclusionProof(index, size);
          const root = tree.root(size);
          const verify = (i: number, s: number, leaf: Uint8Array, p: Uint8Array[], r: Uint8Array) => () =>
            verifyInclusion(hasher, i, s, leaf, p, r);
          expectTdlError(verify(index, size, flipBit(leafHash, bit), proof, root), "ROOT_MISMATCH");
          expectTdlError(verify(index, size, leafHash, proof, flipBit(root, bit)), "ROOT_MISMATCH");
          expectTdlError(verify(index, size, leafHash, [...proof, SOME_HASH], root), "MALFORMED_PROOF");
          if (proof.length > 0) {
            const at = pick % proof.length;
            expectTdlError(verify(index, size, leafHash, proof.map((h, j) => (j === at ? flipBit(h, bit) : h)), root), "ROOT_MISMATCH");
            expectTdlError(verify(index, size, leafHash, proof.slice(1), root), "MALFORMED_PROOF");
          }
          if (proof.length > 1) {
            const swapped = [proof[1], proof[0], ...proof.slice(2)];
            expectTdlError(verify(index, size, leafHash, swapped, root), "ROOT_MISMATCH");
          }
          // Another leaf's position or another size never verifies: either the length or the root gives it away.
          if (index + 1 < size) expectTdlError(verify(index + 1, size, leafHash, proof, root), ...LENGTH_OR_ROOT);
          if (index > 0) expectTdlError(verify(index - 1, size, leafHash, proof, root), ...LENGTH_OR_ROOT);
          // A size off by one may need a proof of the very same shape, so only a doubled size is sure to fail;
          // the size is bound to the root by the signed checkpoint instead.
          expectTdlError(verify(index, size * 2, leafHash, proof, root), ...LENGTH_OR_ROOT);
        }),
        { numRuns: 500 },
      );
    });
  });

  context("with arbitrary input from outside", () => {
    it("throws nothing but TdlError", () => {
      const hashLike = fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.anything());
      fc.assert(
        fc.property(fc.anything(), fc.anything(), hashLike, fc.oneof(fc.array(hashLike, { maxLength: 70 }), fc.anything()), hashLike, (i, s, l, p, r) =>
          throwsOnlyTdlErrors(() => verifyInclusion(hasher, i as number, s as number, l as Uint8Array, p as Uint8Array[], r as Uint8Array)),
        ),
        { numRuns: 2000 },
      );
    });
  });
});

describe("verifyConsistency", () => {
  for (const vector of CONSISTENCY_PROOFS) {
    const good: ConsistencyArgs = {
      size1: vector.size1,
      size2: vector.size2,
      proof: [...vector.proof],
      root1: ROOT_HASHES[vector.size1],
      root2: ROOT_HASHES[vector.size2],
    };

    context(`with the published proof from ${vector.size1} to ${vector.size2}`, () => {
      it("accepts it", () => {
        expect(() => consistency(good)()).not.to.throw();
      });

      if (good.proof.length === 0) return;
      for (const probe of corruptConsistencyProbes(good)) {
        it(`rejects ${probe.desc} with ${probe.codes.join(" or ")}`, () => {
          expectTdlError(consistency(probe.args), ...probe.codes);
        });
      }
    });
  }

  context("when no proof is needed (transparency-dev TestVerifyConsistency)", () => {
    const [root1, root2] = [ROOT_HASHES[1], ROOT_HASHES[2]];

    it("accepts the empty tree before any tree, with an empty proof", () => {
      expect(() => verifyConsistency(hasher, 0, 0, [], EMPTY_ROOT, EMPTY_ROOT)).not.to.throw();
      expect(() => verifyConsistency(hasher, 0, 1, [], EMPTY_ROOT, root1)).not.to.throw();
    });

    it("accepts a tree before itself", () => {
      expect(() => verifyConsistency(hasher, 1, 1, [], root2, root2)).not.to.throw();
    });

    it("throws ROOT_MISMATCH when equal sizes have different roots, or size 0 is not the empty root", () => {
      expectTdlError(() => verifyConsistency(hasher, 1, 1, [], root1, root2), "ROOT_MISMATCH");
      expectTdlError(() => verifyConsistency(hasher, 0, 0, [], EMPTY_ROOT, root2), "ROOT_MISMATCH");
      expectTdlError(() => verifyConsistency(hasher, 0, 1, [], root1, root2), "ROOT_MISMATCH");
    });

    it("throws MALFORMED_PROOF when the proof is not empty", () => {
      for (const [size1, size2] of [[0, 0], [0, 1], [1, 1]]) {
        expectTdlError(() => verifyConsistency(hasher, size1, size2, [EMPTY_ROOT], EMPTY_ROOT, EMPTY_ROOT), "MALFORMED_PROOF");
      }
    });

    it("throws MALFORMED_PROOF when the tree shrinks", () => {
      expectTdlError(() => verifyConsistency(hasher, 1, 0, [], root1, root2), "MALFORMED_PROOF");
      expectTdlError(() => verifyConsistency(hasher, 2, 1, [], root1, root2), "MALFORMED_PROOF");
    });

    it("throws MALFORMED_PROOF for an empty proof between different sizes", () => {
      expectTdlError(() => verifyConsistency(hasher, 1, 2, [], root1, root2), "MALFORMED_PROOF");
    });
  });

  context("against the reference tree", function () {
    this.timeout(30_000);
    const tree = ReferenceTree.fromLeafData(hasher, leafData(300));

    it("accepts every m <= n for n up to 140", () => {
      for (let n = 1; n <= 140; n++) {
        for (let m = 1; m <= n; m++) {
          verifyConsistency(hasher, m, n, tree.consistencyProof(m, n), tree.root(m), tree.root(n));
        }
      }
    });

    it("accepts random m <= n up to 300 and rejects every corruption of them", () => {
      const cases = fc
        .integer({ min: 2, max: 300 })
        .chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n), fc.nat(), fc.nat(255)));
      fc.assert(
        fc.property(cases, ([m, n, pick, bit]) => {
          const proof = tree.consistencyProof(m, n);
          const [root1, root2] = [tree.root(m), tree.root(n)];
          verifyConsistency(hasher, m, n, proof, root1, root2);
          const verify = (s1: number, s2: number, p: Uint8Array[], r1: Uint8Array, r2: Uint8Array) => () =>
            verifyConsistency(hasher, s1, s2, p, r1, r2);
          const at = pick % proof.length;
          expectTdlError(verify(m, n, proof.map((h, j) => (j === at ? flipBit(h, bit) : h)), root1, root2), "ROOT_MISMATCH");
          expectTdlError(verify(m, n, proof, flipBit(root1, bit), root2), "ROOT_MISMATCH");
          expectTdlError(verify(m, n, proof, root1, flipBit(root2, bit)), "ROOT_MISMATCH");
          expectTdlError(verify(m, n, proof.slice(0, -1), root1, root2), "MALFORMED_PROOF");
          expectTdlError(verify(m, n, [...proof, SOME_HASH], root1, root2), "MALFORMED_PROOF");
          if (proof.length > 1) expectTdlError(verify(m, n, [proof[1], proof[0], ...proof.slice(2)], root1, root2), "ROOT_MISMATCH");
          expectTdlError(verify(m + 1, n, proof, root1, root2), ...LENGTH_OR_ROOT);
          expectTdlError(verify(m, n * 2, proof, root1, root2), ...LENGTH_OR_ROOT);
          if (m > 1) expectTdlError(verify(m - 1, n, proof, root1, root2), ...LENGTH_OR_ROOT);
        }),
        { numRuns: 500 },
      );
    });
  });

  context("with arbitrary input from outside", () => {
    it("throws nothing but TdlError", () => {
      const hashLike = fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.anything());
      fc.assert(
        fc.property(fc.anything(), fc.anything(), fc.oneof(fc.array(hashLike, { maxLength: 70 }), fc.anything()), hashLike, hashLike, (s1, s2, p, r1, r2) =>
          throwsOnlyTdlErrors(() => verifyConsistency(hasher, s1 as number, s2 as number, p as Uint8Array[], r1 as Uint8Array, r2 as Uint8Array)),
        ),
        { numRuns: 2000 },
      );
    });

    it("throws nothing but TdlError for well-formed hashes at any sizes up to 2^53 - 1", () => {
      const size = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
      const hashes = fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 110 });
      fc.assert(
        fc.property(size, size, hashes, (a, b, proof) =>
          throwsOnlyTdlErrors(() => verifyConsistency(hasher, Math.min(a, b), Math.max(a, b), proof, SOME_HASH, EMPTY_ROOT)),
        ),
      );
    });
  });
});

import { expect } from "chai";
import type { TdlErrorCode } from "../../../server/errors";
import {
  encodeEntry,
  formatCheckpoint,
  generateNoteKey,
  parseSignerKey,
  rfc6962Sha256 as hasher,
  signNote,
  verifyConsistency,
  verifyInclusion,
  type AccessLogEntry,
} from "../../../server/log";
import { verifyProofBundle, type ProofBundle } from "../../../server/log/bundle";
import { expectTdlError } from "./expect-error";
import { SAMPLE_ENTRY } from "./fixtures/entries";
import { ROOT_HASHES, SOME_HASH } from "./fixtures/rfc6962-vectors";
import { ReferenceTree, leafData } from "./reference-tree";

/*
 * Adversarial proofs: what verify.test.ts does not already try. verify.test.ts runs the published
 * RFC 6962 vectors through transparency-dev/merkle's corruptInclusionProof / corruptConsistencyProof
 * (index and size +-1, ^2, *2, /2, flipped bits, garbage and roots before and after, removed and
 * inserted components) and a property test of random corruptions. Added here, exhaustively over every
 * (index, size) or (size1, size2) up to N: hashes of the wrong length at every position, every pair of
 * adjacent siblings swapped, the proof reversed, another leaf's proof, another tree's proof, an
 * interior node passed off as a leaf (second preimage), off-by-one sizes against signed checkpoints,
 * and transparency-dev's TestVerifyInclusion / TestVerifyConsistency tables of impossible inputs.
 */

const N = 64;
const REJECTED: TdlErrorCode[] = ["MALFORMED_PROOF", "ROOT_MISMATCH"];
const EMPTY_ROOT = ROOT_HASHES[0];
const WRONG_LENGTHS = [0, 31, 33];

const tree = ReferenceTree.fromLeafData(hasher, leafData(N + 1));
const otherTree = ReferenceTree.fromLeafData(hasher, leafData(N + 1).map((d) => new Uint8Array([...d, 0x21])));

const resized = (hash: Uint8Array, length: number): Uint8Array => {
  const out = new Uint8Array(length);
  out.set(hash.subarray(0, Math.min(length, hash.length)));
  return out;
};
const swapped = <T>(list: readonly T[], at: number): T[] => list.map((h, j) => (j === at ? list[at + 1] : j === at + 1 ? list[at] : h));
/** Every (a, b) with first <= a < b <= max. */
const pairs = (max: number, first: number): [number, number][] => {
  const out: [number, number][] = [];
  for (let b = 1; b <= max; b++) for (let a = first; a < b; a++) out.push([a, b]);
  return out;
};

/** Rejections per check, printed at the end (docs/RELIABILITY.md quotes them). */
const tally = new Map<string, number>();

/** Counts each rejection; fails on the first acceptance. */
function rejectsAll(label: string, cases: Iterable<[string, () => unknown]>, codes: TdlErrorCode[] = REJECTED): number {
  let count = 0;
  for (const [desc, action] of cases) {
    try {
      expectTdlError(action, ...codes);
    } catch (error) {
      throw new Error(`${label}: ${desc}: ${(error as Error).message}`);
    }
    count++;
  }
  expect(count, label).to.be.greaterThan(0);
  tally.set(label, (tally.get(label) ?? 0) + count);
  return count;
}

describe("adversarial inclusion proofs", function () {
  this.timeout(60_000);
  const inclusion = (index: number, size: number, leaf: Uint8Array, proof: Uint8Array[], root: Uint8Array) => () =>
    verifyInclusion(hasher, index, size, leaf, proof, root);

  context("with a hash of the wrong length at any position (every index < size <= 40)", function () {
    it("throws MALFORMED_PROOF", function () {
      function* cases(): Generator<[string, () => unknown]> {
        for (const [index, size] of pairs(40, 0)) {
          const proof = tree.inclusionProof(index, size);
          const leaf = tree.leafHashes[index];
          const root = tree.root(size);
          for (const length of WRONG_LENGTHS) {
            yield [`leaf of ${length} bytes`, inclusion(index, size, resized(leaf, length), proof, root)];
            yield [`root of ${length} bytes`, inclusion(index, size, leaf, proof, resized(root, length))];
            for (let at = 0; at < proof.length; at++) {
              yield [`proof[${at}] of ${length} bytes`, inclusion(index, size, leaf, proof.map((h, j) => (j === at ? resized(h, length) : h)), root)];
            }
          }
        }
      }
      const count = rejectsAll("inclusion: wrong lengths", cases(), ["MALFORMED_PROOF"]);
      expect(count).to.be.above(5000);
    });
  });

  context("with siblings out of order (every index < size <= 64)", function () {
    it("throws ROOT_MISMATCH for every adjacent pair swapped and for the proof reversed", function () {
      function* cases(): Generator<[string, () => unknown]> {
        for (const [index, size] of pairs(N, 0)) {
          const proof = tree.inclusionProof(index, size);
          const leaf = tree.leafHashes[index];
          const root = tree.root(size);
          for (let at = 0; at + 1 < proof.length; at++) yield [`${index}/${size} swap ${at}`, inclusion(index, size, leaf, swapped(proof, at), root)];
          if (proof.length > 1) yield [`${index}/${size} reversed`, inclusion(index, size, leaf, proof.slice().reverse(), root)];
        }
      }
      rejectsAll("inclusion: swapped siblings", cases(), ["ROOT_MISMATCH"]);
    });
  });

  context("with a proof that is not this leaf's", function () {
    it("rejects another leaf's proof at this leaf's index, and the same positions in another tree", function () {
      function* cases(): Generator<[string, () => unknown]> {
        for (const [index, size] of pairs(32, 0)) {
          const leaf = tree.leafHashes[index];
          const root = tree.root(size);
          for (let other = 0; other < size; other++) {
            if (other !== index) yield [`proof of ${other}`, inclusion(index, size, leaf, tree.inclusionProof(other, size), root)];
          }
          // (a tree of one leaf has an empty proof in every tree)
          if (size > 1) yield ["another tree's proof", inclusion(index, size, leaf, otherTree.inclusionProof(index, size), root)];
          yield ["another tree's leaf", inclusion(index, size, otherTree.leafHashes[index], tree.inclusionProof(index, size), root)];
        }
      }
      rejectsAll("inclusion: foreign proofs", cases());
    });
  });

  context("with an interior node passed off as a leaf (second preimage)", function () {
    it("rejects the node's two children as leaf data: the 0x00 / 0x01 prefixes keep leaves and nodes apart", function () {
      let tried = 0;
      for (let size = 2; size <= N; size += 2) {
        for (let j = 0; j < size / 2; j++) {
          const left = tree.leafHashes[2 * j];
          const right = tree.leafHashes[2 * j + 1];
          const node = hasher.hashChildren(left, right);
          const forgedLeaf = hasher.hashLeaf(new Uint8Array([...left, ...right]));
          expect(Buffer.compare(forgedLeaf, node)).to.not.equal(0);
          // The upper half of the tree, whose leaves are the level-1 nodes: a proof for the node exists...
          const upper = new ReferenceTree(hasher, Array.from({ length: size / 2 }, (_, k) => hasher.hashChildren(tree.leafHashes[2 * k], tree.leafHashes[2 * k + 1])));
          const proof = upper.inclusionProof(j, size / 2);
          // ...but a verifier that hashes the claimed data itself gets another leaf hash, which does not verify.
          expectTdlError(inclusion(j, size / 2, forgedLeaf, proof, tree.root(size)), "ROOT_MISMATCH");
          tried++;
        }
      }
      expect(tried).to.equal(((N / 2) * (N / 2 + 1)) / 2);
    });
  });

  context("transparency-dev TestVerifyInclusion: impossible index and size pairs", function () {
    it("rejects (0, 0), (1, 0), (2, 1), (0, 1) with a non-empty proof, with empty or wrong leaves and roots", function () {
      const proof = [EMPTY_ROOT];
      function* cases(): Generator<[string, () => unknown]> {
        for (const [index, size] of [[0, 0], [0, 1], [1, 0], [2, 1]]) {
          for (const root of [new Uint8Array(), EMPTY_ROOT]) {
            for (const p of [[], proof]) yield [`${index}/${size}`, inclusion(index, size, new Uint8Array(), p, root)];
          }
        }
        // A tree of one leaf: the proof is empty and the root is the leaf hash.
        yield ["1 leaf, non-empty proof", inclusion(0, 1, SOME_HASH, [SOME_HASH], SOME_HASH)];
        yield ["1 leaf, another root", inclusion(0, 1, SOME_HASH, [], EMPTY_ROOT)];
        yield ["index = size", inclusion(8, 8, tree.leafHashes[7], tree.inclusionProof(7, 8), tree.root(8))];
      }
      rejectsAll("inclusion: transparency-dev impossible pairs", cases());
    });
  });

  context("with an off-by-one tree size", function () {
    const origin = "tdl.example/adversarial";
    const key = generateNoteKey(origin);
    const signer = parseSignerKey(key.signerKey);
    const entries: AccessLogEntry[] = Array.from({ length: N + 1 }, (_, i) => ({ ...SAMPLE_ENTRY, origin, requestDigest: i.toString(16).padStart(64, "0") }));
    const entryTree = new ReferenceTree(hasher, entries.map((e) => hasher.hashLeaf(encodeEntry(e))));
    const notes = new Map<number, string>();
    const checkpoint = (size: number): string => {
      if (!notes.has(size)) notes.set(size, signNote(formatCheckpoint({ origin, size, root: entryTree.root(size), extensions: [] }), [signer]));
      return notes.get(size) as string;
    };
    const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
    const bundle = (index: number, size: number, over: Partial<ProofBundle> = {}): ProofBundle => ({
      version: 1,
      origin,
      index,
      entry: entries[index],
      leafHash: hex(entryTree.leafHashes[index]),
      treeSize: size,
      inclusionProof: entryTree.inclusionProof(index, size).map(hex),
      checkpoint: checkpoint(size),
      verifierKey: key.verifierKey,
      anchor: null,
      ...over,
    });

    it("the bare verifier cannot tell some sizes apart (the root is not bound to a size), a signed checkpoint can", function () {
      let bareAccepted = 0;
      let trials = 0;
      for (const [index, size] of pairs(32, 0)) {
        expect(() => verifyProofBundle(hasher, bundle(index, size), key.verifierKey)).not.to.throw();
        for (const claimed of [size - 1, size + 1]) {
          if (claimed <= index) continue;
          trials++;
          try {
            verifyInclusion(hasher, index, claimed, entryTree.leafHashes[index], entryTree.inclusionProof(index, size), entryTree.root(size));
            bareAccepted++;
          } catch {
            // rejected by length or root
          }
          // The bundle claims the other size: against the checkpoint signed for the true size...
          expectTdlError(() => verifyProofBundle(hasher, bundle(index, size, { treeSize: claimed }), key.verifierKey), "ROOT_MISMATCH");
          // ...and against a genuine checkpoint of the claimed size, with the old proof.
          expectTdlError(
            () => verifyProofBundle(hasher, bundle(index, size, { treeSize: claimed, checkpoint: checkpoint(claimed) }), key.verifierKey),
            "ROOT_MISMATCH",
            "MALFORMED_PROOF",
          );
        }
      }
      // RFC 6962 inclusion proofs of leaf i at sizes s and s + 1 often have the same shape: the proof alone does not fix s.
      expect(bareAccepted).to.be.greaterThan(0);
      expect(trials).to.be.above(1000);
      tally.set("inclusion: off-by-one size in a signed bundle", trials * 2);
      console.log(`      off-by-one inclusion sizes: the bare verifier accepted ${bareAccepted} of ${trials} relabelled sizes; signed bundles rejected all ${trials * 2}`);
    });

    it("a checkpoint whose size line was edited no longer verifies", function () {
      for (let size = 1; size <= N; size++) {
        const note = checkpoint(size);
        const edited = note.replace(`\n${size}\n`, `\n${size + 1}\n`);
        expect(edited).to.not.equal(note);
        expectTdlError(() => verifyProofBundle(hasher, bundle(0, size, { treeSize: size + 1, checkpoint: edited }), key.verifierKey), "SIGNATURE_INVALID");
      }
    });
  });
});

describe("adversarial consistency proofs", function () {
  this.timeout(60_000);
  after(function () {
    const total = [...tally.values()].reduce((a, b) => a + b, 0);
    console.log(`      adversarial proofs: ${total} rejected, 0 accepted (${[...tally].map(([k, v]) => `${k} ${v}`).join("; ")})`);
  });

  const consistency = (m: number, n: number, proof: Uint8Array[], r1: Uint8Array, r2: Uint8Array) => () => verifyConsistency(hasher, m, n, proof, r1, r2);

  context("with a hash of the wrong length at any position (every 0 < m < n <= 40)", function () {
    it("throws MALFORMED_PROOF", function () {
      function* cases(): Generator<[string, () => unknown]> {
        for (const [m, n] of pairs(40, 1)) {
          const proof = tree.consistencyProof(m, n);
          const [r1, r2] = [tree.root(m), tree.root(n)];
          for (const length of WRONG_LENGTHS) {
            yield ["root1", consistency(m, n, proof, resized(r1, length), r2)];
            yield ["root2", consistency(m, n, proof, r1, resized(r2, length))];
            for (let at = 0; at < proof.length; at++) yield [`proof[${at}]`, consistency(m, n, proof.map((h, j) => (j === at ? resized(h, length) : h)), r1, r2)];
          }
        }
      }
      expect(rejectsAll("consistency: wrong lengths", cases(), ["MALFORMED_PROOF"])).to.be.above(5000);
    });
  });

  context("with siblings out of order (every 0 < m < n <= 64)", function () {
    it("throws ROOT_MISMATCH for every adjacent pair swapped and for the proof reversed", function () {
      function* cases(): Generator<[string, () => unknown]> {
        for (const [m, n] of pairs(N, 1)) {
          const proof = tree.consistencyProof(m, n);
          const [r1, r2] = [tree.root(m), tree.root(n)];
          for (let at = 0; at + 1 < proof.length; at++) yield [`${m}->${n} swap ${at}`, consistency(m, n, swapped(proof, at), r1, r2)];
          if (proof.length > 1) yield [`${m}->${n} reversed`, consistency(m, n, proof.slice().reverse(), r1, r2)];
        }
      }
      rejectsAll("consistency: swapped siblings", cases(), ["ROOT_MISMATCH"]);
    });
  });

  context("with off-by-one sizes and the roots the verifier holds", function () {
    it("rejects every shifted size1; a shifted size2 may pass the bare check (only a signed checkpoint binds a root to its size)", function () {
      function* cases(): Generator<[string, () => unknown]> {
        for (const [m, n] of pairs(N, 1)) {
          const proof = tree.consistencyProof(m, n);
          const [r1, r2] = [tree.root(m), tree.root(n)];
          for (const m2 of [m - 1, m + 1]) if (m2 >= 1 && m2 <= n) yield [`${m}->${n} as ${m2}->${n}`, consistency(m2, n, proof, r1, r2)];
        }
      }
      const shiftedOld = rejectsAll("consistency: off-by-one size1", cases());
      let trials = 0;
      let bareAccepted = 0;
      for (const [m, n] of pairs(N, 1)) {
        for (const n2 of [n - 1, n + 1]) {
          if (n2 <= m) continue;
          trials++;
          try {
            verifyConsistency(hasher, m, n2, tree.consistencyProof(m, n), tree.root(m), tree.root(n));
            bareAccepted++;
          } catch {
            // rejected by length or root
          }
          // With the genuine root at the claimed size (what a checkpoint of that size carries), it fails.
          expectTdlError(consistency(m, n2, tree.consistencyProof(m, n), tree.root(m), tree.root(n2)), ...REJECTED);
        }
      }
      expect(shiftedOld).to.be.above(3000);
      expect(trials).to.be.above(3000);
      expect(bareAccepted, "the bare check cannot see a relabelled size2").to.be.greaterThan(0);
      tally.set("consistency: off-by-one size2 with its genuine root", trials);
      console.log(`      off-by-one consistency size2: the bare verifier accepted ${bareAccepted} of ${trials} relabelled sizes; with the claimed size's root all ${trials} rejected`);
    });
  });

  context("with another tree's proof, or a proof between other sizes", function () {
    it("rejects them", function () {
      function* cases(): Generator<[string, () => unknown]> {
        for (const [m, n] of pairs(16, 1)) {
          const [r1, r2] = [tree.root(m), tree.root(n)];
          if (m > 1 || n - m > 1) yield ["another tree", consistency(m, n, otherTree.consistencyProof(m, n), r1, r2)];
          for (const [a, b] of pairs(16, 1)) {
            if ((a === m && b === n) || tree.consistencyProof(a, b).length === 0) continue;
            yield [`${a}->${b}'s proof`, consistency(m, n, tree.consistencyProof(a, b), r1, r2)];
          }
        }
      }
      rejectsAll("consistency: foreign proofs", cases());
    });
  });

  context("transparency-dev TestVerifyConsistency: the table of sizes that need no proof", function () {
    const root1 = SOME_HASH;
    const root2 = hasher.hashLeaf(new Uint8Array([2]));
    it("rejects each case transparency-dev rejects", function () {
      const cases: [number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
        [0, 0, root1, root2, []],
        [1, 1, root1, root2, []],
        [1, 0, root1, root2, []], // time travel to the past
        [2, 1, root1, root2, []],
        [1, 2, root1, root2, []], // empty proof
        [0, 0, EMPTY_ROOT, root2, []], // roots differ
        [1, 1, EMPTY_ROOT, root2, []],
        [0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]], // roots match, the proof is not empty
        [0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]],
        [1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]],
      ];
      for (const [m, n, r1, r2, proof] of cases) expectTdlError(consistency(m, n, proof, r1, r2), ...REJECTED);
    });

    it("accepts its always-consistent cases, and (stricter) refuses a size-0 root that is not the empty tree's", function () {
      verifyConsistency(hasher, 0, 0, [], EMPTY_ROOT, EMPTY_ROOT);
      verifyConsistency(hasher, 0, 1, [], EMPTY_ROOT, root2);
      verifyConsistency(hasher, 1, 1, [], root2, root2);
      // transparency-dev accepts {0, 1, "don't care 1", "don't care 2"}: any old root for the empty tree.
      expectTdlError(consistency(0, 1, [], root1, root2), "ROOT_MISMATCH");
      // ...and hashes of any length; this verifier wants hashes of the hasher's size.
      expectTdlError(consistency(1, 1, [], new Uint8Array(Buffer.from("don't care 2")), new Uint8Array(Buffer.from("don't care 2"))), "MALFORMED_PROOF");
    });
  });
});

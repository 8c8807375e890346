import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../helpers/seed";
import { ethers } from "hardhat";
import type { RFC6962Harness } from "../../typechain-types";
import {
  consistencyProof,
  hasher,
  inclusionProof,
  rootOf,
  sampleTree,
  toHex,
  treeOfLeafHashes,
} from "./helpers/merkle";

// transparency-dev/merkle testonly/constants.go and proof/verify_test.go: the published RFC 6962 vectors.
const LEAF_INPUTS = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
];
const LEAF_HASHES = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
  "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
  "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
  "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
  "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
  "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
].map((h) => `0x${h}`);
/** ROOTS[n] is the root of the first n leaves. */
const ROOTS = [
  "",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
].map((h) => `0x${h}`);
const H = (h: string) => `0x${h}`;
/** Inclusion vectors: 1-based leaf, tree size, proof. */
const INCLUSION_VECTORS: { leaf: number; size: number; proof: string[] }[] = [
  { leaf: 1, size: 1, proof: [] },
  {
    leaf: 1,
    size: 8,
    proof: [
      H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
      H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
      H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
    ],
  },
  {
    leaf: 6,
    size: 8,
    proof: [
      H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
      H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
      H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    ],
  },
  { leaf: 3, size: 3, proof: [H("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")] },
  {
    leaf: 2,
    size: 5,
    proof: [
      H("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
      H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
      H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
    ],
  },
];
const CONSISTENCY_VECTORS: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
      H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
      H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      H("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
      H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
      H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
      H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      H("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
      H("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
      H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    ],
  },
];
const SOME_HASH = H("abacaba000000000000000000000000000000000000000000060061e00123456");

/** The hash with one bit of its first byte flipped. */
function flipBit(hash: string, mask = 0x08): string {
  const bytes = ethers.getBytes(hash);
  bytes[0] ^= mask;
  return ethers.hexlify(bytes);
}

const MAX_SIZE = 200;

useSeed("contracts/RFC6962.test.ts");

describe("RFC6962", function () {
  async function deployHarness() {
    const harness: RFC6962Harness = await (await ethers.getContractFactory("RFC6962Harness")).deploy();
    const { tree } = sampleTree(MAX_SIZE, "property");
    return { harness, tree };
  }

  describe("hashLeaf and hashChildren", function () {
    it("give the published leaf hashes and roots", async function () {
      const { harness } = await loadFixture(deployHarness);
      for (let i = 0; i < LEAF_INPUTS.length; i++) {
        expect(await harness.hashLeaf(`0x${LEAF_INPUTS[i]}`)).to.equal(LEAF_HASHES[i]);
      }
      expect(await harness.hashChildren(LEAF_HASHES[0], LEAF_HASHES[1])).to.equal(ROOTS[2]);
    });

    it("agree with sha256(abi.encodePacked(0x01, left, right))", async function () {
      const { harness } = await loadFixture(deployHarness);
      const expected = ethers.sha256(ethers.concat(["0x01", LEAF_HASHES[2], LEAF_HASHES[3]]));
      expect(await harness.hashChildren(LEAF_HASHES[2], LEAF_HASHES[3])).to.equal(expected);
    });
  });

  describe("verifyInclusion", function () {
    context("with the published vectors", function () {
      it("accepts every proof", async function () {
        const { harness } = await loadFixture(deployHarness);
        for (const { leaf, size, proof } of INCLUSION_VECTORS) {
          expect(await harness.verifyInclusion(leaf - 1, size, LEAF_HASHES[leaf - 1], proof, ROOTS[size])).to.equal(
            true,
            `leaf ${leaf} in ${size}`,
          );
        }
      });

      it("rejects a wrong leaf, a wrong root and every proof hash with one bit flipped", async function () {
        const { harness } = await loadFixture(deployHarness);
        for (const { leaf, size, proof } of INCLUSION_VECTORS) {
          const index = leaf - 1;
          expect(await harness.verifyInclusion(index, size, SOME_HASH, proof, ROOTS[size])).to.equal(false);
          expect(await harness.verifyInclusion(index, size, LEAF_HASHES[index], proof, SOME_HASH)).to.equal(false);
          for (let i = 0; i < proof.length; i++) {
            const wrong = proof.map((h, j) => (j === i ? flipBit(h) : h));
            expect(await harness.verifyInclusion(index, size, LEAF_HASHES[index], wrong, ROOTS[size])).to.equal(false);
          }
        }
      });

      it("rejects a proof moved to another leaf of the same proof length", async function () {
        const { harness } = await loadFixture(deployHarness);
        // Leaf 6 of 8 (index 5) with its proof presented for index 4 and 7 (index ^ 2).
        const { proof } = INCLUSION_VECTORS[2];
        expect(await harness.verifyInclusion(4, 8, LEAF_HASHES[5], proof, ROOTS[8])).to.equal(false);
        expect(await harness.verifyInclusion(7, 8, LEAF_HASHES[5], proof, ROOTS[8])).to.equal(false);
      });
    });

    context("when the index is not below the size", function () {
      it("reverts with RFC6962IndexOutOfRange", async function () {
        const { harness } = await loadFixture(deployHarness);
        await expect(harness.verifyInclusion(8, 8, LEAF_HASHES[0], [], ROOTS[8]))
          .to.be.revertedWithCustomError(harness, "RFC6962IndexOutOfRange")
          .withArgs(8, 8);
        await expect(harness.verifyInclusion(0, 0, LEAF_HASHES[0], [], ROOTS[1]))
          .to.be.revertedWithCustomError(harness, "RFC6962IndexOutOfRange")
          .withArgs(0, 0);
      });
    });

    context("when the proof has the wrong length", function () {
      it("reverts with RFC6962ProofLengthInvalid for a missing, an extra or a leading hash", async function () {
        const { harness } = await loadFixture(deployHarness);
        const { proof } = INCLUSION_VECTORS[1];
        await expect(harness.verifyInclusion(0, 8, LEAF_HASHES[0], proof.slice(0, 2), ROOTS[8]))
          .to.be.revertedWithCustomError(harness, "RFC6962ProofLengthInvalid")
          .withArgs(2, 3);
        await expect(harness.verifyInclusion(0, 8, LEAF_HASHES[0], [...proof, ROOTS[8]], ROOTS[8]))
          .to.be.revertedWithCustomError(harness, "RFC6962ProofLengthInvalid")
          .withArgs(4, 3);
        await expect(harness.verifyInclusion(0, 8, LEAF_HASHES[0], [ROOTS[8], ...proof], ROOTS[8]))
          .to.be.revertedWithCustomError(harness, "RFC6962ProofLengthInvalid")
          .withArgs(4, 3);
        // Half the size: a shorter tree needs a shorter proof.
        await expect(harness.verifyInclusion(0, 4, LEAF_HASHES[0], proof, ROOTS[8]))
          .to.be.revertedWithCustomError(harness, "RFC6962ProofLengthInvalid")
          .withArgs(3, 2);
      });
    });

    context("for random leaves of random trees up to 200 entries", function () {
      it("accepts the real proof and rejects it with any one hash changed", async function () {
        const { harness, tree } = await loadFixture(deployHarness);
        await fc.assert(
          fc.asyncProperty(
            fc
              .integer({ min: 1, max: MAX_SIZE })
              .chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1), fc.nat())),
            async ([size, index, pick]) => {
              const proof = inclusionProof(tree, index, size).map(toHex);
              const leafHash = toHex(tree({ level: 0, index }));
              const root = toHex(rootOf(tree, size));
              expect(await harness.inclusionProofLength(index, size)).to.equal(proof.length);
              expect(await harness.verifyInclusion(index, size, leafHash, proof, root)).to.equal(true);
              if (proof.length > 0) {
                const at = pick % proof.length;
                const wrong = proof.map((h, j) => (j === at ? flipBit(h, 1 << (pick % 8)) : h));
                expect(await harness.verifyInclusion(index, size, leafHash, wrong, root)).to.equal(false);
              }
            },
          ),
          { numRuns: 50 },
        );
      });
    });
  });

  describe("verifyConsistency", function () {
    context("with the published vectors", function () {
      it("accepts every proof", async function () {
        const { harness } = await loadFixture(deployHarness);
        for (const { size1, size2, proof } of CONSISTENCY_VECTORS) {
          expect(await harness.verifyConsistency(size1, size2, proof, ROOTS[size1], ROOTS[size2])).to.equal(
            true,
            `${size1} -> ${size2}`,
          );
        }
      });

      it("rejects wrong or swapped roots and every proof hash with one bit flipped", async function () {
        const { harness } = await loadFixture(deployHarness);
        for (const { size1, size2, proof } of CONSISTENCY_VECTORS.filter((v) => v.proof.length > 0)) {
          const [root1, root2] = [ROOTS[size1], ROOTS[size2]];
          expect(await harness.verifyConsistency(size1, size2, proof, SOME_HASH, root2)).to.equal(false);
          expect(await harness.verifyConsistency(size1, size2, proof, root1, SOME_HASH)).to.equal(false);
          expect(await harness.verifyConsistency(size1, size2, proof, root2, root1)).to.equal(false);
          for (let i = 0; i < proof.length; i++) {
            const wrong = proof.map((h, j) => (j === i ? flipBit(h, 0x10) : h));
            expect(await harness.verifyConsistency(size1, size2, wrong, root1, root2)).to.equal(false);
          }
        }
      });
    });

    context("when the sizes are equal or the first is empty", function () {
      it("needs an empty proof, and equal roots for equal sizes", async function () {
        const { harness } = await loadFixture(deployHarness);
        expect(await harness.verifyConsistency(5, 5, [], ROOTS[5], ROOTS[5])).to.equal(true);
        expect(await harness.verifyConsistency(5, 5, [], ROOTS[5], ROOTS[6])).to.equal(false);
        expect(await harness.verifyConsistency(0, 8, [], ethers.ZeroHash, ROOTS[8])).to.equal(true);
        await expect(harness.verifyConsistency(5, 5, [ROOTS[5]], ROOTS[5], ROOTS[5]))
          .to.be.revertedWithCustomError(harness, "RFC6962ProofLengthInvalid")
          .withArgs(1, 0);
        await expect(harness.verifyConsistency(0, 8, [ROOTS[8]], ethers.ZeroHash, ROOTS[8]))
          .to.be.revertedWithCustomError(harness, "RFC6962ProofLengthInvalid")
          .withArgs(1, 0);
      });
    });

    context("when the first size is larger than the second", function () {
      it("reverts with RFC6962SizesDecreasing", async function () {
        const { harness } = await loadFixture(deployHarness);
        await expect(harness.verifyConsistency(8, 6, CONSISTENCY_VECTORS[2].proof, ROOTS[8], ROOTS[6]))
          .to.be.revertedWithCustomError(harness, "RFC6962SizesDecreasing")
          .withArgs(8, 6);
      });
    });

    context("when the proof has the wrong length", function () {
      it("reverts with RFC6962ProofLengthInvalid for an empty, truncated or padded proof", async function () {
        const { harness } = await loadFixture(deployHarness);
        const { proof } = CONSISTENCY_VECTORS[2]; // 6 -> 8
        const [root1, root2] = [ROOTS[6], ROOTS[8]];
        await expect(harness.verifyConsistency(6, 8, [], root1, root2))
          .to.be.revertedWithCustomError(harness, "RFC6962ProofLengthInvalid")
          .withArgs(0, 3);
        await expect(harness.verifyConsistency(6, 8, proof.slice(0, 2), root1, root2))
          .to.be.revertedWithCustomError(harness, "RFC6962ProofLengthInvalid")
          .withArgs(2, 3);
        await expect(harness.verifyConsistency(6, 8, [...proof, root2], root1, root2))
          .to.be.revertedWithCustomError(harness, "RFC6962ProofLengthInvalid")
          .withArgs(4, 3);
        await expect(harness.verifyConsistency(6, 8, [proof[0], ...proof], root1, root2))
          .to.be.revertedWithCustomError(harness, "RFC6962ProofLengthInvalid")
          .withArgs(4, 3);
      });
    });

    context("for random sizes m <= n up to 200 entries", function () {
      it("accepts the real proof and rejects it with any one hash changed", async function () {
        const { harness, tree } = await loadFixture(deployHarness);
        await fc.assert(
          fc.asyncProperty(
            fc
              .integer({ min: 1, max: MAX_SIZE })
              .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n), fc.nat())),
            async ([m, n, pick]) => {
              const proof = consistencyProof(tree, m, n).map(toHex);
              const [root1, root2] = [toHex(rootOf(tree, m)), toHex(rootOf(tree, n))];
              expect(await harness.consistencyProofLength(m, n)).to.equal(proof.length);
              expect(await harness.verifyConsistency(m, n, proof, root1, root2)).to.equal(true);
              if (proof.length > 0) {
                const at = pick % proof.length;
                const wrong = proof.map((h, j) => (j === at ? flipBit(h, 1 << (pick % 8)) : h));
                expect(await harness.verifyConsistency(m, n, wrong, root1, root2)).to.equal(false);
              }
            },
          ),
          { numRuns: 50 },
        );
      });
    });
  });

  describe("the test tree", function () {
    it("reproduces the published roots for sizes 1..8", function () {
      const tree = treeOfLeafHashes(LEAF_INPUTS.map((d) => hasher.hashLeaf(Buffer.from(d, "hex"))));
      for (let size = 1; size <= 8; size++) expect(toHex(rootOf(tree, size))).to.equal(ROOTS[size]);
    });
  });
});

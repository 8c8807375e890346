import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../helpers/seed";
import { ethers } from "hardhat";
import { anchoredFixture, BUREAU, deployFixture, LOG_ID, NODE_ORG, ORIGIN, OrgKind, OTHER_ORG, registeredFixture, TREE_SIZE } from "./helpers/anchor-fixture";
import { consistencyProof, inclusionProof, rootOf, sampleTree, toHex, type SubtreeHashes } from "./helpers/merkle";

function flipBit(hash: string, mask = 0x01): string {
  const bytes = ethers.getBytes(hash);
  bytes[0] ^= mask;
  return ethers.hexlify(bytes);
}

useSeed("contracts/AccessLogAnchor.test.ts");

describe("AccessLogAnchor", function () {
  const root = (tree: SubtreeHashes, size: number) => toHex(rootOf(tree, size));
  const proofOf = (tree: SubtreeHashes, m: number, n: number) => consistencyProof(tree, m, n).map(toHex);

  describe("registerLog", function () {
    context("when bureau staff register a node's log", function () {
      it("records the log and emits LogRegistered", async function () {
        const { anchors, official1, nodeKey } = await loadFixture(deployFixture);
        await expect(anchors.connect(official1).registerLog(ORIGIN, NODE_ORG, nodeKey))
          .to.emit(anchors, "LogRegistered")
          .withArgs(LOG_ID, ORIGIN, NODE_ORG, nodeKey.address, BUREAU, official1.address);
        const log = await anchors.accessLog(LOG_ID);
        expect(log.origin).to.equal(ORIGIN);
        expect(log.nodeOrg).to.equal(NODE_ORG);
        expect(log.anchoringKey).to.equal(nodeKey.address);
        expect(log.retired).to.equal(false);
        expect(log.registeredAt).to.equal(await time.latest());
        expect(await anchors.logIdOf(ORIGIN)).to.equal(LOG_ID);
        expect(await anchors.logCount()).to.equal(1);
      });
    });

    context("when the caller is not bureau staff", function () {
      it("reverts with WrongOrganizationKind for a node's key and UnknownKey for a stranger", async function () {
        const { anchors, nodeKey, stranger } = await loadFixture(deployFixture);
        await expect(anchors.connect(nodeKey).registerLog(ORIGIN, NODE_ORG, nodeKey))
          .to.be.revertedWithCustomError(anchors, "WrongOrganizationKind")
          .withArgs(NODE_ORG, OrgKind.Operator, OrgKind.Bureau);
        await expect(anchors.connect(stranger).registerLog(ORIGIN, NODE_ORG, nodeKey))
          .to.be.revertedWithCustomError(anchors, "UnknownKey")
          .withArgs(stranger.address);
      });
    });

    context("when the origin is taken or empty", function () {
      it("reverts with AnchorOriginTaken and AnchorOriginEmpty", async function () {
        const { anchors, official1, nodeKey2 } = await loadFixture(registeredFixture);
        await expect(anchors.connect(official1).registerLog(ORIGIN, NODE_ORG, nodeKey2))
          .to.be.revertedWithCustomError(anchors, "AnchorOriginTaken")
          .withArgs(ORIGIN, LOG_ID);
        await expect(anchors.connect(official1).registerLog("", NODE_ORG, nodeKey2)).to.be.revertedWithCustomError(
          anchors,
          "AnchorOriginEmpty",
        );
      });
    });

    context("when the anchoring key does not act for the node's organisation", function () {
      it("reverts with AnchorKeyNotOfNode naming the key's organisation", async function () {
        const { anchors, official1, otherOrgKey, stranger } = await loadFixture(deployFixture);
        await expect(anchors.connect(official1).registerLog(ORIGIN, NODE_ORG, otherOrgKey))
          .to.be.revertedWithCustomError(anchors, "AnchorKeyNotOfNode")
          .withArgs(otherOrgKey.address, NODE_ORG, OTHER_ORG);
        await expect(anchors.connect(official1).registerLog(ORIGIN, NODE_ORG, stranger))
          .to.be.revertedWithCustomError(anchors, "AnchorKeyNotOfNode")
          .withArgs(stranger.address, NODE_ORG, 0);
        await expect(anchors.connect(official1).registerLog(ORIGIN, 0, stranger))
          .to.be.revertedWithCustomError(anchors, "AnchorKeyNotOfNode")
          .withArgs(stranger.address, 0, 0);
      });
    });
  });

  describe("rotateAnchoringKey", function () {
    context("when bureau staff rotate to another key of the node", function () {
      it("emits AnchoringKeyRotated, and only the new key anchors", async function () {
        const { anchors, tree, official1, nodeKey, nodeKey2 } = await loadFixture(registeredFixture);
        await expect(anchors.connect(official1).rotateAnchoringKey(LOG_ID, nodeKey2))
          .to.emit(anchors, "AnchoringKeyRotated")
          .withArgs(LOG_ID, nodeKey.address, nodeKey2.address, BUREAU, official1.address);
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 5, root(tree, 5), []))
          .to.be.revertedWithCustomError(anchors, "AnchorKeyUnauthorized")
          .withArgs(nodeKey.address, LOG_ID);
        await expect(anchors.connect(nodeKey2).anchor(LOG_ID, 5, root(tree, 5), []))
          .to.emit(anchors, "LogRootAnchored")
          .withArgs(LOG_ID, 5, root(tree, 5), 0, NODE_ORG, nodeKey2.address);
      });
    });

    context("when the new key is not of the node, the log is unknown or the caller is not bureau staff", function () {
      it("reverts with AnchorKeyNotOfNode, AnchorLogUnknown and WrongOrganizationKind", async function () {
        const { anchors, official1, nodeKey, otherOrgKey } = await loadFixture(registeredFixture);
        await expect(anchors.connect(official1).rotateAnchoringKey(LOG_ID, otherOrgKey))
          .to.be.revertedWithCustomError(anchors, "AnchorKeyNotOfNode")
          .withArgs(otherOrgKey.address, NODE_ORG, OTHER_ORG);
        await expect(anchors.connect(official1).rotateAnchoringKey(9, nodeKey))
          .to.be.revertedWithCustomError(anchors, "AnchorLogUnknown")
          .withArgs(9);
        await expect(anchors.connect(nodeKey).rotateAnchoringKey(LOG_ID, nodeKey))
          .to.be.revertedWithCustomError(anchors, "WrongOrganizationKind")
          .withArgs(NODE_ORG, OrgKind.Operator, OrgKind.Bureau);
      });
    });
  });

  describe("retireLog", function () {
    context("when bureau staff retire an anchored log", function () {
      it("emits LogRetired with the final size; anchors stop, anchored roots still answer", async function () {
        const { anchors, tree, official1, nodeKey, nodeKey2 } = await loadFixture(anchoredFixture);
        await expect(anchors.connect(official1).retireLog(LOG_ID))
          .to.emit(anchors, "LogRetired")
          .withArgs(LOG_ID, 30, BUREAU, official1.address);
        expect((await anchors.accessLog(LOG_ID)).retired).to.equal(true);
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 40, root(tree, 40), proofOf(tree, 30, 40)))
          .to.be.revertedWithCustomError(anchors, "AnchorLogRetired")
          .withArgs(LOG_ID);
        await expect(anchors.connect(official1).rotateAnchoringKey(LOG_ID, nodeKey2))
          .to.be.revertedWithCustomError(anchors, "AnchorLogRetired")
          .withArgs(LOG_ID);
        await expect(anchors.connect(official1).retireLog(LOG_ID))
          .to.be.revertedWithCustomError(anchors, "AnchorLogRetired")
          .withArgs(LOG_ID);
        expect(await anchors.anchoredRoot(LOG_ID, 30)).to.equal(root(tree, 30));
        const leaf = toHex(tree({ level: 0, index: 3 }));
        expect(await anchors.verifyInclusion(LOG_ID, 30, 3, leaf, inclusionProof(tree, 3, 30).map(toHex))).to.equal(
          true,
        );
      });
    });

    context("when the caller is not bureau staff", function () {
      it("reverts with WrongOrganizationKind", async function () {
        const { anchors, nodeKey } = await loadFixture(registeredFixture);
        await expect(anchors.connect(nodeKey).retireLog(LOG_ID))
          .to.be.revertedWithCustomError(anchors, "WrongOrganizationKind")
          .withArgs(NODE_ORG, OrgKind.Operator, OrgKind.Bureau);
      });
    });
  });

  describe("anchor", function () {
    context("when the first anchor comes with an empty proof", function () {
      it("stores the root and emits LogRootAnchored from size 0", async function () {
        const { anchors, tree, nodeKey } = await loadFixture(registeredFixture);
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 10, root(tree, 10), []))
          .to.emit(anchors, "LogRootAnchored")
          .withArgs(LOG_ID, 10, root(tree, 10), 0, NODE_ORG, nodeKey.address);
        expect(await anchors.anchoredRoot(LOG_ID, 10)).to.equal(root(tree, 10));
        expect(await anchors.latestAnchor(LOG_ID)).to.deep.equal([
          10n,
          root(tree, 10),
          BigInt(await time.latest()),
          1n,
        ]);
        expect(await anchors.anchorCount(LOG_ID)).to.equal(1);
      });
    });

    context("when the first anchor comes with a proof", function () {
      it("reverts with RFC6962ProofLengthInvalid: nothing precedes it", async function () {
        const { anchors, tree, nodeKey } = await loadFixture(registeredFixture);
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 10, root(tree, 10), [root(tree, 5)]))
          .to.be.revertedWithCustomError(anchors, "RFC6962ProofLengthInvalid")
          .withArgs(1, 0);
      });
    });

    context("when the new tree extends the last anchored one", function () {
      it("stores the new root, keeps the old one and emits LogRootAnchored from the last size", async function () {
        const { anchors, tree, nodeKey } = await loadFixture(anchoredFixture);
        const proof = proofOf(tree, 30, 77);
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 77, root(tree, 77), proof))
          .to.emit(anchors, "LogRootAnchored")
          .withArgs(LOG_ID, 77, root(tree, 77), 30, NODE_ORG, nodeKey.address);
        expect(await anchors.anchoredRoot(LOG_ID, 10)).to.equal(root(tree, 10));
        expect(await anchors.anchoredRoot(LOG_ID, 30)).to.equal(root(tree, 30));
        expect(await anchors.anchoredRoot(LOG_ID, 77)).to.equal(root(tree, 77));
        expect(await anchors.anchoredRoot(LOG_ID, 50)).to.equal(ethers.ZeroHash);
        const [size, latestRoot, , count] = await anchors.latestAnchor(LOG_ID);
        expect([size, latestRoot, count]).to.deep.equal([77n, root(tree, 77), 3n]);
      });
    });

    context("when the size does not grow", function () {
      it("reverts with AnchorSizeNotGrowing for the same and a smaller size", async function () {
        const { anchors, tree, nodeKey } = await loadFixture(anchoredFixture);
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 30, root(tree, 30), []))
          .to.be.revertedWithCustomError(anchors, "AnchorSizeNotGrowing")
          .withArgs(LOG_ID, 30, 30);
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 20, root(tree, 20), proofOf(tree, 10, 20)))
          .to.be.revertedWithCustomError(anchors, "AnchorSizeNotGrowing")
          .withArgs(LOG_ID, 20, 30);
      });
    });

    context("when the consistency proof is bad", function () {
      it("reverts with AnchorInconsistent for a changed proof hash and for a rewritten tree", async function () {
        const { anchors, tree, nodeKey } = await loadFixture(anchoredFixture);
        const proof = proofOf(tree, 30, 40);
        const changed = proof.map((h, i) => (i === 1 ? flipBit(h) : h));
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 40, root(tree, 40), changed))
          .to.be.revertedWithCustomError(anchors, "AnchorInconsistent")
          .withArgs(LOG_ID, 30, root(tree, 30), 40, root(tree, 40));
        // A log whose first 40 entries differ: its own proof does not lead back to the anchored root at 30.
        const { tree: rewritten } = sampleTree(40, "rewritten");
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 40, root(rewritten, 40), proofOf(rewritten, 30, 40)))
          .to.be.revertedWithCustomError(anchors, "AnchorInconsistent")
          .withArgs(LOG_ID, 30, root(tree, 30), 40, root(rewritten, 40));
      });
    });

    context("when the consistency proof has the wrong length", function () {
      it("reverts with RFC6962ProofLengthInvalid", async function () {
        const { anchors, tree, nodeKey } = await loadFixture(anchoredFixture);
        const proof = proofOf(tree, 30, 40);
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 40, root(tree, 40), proof.slice(1)))
          .to.be.revertedWithCustomError(anchors, "RFC6962ProofLengthInvalid")
          .withArgs(proof.length - 1, proof.length);
      });
    });

    context("when the root is zero", function () {
      it("reverts with AnchorRootZero", async function () {
        const { anchors, nodeKey } = await loadFixture(registeredFixture);
        await expect(anchors.connect(nodeKey).anchor(LOG_ID, 10, ethers.ZeroHash, []))
          .to.be.revertedWithCustomError(anchors, "AnchorRootZero")
          .withArgs(LOG_ID);
      });
    });

    context("when a key other than the log's anchoring key calls", function () {
      it("reverts with AnchorKeyUnauthorized naming the key and the log, for a stranger and for the node's other staff key", async function () {
        const { anchors, tree, nodeKey2, stranger, official1 } = await loadFixture(registeredFixture);
        for (const key of [stranger, nodeKey2, official1]) {
          await expect(anchors.connect(key).anchor(LOG_ID, 10, root(tree, 10), []))
            .to.be.revertedWithCustomError(anchors, "AnchorKeyUnauthorized")
            .withArgs(key.address, LOG_ID);
        }
      });
    });

    context("when the log is not registered", function () {
      it("reverts with AnchorLogUnknown", async function () {
        const { anchors, tree, nodeKey } = await loadFixture(registeredFixture);
        await expect(anchors.connect(nodeKey).anchor(7, 10, root(tree, 10), []))
          .to.be.revertedWithCustomError(anchors, "AnchorLogUnknown")
          .withArgs(7);
      });
    });

    context("for random sizes m < n up to 200", function () {
      it("accepts n after m with the real consistency proof and rejects it with any one hash changed", async function () {
        const { tree } = await loadFixture(registeredFixture);
        await fc.assert(
          fc.asyncProperty(
            fc
              .integer({ min: 2, max: TREE_SIZE })
              .chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n), fc.nat())),
            async ([m, n, pick]) => {
              const { anchors, nodeKey } = await loadFixture(registeredFixture);
              const node = anchors.connect(nodeKey);
              await node.anchor(LOG_ID, m, root(tree, m), []);
              const proof = proofOf(tree, m, n);
              const at = pick % proof.length;
              const changed = proof.map((h, i) => (i === at ? flipBit(h, 1 << (pick % 8)) : h));
              await expect(node.anchor(LOG_ID, n, root(tree, n), changed))
                .to.be.revertedWithCustomError(anchors, "AnchorInconsistent")
                .withArgs(LOG_ID, m, root(tree, m), n, root(tree, n));
              await expect(node.anchor(LOG_ID, n, root(tree, n), proof))
                .to.emit(anchors, "LogRootAnchored")
                .withArgs(LOG_ID, n, root(tree, n), m, NODE_ORG, nodeKey.address);
            },
          ),
          { numRuns: 50 },
        );
      });
    });
  });

  describe("verifyInclusion", function () {
    context("when the size was anchored", function () {
      it("verifies every entry against the anchored root of either size", async function () {
        const { anchors, tree } = await loadFixture(anchoredFixture);
        for (const size of [10, 30]) {
          for (let index = 0; index < size; index++) {
            const leaf = toHex(tree({ level: 0, index }));
            const proof = inclusionProof(tree, index, size).map(toHex);
            expect(await anchors.verifyInclusion(LOG_ID, size, index, leaf, proof)).to.equal(
              true,
              `${index} of ${size}`,
            );
          }
        }
      });

      it("returns false for a wrong leaf, another entry's leaf or a changed proof", async function () {
        const { anchors, tree } = await loadFixture(anchoredFixture);
        const proof = inclusionProof(tree, 12, 30).map(toHex);
        const leaf = toHex(tree({ level: 0, index: 12 }));
        expect(await anchors.verifyInclusion(LOG_ID, 30, 12, flipBit(leaf), proof)).to.equal(false);
        expect(await anchors.verifyInclusion(LOG_ID, 30, 12, toHex(tree({ level: 0, index: 13 })), proof)).to.equal(
          false,
        );
        expect(await anchors.verifyInclusion(LOG_ID, 30, 12, leaf, [flipBit(proof[0]), ...proof.slice(1)])).to.equal(
          false,
        );
        // An entry appended after size 10 is not in the tree anchored at 10.
        const late = toHex(tree({ level: 0, index: 20 }));
        const lateProof = inclusionProof(tree, 20, 30).map(toHex);
        await expect(anchors.verifyInclusion(LOG_ID, 10, 20, late, lateProof))
          .to.be.revertedWithCustomError(anchors, "RFC6962IndexOutOfRange")
          .withArgs(20, 10);
      });
    });

    context("when the size was never anchored", function () {
      it("reverts with AnchorSizeNotAnchored, also for an unknown log", async function () {
        const { anchors, tree } = await loadFixture(anchoredFixture);
        const leaf = toHex(tree({ level: 0, index: 3 }));
        const proof = inclusionProof(tree, 3, 20).map(toHex);
        await expect(anchors.verifyInclusion(LOG_ID, 20, 3, leaf, proof))
          .to.be.revertedWithCustomError(anchors, "AnchorSizeNotAnchored")
          .withArgs(LOG_ID, 20);
        await expect(anchors.verifyInclusion(5, 30, 3, leaf, proof))
          .to.be.revertedWithCustomError(anchors, "AnchorSizeNotAnchored")
          .withArgs(5, 30);
      });
    });
  });
});

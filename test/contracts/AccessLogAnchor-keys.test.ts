import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import { generateNoteKey } from "../../server/log";
import { anchoredFixture, LOG_ID, NODE_ORG, ORIGIN, OTHER_ORG, registeredFixture } from "./helpers/anchor-fixture";
import { consistencyProof, rootOf, toHex } from "./helpers/merkle";

/** The log's checkpoint key on chain (issue 15 item 7): set and rotated by the log's organisation only, with history. */

const FIRST = generateNoteKey(ORIGIN).verifierKey;
const SECOND = generateNoteKey(ORIGIN).verifierKey;

describe("AccessLogAnchor checkpoint keys", function () {
  describe("setLogKey", function () {
    context("when the node's staff set the first key and then rotate it", function () {
      it("emits LogKeyRotated naming the acting org and key, keeps every key with the size it is valid from", async function () {
        const { anchors, tree, nodeKey, nodeKey2 } = await loadFixture(anchoredFixture);
        const first = await (await anchors.connect(nodeKey).setLogKey(LOG_ID, FIRST)).wait();
        await expect(first!.hash)
          .to.emit(anchors, "LogKeyRotated")
          .withArgs(LOG_ID, 0, FIRST, 0, NODE_ORG, nodeKey.address);
        await anchors.connect(nodeKey).anchor(LOG_ID, 50, toHex(rootOf(tree, 50)), consistencyProof(tree, 30, 50).map(toHex));
        const second = await (await anchors.connect(nodeKey2).setLogKey(LOG_ID, SECOND)).wait();
        await expect(second!.hash)
          .to.emit(anchors, "LogKeyRotated")
          .withArgs(LOG_ID, 1, SECOND, 50, NODE_ORG, nodeKey2.address);

        const history = await anchors.logKeys(LOG_ID);
        expect(history.map((k) => [k.verifierKey, Number(k.validFromSize), Number(k.setAtBlock)])).to.deep.equal([
          [FIRST, 0, first!.blockNumber],
          [SECOND, 50, second!.blockNumber],
        ]);
        const at = async (size: number) => {
          const [index, key] = await anchors.logKeyFor(LOG_ID, size);
          return [Number(index), key.verifierKey];
        };
        expect(await at(0)).to.deep.equal([0, FIRST]);
        expect(await at(49)).to.deep.equal([0, FIRST]);
        expect(await at(50)).to.deep.equal([1, SECOND]);
        expect(await at(1000)).to.deep.equal([1, SECOND]);
      });
    });

    context("when another organisation, the bureau, or a stranger tries to set the key", function () {
      it("reverts with AnchorNotLogOrg naming both organisations, or UnknownKey", async function () {
        // org 1 is the bureau: it registers logs and their anchoring keys, but the checkpoint key is the node's
        const { anchors, official1, otherOrgKey, stranger } = await loadFixture(registeredFixture);
        await expect(anchors.connect(otherOrgKey).setLogKey(LOG_ID, FIRST))
          .to.be.revertedWithCustomError(anchors, "AnchorNotLogOrg")
          .withArgs(LOG_ID, OTHER_ORG, NODE_ORG);
        await expect(anchors.connect(official1).setLogKey(LOG_ID, FIRST))
          .to.be.revertedWithCustomError(anchors, "AnchorNotLogOrg")
          .withArgs(LOG_ID, 1, NODE_ORG);
        await expect(anchors.connect(stranger).setLogKey(LOG_ID, FIRST))
          .to.be.revertedWithCustomError(anchors, "UnknownKey")
          .withArgs(stranger.address);
        expect(await anchors.logKeys(LOG_ID)).to.have.length(0);
      });
    });

    context("when the key is empty or already in force, the log unknown, retired, or its organisation suspended", function () {
      it("reverts with AnchorLogKeyEmpty, AnchorLogKeyUnchanged, AnchorLogUnknown, AnchorLogRetired, OrganizationNotActive", async function () {
        const { orgs, anchors, official1, nodeKey } = await loadFixture(registeredFixture);
        await expect(anchors.connect(nodeKey).setLogKey(LOG_ID, "")).to.be.revertedWithCustomError(anchors, "AnchorLogKeyEmpty").withArgs(LOG_ID);
        await anchors.connect(nodeKey).setLogKey(LOG_ID, FIRST);
        await expect(anchors.connect(nodeKey).setLogKey(LOG_ID, FIRST))
          .to.be.revertedWithCustomError(anchors, "AnchorLogKeyUnchanged")
          .withArgs(LOG_ID, 0);
        await expect(anchors.connect(nodeKey).setLogKey(7, FIRST)).to.be.revertedWithCustomError(anchors, "AnchorLogUnknown").withArgs(7);
        await anchors.connect(official1).retireLog(LOG_ID);
        await expect(anchors.connect(nodeKey).setLogKey(LOG_ID, SECOND)).to.be.revertedWithCustomError(anchors, "AnchorLogRetired").withArgs(LOG_ID);
        await orgs.connect(official1).suspendOrganization(NODE_ORG, ethers.id("rectification order"));
        await expect(anchors.connect(nodeKey).setLogKey(LOG_ID, SECOND))
          .to.be.revertedWithCustomError(anchors, "OrganizationNotActive")
          .withArgs(NODE_ORG, 2);
      });
    });
  });

  describe("logKeyFor", function () {
    it("reverts with AnchorLogKeyNone before any key is set", async function () {
      const { anchors } = await loadFixture(registeredFixture);
      await expect(anchors.logKeyFor(LOG_ID, 5)).to.be.revertedWithCustomError(anchors, "AnchorLogKeyNone").withArgs(LOG_ID, 5);
    });
  });
});

import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ErrorFragment } from "ethers";
import { ethers } from "hardhat";
import { chainError, createAnchorChainPort, createChainClient, decodeRevertData, readDeployments, REVERT_SENTENCES } from "../../../server/chain";
import { TdlError } from "../../../server/errors";
import { LOG_ID, registeredLogFixture } from "./helpers";

async function rejection(promise: Promise<unknown>): Promise<TdlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TdlError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("chain errors", function () {
  describe("chainError", function () {
    context("when a transaction reverts with a custom error", function () {
      it("gives CHAIN_REVERT with the error, its arguments and the sentence", async function () {
        const { ledger, keys } = await loadFixture(registeredLogFixture);
        const stranger = await createAnchorChainPort(ledger.anchors.connect(keys.stranger), LOG_ID);
        const error = await rejection(stranger.anchor(4, ethers.id("root"), []));
        expect(error.code).to.equal("CHAIN_REVERT");
        expect(error.message).to.equal(
          `AnchorKeyUnauthorized(key=${keys.stranger.address}, logId=1): Key ${keys.stranger.address} is not the anchoring key of log 1; the bureau registers or rotates that key.`,
        );
        expect(error.details).to.deep.include({ error: "AnchorKeyUnauthorized" });
      });

      it("decodes the size and proof errors of anchor", async function () {
        const { ledger, keys } = await loadFixture(registeredLogFixture);
        const node = await createAnchorChainPort(ledger.anchors.connect(keys.operator), LOG_ID);
        await node.anchor(4, ethers.id("root4"), []);
        const notGrowing = await rejection(node.anchor(3, ethers.id("root3"), []));
        expect(notGrowing.message).to.match(/^AnchorSizeNotGrowing\(logId=1, newSize=3, lastSize=4\): Log 1 is already anchored at size 4/);
        const inconsistent = await rejection(node.anchor(8, ethers.id("root8"), [ethers.id("x")]));
        expect(inconsistent.message).to.match(/^AnchorInconsistent\(logId=1, lastSize=4, lastRoot=0x[0-9a-f]{64}, newSize=8, newRoot=0x[0-9a-f]{64}\): The consistency proof/);
      });

      it("decodes errors of a view call (eth_call) too", async function () {
        const { ledger } = await loadFixture(registeredLogFixture);
        const port = await createAnchorChainPort(ledger.anchors, LOG_ID);
        const error = await rejection(port.verifyInclusion(9, 0, ethers.id("leaf"), []));
        expect(error.message).to.match(/^AnchorSizeNotAnchored\(logId=1, size=9\): Log 1 has no root anchored at size 9\.$/);
      });

      it("decodes the errors every registry shares", function () {
        const data = encodeError("UnknownKey(address)", ["address"], ["0x00000000000000000000000000000000000000aa"]);
        expect(decodeRevertData(data)?.signature).to.equal("UnknownKey(key=0x00000000000000000000000000000000000000AA)");
        expect(chainError({ data }).message).to.match(/^UnknownKey\(key=0x0+AA\): Key 0x0+AA is not a staff key/);
      });

      it("decodes a shared ledger error with its signature and its sentences", function () {
        const id = ethers.id("decision");
        const decoded = decodeRevertData(encodeError("DecisionAlreadyExecuted(bytes32)", ["bytes32"], [id]));
        expect(decoded).to.deep.include({ name: "DecisionAlreadyExecuted", signature: `DecisionAlreadyExecuted(decisionId=${id})` });
        expect(decoded?.sentence).to.be.a("string").and.match(/^Collective decision 0x[0-9a-f]{8}/);
      });
    });

    context("when the revert data is not one of ours", function () {
      it("keeps CHAIN_REVERT with the raw data", function () {
        expect(chainError({ code: "CALL_EXCEPTION", data: "0xdeadbeef" }).message).to.match(/unknown data 0xdeadbeef/);
      });
    });

    context("when the endpoint cannot be reached", function () {
      it("gives CHAIN_UNAVAILABLE", function () {
        expect(chainError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" })).code).to.equal("CHAIN_UNAVAILABLE");
      });
    });
  });

  describe("REVERT_SENTENCES", function () {
    it("has a sentence for every AccessLogAnchor error", async function () {
      const { ledger } = await loadFixture(registeredLogFixture);
      const names = ledger.anchors.interface.fragments.filter((f): f is ErrorFragment => f instanceof ErrorFragment).map((f) => f.name);
      for (const name of names.filter((n) => n.startsWith("Anchor"))) expect(REVERT_SENTENCES, name).to.have.property(name);
    });
  });

  describe("createChainClient", function () {
    let dir: string;
    before(async function () {
      dir = await mkdtemp(path.join(tmpdir(), "tdl-deployments-"));
      await mkdir(path.join(dir, "dead"));
      await writeFile(path.join(dir, "dead", "chain.json"), JSON.stringify({ chainId: 31337 }));
      await mkdir(path.join(dir, "broken"));
      await writeFile(path.join(dir, "broken", "chain.json"), JSON.stringify({ chainId: "one" }));
    });
    after(async function () {
      await rm(dir, { recursive: true, force: true });
    });

    it("reports CONFIG_INVALID for a network without deployments", async function () {
      const error = await rejection(readDeployments(dir, "nowhere"));
      expect(error.code).to.equal("CONFIG_INVALID");
      expect(error.message).to.match(/is the ledger deployed on this network/);
    });

    it("reports CONFIG_INVALID naming the field for a malformed chain.json", async function () {
      const error = await rejection(readDeployments(dir, "broken"));
      expect(error.code).to.equal("CONFIG_INVALID");
      expect(error.message).to.match(/chainId/);
    });

    it("reports CHAIN_UNAVAILABLE for an endpoint nobody listens on", async function () {
      const deployments = await readDeployments(dir, "dead");
      const error = await rejection(createChainClient({ rpcUrl: "http://127.0.0.1:1", deployments }));
      expect(error.code).to.equal("CHAIN_UNAVAILABLE");
    });
  });
});

function encodeError(signature: string, types: string[], values: unknown[]): string {
  return ethers.id(signature).slice(0, 10) + ethers.AbiCoder.defaultAbiCoder().encode(types, values).slice(2);
}

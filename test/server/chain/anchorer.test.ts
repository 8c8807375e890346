import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers, network } from "hardhat";
import { createAnchorChainPort, createAnchorer, chooseAnchorSize, type AnchorChainPort, type AnchorerOptions } from "../../../server/chain";
import { TdlError } from "../../../server/errors";
import { parseCheckpoint, parseNote, parseVerifierKey, verifyNote } from "../../../server/log";
import { appendEntries, captureLogger, LOG_ID, nodeState, noteSignerOf, ORIGIN, registeredLogFixture } from "./helpers";

const hex = (bytes: Uint8Array): string => ethers.hexlify(bytes);

async function rejection(promise: Promise<unknown>): Promise<TdlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TdlError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("Anchorer", function () {
  async function setup(options: Partial<AnchorerOptions> = {}) {
    const f = await loadFixture(registeredLogFixture);
    const node = await nodeState();
    const chain = await createAnchorChainPort(f.ledger.anchors.connect(f.keys.operator), LOG_ID);
    const captured = captureLogger();
    const make = (more: Partial<AnchorerOptions> = {}) =>
      createAnchorer({
        store: node.store,
        records: node.records,
        chain,
        noteSigner: noteSignerOf(node.signerKey),
        origin: ORIGIN,
        everyEntries: 8,
        everySeconds: 3600,
        retry: { initialDelayMs: 1, maxDelayMs: 5 },
        logger: captured.logger,
        ...options,
        ...more,
      });
    return { ...f, ...node, chain, make, captured };
  }

  describe("chooseAnchorSize", function () {
    it("lands on the last multiple of the largest power of two <= N above the last anchor", function () {
      expect(chooseAnchorSize(0, 13, 8, true)).to.equal(8);
      expect(chooseAnchorSize(8, 21, 10, true)).to.equal(16);
      expect(chooseAnchorSize(16, 21, 8, true)).to.equal(21);
      expect(chooseAnchorSize(0, 13, 8, false)).to.equal(13);
    });
  });

  describe("anchorNow", function () {
    context("when the log grows", function () {
      it("signs, keeps and anchors a checkpoint each time, each proved consistent on chain", async function () {
        const { store, records, ledger, make, verifierKey } = await setup();
        const anchorer = make();
        await anchorer.start();
        await appendEntries(store, 0, 10);
        const first = await anchorer.anchorNow();
        await appendEntries(store, 10, 7);
        const second = await anchorer.anchorNow();

        expect(first?.size).to.equal(10);
        expect(second?.size).to.equal(17);
        const [size, root, , count] = await ledger.anchors.latestAnchor(LOG_ID);
        expect(size).to.equal(17n);
        expect(root).to.equal(hex(await store.root(17)));
        expect(count).to.equal(2n);
        expect(await ledger.anchors.anchoredRoot(LOG_ID, 10)).to.equal(hex(await store.root(10)));
        expect((await records.all()).map((r) => r.size)).to.deep.equal([10, 17]);
        const receipt = await ethers.provider.getTransactionReceipt(second!.txHash);
        expect(receipt?.blockNumber).to.equal(second!.blockNumber);

        for (const kept of [10, 17]) {
          const note = await store.getCheckpoint(kept);
          verifyNote(note, [parseVerifierKey(verifierKey)]);
          const body = parseCheckpoint(parseNote(note).text);
          expect(body.origin).to.equal(ORIGIN);
          expect(body.size).to.equal(kept);
        }
        expect(anchorer.status()).to.include({ state: "running", lagEntries: 0, consecutiveFailures: 0 });
        await anchorer.stop();
      });

      it("does nothing when the log did not grow", async function () {
        const { store, make } = await setup();
        const anchorer = make();
        await anchorer.start();
        await appendEntries(store, 0, 3);
        await anchorer.anchorNow();
        expect(await anchorer.anchorNow()).to.equal(undefined);
        await anchorer.stop();
      });
    });

    context("when entries are anchored", function () {
      it("lets the contract verify every entry's inclusion proof against the anchored root", async function () {
        const { store, ledger, make } = await setup();
        const anchorer = make();
        await anchorer.start();
        await appendEntries(store, 0, 21);
        await anchorer.anchorNow();
        for (const index of [0, 1, 7, 8, 15, 20]) {
          const proof = (await store.inclusionProof(index, 21)).map(hex);
          expect(await ledger.anchors.verifyInclusion(LOG_ID, 21, index, hex(await store.getLeafHash(index)), proof)).to.equal(true);
        }
        await anchorer.stop();
      });
    });
  });

  describe("tick", function () {
    it("anchors at power-of-two multiples once N entries wait, and whatever waits once T seconds passed", async function () {
      let clock = 1_000_000;
      const { store, make } = await setup({ now: () => clock, everyEntries: 8, everySeconds: 30 });
      const anchorer = make();
      await anchorer.start();
      await appendEntries(store, 0, 5);
      expect(await anchorer.tick()).to.equal(undefined);
      await appendEntries(store, 5, 8);
      expect((await anchorer.tick())?.size).to.equal(8);
      expect(await anchorer.tick()).to.equal(undefined);
      clock += 31_000;
      expect((await anchorer.tick())?.size).to.equal(13);
      expect(anchorer.status().lagEntries).to.equal(0);
      await anchorer.stop();
    });
  });

  describe("start", function () {
    context("after a restart", function () {
      it("resumes from the recorded anchor and proves the next one consistent with it", async function () {
        const { store, ledger, make } = await setup();
        const before = make();
        await before.start();
        await appendEntries(store, 0, 10);
        await before.anchorNow();
        await before.stop();

        const after = make();
        await after.start();
        expect(after.status().lastAnchor?.size).to.equal(10);
        await appendEntries(store, 10, 5);
        expect((await after.anchorNow())?.size).to.equal(15);
        expect((await ledger.anchors.latestAnchor(LOG_ID))[3]).to.equal(2n);
        await after.stop();
      });
    });

    context("when the chain lost anchors the node recorded", function () {
      it("resubmits each lost anchor in order", async function () {
        const { store, records, ledger, make, captured } = await setup();
        const anchorer = make();
        await anchorer.start();
        await appendEntries(store, 0, 10);
        await anchorer.anchorNow();
        const snapshot = await network.provider.send("evm_snapshot", []);
        await appendEntries(store, 10, 10);
        await anchorer.anchorNow();
        await appendEntries(store, 20, 10);
        await anchorer.anchorNow();
        await anchorer.stop();
        await network.provider.send("evm_revert", [snapshot]);
        expect((await ledger.anchors.latestAnchor(LOG_ID))[0]).to.equal(10n);

        const restarted = make();
        await restarted.start();
        const [size, root, , count] = await ledger.anchors.latestAnchor(LOG_ID);
        expect(size).to.equal(30n);
        expect(root).to.equal(hex(await store.root(30)));
        expect(count).to.equal(3n);
        expect(await ledger.anchors.anchoredRoot(LOG_ID, 20)).to.equal(hex(await store.root(20)));
        for (const record of await records.all()) {
          expect(await ethers.provider.getTransactionReceipt(record.txHash), `tx of size ${record.size}`).to.not.equal(null);
        }
        expect(captured.lines.filter((l) => l.level === "warn" && /lost the anchor/.test(l.message))).to.have.length(2);
        await restarted.stop();
      });
    });

    context("when the chain holds an anchor the node confirmed but never recorded", function () {
      it("records it from the LogRootAnchored event", async function () {
        const { store, records, ledger, keys, make } = await setup();
        await appendEntries(store, 0, 6);
        const tx = await ledger.anchors.connect(keys.operator).anchor(LOG_ID, 6, hex(await store.root(6)), []);
        const anchorer = make();
        await anchorer.start();
        const record = await records.get(6);
        expect(record?.txHash).to.equal(tx.hash.toLowerCase());
        expect(await store.getCheckpoint(6)).to.be.a("string");
        await anchorer.stop();
      });
    });

    context("when the chain holds a root the node cannot reproduce", function () {
      it("raises ANCHOR_DIVERGED, logs the alarm and refuses to anchor", async function () {
        const { store, ledger, keys, make, captured } = await setup();
        await appendEntries(store, 0, 10);
        await ledger.anchors.connect(keys.operator).anchor(LOG_ID, 5, ethers.id("a root this log never had"), []);

        const anchorer = make();
        const error = await rejection(anchorer.start());
        expect(error.code).to.equal("ANCHOR_DIVERGED");
        expect(error.message).to.match(/at size 5/);
        expect(anchorer.status().state).to.equal("halted");
        expect(captured.lines.some((l) => l.level === "error" && (l.details as { alarm?: string }).alarm === "ANCHOR_DIVERGED")).to.equal(true);

        expect((await rejection(anchorer.anchorNow())).code).to.equal("ANCHOR_DIVERGED");
        expect((await rejection(anchorer.tick())).code).to.equal("ANCHOR_DIVERGED");
        expect((await ledger.anchors.latestAnchor(LOG_ID))[3]).to.equal(1n);
        await anchorer.stop();
      });

      it("raises ANCHOR_DIVERGED when the chain's size is beyond the node's log", async function () {
        const { store, ledger, keys, make } = await setup();
        await appendEntries(store, 0, 4);
        await ledger.anchors.connect(keys.operator).anchor(LOG_ID, 50, ethers.id("fifty"), []);
        const error = await rejection(make().start());
        expect(error.code).to.equal("ANCHOR_DIVERGED");
        expect(error.message).to.match(/beyond this node's 4 entries/);
      });
    });
  });

  describe("retries", function () {
    context("when the chain is unavailable for a while", function () {
      it("retries with backoff and then anchors", async function () {
        const { store, chain, make, captured } = await setup();
        let failures = 2;
        const flaky: AnchorChainPort = {
          ...chain,
          anchor: async (...args) => {
            if (failures-- > 0) throw new TdlError("CHAIN_UNAVAILABLE", "connection refused");
            return chain.anchor(...args);
          },
        };
        const anchorer = make({ chain: flaky });
        await anchorer.start();
        await appendEntries(store, 0, 4);
        expect((await anchorer.anchorNow())?.size).to.equal(4);
        expect(captured.lines.filter((l) => l.level === "warn")).to.have.length(2);
        expect(anchorer.status().consecutiveFailures).to.equal(0);
        await anchorer.stop();
      });

      it("gives up after maxAttempts with the last error in the status", async function () {
        const { store, chain, make } = await setup();
        const down: AnchorChainPort = { ...chain, anchor: async () => Promise.reject(new TdlError("CHAIN_UNAVAILABLE", "connection refused")) };
        const anchorer = make({ chain: down, retry: { initialDelayMs: 1, maxAttempts: 3 } });
        await anchorer.start();
        await appendEntries(store, 0, 4);
        expect((await rejection(anchorer.anchorNow())).code).to.equal("CHAIN_UNAVAILABLE");
        expect(anchorer.status()).to.deep.include({ consecutiveFailures: 3, lagEntries: 4 });
        expect(anchorer.status().lastError?.code).to.equal("CHAIN_UNAVAILABLE");
        await anchorer.stop();
      });
    });

    context("when an anchor reverts because an earlier transaction landed after all", function () {
      it("reconciles, records the landed anchor and carries on", async function () {
        const { store, records, ledger, keys, chain, make } = await setup();
        const anchorer = make();
        await anchorer.start();
        await appendEntries(store, 0, 8);
        // The "timed out" transaction landed: the chain is at 8 but the anchorer does not know.
        await ledger.anchors.connect(keys.operator).anchor(LOG_ID, 8, hex(await store.root(8)), []);
        expect(await anchorer.anchorNow()).to.equal(undefined);
        expect((await records.get(8))?.size).to.equal(8);
        await appendEntries(store, 8, 2);
        expect((await anchorer.anchorNow())?.size).to.equal(10);
        void chain;
        await anchorer.stop();
      });
    });
  });
});

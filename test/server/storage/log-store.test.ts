import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import { rfc6962Sha256 as hasher, verifyConsistency, verifyInclusion, formatCheckpoint, signNote, generateNoteKey, parseSignerKey } from "../../../server/log";
import {
  auditLogStore,
  createGroupCommitAppender,
  createLevelLogStore,
  createMemoryLogStore,
  createMemoryPort,
  openLogStore,
  type KeyValuePort,
  type LogStore,
} from "../../../server/storage";
import { expectTdlRejection } from "../log/expect-error";
import { ReferenceTree, leafData, toHex } from "../log/reference-tree";
import { tempDirs } from "./temp-dir";

const LEAVES = leafData(300);
const reference = ReferenceTree.fromLeafData(hasher, LEAVES);

/** Appends LEAVES[0..total) in batches of the given sizes. */
async function appendInBatches(store: LogStore, batchSizes: number[]): Promise<void> {
  let next = 0;
  for (const size of batchSizes) {
    await store.append(LEAVES.slice(next, next + size));
    next += size;
  }
}

function sign(size: number, root: Uint8Array): string {
  const { signerKey } = generateNoteKey("tdl.example/node-1");
  return signNote(formatCheckpoint({ origin: "tdl.example/node-1", size, root, extensions: [] }), [parseSignerKey(signerKey)]);
}

useSeed("server/storage/log-store.test.ts");

describe("LogStore", function () {
  this.timeout(60_000);
  const dirs = tempDirs();
  const open: LogStore[] = [];
  async function levelStore(dir?: string): Promise<LogStore> {
    const store = await createLevelLogStore(dir ?? (await dirs.make()), { hasher });
    open.push(store);
    return store;
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });
  after(() => dirs.removeAll());

  describe("the LevelDB store and its in-memory twin", () => {
    it("give the reference roots and proofs, identical to each other, for any batching", async () => {
      const batching = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 });
      await fc.assert(
        fc.asyncProperty(batching, fc.nat(), async (batchSizes, seed) => {
          const memory = await createMemoryLogStore({ hasher });
          const level = await levelStore();
          await appendInBatches(memory, batchSizes);
          await appendInBatches(level, batchSizes);
          const size = await memory.size();
          expect(await level.size()).to.equal(size);
          for (let s = 0; s <= size; s++) {
            const expected = toHex(reference.root(s));
            expect(toHex(await memory.root(s)), `memory root ${s}`).to.equal(expected);
            expect(toHex(await level.root(s)), `level root ${s}`).to.equal(expected);
          }
          const s2 = 1 + (seed % size);
          const s1 = 1 + ((seed >> 8) % s2);
          const index = (seed >> 16) % s2;
          for (const store of [memory, level]) {
            expect((await store.inclusionProof(index, s2)).map(toHex)).to.deep.equal(reference.inclusionProof(index, s2).map(toHex));
            expect((await store.consistencyProof(s1, s2)).map(toHex)).to.deep.equal(reference.consistencyProof(s1, s2).map(toHex));
          }
          await memory.close();
        }),
        { numRuns: 12 },
      );
    });
  });

  describe("inclusionProof and consistencyProof", () => {
    it("verify for every index and every size pair up to 300 entries", async () => {
      const store = await levelStore();
      await appendInBatches(store, [1, 2, 61, 128, 100, 8]);
      const roots = [hasher.emptyRoot()];
      for (let size = 1; size <= 300; size++) roots.push(await store.root(size));
      for (let size = 1; size <= 300; size += size < 40 ? 1 : 13) {
        for (let index = 0; index < size; index++) {
          verifyInclusion(hasher, index, size, hasher.hashLeaf(LEAVES[index]), await store.inclusionProof(index, size), roots[size]);
        }
        for (let size1 = 1; size1 <= size; size1++) {
          verifyConsistency(hasher, size1, size, await store.consistencyProof(size1, size), roots[size1], roots[size]);
        }
      }
    });

    context("when the size is beyond the log", () => {
      it("throws OUT_OF_RANGE", async () => {
        const store = await createMemoryLogStore({ hasher });
        await store.append(LEAVES.slice(0, 5));
        await expectTdlRejection(() => store.inclusionProof(0, 6), "OUT_OF_RANGE");
        await expectTdlRejection(() => store.inclusionProof(5, 5), "OUT_OF_RANGE");
        await expectTdlRejection(() => store.consistencyProof(2, 6), "OUT_OF_RANGE");
        await expectTdlRejection(() => store.root(6), "OUT_OF_RANGE");
        await expectTdlRejection(() => store.getNodes([{ level: 1, index: 2 }]), "OUT_OF_RANGE");
      });
    });

    context("when a number is not a size", () => {
      it("throws MALFORMED_INPUT", async () => {
        const store = await createMemoryLogStore({ hasher });
        await store.append(LEAVES.slice(0, 5));
        await expectTdlRejection(() => store.inclusionProof(-1, 3), "MALFORMED_INPUT");
        await expectTdlRejection(() => store.consistencyProof(1, 2.5), "MALFORMED_INPUT");
        await expectTdlRejection(() => store.getEntry(Number.NaN), "MALFORMED_INPUT");
      });
    });
  });

  describe("getEntry and getLeafHash", () => {
    it("return what was appended", async () => {
      const store = await levelStore();
      const receipts = await store.append(LEAVES.slice(0, 10));
      expect(receipts.map((r) => r.index)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(Buffer.from(await store.getEntry(7)).toString()).to.equal("leaf-7");
      expect(toHex(await store.getLeafHash(7))).to.equal(toHex(receipts[7].leafHash));
      expect((await store.getEntries(8, 100)).map((e) => Buffer.from(e).toString())).to.deep.equal(["leaf-8", "leaf-9"]);
    });

    context("when the index is not in the log", () => {
      it("throws NOT_FOUND", async () => {
        const store = await createMemoryLogStore({ hasher });
        await store.append(LEAVES.slice(0, 3));
        await expectTdlRejection(() => store.getEntry(3), "NOT_FOUND");
        await expectTdlRejection(() => store.getLeafHash(3), "NOT_FOUND");
      });
    });
  });

  describe("createGroupCommitAppender", () => {
    it("gives concurrent callers distinct consecutive indices, in few batches", async () => {
      const memory = createMemoryPort();
      let batches = 0;
      const counting: KeyValuePort = { ...memory, putAll: (pairs) => (batches++, memory.putAll(pairs)) };
      const store = await openLogStore(counting, { hasher });
      batches = 0;
      const appender = createGroupCommitAppender(store);
      const receipts = await Promise.all(LEAVES.map((leaf) => appender.append(leaf)));
      expect(receipts.map((r) => r.index).sort((a, b) => a - b)).to.deep.equal(LEAVES.map((_, i) => i));
      receipts.forEach((r, i) => expect(toHex(r.leafHash)).to.equal(toHex(hasher.hashLeaf(LEAVES[i]))));
      expect(batches).to.be.at.most(2);
      expect(toHex(await store.root())).to.equal(toHex(reference.root(300)));
    });

    it("acknowledges a caller only once its batch is written", async () => {
      const memory = createMemoryPort();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let gated = false;
      const slowDisk: KeyValuePort = {
        ...memory,
        putAll: async (pairs) => {
          if (gated) await gate;
          await memory.putAll(pairs);
        },
      };
      const store = await openLogStore(slowDisk, { hasher });
      gated = true;
      const appender = createGroupCommitAppender(store);
      let acknowledged = false;
      const pending = appender.append(LEAVES[0]).then(() => (acknowledged = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(acknowledged).to.equal(false);
      expect(await store.size()).to.equal(0);
      release();
      await pending;
      expect(await store.size()).to.equal(1);
    });

    context("when a batch write fails", () => {
      it("rejects every caller in it with STORAGE_FAILURE and leaves the store as it was", async () => {
        const memory = createMemoryPort();
        let failNext = false;
        const flaky: KeyValuePort = {
          ...memory,
          putAll: async (pairs) => {
            if (failNext) throw new Error("injected: disk full");
            await memory.putAll(pairs);
          },
        };
        const store = await openLogStore(flaky, { hasher });
        const appender = createGroupCommitAppender(store);
        await Promise.all(LEAVES.slice(0, 10).map((leaf) => appender.append(leaf)));
        const rootBefore = toHex(await store.root());

        failNext = true;
        const failed = await Promise.allSettled(LEAVES.slice(10, 60).map((leaf) => appender.append(leaf)));
        expect(failed.map((r) => r.status)).to.deep.equal(Array(50).fill("rejected"));
        for (const result of failed) expect((result as PromiseRejectedResult).reason.code).to.equal("STORAGE_FAILURE");
        expect(await store.size()).to.equal(10);
        expect(toHex(await store.root())).to.equal(rootBefore);

        failNext = false;
        const receipts = await Promise.all(LEAVES.slice(10, 60).map((leaf) => appender.append(leaf)));
        expect(receipts.map((r) => r.index).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => 10 + i));
        expect(toHex(await store.root())).to.equal(toHex(reference.root(60)));
        expect((await auditLogStore(store)).mismatch).to.equal(undefined);
      });

      it("continues from what is on disk when the write landed but reported failure", async () => {
        const memory = createMemoryPort();
        let failAfterWriting = false;
        const liar: KeyValuePort = {
          ...memory,
          putAll: async (pairs) => {
            await memory.putAll(pairs);
            if (failAfterWriting) throw new Error("injected: fsync reported an error");
          },
        };
        const store = await openLogStore(liar, { hasher });
        await store.append(LEAVES.slice(0, 4));
        failAfterWriting = true;
        await expectTdlRejection(() => store.append(LEAVES.slice(4, 6)), "STORAGE_FAILURE");
        failAfterWriting = false;
        const [receipt] = await store.append([LEAVES[6]]);
        expect(receipt.index).to.equal(6);
        expect(toHex(await store.root())).to.equal(toHex(reference.root(7)));
      });
    });
  });

  describe("reopening", () => {
    it("recovers the size and right border, and appends continue the same tree", async () => {
      const dir = await dirs.make();
      const first = await createLevelLogStore(dir, { hasher });
      await appendInBatches(first, [3, 100, 4]);
      await first.close();

      const second = await levelStore(dir);
      expect(await second.size()).to.equal(107);
      expect(toHex(await second.root())).to.equal(toHex(reference.root(107)));
      await second.append(LEAVES.slice(107, 200));
      expect(toHex(await second.root())).to.equal(toHex(reference.root(200)));
    });

    context("with another hasher than the log was built with", () => {
      it("throws CONFIG_INVALID", async () => {
        const dir = await dirs.make();
        const first = await createLevelLogStore(dir, { hasher });
        await first.append(LEAVES.slice(0, 2));
        await first.close();
        await expectTdlRejection(() => createLevelLogStore(dir, { hasher: { ...hasher, name: "sm3" } }), "CONFIG_INVALID");
      });
    });
  });

  describe("checkpoints", () => {
    it("keeps signed checkpoints by size and finds the latest", async () => {
      const store = await levelStore();
      await store.append(LEAVES.slice(0, 20));
      const notes = [5, 20, 12].map((size) => [size, sign(size, reference.root(size))] as const);
      for (const [size, note] of notes) await store.putCheckpoint(size, note);
      expect(await store.latestCheckpoint()).to.deep.equal({ size: 20, note: notes[1][1] });
      expect(await store.getCheckpoint(12)).to.equal(notes[2][1]);
      const sizes: number[] = [];
      for await (const checkpoint of store.checkpoints()) sizes.push(checkpoint.size);
      expect(sizes).to.deep.equal([5, 12, 20]);
      await store.putCheckpoint(5, notes[0][1]);
    });

    it("has no latest checkpoint in a new log", async () => {
      expect(await (await createMemoryLogStore({ hasher })).latestCheckpoint()).to.equal(undefined);
    });

    context("when another checkpoint is already kept for that size", () => {
      it("refuses to replace it", async () => {
        const store = await createMemoryLogStore({ hasher });
        await store.append(LEAVES.slice(0, 3));
        await store.putCheckpoint(3, sign(3, reference.root(3)));
        await expectTdlRejection(() => store.putCheckpoint(3, sign(3, reference.root(3))), "MALFORMED_INPUT");
      });
    });

    context("when the checkpoint's root is not the log's", () => {
      it("throws ROOT_MISMATCH", async () => {
        const store = await createMemoryLogStore({ hasher });
        await store.append(LEAVES.slice(0, 3));
        await expectTdlRejection(() => store.putCheckpoint(3, sign(3, reference.root(2))), "ROOT_MISMATCH");
      });
    });

    context("when the checkpoint is beyond the log or for another size", () => {
      it("throws OUT_OF_RANGE or MALFORMED_INPUT", async () => {
        const store = await createMemoryLogStore({ hasher });
        await store.append(LEAVES.slice(0, 3));
        await expectTdlRejection(() => store.putCheckpoint(4, sign(4, reference.root(4))), "OUT_OF_RANGE");
        await expectTdlRejection(() => store.putCheckpoint(2, sign(3, reference.root(3))), "MALFORMED_INPUT");
        await expectTdlRejection(() => store.getCheckpoint(2), "NOT_FOUND");
      });
    });
  });
});

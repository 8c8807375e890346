import { expect } from "chai";
import { formatCheckpoint, generateNoteKey, parseSignerKey, rfc6962Sha256 as hasher, signNote, type NodeID } from "../../../server/log";
import {
  auditLogStore,
  checkpointKey,
  entryKey,
  nodeLocation,
  openLevelPort,
  openLogStore,
  createMemoryLogStore,
  type KeyValuePort,
} from "../../../server/storage";
import { leafData } from "../log/reference-tree";
import { tempDirs } from "./temp-dir";

const LEAVES = leafData(100);

/** A LevelDB log of 100 entries with checkpoints at 40 and 100, and the raw port under it. */
async function levelLogWithCheckpoints(dir: string): Promise<void> {
  const port = await openLevelPort(dir);
  const store = await openLogStore(port, { hasher });
  await store.append(LEAVES.slice(0, 60));
  await store.append(LEAVES.slice(60));
  const signer = parseSignerKey(generateNoteKey("tdl.example/node-1").signerKey);
  for (const size of [40, 100]) {
    const body = formatCheckpoint({ origin: "tdl.example/node-1", size, root: await store.root(size), extensions: [] });
    await store.putCheckpoint(size, signNote(body, [signer]));
  }
  await store.close();
}

/**
 * Flips one byte of a stored value straight in the database, as an intruder with disk access
 * would; a negative offset counts from the end of the value.
 */
async function tamper(dir: string, key: Uint8Array, offset: number): Promise<void> {
  const port: KeyValuePort = await openLevelPort(dir);
  const [value] = await port.getMany([key]);
  if (value === undefined) throw new Error("nothing stored under that key");
  const changed = value.slice();
  changed[offset < 0 ? changed.length + offset : offset] ^= 0x01;
  await port.putAll([[key, changed]]);
  await port.close();
}

async function auditLevel(dir: string) {
  const store = await openLogStore(await openLevelPort(dir), { hasher });
  try {
    return await auditLogStore(store);
  } finally {
    await store.close();
  }
}

describe("auditLogStore", function () {
  this.timeout(30_000);
  const dirs = tempDirs();
  after(() => dirs.removeAll());

  it("passes an untouched log and counts its checkpoints", async () => {
    const dir = await dirs.make();
    await levelLogWithCheckpoints(dir);
    expect(await auditLevel(dir)).to.deep.equal({ size: 100, checkpoints: 2, mismatch: undefined });
  });

  it("passes an empty log", async () => {
    expect((await auditLogStore(await createMemoryLogStore({ hasher }))).mismatch).to.equal(undefined);
  });

  context("when one byte of a stored entry is changed", () => {
    it("names that entry", async () => {
      const dir = await dirs.make();
      await levelLogWithCheckpoints(dir);
      await tamper(dir, entryKey(57), -3);
      expect((await auditLevel(dir)).mismatch).to.include({ kind: "entry", index: 57 });
    });
  });

  const nodes: NodeID[] = [
    { level: 0, index: 12 },
    { level: 1, index: 30 },
    { level: 3, index: 5 },
    { level: 6, index: 0 },
  ];
  for (const id of nodes) {
    context(`when one byte of stored node (${id.level}, ${id.index}) is changed`, () => {
      it("names that node", async () => {
        const dir = await dirs.make();
        await levelLogWithCheckpoints(dir);
        const { recordIndex, offset } = nodeLocation(id, hasher.size);
        await tamper(dir, entryKey(recordIndex), offset + 31);
        const { mismatch } = await auditLevel(dir);
        if (id.level === 0) expect(mismatch).to.include({ kind: "entry", index: id.index });
        else expect(mismatch).to.include({ kind: "node", level: id.level, index: id.index });
      });
    });
  }

  context("when the record of an entry loses its shape", () => {
    it("names that entry", async () => {
      const dir = await dirs.make();
      await levelLogWithCheckpoints(dir);
      // The first byte of a record counts its hashes.
      await tamper(dir, entryKey(70), 0);
      expect((await auditLevel(dir)).mismatch).to.include({ kind: "entry", index: 70 });
    });
  });

  context("when a kept checkpoint's root is changed", () => {
    it("names the checkpoint", async () => {
      const dir = await dirs.make();
      await levelLogWithCheckpoints(dir);
      // Byte 24 is inside the base64 root line of "tdl.example/node-1\n40\n<root>".
      await tamper(dir, checkpointKey(40), 24);
      expect((await auditLevel(dir)).mismatch).to.include({ kind: "checkpoint", size: 40 });
    });
  });
});

import { expect } from "chai";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodeEntry, formatCheckpoint, generateNoteKey, parseSignerKey, rfc6962Sha256 as hasher, signNote } from "../../server/log";
import { dataPaths } from "../../server/node/data-dir";
import { auditLogStore, checkpointKey, createLevelLogStore, entryKey, openLevelPort, openLogStore } from "../../server/storage";
import { hashCountAt } from "../../server/storage/leaf-record";
import { SAMPLE_ENTRY } from "../server/log/fixtures/entries";
import { reportFigures, seededRandom, tdlLogAudit, trials } from "./helpers/run";

/*
 * Tampering: a populated LevelDB log (entries, the nodes inside their leaf records, signed
 * checkpoints) is copied afresh for every trial, one random byte of it is changed, and the audit
 * (`tdl log audit`: every leaf re-hashed, every node and root rebuilt, every checkpoint's root and
 * signature) must find it and name where: the entry index, the node (level, index) or the
 * checkpoint's size. Each trial also runs the store's own auditLogStore, which checks no signatures,
 * to show what the signature check adds.
 */

const ENTRIES = 300;
const CHECKPOINT_SIZES = [1, 2, 7, 64, 100, 128, 255, 256, 300];
const TRIALS = trials(200, 2000);
const ORIGIN = "tdl.example/tamper";

type Target = "entry bytes" | "leaf hash" | "record header" | "node" | "checkpoint";
const TARGETS: readonly Target[] = ["entry bytes", "entry bytes", "leaf hash", "record header", "node", "node", "checkpoint", "checkpoint"];

interface Expected {
  readonly kinds: readonly string[];
  readonly index?: number;
  readonly level?: number;
  readonly size?: number;
}

describe("faults: tampering with the stored log", function () {
  this.timeout(30 * 60_000);
  let root: string;
  let pristine: string;

  before(async function () {
    root = await mkdtemp(path.join(tmpdir(), "tdl-faults-tamper-"));
    pristine = path.join(root, "pristine");
    const key = generateNoteKey(ORIGIN);
    const signer = parseSignerKey(key.signerKey);
    const store = await createLevelLogStore(dataPaths(pristine).log, { hasher });
    try {
      let size = 0;
      for (const target of CHECKPOINT_SIZES) {
        const batch = Array.from({ length: target - size }, (_, i) => encodeEntry({ ...SAMPLE_ENTRY, origin: ORIGIN, requestDigest: (size + i).toString(16).padStart(64, "0") }));
        await store.append(batch);
        size = target;
        await store.putCheckpoint(size, signNote(formatCheckpoint({ origin: ORIGIN, size, root: await store.root(), extensions: [] }), [signer]));
      }
      expect(await store.size()).to.equal(ENTRIES);
    } finally {
      await store.close();
    }
    await writeFile(dataPaths(pristine).verifierKey, `${key.verifierKey}\n`);
    const clean = await tdlLogAudit({ data: pristine, deployments: "", network: "" });
    expect(clean.result, "the untouched log passes").to.include({ ok: true, size: ENTRIES, checkpoints: CHECKPOINT_SIZES.length, signaturesChecked: true });
  });

  after(async function () {
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Changes one byte of `value` (XOR with 1..255) in [from, to); returns the offset. */
  function flipByte(value: Uint8Array, from: number, to: number, rng: ReturnType<typeof seededRandom>): number {
    const offset = from + rng.int(to - from);
    value[offset] ^= 1 + rng.int(255);
    return offset;
  }

  it(`finds every one of ${TRIALS} single-byte changes in leaves, nodes and checkpoints, naming where`, async function () {
    const rng = seededRandom("tamper");
    const found = new Map<Target, number>();
    const tried = new Map<Target, number>();
    let storeAuditMissed = 0;
    let openRefused = 0;
    const misses: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = path.join(root, `trial-${trial}`);
      await cp(pristine, dir, { recursive: true });
      const target = rng.pick(TARGETS);
      let expected: Expected;
      let what: string;
      const port = await openLevelPort(dataPaths(dir).log);
      try {
        if (target === "checkpoint") {
          const size = rng.pick(CHECKPOINT_SIZES);
          const [note] = await port.getMany([checkpointKey(size)]);
          const value = (note as Uint8Array).slice();
          const offset = flipByte(value, 0, value.length, rng);
          await port.putAll([[checkpointKey(size), value]]);
          expected = { kinds: ["checkpoint", "signature"], size };
          what = `checkpoint ${size}, byte ${offset}`;
        } else {
          // A node lives in the record of the last leaf it covers: only odd indices hold any.
          let index = rng.int(ENTRIES);
          if (target === "node") while (hashCountAt(index) < 2) index = rng.int(ENTRIES);
          const [record] = await port.getMany([entryKey(index)]);
          const value = (record as Uint8Array).slice();
          const count = value[0];
          let offset: number;
          if (target === "record header") {
            offset = flipByte(value, 0, 1, rng);
            expected = { kinds: ["entry"], index };
          } else if (target === "leaf hash") {
            offset = flipByte(value, 1, 1 + hasher.size, rng);
            expected = { kinds: ["entry"], index };
          } else if (target === "entry bytes") {
            offset = flipByte(value, 1 + count * hasher.size, value.length, rng);
            expected = { kinds: ["entry"], index };
          } else {
            const level = 1 + rng.int(count - 1);
            offset = flipByte(value, 1 + level * hasher.size, 1 + (level + 1) * hasher.size, rng);
            expected = { kinds: ["node"], level, index: (index + 1) / 2 ** level - 1 };
          }
          await port.putAll([[entryKey(index), value]]);
          what = `${target} of entry ${index}, byte ${offset}`;
        }
      } finally {
        await port.close();
      }
      tried.set(target, (tried.get(target) ?? 0) + 1);

      // The store's own audit (no signatures)...
      // (refusing to open a damaged store counts as finding it; then the port is closed here, else its lock stays)
      const storePort = await openLevelPort(dataPaths(dir).log);
      const store = await openLogStore(storePort, { hasher }).catch(async () => {
        await storePort.close();
        return undefined;
      });
      if (store !== undefined) {
        try {
          if ((await auditLogStore(store)).mismatch === undefined) storeAuditMissed++;
        } finally {
          await store.close();
        }
      }
      // ...and the full audit, which must find it and say where.
      const { ok, exitCode, result } = await tdlLogAudit({ data: dir, deployments: "", network: "" });
      const mismatch = result.mismatch as { kind: string; index?: number; level?: number; size?: number } | undefined;
      const named =
        !ok &&
        mismatch !== undefined &&
        expected.kinds.includes(mismatch.kind) &&
        (expected.index === undefined || mismatch.index === expected.index) &&
        (expected.level === undefined || mismatch.level === expected.level) &&
        (expected.size === undefined || mismatch.size === expected.size);
      // A damaged record on the right border stops the store from opening: the audit names that entry as
      // damaged, an audit mismatch (exit 1), never a storage failure (exit 3).
      if (named && /right border/.test(String(result.message))) openRefused++;
      if (named && exitCode !== 1) misses.push(`trial ${trial}: ${what}: named, but exit ${exitCode}`);
      if (named) found.set(target, (found.get(target) ?? 0) + 1);
      else misses.push(`trial ${trial}: ${what}: audit said ${JSON.stringify(result)}`);
      await rm(dir, { recursive: true, force: true });
    }
    const detected = [...found.values()].reduce((a, b) => a + b, 0);
    reportFigures({
      suite: "tampering",
      trials: TRIALS,
      failures: TRIALS - detected,
      entriesLost: 0,
      detected,
      byTarget: Object.fromEntries([...tried].map(([t, n]) => [t, `${found.get(t) ?? 0}/${n}`])),
      storeAuditWithoutSignaturesMissed: storeAuditMissed,
      foundOnRightBorderAtOpen: openRefused,
    });
    expect(misses, misses.slice(0, 5).join("\n")).to.deep.equal([]);
    expect(detected).to.equal(TRIALS);
  });
});

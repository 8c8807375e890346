import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildProofBundle } from "../../../server/http/bundles";
import { formatCheckpoint, generateNoteKey, parseSignerKey, signNote } from "../../../server/log";
import { dataPaths, openNodeData } from "../../../server/node";
import { checkpointKey, entryKey, openLevelPort } from "../../../server/storage";
import { appendEntries, ORIGIN } from "../chain/helpers";

const BIN = path.resolve(__dirname, "../../../bin/tdl.js");
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/tdl.js ...args` from a directory outside the repository. */
function tdl(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: tmpdir(), timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const oneLine = (text: string): string => {
  const lines = text.trim().split("\n");
  expect(lines, text).to.have.length(1);
  return lines[0];
};

describe("tdl", function () {
  this.timeout(180_000);
  let dir: string;
  const keys = generateNoteKey(ORIGIN);
  const signer = parseSignerKey(keys.signerKey);
  // A 13-entry log kept in memory by the pure code's test helpers: roots and proofs to feed the CLI.
  let roots: Record<number, string>;
  let inclusion: { leafHash: string; proof: string };
  let consistency: string;

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-cli-"));
    const data = await openNodeData(path.join(dir, "node"));
    await appendEntries(data.store, 0, 13);
    roots = Object.fromEntries(await Promise.all([1, 5, 8, 13].map(async (s) => [s, hex(await data.store.root(s))] as const)));
    inclusion = { leafHash: hex(await data.store.getLeafHash(6)), proof: (await data.store.inclusionProof(6, 13)).map(hex).join(",") };
    consistency = (await data.store.consistencyProof(5, 13)).map(hex).join(",");
    for (const size of [8, 13]) {
      const root = await data.store.root(size);
      await data.store.putCheckpoint(size, signNote(formatCheckpoint({ origin: ORIGIN, size, root, extensions: [] }), [signer]));
      await data.records.put({
        size,
        root: `0x${hex(root)}`,
        chainId: 31337,
        contract: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
        logId: 1,
        txHash: `0x${"cd".repeat(32)}`,
        blockNumber: 9 + size,
        recordedAt: new Date().toISOString(),
      });
    }
    const bundle = await buildProofBundle({ store: data.store, anchorRecords: data.records, origin: ORIGIN, verifierKey: keys.verifierKey }, 6);
    await writeFile(path.join(dir, "bundle.json"), JSON.stringify(bundle));
    await writeFile(path.join(dir, "tampered.json"), JSON.stringify({ ...bundle, entry: { ...bundle.entry, operation: "export" } }));
    await writeFile(path.join(dir, "not-json.json"), "{ nope");
    await writeFile(dataPaths(path.join(dir, "node")).verifierKey, `${keys.verifierKey}\n`);
    await data.close();
    await mkdir(path.join(dir, "deployments", "dead"), { recursive: true });
    await writeFile(path.join(dir, "deployments", "dead", "chain.json"), JSON.stringify({ chainId: 31337 }));
  });

  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  describe("verify inclusion", function () {
    const args = (over: Record<string, string> = {}) => {
      const all = { "--leaf-hash": inclusion.leafHash, "--index": "6", "--size": "13", "--root": roots[13], "--proof": inclusion.proof, ...over };
      return Object.entries(all).flat();
    };

    it("exits 0 when the proof holds", async function () {
      const run = await tdl("verify", "inclusion", ...args());
      expect(run.code).to.equal(0);
      expect(oneLine(run.stdout)).to.match(/^OK: entry 6 .* is in the tree of 13/);
    });

    it("exits 1 with the reason when it does not", async function () {
      const run = await tdl("verify", "inclusion", ...args({ "--root": roots[8] }));
      expect(run.code).to.equal(1);
      expect(oneLine(run.stderr)).to.equal("FAIL: the proof leads to another root [ROOT_MISMATCH]");
    });

    it("exits 2 on malformed hex", async function () {
      const run = await tdl("verify", "inclusion", ...args({ "--proof": "zz" }));
      expect(run.code).to.equal(2);
      expect(oneLine(run.stderr)).to.match(/^ERROR: --proof\[0\] must be 64 hex digits, got "zz" \[MALFORMED_INPUT\]$/);
    });

    it("exits 2 on a proof of the wrong length", async function () {
      const run = await tdl("verify", "inclusion", ...args({ "--proof": "" }));
      expect(run.code).to.equal(2);
      expect(oneLine(run.stderr)).to.match(/the proof has 0 hashes, these sizes need 4 \[MALFORMED_PROOF\]/);
    });

    it("takes the empty string as the empty proof, and prints JSON with --json", async function () {
      const run = await tdl("verify", "inclusion", "--leaf-hash", roots[1], "--index", "0", "--size", "1", "--root", roots[1], "--proof", "", "--json");
      expect(run.code).to.equal(0);
      expect(JSON.parse(oneLine(run.stdout))).to.deep.include({ ok: true, index: 0, size: 1 });
    });

    it("exits 2 when a required option is missing", async function () {
      const run = await tdl("verify", "inclusion", "--index", "1");
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/required option '--leaf-hash <hex>' not specified/);
    });
  });

  describe("verify consistency", function () {
    it("exits 0 when the proof holds", async function () {
      const run = await tdl("verify", "consistency", "--size1", "5", "--size2", "13", "--root1", roots[5], "--root2", roots[13], "--proof", consistency);
      expect(run.code).to.equal(0);
      expect(oneLine(run.stdout)).to.equal("OK: the tree of 13 extends the tree of 5");
    });

    it("exits 1 when it does not, with JSON under --json", async function () {
      const run = await tdl("verify", "consistency", "--size1", "5", "--size2", "13", "--root1", roots[8], "--root2", roots[13], "--proof", consistency, "--json");
      expect(run.code).to.equal(1);
      expect(JSON.parse(oneLine(run.stdout))).to.deep.include({ ok: false, exitCode: 1, code: "ROOT_MISMATCH" });
    });

    it("exits 2 on a malformed size", async function () {
      const run = await tdl("verify", "consistency", "--size1", "five", "--size2", "13", "--root1", roots[5], "--root2", roots[13], "--proof", consistency);
      expect(run.code).to.equal(2);
      expect(oneLine(run.stderr)).to.match(/^ERROR: --size1 must be a non-negative decimal integer, got "five"/);
    });

    it("exits 0 for equal sizes and roots with the empty proof", async function () {
      const run = await tdl("verify", "consistency", "--size1", "8", "--size2", "8", "--root1", roots[8], "--root2", `0x${roots[8]}`, "--proof", "");
      expect(run.code).to.equal(0);
    });
  });

  describe("verify bundle", function () {
    it("exits 0 for a good bundle, naming the signing key", async function () {
      const run = await tdl("verify", "bundle", path.join(dir, "bundle.json"));
      expect(run.code).to.equal(0);
      expect(oneLine(run.stdout)).to.match(/^OK: entry 6 is in tdl\.example\.gov\.cn\/node-1 at size 13, checkpoint signed by tdl\.example\.gov\.cn\/node-1\+[0-9a-f]{8}; anchor claimed at size 13 \(not checked: no --rpc\); checkpoint key not checked against the chain \(no --rpc\)$/);
    });

    it("exits 1 for a bundle whose entry was changed", async function () {
      const run = await tdl("verify", "bundle", path.join(dir, "tampered.json"));
      expect(run.code).to.equal(1);
      expect(oneLine(run.stderr)).to.match(/^FAIL: the entry hashes to [0-9a-f]{64}, not to the bundle's leaf hash/);
    });

    it("exits 1 when the pinned key is another", async function () {
      const run = await tdl("verify", "bundle", path.join(dir, "bundle.json"), "--verifier-key", generateNoteKey("someone-else").verifierKey);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/is not the trusted key someone-else\+[0-9a-f]{8} \[UNKNOWN_KEY\]/);
    });

    it("exits 2 for a file that is not JSON, or missing", async function () {
      const [notJson, missing] = await Promise.all([
        tdl("verify", "bundle", path.join(dir, "not-json.json")),
        tdl("verify", "bundle", path.join(dir, "missing.json")),
      ]);
      expect(notJson.code).to.equal(2);
      expect(oneLine(notJson.stderr)).to.match(/is not JSON/);
      expect(missing.code).to.equal(2);
      expect(oneLine(missing.stderr)).to.match(/cannot read the bundle file/);
    });

    it("exits 3 when the chain at --rpc is unavailable", async function () {
      const run = await tdl("verify", "bundle", path.join(dir, "bundle.json"), "--rpc", "http://127.0.0.1:1", "--deployments", path.join(dir, "deployments"), "--network", "dead");
      expect(run.code).to.equal(3);
      expect(oneLine(run.stderr)).to.match(/\[CHAIN_UNAVAILABLE\]$/);
    });
  });

  describe("log audit", function () {
    it("exits 0 on an untouched log, signatures and anchor records checked", async function () {
      const run = await tdl("log", "audit", "--data", path.join(dir, "node"));
      expect(run.code).to.equal(0);
      expect(oneLine(run.stdout)).to.equal(
        "OK: 13 entries re-hashed and every node rebuilt, 2 checkpoints (signatures verified), 2 anchor records",
      );
    });

    it("exits 2 for a directory without a log", async function () {
      const run = await tdl("log", "audit", "--data", path.join(dir, "nothing"));
      expect(run.code).to.equal(2);
      expect(oneLine(run.stderr)).to.match(/^ERROR: no access log in /);
    });

    context("when a byte of a stored entry is changed in the database", function () {
      it("exits 1 naming that entry", async function () {
        const copy = path.join(dir, "tampered-entry");
        await copyNode(path.join(dir, "node"), copy);
        await tamper(dataPaths(copy).log, entryKey(7), (value) => value.length - 4);
        const run = await tdl("log", "audit", "--data", copy, "--json");
        expect(run.code).to.equal(1);
        const report = JSON.parse(oneLine(run.stdout));
        expect(report).to.deep.include({ ok: false, code: "AUDIT_MISMATCH", size: 13 });
        expect(report.mismatch).to.include({ kind: "entry", index: 7 });
        expect(report.message).to.match(/^entry 7 hashes to /);
      });
    });

    context("when a checkpoint's signature is changed", function () {
      it("exits 1 naming that checkpoint", async function () {
        const copy = path.join(dir, "tampered-signature");
        await copyNode(path.join(dir, "node"), copy);
        await tamper(dataPaths(copy).log, checkpointKey(8), (value) => value.length - 12);
        const run = await tdl("log", "audit", "--data", copy);
        expect(run.code).to.equal(1);
        expect(oneLine(run.stderr)).to.match(/^FAIL: checkpoint for size 8: .* \[AUDIT_MISMATCH\]$/);
      });
    });
  });

  describe("--help", function () {
    it("shows examples and exit codes, and exits 0", async function () {
      const run = await tdl("log", "audit", "--help");
      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(/Examples:\n  tdl log audit --data \.\/data/);
      expect(run.stdout).to.match(/Exit codes:/);
    });

    it("exits 2 on an unknown command", async function () {
      const run = await tdl("verify", "everything");
      expect(run.code).to.equal(2);
    });
  });
});

async function copyNode(from: string, to: string): Promise<void> {
  const { cp } = await import("node:fs/promises");
  await cp(from, to, { recursive: true });
}

/** Flips one bit of a stored value straight in LevelDB, as an intruder with disk access would. */
async function tamper(dir: string, key: Uint8Array, offsetOf: (value: Uint8Array) => number): Promise<void> {
  const port = await openLevelPort(dir);
  try {
    const [value] = await port.getMany([key]);
    if (value === undefined) throw new Error("nothing stored under that key");
    const changed = value.slice();
    changed[offsetOf(value)] ^= 0x01;
    await port.putAll([[key, changed]]);
  } finally {
    await port.close();
  }
}


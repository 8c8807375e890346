import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { rfc6962Sha256 as hasher } from "../../server/log";
import { auditLogStore, createLevelLogStore, openLevelPort, openLogStore, type KeyValuePort, type LogStore } from "../../server/storage";
import { startGatewayApp, type GatewayApp } from "./helpers/gateway-app";
import { reportFigures, seededRandom, tdlLogAudit, trials } from "./helpers/run";

/*
 * Disk full and LevelDB write errors. (1) The log's key-value port is wrapped so that, at random
 * moments during access traffic, its writes fail the way a full disk fails them (ENOSPC before
 * anything is written) or tear (half of a batch's keys written, then the error), then space returns.
 * (2) If this machine lets us mount a tmpfs, the real thing: LevelDB on a 1 MB tmpfs filled to the
 * brim. Every time: the request fails with a clear error (500 STORAGE_FAILURE, not a crash), nothing
 * half-written shows (the audit passes, the log holds exactly the acknowledged entries), and the node
 * takes requests again once space returns.
 */

type Mode = "ok" | "enospc" | "torn";

function diskFullError(): Error {
  return Object.assign(new Error("IO error: /data/log/000003.log: No space left on device"), { code: "ENOSPC", errno: -28 });
}

/** The real port, with writes that fail on demand. */
function faultyPort(inner: KeyValuePort): KeyValuePort & { mode: Mode; failedWrites: number } {
  const port = {
    mode: "ok" as Mode,
    failedWrites: 0,
    getMany: (keys: readonly Uint8Array[]) => inner.getMany(keys),
    scan: inner.scan.bind(inner),
    close: () => inner.close(),
    async putAll(pairs: Parameters<KeyValuePort["putAll"]>[0]) {
      if (port.mode === "enospc") {
        port.failedWrites++;
        throw diskFullError();
      }
      if (port.mode === "torn") {
        // A backend without atomic batches: the first half lands, then the disk is full.
        port.failedWrites++;
        await inner.putAll(pairs.slice(0, Math.floor(pairs.length / 2)));
        throw diskFullError();
      }
      await inner.putAll(pairs);
    },
  };
  return port;
}

interface Traffic {
  readonly acknowledged: Map<number, string>;
  readonly refused: Map<string, number>;
  readonly other: string[];
  stop(): Promise<void>;
}

/** `workers` clients POSTing access requests back to back, keeping every receipt and every refusal. */
function traffic(app: GatewayApp, workers: number, acknowledged = new Map<number, string>()): Traffic {
  const refused = new Map<string, number>();
  const other: string[] = [];
  let running = true;
  let n = 0;
  const worker = async () => {
    while (running) {
      const digest = (n++).toString(16).padStart(64, "0");
      const { status, body } = await app.access(digest);
      if (status === 200) {
        expect(acknowledged.has(body.receipt.index), `index ${body.receipt.index} acknowledged twice`).to.equal(false);
        acknowledged.set(body.receipt.index, body.receipt.leafHash);
      } else if (body?.error?.code) {
        refused.set(`${status} ${body.error.code}`, (refused.get(`${status} ${body.error.code}`) ?? 0) + 1);
      } else {
        other.push(`${status} ${JSON.stringify(body)}`);
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker));
  return {
    acknowledged,
    refused,
    other,
    async stop() {
      running = false;
      await done;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every acknowledged index holds its leaf hash, and the log holds nothing else. */
async function checkLog(store: LogStore, acknowledged: Map<number, string>): Promise<number> {
  const size = await store.size();
  const indices = [...acknowledged.keys()];
  const stored = await store.getNodes(indices.map((index) => ({ level: 0, index })));
  let lost = 0;
  indices.forEach((index, i) => {
    if (Buffer.from(stored[i]).toString("hex") !== acknowledged.get(index)) lost++;
  });
  expect(lost, "acknowledged entries missing").to.equal(0);
  expect(size, "the log holds exactly the acknowledged entries").to.equal(acknowledged.size);
  expect((await auditLogStore(store)).mismatch).to.equal(undefined);
  return lost;
}

describe("faults: disk full and LevelDB write errors", function () {
  this.timeout(20 * 60_000);
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), "tdl-faults-disk-"));
  });
  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("injected: ENOSPC and torn batches at random moments fail requests with 500 STORAGE_FAILURE, and the log recovers", async function () {
    const rng = seededRandom("disk-injected");
    const ROUNDS = trials(6, 60);
    const data = path.join(root, "injected");
    const dir = path.join(data, "log");
    const port = faultyPort(await openLevelPort(dir));
    const store = await openLogStore(port, { hasher });
    const app = await startGatewayApp(store);
    const acknowledged = new Map<number, string>();
    let refusedTotal = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const load = traffic(app, 16, acknowledged);
        await sleep(50 + rng.int(250));
        port.mode = round % 2 === 0 ? "enospc" : "torn";
        const failedBefore = port.failedWrites;
        await sleep(100 + rng.int(400));
        // Still up while the disk is full: health and reads answer.
        const health = await fetch(`${app.url}/healthz`);
        expect(health.status).to.equal(200);
        port.mode = "ok";
        const sizeAtRecovery = acknowledged.size;
        await sleep(100 + rng.int(200));
        await load.stop();
        expect(port.failedWrites, `round ${round}: the fault was hit`).to.be.greaterThan(failedBefore);
        expect(load.other, "every refusal is a JSON error with a code").to.deep.equal([]);
        expect([...load.refused.keys()], `round ${round}`).to.deep.equal(["500 STORAGE_FAILURE"]);
        refusedTotal += load.refused.get("500 STORAGE_FAILURE") ?? 0;
        expect(acknowledged.size, `round ${round}: requests succeed again once space returns`).to.be.greaterThan(sizeAtRecovery);
        await checkLog(store, acknowledged);
      }
    } finally {
      await app.close();
      await store.close();
    }
    const audit = await tdlLogAudit({ data, deployments: "", network: "" });
    expect(audit.result).to.include({ ok: true, size: acknowledged.size });
    const reopened = await createLevelLogStore(dir, { hasher });
    try {
      await checkLog(reopened, acknowledged);
    } finally {
      await reopened.close();
    }
    reportFigures({ suite: "disk full (injected ENOSPC / torn batch)", trials: ROUNDS, failures: 0, entriesLost: 0, requestsRefused: refusedTotal, acknowledged: acknowledged.size });
  });

  context("on a real full disk (a 1 MB tmpfs; skipped where mounting is not permitted)", function () {
    let mnt: string | undefined;

    after(function () {
      if (mnt !== undefined) {
        try {
          execFileSync("umount", [mnt]);
        } catch {
          execFileSync("umount", ["-l", mnt]);
        }
      }
    });

    // Found here first: LevelDB then either failed every write until reopened, or took writes that a reopen
    // dropped (143 of 143 acknowledged entries in one run); fixed in 730590a (the port reopens after a failed write).
    it("answers 500 STORAGE_FAILURE while full and keeps serving; once space returns it takes requests again, and a restart loses nothing", async function () {
      const ROUNDS = trials(3, 20);
      const target = path.join(root, "tmpfs");
      await mkdir(target, { recursive: true });
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", target], { stdio: "ignore" });
        mnt = target;
      } catch {
        this.skip();
      }
      const filler = path.join(target, "filler");
      let lost = 0;
      let refusedWhileFull = 0;
      let acknowledgedTotal = 0;
      for (let round = 1; round <= ROUNDS; round++) {
        const data = path.join(target, `node-${round}`);
        const dir = path.join(data, "log");
        let store = await createLevelLogStore(dir, { hasher });
        let app = await startGatewayApp(store);
        const acknowledged = new Map<number, string>();
        let load: Traffic | undefined;
        try {
          // Leave ~150 KB: the write-ahead log fills it within a few hundred entries.
          await writeFile(filler, Buffer.alloc(1024 * 1024 - 150 * 1024));
          load = traffic(app, 8, acknowledged);
          const deadline = Date.now() + 60_000;
          while ((load.refused.get("500 STORAGE_FAILURE") ?? 0) < 20 && Date.now() < deadline) await sleep(20);
          expect((await fetch(`${app.url}/healthz`)).status, "the node answers while the disk is full").to.equal(200);
          await load.stop();
          expect(load.other).to.deep.equal([]);
          expect([...load.refused.keys()], `round ${round}`).to.deep.equal(["500 STORAGE_FAILURE"]);
          refusedWhileFull += load.refused.get("500 STORAGE_FAILURE") ?? 0;
          const beforeFull = acknowledged.size;
          expect(beforeFull).to.be.greaterThan(0);

          // Space returns.
          await unlink(filler);
          load = traffic(app, 8, acknowledged);
          await sleep(1000);
          await load.stop();
          expect(load.other).to.deep.equal([]);
          expect(acknowledged.size - beforeFull, `round ${round}: requests succeed again once space returns`).to.be.greaterThan(0);
          expect((await auditLogStore(store)).mismatch).to.equal(undefined);
        } finally {
          await load?.stop();
          await app.close();
          await store.close();
        }
        // A restart: every acknowledged entry is there, and the node takes requests.
        store = await createLevelLogStore(dir, { hasher });
        try {
          const size = await store.size();
          for (const [index, leafHash] of acknowledged) {
            if (index >= size || Buffer.from(await store.getLeafHash(index)).toString("hex") !== leafHash) lost++;
          }
          expect(lost, `round ${round}: acknowledged entries gone after the restart`).to.equal(0);
          expect(size).to.equal(acknowledged.size);
          app = await startGatewayApp(store);
          const again = traffic(app, 4, new Map());
          await sleep(300);
          await again.stop();
          await app.close();
          expect(again.acknowledged.size, "requests succeed after the restart").to.be.greaterThan(0);
          acknowledgedTotal += acknowledged.size + again.acknowledged.size;
        } finally {
          await store.close();
        }
        const audit = await tdlLogAudit({ data, deployments: "", network: "" });
        expect(audit.ok, JSON.stringify(audit.result)).to.equal(true);
        await rm(data, { recursive: true, force: true });
      }
      reportFigures({ suite: "disk full (real: LevelDB on a full 1 MB tmpfs)", trials: ROUNDS, failures: 0, entriesLost: lost, refusedWhileFull, acknowledged: acknowledgedTotal });
    });
  });
});

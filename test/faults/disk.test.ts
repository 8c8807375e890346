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
    /** Acknowledged after space returned, missing once the store is reopened (a restart). */
    let lostAfterRestart: number | undefined;
    let acknowledgedAfterRecovery = 0;
    let refusedAfterRecovery = 0;

    after(function () {
      if (mnt !== undefined) {
        try {
          execFileSync("umount", [mnt]);
        } catch {
          execFileSync("umount", ["-l", mnt]);
        }
      }
    });

    it("answers 500 STORAGE_FAILURE while full and keeps serving; after space returns and a restart it takes requests, with the entries acknowledged before and the audit intact", async function () {
      const target = path.join(root, "tmpfs");
      await mkdir(target, { recursive: true });
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", target], { stdio: "ignore" });
        mnt = target;
      } catch {
        this.skip();
      }
      const data = path.join(target, "node");
      const dir = path.join(data, "log");
      const filler = path.join(target, "filler");
      let store = await createLevelLogStore(dir, { hasher });
      let app = await startGatewayApp(store);
      const acknowledged = new Map<number, string>();
      let beforeFull: Map<number, string>;
      let load: Traffic | undefined;
      try {
        // Leave ~150 KB: the write-ahead log fills it within a few hundred entries.
        await writeFile(filler, Buffer.alloc(1024 * 1024 - 150 * 1024));
        load = traffic(app, 8, acknowledged);
        const deadline = Date.now() + 60_000;
        while ((load.refused.get("500 STORAGE_FAILURE") ?? 0) < 20 && Date.now() < deadline) await sleep(20);
        const health = await fetch(`${app.url}/healthz`);
        expect(health.status, "the node answers while the disk is full").to.equal(200);
        await load.stop();
        expect(load.other).to.deep.equal([]);
        expect([...load.refused.keys()]).to.deep.equal(["500 STORAGE_FAILURE"]);
        beforeFull = new Map(acknowledged);
        expect(beforeFull.size).to.be.greaterThan(0);

        // Space returns.
        await unlink(filler);
        load = traffic(app, 8, acknowledged);
        await sleep(1500);
        await load.stop();
        // Measured, not asserted (see the BUG test): LevelDB either refuses every write until it is reopened,
        // or takes writes that a reopen then drops, depending on where the write error struck.
        acknowledgedAfterRecovery = acknowledged.size - beforeFull.size;
        refusedAfterRecovery = load.refused.get("500 STORAGE_FAILURE") ?? 0;
        expect(load.other).to.deep.equal([]);
        expect((await auditLogStore(store)).mismatch).to.equal(undefined);
      } finally {
        await load?.stop();
        await app.close();
        await store.close();
      }
      // A restart: reopen the LevelDB.
      store = await createLevelLogStore(dir, { hasher });
      try {
        const size = await store.size();
        for (const [index, leafHash] of beforeFull) {
          expect(index, "every entry acknowledged before the disk filled is still there").to.be.below(size);
          expect(Buffer.from(await store.getLeafHash(index)).toString("hex")).to.equal(leafHash);
        }
        lostAfterRestart = [...acknowledged.keys()].filter((index) => index >= size).length;
        expect((await auditLogStore(store)).mismatch).to.equal(undefined);
        // After the restart the node takes requests again.
        app = await startGatewayApp(store);
        const again = traffic(app, 4, new Map());
        await sleep(500);
        await again.stop();
        expect(again.acknowledged.size, "requests succeed after the restart").to.be.greaterThan(0);
        expect([...again.refused.keys()]).to.deep.equal([]);
        await app.close();
      } finally {
        await store.close();
      }
      const audit = await tdlLogAudit({ data, deployments: "", network: "" });
      expect(audit.ok, JSON.stringify(audit.result)).to.equal(true);
      reportFigures({
        suite: "disk full (real: LevelDB on a full 1 MB tmpfs)",
        trials: 1,
        failures: lostAfterRestart > 0 || acknowledgedAfterRecovery === 0 ? 1 : 0,
        entriesLost: lostAfterRestart,
        acknowledgedBeforeFull: beforeFull.size,
        acknowledgedAfterSpaceReturned: acknowledgedAfterRecovery,
        refusedAfterSpaceReturned: refusedAfterRecovery,
        note:
          lostAfterRestart > 0
            ? "entries acknowledged after space returned were lost when the store was reopened (BUG)"
            : acknowledgedAfterRecovery === 0
              ? "every write failed after space returned until the store was reopened (BUG)"
              : "recovered without a restart, nothing lost",
      });
    });

    // KNOWN BUG (server/storage): after a failed write LevelDB's write-ahead log ends in a torn record, later
    // synced batches go after it, and reopening the database drops them. Reopening the LevelDB after a write
    // error (before writing again) keeps them (measured by hand). Run with TDL_FAULTS_KNOWN_BUGS=1.
    it(
      "keeps the entries acknowledged after space returned across a restart",
      function () {
        if (lostAfterRestart === undefined) this.skip();
        expect(lostAfterRestart, `${lostAfterRestart} of ${acknowledgedAfterRecovery} acknowledged after the disk had space again are gone after a restart`).to.equal(0);
      },
    );
  });
});

import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/anvil";
import { rfc6962Sha256 as hasher } from "../../server/log";
import { dataPaths } from "../../server/node/data-dir";
import { auditLogStore, createLevelLogStore } from "../../server/storage";
import type { District } from "../server/gateway/world";
import { faultDistrict, startFaultChain, type FaultChain } from "./helpers/chain";
import { anchoredSize, faultNodeConfig, until } from "./helpers/node-config";
import { killAllNodes, startNodeProcess, type NodeProcess } from "./helpers/node-process";
import { reportFigures, seededRandom, tdlLogAudit, trials } from "./helpers/run";
import { signIn } from "../../server/cli/sign-in";
import { startTraffic, type Traffic } from "./helpers/traffic";

/*
 * The node killed with SIGKILL during sustained access traffic, at random moments, again and again.
 * The node runs as a child process on a real anvil; the traffic generator signs in once and POSTs
 * access requests from several workers, keeping every acknowledged receipt. After each kill: every
 * acknowledged index still holds its leaf hash, `tdl log audit --rpc` passes (leaves, nodes,
 * checkpoints, signatures, anchor records and the chain), and after the restart the anchorer
 * anchors again (the anchored size grows).
 */

const ORIGIN = "tdl.example/faults-node-kill";
const KILLS = trials(5, 50);

describe("faults: the node killed with SIGKILL during access traffic", function () {
  this.timeout(60 * 60_000);
  let dir: string;
  let chain: FaultChain | undefined;
  let d: District;
  let traffic: Traffic | undefined;

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-faults-node-kill-"));
    chain = await startFaultChain(dir);
    d = await faultDistrict(chain, dir, ORIGIN);
  });

  after(async function () {
    await traffic?.stop();
    await killAllNodes();
    await chain?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`loses no acknowledged decision across ${KILLS} kills at random moments; the audit passes and anchoring resumes after each`, async function () {
    const rng = seededRandom("node-kill");
    const port = await freePort();
    const config = faultNodeConfig({ dir, origin: ORIGIN, rpcUrl: chain!.url, district: d, port });
    const logFile = path.join(dir, "node.log");
    const url = `http://127.0.0.1:${port}`;
    let node: NodeProcess = await startNodeProcess(config, logFile);
    const { token } = await signIn(url, d.keys.developer);
    traffic = startTraffic({ baseUrl: () => url, token, workers: 8, target: { grantId: d.grant, scenario: d.scenario, resourceId: d.resources[0], fields: "0x3" } });
    let lost = 0;
    let lastAnchored = 0;
    const perKill: { acknowledged: number; logSize: number; anchored: number }[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      // The anchorer (re)started and anchors again.
      const anchored = await until(`anchoring to pass ${lastAnchored} (kill ${kill})`, async () => {
        const s = await anchoredSize(url);
        return s !== undefined && s.anchoredSize > lastAnchored ? s.anchoredSize : undefined;
      });
      lastAnchored = anchored;
      await new Promise((r) => setTimeout(r, 200 + rng.int(1800)));
      await node.kill("SIGKILL");

      // The store as the node left it.
      const store = await createLevelLogStore(dataPaths(config.dataDir).log, { hasher });
      let size: number;
      try {
        size = await store.size();
        const indices = [...traffic.acknowledged.keys()];
        const stored = await store.getNodes(indices.filter((i) => i < size).map((index) => ({ level: 0, index })));
        let missing = indices.filter((i) => i >= size).length;
        indices
          .filter((i) => i < size)
          .forEach((index, i) => {
            if (Buffer.from(stored[i]).toString("hex") !== traffic!.acknowledged.get(index)!.leafHash) missing++;
          });
        lost += missing;
        expect(missing, `kill ${kill}: acknowledged decisions missing`).to.equal(0);
        expect((await auditLogStore(store)).mismatch, `kill ${kill}`).to.equal(undefined);
      } finally {
        await store.close();
      }
      const audit = await tdlLogAudit({ data: config.dataDir, rpc: chain!.url, deployments: d.deploymentsDir, network: d.network });
      expect(audit.ok, `kill ${kill}: tdl log audit --rpc: ${JSON.stringify(audit.result)}`).to.equal(true);
      expect(audit.result).to.include({ signaturesChecked: true, chainChecked: true });
      perKill.push({ acknowledged: traffic.acknowledged.size, logSize: size, anchored });
      node = await startNodeProcess(config, logFile);
    }
    const final = await until("anchoring to resume after the last kill", async () => {
      const s = await anchoredSize(url);
      return s !== undefined && s.anchoredSize > lastAnchored ? s : undefined;
    });
    await traffic.stop();
    await node.kill("SIGTERM");
    const audit = await tdlLogAudit({ data: config.dataDir, rpc: chain!.url, deployments: d.deploymentsDir, network: d.network });
    expect(audit.ok, JSON.stringify(audit.result)).to.equal(true);
    expect(traffic.stats.duplicates, "no log index was acknowledged twice").to.equal(0);
    reportFigures({
      suite: "node SIGKILL during access traffic",
      trials: KILLS,
      failures: 0,
      entriesLost: lost,
      acknowledged: traffic.acknowledged.size,
      requests: traffic.stats.requests,
      connectionErrorsWhileDown: traffic.stats.connectionErrors,
      finalLogSize: final.logSize,
      finalAnchoredSize: final.anchoredSize,
      anchorRecords: audit.result.anchorRecords,
    });
    expect(traffic.acknowledged.size).to.be.greaterThan(KILLS * 10);
  });
});

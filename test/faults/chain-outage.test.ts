import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { freePort } from "../../scripts/lib/anvil";
import { parseEntry } from "../../server/log";
import { startNode, type RunningNode } from "../../server/node";
import type { District } from "../server/gateway/world";
import { faultDistrict, startFaultChain, type FaultChain } from "./helpers/chain";
import { faultNodeConfig, until } from "./helpers/node-config";
import { startChainProxy, type ChainProxy } from "./helpers/proxy";
import { LONG, reportFigures, tdlLogAudit } from "./helpers/run";
import { signIn } from "../../server/cli/sign-in";
import { startTraffic, type Traffic } from "./helpers/traffic";

/*
 * The chain unreachable for a while during access traffic (short: 10 s, long: 60 s), through a TCP
 * proxy the suite cuts: the first half refuses connections (a stopped chain), the second half accepts
 * and never answers (a partition). Past the staleness bound the gateway fails closed: every answer is
 * 503 CHAIN_UNAVAILABLE and the log holds no allowed decision from then until the chain is back.
 * Every decision it made is in the log (200s and 503s alike), the anchorer catches up once the chain
 * is back, and nothing is lost.
 */

const ORIGIN = "tdl.example/faults-chain-outage";
const OUTAGE_MS = LONG ? 60_000 : 10_000;
const BOUND_MS = 2000;
/** A decision taken just before the bound may be answered a little after it (append, fsync, HTTP). */
const SLACK_MS = 500;

describe("faults: the chain unreachable during access traffic", function () {
  this.timeout(60 * 60_000);
  let dir: string;
  let chain: FaultChain | undefined;
  let proxy: ChainProxy | undefined;
  let d: District;
  let node: RunningNode | undefined;
  let traffic: Traffic | undefined;

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-faults-chain-outage-"));
    chain = await startFaultChain(dir);
    d = await faultDistrict(chain, dir, ORIGIN);
    proxy = await startChainProxy({ host: "127.0.0.1", port: chain.port }, await freePort());
  });

  after(async function () {
    await traffic?.stop();
    await node?.close();
    await proxy?.close();
    await chain?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`fails closed ${BOUND_MS} ms into a ${OUTAGE_MS / 1000} s outage, logs every decision it made, and anchors all of it after`, async function () {
    const config = faultNodeConfig({ dir, origin: ORIGIN, rpcUrl: proxy!.url, district: d, maxStalenessMs: BOUND_MS });
    node = await startNode({ ...config, logger: pino({ level: "silent" }) });
    const url = node.url;
    const { token } = await signIn(url, d.keys.developer);
    traffic = startTraffic({ baseUrl: () => url, token, workers: 4, target: { grantId: d.grant, scenario: d.scenario, resourceId: d.resources[0], fields: "0x3" } });
    await until("allowed decisions", async () => (traffic!.countsSince(0)["200 allowed"] ?? 0) > 20);
    await until("a first anchor", async () => (node!.anchorer!.status().lastAnchor?.size ?? 0) > 0);

    const cutAt = Date.now();
    await proxy!.set("refuse");
    await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
    await proxy!.set("blackhole");
    await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
    const backAt = Date.now();
    const sizeAtRestore = await node.data.store.size();
    await proxy!.set("open");

    const closedFrom = cutAt + BOUND_MS + SLACK_MS;
    const during = traffic.outcomes.filter((o) => o.at >= closedFrom && o.at < backAt);
    const duringCounts: Record<string, number> = {};
    for (const o of during) duringCounts[`${o.status} ${o.what}`] = (duringCounts[`${o.status} ${o.what}`] ?? 0) + 1;
    expect(Object.keys(duringCounts), `answers past the bound: ${JSON.stringify(duringCounts)}`).to.deep.equal(["503 CHAIN_UNAVAILABLE"]);
    const firstRefusal = traffic.outcomes.find((o) => o.at >= cutAt && o.status === 503);
    expect(firstRefusal, "a refusal during the outage").to.not.equal(undefined);

    // Allowed again, and the anchorer catches up with everything logged during the outage.
    await until("allowed decisions again", async () => (traffic!.countsSince(backAt + 1)["200 allowed"] ?? 0) > 5, 60_000);
    const caughtUp = await until(
      "anchoring to catch up",
      async () => {
        const s = node!.anchorer!.status();
        expect(s.state).to.not.equal("halted");
        return (s.lastAnchor?.size ?? 0) >= sizeAtRestore ? s.lastAnchor!.size : undefined;
      },
      120_000,
    );
    const caughtUpAt = Date.now();
    await traffic.stop();

    // Every decision it answered is in the log, and nothing else: 200s and 503s alike.
    const store = node.data.store;
    const size = await store.size();
    const answered = traffic.outcomes.filter((o) => o.status === 200 || (o.status === 503 && o.what === "CHAIN_UNAVAILABLE")).length;
    expect(size, "log entries = decisions answered").to.equal(answered);
    let lost = 0;
    for (const [index, ack] of traffic.acknowledged) {
      if (index >= size || Buffer.from(await store.getLeafHash(index)).toString("hex") !== ack.leafHash) lost++;
    }
    expect(lost).to.equal(0);
    // The log itself: no allowed decision was taken from the bound until the chain was back.
    let allowedInOutage = 0;
    let deniedUnavailable = 0;
    for (let start = 0; start < size; start += 1000) {
      for (const bytes of await store.getEntries(start, 1000)) {
        const entry = parseEntry(bytes);
        const t = Date.parse(entry.time);
        if (entry.decision === "allowed" && t >= cutAt + BOUND_MS && t < backAt) allowedInOutage++;
        if (entry.reason === "CHAIN_UNAVAILABLE") deniedUnavailable++;
      }
    }
    expect(allowedInOutage, "allowed entries decided past the bound").to.equal(0);
    expect(deniedUnavailable).to.equal(traffic.outcomes.filter((o) => o.status === 503).length);
    await node.close();
    node = undefined;
    const audit = await tdlLogAudit({ data: config.dataDir, rpc: chain!.url, deployments: d.deploymentsDir, network: d.network });
    expect(audit.ok, JSON.stringify(audit.result)).to.equal(true);
    const lastAllowed = traffic.outcomes.filter((o) => o.at >= cutAt && o.at < backAt && o.what === "allowed").at(-1);
    reportFigures({
      suite: `chain unreachable ${OUTAGE_MS / 1000} s (refused, then black-holed)`,
      trials: 1,
      failures: 0,
      entriesLost: lost,
      stalenessBoundMs: BOUND_MS,
      lastAllowedAfterCutMs: lastAllowed === undefined ? null : lastAllowed.at - cutAt,
      firstRefusalAfterCutMs: firstRefusal!.at - cutAt,
      answersPastTheBound: duringCounts,
      logEntries: size,
      deniedChainUnavailable: deniedUnavailable,
      anchoringCaughtUpSecondsAfterRestore: Math.round((caughtUpAt - backAt) / 100) / 10,
      anchoredSize: caughtUp,
    });
  });
});

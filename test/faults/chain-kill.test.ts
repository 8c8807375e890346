import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet, type EventLog, type Log } from "ethers";
import pino from "pino";
import { startNode, type RunningNode } from "../../server/node";
import type { ChainEvent, HistoryStore } from "../../server/storage/history-store";
import type { District } from "../server/gateway/world";
import { faultDistrict, startFaultChain, type FaultChain } from "./helpers/chain";
import { faultNodeConfig, until } from "./helpers/node-config";
import { reportFigures, seededRandom, tdlLogAudit, trials } from "./helpers/run";
import { signIn } from "../../server/cli/sign-in";
import { startTraffic, type Traffic } from "./helpers/traffic";

/*
 * The local chain (anvil with --state --state-interval 1) killed with SIGKILL during access traffic
 * and started again from its state file: it comes back up to ~1 s shorter, and new blocks take the
 * lost heights. Right before each kill a registry transaction is sent, so there is something recent
 * to lose. After each restart: the anchorer re-submits what the chain lost (the chain's latest anchor
 * reaches the node's again, never ANCHOR_DIVERGED), the indexer rolls back and re-indexes (its events
 * are exactly the chain's, each once), anchors are not counted twice (sizes strictly increase on the
 * chain and in the node's records), the log keeps every acknowledged decision, and `tdl log audit
 * --rpc` passes.
 */

const ORIGIN = "tdl.example/faults-chain-kill";
const KILLS = trials(3, 20);

async function wholeFeed(store: HistoryStore): Promise<ChainEvent[]> {
  const all: ChainEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.feed({ after, limit: 200 });
    if (page.events.length === 0) return all;
    all.push(...page.events);
    after = page.cursor;
  }
}

describe("faults: the local chain killed with SIGKILL and restarted", function () {
  this.timeout(60 * 60_000);
  let dir: string;
  let chain: FaultChain | undefined;
  let d: District;
  let node: RunningNode | undefined;
  let traffic: Traffic | undefined;

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-faults-chain-kill-"));
    chain = await startFaultChain(dir);
    d = await faultDistrict(chain, dir, ORIGIN);
  });

  after(async function () {
    await traffic?.stop();
    await node?.close();
    await chain?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function chainEvents(toBlock: number): Promise<string[]> {
    const logs = (await Promise.all(Object.values(d.ledger).map((c) => c.queryFilter("*" as never, 0, toBlock)))).flat() as (EventLog | Log)[];
    return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index).map((l) => `${l.transactionHash}/${l.index}`);
  }

  const latestAnchor = async (): Promise<number> => Number((await d.ledger.anchors.latestAnchor(d.log.logId))[0]);

  it(`re-anchors what the chain lost and re-indexes it, across ${KILLS} kills, with nothing lost or counted twice`, async function () {
    const rng = seededRandom("chain-kill");
    const config = faultNodeConfig({ dir, origin: ORIGIN, rpcUrl: chain!.url, district: d, maxStalenessMs: 10_000 });
    node = await startNode({ ...config, logger: pino({ level: "silent" }) });
    const url = node.url;
    const { token } = await signIn(url, d.keys.developer);
    traffic = startTraffic({ baseUrl: () => url, token, workers: 4, target: { grantId: d.grant, scenario: d.scenario, resourceId: d.resources[0], fields: "0x3" } });
    const rounds: Record<string, number>[] = [];
    let blocksLost = 0;
    let anchorsLost = 0;
    for (let kill = 1; kill <= KILLS; kill++) {
      const anchoredBefore = await until("an anchor", async () => {
        const size = node!.anchorer!.status().lastAnchor?.size ?? 0;
        return size > (rounds.at(-1)?.anchoredAfter ?? 0) ? size : undefined;
      });
      // Something recent for the chain to lose: a staff key added to the operator.
      await (await d.ledger.organizations.connect(d.keys.operator).addStaffKey(d.orgs.operator, Wallet.createRandom().address)).wait();
      await new Promise((r) => setTimeout(r, rng.int(900)));
      const headBefore = await chain!.provider.getBlockNumber();
      const nodeAnchoredAtKill = node.anchorer!.status().lastAnchor?.size ?? 0;
      await chain!.kill();
      await new Promise((r) => setTimeout(r, 300 + rng.int(1500)));
      await chain!.restart();
      const headAfter = await chain!.provider.getBlockNumber();
      const chainAnchorAfter = await latestAnchor();
      blocksLost += Math.max(0, headBefore - headAfter);
      if (chainAnchorAfter < nodeAnchoredAtKill) anchorsLost++;

      // The anchorer puts back what was lost and goes on; it never halts.
      const anchoredAfter = await until(`the chain's anchor to reach ${nodeAnchoredAtKill} again (kill ${kill})`, async () => {
        const status = node!.anchorer!.status();
        expect(status.state, JSON.stringify(status.lastError)).to.not.equal("halted");
        const tip = await latestAnchor();
        return tip >= nodeAnchoredAtKill && tip > chainAnchorAfter && status.lastAnchor?.size === tip ? tip : undefined;
      }, 60_000);

      // The indexer follows the chain that is, not the one that was.
      const indexedHead = await until("the indexer to reach the chain head", async () => {
        const head = await chain!.provider.getBlockNumber();
        const s = node!.indexer!.status();
        return s.indexedHead !== null && s.indexedHead >= head ? s.indexedHead : undefined;
      }, 60_000);
      const indexed = (await wholeFeed(node.history!)).filter((e) => e.blockNumber <= indexedHead).map((e) => `${e.txHash}/${e.logIndex}`);
      expect(new Set(indexed).size, "no event indexed twice").to.equal(indexed.length);
      expect(indexed, `kill ${kill}: the index is the chain's events`).to.deep.equal(await chainEvents(indexedHead));
      rounds.push({ kill, headBefore, headAfter, nodeAnchoredAtKill, chainAnchorAfter, anchoredBefore, anchoredAfter, reorgs: node.indexer!.status().reorgs });
    }
    await traffic.stop();

    // Nothing counted twice: each anchored size once, increasing, on the chain and in the node's records.
    // An anchor in flight when traffic stops lands on chain before the node records it: wait for the record.
    const anchoredSizes = async () => (await d.ledger.anchors.queryFilter(d.ledger.anchors.filters.LogRootAnchored(d.log.logId))).map((e) => Number((e as unknown as EventLog).args.size));
    const recordedSizes = async () => (await node!.data.records.all()).map((r) => r.size);
    const [anchored, records] = await until("the node's anchor records to catch up with the chain's last anchor", async () => {
      const [onChain, recorded] = [await anchoredSizes(), await recordedSizes()];
      return onChain.at(-1) === recorded.at(-1) ? ([onChain, recorded] as const) : undefined;
    }, 60_000);
    expect(anchored, "anchored sizes on chain strictly increase").to.deep.equal([...new Set(anchored)].sort((a, b) => a - b));
    expect(records, "anchor records strictly increase").to.deep.equal([...new Set(records)].sort((a, b) => a - b));
    expect(records.at(-1)).to.equal(anchored.at(-1));

    // Every acknowledged decision is in the log.
    const store = node.data.store;
    const size = await store.size();
    let lost = 0;
    for (const [index, ack] of traffic.acknowledged) {
      if (index >= size || Buffer.from(await store.getLeafHash(index)).toString("hex") !== ack.leafHash) lost++;
    }
    expect(lost).to.equal(0);
    const reorgs = node.indexer!.status().reorgs;
    await node.close();
    node = undefined;
    const audit = await tdlLogAudit({ data: config.dataDir, rpc: chain!.url, deployments: d.deploymentsDir, network: d.network });
    expect(audit.ok, JSON.stringify(audit.result)).to.equal(true);
    reportFigures({
      suite: "local chain SIGKILL + restart",
      trials: KILLS,
      failures: 0,
      entriesLost: lost,
      blocksLostByTheChain: blocksLost,
      killsThatLostAnchors: anchorsLost,
      indexerReorgs: reorgs,
      anchorsOnChain: anchored.length,
      acknowledged: traffic.acknowledged.size,
      rounds,
    });
    expect(blocksLost, "the chain lost blocks in at least one kill").to.be.greaterThan(0);
  });
});

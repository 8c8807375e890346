import { expect } from "chai";
import { artifacts } from "hardhat";
import { ethers, type EventLog, type JsonRpcProvider, type Log } from "ethers";
import { readDeployments } from "../../server/chain/deployments";
import { createIndexer, type Indexer } from "../../server/chain/indexer";
import { createLevelHistoryStore, type ChainEvent, type HistoryStore } from "../../server/storage/history-store";
import { anvilAccount } from "../../scripts/lib/anvil";
import { writeDeployment } from "../../scripts/lib/deployments";
import { deployLedger } from "../../scripts/lib/ledger";
import { type Ledger } from "../../server/chain/ledger";
import { registerOrganization, registerResource } from "../../scripts/lib/procedures";
import { OrgKind } from "../../server/vocabulary";
import { tempDirs } from "../server/storage/temp-dir";
import { startTestChain, type TestChain } from "../helpers/anvil";

/*
 * The indexer against a real anvil process: the ledger deployed over JSON-RPC, indexed by the polling
 * loop into LevelDB, then a reorg made with anvil_snapshot / anvil_revert and different transactions
 * at the same heights: the index rolls back and follows the new chain.
 */

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function wholeFeed(store: HistoryStore): Promise<ChainEvent[]> {
  const all: ChainEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.feed({ after, limit: 50 });
    if (page.events.length === 0) return all;
    all.push(...page.events);
    after = page.cursor;
  }
}

async function chainEvents(ledger: Ledger): Promise<string[]> {
  const logs = (await Promise.all(Object.values(ledger).map((c) => c.queryFilter("*" as never)))).flat() as (EventLog | Log)[];
  return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index).map((l) => `${l.transactionHash}/${l.index}`);
}

const where = (e: ChainEvent): string => `${e.txHash}/${e.logIndex}`;

describe("audit indexer against anvil (e2e)", function () {
  this.timeout(60_000);
  const dirs = tempDirs();
  let anvil: TestChain | undefined;
  let provider: JsonRpcProvider;
  let indexer: Indexer | undefined;
  let store: HistoryStore | undefined;

  before(async function () {
    anvil = await startTestChain(); // its provider caches nothing: after a revert, a cached nonce or block would be of the abandoned chain
    provider = anvil.provider;
  });

  after(async function () {
    await indexer?.stop();
    await store?.close();
    await anvil?.stop();
    await dirs.removeAll();
  });

  it("indexes the ledger, and rolls back and re-indexes across an anvil_revert", async function () {
    const wallets = [0, 1, 2, 3, 4].map((i) => anvilAccount(i).connect(provider));
    const [deployer, official1, official2, official3, sourceKey] = wallets;
    const { ledger, deployed } = await deployLedger(deployer, {
      name: "Bureau",
      creditCodeHash: ethers.id("bureau"),
      officials: [official1.address, official2.address, official3.address],
      threshold: 2,
    });
    const root = await dirs.make();
    await writeDeployment("anvil", 31337, deployed, (name) => artifacts.readArtifact(name), root);
    const source = await registerOrganization(ledger, official1, OrgKind.DataSource, "Market Regulation, \"Dept\"", sourceKey.address);
    await registerResource(ledger, sourceKey, "enterprise-registration", { fieldCount: 12, classification: 2 });

    store = await createLevelHistoryStore(await dirs.make());
    indexer = createIndexer({ provider, deployments: await readDeployments(root, "anvil"), store, pollIntervalMs: 25 });
    indexer.start();
    const head = await provider.getBlockNumber();
    await until("the indexer to reach the chain head", async () => (indexer?.status().indexedHead === head ? true : undefined));
    expect((await wholeFeed(store)).map(where)).to.deep.equal(await chainEvents(ledger));
    expect((await store.history({ kind: "organization", id: String(source) })).events.map((e) => e.event)).to.deep.equal([
      "ResourceRegistered",
      "StaffKeyAdded",
      "OrganizationRegistered",
    ]);

    // a branch the chain will abandon
    const snapshot = (await provider.send("anvil_snapshot", [])) as string;
    await registerResource(ledger, sourceKey, "abandoned-1", { fieldCount: 1, classification: 1 });
    await registerResource(ledger, sourceKey, "abandoned-2", { fieldCount: 1, classification: 1 });
    const branchHead = await provider.getBlockNumber();
    await until("the indexer to index the branch", async () => (indexer?.status().indexedHead === branchHead ? true : undefined));
    const abandoned = (await wholeFeed(store)).filter((e) => e.blockNumber > head);
    expect(abandoned).to.have.length(2);

    expect(await provider.send("anvil_revert", [snapshot])).to.equal(true);
    for (const code of ["replacing-1", "replacing-2", "replacing-3"]) {
      await registerResource(ledger, sourceKey, code, { fieldCount: 2, classification: 2 });
    }
    const newHead = await provider.getBlockNumber();
    expect(newHead).to.equal(head + 3);
    await until("the indexer to follow the new chain", async () => {
      const status = indexer?.status();
      return status?.reorgs === 1 && status.indexedHead === newHead ? true : undefined;
    });

    const feed = await wholeFeed(store);
    expect(feed.map(where)).to.deep.equal(await chainEvents(ledger));
    const txs = new Set(feed.map((e) => e.txHash));
    for (const gone of abandoned) expect(txs.has(gone.txHash)).to.equal(false);
    const codes = feed.filter((e) => e.blockNumber > head).map((e) => e.args.code);
    expect(codes).to.deep.equal(["replacing-1", "replacing-2", "replacing-3"].map((c) => ethers.id(c)));
    expect(indexer.status()).to.include({ lag: 0, consecutiveFailures: 0 });
  });
});

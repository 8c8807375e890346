import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { EventLog, Log } from "ethers";
import type { Deployments } from "../../../server/chain/deployments";
import { createIndexer, type Indexer } from "../../../server/chain/indexer";
import { SUBJECT_OF_ARGUMENT } from "../../../server/chain/event-subjects";
import { createLevelHistoryStore, createMemoryHistoryStore, type ChainEvent, type HistoryStore, type Subject } from "../../../server/storage/history-store";
import { exportHistory, type ExportProgress } from "../../../server/storage/history-export";
import { registerResource } from "../../../scripts/lib/procedures";
import { districtFixture, type District } from "../../contracts/fixtures";
import { tempDirs } from "../storage/temp-dir";
import { writeFixtureDeployments } from "../../helpers/deployments";

/*
 * The audit indexer on the in-process Hardhat network: the district's chain indexed and compared with
 * the events read straight from the contracts (queryFilter), paging, a reorg made with evm_snapshot /
 * evm_revert, catch-up after downtime, and exports parsed back.
 */

type Emitted = EventLog;

/** Every event of every ledger contract, read directly, newest first. */
async function chainEvents(district: District): Promise<Emitted[]> {
  const contracts = Object.values(district.ledger);
  const logs = (await Promise.all(contracts.map((c) => c.queryFilter("*" as never)))).flat() as (EventLog | Log)[];
  return logs
    .filter((log): log is EventLog => "fragment" in log)
    .sort((a, b) => b.blockNumber - a.blockNumber || b.index - a.index);
}

/** Whether the event names `subject` in an argument of its kind (read from ethers' decoding, not the store's). */
function names(event: Emitted, { kind, id }: Subject): boolean {
  return event.fragment.inputs.some((input, i) => {
    if (SUBJECT_OF_ARGUMENT[input.name] !== kind) return false;
    const value: unknown = event.args[i];
    const values = Array.isArray(value) ? [...value] : [value];
    return values.some((v) => String(v).toLowerCase() === id);
  });
}

async function everyPage(store: HistoryStore, subject: Subject, limit: number): Promise<ChainEvent[]> {
  const all: ChainEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.history(subject, { cursor, limit });
    all.push(...page.events);
    cursor = page.next;
  } while (cursor);
  return all;
}

async function wholeFeed(store: HistoryStore): Promise<ChainEvent[]> {
  const all: ChainEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.feed({ after, limit: 7 });
    if (page.events.length === 0) return all;
    all.push(...page.events);
    after = page.cursor;
  }
}

const where = (e: { txHash?: string; transactionHash?: string; logIndex?: number; index?: number }): string =>
  `${e.txHash ?? e.transactionHash}/${e.logIndex ?? e.index}`;

/** Hardhat's provider as the indexer's JSON-RPC sender. */
const sender = { send: (method: string, params: unknown[]) => ethers.provider.send(method, params) as Promise<unknown> };

/** A normal CSV reader (RFC 4180) to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field), rows.push(row), (row = []), (field = ""), i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe("audit indexer (Hardhat network)", function () {
  const dirs = tempDirs();
  let district: District;
  let deployments: Deployments;
  const indexers: Indexer[] = [];
  const stores: HistoryStore[] = [];

  async function indexerOver(store: HistoryStore, pollIntervalMs = 20): Promise<Indexer> {
    const indexer = createIndexer({ provider: sender, deployments, store, pollIntervalMs, maxBlockRange: 16 });
    indexers.push(indexer);
    return indexer;
  }

  async function caughtUp(indexer: Indexer): Promise<void> {
    const head = await ethers.provider.getBlockNumber();
    const deadline = Date.now() + 10_000;
    while (indexer.status().indexedHead !== head) {
      if (Date.now() > deadline) throw new Error(`indexer stuck at ${JSON.stringify(indexer.status())}, chain at ${head}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  before(async function () {
    district = await loadFixture(districtFixture);
    // deployments/<network>/ as the deploy script writes it; the indexer learns contracts only from there
    deployments = await writeFixtureDeployments(district.ledger, await dirs.make());
  });

  afterEach(async function () {
    await Promise.all(indexers.splice(0).map((i) => i.stop()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  after(async function () {
    await dirs.removeAll();
  });

  describe("history", function () {
    let store: HistoryStore;
    let emitted: Emitted[];
    before(async function () {
      district = await loadFixture(districtFixture);
      store = createMemoryHistoryStore();
      const indexer = await indexerOver(store);
      const report = await indexer.poll();
      emitted = await chainEvents(district);
      expect(report.eventsIndexed).to.equal(emitted.length);
      expect(indexer.status()).to.include({ indexedHead: report.chainHead, lag: 0 });
    });

    const subjects = (d: District): Subject[] => [
      { kind: "organization", id: String(d.orgs.bureau) },
      { kind: "organization", id: String(d.orgs.operator) },
      { kind: "organization", id: String(d.orgs.developer) },
      { kind: "organization", id: String(d.orgs.source) },
      { kind: "grant", id: String(d.wholeGrant) },
      { kind: "grant", id: String(d.scenarioGrant) },
      { kind: "resource", id: String(d.resources[0]) },
      { kind: "resource", id: String(d.resources[3]) },
      { kind: "application", id: String(d.applicationId) },
      { kind: "qualification", id: String(d.developerQualification) },
    ];

    it("holds every event once in chain order, as the contracts emitted them", async function () {
      const feed = await wholeFeed(store);
      expect(feed.map(where)).to.deep.equal([...emitted].reverse().map(where));
      const first = feed[0];
      const source = emitted.at(-1) as Emitted;
      expect(first).to.include({ blockNumber: source.blockNumber, blockHash: source.blockHash.toLowerCase(), event: source.eventName });
      expect(first.blockTimestamp).to.equal((await ethers.provider.getBlock(source.blockNumber))?.timestamp);
    });

    it("gives each organisation, grant, resource, application and qualification the events that name it, newest first", async function () {
      for (const subject of subjects(district)) {
        const expected = emitted.filter((e) => names(e, subject));
        expect(expected.length, `${subject.kind} ${subject.id} has events`).to.be.greaterThan(0);
        const page = await store.history(subject, { limit: 1000 });
        expect(page.events.map(where), `${subject.kind} ${subject.id}`).to.deep.equal(expected.map(where));
        expect(page.events.map((e) => e.event)).to.deep.equal(expected.map((e) => e.eventName));
        expect(page.next).to.equal(undefined);
      }
    });

    it("agrees with the contracts' own indexed filters for a grant", async function () {
      const { grants } = district.ledger;
      const id = district.wholeGrant;
      const direct = [
        ...(await grants.queryFilter(grants.filters.GrantIssued(id))),
        ...(await grants.queryFilter(grants.filters.GrantIssued(undefined, undefined, id))),
      ].sort((a, b) => b.blockNumber - a.blockNumber || b.index - a.index);
      const page = await store.history({ kind: "grant", id: String(id) });
      expect(page.events.map(where)).to.deep.equal(direct.map(where));
    });

    it("indexes a staff key's actions under the key (lowercase address)", async function () {
      const key = (await district.keys.operator.getAddress()).toLowerCase();
      const expected = emitted.filter((e) => names(e, { kind: "key", id: key }));
      const page = await store.history({ kind: "key", id: key }, { limit: 1000 });
      expect(page.events.map(where)).to.deep.equal(expected.map(where));
      expect(page.events.length).to.be.greaterThan(3);
    });

    it("returns every event exactly once across cursor pages", async function () {
      for (const subject of subjects(district)) {
        const whole = (await store.history(subject, { limit: 1000 })).events.map(where);
        for (const limit of [1, 2, 5]) {
          const paged = (await everyPage(store, subject, limit)).map(where);
          expect(paged, `${subject.kind} ${subject.id} by ${limit}`).to.deep.equal(whole);
          expect(new Set(paged).size).to.equal(paged.length);
        }
      }
    });

    it("keeps the arguments JSON-safe: numbers as decimal text, structs by field name", async function () {
      const [issued] = (await store.history({ kind: "grant", id: String(district.scenarioGrant) }, { limit: 1000 })).events.filter((e) => e.event === "GrantIssued");
      expect(issued.args).to.include({ grantId: String(district.scenarioGrant), parent: String(district.wholeGrant) });
      expect(issued.args.terms).to.have.keys("start", "end", "clauseManifest", "agreementHash", "feeTermsHash");
      expect(JSON.parse(JSON.stringify(issued))).to.deep.equal(issued);
    });

    describe("export", function () {
      const subject = (): Subject => ({ kind: "organization", id: String(district.orgs.developer) });

      it("streams JSON Lines that parse back to the history", async function () {
        const progress: ExportProgress[] = [];
        const text = await collect(exportHistory(store, subject(), { format: "jsonl", pageSize: 3, onProgress: (p) => progress.push(p) }));
        const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line) as ChainEvent);
        const history = await everyPage(store, subject(), 1000);
        expect(lines).to.deep.equal(history);
        expect(progress.at(-1)).to.deep.equal({ done: history.length, total: history.length });
        expect(progress.length).to.equal(Math.ceil(history.length / 3));
      });

      it("streams CSV that a CSV reader parses back, quotes and commas included", async function () {
        const text = await collect(exportHistory(store, subject(), { format: "csv", pageSize: 4 }));
        const [header, ...rows] = parseCsv(text);
        const history = await everyPage(store, subject(), 1000);
        expect(header).to.deep.equal(["blockNumber", "blockTime", "blockHash", "txHash", "logIndex", "contract", "address", "event", "args"]);
        expect(rows).to.have.length(history.length);
        rows.forEach((row, i) => {
          expect(row).to.have.length(9);
          expect(row[3]).to.equal(history[i].txHash);
          expect(JSON.parse(row[8])).to.deep.equal(history[i].args);
        });
        // the organisation's registration carries its name (with spaces) inside the JSON, which has quotes and commas
        expect(rows.some((row) => row[7] === "OrganizationRegistered" && row[8].includes("A Bank"))).to.equal(true);
      });
    });
  });

  describe("reorgs", function () {
    it("rolls back blocks the chain replaced at the same heights and indexes the new ones", async function () {
      district = await loadFixture(districtFixture);
      const store = createMemoryHistoryStore();
      const indexer = await indexerOver(store);
      await indexer.poll();
      const before = await ethers.provider.getBlockNumber();

      const snapshot = (await ethers.provider.send("evm_snapshot", [])) as string;
      const { ledger, keys } = district;
      const reorgedResource = await registerResource(ledger, keys.source, "reorged-a", { fieldCount: 3, classification: 1 });
      await registerResource(ledger, keys.source, "reorged-b", { fieldCount: 3, classification: 1 });
      await indexer.poll();
      const reverted = (await wholeFeed(store)).filter((e) => e.blockNumber > before);
      expect(reverted).to.have.length(2);

      expect(await ethers.provider.send("evm_revert", [snapshot])).to.equal(true);
      const replacing = [];
      for (const code of ["kept-a", "kept-b", "kept-c"]) replacing.push(await registerResource(ledger, keys.source, code, { fieldCount: 4, classification: 2 }));
      expect(replacing[0]).to.equal(reorgedResource); // the same id, at the same height, in another block

      const report = await indexer.poll();
      expect(report.rolledBack).to.deep.equal({ fromBlock: before + 1, eventsRemoved: 2 });
      expect(indexer.status().reorgs).to.equal(1);

      const feed = await wholeFeed(store);
      const txs = new Set(feed.map((e) => e.txHash));
      for (const gone of reverted) expect(txs.has(gone.txHash), `reverted ${gone.txHash}`).to.equal(false);
      expect(feed.map(where)).to.deep.equal((await chainEvents(district)).reverse().map(where));

      const history = (await store.history({ kind: "resource", id: String(reorgedResource) })).events;
      expect(history.map((e) => e.args.code)).to.deep.equal([ethers.id("kept-a")]);
      expect(history[0].blockHash).to.equal((await ethers.provider.getBlock(before + 1))?.hash);
    });

    it("rolls back when the chain is shorter than the index (a hard-killed chain lost its last blocks)", async function () {
      district = await loadFixture(districtFixture);
      const store = createMemoryHistoryStore();
      const indexer = await indexerOver(store);
      await indexer.poll();
      const before = await ethers.provider.getBlockNumber();
      const snapshot = (await ethers.provider.send("evm_snapshot", [])) as string;
      await registerResource(district.ledger, district.keys.source, "lost", { fieldCount: 3, classification: 1 });
      await indexer.poll();
      expect(indexer.status().indexedHead).to.equal(before + 1);

      await ethers.provider.send("evm_revert", [snapshot]);
      const report = await indexer.poll();
      expect(report.rolledBack?.eventsRemoved).to.equal(1);
      expect(report.indexedHead).to.equal(before);
      expect((await wholeFeed(store)).map(where)).to.deep.equal((await chainEvents(district)).reverse().map(where));
    });
  });

  describe("catch-up", function () {
    it("resumes from the stored head after downtime, with every event once", async function () {
      district = await loadFixture(districtFixture);
      const dir = await dirs.make();
      let store = await createLevelHistoryStore(dir);
      let indexer = await indexerOver(store);
      indexer.start();
      await caughtUp(indexer);
      await indexer.stop();
      expect(indexer.status().state).to.equal("stopped");
      await store.close();

      // down: the grantor suspends the scenario grant and a resource is registered
      const { ledger, keys } = district;
      await (await ledger.grants.connect(keys.operator).suspendGrant(district.scenarioGrant, ethers.id("audit finding"))).wait();
      await registerResource(ledger, keys.source, "while-down", { fieldCount: 2, classification: 1 });

      store = await createLevelHistoryStore(dir);
      stores.push(store);
      indexer = await indexerOver(store);
      indexer.start();
      await caughtUp(indexer);
      await indexer.stop();

      expect((await wholeFeed(store)).map(where)).to.deep.equal((await chainEvents(district)).reverse().map(where));
      const grant = (await store.history({ kind: "grant", id: String(district.scenarioGrant) })).events;
      expect(grant[0].event).to.equal("GrantSuspended");
      expect(indexer.status()).to.include({ consecutiveFailures: 0, lag: 0 });
    });
  });
});

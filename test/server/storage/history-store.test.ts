import { expect } from "chai";
import { createLevelHistoryStore, createMemoryHistoryStore, type BlockHeader, type ChainEvent, type HistoryStore, type IndexedBlock, type Subject } from "../../../server/storage/history-store";
import { isTdlError } from "../../../server/errors";
import { tempDirs } from "./temp-dir";

const hash = (n: number, fork = 0): string => `0x${(fork * 1_000_000 + n).toString(16).padStart(64, "0")}`;
const header = (n: number, fork = 0): BlockHeader => ({ number: n, hash: hash(n, fork), parentHash: hash(n - 1, fork), timestamp: 1_700_000_000 + n });

/** Block n holds `count` events; event i names organisation (i % 3) + 1 and grant n. */
function block(n: number, count: number, fork = 0): IndexedBlock {
  const h = header(n, fork);
  const events: ChainEvent[] = Array.from({ length: count }, (_, i) => ({
    blockNumber: n,
    blockHash: h.hash,
    blockTimestamp: h.timestamp,
    txHash: hash(n * 100 + i, fork + 7),
    txIndex: i,
    logIndex: i,
    contract: "GrantRegistry",
    address: "0x" + "11".repeat(20),
    event: "GrantSuspended",
    args: { grantId: String(n), byOrg: String((i % 3) + 1), reasonHash: hash(i) },
    subjects: [
      { kind: "grant", id: String(n) },
      { kind: "organization", id: String((i % 3) + 1) },
    ],
  }));
  return { header: h, events };
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

const position = (e: ChainEvent): string => `${e.blockNumber}-${e.logIndex}`;

for (const [backend, open] of [
  ["memory", async () => ({ store: createMemoryHistoryStore(), done: async () => undefined })],
  [
    "LevelDB",
    async () => {
      const dirs = tempDirs();
      const store = await createLevelHistoryStore(await dirs.make());
      return { store, done: async () => { await store.close(); await dirs.removeAll(); } };
    },
  ],
] as const) {
  describe(`HistoryStore (${backend})`, function () {
    let store: HistoryStore;
    let done: () => Promise<void>;
    beforeEach(async function () {
      ({ store, done } = await open());
      await store.commit([block(3, 2), block(5, 3), block(9, 4)], header(12));
    });
    afterEach(async () => done());

    describe("history", function () {
      it("pages one organisation's events newest first, each once", async function () {
        const all = await everyPage(store, { kind: "organization", id: "1" }, 1);
        expect(all.map(position)).to.deep.equal(["9-3", "9-0", "5-0", "3-0"]);
        expect(await store.count({ kind: "organization", id: "1" })).to.equal(4);
      });

      it("keeps ids apart that are prefixes of one another", async function () {
        await store.commit([block(13, 1)], header(13));
        expect((await store.history({ kind: "grant", id: "1" })).events).to.have.length(0);
        expect((await store.history({ kind: "grant", id: "13" })).events).to.have.length(1);
      });

      it("returns an empty history for a subject no event names", async function () {
        const page = await store.history({ kind: "product", id: "1" });
        expect(page).to.deep.equal({ events: [], next: undefined });
      });

      it("refuses a cursor it did not issue", async function () {
        try {
          await store.history({ kind: "grant", id: "5" }, { cursor: "five" });
          expect.fail("no error");
        } catch (error) {
          expect(isTdlError(error, "MALFORMED_INPUT")).to.equal(true);
        }
      });
    });

    describe("feed", function () {
      it("resumes after any position without gaps or duplicates", async function () {
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.feed({ after, limit: 2 });
          if (page.events.length === 0) break;
          seen.push(...page.events.map(position));
          after = page.cursor;
        }
        expect(seen).to.deep.equal(["3-0", "3-1", "5-0", "5-1", "5-2", "9-0", "9-1", "9-2", "9-3"]);
      });
    });

    describe("commit", function () {
      it("refuses blocks at or below the head", async function () {
        try {
          await store.commit([block(12, 1)], header(12));
          expect.fail("no error");
        } catch (error) {
          expect(isTdlError(error, "OUT_OF_RANGE")).to.equal(true);
        }
      });
    });

    describe("rollback", function () {
      it("removes every event from the block upward and moves the head to the newest kept header", async function () {
        const report = await store.rollback(5);
        expect(report.eventsRemoved).to.equal(7);
        expect(report.head).to.deep.equal(header(3));
        expect(await store.head()).to.deep.equal(header(3));
        expect((await store.feed()).events.map(position)).to.deep.equal(["3-0", "3-1"]);
        expect((await store.history({ kind: "grant", id: "9" })).events).to.have.length(0);
        expect(await store.count({ kind: "organization", id: "1" })).to.equal(1);
      });

      it("lets the same heights be indexed again with other blocks", async function () {
        await store.rollback(5);
        await store.commit([block(6, 1, 1), block(9, 1, 1)], header(10, 1));
        const feed = (await store.feed()).events;
        expect(feed.map(position)).to.deep.equal(["3-0", "3-1", "6-0", "9-0"]);
        expect(feed[3].blockHash).to.equal(hash(9, 1));
        expect((await everyPage(store, { kind: "organization", id: "1" }, 2)).map(position)).to.deep.equal(["9-0", "6-0", "3-0"]);
      });

      it("offers the kept headers newest first as candidates for the common ancestor", async function () {
        await store.commit([], header(15));
        const numbers: number[] = [];
        for await (const h of store.headersDescending()) numbers.push(h.number);
        expect(numbers).to.deep.equal([15, 12, 9, 5, 3]);
      });

      it("empties the index when rolled back below every block", async function () {
        const report = await store.rollback(0);
        expect(report.head).to.equal(undefined);
        expect(await store.head()).to.equal(undefined);
        expect((await store.feed()).events).to.have.length(0);
      });
    });
  });
}

import { expect } from "chai";
import express, { type Express } from "express";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { EventLog, Log } from "ethers";
import { createIndexer, type Indexer } from "../../../server/chain/indexer";
import { errorMiddleware, notFoundRoute } from "../../../server/http/errors";
import { FEED_EVENTS, feedRoutes, type FeedRouteDeps } from "../../../server/http/feed-routes";
import { createLevelHistoryStore, type HistoryStore } from "../../../server/storage/history-store";
import { publishedProductFixture } from "../../contracts/fixtures";
import { LEDGER_CONTRACT_NAMES, type Ledger } from "../../../server/chain/ledger";
import { tempDirs } from "../storage/temp-dir";
import { writeFixtureDeployments } from "../../helpers/deployments";
import { serve, type Served } from "../../helpers/serve";

/*
 * The sync feed over the real audit index of the district's chain: exactly the catalog, registration
 * and product-release events in chain order; read in pages of random sizes (and with a tiny scan
 * budget) the union is the whole feed, each event once; a consumer that stopped resumes from its
 * cursor and gets exactly what came since.
 */

type District = Awaited<ReturnType<typeof publishedProductFixture>>;

const sender = { send: (method: string, params: unknown[]) => ethers.provider.send(method, params) as Promise<unknown> };

function feedApp(deps: FeedRouteDeps): Express {
  const app = express();
  app.set("query parser", "simple");
  app.use("/api/v1/feed", feedRoutes(deps));
  app.use(notFoundRoute);
  app.use(errorMiddleware());
  return app;
}

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

/** The feed's events read straight from the chain, in chain order, as "block-logIndex". */
async function expectedFeed(district: District): Promise<{ position: string; event: string }[]> {
  const byAddress = new Map<string, string>();
  for (const [field, contract] of Object.entries(district.ledger)) byAddress.set((await contract.getAddress()).toLowerCase(), LEDGER_CONTRACT_NAMES[field as keyof Ledger]);
  const logs = (await Promise.all(Object.values(district.ledger).map((c) => c.queryFilter("*" as never)))).flat() as (EventLog | Log)[];
  return logs
    .filter((log): log is EventLog => "fragment" in log)
    .filter((log) => FEED_EVENTS[byAddress.get(log.address.toLowerCase()) ?? ""]?.includes(log.eventName))
    .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index)
    .map((log) => ({ position: `${log.blockNumber}-${log.index}`, event: log.eventName }));
}

/** Reads the feed from `after` to the end in pages of the given sizes (cycled). */
async function readAll(url: string, sizes: readonly number[], after?: string): Promise<{ positions: string[]; cursor: string | undefined }> {
  const positions: string[] = [];
  let cursor = after;
  for (let i = 0; ; i++) {
    const limit = sizes[i % sizes.length];
    const { status, body } = await getJson(`${url}/api/v1/feed?limit=${limit}${cursor ? `&after=${cursor}` : ""}`);
    expect(status).to.equal(200);
    expect(body.events.length).to.be.at.most(limit);
    positions.push(...body.events.map((e: any) => e.position));
    cursor = body.cursor ?? undefined;
    if (body.caughtUp) return { positions, cursor };
    if (i > 10_000) throw new Error("the feed never caught up");
  }
}

useSeed("server/http/feed-api.test.ts");

describe("sync feed API (Hardhat network)", function () {
  const dirs = tempDirs();
  let district: District;
  let history: HistoryStore;
  let indexer: Indexer;
  let running: Served;
  let tinyScan: Served;

  before(async function () {
    district = await loadFixture(publishedProductFixture);
    const { ledger, officials } = district;
    // registrations recorded by the bureau: part of what the city platform syncs
    await (await ledger.catalog.connect(officials[0]).recordRegistration(district.resources[0], "DJ-R-2025-0001")).wait();
    await (await ledger.products.connect(officials[0]).recordRegistration(district.productId, "DJ-P-2025-0001", false)).wait();
    await (await ledger.products.connect(officials[0]).recordRegistration(district.productId, "EX-2025-0042", true)).wait();
    const deployments = await writeFixtureDeployments(ledger, await dirs.make());
    history = await createLevelHistoryStore(await dirs.make());
    indexer = createIndexer({ provider: sender, deployments, store: history, pollIntervalMs: 1000 });
    await indexer.poll();
    running = await serve(feedApp({ history }));
    tinyScan = await serve(feedApp({ history, maxScan: 3 }));
  });

  after(async function () {
    await running.close();
    await tinyScan.close();
    await history.close();
    await dirs.removeAll();
  });

  it("carries exactly the catalog, registration and product-release events, in chain order", async function () {
    const { status, body } = await getJson(`${running.url}/api/v1/feed?limit=1000`);
    expect(status).to.equal(200);
    const expected = await expectedFeed(district);
    expect(body.events.map((e: any) => ({ position: e.position, event: e.event }))).to.deep.equal(expected);
    const kinds = new Set(expected.map((e) => e.event));
    for (const name of ["ResourceRegistered", "ResourceScopeChanged", "ResourceDevelopmentChanged", "ResourceRegistrationRecorded", "ProductRegistered", "ProductPublished", "ProductRegistrationRecorded"]) {
      expect(kinds, name).to.include(name);
    }
    expect(kinds).not.to.include("ProductReviewed");
    expect(body.caughtUp).to.equal(true);
    expect(body.cursor).to.equal(expected.at(-1)?.position);
    const published = body.events.find((e: any) => e.event === "ProductPublished");
    expect(published.txHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(published.args).to.deep.include({ productId: String(district.productId) });
  });

  it("gives every event exactly once whatever the page sizes, and with a scan budget of 3", async function () {
    const expected = (await expectedFeed(district)).map((e) => e.position);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }), fc.boolean(), async (sizes, tiny) => {
        const { positions } = await readAll(tiny ? tinyScan.url : running.url, sizes);
        expect(positions).to.deep.equal(expected);
      }),
      { numRuns: 30 },
    );
  });

  it("answers an empty page, caught up, at the end, keeping the cursor", async function () {
    const { cursor } = await readAll(running.url, [1000]);
    const { status, body } = await getJson(`${running.url}/api/v1/feed?after=${cursor}`);
    expect(status).to.equal(200);
    expect(body).to.deep.include({ events: [], cursor, caughtUp: true });
  });

  it("filters by event name", async function () {
    const { body } = await getJson(`${running.url}/api/v1/feed?event=ProductPublished,ProductRegistrationRecorded`);
    expect(body.events.map((e: any) => e.event)).to.deep.equal(["ProductPublished", "ProductRegistrationRecorded", "ProductRegistrationRecorded"]);
  });

  it("holds back events closer to the head than the confirmations asked for", async function () {
    const app = await serve(feedApp({ history, confirmations: 10_000 }));
    try {
      const { body } = await getJson(`${app.url}/api/v1/feed`);
      expect(body.events).to.deep.equal([]);
      expect(body.caughtUp).to.equal(true);
    } finally {
      await app.close();
    }
  });

  for (const [what, query, field] of [
    ["a cursor it did not issue", "after=yesterday", "after"],
    ["a limit of 0", "limit=0", "limit"],
    ["a limit over 1000", "limit=5000", "limit"],
    ["an event the feed does not carry", "event=GrantIssued", "event"],
    ["an `after` given twice", "after=1-0&after=2-0", "after"],
  ] as const) {
    it(`refuses ${what} with 400 naming ${field}`, async function () {
      const { status, body } = await getJson(`${running.url}/api/v1/feed?${query}`);
      expect(status).to.equal(400);
      expect(body.error.code).to.equal("MALFORMED_INPUT");
      expect(body.error.message).to.match(new RegExp(`\\b${field}\\b`));
    });
  }

  context("when the consumer was down while the chain moved on", function () {
    it("resumes from its cursor with exactly the events that came since", async function () {
      const before = await readAll(running.url, [4]);
      const { ledger, officials, keys } = district;
      await (await ledger.products.connect(officials[0]).suspendProduct(district.productId, ethers.id("inspection"))).wait();
      await (await ledger.products.connect(officials[0]).reinstateProduct(district.productId, ethers.id("cleared"))).wait();
      await (await ledger.catalog.connect(officials[0]).recordRegistration(district.resources[1], "DJ-R-2025-0002")).wait();
      await (await ledger.grants.connect(keys.operator).suspendGrant(district.scenarioGrant, ethers.id("not in the feed"))).wait();
      await indexer.poll();

      const after = await readAll(running.url, [2], before.cursor);
      const expected = (await expectedFeed(district)).map((e) => e.position);
      expect([...before.positions, ...after.positions]).to.deep.equal(expected);
      const { body } = await getJson(`${running.url}/api/v1/feed?after=${before.cursor}`);
      expect(body.events.map((e: any) => e.event)).to.deep.equal(["ProductSuspended", "ProductReinstated", "ResourceRegistrationRecorded"]);
    });
  });
});

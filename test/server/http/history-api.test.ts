import { expect } from "chai";
import express, { type Express, type RequestHandler } from "express";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { EventLog, Log } from "ethers";
import { SUBJECT_OF_ARGUMENT } from "../../../server/chain/event-subjects";
import { createIndexer } from "../../../server/chain/indexer";
import { TdlError } from "../../../server/errors";
import { errorMiddleware, notFoundRoute } from "../../../server/http/errors";
import { historyRoutes } from "../../../server/http/history-routes";
import { CSV_COLUMNS } from "../../../server/storage/history-export";
import { createLevelHistoryStore, createMemoryHistoryStore, type HistoryStore, type Subject } from "../../../server/storage/history-store";
import { publishedProductFixture } from "../../contracts/fixtures";
import { tempDirs } from "../storage/temp-dir";
import { writeFixtureDeployments } from "../../helpers/deployments";
import { serve, type Served } from "../../helpers/serve";

/*
 * The history routes over the real audit index of the district's chain (Hardhat network, with the
 * bank's product released): pages newest first with tx hash and block, cursors, exports, the guard,
 * and every bad parameter refused with 400 naming it.
 */

type District = Awaited<ReturnType<typeof publishedProductFixture>>;

const sender = { send: (method: string, params: unknown[]) => ethers.provider.send(method, params) as Promise<unknown> };

/** Every ledger event read straight from the contracts, newest first. */
async function chainEvents(district: District): Promise<EventLog[]> {
  const logs = (await Promise.all(Object.values(district.ledger).map((c) => c.queryFilter("*" as never)))).flat() as (EventLog | Log)[];
  return logs.filter((log): log is EventLog => "fragment" in log).sort((a, b) => b.blockNumber - a.blockNumber || b.index - a.index);
}

function names(event: EventLog, { kind, id }: Subject): boolean {
  return event.fragment.inputs.some((input, i) => {
    if (SUBJECT_OF_ARGUMENT[input.name] !== kind) return false;
    const value: unknown = event.args[i];
    return (Array.isArray(value) ? [...value] : [value]).some((v) => String(v).toLowerCase() === id);
  });
}

function appWith(history: HistoryStore, guard?: RequestHandler): Express {
  const app = express();
  app.set("query parser", "simple");
  app.use("/api/v1/history", historyRoutes({ history, guard }));
  app.use(notFoundRoute);
  app.use(errorMiddleware());
  return app;
}

async function getJson(url: string): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

function expectError(body: unknown, code: string, field?: string): void {
  expect(body).to.have.all.keys("error");
  const { error } = body as { error: Record<string, unknown> };
  expect(error).to.have.all.keys("code", "message");
  expect(error.code).to.equal(code);
  if (field) expect(error.message).to.match(new RegExp(`\\b${field}\\b`));
}

const position = (e: { blockNumber: number; logIndex?: number; index?: number }): string => `${e.blockNumber}-${e.logIndex ?? e.index}`;

describe("history API (Hardhat network)", function () {
  const dirs = tempDirs();
  let district: District;
  let history: HistoryStore;
  let running: Served;
  let all: EventLog[];

  before(async function () {
    district = await loadFixture(publishedProductFixture);
    const deployments = await writeFixtureDeployments(district.ledger, await dirs.make());
    history = await createLevelHistoryStore(await dirs.make());
    const indexer = createIndexer({ provider: sender, deployments, store: history, pollIntervalMs: 1000 });
    await indexer.poll();
    all = await chainEvents(district);
    running = await serve(appWith(history));
  });

  after(async function () {
    await running.close();
    await history.close();
    await dirs.removeAll();
  });

  async function everyPage(kind: string, id: string, limit: number): Promise<any[]> {
    const events: any[] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await getJson(`${running.url}/api/v1/history/${kind}/${id}?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(status).to.equal(200);
      expect(body.events.length).to.be.at.most(limit);
      events.push(...body.events);
      cursor = body.next;
    } while (cursor !== null);
    return events;
  }

  describe("GET /api/v1/history/:kind/:id", function () {
    it("answers a grant's history newest first, each event with its transaction and block, as the chain has it", async function () {
      const id = String(district.scenarioGrant);
      const { status, body } = await getJson(`${running.url}/api/v1/history/grant/${id}`);
      expect(status).to.equal(200);
      const expected = all.filter((e) => names(e, { kind: "grant", id }));
      expect(expected.length).to.be.greaterThan(1);
      expect(body.subject).to.deep.equal({ kind: "grant", id });
      expect(body.next).to.equal(null);
      expect(body.events.map(position)).to.deep.equal(expected.map(position));
      expect(body.events.map((e: any) => e.txHash)).to.deep.equal(expected.map((e) => e.transactionHash));
      expect(body.events.map((e: any) => e.event)).to.deep.equal(expected.map((e) => e.eventName));
      for (const e of body.events) {
        expect(e.txHash).to.match(/^0x[0-9a-f]{64}$/);
        expect(e.blockHash).to.match(/^0x[0-9a-f]{64}$/);
        expect(e.position).to.equal(`${e.blockNumber}-${e.logIndex}`);
      }
      expect(body.indexedHead.number).to.equal(await ethers.provider.getBlockNumber());
    });

    it("pages an organisation's history by cursor, every event once, newest first", async function () {
      const id = String(district.orgs.developer);
      const paged = await everyPage("organization", id, 3);
      const expected = all.filter((e) => names(e, { kind: "organization", id }));
      expect(expected.length).to.be.greaterThan(6);
      expect(paged.map(position)).to.deep.equal(expected.map(position));
    });

    it("finds a staff key's history whatever the case of the address", async function () {
      const key = await district.keys.developer.getAddress();
      const { status, body } = await getJson(`${running.url}/api/v1/history/key/${key}`);
      expect(status).to.equal(200);
      expect(body.subject.id).to.equal(key.toLowerCase());
      expect(body.events.map(position)).to.deep.equal(all.filter((e) => names(e, { kind: "key", id: key.toLowerCase() })).slice(0, 100).map(position));
      expect(body.events.length).to.be.greaterThan(0);
    });

    it("answers a product's release history (registered, applied, reviewed twice, published)", async function () {
      const { body } = await getJson(`${running.url}/api/v1/history/product/${district.productId}`);
      expect(body.events.map((e: any) => e.event).reverse()).to.deep.equal([
        "ProductRegistered",
        "ProductReleaseApplied",
        "ProductReviewed",
        "ProductReviewed",
        "ProductPublished",
      ]);
    });

    it("answers an empty page for a subject no event names", async function () {
      const { status, body } = await getJson(`${running.url}/api/v1/history/grant/999`);
      expect(status).to.equal(200);
      expect(body.events).to.deep.equal([]);
      expect(body.next).to.equal(null);
    });

    for (const [what, suffix, field] of [
      ["an unknown kind", "/weather/1", "kind"],
      ["an id that is not a number or 0x-hex", "/grant/abc", "id"],
      ["a limit of 0", "/grant/1?limit=0", "limit"],
      ["a limit over 1000", "/grant/1?limit=1001", "limit"],
      ["a limit that is not a number", "/grant/1?limit=ten", "limit"],
      ["a limit given twice", "/grant/1?limit=1&limit=2", "limit"],
      ["a cursor the node did not issue", "/grant/1?cursor=zzz", "cursor"],
    ] as const) {
      it(`refuses ${what} with 400 naming ${field}`, async function () {
        const { status, body } = await getJson(`${running.url}/api/v1/history${suffix}`);
        expect(status).to.equal(400);
        expectError(body, "MALFORMED_INPUT", field);
      });
    }

    it("answers 404 in the error shape for a path it does not serve", async function () {
      const { status, body } = await getJson(`${running.url}/api/v1/history/grant`);
      expect(status).to.equal(404);
      expectError(body, "NOT_FOUND");
    });
  });

  describe("GET /api/v1/history/:kind/:id/export", function () {
    it("streams JSON Lines with its content type, the same events as the pages", async function () {
      const id = String(district.orgs.developer);
      const response = await fetch(`${running.url}/api/v1/history/organization/${id}/export`);
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-type")).to.match(/^application\/x-ndjson/);
      expect(response.headers.get("content-disposition")).to.equal(`attachment; filename="history-organization-${id}.jsonl"`);
      const lines = (await response.text()).split("\n").filter((l) => l !== "");
      const exported = lines.map((l) => JSON.parse(l));
      const paged = await everyPage("organization", id, 1000);
      expect(exported.map(position)).to.deep.equal(paged.map(position));
      expect(exported[0].txHash).to.equal(paged[0].txHash);
    });

    it("streams CSV with a header row and one row per event", async function () {
      const id = String(district.scenarioGrant);
      const response = await fetch(`${running.url}/api/v1/history/grant/${id}/export?format=csv`);
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-type")).to.match(/^text\/csv/);
      const rows = (await response.text()).split("\r\n").filter((r) => r !== "");
      expect(rows[0]).to.equal(CSV_COLUMNS.join(","));
      expect(rows.length - 1).to.equal(all.filter((e) => names(e, { kind: "grant", id })).length);
    });

    it("refuses an unknown format with 400 naming format", async function () {
      const { status, body } = await getJson(`${running.url}/api/v1/history/grant/1/export?format=xml`);
      expect(status).to.equal(400);
      expectError(body, "MALFORMED_INPUT", "format");
    });

    context("when storage fails before the first byte", function () {
      it("answers the error in the JSON shape, not a broken stream", async function () {
        const store = createMemoryHistoryStore();
        const failing: HistoryStore = {
          ...store,
          count: () => Promise.reject(new TdlError("STORAGE_FAILURE", "disk gone")),
        };
        const app = await serve(appWith(failing));
        try {
          const { status, body } = await getJson(`${app.url}/api/v1/history/grant/1/export`);
          expect(status).to.equal(500);
          expectError(body, "STORAGE_FAILURE");
        } finally {
          await app.close();
        }
      });
    });
  });

  describe("the guard", function () {
    it("runs before every history route: a refusal answers in the error shape", async function () {
      const refuse: RequestHandler = () => {
        throw new TdlError("UNAUTHENTICATED", "sign in first");
      };
      const app = await serve(appWith(history, refuse));
      try {
        for (const suffix of ["/grant/1", "/grant/1/export", "/weather/1"]) {
          const { status, body } = await getJson(`${app.url}/api/v1/history${suffix}`);
          expect(status, suffix).to.equal(401);
          expectError(body, "UNAUTHENTICATED");
        }
      } finally {
        await app.close();
      }
    });

    it("lets the request through when it passes", async function () {
      let seen = 0;
      const pass: RequestHandler = (_req, _res, next) => {
        seen++;
        next();
      };
      const app = await serve(appWith(history, pass));
      try {
        expect((await getJson(`${app.url}/api/v1/history/grant/1`)).status).to.equal(200);
        expect(seen).to.equal(1);
      } finally {
        await app.close();
      }
    });
  });
});

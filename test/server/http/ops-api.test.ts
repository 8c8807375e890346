import { expect } from "chai";
import express, { type Express, type RequestHandler } from "express";
import { ethers } from "hardhat";
import type { AnchorStatus } from "../../../server/chain/anchorer";
import type { IndexerStatus } from "../../../server/chain/indexer";
import { TdlError } from "../../../server/errors";
import { errorMiddleware, notFoundRoute } from "../../../server/http/errors";
import { createMetrics, opsRoutes, type OpsRouteDeps } from "../../../server/http/ops-routes";
import { createRateLimit } from "../../../server/http/rate-limit";
import { requestLog, type RequestLogger } from "../../../server/http/request-log";
import { serve, type Served } from "../../helpers/serve";

/*
 * Operations: /readyz part by part (chain, storage, indexer lag against the chain head now), /metrics
 * in the Prometheus format, per-key rate limits, and request logs that never hold secrets.
 */

function smallApp(mount: (app: Express) => void): Express {
  const app = express();
  app.set("query parser", "simple");
  mount(app);
  app.use(notFoundRoute);
  app.use(errorMiddleware());
  return app;
}

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

const indexerStatus = (over: Partial<IndexerStatus> = {}): IndexerStatus => ({
  state: "running",
  indexedHead: 100,
  chainHead: 100,
  lag: 0,
  reorgs: 0,
  lastPollAt: Date.now(),
  consecutiveFailures: 0,
  lastError: null,
  ...over,
});

const anchorStatus: AnchorStatus = {
  state: "running",
  logSize: 20,
  lastAnchor: null,
  lagEntries: 3,
  lagSeconds: 7.5,
  consecutiveFailures: 0,
  lastError: null,
};

describe("ops API", function () {
  async function readyz(deps: Omit<OpsRouteDeps, "metrics">): Promise<{ status: number; body: any }> {
    const running = await serve(smallApp((app) => app.use(opsRoutes({ metrics: createMetrics({ processMetrics: false }), ...deps }))));
    try {
      return await getJson(`${running.url}/readyz`);
    } finally {
      await running.close();
    }
  }

  describe("GET /readyz", function () {
    it("answers 200 when the chain answers, storage is open and the index is at the chain head", async function () {
      const head = await ethers.provider.getBlockNumber();
      const { status, body } = await readyz({
        chain: () => ethers.provider.getBlockNumber(),
        storage: async () => 20,
        indexer: () => indexerStatus({ indexedHead: head, chainHead: head }),
      });
      expect(status).to.equal(200);
      expect(body.status).to.equal("ready");
      expect(body.checks.chain).to.deep.equal({ ready: true, configured: true, head });
      expect(body.checks.storage).to.deep.equal({ ready: true, configured: true });
      expect(body.checks.indexer).to.include({ ready: true, configured: true, lag: 0 });
    });

    it("answers 503 naming the chain when the chain fails, and when it does not answer in time", async function () {
      const down = await readyz({ chain: () => Promise.reject(new TdlError("CHAIN_UNAVAILABLE", "connection refused")), storage: async () => 0 });
      expect(down.status).to.equal(503);
      expect(down.body).to.deep.include({ status: "not ready", notReady: ["chain"] });
      expect(down.body.checks.chain.reason).to.equal("CHAIN_UNAVAILABLE: connection refused");

      const silent = await readyz({ chain: () => new Promise(() => undefined), probeTimeoutMs: 50 });
      expect(silent.status).to.equal(503);
      expect(silent.body.checks.chain.reason).to.match(/did not answer within 50 ms/);
    });

    it("answers 503 naming storage when storage is closed", async function () {
      const { status, body } = await readyz({ storage: () => Promise.reject(new TdlError("STORAGE_FAILURE", "Database is not open")) });
      expect(status).to.equal(503);
      expect(body.notReady).to.deep.equal(["storage"]);
    });

    it("measures the indexer's lag against the chain head now, not the head of its last round", async function () {
      const { status, body } = await readyz({
        chain: async () => 150,
        indexer: () => indexerStatus({ indexedHead: 100, chainHead: 100, lag: 0 }),
        maxIndexerLagBlocks: 10,
      });
      expect(status).to.equal(503);
      expect(body.notReady).to.deep.equal(["indexer"]);
      expect(body.checks.indexer).to.include({ ready: false, lag: 50, chainHead: 150 });
      expect(body.checks.indexer.reason).to.match(/50 blocks behind/);
    });

    for (const [what, status] of [
      ["is stopped", indexerStatus({ state: "stopped" })],
      ["has not reached the chain yet", indexerStatus({ indexedHead: null, lag: null })],
      ["failed three rounds in a row", indexerStatus({ consecutiveFailures: 3, lastError: { code: "CHAIN_UNAVAILABLE", message: "down" } })],
    ] as const) {
      it(`answers 503 naming the indexer when it ${what}`, async function () {
        const { status: code, body } = await readyz({ indexer: () => status });
        expect(code).to.equal(503);
        expect(body.notReady).to.deep.equal(["indexer"]);
      });
    }

    it("does not hold readiness back for parts the node runs without", async function () {
      const { status, body } = await readyz({});
      expect(status).to.equal(200);
      expect(body.checks.chain).to.deep.equal({ ready: true, configured: false });
    });
  });

  describe("GET /metrics", function () {
    it("exports decisions by outcome, log size, anchor lag and indexer lag in the Prometheus text format", async function () {
      const metrics = createMetrics({ logSize: async () => 20, anchorStatus: () => anchorStatus, indexerStatus: () => indexerStatus({ lag: 2 }) });
      metrics.decisions.inc({ outcome: "allowed", reason: "ALLOWED" });
      metrics.decisions.inc({ outcome: "allowed", reason: "ALLOWED" });
      metrics.decisions.inc({ outcome: "denied", reason: "GRANT_EXPIRED" });
      const running = await serve(
        smallApp((app) => {
          app.use(requestLog({ logger: { info() {}, warn() {}, error() {} }, metrics }));
          app.use(opsRoutes({ metrics }));
        }),
      );
      try {
        await fetch(`${running.url}/readyz`);
        const response = await fetch(`${running.url}/metrics`);
        expect(response.status).to.equal(200);
        expect(response.headers.get("content-type")).to.match(/^text\/plain; version=0\.0\.4/);
        const text = await response.text();
        expect(text).to.include('tdl_decisions_total{outcome="allowed",reason="ALLOWED"} 2');
        expect(text).to.include('tdl_decisions_total{outcome="denied",reason="GRANT_EXPIRED"} 1');
        expect(text).to.include("tdl_log_size 20");
        expect(text).to.include("tdl_anchor_lag_entries 3");
        expect(text).to.include("tdl_anchor_lag_seconds 7.5");
        expect(text).to.include("tdl_indexer_lag_blocks 2");
        expect(text).to.include('tdl_http_requests_total{method="GET",route="/readyz",status="200"} 1');
        expect(text).to.include("tdl_process_cpu_seconds_total");
      } finally {
        await running.close();
      }
    });

    it("keeps two nodes' registries apart", async function () {
      const a = createMetrics({ processMetrics: false });
      const b = createMetrics({ processMetrics: false });
      a.decisions.inc({ outcome: "denied", reason: "UNKNOWN_GRANT" });
      expect(await a.registry.metrics()).to.include('reason="UNKNOWN_GRANT"} 1');
      expect(await b.registry.metrics()).not.to.include("UNKNOWN_GRANT");
    });

    it("keeps the last log size when storage fails at scrape time", async function () {
      const metrics = createMetrics({ processMetrics: false, logSize: () => Promise.reject(new Error("closed")) });
      metrics.logSize.set(5);
      expect(await metrics.registry.metrics()).to.include("tdl_log_size 5");
    });
  });

  describe("rate limits", function () {
    /** Stands in for the sign-in middleware: a request with X-Test-Key is "signed in" as that key. */
    const fakeSession: RequestHandler = (req, res, next) => {
      const key = req.get("x-test-key");
      if (key) res.locals.session = { key, org: 7, kind: 4 };
      next();
    };

    async function limited(limit: number): Promise<Served> {
      return serve(
        smallApp((app) => {
          app.use(fakeSession);
          app.use(createRateLimit({ limit, windowMs: 60_000 }));
          app.get("/ping", (_req, res) => {
            res.json({ ok: true });
          });
        }),
      );
    }

    it("refuses the request past the limit with 429 RATE_LIMITED, Retry-After and the error shape", async function () {
      const running = await limited(3);
      try {
        for (let i = 0; i < 3; i++) expect((await fetch(`${running.url}/ping`)).status).to.equal(200);
        const { status, body, headers } = await getJson(`${running.url}/ping`);
        expect(status).to.equal(429);
        expect(body).to.have.all.keys("error");
        expect(body.error.code).to.equal("RATE_LIMITED");
        expect(Number(headers.get("retry-after"))).to.be.within(1, 60);
      } finally {
        await running.close();
      }
    });

    it("counts a signed-in request against its key, apart from other keys and from the IP", async function () {
      const running = await limited(2);
      const as = (key?: string) => fetch(`${running.url}/ping`, { headers: key ? { "x-test-key": key } : {} }).then((r) => r.status);
      try {
        expect([await as("0xA"), await as("0xA"), await as("0xA")]).to.deep.equal([200, 200, 429]);
        expect([await as("0xB"), await as("0xB")]).to.deep.equal([200, 200]);
        expect([await as(), await as(), await as()]).to.deep.equal([200, 200, 429]);
        expect(await as("0xa")).to.equal(429); // the same key in another case
      } finally {
        await running.close();
      }
    });

    it("refuses a limit that is not a positive integer at construction", function () {
      expect(() => createRateLimit({ limit: 0 })).to.throw(TdlError, /limit must be a positive integer/);
    });
  });

  describe("request logs", function () {
    interface Line {
      level: string;
      details: Record<string, unknown>;
      message: string;
    }

    async function logged(request: (url: string) => Promise<Response>): Promise<{ lines: Line[]; response: Response }> {
      const lines: Line[] = [];
      const logger: RequestLogger = {
        info: (details, message) => lines.push({ level: "info", details: details as Record<string, unknown>, message }),
        warn: (details, message) => lines.push({ level: "warn", details: details as Record<string, unknown>, message }),
        error: (details, message) => lines.push({ level: "error", details: details as Record<string, unknown>, message }),
      };
      const running = await serve(
        smallApp((app) => {
          app.use(requestLog({ logger }));
          app.use(express.json());
          app.use((req, res, next) => {
            if (req.get("authorization")) res.locals.session = { key: "0x00000000000000000000000000000000000000aa", org: 4, kind: 4 };
            next();
          });
          app.post("/api/v1/auth/sign-in", (_req, res) => {
            res.json({ token: "v1.payload.mac-that-must-not-be-logged" });
          });
          app.get("/boom", () => {
            throw new Error("kaput");
          });
        }),
        { conformance: false }, // its sign-in is a stand-in
      );
      try {
        const response = await request(running.url);
        await response.arrayBuffer();
        await new Promise((r) => setTimeout(r, 20));
        return { lines, response };
      } finally {
        await running.close();
      }
    }

    it("writes one line per request with method, path, route, status, time and request id, and no headers, query or body", async function () {
      const { lines, response } = await logged((url) =>
        fetch(`${url}/api/v1/auth/sign-in?token=query-secret`, {
          method: "POST",
          headers: { authorization: "Bearer header-secret", cookie: "sid=cookie-secret", "content-type": "application/json" },
          body: JSON.stringify({ message: "example.org wants you to sign in", signature: "0xbody-secret" }),
        }),
      );
      expect(lines).to.have.length(1);
      const [line] = lines;
      expect(line.level).to.equal("info");
      expect(line.details).to.include({
        method: "POST",
        path: "/api/v1/auth/sign-in",
        route: "/api/v1/auth/sign-in",
        status: 200,
        key: "0x00000000000000000000000000000000000000aa",
        org: 4,
      });
      expect(line.details.requestId).to.equal(response.headers.get("x-request-id"));
      expect(line.details.durationMs).to.be.a("number");
      const text = JSON.stringify(line);
      for (const secret of ["query-secret", "header-secret", "cookie-secret", "body-secret", "sign in", "mac-that-must-not-be-logged"]) {
        expect(text).not.to.include(secret);
      }
    });

    it("keeps a well-formed X-Request-Id from the client and replaces a malformed one", async function () {
      const kept = await logged((url) => fetch(`${url}/nowhere`, { headers: { "x-request-id": "trace-42" } }));
      expect(kept.response.headers.get("x-request-id")).to.equal("trace-42");
      expect(kept.lines[0]).to.deep.include({ level: "warn" });
      expect(kept.lines[0].details).to.include({ requestId: "trace-42", status: 404, route: "unmatched" });
      const replaced = await logged((url) => fetch(`${url}/nowhere`, { headers: { "x-request-id": "<script>" } }));
      expect(replaced.response.headers.get("x-request-id")).to.match(/^[0-9a-f-]{36}$/);
    });

    it("logs a 500 at error level", async function () {
      const { lines } = await logged((url) => fetch(`${url}/boom`));
      expect(lines.map((l) => [l.level, l.details.status])).to.deep.equal([["error", 500]]);
    });
  });
});

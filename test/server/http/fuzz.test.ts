import { randomBytes } from "node:crypto";
import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { createAccessPolicy, createRiskMonitor } from "../../../server/access";
import { createDisclosureReader, disclosureAddressesOf } from "../../../server/chain/disclosure-reader";
import { createChainGrantReader } from "../../../server/chain/grant-reader";
import { createIndexer } from "../../../server/chain/indexer";
import { createGateway, createRecorder } from "../../../server/gateway";
import { createApp } from "../../../server/http/app";
import type { Audience } from "../../../server/http/auth";
import { createMetrics } from "../../../server/http/ops-routes";
import { createOpenApiDocument, documentedRoutes } from "../../../server/http/openapi";
import { createNonceStore, createSessionTokens } from "../../../server/http/session";
import { signIn as signInAt, type SignInSigner } from "../../../server/cli/sign-in";
import { createChainIdentityReader } from "../../../server/chain/identity-reader";
import { createUsageIndex } from "../../../server/node/usage-index";
import { createGroupCommitAppender } from "../../../server/storage";
import { createLevelHistoryStore, type HistoryStore } from "../../../server/storage/history-store";
import { publishedProductFixture } from "../../contracts/fixtures";
import { ORIGIN, nodeState, noteSignerOf } from "../chain/helpers";
import { tempDirs } from "../storage/temp-dir";
import { NO_LIMITS } from "../../../server/http/rate-limit";
import { writeFixtureDeployments } from "../../helpers/deployments";
import { serve } from "../../helpers/serve";

/*
 * Route fuzzing: the node's whole app (sign-in, the gateway, alerts, usage, the log, history, feed,
 * disclosure, ops, docs) over the district's chain on the Hardhat network, hit with fast-check
 * generated methods, paths, path parameters, query strings, headers (valid and forged session
 * tokens among them) and bodies. Whatever comes in: no 5xx, the server keeps answering, and every
 * 4xx carries the one error body {"error": {"code", "message"}}.
 */

type District = Awaited<ReturnType<typeof publishedProductFixture>>;

const sender = { send: (method: string, params: unknown[]) => ethers.provider.send(method, params) as Promise<unknown> };

// ==== arbitraries ====

const METHODS = ["GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"] as const;
const TRICKY = ["", "0", "1", "grant", "organization", "key", "product", "resource", "2", "3", "-1", "1e3", "0x", "0xZZ", "4294967296", "9".repeat(80), "%", "%zz", "%E0%A4%A", "..", "%2e%2e", "%00", "null", "[]", "{}", "💥", "ab%2Fcd", " "];
const printable = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEF0123456789-_.:,+/=~ ".split("")), maxLength: 40 });

/** A path segment: a tricky literal, a number, hex, or any text percent-encoded. */
const segment = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.nat({ max: 5000 }).map(String),
  fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }).map((n) => `0x${n.toString(16)}`),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
);

const queryKey = fc.oneof(
  fc.constantFrom(
    "limit", "cursor", "after", "event", "format", "index", "size", "from", "to", "grantId", "org", "type", "since",
    "kind", "status", "qualified", "q", "offset", "grantee", "grantor", "live", "purpose", "resource", "state", "developer",
    "grant", "form", "source", "classification", "open", "inScope", "__proto__", "constructor",
  ),
  printable.filter((k) => k.length > 0).map(encodeURIComponent),
);
const queryValue = fc.oneof(
  fc.constantFrom(...TRICKY, "true", "false", "jsonl", "csv", "json", "note", "ProductPublished", "1-0", "5-3", "2025-01-01T00:00:00Z", "AGGREGATION"),
  fc.nat({ max: 100_000 }).map(String),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
);
const queryString = fc
  .array(fc.tuple(queryKey, queryValue), { maxLength: 6 })
  .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`));

/** A well-formed access request: the gateway decides it (allowed, or denied for a reason). */
const wellFormedAccess = (d: District) =>
  fc.record({
    operation: fc.constantFrom("query", "compute", "download", "export", "delete"),
    grantId: fc.constantFrom(Number(d.scenarioGrant), Number(d.wholeGrant), 0, 99, 4294967295, String(d.scenarioGrant)),
    scenario: fc.constantFrom(d.scenario, ethers.ZeroHash, ethers.id("another scenario")),
    resourceId: fc.constantFrom(...d.resources.map(Number), 0, 1000),
    fields: fc.constantFrom("0x1", "0x3", "0x7", "0xff", "0x" + "f".repeat(64)),
    requestDigest: fc.constant("ab".repeat(32)),
  });

/** An access request, sometimes well formed, often not. */
const accessBody = (d: District) =>
  fc.oneof(
    wellFormedAccess(d),
    fc.record(
      {
        operation: fc.oneof(fc.constantFrom("query", "compute", "download", "export", "delete"), fc.string({ maxLength: 40 })),
        grantId: fc.oneof(fc.constantFrom(Number(d.scenarioGrant), Number(d.wholeGrant), 0, 99), fc.integer(), fc.string({ maxLength: 12 })),
        scenario: fc.oneof(fc.constant(d.scenario), fc.constant(ethers.ZeroHash), fc.string({ maxLength: 70 })),
        resourceId: fc.oneof(fc.constantFrom(...d.resources.map(Number), 0, 1000), fc.double(), fc.string({ maxLength: 12 })),
        fields: fc.oneof(fc.constantFrom("0x1", "0x7", "0xff", "0x0", "0x" + "f".repeat(64), "0x" + "f".repeat(65), "7"), fc.string({ maxLength: 70 })),
        requestDigest: fc.oneof(fc.constant("ab".repeat(32)), fc.string({ maxLength: 70 })),
        request: fc.jsonValue({ maxDepth: 3 }),
        extra: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    ),
  );

interface Fuzzed {
  method: (typeof METHODS)[number];
  path: string;
  headers: Record<string, string>;
  body?: string;
}

// ==== the node ====

useSeed("server/http/fuzz.test.ts");

describe("route fuzzing (Hardhat network)", function () {
  this.timeout(180_000);
  const dirs = tempDirs();
  let district: District;
  let history: HistoryStore;
  let url: string;
  let tokens: { developer: string; supervisor: string; bureau: string };
  const errors: { details: object; message: string }[] = [];
  /** "METHOD /route-prefix status" -> count, to show the fuzz reached past the validators. */
  const seen = new Map<string, number>();
  const closers: (() => Promise<void> | void)[] = [];

  const signIn = async (signer: SignInSigner) => (await signInAt(url, signer)).token;

  before(async function () {
    district = await loadFixture(publishedProductFixture);
    const deployments = await writeFixtureDeployments(district.ledger, await dirs.make());
    history = await createLevelHistoryStore(await dirs.make());
    closers.push(() => history.close());
    const indexer = createIndexer({ provider: sender, deployments, store: history, pollIntervalMs: 1000 });
    await indexer.poll();

    const state = await nodeState();
    const provider = ethers.provider;
    const address = async (name: string) => (await deployments.contract(name)).address;
    const reader = createChainGrantReader({ provider, addresses: { grantRegistry: await address("GrantRegistry"), dataCatalog: await address("DataCatalog") } });
    const policy = createAccessPolicy({ reader, maxStalenessMs: 60_000 });
    closers.push(() => policy.close());
    const risk = createRiskMonitor({ windowMs: 60_000, maxResources: 5, maxClassificationSum: 10, maxLevel: 3, maxRatePerWindow: 100_000 });
    const metrics = createMetrics({ logSize: () => state.store.size(), indexerStatus: indexer.status });
    const gateway = createGateway({
      policy,
      recorder: createRecorder({ appender: createGroupCommitAppender(state.store), hasher: state.store.hasher, noteSigner: noteSignerOf(state.signerKey), origin: ORIGIN, requestKey: randomBytes(32) }),
      risk,
      onDecision: (entry) => metrics.decisions.inc({ outcome: entry.decision, reason: entry.reason }),
    });
    let audience: Audience | undefined;
    const logger = {
      info() {},
      warn() {},
      error: (details: object, message: string) => void errors.push({ details, message }),
    };
    const app = createApp({
      store: state.store,
      anchorRecords: undefined,
      origin: ORIGIN,
      verifierKey: state.verifierKey,
      logger,
      auth: {
        identity: createChainIdentityReader(provider, { organizationRegistry: await address("OrganizationRegistry"), qualificationRegistry: await address("QualificationRegistry") }),
        sessions: createSessionTokens({ node: ORIGIN, secret: new Uint8Array(32).fill(9) }),
        nonces: createNonceStore(),
        audience: () => audience as Audience,
      },
      gateway,
      limits: NO_LIMITS,
      risk,
      usage: { usage: createUsageIndex(state.store), grants: reader },
      history,
      disclosure: createDisclosureReader({ provider, addresses: await disclosureAddressesOf(deployments) }),
      metrics,
      readiness: { chain: () => provider.getBlockNumber(), storage: () => state.store.size(), indexer: indexer.status, maxIndexerLagBlocks: 1_000_000 },
    });
    const served = await serve(app);
    url = served.url;
    audience = { domain: new URL(url).host, uri: url, chainId: 31337 };
    closers.push(() => served.close());
    tokens = {
      developer: await signIn(district.keys.developer),
      supervisor: await signIn(district.keys.supervisor),
      bureau: await signIn(district.officials[0]),
    };
  });

  after(async function () {
    for (const close of closers.splice(0).reverse()) await close();
    await dirs.removeAll();
  });

  /** Sends the request; checks no 5xx and the error shape of every 4xx. */
  async function check(request: Fuzzed): Promise<void> {
    const response = await fetch(`${url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.method === "GET" || request.method === "HEAD" ? undefined : request.body,
      redirect: "manual",
    });
    const text = await response.text();
    const where = `${request.method} ${request.path} -> ${response.status} ${text.slice(0, 300)}`;
    const route = request.path.split("?")[0];
    const tally = `${request.method} ${route.startsWith("/api/v1/access") ? route : route.split("/").slice(0, 4).join("/")} ${response.status}`;
    seen.set(tally, (seen.get(tally) ?? 0) + 1);
    expect(response.status, where).to.be.below(500);
    if (response.status >= 400 && request.method !== "HEAD") {
      const body = JSON.parse(text) as unknown;
      expect(body, where).to.have.all.keys("error");
      const { error } = body as { error: Record<string, unknown> };
      expect(error, where).to.have.all.keys("code", "message");
      expect(error.code, where).to.be.a("string").and.match(/^[A-Z_]+$/);
      expect(error.message, where).to.be.a("string");
    }
  }

  function headersArb(): fc.Arbitrary<Record<string, string>> {
    const auth = fc.oneof(
      fc.constantFrom(`Bearer ${tokens.developer}`, `Bearer ${tokens.supervisor}`, `Bearer ${tokens.bureau}`),
      fc.constant(`Bearer ${tokens.developer.slice(0, -2)}xx`),
      fc.constant("Bearer v1.e30.AAAA"),
      printable.map((t) => `Bearer ${t}`),
      printable,
    );
    return fc.record(
      {
        authorization: auth,
        "content-type": fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "garbage"),
        accept: fc.constantFrom("application/json", "text/html", "*/*", "text/csv"),
        "x-request-id": printable,
        "x-forwarded-for": fc.constantFrom("10.0.0.1", "::1", "not-an-ip"),
        "accept-encoding": fc.constantFrom("gzip", "identity", "br;q=0"),
      },
      { requiredKeys: [] },
    );
  }

  function bodyArb(): fc.Arbitrary<string | undefined> {
    return fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      accessBody(district).map((b) => JSON.stringify(b)),
      fc.array(accessBody(district), { maxLength: 5 }).map((requests) => JSON.stringify({ requests })),
      fc.record({ message: fc.string({ maxLength: 300 }), signature: fc.oneof(fc.string({ maxLength: 140 }), fc.constant(`0x${"ab".repeat(65)}`)) }).map((b) => JSON.stringify(b)),
      fc.string({ maxLength: 200 }),
      fc.constantFrom("{", "[1,", '{"requests":', "null", "1e309", '"\\ud800"', '{"__proto__":{"x":1}}'),
    );
  }

  it("answers every generated request to a documented route without a 5xx, 4xx in the error shape", async function () {
    const routes = documentedRoutes(createOpenApiDocument());
    // Every route at least once by construction (its own method, parameters "1", each session), then random ones.
    for (const route of routes) {
      for (const token of [tokens.developer, tokens.supervisor]) {
        await check({ method: route.method.toUpperCase() as (typeof METHODS)[number], path: route.path.replace(/:[A-Za-z]+/g, "1"), headers: { authorization: `Bearer ${token}` } });
      }
    }
    const templates = routes.map((r) => r.path);
    const path = fc
      .tuple(fc.constantFrom(...templates), fc.array(segment, { minLength: 4, maxLength: 4 }), queryString)
      .map(([template, values, query]) => {
        let i = 0;
        return template.replace(/:[A-Za-z]+/g, () => values[i++ % values.length]) + query;
      });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), path, headersArb(), bodyArb(), async (method, p, headers, body) => {
        await check({ method, path: p, headers, body });
      }),
      { numRuns: 1000 },
    );
  });

  it("answers generated paths that are no route with 404 in the error shape", async function () {
    const path = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 5 }), queryString).map(([parts, q]) => `/${parts.join("/")}${q}`);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), path, headersArb(), bodyArb(), async (method, p, headers, body) => {
        await check({ method, path: p, headers, body });
      }),
      { numRuns: 300 },
    );
  });

  it("answers generated access and batch requests of a signed-in developer without a 5xx", async function () {
    const request = fc.oneof(
      accessBody(district).map((b) => ({ path: "/api/v1/access", body: JSON.stringify(b) })),
      fc.array(accessBody(district), { minLength: 1, maxLength: 8 }).map((requests) => ({ path: "/api/v1/access/batch", body: JSON.stringify({ requests }) })),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ path, body }) => {
        await check({ method: "POST", path, headers: { authorization: `Bearer ${tokens.developer}`, "content-type": "application/json" }, body });
      }),
      { numRuns: 400 },
    );
  });

  it("answers generated history, alert and usage queries of signed-in supervisors without a 5xx", async function () {
    const kinds = ["organization", "key", "grant", "resource", "product", "application", "qualification", "weather"];
    const ids = fc.oneof(fc.constantFrom("1", "2", "3", "4", "5", "0", "999", "0x" + "ab".repeat(20)), segment);
    // Every kind of query at least once by construction, then random ones.
    const plain = [...kinds.map((k) => `/api/v1/history/${k}/1`), "/api/v1/alerts", "/api/v1/usage?grantId=1", "/api/v1/usage?grantId=2", "/api/v1/usage?grantId=3"];
    for (const p of plain) {
      for (const token of [tokens.supervisor, tokens.bureau]) await check({ method: "GET", path: p, headers: { authorization: `Bearer ${token}` } });
    }
    const path = fc.oneof(
      fc.tuple(fc.constantFrom(...kinds), ids, fc.boolean(), queryString).map(([k, id, exported, q]) => `/api/v1/history/${k}/${id}${exported ? "/export" : ""}${q}`),
      queryString.map((q) => `/api/v1/alerts${q}`),
      fc.tuple(fc.constantFrom("1", "2", "3", "x"), queryString).map(([g, q]) => `/api/v1/usage?grantId=${g}${q.replace("?", "&")}`),
    );
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom(tokens.supervisor, tokens.bureau), async (p, token) => {
        await check({ method: "GET", path: p, headers: { authorization: `Bearer ${token}` } });
      }),
      { numRuns: 200 },
    );
  });

  it("reached past the validators: decisions made, histories and disclosures answered", function () {
    if (process.env.TDL_FUZZ_TALLY) console.log([...seen].sort().map(([k, c]) => `${c}\t${k}`).join("\n"));
    const count = (prefix: string) => [...seen].filter(([k]) => k.startsWith(prefix)).reduce((n, [, c]) => n + c, 0);
    expect(count("POST /api/v1/access 200"), "single decisions").to.be.greaterThan(10);
    expect(count("POST /api/v1/access/batch 200"), "batch decisions").to.be.greaterThan(10);
    expect(count("POST /api/v1/access 400"), "refused access bodies").to.be.greaterThan(10);
    expect(count("GET /api/v1/disclosure 200"), "disclosures").to.be.greaterThan(0);
    expect(count("GET /api/v1/feed 200"), "feed pages").to.be.greaterThan(0);
    expect(count("GET /api/v1/history 200"), "histories").to.be.greaterThan(10);
    expect(count("GET /api/v1/alerts 200"), "alert lists").to.be.greaterThan(0);
    expect(count("GET /api/v1/usage 200"), "usage statements").to.be.greaterThan(0);
  });

  it("is still up afterwards, with nothing logged at error level", async function () {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).to.equal(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).to.equal(200);
    expect(errors, JSON.stringify(errors.slice(0, 3))).to.deep.equal([]);
  });
});

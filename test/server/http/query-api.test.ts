import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { ethers } from "hardhat";
import type { HDNodeWallet, Signer } from "ethers";
import { createChainGrantReader } from "../../../server/chain/grant-reader";
import { createChainIdentityReader } from "../../../server/chain/identity-reader";
import { signIn } from "../../../server/cli/sign-in";
import { createApp } from "../../../server/http/app";
import type { Audience } from "../../../server/http/auth";
import { createNonceStore, createSessionTokens } from "../../../server/http/session";
import { createUsageIndex } from "../../../server/node/usage-index";
import { serve, type Served } from "../../helpers/serve";
import { ORIGIN, queryWorld } from "../gateway/query-world";

/*
 * POST /api/v1/queries and GET /api/v1/queries over real HTTP: SIWE sign-in against the Hardhat chain's
 * registries, the real query service on an in-memory DuckDB, the node's usage index over the log.
 */

type World = Awaited<ReturnType<typeof queryWorld>>;

describe("/api/v1/queries", function () {
  this.timeout(60_000);
  let w: World;
  let served: Served;
  let audience: Audience | undefined;
  const tokens = new Map<Signer, string>();

  const token = async (key: Signer): Promise<string> => {
    if (!tokens.has(key)) tokens.set(key, (await signIn(served.url, key as HDNodeWallet)).token);
    return tokens.get(key) as string;
  };
  const request = async (method: "GET" | "POST", path: string, key: Signer | null, body?: unknown) => {
    const response = await fetch(`${served.url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${await token(key)}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const query = (body: Record<string, unknown>, key: Signer | null = w.d.keys.developer) =>
    request("POST", "/api/v1/queries", key, { grantId: w.d.scenarioGrant, scenario: w.d.scenario, ...body });

  before(async () => {
    w = await queryWorld();
    const addresses = {
      organizationRegistry: await w.d.ledger.organizations.getAddress(),
      qualificationRegistry: await w.d.ledger.qualifications.getAddress(),
    };
    const grants = createChainGrantReader({ provider: ethers.provider, addresses: { grantRegistry: await w.d.ledger.grants.getAddress(), dataCatalog: await w.d.ledger.catalog.getAddress() } });
    const app = createApp({
      store: w.store,
      origin: ORIGIN,
      verifierKey: w.key.verifierKey,
      queries: w.service,
      usage: { usage: createUsageIndex(w.store), grants },
      auth: {
        identity: createChainIdentityReader(ethers.provider, addresses),
        sessions: createSessionTokens({ node: ORIGIN, secret: randomBytes(32) }),
        nonces: createNonceStore(),
        audience: () => audience as Audience,
      },
    });
    served = await serve(app);
    audience = { domain: new URL(served.url).host, uri: served.url, chainId: Number((await ethers.provider.getNetwork()).chainId) };
  });
  after(async () => {
    await served?.close();
    await w?.close();
  });

  it("answers an aggregate to the signed-in grantee: 200 with rows, the result digest and a receipt whose entry holds it", async () => {
    const { status, body } = await query({ sql: `SELECT district, count(*) AS n FROM ${w.aliases[0]} GROUP BY district ORDER BY district` });
    expect(status).to.equal(200);
    expect(body).to.deep.include({ decision: "allowed", reason: "ALLOWED", columns: ["district", "n"], groupsSuppressed: 0, rowsScanned: 40 });
    expect(body.rows).to.have.length(4);
    expect(body.receipt.entry.query.resultDigest).to.equal(body.resultDigest);
  });

  it("records a refused row-level export as 200 denied, and a query with suppressed groups", async () => {
    const refused = await query({ operation: "export", sql: `SELECT credit_code FROM ${w.aliases[0]}` });
    expect(refused.status).to.equal(200);
    expect(refused.body).to.deep.include({ decision: "denied", reason: "RAW_EXPORT_REFUSED", rows: [], resultDigest: null });
    const suppressed = await query({ sql: `SELECT industry, count(*) FROM ${w.aliases[0]} WHERE district = 'district_0' GROUP BY industry` });
    expect(suppressed.body.groupsSuppressed).to.be.greaterThan(0);
  });

  it("refuses without a session (401) and a malformed body (400 naming the field), recording nothing", async () => {
    const before = await w.store.size();
    expect((await query({ sql: "SELECT 1" }, null)).status).to.equal(401);
    const bad = await query({ operation: "verify", resource: w.aliases[0] });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.include("records");
    expect((await query({ sql: "x".repeat(20_001) })).status).to.equal(400);
    expect(await w.store.size()).to.equal(before);
  });

  it("lists the grant's queries newest first for the grantee and supervisors, with paging, and refuses others (403)", async () => {
    const { status, body } = await request("GET", `/api/v1/queries?grantId=${w.d.scenarioGrant}&limit=2`, w.d.keys.developer);
    expect(status).to.equal(200);
    expect(body.queries).to.have.length(2);
    const [newest, older] = body.queries;
    expect(newest.index).to.be.greaterThan(older.index);
    expect(newest.query).to.have.property("groupsSuppressed").that.is.greaterThan(0);
    expect(older).to.deep.include({ operation: "export", decision: "denied", reason: "RAW_EXPORT_REFUSED" });
    const next = await request("GET", `/api/v1/queries?grantId=${w.d.scenarioGrant}&before=${body.next}`, w.d.keys.supervisor);
    expect(next.status).to.equal(200);
    // three queries so far (entries 0, 1, 2): the second page is the first query alone
    expect(body.next).to.equal("1");
    expect(next.body.queries.map((q: { index: number }) => q.index)).to.deep.equal([0]);
    expect(next.body.next).to.equal(null);
    const stranger = await request("GET", `/api/v1/queries?grantId=${w.d.scenarioGrant}`, w.d.keys.source);
    expect(stranger.status).to.equal(403);
  });
});

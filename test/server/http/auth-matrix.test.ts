import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ethers, type HDNodeWallet } from "ethers";
import pino from "pino";
import { NO_LIMITS } from "../../../server/http/rate-limit";
import { createSessionTokens } from "../../../server/http/session";
import { OrgKind } from "../../../server/vocabulary";
import { generateNoteKey } from "../../../server/log";
import { startNode, type RunningNode } from "../../../server/node";
import { signedSignInMessage } from "../../../server/cli/sign-in";
import { buildDistrict, type District } from "../gateway/world";
import { startTestChain, type TestChain } from "../../helpers/anvil";

/*
 * The authentication matrix: every route that needs a session, against every way of lacking one:
 * no token, a forged token, a token another node issued under the same session secret, an expired token, another organisation's token, the token of an
 * organisation suspended after it signed in, and a replayed sign-in. Each must be refused with its
 * reason (status and error code), or, on the gateway, answered "denied" with the reason and recorded.
 * Sign-in itself refuses a suspended organisation and a replayed message. Runs on anvil with the
 * gateway e2e district. The printed table is quoted in docs/RELIABILITY.md.
 */

const ORIGIN = "tdl.example.gov.cn/auth-matrix";

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type Credential = "none" | "forged" | "another node, same secret" | "expired" | "other organisation" | "suspended organisation" | "suspended after sign-in" | "replayed sign-in";

describe("authentication matrix (anvil)", function () {
  this.timeout(300_000);
  let anvil: TestChain | undefined;
  let dir: string;
  let node: RunningNode | undefined;
  let d: District;
  const secret = randomBytes(32);
  const table: string[] = [];
  let checks = 0;

  async function call(method: string, route: string, token?: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${node!.url}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { text };
    }
    return { status: response.status, body: parsed };
  }

  const signedMessage = (wallet: HDNodeWallet) => signedSignInMessage(node!.url, wallet);

  async function tokenOf(wallet: HDNodeWallet): Promise<string> {
    const r = await call("POST", "/api/v1/auth/sign-in", undefined, await signedMessage(wallet));
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body.token as string;
  }

  const access = () => ({ operation: "query", grantId: d.grant, scenario: d.scenario, resourceId: d.resources[0], fields: "0x1", requestDigest: randomBytes(32).toString("hex") });

  /** Every protected route, with what "another organisation" means for it. */
  const routes = (): { name: string; call: (token?: string) => Promise<Answer>; outsider: () => HDNodeWallet }[] => [
    { name: "POST /api/v1/access", call: (t) => call("POST", "/api/v1/access", t, access()), outsider: () => d.keys.source },
    { name: "POST /api/v1/access/batch", call: (t) => call("POST", "/api/v1/access/batch", t, { requests: [access(), access()] }), outsider: () => d.keys.source },
    { name: "GET /api/v1/auth/session", call: (t) => call("GET", "/api/v1/auth/session", t), outsider: () => d.keys.source },
    { name: "GET /api/v1/alerts", call: (t) => call("GET", "/api/v1/alerts", t), outsider: () => d.keys.developer },
    { name: "GET /api/v1/usage", call: (t) => call("GET", `/api/v1/usage?grantId=${d.grant}`, t), outsider: () => d.keys.source },
    { name: "GET /api/v1/history/:kind/:id", call: (t) => call("GET", `/api/v1/history/organization/${d.orgs.developer}`, t), outsider: () => d.keys.developer },
    { name: "GET /api/v1/history/:kind/:id/export", call: (t) => call("GET", `/api/v1/history/organization/${d.orgs.developer}/export`, t), outsider: () => d.keys.developer },
  ];

  function record(route: string, credential: Credential, answer: Answer, reason: string): void {
    checks++;
    table.push(`| ${route} | ${credential} | ${answer.status} ${reason} |`);
  }

  /** A refusal: the status and code expected, and a message that says why. */
  function expectRefused(route: string, credential: Credential, answer: Answer, status: number, code: string): void {
    expect([answer.status, answer.body?.error?.code], `${route} with ${credential}: ${JSON.stringify(answer.body)}`).to.deep.equal([status, code]);
    expect(answer.body.error.message, `${route} with ${credential}`).to.be.a("string").and.not.empty;
    record(route, credential, answer, code);
  }

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-auth-matrix-"));
    anvil = await startTestChain();
    d = await buildDistrict(anvil.provider, path.join(dir, "deployments"), ORIGIN);
    const noteKey = generateNoteKey(ORIGIN);
    node = await startNode({
      dataDir: path.join(dir, "node"),
      origin: ORIGIN,
      noteSignerKey: noteKey.signerKey,
      noteVerifierKey: noteKey.verifierKey,
      chain: { rpcUrl: anvil.url, deploymentsDir: d.deploymentsDir, network: d.network, logId: d.log.logId, anchoringKey: d.log.anchoringKey, everyEntries: 1024, everySeconds: 3600 },
      gateway: { maxStalenessMs: 2000, pollIntervalMs: 200, sessionSecret: secret.toString("hex"), limits: NO_LIMITS },
      indexer: { pollIntervalMs: 500 },
      logger: pino({ level: "silent" }),
    });
  });

  after(async function () {
    if (table.length > 0) console.log(["      | route | credential | answer |", "      | --- | --- | --- |", ...table.map((row) => `      ${row}`)].join("\n"));
    console.log(`      authentication matrix: ${checks} checks refused with their reason`);
    await node?.close();
    await anvil?.stop(true);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("each protected route answers its own caller (the baseline the refusals are measured against)", async function () {
    const developer = await tokenOf(d.keys.developer);
    const supervisor = await tokenOf(d.keys.supervisor);
    for (const route of routes()) {
      const token = /alerts|history/.test(route.name) ? supervisor : developer;
      const r = await route.call(token);
      expect(r.status, `${route.name}: ${JSON.stringify(r.body)}`).to.equal(200);
    }
  });

  it("refuses every protected route without a token: 401 UNAUTHENTICATED", async function () {
    for (const route of routes()) expectRefused(route.name, "none", await route.call(), 401, "UNAUTHENTICATED");
  });

  it("refuses every protected route with a forged token (another MAC, or claims edited): 401 UNAUTHENTICATED", async function () {
    const forger = createSessionTokens({ node: ORIGIN, secret: randomBytes(32) });
    const forged = forger.issue({ key: d.keys.supervisor.address, org: d.orgs.supervisor, kind: OrgKind.BusinessSupervisor }).token;
    const [v, payload, mac] = (await tokenOf(d.keys.developer)).split(".");
    const edited = `${v}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), t: OrgKind.Bureau })).toString("base64url")}.${mac}`;
    for (const route of routes()) {
      expectRefused(route.name, "forged", await route.call(forged), 401, "UNAUTHENTICATED");
      expectRefused(route.name, "forged", await route.call(edited), 401, "UNAUTHENTICATED");
    }
  });

  it("refuses every protected route with a token another node issued under the same secret: 401 UNAUTHENTICATED naming that node", async function () {
    // What a second node with a copied data directory or the same TDL_SESSION_SECRET holds.
    const otherNode = createSessionTokens({ node: "tdl.example.gov.cn/other-node", secret });
    for (const route of routes()) {
      const supervisorRoute = /alerts|history/.test(route.name);
      const { token } = otherNode.issue(
        supervisorRoute
          ? { key: d.keys.supervisor.address, org: d.orgs.supervisor, kind: OrgKind.BusinessSupervisor }
          : { key: d.keys.developer.address, org: d.orgs.developer, kind: OrgKind.Developer },
      );
      const answer = await route.call(token);
      expectRefused(route.name, "another node, same secret", answer, 401, "UNAUTHENTICATED");
      expect(answer.body.error.message).to.equal(`the session token was issued by node "tdl.example.gov.cn/other-node", not by this node "${ORIGIN}": sign in here`);
    }
  });

  it("refuses every protected route with an expired token (signed with the node's own secret): 401 SESSION_EXPIRED", async function () {
    const past = createSessionTokens({ node: ORIGIN, secret, ttlSeconds: 900, clock: { now: () => Date.now() - 901_000 } });
    for (const route of routes()) {
      const wallet = /alerts|history/.test(route.name) ? d.keys.supervisor : d.keys.developer;
      const org = /alerts|history/.test(route.name) ? d.orgs.supervisor : d.orgs.developer;
      const kind = /alerts|history/.test(route.name) ? OrgKind.BusinessSupervisor : OrgKind.Developer;
      const { token } = past.issue({ key: wallet.address, org, kind });
      expectRefused(route.name, "expired", await route.call(token), 401, "SESSION_EXPIRED");
    }
  });

  it("refuses another organisation's token: 403 FORBIDDEN, or on the gateway a recorded denial KEY_NOT_OF_GRANTEE", async function () {
    for (const route of routes()) {
      const outsider = route.outsider();
      const token = await tokenOf(outsider);
      const r = await route.call(token);
      if (route.name === "POST /api/v1/access") {
        expect([r.status, r.body.decision, r.body.reason]).to.deep.equal([200, "denied", "KEY_NOT_OF_GRANTEE"]);
        expect(r.body.receipt.entry).to.include({ org: String(d.orgs.source), key: outsider.address.toLowerCase(), decision: "denied" });
        record(route.name, "other organisation", r, "denied KEY_NOT_OF_GRANTEE (recorded)");
      } else if (route.name === "POST /api/v1/access/batch") {
        expect(r.status).to.equal(200);
        expect(r.body.results.map((x: { decision: string; reason: string }) => `${x.decision} ${x.reason}`)).to.deep.equal(["denied KEY_NOT_OF_GRANTEE", "denied KEY_NOT_OF_GRANTEE"]);
        record(route.name, "other organisation", r, "denied KEY_NOT_OF_GRANTEE (recorded)");
      } else if (route.name === "GET /api/v1/auth/session") {
        // Not a refusal: it answers only the caller's own session, never another organisation's.
        expect([r.status, r.body.org, r.body.key]).to.deep.equal([200, d.orgs.source, outsider.address]);
        record(route.name, "other organisation", r, "its own session only");
      } else {
        expectRefused(route.name, "other organisation", r, 403, "FORBIDDEN");
      }
    }
  });

  it("refuses a replayed sign-in (401 AUTH_NONCE_INVALID), and a suspended organisation's staff at sign-in (403 AUTH_ORG_SUSPENDED)", async function () {
    const signed = await signedMessage(d.keys.developer);
    expect((await call("POST", "/api/v1/auth/sign-in", undefined, signed)).status).to.equal(200);
    for (let i = 0; i < 3; i++) expectRefused("POST /api/v1/auth/sign-in", "replayed sign-in", await call("POST", "/api/v1/auth/sign-in", undefined, signed), 401, "AUTH_NONCE_INVALID");
    expectRefused("POST /api/v1/auth/sign-in", "suspended organisation", await call("POST", "/api/v1/auth/sign-in", undefined, await signedMessage(d.keys.suspended)), 403, "AUTH_ORG_SUSPENDED");
  });

  context("when an organisation is suspended after its staff signed in", function () {
    let developer: string;
    let supervisor: string;
    before(async function () {
      developer = await tokenOf(d.keys.developer);
      supervisor = await tokenOf(d.keys.supervisor);
      for (const org of [d.orgs.developer, d.orgs.supervisor]) {
        await (await d.ledger.organizations.connect(d.keys.official).suspendOrganization(org, ethers.id("rectification"))).wait();
      }
      await new Promise((r) => setTimeout(r, 2500)); // past the staleness bound and a poll
    });
    after(async function () {
      for (const org of [d.orgs.developer, d.orgs.supervisor]) {
        await (await d.ledger.organizations.connect(d.keys.official).reinstateOrganization(org, ethers.id("rectified"))).wait();
      }
    });

    it("the gateway denies its requests with ORGANIZATION_SUSPENDED and records the denial", async function () {
      for (const route of routes().slice(0, 2)) {
        const r = await route.call(developer);
        const reasons = route.name.endsWith("batch") ? r.body.results.map((x: { reason: string }) => x.reason) : [r.body.reason];
        expect(r.status).to.equal(200);
        for (const reason of reasons) expect(reason, route.name).to.equal("ORGANIZATION_SUSPENDED");
        record(route.name, "suspended after sign-in", r, "denied ORGANIZATION_SUSPENDED (recorded)");
      }
    });

    // Regression (found by this matrix, since fixed): a session was checked against the chain only at sign-in,
    // so the read routes (session, alerts, usage, history) served a suspended organisation's staff until the
    // token expired; the standing check now closes it within the staleness bound.
    it("the read routes refuse a suspended organisation's session with AUTH_ORG_SUSPENDED", async function () {
      for (const route of routes().slice(2)) {
        const token = /alerts|history/.test(route.name) ? supervisor : developer;
        expectRefused(route.name, "suspended after sign-in", await route.call(token), 403, "AUTH_ORG_SUSPENDED");
      }
    });

  });
});

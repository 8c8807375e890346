import { expect } from "chai";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ethers, type HDNodeWallet } from "ethers";
import pino from "pino";
import type { SiweMessage } from "siwe";
import { verifyReceipt, withNote, type AccessReceipt } from "../../server/access/receipt";
import { generateNoteKey, rfc6962Sha256, type AccessLogEntry } from "../../server/log";
import { verifyProofBundle } from "../../server/log/bundle";
import { NO_LIMITS } from "../../server/http/rate-limit";
import { startNode, type RunningNode } from "../../server/node";
import { sessionSecretPath } from "../../server/node/session-secret";
import { signedSignInMessage } from "../../server/cli/sign-in";
import { buildDistrict, type District } from "../server/gateway/world";
import { startTestChain, type TestChain } from "../helpers/anvil";

const ORIGIN = "tdl.example.gov.cn/gateway-e2e";
const BOUND_MS = 2000;

interface Json {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

describe("the access gateway on a real chain (anvil)", function () {
  this.timeout(300_000);
  let anvil: TestChain | undefined;
  let dir: string;
  let node: RunningNode | undefined;
  let d: District;
  let verifierKey: string;
  /** Every entry the gateway said it recorded, by index. */
  const recorded = new Map<number, AccessLogEntry>();

  async function call(method: string, route: string, body?: unknown, token?: string): Promise<Json> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${node!.url}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed, text };
  }

  const signedMessage = (wallet: HDNodeWallet, override: Partial<SiweMessage> = {}) => signedSignInMessage(node!.url, wallet, { override });

  async function signIn(wallet: HDNodeWallet, over: Partial<SiweMessage> = {}): Promise<Json> {
    return call("POST", "/api/v1/auth/sign-in", await signedMessage(wallet, over));
  }

  async function tokenOf(wallet: HDNodeWallet): Promise<string> {
    const r = await signIn(wallet);
    expect(r.status, r.text).to.equal(200);
    return r.body.token as string;
  }

  const digest = (label: string) => ethers.sha256(ethers.toUtf8Bytes(label)).slice(2);

  function access(over: Record<string, unknown> = {}) {
    return { operation: "query", grantId: d.grant, scenario: d.scenario, resourceId: d.resources[0], fields: "0x5", requestDigest: digest(JSON.stringify(over)), ...over };
  }

  /** Posts one access request; checks the receipt and remembers the entry. */
  async function ask(token: string, over: Record<string, unknown> = {}): Promise<{ decision: string; reason: string; receipt: AccessReceipt; body: any }> {
    const r = await call("POST", "/api/v1/access", access(over), token);
    expect(r.status, r.text).to.equal(200);
    const verified = verifyReceipt(r.body.receipt, verifierKey, rfc6962Sha256);
    expect(verified.entry.decision).to.equal(r.body.decision);
    expect(verified.entry.reason).to.equal(r.body.reason);
    recorded.set(verified.index, verified.entry);
    return { decision: r.body.decision, reason: r.body.reason, receipt: r.body.receipt, body: r.body };
  }

  let developer: string;

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-gateway-e2e-"));
    anvil = await startTestChain();
    d = await buildDistrict(anvil.provider, path.join(dir, "deployments"), ORIGIN);
    const noteKey = generateNoteKey(ORIGIN);
    verifierKey = noteKey.verifierKey;
    node = await startNode({
      dataDir: path.join(dir, "node"),
      origin: ORIGIN,
      noteSignerKey: noteKey.signerKey,
      noteVerifierKey: noteKey.verifierKey,
      chain: { rpcUrl: anvil.url, deploymentsDir: d.deploymentsDir, network: d.network, logId: d.log.logId, anchoringKey: d.log.anchoringKey, everyEntries: 1024, everySeconds: 3600 },
      gateway: { maxStalenessMs: BOUND_MS, pollIntervalMs: 200, risk: { windowMs: 60_000, maxResources: 1 }, limits: NO_LIMITS },
      indexer: { pollIntervalMs: 500 },
      logger: pino({ level: "silent" }),
    });
    developer = await tokenOf(d.keys.developer);
  });

  after(async function () {
    await node?.close();
    await anvil?.stop(true);
    await rm(dir, { recursive: true, force: true });
  });

  describe("POST /api/v1/auth/sign-in", function () {
    it("issues a session for a qualified developer's staff key, naming its organisation", async function () {
      const r = await signIn(d.keys.developer);
      expect(r.status, r.text).to.equal(200);
      expect(r.body).to.include({ key: d.keys.developer.address, org: d.orgs.developer, kind: "Developer", tokenType: "Bearer" });
      const session = await call("GET", "/api/v1/auth/session", undefined, r.body.token);
      expect(session.body).to.include({ key: d.keys.developer.address, org: d.orgs.developer });
    });

    it("refuses an expired message with AUTH_MESSAGE_EXPIRED", async function () {
      const r = await signIn(d.keys.developer, { issuedAt: new Date(Date.now() - 120_000).toISOString(), expirationTime: new Date(Date.now() - 1000).toISOString() });
      expect([r.status, r.body.error.code]).to.deep.equal([401, "AUTH_MESSAGE_EXPIRED"]);
    });

    it("refuses a message without an expiry with 400", async function () {
      const r = await signIn(d.keys.developer, { expirationTime: undefined });
      expect([r.status, r.body.error.code]).to.deep.equal([400, "MALFORMED_INPUT"]);
    });

    it("refuses a reused nonce with AUTH_NONCE_INVALID", async function () {
      const signed = await signedMessage(d.keys.developer);
      expect((await call("POST", "/api/v1/auth/sign-in", signed)).status).to.equal(200);
      const again = await call("POST", "/api/v1/auth/sign-in", signed);
      expect([again.status, again.body.error.code]).to.deep.equal([401, "AUTH_NONCE_INVALID"]);
    });

    it("refuses a nonce this node never issued", async function () {
      const r = await signIn(d.keys.developer, { nonce: "abcdef0123456789abcdef0123456789" });
      expect([r.status, r.body.error.code]).to.deep.equal([401, "AUTH_NONCE_INVALID"]);
    });

    it("refuses a message for another domain, URI or chain with AUTH_WRONG_AUDIENCE", async function () {
      for (const over of [{ domain: "evil.example.com" }, { uri: "https://evil.example.com/" }, { chainId: 1 }]) {
        const r = await signIn(d.keys.developer, over);
        expect([r.status, r.body.error.code], JSON.stringify(over)).to.deep.equal([401, "AUTH_WRONG_AUDIENCE"]);
      }
    });

    it("refuses a signature by another key with AUTH_SIGNATURE_INVALID", async function () {
      const signed = await signedMessage(d.keys.developer);
      const r = await call("POST", "/api/v1/auth/sign-in", { message: signed.message, signature: await d.keys.supervisor.signMessage(signed.message) });
      expect([r.status, r.body.error.code]).to.deep.equal([401, "AUTH_SIGNATURE_INVALID"]);
    });

    it("refuses a key no organisation holds with AUTH_UNKNOWN_KEY", async function () {
      const r = await signIn(ethers.Wallet.createRandom() as unknown as HDNodeWallet);
      expect([r.status, r.body.error.code]).to.deep.equal([401, "AUTH_UNKNOWN_KEY"]);
    });

    it("refuses staff of a suspended organisation with AUTH_ORG_SUSPENDED", async function () {
      const r = await signIn(d.keys.suspended);
      expect([r.status, r.body.error.code]).to.deep.equal([403, "AUTH_ORG_SUSPENDED"]);
      expect(r.body.error.message).to.contain(`organisation ${d.orgs.suspended} is suspended`);
    });

    it("refuses a developer without a live qualification with AUTH_NOT_QUALIFIED", async function () {
      const r = await signIn(d.keys.unqualified);
      expect([r.status, r.body.error.code]).to.deep.equal([403, "AUTH_NOT_QUALIFIED"]);
    });

    it("refuses gateway calls without a token, with a forged one, and never shows the node's secret", async function () {
      expect((await call("POST", "/api/v1/access", access())).body.error.code).to.equal("UNAUTHENTICATED");
      const [v, payload, mac] = developer.split(".");
      const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), o: d.orgs.operator })).toString("base64url");
      const forged = await call("POST", "/api/v1/access", access(), `${v}.${forgedPayload}.${mac}`);
      expect([forged.status, forged.body.error.code]).to.deep.equal([401, "UNAUTHENTICATED"]);
      const secretFile = sessionSecretPath(path.join(dir, "node"));
      expect((await stat(secretFile)).mode & 0o777).to.equal(0o600);
      const secret = (await readFile(secretFile, "utf8")).trim();
      const r = await signIn(d.keys.developer);
      expect(r.text).not.to.contain(secret);
      expect(Buffer.from(r.body.token.split(".")[1], "base64url").toString()).not.to.contain(secret);
    });
  });

  describe("POST /api/v1/access", function () {
    it("allows a request inside the grant, with a receipt that verifies and the session's attribution", async function () {
      const r = await ask(developer);
      expect([r.decision, r.reason]).to.deep.equal(["allowed", "ALLOWED"]);
      expect(r.receipt.entry).to.include({ org: String(d.orgs.developer), key: d.keys.developer.address.toLowerCase(), origin: ORIGIN, scenario: d.scenario });
      expect(r.body.messageZh).to.match(/[\u4e00-\u9fff]/);
      expect(r.receipt.checkpointSizeToCome).to.equal(r.receipt.index + 1);
    });

    it("refuses a key in the body (the session's key acts)", async function () {
      const r = await call("POST", "/api/v1/access", access({ key: d.keys.operator.address }), developer);
      expect([r.status, r.body.error.code]).to.deep.equal([400, "MALFORMED_INPUT"]);
    });

    it("digests a request body instead of a given digest, and never stores it", async function () {
      const body = access({ requestDigest: undefined, request: { sql: "SELECT credit_grade FROM enterprise WHERE uscc = '91310000XXXXXXXX'" } });
      const r = await call("POST", "/api/v1/access", body, developer);
      expect(r.status, r.text).to.equal(200);
      expect(r.body.receipt.entry.requestDigest).to.match(/^[0-9a-f]{64}$/);
      recorded.set(r.body.receipt.index, r.body.receipt.entry);
      const stored = await call("GET", `/api/v1/log/entries/${r.body.receipt.index}`, undefined, developer);
      expect(stored.body.entry.requestDigest).to.equal(r.body.receipt.entry.requestDigest);
      expect(stored.text).not.to.contain("credit_grade");
    });

    const denials: [string, () => Record<string, unknown>, string][] = [
      ["fields outside the grant", () => ({ fields: "0x8" }), "FIELDS_OUT_OF_SCOPE"],
      ["a resource outside the grant", () => ({ resourceId: d.resources[2], fields: "0x1" }), "RESOURCE_OUT_OF_SCOPE"],
      ["another scenario", () => ({ scenario: ethers.id("marketing") }), "SCENARIO_MISMATCH"],
      ["a raw-data export", () => ({ operation: "export" }), "RAW_EXPORT_REFUSED"],
      ["an operation the purpose does not cover", () => ({ grantId: d.shortGrant, scenario: d.shortScenario, fields: "0x1", operation: "download" }), "OPERATION_NOT_COVERED"],
      ["an unknown grant", () => ({ grantId: 999 }), "UNKNOWN_GRANT"],
    ];
    for (const [name, over, reason] of denials) {
      it(`denies ${name} (${reason}) with 200 and records the denial`, async function () {
        const r = await ask(developer, over());
        expect([r.decision, r.reason]).to.deep.equal(["denied", reason]);
        expect(r.body.message).to.be.a("string").and.not.empty;
      });
    }

    it("denies a supervisor acting under the developer's grant (KEY_NOT_OF_GRANTEE), attributed to the supervisor", async function () {
      const supervisor = await tokenOf(d.keys.supervisor);
      const r = await ask(supervisor);
      expect([r.decision, r.reason]).to.deep.equal(["denied", "KEY_NOT_OF_GRANTEE"]);
      expect(r.receipt.entry).to.include({ org: String(d.orgs.supervisor), key: d.keys.supervisor.address.toLowerCase() });
    });

    it("refuses malformed requests with 400 naming the field", async function () {
      for (const [over, field] of [
        [{ fields: "0x0" }, "fields"],
        [{ fields: "7" }, "fields"],
        [{ scenario: "credit" }, "scenario"],
        [{ operation: "Query!" }, "operation"],
        [{ grantId: -1 }, "grantId"],
      ] as const) {
        const r = await call("POST", "/api/v1/access", access(over), developer);
        expect([r.status, r.body.error.code], JSON.stringify(over)).to.deep.equal([400, "MALFORMED_INPUT"]);
        expect(r.body.error.message).to.contain(field);
      }
      const both = await call("POST", "/api/v1/access", access({ request: { q: 1 } }), developer);
      expect(both.status).to.equal(400);
    });
  });

  describe("POST /api/v1/access/batch", function () {
    it("decides, records and receipts every request under one signature", async function () {
      const requests = [access({ requestDigest: digest("b1") }), access({ requestDigest: digest("b2"), operation: "export" }), access({ requestDigest: digest("b3"), fields: "0x3", resourceId: d.resources[1] })];
      const r = await call("POST", "/api/v1/access/batch", { requests }, developer);
      expect(r.status, r.text).to.equal(200);
      expect(r.body.results.map((x: { reason: string }) => x.reason)).to.deep.equal(["ALLOWED", "RAW_EXPORT_REFUSED", "ALLOWED"]);
      expect(r.body.ranges).to.have.length(1);
      for (const result of r.body.results) {
        const verified = verifyReceipt(withNote(result.receipt, r.body.ranges[0].note), verifierKey, rfc6962Sha256);
        recorded.set(verified.index, verified.entry);
      }
      const indices = r.body.results.map((x: { receipt: { index: number } }) => x.receipt.index);
      expect(indices[2] - indices[0]).to.equal(2);
    });

    it("refuses more than 1,000 requests", async function () {
      const r = await call("POST", "/api/v1/access/batch", { requests: Array.from({ length: 1001 }, () => access()) }, developer);
      expect([r.status, r.body.error.code]).to.deep.equal([400, "MALFORMED_INPUT"]);
    });
  });

  describe("receipts and proof bundles", function () {
    it("a receipt's entry is the log's, and its bundle verifies once anchored", async function () {
      const r = await ask(developer, { requestDigest: digest("bundle") });
      await node!.anchorer!.anchorNow();
      expect((await call("GET", `/api/v1/log/bundles/${r.receipt.index}`)).status).to.equal(401); // the entry is the developer's
      const bundle = await call("GET", `/api/v1/log/bundles/${r.receipt.index}`, undefined, developer);
      expect(bundle.status, bundle.text).to.equal(200);
      const verified = verifyProofBundle(rfc6962Sha256, bundle.body, verifierKey);
      expect(bundle.body.leafHash).to.equal(r.receipt.leafHash);
      expect(Buffer.from(verified.leafHash).toString("hex")).to.equal(r.receipt.leafHash);
      expect(bundle.body.index).to.equal(r.receipt.index);
      expect(bundle.body.anchor.logId).to.equal(d.log.logId);
    });

    it("a tampered receipt does not verify", async function () {
      const r = await ask(developer, { requestDigest: digest("tamper") });
      const tampered = { ...r.receipt, entry: { ...r.receipt.entry, org: "999" } };
      expect(() => verifyReceipt(tampered, verifierKey, rfc6962Sha256)).to.throw().with.property("code", "RECEIPT_MISMATCH");
      const moved = { ...r.receipt, index: r.receipt.index + 1 };
      expect(() => verifyReceipt(moved, verifierKey, rfc6962Sha256)).to.throw().with.property("code", "RECEIPT_MISMATCH");
      const otherKey = generateNoteKey(ORIGIN).verifierKey;
      expect(() => verifyReceipt(r.receipt, otherKey, rfc6962Sha256)).to.throw().with.property("code", "UNKNOWN_KEY");
    });
  });

  describe("grant changes on chain", function () {
    it("a suspension denies the next request within the staleness bound, and reinstatement allows again", async function () {
      expect((await ask(developer)).decision).to.equal("allowed");
      await (await d.ledger.grants.connect(d.keys.operator).suspendGrant(d.grant, ethers.id("inspection"))).wait();
      const mined = Date.now();
      let r = await ask(developer);
      while (r.decision === "allowed" && Date.now() - mined < BOUND_MS + 1000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        r = await ask(developer);
      }
      const took = Date.now() - mined;
      expect(r.reason).to.equal("GRANT_SUSPENDED");
      expect(took).to.be.below(BOUND_MS);
      await (await d.ledger.grants.connect(d.keys.operator).reinstateGrant(d.grant, ethers.id("corrected"))).wait();
      await new Promise((resolve) => setTimeout(resolve, BOUND_MS));
      expect((await ask(developer)).reason).to.equal("ALLOWED");
    });

    it("denies a revoked parent (PARENT_NOT_LIVE); a reorg that takes the revocation back allows again", async function () {
      const snapshot = await anvil!.provider.send("evm_snapshot", []);
      await (await d.ledger.grants.connect(d.keys.official).revokeGrant(d.wholeGrant, 4, ethers.id("breach"))).wait();
      await new Promise((resolve) => setTimeout(resolve, BOUND_MS));
      expect((await ask(developer)).reason).to.equal("PARENT_NOT_LIVE");
      await anvil!.provider.send("evm_revert", [snapshot]);
      await anvil!.provider.send("evm_mine", []);
      await new Promise((resolve) => setTimeout(resolve, BOUND_MS));
      expect((await ask(developer)).reason).to.equal("ALLOWED");
    });

    it("denies an expired grant (GRANT_EXPIRED) once chain time passes its end", async function () {
      const short = { grantId: d.shortGrant, scenario: d.shortScenario, fields: "0x1" };
      expect((await ask(developer, short)).reason).to.equal("ALLOWED");
      await d.advanceTime(31 * 24 * 3600);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await ask(developer, short)).reason).to.equal("GRANT_EXPIRED");
      expect((await ask(developer)).reason).to.equal("ALLOWED");
    });
  });

  describe("supervision", function () {
    it("GET /api/v1/usage gives the grant's allowed operations with their log indices, to its parties and supervisors only", async function () {
      const allowed = [...recorded.entries()].filter(([, e]) => e.decision === "allowed" && e.grantId === ethers.toBeHex(d.grant, 32)).map(([i]) => i);
      for (const key of [d.keys.developer, d.keys.operator, d.keys.supervisor]) {
        const r = await call("GET", `/api/v1/usage?grantId=${d.grant}`, undefined, await tokenOf(key));
        expect(r.status, r.text).to.equal(200);
        const indices = r.body.lines.flatMap((l: { logIndices: number[] }) => l.logIndices).sort((a: number, b: number) => a - b);
        expect(indices).to.deep.equal(allowed.sort((a, b) => a - b));
        expect(r.body.total).to.equal(allowed.length);
      }
      const source = await call("GET", `/api/v1/usage?grantId=${d.grant}`, undefined, await tokenOf(d.keys.source));
      expect([source.status, source.body.error.code]).to.deep.equal([403, "FORBIDDEN"]);
    });

    it("GET /api/v1/alerts lists the aggregation alert to supervisors, not to developers", async function () {
      const r = await call("GET", `/api/v1/alerts?org=${d.orgs.developer}`, undefined, await tokenOf(d.keys.supervisor));
      expect(r.status, r.text).to.equal(200);
      expect(r.body.alerts.map((a: { type: string }) => a.type)).to.include("AGGREGATION");
      const mine = await call("GET", "/api/v1/alerts", undefined, developer);
      expect([mine.status, mine.body.error.code]).to.deep.equal([403, "FORBIDDEN"]);
    });
  });

  describe("the log", function () {
    it("holds every decision the gateway answered, with the session's organisation and key", async function () {
      expect(recorded.size).to.be.above(15);
      const supervisor = await tokenOf(d.keys.supervisor);
      for (const [index, entry] of recorded) {
        const r = await call("GET", `/api/v1/log/entries/${index}`, undefined, supervisor);
        expect(r.body.entry, `entry ${index}`).to.deep.equal(entry);
        // anyone else sees the leaf hash alone
        const anonymous = await call("GET", `/api/v1/log/entries/${index}`);
        expect(anonymous.body).to.include({ index, entry: null, leafHash: r.body.leafHash });
      }
    });
  });

  describe("when the chain cannot be reached", function () {
    it("answers 503 CHAIN_UNAVAILABLE past the bound, allows nothing, and records the attempts as denied", async function () {
      expect((await ask(developer)).decision).to.equal("allowed");
      const sizeBefore = await node!.data.store.size();
      await anvil!.stop(true);
      await new Promise((resolve) => setTimeout(resolve, BOUND_MS + 300));
      for (let i = 0; i < 3; i++) {
        const r = await call("POST", "/api/v1/access", access({ requestDigest: digest(`down-${i}`) }), developer);
        expect([r.status, r.body.error.code], r.text).to.deep.equal([503, "CHAIN_UNAVAILABLE"]);
      }
      const batch = await call("POST", "/api/v1/access/batch", { requests: [access(), access({ operation: "export" })] }, developer);
      expect([batch.status, batch.body.error.code]).to.deep.equal([503, "CHAIN_UNAVAILABLE"]);
      const size = await node!.data.store.size();
      expect(size).to.equal(sizeBefore + 5);
      for (let i = sizeBefore; i < size; i++) {
        const r = await call("GET", `/api/v1/log/entries/${i}`, undefined, developer);
        expect(r.body.entry.decision).to.equal("denied");
        expect(r.body.entry.org).to.equal(String(d.orgs.developer));
      }
      const reasons = [];
      for (let i = sizeBefore; i < size; i++) reasons.push((await call("GET", `/api/v1/log/entries/${i}`, undefined, developer)).body.entry.reason);
      expect(reasons).to.deep.equal(["CHAIN_UNAVAILABLE", "CHAIN_UNAVAILABLE", "CHAIN_UNAVAILABLE", "CHAIN_UNAVAILABLE", "RAW_EXPORT_REFUSED"]);
    });
  });
});

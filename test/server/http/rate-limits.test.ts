import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { Wallet } from "ethers";
import type { AccessPolicy, Decision } from "../../../server/access/policy";
import { signIn } from "../../../server/cli/sign-in";
import { createGateway, createRecorder } from "../../../server/gateway";
import { createApp } from "../../../server/http/app";
import type { Audience } from "../../../server/http/auth";
import { createMetrics } from "../../../server/http/ops-routes";
import { DEFAULT_LIMITS, type NodeLimits } from "../../../server/http/rate-limit";
import { createNonceStore, createSessionTokens } from "../../../server/http/session";
import { generateNoteKey, parseSignerKey, rfc6962Sha256 } from "../../../server/log";
import { createGroupCommitAppender, createMemoryLogStore, type LogStore } from "../../../server/storage";
import { OrgKind, OrgStatus } from "../../../server/vocabulary";
import { serve, type Served } from "../../helpers/serve";

/*
 * Issue 15 item 3: abuse limits are on by default and refuse with 429 + Retry-After before anything is
 * recorded; refusals are counted in /metrics. The app is the real one (gateway, group commit, SIWE
 * sign-in, sessions, metrics); only the chain's answers are fixed at the edge: a policy that allows
 * everything and an identity reader that knows every key as staff of organisation 7.
 */

const ORIGIN = "tdl.example/limits";
const allowAll = {
  async decide(): Promise<Decision> {
    return { allowed: true, reason: "ALLOWED", message: "allowed", messageZh: "允许", checkedAt: Date.now(), chainTime: null, denial: 0, cached: true } as Decision;
  },
} as unknown as AccessPolicy;

interface Node {
  served: Served;
  store: LogStore;
  /** A session token for a fresh key of organisation 7. */
  token(): Promise<string>;
  post(path: string, token: string, body: unknown): Promise<{ status: number; retryAfter: string | null; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  metric(limit: string): Promise<number>;
}

async function startNode(limits: NodeLimits): Promise<Node> {
  const store = await createMemoryLogStore({ hasher: rfc6962Sha256 });
  const key = generateNoteKey(ORIGIN);
  const metrics = createMetrics({ processMetrics: false });
  let audience: Audience | undefined;
  const app = createApp({
    store,
    origin: ORIGIN,
    verifierKey: key.verifierKey,
    gateway: createGateway({
      policy: allowAll,
      recorder: createRecorder({ appender: createGroupCommitAppender(store), hasher: rfc6962Sha256, noteSigner: parseSignerKey(key.signerKey), origin: ORIGIN, requestKey: randomBytes(32) }),
    }),
    auth: {
      identity: { actorOf: async () => ({ org: 7, kind: OrgKind.Developer, status: OrgStatus.Active }), isQualifiedAt: async () => true, chainTime: async () => Math.floor(Date.now() / 1000) },
      sessions: createSessionTokens({ node: ORIGIN, secret: randomBytes(32) }),
      nonces: createNonceStore({ maxPerClient: limits.outstandingNoncesPerClient }),
      audience: () => audience as Audience,
    },
    limits,
    metrics,
  });
  const served = await serve(app);
  audience = { domain: new URL(served.url).host, uri: served.url, chainId: 31337 };
  return {
    served,
    store,
    token: async () => (await signIn(served.url, Wallet.createRandom())).token,
    async post(path, token, body) {
      const response = await fetch(`${served.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() };
    },
    async metric(limit) {
      const text = await (await fetch(`${served.url}/metrics`)).text();
      const line = text.split("\n").find((l) => l.startsWith(`tdl_rate_limited_total{limit="${limit}"}`));
      return line === undefined ? 0 : Number(line.split(" ").pop());
    },
  };
}

const request = (i: number) => ({ operation: "query", grantId: 1, scenario: `0x${"11".repeat(32)}`, resourceId: 1, fields: "0x1", requestDigest: i.toString(16).padStart(64, "0") });
const batch = (from: number, n: number) => ({ requests: Array.from({ length: n }, (_, i) => request(from + i)) });

describe("abuse limits, on by default (issue 15 item 3)", function () {
  this.timeout(120_000);
  let node: Node;
  afterEach(() => node?.served.close());

  it(`a flood of 2,000 decisions from one key: ${DEFAULT_LIMITS.accessPerKey.limit} are taken and recorded, the rest get 429 with Retry-After and are not; another key is served`, async () => {
    node = await startNode(DEFAULT_LIMITS);
    const flooder = await node.token();
    expect((await node.post("/api/v1/access/batch", flooder, batch(0, 500))).status).to.equal(200);
    // a batch costs one per request in it: 500 more would pass the key's 600, so none of it is taken
    const over = await node.post("/api/v1/access/batch", flooder, batch(500, 500));
    expect(over.status).to.equal(429);
    expect(over.body.error.code).to.equal("RATE_LIMITED");
    expect(over.body.error.message).to.match(/^too many access decisions for one key: at most 600 per 60 s/);
    expect(Number(over.retryAfter)).to.be.within(1, 60);
    expect((await node.post("/api/v1/access/batch", flooder, batch(500, 100))).status).to.equal(200);
    const singles = [];
    for (let i = 0; i < 900; i++) singles.push((await node.post("/api/v1/access", flooder, request(1000 + i))).status);
    expect(new Set(singles)).to.deep.equal(new Set([429]));
    expect(await node.store.size()).to.equal(600);
    expect((await node.post("/api/v1/access", await node.token(), request(5000))).status).to.equal(200);
    expect(await node.store.size()).to.equal(601);
    expect(await node.metric("access decisions for one key")).to.equal(901);
  });

  it("an organisation's keys share its limit", async () => {
    node = await startNode({ ...DEFAULT_LIMITS, accessPerOrg: { limit: 5 } });
    const [a, b] = [await node.token(), await node.token()];
    expect((await node.post("/api/v1/access/batch", a, batch(0, 3))).status).to.equal(200);
    expect((await node.post("/api/v1/access/batch", b, batch(3, 2))).status).to.equal(200);
    const refused = await node.post("/api/v1/access", b, request(9));
    expect(refused.status).to.equal(429);
    expect(refused.body.error.message).to.contain("too many access decisions for one organisation: at most 5 per 60 s");
    expect(await node.store.size()).to.equal(5);
    expect(await node.metric("access decisions for one organisation")).to.equal(1);
  });

  it(`bad sign-ins from one client meet 429 after ${DEFAULT_LIMITS.signInPerClient.limit}, and nonce requests after ${DEFAULT_LIMITS.noncePerClient.limit}`, async () => {
    node = await startNode(DEFAULT_LIMITS);
    const bad = { message: "not a sign-in message", signature: `0x${"00".repeat(65)}` };
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_LIMITS.signInPerClient.limit + 5; i++) statuses.push((await node.post("/api/v1/auth/sign-in", "", bad)).status);
    expect(statuses.slice(0, DEFAULT_LIMITS.signInPerClient.limit).every((s) => s === 400)).to.equal(true);
    expect(statuses.slice(DEFAULT_LIMITS.signInPerClient.limit)).to.deep.equal([429, 429, 429, 429, 429]);
    expect(await node.metric("sign-in attempts")).to.equal(5);

    const nonces: number[] = [];
    for (let i = 0; i < DEFAULT_LIMITS.noncePerClient.limit + 1; i++) nonces.push((await fetch(`${node.served.url}/api/v1/auth/nonce`)).status);
    expect(nonces.filter((s) => s === 200)).to.have.length(DEFAULT_LIMITS.noncePerClient.limit);
    expect(nonces[nonces.length - 1]).to.equal(429);
    expect(await node.metric("nonce requests")).to.equal(1);
  });

  it("sign-ins are counted per key only once the key has signed: nobody uses up another key's", async () => {
    node = await startNode({ ...DEFAULT_LIMITS, signInPerAddress: { limit: 2 } });
    const wallet = Wallet.createRandom();
    await signIn(node.served.url, wallet);
    await signIn(node.served.url, wallet);
    const third = signIn(node.served.url, wallet);
    await third.then(
      () => expect.fail("a third sign-in of the same key within the window must be refused"),
      (error: Error) => expect(error.message).to.contain("too many sign-ins for one address"),
    );
    expect(await node.metric("sign-ins for one address")).to.equal(1);
  });
});

describe("a nonce flood does not evict other clients' nonces (issue 15 item 3)", () => {
  it("one client's flood of 10,000 leaves it its newest 16 and another client's nonce usable, under a global cap of 100", () => {
    const nonces = createNonceStore({ maxOutstanding: 100, maxPerClient: 16 });
    const theirs = nonces.issue("client-b").nonce;
    const flood = Array.from({ length: 10_000 }, () => nonces.issue("client-a").nonce);
    expect(nonces.size()).to.equal(17);
    expect(nonces.consume(flood[0])).to.equal(false);
    expect(nonces.consume(flood[9_999])).to.equal(true);
    expect(nonces.consume(theirs)).to.equal(true);
  });
});

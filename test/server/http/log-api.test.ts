import { expect } from "chai";
import { TdlError } from "../../../server/errors";
import { createApp, type AppDeps } from "../../../server/http/app";
import {
  encodeEntry,
  formatCheckpoint,
  rfc6962Sha256 as hasher,
  signNote,
  verifyConsistency,
  verifyInclusion,
  type AccessLogEntry,
} from "../../../server/log";
import { verifyProofBundle, type ProofBundle } from "../../../server/log/bundle";
import { accessEntry, appendEntries, nodeState, noteSignerOf, ORIGIN } from "../chain/helpers";
import { serve as serveApp } from "../../helpers/serve";
import { createNonceStore, createSessionTokens } from "../../../server/http/session";
import { OrgKind } from "../../../server/vocabulary";

const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/^0x/, ""), "hex"));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const TX = `0x${"ab".repeat(32)}`;
const CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

const serve = (deps: AppDeps) => serveApp(createApp(deps));

/*
 * Sign-in for the entries' readers: every entry of accessEntry() is organisation 4's under a grant whose
 * grantee is 4 and grantor 3 (the grants come from a stand-in of the chain's grant reader).
 */
const sessions = createSessionTokens({ node: ORIGIN, secret: new Uint8Array(32).fill(7) });
const bearer = (org: number, kind: number): Record<string, string> => ({ authorization: `Bearer ${sessions.issue({ key: `0x${"0".repeat(39)}${org}`, org, kind }).token}` });
const REQUESTER = bearer(4, OrgKind.Developer);
const unused = () => Promise.reject(new TdlError("CHAIN_UNAVAILABLE", "not in this test"));
const readers = {
  auth: {
    identity: { actorOf: unused, isQualifiedAt: unused, chainTime: unused },
    sessions,
    nonces: createNonceStore(),
    audience: () => ({ domain: "127.0.0.1", uri: "http://127.0.0.1", chainId: 31337 }),
  },
  usage: {
    usage: { entriesOfGrant: unused },
    grants: {
      grantInfo: async (grantId: number) => ({
        grantId, grantor: 3, grantee: 4, parent: 1, application: 1, start: 0, end: 2 ** 40, status: 1, purpose: 2, scenario: `0x${"0".repeat(64)}`, agreementHash: `0x${"0".repeat(64)}`, feeTermsHash: `0x${"0".repeat(64)}`,
      }),
    },
  },
} satisfies Partial<AppDeps>;

/** A log of 20 entries, checkpoints at 8 and 16, anchors recorded at 8 and 16. */
async function node(options: { anchored?: boolean } = {}) {
  const state = await nodeState();
  const signer = noteSignerOf(state.signerKey);
  await appendEntries(state.store, 0, 20);
  for (const size of [8, 16]) {
    const root = await state.store.root(size);
    await state.store.putCheckpoint(size, signNote(formatCheckpoint({ origin: ORIGIN, size, root, extensions: [] }), [signer]));
    await state.records.put({
      size,
      root: `0x${toHex(root)}`,
      chainId: 31337,
      contract: CONTRACT,
      logId: 1,
      txHash: TX,
      blockNumber: 40 + size,
      recordedAt: new Date().toISOString(),
    });
  }
  const running = await serve({
    store: state.store,
    anchorRecords: options.anchored === false ? undefined : state.records,
    origin: ORIGIN,
    verifierKey: state.verifierKey,
    retryAfterSeconds: 7,
    ...readers,
  });
  return { ...state, ...running };
}

/** GET as the entries' requesting organisation unless other headers are given (none: anonymous). */
async function getJson(url: string, headers: Record<string, string> = REQUESTER): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

function expectError(body: unknown, code: string, message: RegExp): void {
  expect(body).to.have.all.keys("error");
  const { error } = body as { error: Record<string, unknown> };
  expect(error).to.have.all.keys("code", "message");
  expect(error.code).to.equal(code);
  expect(error.message).to.match(message);
}

function expectVerifyFails(bundle: unknown, verifierKey: string, code: string, check?: string): void {
  try {
    verifyProofBundle(hasher, bundle, verifierKey);
  } catch (error) {
    expect(error).to.be.instanceOf(TdlError);
    expect((error as TdlError).code).to.equal(code);
    if (check) expect((error as TdlError).details?.check).to.equal(check);
    return;
  }
  throw new Error("the tampered bundle verified");
}

describe("the log's read API", function () {
  let n: Awaited<ReturnType<typeof node>>;
  beforeEach(async function () {
    n = await node();
  });
  afterEach(async function () {
    await n.close();
  });

  describe("GET /healthz", function () {
    it("answers 200 with the log size", async function () {
      const { status, body } = await getJson(`${n.url}/healthz`);
      expect(status).to.equal(200);
      expect(body).to.deep.include({ status: "ok", logSize: 20, anchoring: null });
    });
  });

  describe("GET /api/v1/log/checkpoint", function () {
    it("serves the latest signed checkpoint as a text/plain note", async function () {
      const response = await fetch(`${n.url}/api/v1/log/checkpoint`);
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-type")).to.match(/^text\/plain/);
      expect(await response.text()).to.equal(await n.store.getCheckpoint(16));
    });

    it("serves it as JSON with ?format=json", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/checkpoint?format=json`);
      expect(status).to.equal(200);
      expect(body).to.deep.equal({
        origin: ORIGIN,
        size: 16,
        root: toHex(await n.store.root(16)),
        note: await n.store.getCheckpoint(16),
        verifierKey: n.verifierKey,
      });
    });

    it("refuses an unknown format with 400 naming the field", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/checkpoint?format=xml`);
      expect(status).to.equal(400);
      expectError(body, "MALFORMED_INPUT", /format/);
    });

    it("answers 404 while the log has no checkpoint", async function () {
      const empty = await nodeState();
      const running = await serve({ store: empty.store, origin: ORIGIN, verifierKey: empty.verifierKey });
      try {
        const { status, body } = await getJson(`${running.url}/api/v1/log/checkpoint`);
        expect(status).to.equal(404);
        expectError(body, "NOT_FOUND", /no signed checkpoint/);
      } finally {
        await running.close();
      }
    });
  });

  describe("GET /api/v1/log/entries/:index", function () {
    it("serves the entry and its leaf hash", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/entries/5`);
      expect(status).to.equal(200);
      expect(body).to.deep.equal({ index: 5, entry: accessEntry(5), leafHash: toHex(hasher.hashLeaf(encodeEntry(accessEntry(5)))) });
    });

    for (const bad of ["abc", "-1", "01", "1.5", "99999999999999999999"]) {
      it(`refuses index "${bad}" with 400 naming index`, async function () {
        const { status, body } = await getJson(`${n.url}/api/v1/log/entries/${bad}`);
        expect(status).to.equal(400);
        expectError(body, "MALFORMED_INPUT", /^path index: /);
      });
    }

    it("answers 404 for an index beyond the log", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/entries/20`);
      expect(status).to.equal(404);
      expectError(body, "NOT_FOUND", /no entry 20/);
    });
  });

  describe("who reads an entry's contents (issue 15 item 5; R15, R17)", function () {
    const leafOf = (i: number) => toHex(hasher.hashLeaf(encodeEntry(accessEntry(i))));

    it("gives anyone the leaf hash, and the entry only to the parties of its grant and to supervisors", async function () {
      const anonymous = await getJson(`${n.url}/api/v1/log/entries/5`, {});
      expect(anonymous.status).to.equal(200);
      expect(anonymous.body).to.include({ index: 5, entry: null, leafHash: leafOf(5) });
      expect(anonymous.body.withheld).to.match(/parties of its grant.*\/api\/v1\/log\/proofs\/inclusion/);
      expect(anonymous.body.withheldZh).to.match(/当事方/);
      expect(anonymous.headers.get("cache-control")).to.equal("private, no-store");
      for (const [who, headers] of [["the grantor", bearer(3, OrgKind.Operator)], ["a security supervisor", bearer(6, OrgKind.SecuritySupervisor)], ["the bureau", bearer(1, OrgKind.Bureau)]] as const) {
        expect((await getJson(`${n.url}/api/v1/log/entries/5`, headers)).body.entry, who).to.deep.equal(accessEntry(5));
      }
      const stranger = await getJson(`${n.url}/api/v1/log/entries/5`, bearer(9, OrgKind.Developer));
      expect(stranger.body).to.include({ entry: null, leafHash: leafOf(5) });
    });

    it("serves the proof bundle to the parties only: 401 without a session, 403 for another organisation", async function () {
      const anonymous = await getJson(`${n.url}/api/v1/log/bundles/11`, {});
      expect(anonymous.status).to.equal(401);
      expect(anonymous.body.error.code).to.equal("UNAUTHENTICATED");
      expect(anonymous.body.error.message).to.match(/^entry 11: the entry's contents are for the parties of its grant/);
      expect(anonymous.body.error.messageZh).to.match(/^第 11 条：/);
      const stranger = await getJson(`${n.url}/api/v1/log/bundles/11`, bearer(9, OrgKind.Developer));
      expect(stranger.status).to.equal(403);
      expect(stranger.body.error.code).to.equal("FORBIDDEN");
      expect((await getJson(`${n.url}/api/v1/log/bundles/11`, bearer(3, OrgKind.Operator))).body.entry).to.deep.equal(accessEntry(11));
    });

    it("keeps inclusion publicly verifiable: proofs and the checkpoint need no session", async function () {
      const proof = await getJson(`${n.url}/api/v1/log/proofs/inclusion?index=5&size=16`, {});
      expect(proof.status).to.equal(200);
      expect(proof.body.leafHash).to.equal(leafOf(5));
      expect((await getJson(`${n.url}/api/v1/log/checkpoint?format=json`, {})).status).to.equal(200);
    });

    it("refuses a session token that does not verify (401) rather than answering as anonymous", async function () {
      const forged = await getJson(`${n.url}/api/v1/log/entries/5`, { authorization: "Bearer v1.forged.token" });
      expect(forged.status).to.equal(401);
    });
  });

  describe("GET /api/v1/log/proofs/inclusion", function () {
    it("serves a proof that verifies against the root at that size", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/proofs/inclusion?index=3&size=13`);
      expect(status).to.equal(200);
      expect(body).to.include({ index: 3, treeSize: 13 });
      verifyInclusion(hasher, 3, 13, fromHex(body.leafHash), body.inclusionProof.map(fromHex), await n.store.root(13));
    });

    it("refuses a missing size with 400 naming size", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/proofs/inclusion?index=3`);
      expect(status).to.equal(400);
      expectError(body, "MALFORMED_INPUT", /^query size: is required/);
    });

    it("refuses an index not below size with 400 naming index", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/proofs/inclusion?index=13&size=13`);
      expect(status).to.equal(400);
      expectError(body, "MALFORMED_INPUT", /^query index: /);
    });

    it("answers 404 for a size beyond the log", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/proofs/inclusion?index=3&size=21`);
      expect(status).to.equal(404);
      expectError(body, "OUT_OF_RANGE", /beyond the log's size 20/);
    });
  });

  describe("GET /api/v1/log/proofs/consistency", function () {
    it("serves a proof that verifies between the two roots", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/proofs/consistency?from=6&to=19`);
      expect(status).to.equal(200);
      verifyConsistency(hasher, 6, 19, body.consistencyProof.map(fromHex), await n.store.root(6), await n.store.root(19));
    });

    it("refuses from > to with 400 naming from", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/proofs/consistency?from=9&to=4`);
      expect(status).to.equal(400);
      expectError(body, "MALFORMED_INPUT", /^query from: /);
    });

    it("refuses a malformed to with 400 naming to", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/proofs/consistency?from=1&to=x`);
      expect(status).to.equal(400);
      expectError(body, "MALFORMED_INPUT", /^query to: /);
    });

    it("answers 404 for a size beyond the log", async function () {
      const { status } = await getJson(`${n.url}/api/v1/log/proofs/consistency?from=1&to=40`);
      expect(status).to.equal(404);
    });
  });

  describe("GET /api/v1/log/bundles/:index", function () {
    it("serves a bundle at the latest anchored checkpoint that the pure verifier accepts", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/log/bundles/11`);
      expect(status).to.equal(200);
      const bundle = body as ProofBundle;
      expect(bundle).to.deep.include({ version: 1, origin: ORIGIN, index: 11, treeSize: 16, verifierKey: n.verifierKey });
      expect(bundle.entry).to.deep.equal(accessEntry(11));
      expect(bundle.anchor).to.deep.equal({
        chainId: 31337,
        contract: CONTRACT,
        logId: 1,
        size: 16,
        root: `0x${toHex(await n.store.root(16))}`,
        txHash: TX,
        blockNumber: 56,
      });
      const verified = verifyProofBundle(hasher, bundle, n.verifierKey);
      expect(verified.checkpoint.size).to.equal(16);
    });

    it("answers 404 with Retry-After for an entry logged but not anchored yet", async function () {
      const { status, body, headers } = await getJson(`${n.url}/api/v1/log/bundles/17`);
      expect(status).to.equal(404);
      expect(headers.get("retry-after")).to.equal("7");
      expectError(body, "NOT_FOUND", /entry 17 is logged but not anchored yet \(anchored size 16\); retry after the next anchor/);
    });

    it("answers 404 without Retry-After for an entry the log does not have", async function () {
      const { status, body, headers } = await getJson(`${n.url}/api/v1/log/bundles/20`);
      expect(status).to.equal(404);
      expect(headers.get("retry-after")).to.equal(null);
      expectError(body, "NOT_FOUND", /no entry 20/);
    });

    it("serves bundles with anchor null at the latest checkpoint when the node does not anchor", async function () {
      const unanchored = await node({ anchored: false });
      try {
        const { status, body } = await getJson(`${unanchored.url}/api/v1/log/bundles/2`);
        expect(status).to.equal(200);
        expect(body.anchor).to.equal(null);
        verifyProofBundle(hasher, body, unanchored.verifierKey);
      } finally {
        await unanchored.close();
      }
    });

    context("when the bundle is tampered with", function () {
      let bundle: ProofBundle;
      beforeEach(async function () {
        bundle = (await getJson(`${n.url}/api/v1/log/bundles/11`)).body as ProofBundle;
      });

      it("fails on a changed entry byte", function () {
        const entry: AccessLogEntry = { ...bundle.entry, resourceId: bundle.entry.resourceId.replace(/.$/, "9") };
        expectVerifyFails({ ...bundle, entry }, n.verifierKey, "ROOT_MISMATCH", "leafHash");
      });

      it("fails on a changed proof hash", function () {
        const inclusionProof = [...bundle.inclusionProof];
        inclusionProof[1] = inclusionProof[1].replace(/^./, (c) => (c === "0" ? "1" : "0"));
        expectVerifyFails({ ...bundle, inclusionProof }, n.verifierKey, "ROOT_MISMATCH", "inclusionProof");
      });

      it("fails on a changed checkpoint signature", function () {
        const lines = bundle.checkpoint.split("\n");
        const sigLine = lines.findIndex((l) => l.startsWith("\u2014 "));
        const [prefix, name, sig] = [lines[sigLine].slice(0, 2), lines[sigLine].slice(2).split(" ")[0], lines[sigLine].split(" ")[2]];
        const bytes = Buffer.from(sig, "base64");
        bytes[10] ^= 0x01;
        lines[sigLine] = `${prefix}${name} ${bytes.toString("base64")}`;
        expectVerifyFails({ ...bundle, checkpoint: lines.join("\n") }, n.verifierKey, "SIGNATURE_INVALID");
      });

      it("fails on a changed checkpoint root", function () {
        const checkpoint = bundle.checkpoint.replace(/^(.*\n\d+\n)(.)/, (_, head: string, c: string) => head + (c === "A" ? "B" : "A"));
        expectVerifyFails({ ...bundle, checkpoint }, n.verifierKey, "SIGNATURE_INVALID");
      });

      it("fails on an anchor for another root", function () {
        expectVerifyFails({ ...bundle, anchor: { ...bundle.anchor!, root: `0x${"11".repeat(32)}` } }, n.verifierKey, "ROOT_MISMATCH", "anchor");
      });

      it("fails against another pinned key", function () {
        expectVerifyFails(bundle, "other+01020304+AQ==", "UNKNOWN_KEY");
      });

      it("reports a malformed bundle as MALFORMED_INPUT", function () {
        expectVerifyFails({ ...bundle, leafHash: "xyz" }, n.verifierKey, "MALFORMED_INPUT");
        expectVerifyFails({ ...bundle, version: 2 }, n.verifierKey, "MALFORMED_INPUT");
      });
    });
  });

  describe("unknown routes", function () {
    it("answer 404 in the one error shape", async function () {
      const { status, body } = await getJson(`${n.url}/api/v1/nothing-here`);
      expect(status).to.equal(404);
      expectError(body, "NOT_FOUND", /no route GET \/api\/v1\/nothing-here/);
    });
  });

  describe("request bodies", function () {
    it("refuses malformed JSON with 400 in the one error shape", async function () {
      const response = await fetch(`${n.url}/api/v1/log/checkpoint`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
      expect(response.status).to.equal(400);
      expectError(await response.json(), "MALFORMED_INPUT", /./);
    });

    it("refuses a body over the limit with 413", async function () {
      const response = await fetch(`${n.url}/api/v1/log/checkpoint`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ pad: "x".repeat(100_000) }),
      });
      expect(response.status).to.equal(413);
      expectError(await response.json(), "PAYLOAD_TOO_LARGE", /./);
    });
  });
});

import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { createDocumentReferences } from "../../../server/chain/document-references";
import { TdlError } from "../../../server/errors";
import { createApp } from "../../../server/http/app";
import { createNonceStore, createSessionTokens } from "../../../server/http/session";
import { createMemoryPort } from "../../../server/storage";
import { createDocumentStore, documentHash, type DocumentStore } from "../../../server/storage/documents";
import { OrgKind } from "../../../server/vocabulary";
import { DAY } from "../../../scripts/lib/procedures";
import { organizationsFixture } from "../../contracts/fixtures";
import { nodeState } from "../chain/helpers";
import { serve, type Served } from "../../helpers/serve";

/*
 * The document routes (issue 14 item 1) in the node's app, over the real acceptance check against a Hardhat
 * chain: a document is stored only when the catalog holds its hash (or a pending transaction carries it),
 * only with bytes that hash to the path's hash; public documents are anyone's, restricted ones only their
 * parties', the bureau's and supervisors'.
 */

const utf8 = (text: string) => new TextEncoder().encode(text);
const METADATA = utf8(JSON.stringify({ code: "SCJG-0001", title: "企业登记信息", titleEn: "enterprise registration" }));
const FIELDS = utf8(JSON.stringify([{ name: "统一社会信用代码", type: "VARCHAR", sensitive: false }]));

async function documentsFixture() {
  const base = await organizationsFixture();
  await base.ledger.catalog.connect(base.keys.source).registerResource(ethers.id("SCJG-0001"), {
    metadataHash: documentHash(METADATA),
    fieldListHash: documentHash(FIELDS),
    fieldCount: 1,
    classification: 2,
    updateInterval: DAY,
    updatedAt: 0,
  });
  return base;
}

describe("documents API (Hardhat network)", function () {
  let running: Served;
  let documents: DocumentStore;
  let orgs: Awaited<ReturnType<typeof documentsFixture>>["orgs"];
  const sessions = createSessionTokens({ node: "example.org/log", secret: new Uint8Array(32).fill(9) });
  const bearer = (org: number, kind: number) => ({ authorization: `Bearer ${sessions.issue({ key: ethers.ZeroAddress, org, kind }).token}` });
  const url = (hash: string, query = "") => `${running.url}/api/v1/documents/${hash}${query}`;
  const put = (hash: string, body: Uint8Array, headers: Record<string, string>, query = "") =>
    fetch(url(hash, query), { method: "PUT", body, headers: { "content-type": "application/octet-stream", ...headers } });
  const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  before(async function () {
    const district = await loadFixture(documentsFixture);
    orgs = district.orgs;
    const ledger = await Promise.all(Object.values(district.ledger).map((c) => c.getAddress()));
    const references = createDocumentReferences({ provider: ethers.provider, dataCatalog: await district.ledger.catalog.getAddress(), ledgerContracts: ledger });
    documents = createDocumentStore(createMemoryPort(), { maxBytes: 64 * 1024 });
    const state = await nodeState();
    const unused = () => Promise.reject(new TdlError("CHAIN_UNAVAILABLE", "not in this test"));
    const app = createApp({
      store: state.store,
      origin: "example.org/log",
      verifierKey: state.verifierKey,
      auth: {
        identity: { actorOf: unused, isQualifiedAt: unused, chainTime: unused },
        sessions,
        nonces: createNonceStore(),
        audience: () => ({ domain: "127.0.0.1", uri: "http://127.0.0.1", chainId: 31337 }),
      },
      documents: { documents, isReferenced: references.isReferenced, maxBytes: 64 * 1024 },
    });
    running = await serve(app);
  });
  after(() => running.close());

  describe("PUT /api/v1/documents/:hash", function () {
    it("stores a document the catalog holds the hash of: 201 with the record, then 200 with the same record", async function () {
      const hash = documentHash(METADATA);
      const first = await put(hash, METADATA, bearer(orgs.source, OrgKind.DataSource));
      expect(first.status).to.equal(201);
      expect(await first.json()).to.deep.equal({ hash, disclosure: "public", parties: [], size: METADATA.length });
      const again = await put(hash, METADATA, bearer(orgs.source, OrgKind.DataSource), "?disclosure=restricted&parties=9");
      expect(again.status).to.equal(200);
      expect(await again.json()).to.deep.equal({ hash, disclosure: "public", parties: [], size: METADATA.length });
    });

    it("reads the raw body even when it is sent as application/json (the JSON parser does not take it first)", async function () {
      const hash = documentHash(FIELDS);
      const response = await put(hash, FIELDS, { ...bearer(orgs.source, OrgKind.DataSource), "content-type": "application/json" }, "?parties=" + orgs.operator);
      expect(response.status).to.equal(201);
      expect(await response.json()).to.deep.equal({ hash, disclosure: "restricted", parties: [orgs.source, orgs.operator].sort((a, b) => a - b), size: FIELDS.length });
    });

    it("answers 422 DOCUMENT_HASH_MISMATCH when the body does not hash to the path's hash, and stores nothing", async function () {
      const hash = documentHash(METADATA);
      const other = utf8("other bytes");
      const response = await put(hash, other, bearer(orgs.source, OrgKind.DataSource));
      expect(response.status).to.equal(422);
      expect(await errorCode(response)).to.equal("DOCUMENT_HASH_MISMATCH");
      expect(await documents.get(documentHash(other))).to.equal(undefined);
    });

    it("answers 422 DOCUMENT_NOT_REFERENCED for a document no chain record holds", async function () {
      const stray = utf8("not on chain");
      const response = await put(documentHash(stray), stray, bearer(orgs.source, OrgKind.DataSource));
      expect(response.status).to.equal(422);
      expect(await errorCode(response)).to.equal("DOCUMENT_NOT_REFERENCED");
      expect(await documents.get(documentHash(stray))).to.equal(undefined);
    });

    it("accepts a document a pending transaction carries the hash of (the chain will hold it)", async function () {
      const district = await loadFixture(documentsFixture);
      const plan = utf8("quality issue of resource 1");
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const latest = (await ethers.provider.getBlock("latest"))!.timestamp;
        await district.ledger.catalog.connect(district.officials[0]).openQualityTicket(1, documentHash(plan), latest + 30 * DAY);
        const response = await put(documentHash(plan), plan, bearer(orgs.source, OrgKind.DataSource));
        expect(response.status).to.equal(201);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
        await ethers.provider.send("evm_mine", []);
      }
    });

    it("answers 401 without a session, 400 for a malformed hash or parties, 413 over the size limit", async function () {
      const hash = documentHash(METADATA);
      const anonymous = await put(hash, METADATA, {});
      expect(anonymous.status).to.equal(401);
      expect(await errorCode(anonymous)).to.equal("UNAUTHENTICATED");
      const malformed = await put("0x1234", METADATA, bearer(orgs.source, OrgKind.DataSource));
      expect(malformed.status).to.equal(400);
      expect(await errorCode(malformed)).to.equal("MALFORMED_INPUT");
      const parties = await put(hash, METADATA, bearer(orgs.source, OrgKind.DataSource), "?parties=0,x");
      expect(parties.status).to.equal(400);
      const large = new Uint8Array(64 * 1024 + 1);
      const tooLarge = await put(documentHash(large), large, bearer(orgs.source, OrgKind.DataSource));
      expect(tooLarge.status).to.equal(413);
    });
  });

  describe("GET /api/v1/documents/:hash", function () {
    it("serves a public document to anyone: the bytes, with its hash in x-tdl-document-hash", async function () {
      const hash = documentHash(METADATA);
      const response = await fetch(url(hash.toUpperCase().replace("0X", "0x")));
      expect(response.status).to.equal(200);
      expect(response.headers.get("x-tdl-document-hash")).to.equal(hash);
      expect(response.headers.get("content-type")).to.match(/^application\/octet-stream/);
      const body = new Uint8Array(await response.arrayBuffer());
      expect(documentHash(body)).to.equal(hash);
      expect(Buffer.from(body).toString("utf8")).to.equal(Buffer.from(METADATA).toString("utf8"));
    });

    it("serves a restricted document to its parties, the bureau and supervisors", async function () {
      const hash = documentHash(FIELDS);
      for (const [org, kind] of [
        [orgs.source, OrgKind.DataSource],
        [orgs.operator, OrgKind.Operator],
        [1, OrgKind.Bureau],
        [orgs.supervisor, OrgKind.BusinessSupervisor],
        [orgs.securitySupervisor, OrgKind.SecuritySupervisor],
      ]) {
        const response = await fetch(url(hash), { headers: bearer(org, kind) });
        expect(response.status, `organisation ${org}`).to.equal(200);
        expect(response.headers.get("x-tdl-document-hash")).to.equal(hash);
        expect(documentHash(new Uint8Array(await response.arrayBuffer()))).to.equal(hash);
      }
    });

    it("refuses a restricted document: 401 without a session, 403 FORBIDDEN for an organisation not a party", async function () {
      const hash = documentHash(FIELDS);
      const anonymous = await fetch(url(hash));
      expect(anonymous.status).to.equal(401);
      expect(await errorCode(anonymous)).to.equal("UNAUTHENTICATED");
      const developer = await fetch(url(hash), { headers: bearer(orgs.developer, OrgKind.Developer) });
      expect(developer.status).to.equal(403);
      const body = (await developer.json()) as { error: { code: string; message: string } };
      expect(body.error.code).to.equal("FORBIDDEN");
      expect(body.error.message).to.match(new RegExp(`organisation ${orgs.developer}`));
    });

    it("answers 404 for a document this node does not hold and 400 for a malformed hash", async function () {
      const missing = await fetch(url(`0x${"ab".repeat(32)}`));
      expect(missing.status).to.equal(404);
      expect(await errorCode(missing)).to.equal("NOT_FOUND");
      const malformed = await fetch(url("0xnothex"));
      expect(malformed.status).to.equal(400);
    });
  });
});

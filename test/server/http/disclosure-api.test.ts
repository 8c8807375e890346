import { expect } from "chai";
import express, { type Express } from "express";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { JsonRpcProvider, type Provider } from "ethers";
import { createDisclosureReader, type DisclosureAddresses, type DisclosureReader } from "../../../server/chain/disclosure-reader";
import { disclosureRoutes } from "../../../server/http/disclosure-routes";
import { errorMiddleware, notFoundRoute } from "../../../server/http/errors";
import { publishedProductFixture } from "../../contracts/fixtures";
import { DAY, evidenceOf } from "../../../scripts/lib/procedures";
import { OrgKind } from "../../../server/vocabulary";
import { serve, type Served } from "../../helpers/serve";

/*
 * The public disclosure read from the district's chain (Hardhat network, the bank's product released
 * and registered): organisations with qualification terms, grants with scope and term, the product
 * list and the catalog's metadata; filters; 400 naming the bad parameter; 404; the snapshot cache;
 * 503 when the chain is down.
 */

type District = Awaited<ReturnType<typeof publishedProductFixture>>;

function disclosureApp(disclosure: DisclosureReader): Express {
  const app = express();
  app.set("query parser", "simple");
  app.use("/api/v1/disclosure", disclosureRoutes({ disclosure }));
  app.use(notFoundRoute);
  app.use(errorMiddleware());
  return app;
}

async function getJson(url: string): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

async function addressesOf(district: District): Promise<DisclosureAddresses> {
  const { ledger } = district;
  return {
    organizationRegistry: await ledger.organizations.getAddress(),
    qualificationRegistry: await ledger.qualifications.getAddress(),
    dataCatalog: await ledger.catalog.getAddress(),
    dataApplications: await ledger.applications.getAddress(),
    grantRegistry: await ledger.grants.getAddress(),
    productRegistry: await ledger.products.getAddress(),
  };
}

describe("disclosure API (Hardhat network)", function () {
  let district: District;
  let running: Served;
  let url: string;

  before(async function () {
    district = await loadFixture(publishedProductFixture);
    const { ledger, officials } = district;
    await (await ledger.catalog.connect(officials[0]).recordRegistration(district.resources[0], "DJ-R-2025-0001")).wait();
    await (await ledger.products.connect(officials[0]).recordRegistration(district.productId, "DJ-P-2025-0001", false)).wait();
    // cacheMs 0: every request reads the chain (the cache has its own test)
    const reader = createDisclosureReader({ provider: ethers.provider, addresses: await addressesOf(district), cacheMs: 0 });
    running = await serve(disclosureApp(reader));
    url = `${running.url}/api/v1/disclosure`;
  });

  after(async function () {
    await running.close();
  });

  describe("GET /organizations", function () {
    it("lists every organisation with kind, status and its qualification's term", async function () {
      const { status, body, headers } = await getJson(`${url}/organizations`);
      expect(status).to.equal(200);
      expect(headers.get("cache-control")).to.equal("public, max-age=5");
      expect(body.total).to.equal(Number(await district.ledger.organizations.organizationCount()));
      expect(body.block.number).to.equal(await ethers.provider.getBlockNumber());
      const byId = new Map(body.organizations.map((o: any) => [o.id, o]));
      const bureau: any = byId.get(1);
      expect(bureau).to.include({ kind: "bureau", status: "active", qualification: null });
      const operator: any = byId.get(district.orgs.operator);
      expect(operator.kind).to.equal("operator");
      expect(operator.name).to.equal("数据运营公司 Data Operation Co.");
      expect(operator.creditCodeHash).to.match(/^0x[0-9a-f]{64}$/);
      const q = await district.ledger.qualifications.qualification(district.operatorQualification);
      expect(operator.qualification).to.deep.include({
        id: Number(district.operatorQualification),
        role: "operator",
        state: "active",
        qualifiedNow: true,
        validFrom: Number(q.validFrom),
        validUntil: Number(q.validUntil),
        agreementHash: q.agreementHash.toLowerCase(),
      });
      const developer: any = byId.get(district.orgs.developer);
      expect(developer.qualification).to.include({ role: "developer", state: "active", qualifiedNow: true });
      expect((byId.get(district.orgs.source) as any).qualification).to.equal(null);
    });

    it("Art. 15: shows a renewal application in progress beside the qualification it renews", async function () {
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      try {
        const q = district.ledger.qualifications;
        const until = Number((await q.qualification(await q.currentQualification(district.orgs.developer))).validUntil);
        await time.increaseTo(until - 30 * DAY);
        await (await q.connect(district.keys.developer).applyFor(OrgKind.Developer, evidenceOf("renewal"))).wait();
        const renewalId = Number(await q.pendingRenewal(district.orgs.developer));
        expect(renewalId).to.be.greaterThan(0);
        const { body } = await getJson(`${url}/organizations/${district.orgs.developer}`);
        expect(body.organization.renewal).to.deep.equal({ id: renewalId, state: "applied" });
        expect(body.organization.qualification).to.include({ state: "active", qualifiedNow: true });
        expect((await getJson(`${url}/organizations/${district.orgs.operator}`)).body.organization.renewal).to.equal(null);
      } finally {
        await ethers.provider.send("evm_revert", [snapshot]);
      }
    });

    it("filters by kind, qualification and a name search", async function () {
      const developers = (await getJson(`${url}/organizations?kind=developer`)).body.organizations.map((o: any) => o.id);
      expect(developers).to.deep.equal([district.orgs.developer, district.orgs.developer2]);
      const qualified = (await getJson(`${url}/organizations?qualified=true`)).body.organizations.map((o: any) => o.id);
      expect(qualified).to.deep.equal([district.orgs.operator, district.orgs.developer]);
      const bank = (await getJson(`${url}/organizations?q=a%20BANK`)).body.organizations.map((o: any) => o.id);
      expect(bank).to.deep.equal([district.orgs.developer]);
    });

    it("pages with limit and offset", async function () {
      const { body } = await getJson(`${url}/organizations?limit=2&offset=1`);
      expect(body).to.include({ limit: 2, offset: 1 });
      expect(body.organizations.map((o: any) => o.id)).to.deep.equal([2, 3]);
    });

    it("answers one organisation, and 404 for an id the chain does not know", async function () {
      const { status, body } = await getJson(`${url}/organizations/${district.orgs.developer}`);
      expect(status).to.equal(200);
      expect(body.organization.id).to.equal(district.orgs.developer);
      const missing = await getJson(`${url}/organizations/999`);
      expect(missing.status).to.equal(404);
      expect(missing.body).to.deep.equal({ error: { code: "NOT_FOUND", message: "no organization 999 on chain" } });
    });
  });

  describe("GET /grants", function () {
    it("discloses the whole grant and the scenario grant: parties, scope with field masks, term, purpose, status", async function () {
      const { status, body } = await getJson(`${url}/grants`);
      expect(status).to.equal(200);
      expect(body.total).to.equal(2);
      const [whole, scenario] = body.grants;
      const w = await district.ledger.grants.grant(district.wholeGrant);
      expect(whole).to.deep.include({
        id: Number(district.wholeGrant),
        grantor: 1,
        grantee: district.orgs.operator,
        granteeName: "数据运营公司 Data Operation Co.",
        parent: null,
        application: null,
        scenario: null,
        purpose: "none",
        status: "active",
        live: true,
        denial: "ALLOWED",
        start: Number(w.start),
        end: Number(w.end),
      });
      expect(whole.scope.kind).to.equal("wholeCatalog");
      expect(whole.scope.resources.map((r: any) => r.resourceId)).to.deep.equal(district.resources.slice(0, 3).map(Number));
      expect(whole.scope.resources[0]).to.deep.include({ fieldMask: "0xfff", fieldCount: 12 });

      expect(scenario).to.deep.include({
        id: Number(district.scenarioGrant),
        grantor: district.orgs.operator,
        grantee: district.orgs.developer,
        parent: Number(district.wholeGrant),
        application: Number(district.applicationId),
        scenario: district.scenario.toLowerCase(),
        live: true,
      });
      expect(["publicInterest", "commercial"]).to.include(scenario.purpose);
      expect(scenario.agreementHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(scenario.scope).to.deep.equal({
        kind: "scenario",
        resources: [
          { resourceId: Number(district.resources[0]), fieldMask: "0x7", fieldCount: 3 },
          { resourceId: Number(district.resources[1]), fieldMask: "0x3", fieldCount: 2 },
        ],
      });
    });

    it("filters by grantee, status, liveness and resource", async function () {
      const ids = async (query: string) => (await getJson(`${url}/grants?${query}`)).body.grants.map((g: any) => g.id);
      expect(await ids(`grantee=${district.orgs.developer}`)).to.deep.equal([Number(district.scenarioGrant)]);
      expect(await ids("status=suspended")).to.deep.equal([]);
      expect(await ids("live=true")).to.have.length(2);
      expect(await ids(`resource=${district.resources[2]}`)).to.deep.equal([Number(district.wholeGrant)]);
      expect(await ids(`resource=${district.resources[3]}`)).to.deep.equal([]);
    });

    it("answers one grant, and 404 for an unknown one", async function () {
      expect((await getJson(`${url}/grants/${district.scenarioGrant}`)).body.grant.id).to.equal(Number(district.scenarioGrant));
      expect((await getJson(`${url}/grants/77`)).status).to.equal(404);
    });
  });

  describe("GET /products", function () {
    it("lists published products with their registration numbers, sources and usability", async function () {
      const { status, body } = await getJson(`${url}/products`);
      expect(status).to.equal(200);
      expect(body.products).to.have.length(1);
      expect(body.products[0]).to.deep.equal({
        id: district.productId,
        developer: district.orgs.developer,
        grantId: Number(district.scenarioGrant),
        version: 1,
        form: "dataVerification",
        state: "published",
        metadataHash: district.metadataHash.toLowerCase(),
        registrationNumber: "DJ-P-2025-0001",
        exchangeRegistrationNumber: null,
        sources: district.sources.map(Number),
        usability: "usable",
        developerName: "某银行 A Bank",
      });
    });

    it("filters by state, form and a registration-number search", async function () {
      expect((await getJson(`${url}/products?state=registered`)).body.products).to.deep.equal([]);
      expect((await getJson(`${url}/products?state=any`)).body.total).to.equal(1);
      expect((await getJson(`${url}/products?form=dataModel`)).body.total).to.equal(0);
      expect((await getJson(`${url}/products?q=dj-p-2025`)).body.total).to.equal(1);
      expect((await getJson(`${url}/products?source=${district.resources[2]}`)).body.total).to.equal(0);
    });
  });

  describe("GET /catalog", function () {
    it("discloses metadata only: codes and documents stay hashes", async function () {
      const { status, body } = await getJson(`${url}/catalog`);
      expect(status).to.equal(200);
      expect(body.total).to.equal(4);
      const first = body.resources[0];
      expect(first).to.deep.include({
        id: Number(district.resources[0]),
        code: ethers.id("enterprise-registration"),
        source: district.orgs.source,
        sourceName: "区市场监管局 Market Regulation",
        version: 1,
        inOperationScope: true,
        openForDevelopment: true,
        registrationNumber: "DJ-R-2025-0001",
        metadataHash: ethers.id("enterprise-registration:metadata"),
        fieldListHash: ethers.id("enterprise-registration:fields"),
        fieldCount: 12,
        classification: 2,
      });
      expect(JSON.stringify(body)).not.to.include("enterprise-registration");
      expect(body.resources[3]).to.include({ inOperationScope: false, openForDevelopment: false });
    });

    it("filters by openness, classification and source", async function () {
      expect((await getJson(`${url}/catalog?open=true`)).body.total).to.equal(3);
      expect((await getJson(`${url}/catalog?classification=3`)).body.resources.map((r: any) => r.id)).to.deep.equal(district.resources.slice(1, 3).map(Number));
      expect((await getJson(`${url}/catalog?source=${district.orgs.source}&inScope=false`)).body.total).to.equal(1);
      expect((await getJson(`${url}/catalog/${district.resources[3]}`)).body.resource.id).to.equal(Number(district.resources[3]));
      expect((await getJson(`${url}/catalog/99`)).status).to.equal(404);
    });
  });

  describe("bad parameters", function () {
    for (const [suffix, field] of [
      ["/organizations?kind=wizard", "kind"],
      ["/organizations?qualified=yes", "qualified"],
      ["/organizations?limit=0", "limit"],
      ["/organizations?limit=501", "limit"],
      ["/organizations?offset=-1", "offset"],
      ["/organizations/0", "id"],
      ["/organizations/abc", "id"],
      ["/grants?grantee=x", "grantee"],
      ["/grants?live=1", "live"],
      ["/grants?status=expired", "status"],
      ["/products?state=secret", "state"],
      ["/catalog?classification=5", "classification"],
      ["/catalog?q=", "q"],
      ["/catalog?source=1&source=2", "source"],
    ] as const) {
      it(`GET ${suffix} answers 400 naming ${field}`, async function () {
        const { status, body } = await getJson(`${url}${suffix}`);
        expect(status).to.equal(400);
        expect(body.error.code).to.equal("MALFORMED_INPUT");
        expect(body.error.message).to.match(new RegExp(`\\b${field}\\b`));
      });
    }
  });

  describe("the snapshot cache", function () {
    it("serves one chain read to concurrent requests and reads again once the bound has passed", async function () {
      let now = 1_000_000;
      let reads = 0;
      const provider = new Proxy(ethers.provider, {
        get(target, property, receiver) {
          if (property === "getBlock") {
            return (...args: Parameters<typeof target.getBlock>) => {
              reads++;
              return target.getBlock(...args);
            };
          }
          const value = Reflect.get(target, property, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        },
      }) as unknown as Provider;
      const reader = createDisclosureReader({ provider, addresses: await addressesOf(district), cacheMs: 5000, clock: { now: () => now } });
      const app = await serve(disclosureApp(reader));
      try {
        await Promise.all([getJson(`${app.url}/api/v1/disclosure/grants`), getJson(`${app.url}/api/v1/disclosure/catalog`)]);
        expect(reads).to.equal(1);
        await (await district.ledger.grants.connect(district.keys.operator).suspendGrant(district.scenarioGrant, ethers.id("inspection"))).wait();
        now += 4000;
        expect((await getJson(`${app.url}/api/v1/disclosure/grants/${district.scenarioGrant}`)).body.grant.status).to.equal("active");
        expect(reads).to.equal(1);
        now += 2000;
        const { body } = await getJson(`${app.url}/api/v1/disclosure/grants/${district.scenarioGrant}`);
        expect(body.grant).to.include({ status: "suspended", live: false, denial: "GRANT_SUSPENDED" });
        expect(reads).to.equal(2);
        const products = await getJson(`${app.url}/api/v1/disclosure/products`);
        expect(products.body.products[0].usability).to.equal("grantNotLive");
      } finally {
        await app.close();
        await (await district.ledger.grants.connect(district.keys.operator).reinstateGrant(district.scenarioGrant, ethers.id("cleared"))).wait();
      }
    });

    it("reports an expired grant as not live once chain time passes its end", async function () {
      const grant = await district.ledger.grants.grant(district.scenarioGrant);
      expect(await time.latest()).to.be.lessThan(Number(grant.end));
      const reader = createDisclosureReader({ provider: ethers.provider, addresses: await addressesOf(district), cacheMs: 0 });
      await time.increaseTo(Number(grant.end) + 1);
      const g = (await reader.snapshot()).grants.find((x) => x.id === Number(district.scenarioGrant));
      expect(g).to.include({ live: false, denial: "GRANT_EXPIRED", status: "active" });
    });
  });

  context("when the chain cannot be reached", function () {
    it("answers 503 CHAIN_UNAVAILABLE in the error shape", async function () {
      const provider = new JsonRpcProvider("http://127.0.0.1:9", 31337, { staticNetwork: true });
      const reader = createDisclosureReader({ provider, addresses: await addressesOf(district) });
      const app = await serve(disclosureApp(reader));
      try {
        const { status, body } = await getJson(`${app.url}/api/v1/disclosure/grants`);
        expect(status).to.equal(503);
        expect(body).to.have.all.keys("error");
        expect(body.error.code).to.equal("CHAIN_UNAVAILABLE");
      } finally {
        await app.close();
        provider.destroy();
      }
    });
  });
});

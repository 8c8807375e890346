/**
 * Property tests of products and supervision (issue 4, Tests: "property tests extended").
 *
 * Each run restores a district snapshot (two qualified developers, three scenario grants under the operator's
 * whole grant) and replays a random sequence of commands: product registration, versions, release
 * applications, reviews that clear or fail checks, product suspension, reinstatement and delisting; grant
 * suspension, reinstatement and revocation; rectification orders (which suspend the organisation at once),
 * their confirmation and their lapse into revocation; incident reports that stop the reporter's own access;
 * the bureau reinstating an organisation by hand; and time jumps of days to months. A command the contracts
 * refuse must revert with one of their custom errors (never a panic, a string or an empty revert). After
 * every step the invariants are read back from the chain at the latest block's time:
 *   (a) no product whose grant is not live is reported usable: usability == None implies
 *       grants.denialOf(grant, now) == None and the product is Published; and a Published product's
 *       usability names its grant's denial exactly (GrantNotLive with the same AccessDenial, or None);
 *   (b) a suspended organisation passes no authorization check: checkAccess on every grant it holds or
 *       issued is never None, no product on those grants is usable, and its keys are refused
 *       (OrganizationNotActive).
 * Each assertion was checked to be able to fail by inverting it.
 *
 * FC_RUNS overrides the run count (100; 30 under coverage) and TDL_SEED the seed (test/helpers/seed.ts), e.g. to replay a reported counterexample.
 */
import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../helpers/seed";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, ContractTransactionResponse, Signer } from "ethers";
import { OrgStatusCode as OrgStatus, ProductDenial, ProductState, ReleaseChecks, advanceTime, districtFixture } from "./fixtures";
import { DAY, approvedApplication, issueScenarioGrant, qualifyDeveloper, termsFrom } from "../../scripts/lib/procedures";
import { TerminationReason } from "../../server/vocabulary";

/** Instrumented for coverage the chain runs several times slower: fewer runs there, the same commands. */
const UNDER_COVERAGE = (hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true;
const RUNS = Number(process.env.FC_RUNS ?? (UNDER_COVERAGE ? 30 : 100));
const NONE = 0n;

/** The district, plus the insurer qualified with its own scenario grant, and the bank with a second one. */
async function propertyFixture() {
  const d = await districtFixture();
  const { ledger, officials, keys, orgs, resources, wholeGrant } = d;
  await qualifyDeveloper(ledger, { bureauKey: officials[0], operatorKey: keys.operator, developerKey: keys.developer2, advanceTime });
  const grantOf = async (developerKey: Signer, scenario: string, rs: number[]) => {
    const applicationId = await approvedApplication(ledger, {
      developerKey,
      operatorKey: keys.operator,
      bureauKey: officials[0],
      scenario,
      resources: rs,
      fieldMasks: rs.map(() => 1n),
    });
    return issueScenarioGrant(ledger, { operatorKey: keys.operator, applicationId, parentId: wholeGrant, terms: termsFrom(await time.latest(), 300, scenario) });
  };
  const insurerGrant = await grantOf(keys.developer2, "insurance-underwriting", [resources[1], resources[2]]);
  const bankSecondGrant = await grantOf(keys.developer, "supply-chain-finance", [resources[2]]);
  // the scenario grants: who holds each, with which key, on which resources (the first is in scope)
  const grants = [
    { id: d.scenarioGrant, grantee: orgs.developer, key: keys.developer, resources: [resources[0], resources[1]] },
    { id: insurerGrant, grantee: orgs.developer2, key: keys.developer2, resources: [resources[1], resources[2]] },
    { id: bankSecondGrant, grantee: orgs.developer, key: keys.developer, resources: [resources[2]] },
  ];
  // the organisations whose suspension the invariants watch: both developers and the operator (every grant's grantor)
  const watched = [
    { org: orgs.developer, key: keys.developer },
    { org: orgs.developer2, key: keys.developer2 },
    { org: orgs.operator, key: keys.operator },
  ];
  return { ...d, grants, watched };
}
type World = Awaited<ReturnType<typeof propertyFixture>>;

// ==== Commands ====

const pick = fc.nat({ max: 1_000 });
const checks = fc.oneof({ weight: 4, arbitrary: fc.constant(ReleaseChecks.ALL) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 31 }) });

type Command =
  | { kind: "register"; grant: number; form: number; sources: number; outOfScope: boolean }
  | { kind: "publish"; grant: number }
  | { kind: "version"; product: number; outOfScope: boolean }
  | { kind: "apply"; product: number }
  | { kind: "review"; product: number; security: boolean; checks: number }
  | { kind: "suspendProduct" | "reinstateProduct" | "delistProduct"; product: number }
  | { kind: "suspendGrant" | "reinstateGrant" | "revokeGrant"; grant: number }
  | { kind: "order"; org: number; days: number }
  | { kind: "confirm" | "lapse"; order: number }
  | { kind: "incidentStop"; org: number }
  | { kind: "reinstateOrg"; org: number }
  | { kind: "jump"; seconds: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("register" as const), grant: pick, form: fc.integer({ min: 0, max: 6 }), sources: pick, outOfScope: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("publish" as const), grant: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("version" as const), product: pick, outOfScope: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("apply" as const), product: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("review" as const), product: pick, security: fc.boolean(), checks }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("suspendProduct" as const, "reinstateProduct" as const, "delistProduct" as const), product: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("suspendGrant" as const, "reinstateGrant" as const, "revokeGrant" as const), grant: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("order" as const), org: pick, days: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("confirm" as const, "lapse" as const), order: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("incidentStop" as const), org: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reinstateOrg" as const), org: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("jump" as const), seconds: fc.integer({ min: 1, max: 120 }).map((n) => n * DAY) }) },
);

interface RunState {
  products: number;
  orders: number;
}

const STATS = { steps: 0, refused: 0, usableChecked: 0, publishedNotLive: 0, suspendedOrgChecks: 0 };

/** Runs a transaction; a refusal must be a custom error of one of the ledger's contracts. */
async function attempt(w: World, call: () => Promise<ContractTransactionResponse>): Promise<boolean> {
  try {
    await (await call()).wait();
    return true;
  } catch (e) {
    const data = (e as { data?: unknown }).data;
    expect(typeof data === "string" && data.length >= 10, `not a custom error: ${(e as Error).message}`).to.equal(true);
    const contracts: BaseContract[] = [w.ledger.products, w.ledger.supervision, w.ledger.grants, w.ledger.organizations, w.ledger.qualifications];
    const decoded = contracts.map((c) => c.interface.parseError(data as string)).find((x) => x !== null);
    expect(decoded, `undecodable revert ${String(data)}`).to.not.equal(undefined);
    expect(decoded!.name).not.to.equal("Panic");
    expect(decoded!.name).not.to.equal("Error");
    STATS.refused++;
    return false;
  }
}

async function run(w: World, s: RunState, c: Command): Promise<void> {
  const { products, supervision, grants, organizations } = w.ledger;
  const bureau = w.officials[0];
  const g = w.grants[("grant" in c ? c.grant : 0) % w.grants.length];
  const productId = s.products === 0 ? 1 : 1 + (("product" in c ? c.product : 0) % s.products);
  const org = w.watched[("org" in c ? c.org : 0) % w.watched.length];
  switch (c.kind) {
    case "register": {
      const chosen = g.resources.filter((_, i) => (c.sources >> i) & 1);
      const sources = [...(chosen.length ? chosen : [g.resources[0]]), ...(c.outOfScope ? [w.resources[3]] : [])];
      if (await attempt(w, () => products.connect(g.key).registerProduct(g.id, c.form, ethers.id(`p${s.products}`), sources))) s.products++;
      return;
    }
    case "publish": {
      if (!(await attempt(w, () => products.connect(g.key).registerProduct(g.id, 3, ethers.id(`p${s.products}`), g.resources)))) return;
      const id = ++s.products;
      if (!(await attempt(w, () => products.connect(g.key).applyForRelease(id)))) return;
      if (!(await attempt(w, () => products.connect(bureau).reviewRelease(id, ReleaseChecks.ALL, ethers.id("b"))))) return;
      await attempt(w, () => products.connect(w.keys.securitySupervisor).reviewRelease(id, ReleaseChecks.ALL, ethers.id("s")));
      return;
    }
    case "version": {
      if (s.products === 0) return;
      const p = await products.product(productId);
      const holder = w.grants.find((x) => BigInt(x.id) === p.grantId)!;
      const sources = c.outOfScope ? [w.resources[3]] : holder.resources;
      await attempt(w, () => products.connect(holder.key).registerVersion(productId, ethers.id(`v${p.version + 1n}`), sources));
      return;
    }
    case "apply": {
      if (s.products === 0) return;
      const p = await products.product(productId);
      const holder = w.grants.find((x) => BigInt(x.id) === p.grantId)!;
      await attempt(w, () => products.connect(holder.key).applyForRelease(productId));
      return;
    }
    case "review":
      if (s.products === 0) return;
      await attempt(w, () => products.connect(c.security ? w.keys.securitySupervisor : bureau).reviewRelease(productId, c.checks, ethers.id("r")));
      return;
    case "suspendProduct":
    case "reinstateProduct":
    case "delistProduct":
      if (s.products === 0) return;
      await attempt(w, () => products.connect(bureau)[c.kind](productId, ethers.id(c.kind)));
      return;
    case "suspendGrant":
    case "reinstateGrant":
      await attempt(w, () => grants.connect(w.keys.operator)[c.kind](g.id, ethers.id(c.kind)));
      return;
    case "revokeGrant":
      await attempt(w, () => grants.connect(w.keys.operator).revokeGrant(g.id, TerminationReason.Breach, ethers.id("breach")));
      return;
    case "order": {
      const deadline = (await time.latest()) + c.days * DAY;
      if (await attempt(w, () => supervision.connect(bureau).issueRectification(org.org, ethers.id(`order ${s.orders}`), deadline))) s.orders++;
      return;
    }
    case "confirm":
    case "lapse": {
      if (s.orders === 0) return;
      const orderId = 1 + (c.order % s.orders);
      await attempt(w, () =>
        c.kind === "confirm" ? supervision.connect(bureau).confirmRectification(orderId, ethers.id("fixed")) : supervision.connect(bureau).revokeAfterDeadline(orderId),
      );
      return;
    }
    case "incidentStop":
      await attempt(w, () => supervision.connect(org.key).reportIncident(org.org, 3, ethers.id("stop"), true));
      return;
    case "reinstateOrg":
      await attempt(w, () => organizations.connect(bureau).reinstateOrganization(org.org, ethers.id("reinstated")));
      return;
    case "jump":
      await time.increase(c.seconds);
      return;
  }
}

/** Invariants (a) and (b), read from the chain at the latest block's time. */
async function checkInvariants(w: World, s: RunState): Promise<void> {
  const { products, grants, organizations, supervision } = w.ledger;
  const now = await time.latest();
  const productRecords = await Promise.all(Array.from({ length: s.products }, (_, i) => products.product(i + 1)));
  const usabilities = await Promise.all(productRecords.map((_, i) => products.usability(i + 1, now)));
  const grantDenials = new Map<bigint, bigint>();
  for (const g of w.grants) grantDenials.set(BigInt(g.id), await grants.denialOf(g.id, now));

  // (a) usable implies published on a live grant; a published product names its grant's denial
  for (const [i, p] of productRecords.entries()) {
    const [denial, grantDenial] = usabilities[i];
    const live = grantDenials.get(p.grantId)!;
    if (denial === BigInt(ProductDenial.None)) {
      STATS.usableChecked++;
      expect(live, `product ${i + 1} usable on a grant that is not live`).to.equal(NONE);
      expect(p.state, `product ${i + 1} usable but not published`).to.equal(BigInt(ProductState.Published));
    }
    if (p.state === BigInt(ProductState.Published)) {
      if (live !== NONE) STATS.publishedNotLive++;
      expect([denial, grantDenial], `published product ${i + 1}`).to.deep.equal(
        live === NONE ? [NONE, NONE] : [BigInt(ProductDenial.GrantNotLive), live],
      );
    }
  }

  // (b) a suspended organisation passes no authorization check
  for (const o of w.watched) {
    const [, status] = await organizations.statusOf(o.org);
    if (status === BigInt(OrgStatus.Active)) continue;
    STATS.suspendedOrgChecks++;
    const affected = w.grants.filter((g) => g.grantee === o.org || o.org === w.orgs.operator);
    for (const g of affected) {
      for (const r of g.resources) {
        expect(await grants.checkAccess(g.key.address, g.id, r, 1n, now), `grant ${g.id} of suspended org ${o.org}`).not.to.equal(NONE);
      }
      for (const [i, p] of productRecords.entries()) {
        if (p.grantId === BigInt(g.id)) expect(usabilities[i][0], `product ${i + 1} of suspended org ${o.org}`).not.to.equal(BigInt(ProductDenial.None));
      }
    }
    if (o.org === w.orgs.operator) {
      const r = w.resources[0];
      expect(await grants.checkAccess(o.key.address, w.wholeGrant, r, 1n, now), "the suspended operator's whole grant").not.to.equal(NONE);
    }
    await expect(supervision.connect(o.key).reportIncident.staticCall(o.org, 1, ethers.ZeroHash, false))
      .to.be.revertedWithCustomError(supervision, "OrganizationNotActive")
      .withArgs(o.org, status);
  }
}

useSeed("contracts/ProductSupervision.property.test.ts");

describe("ProductSupervision (properties)", () => {
  after(() => {
    // eslint-disable-next-line no-console
    console.log(`      ${STATS.steps} steps, ${STATS.refused} refusals, ${STATS.usableChecked} usable products checked, ${STATS.publishedNotLive} published on a dead grant, ${STATS.suspendedOrgChecks} suspended-organisation checks`);
  });

  context("when random product, grant and supervision steps are replayed", () => {
    it("never reports usable a product whose grant is not live, and lets no suspended organisation through", async function () {
      this.timeout(600_000);
      await loadFixture(propertyFixture);
      await fc.assert(
        fc.asyncProperty(fc.array(commandArb, { minLength: 6, maxLength: 16, size: "max" }), async (commands) => {
          const w = await loadFixture(propertyFixture);
          const s: RunState = { products: 0, orders: 0 };
          for (const c of commands) {
            await run(w, s, c);
            STATS.steps++;
            await checkInvariants(w, s);
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    });
  });
});

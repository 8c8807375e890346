/**
 * The role matrix of products and supervision: every restricted state-changing
 * function of ProductRegistry and Supervision, called by every kind of organisation that may not call it,
 * reverts with the error its first failing check gives, with its arguments. One row per function: who may call
 * it, how to call it, and what everyone else gets. Allowed callers are checked too: they get past the role
 * check (the call succeeds, or fails on a state rule, never on a role error), so a row cannot claim a caller is
 * refused when it is not.
 *
 * Besides the kinds, two callers every row refuses: a key of no organisation (UnknownKey) and a key of a
 * suspended organisation (OrganizationNotActive).
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, ContractTransactionResponse, Signer } from "ethers";
import { OrgStatusCode as OrgStatus, ProductForm, ReleaseChecks, EvaluationKind, districtFixture } from "./fixtures";
import { DAY, registerOrganization } from "../../scripts/lib/procedures";
import { OrgKind } from "../../server/vocabulary";

/** The district with one object in each state a restricted function needs, and an organisation of every kind. */
async function matrixFixture() {
  const d = await districtFixture();
  const { ledger, officials, keys, signers, scenarioGrant, resources } = d;
  const bureauKey = officials[0];
  const reg = (kind: number, name: string, key: string) => registerOrganization(ledger, bureauKey, kind, name, key);
  const products = ledger.products;
  const supervision = ledger.supervision;

  // assessors (one named), a suspended platform with a key, and two platforms to receive rectification orders
  const namedAssessor = await reg(OrgKind.Assessor, "某测评中心 Named Assessor", signers[13].address);
  const otherAssessor = await reg(OrgKind.Assessor, "另一测评中心 Unnamed Assessor", signers[14].address);
  await supervision.connect(bureauKey).nameAssessor(namedAssessor, true);
  const suspendedPlatform = await reg(OrgKind.Platform, "市大数据平台 City Platform", signers[15].address);
  await ledger.organizations.connect(bureauKey).suspendOrganization(suspendedPlatform, ethers.id("audit"));
  const orderedPlatform = await reg(OrgKind.Platform, "区大数据平台 District Platform", ethers.Wallet.createRandom().address);
  const lapsedPlatform = await reg(OrgKind.Platform, "园区平台 Park Platform", ethers.Wallet.createRandom().address);

  // products: 1 registered, 2 in review, 3 published, 4 suspended
  const sources = resources.slice(0, 2);
  for (let i = 1; i <= 4; i++) {
    await products.connect(keys.developer).registerProduct(scenarioGrant, ProductForm.DataService, ethers.id(`product ${i}`), sources);
  }
  for (const id of [2, 3, 4]) await products.connect(keys.developer).applyForRelease(id);
  for (const id of [3, 4]) {
    await products.connect(bureauKey).reviewRelease(id, ReleaseChecks.ALL, ethers.id("bureau"));
    await products.connect(keys.securitySupervisor).reviewRelease(id, ReleaseChecks.ALL, ethers.id("security"));
  }
  await products.connect(bureauKey).suspendProduct(4, ethers.id("complaint"));

  // supervision: incident 1 reported; order 1 open (due in a year), order 2 lapsed
  await supervision.connect(keys.source).reportIncident(d.orgs.developer, 2, ethers.id("incident"), false);
  const now = await time.latest();
  await supervision.connect(bureauKey).issueRectification(orderedPlatform, ethers.id("order 1"), now + 365 * DAY);
  await supervision.connect(bureauKey).issueRectification(lapsedPlatform, ethers.id("order 2"), now + DAY);
  await time.increase(2 * DAY);

  const callers: Caller[] = [
    { name: "bureau", signer: bureauKey, org: 1, kind: OrgKind.Bureau },
    { name: "data source", signer: keys.source, org: d.orgs.source, kind: OrgKind.DataSource },
    { name: "operator", signer: keys.operator, org: d.orgs.operator, kind: OrgKind.Operator },
    { name: "developer", signer: keys.developer, org: d.orgs.developer, kind: OrgKind.Developer },
    { name: "other developer", signer: keys.developer2, org: d.orgs.developer2, kind: OrgKind.Developer },
    { name: "business supervisor", signer: keys.supervisor, org: d.orgs.supervisor, kind: OrgKind.BusinessSupervisor },
    { name: "security supervisor", signer: keys.securitySupervisor, org: d.orgs.securitySupervisor, kind: OrgKind.SecuritySupervisor },
    { name: "industry authority", signer: keys.industry, org: d.orgs.industry, kind: OrgKind.IndustryAuthority },
    { name: "named assessor", signer: signers[13], org: namedAssessor, kind: OrgKind.Assessor },
    { name: "unnamed assessor", signer: signers[14], org: otherAssessor, kind: OrgKind.Assessor },
    { name: "suspended platform", signer: signers[15], org: suspendedPlatform, kind: OrgKind.Platform, suspended: true },
    { name: "unknown key", signer: keys.stranger, org: 0, kind: OrgKind.None },
  ];
  return { ...d, bureauKey, callers, namedAssessor, otherAssessor, orderedPlatform, lapsedPlatform, sources };
}

type CallerName =
  | "bureau"
  | "data source"
  | "operator"
  | "developer"
  | "other developer"
  | "business supervisor"
  | "security supervisor"
  | "industry authority"
  | "named assessor"
  | "unnamed assessor"
  | "suspended platform"
  | "unknown key";

interface Caller {
  name: CallerName;
  signer: Signer & { address: string };
  org: number;
  kind: number;
  suspended?: boolean;
}

type Matrix = Awaited<ReturnType<typeof matrixFixture>>;
type Registry = "products" | "supervision";
interface Denial {
  error: string;
  args: unknown[];
}

interface Row {
  registry: Registry;
  fn: string;
  /** Callers allowed past the role check; every other caller is refused. */
  may: CallerName[];
  call: (f: Matrix, s: Signer) => Promise<ContractTransactionResponse>;
  /** What a refused caller of a known, active organisation gets: the function's first failing check. */
  refusal: (f: Matrix, c: Caller) => Denial;
}

// ==== refusal rules shared by many rows ====

/** `_actorOfKind(expected)` for a caller of the wrong kind. */
const kindGate =
  (expected: number) =>
  (_f: Matrix, c: Caller): Denial => ({ error: "WrongOrganizationKind", args: [c.org, c.kind, expected] });

/** A kind gate, except for callers of the right kind that fail the function's next check. */
const kindGateThen =
  (expected: number, sameKind: (f: Matrix, c: Caller) => Denial) =>
  (f: Matrix, c: Caller): Denial =>
    c.kind === expected ? sameKind(f, c) : kindGate(expected)(f, c);

const ALL_ACTIVE: CallerName[] = [
  "bureau",
  "data source",
  "operator",
  "developer",
  "other developer",
  "business supervisor",
  "security supervisor",
  "industry authority",
  "named assessor",
  "unnamed assessor",
];

const ROWS: Row[] = [
  // ProductRegistry
  {
    registry: "products",
    fn: "registerProduct",
    may: ["developer"],
    call: (f, s) => f.ledger.products.connect(s).registerProduct(f.scenarioGrant, ProductForm.DataModel, ethers.id("new"), f.sources),
    refusal: kindGateThen(OrgKind.Developer, (f, c) => ({ error: "ProductGrantNotHeld", args: [f.scenarioGrant, c.org] })),
  },
  {
    registry: "products",
    fn: "registerVersion",
    may: ["developer"],
    call: (f, s) => f.ledger.products.connect(s).registerVersion(1, ethers.id("v2"), f.sources),
    refusal: kindGateThen(OrgKind.Developer, (_f, c) => ({ error: "ProductNotDeveloper", args: [1, c.org] })),
  },
  {
    registry: "products",
    fn: "applyForRelease",
    may: ["developer"],
    call: (f, s) => f.ledger.products.connect(s).applyForRelease(1),
    refusal: kindGateThen(OrgKind.Developer, (_f, c) => ({ error: "ProductNotDeveloper", args: [1, c.org] })),
  },
  {
    registry: "products",
    fn: "reviewRelease",
    may: ["bureau", "security supervisor"],
    call: (f, s) => f.ledger.products.connect(s).reviewRelease(2, ReleaseChecks.ALL, ethers.id("review")),
    refusal: (_f, c) => ({ error: "ProductReviewerInvalid", args: [2, c.org] }),
  },
  {
    registry: "products",
    fn: "recordRegistration",
    may: ["bureau"],
    call: (f, s) => f.ledger.products.connect(s).recordRegistration(3, "DJ-0003", false),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "products",
    fn: "recordRegistration (exchange)",
    may: ["bureau"],
    call: (f, s) => f.ledger.products.connect(s).recordRegistration(3, "EX-0003", true),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "products",
    fn: "suspendProduct",
    may: ["bureau"],
    call: (f, s) => f.ledger.products.connect(s).suspendProduct(3, ethers.id("r")),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "products",
    fn: "reinstateProduct",
    may: ["bureau"],
    call: (f, s) => f.ledger.products.connect(s).reinstateProduct(4, ethers.id("r")),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "products",
    fn: "delistProduct",
    may: ["bureau"],
    call: (f, s) => f.ledger.products.connect(s).delistProduct(1, ethers.id("r")),
    refusal: kindGate(OrgKind.Bureau),
  },

  // Supervision
  {
    registry: "supervision",
    fn: "nameAssessor",
    may: ["bureau"],
    call: (f, s) => f.ledger.supervision.connect(s).nameAssessor(f.otherAssessor, true),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "supervision",
    fn: "recordEvaluation",
    may: ["bureau", "industry authority", "business supervisor", "security supervisor", "named assessor"],
    call: (f, s) => f.ledger.supervision.connect(s).recordEvaluation(f.orgs.developer, EvaluationKind.SecurityEvaluation, true, ethers.id("e")),
    refusal: (_f, c) => ({ error: "SupervisionEvaluatorInvalid", args: [c.org] }),
  },
  {
    registry: "supervision",
    fn: "reportIncident",
    may: ALL_ACTIVE,
    call: (f, s) => f.ledger.supervision.connect(s).reportIncident(f.orgs.developer, 1, ethers.id("i"), false),
    refusal: () => {
      throw new Error("every active organisation may report an incident");
    },
  },
  {
    registry: "supervision",
    fn: "handleIncident",
    may: ["bureau"],
    call: (f, s) => f.ledger.supervision.connect(s).handleIncident(1, ethers.id("h")),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "supervision",
    fn: "closeIncident",
    may: ["bureau"],
    call: (f, s) => f.ledger.supervision.connect(s).closeIncident(1, ethers.id("c")),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "supervision",
    fn: "issueRectification",
    may: ["bureau", "industry authority"],
    call: async (f, s) => f.ledger.supervision.connect(s).issueRectification(f.orgs.developer2, ethers.id("o"), (await time.latest()) + 30 * DAY),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "supervision",
    fn: "confirmRectification",
    may: ["bureau"],
    call: (f, s) => f.ledger.supervision.connect(s).confirmRectification(1, ethers.id("c")),
    refusal: (_f, c) => ({ error: "SupervisionNotIssuer", args: [1, c.org, 1] }), // the issuer (the bureau) or the bureau
  },
  {
    registry: "supervision",
    fn: "revokeAfterDeadline",
    may: ["bureau"],
    call: (f, s) => f.ledger.supervision.connect(s).revokeAfterDeadline(2),
    refusal: (_f, c) => ({ error: "SupervisionNotIssuer", args: [2, c.org, 1] }),
  },
  {
    registry: "supervision",
    fn: "fileAgreement",
    may: ["operator"],
    call: (f, s) => f.ledger.supervision.connect(s).fileAgreement(f.orgs.developer, ethers.id("a")),
    refusal: kindGate(OrgKind.Operator),
  },
  {
    registry: "supervision",
    fn: "fileAnnualReport",
    may: ["operator"],
    call: async (f, s) => f.ledger.supervision.connect(s).fileAnnualReport(Number(await f.ledger.supervision.currentYear()), ethers.id("r")),
    refusal: kindGate(OrgKind.Operator),
  },
];

const ROLE_ERRORS = new Set([
  "UnknownKey",
  "OrganizationNotActive",
  "WrongOrganizationKind",
  "ProductGrantNotHeld",
  "ProductNotDeveloper",
  "ProductReviewerInvalid",
  "SupervisionEvaluatorInvalid",
]);

const REGISTRY_NAMES: Record<Registry, string> = { products: "ProductRegistry", supervision: "Supervision" };

/** The custom error a call reverted with, or "ok" when it went through. */
async function outcomeOf(call: Promise<ContractTransactionResponse>, contract: BaseContract): Promise<string> {
  try {
    await (await call).wait();
    return "ok";
  } catch (e) {
    const data = (e as { data?: string }).data;
    const parsed = typeof data === "string" ? contract.interface.parseError(data) : null;
    return parsed?.name ?? `unexpected failure: ${(e as Error).message}`;
  }
}

/** The denial every row gives a caller before its own rule: unknown key, then a suspended organisation. */
function denialFor(f: Matrix, row: Row, c: Caller): Denial {
  if (c.org === 0) return { error: "UnknownKey", args: [c.signer.address] };
  if (c.suspended) return { error: "OrganizationNotActive", args: [c.org, OrgStatus.Suspended] };
  return row.refusal(f, c);
}

describe("RoleMatrix (products and supervision)", () => {
  const CALLER_NAMES: CallerName[] = [...ALL_ACTIVE, "suspended platform", "unknown key"];

  it("has a row for every state-changing function of ProductRegistry and Supervision", async () => {
    const f = await loadFixture(matrixFixture);
    for (const registry of ["products", "supervision"] as const) {
      const contract = f.ledger[registry];
      const writers = new Set<string>();
      contract.interface.forEachFunction((fn) => {
        if (!fn.constant) writers.add(fn.name);
      });
      // signed calls and nonce cancellation belong to SignedCalls, tested with the signatures
      for (const name of ["executeSigned", "cancelNonce", "cancelNonces", "invalidateNonce"]) writers.delete(name);
      const covered = new Set(ROWS.filter((r) => r.registry === registry).map((r) => r.fn.split(" ")[0]));
      const missing = [...writers].filter((w) => !covered.has(w) && !/signed|nonce/i.test(w));
      expect(missing, `${REGISTRY_NAMES[registry]} functions without a row`).to.deep.equal([]);
    }
  });

  for (const row of ROWS) {
    describe(`${REGISTRY_NAMES[row.registry]}.${row.fn}`, () => {
      for (const name of CALLER_NAMES) {
        if (row.may.includes(name)) {
          context(`when called by the ${name}`, () => {
            it("gets past the role check", async () => {
              const f = await loadFixture(matrixFixture);
              const caller = f.callers.find((c) => c.name === name)!;
              const outcome = await outcomeOf(row.call(f, caller.signer), f.ledger[row.registry]);
              expect(ROLE_ERRORS.has(outcome), `${name}: ${outcome}`).to.equal(false);
              expect(outcome).not.to.match(/^unexpected failure/);
            });
          });
        } else {
          context(`when called by the ${name}`, () => {
            it("is refused with the error of its first failing check", async () => {
              const f = await loadFixture(matrixFixture);
              const caller = f.callers.find((c) => c.name === name)!;
              const denial = denialFor(f, row, caller);
              await expect(row.call(f, caller.signer))
                .to.be.revertedWithCustomError(f.ledger[row.registry], denial.error)
                .withArgs(...denial.args);
            });
          });
        }
      }
    });
  }
});

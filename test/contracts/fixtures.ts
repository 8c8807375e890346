/**
 * Fixtures for the contract tests: a bare deployment, and a district walked through the real procedures.
 * Built once per test file and restored with loadFixture.
 */
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { deployLedger } from "../../scripts/lib/ledger";
import { type Ledger } from "../../server/chain/ledger";
import { authorizeLedgerContract, approvedApplication, issueScenarioGrant, issueWholeGrant, qualifyDeveloper, qualifyOperator, registerOrganization, registerResource, termsFrom } from "../../scripts/lib/procedures";
import { OrgKind } from "../../server/vocabulary";

export const advanceTime = async (seconds: number): Promise<void> => {
  await time.increase(seconds);
};

/** The ledger deployed, with the bureau's three officials (threshold 2) and one key per other organisation. */
export async function deployedFixture() {
  const signers = await ethers.getSigners();
  const [deployer, official1, official2, official3, source, operator, developer, developer2, supervisor, industry, stranger, securitySupervisor, operatorStaff2] = signers;
  const officials = [official1, official2, official3];
  const { ledger } = await deployLedger(deployer, {
    name: "区大数据主管部门",
    creditCodeHash: ethers.id("bureau"),
    officials: await Promise.all(officials.map((o) => o.getAddress())),
    threshold: 2,
  });
  await authorizeLedgerContract(ledger, officials, await ledger.supervision.getAddress());
  const keys = { deployer, source, operator, developer, developer2, supervisor, industry, stranger, securitySupervisor, operatorStaff2 };
  return { ledger, officials, keys, signers };
}

/** Organisations registered: a department, the operator, two developers, supervisors and an industry authority. */
export async function organizationsFixture() {
  const base = await deployedFixture();
  const { ledger, officials, keys } = base;
  const reg = (kind: number, name: string, key: { getAddress(): Promise<string> }) =>
    key.getAddress().then((addr) => registerOrganization(ledger, officials[0], kind, name, addr));
  const orgs = {
    bureau: 1,
    source: await reg(OrgKind.DataSource, "区市场监管局 Market Regulation", keys.source),
    operator: await reg(OrgKind.Operator, "数据运营公司 Data Operation Co.", keys.operator),
    developer: await reg(OrgKind.Developer, "某银行 A Bank", keys.developer),
    developer2: await reg(OrgKind.Developer, "某保险 An Insurer", keys.developer2),
    supervisor: await reg(OrgKind.BusinessSupervisor, "区发改局 Development and Reform", keys.supervisor),
    industry: await reg(OrgKind.IndustryAuthority, "区金融办 Finance Office", keys.industry),
    securitySupervisor: await reg(OrgKind.SecuritySupervisor, "区网信办 Cyberspace", keys.securitySupervisor),
  };
  return { ...base, orgs };
}

/**
 * A district in operation: the operator qualified and holding the whole grant; three resources open for
 * development; the bank qualified with one scenario grant on two of them.
 */
export async function districtFixture() {
  const base = await organizationsFixture();
  const { ledger, officials, keys, orgs } = base;
  const operatorQualification = await qualifyOperator(ledger, { officials, operatorKey: keys.operator, advanceTime });
  const resources = [
    await registerResource(ledger, keys.source, "enterprise-registration", { fieldCount: 12, classification: 2 }),
    await registerResource(ledger, keys.source, "enterprise-credit", { fieldCount: 8, classification: 3 }),
    await registerResource(ledger, keys.source, "enterprise-tax-grade", { fieldCount: 5, classification: 3 }),
    await registerResource(ledger, keys.source, "utility-payments", { fieldCount: 6, classification: 2 }),
  ];
  await (await ledger.catalog.connect(officials[0]).setOperationScope(resources.slice(0, 3), true)).wait();
  for (const r of resources.slice(0, 3)) {
    await (await ledger.catalog.connect(keys.operator).setOpenForDevelopment(r, true)).wait();
  }
  const now = await time.latest();
  const wholeGrant = await issueWholeGrant(ledger, { officials, operator: orgs.operator, terms: termsFrom(now, 4 * 365, "whole") });
  const developerQualification = await qualifyDeveloper(ledger, {
    bureauKey: officials[0],
    operatorKey: keys.operator,
    developerKey: keys.developer,
    advanceTime,
  });
  const scenario = "inclusive-finance-credit";
  const applicationId = await approvedApplication(ledger, {
    developerKey: keys.developer,
    operatorKey: keys.operator,
    bureauKey: officials[0],
    scenario,
    resources: resources.slice(0, 2),
    fieldMasks: [0b111n, 0b11n],
  });
  const start = await time.latest();
  const scenarioGrant = await issueScenarioGrant(ledger, {
    operatorKey: keys.operator,
    applicationId,
    parentId: wholeGrant,
    terms: termsFrom(start, 365, scenario),
  });
  return {
    ...base,
    resources,
    operatorQualification,
    developerQualification,
    wholeGrant,
    scenario: ethers.id(scenario),
    applicationId,
    scenarioGrant,
  };
}

export type District = Awaited<ReturnType<typeof districtFixture>>;
export type { Ledger };

// ==== Products and supervision (issue 4) ====

/** Enum values of contracts/common/Types.sol used by the product and supervision tests. */
export const ProductForm = { None: 0, DataComponent: 1, DataModel: 2, DataVerification: 3, DataService: 4, DataTool: 5, DataReport: 6 } as const;
export const ProductState = { None: 0, Registered: 1, InReview: 2, Published: 3, Rejected: 4, Suspended: 5, Delisted: 6 } as const;
export const ProductDenial = { None: 0, UnknownProduct: 1, NotPublished: 2, Suspended: 3, Delisted: 4, GrantNotLive: 5 } as const;
/** The five checks of Art. 19, as bits. */
export const ReleaseChecks = {
  PURPOSE_AND_SCOPE: 1,
  SOURCES_LAWFUL: 2,
  NO_RAW_OR_SENSITIVE: 4,
  NO_PERSONAL_OR_SECRET: 8,
  NO_OTHER_RISK: 16,
  ALL: 31,
} as const;
export const AccessDenialCode = {
  None: 0,
  UnknownGrant: 1,
  KeyNotOfGrantee: 2,
  GrantNotYetValid: 3,
  GrantExpired: 4,
  GrantSuspended: 5,
  GrantRevoked: 6,
  ParentNotLive: 7,
  GranteeNotQualified: 8,
  GrantorNotQualified: 9,
  OrganizationSuspended: 10,
  ResourceOutOfScope: 11,
  FieldsOutOfScope: 12,
  ResourceWithdrawn: 13,
} as const;
export const OrgStatusCode = { None: 0, Active: 1, Suspended: 2, Closed: 3 } as const;
export const EvaluationKind = { None: 0, SecurityInspection: 1, SecurityEvaluation: 2, CapabilityEvaluation: 3 } as const;
export const IncidentState = { None: 0, Reported: 1, Handling: 2, Closed: 3 } as const;
export const RectificationState = { None: 0, Open: 1, Corrected: 2, Revoked: 3 } as const;

/** The district, with the bank's 数据核验 product registered (product 1, on the scenario grant, both resources). */
export async function productFixture() {
  const d = await districtFixture();
  const products = d.ledger.products;
  const sources = d.resources.slice(0, 2);
  const metadataHash = ethers.id("enterprise-credit-verification:v1");
  await (await products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataVerification, metadataHash, sources)).wait();
  return { ...d, products, productId: 1, sources, metadataHash };
}

/** Product 1 released: applied for, cleared on all five checks by the bureau and by the security supervisor. */
export async function publishedProductFixture() {
  const p = await productFixture();
  const { products, keys, officials, productId } = p;
  await (await products.connect(keys.developer).applyForRelease(productId)).wait();
  await (await products.connect(officials[0]).reviewRelease(productId, ReleaseChecks.ALL, ethers.id("bureau review"))).wait();
  await (await products.connect(keys.securitySupervisor).reviewRelease(productId, ReleaseChecks.ALL, ethers.id("security review"))).wait();
  return p;
}

/** The district, with third-party assessors: one named by the bureau (signers[13]) and one not (signers[14]). */
export async function supervisionFixture() {
  const d = await districtFixture();
  const { ledger, officials, signers } = d;
  const assessorKey = signers[13];
  const otherAssessorKey = signers[14];
  const assessor = await registerOrganization(ledger, officials[0], OrgKind.Assessor, "某测评中心 An Assessment Centre", assessorKey.address);
  const otherAssessor = await registerOrganization(ledger, officials[0], OrgKind.Assessor, "另一测评中心 Another Centre", otherAssessorKey.address);
  await (await ledger.supervision.connect(officials[0]).nameAssessor(assessor, true)).wait();
  return { ...d, supervision: ledger.supervision, assessor, assessorKey, otherAssessor, otherAssessorKey };
}

/**
 * The role matrix (issue 2, Tests): every restricted state-changing function of the five registries, called by
 * every kind of organisation that may not call it, reverts with the error its first check gives, with its
 * arguments. One row per function: who may call it, how to call it, and what everyone else gets.
 * Allowed callers are checked too: they get past the role check (the call succeeds, or fails on a state rule
 * such as "already pending", never on a role error), so a row cannot claim a caller is refused when it is not.
 *
 * Not in the matrix: `QualificationRegistry.object` (anyone may object during the public notice, Art. 13).
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { FunctionFragment, type BaseContract, type ContractTransactionResponse, type Signer } from "ethers";
import { advanceTime, districtFixture } from "./fixtures";
import { ALL_CLAUSES, ALL_FINDINGS, DAY, approvedApplication, evidenceOf, issueScenarioGrant, registerOrganization, termsFrom } from "../../scripts/lib/procedures";
import { OrgKind, Parameter, Purpose, TerminationReason } from "../../server/vocabulary";
import { GRANT_TERMS_TYPE, decisionId } from "../../server/chain/decisions";

const FRESH_KEY = ethers.getAddress("0x000000000000000000000000000000000000f00d");
const COLLEAGUE_KEY = ethers.getAddress("0x000000000000000000000000000000000000c011");

/** The district, plus one object in each state a restricted function needs, and an organisation of every kind. */
async function matrixFixture() {
  const d = await districtFixture();
  const { ledger, officials, keys, signers, orgs, resources } = d;
  const bureauKey = officials[0];
  const q = ledger.qualifications;
  const reg = (kind: number, name: string, key: string) => registerOrganization(ledger, bureauKey, kind, name, key);
  const qualificationOf = async (org: number) => Number(await q.currentQualification(org));

  // a second data-source department, and an operator that has only applied (not qualified)
  const otherSource = await reg(OrgKind.DataSource, "区水务集团 Water Utility", signers[13].address);
  const otherOperator = await reg(OrgKind.Operator, "另一运营公司 Applicant Operator", signers[14].address);
  await q.connect(signers[14]).applyFor(OrgKind.Operator, evidenceOf("operator-2"));
  const operatorApplied = await qualificationOf(otherOperator);

  // an operator qualification reviewed and awaiting the bureau's collective decision
  const reviewedOperator = await reg(OrgKind.Operator, "第三运营公司 Reviewed Operator", signers[15].address);
  await q.connect(signers[15]).applyFor(OrgKind.Operator, evidenceOf("operator-3"));
  const operatorReviewed = await qualificationOf(reviewedOperator);
  await q.connect(bureauKey).review(operatorReviewed, true, ethers.id("review"));

  // developer qualifications at each step: applied, reviewed, in notice, and in notice with an objection
  const devApplied = await reg(OrgKind.Developer, "开发者 Applied", signers[16].address);
  await q.connect(signers[16]).applyFor(OrgKind.Developer, evidenceOf("dev-applied"));
  const developerApplied = await qualificationOf(devApplied);
  const devReviewed = await reg(OrgKind.Developer, "开发者 Reviewed", signers[17].address);
  await q.connect(signers[17]).applyFor(OrgKind.Developer, evidenceOf("dev-reviewed"));
  const developerReviewed = await qualificationOf(devReviewed);
  await q.connect(keys.operator).review(developerReviewed, true, ethers.id("review"));
  const inNotice: number[] = [];
  for (const [i, label] of [
    [18, "dev-notice"],
    [19, "dev-objected"],
  ] as const) {
    const org = await reg(OrgKind.Developer, `开发者 ${label}`, signers[i].address);
    await q.connect(signers[i]).applyFor(OrgKind.Developer, evidenceOf(label));
    const id = await qualificationOf(org);
    await q.connect(keys.operator).review(id, true, ethers.id("review"));
    await q.connect(bureauKey).decideDeveloper(id, true);
    await q.connect(keys.operator).decideDeveloper(id, true);
    inNotice.push(id);
  }
  const [developerInNotice, developerObjected] = inNotice;
  await q.connect(keys.stranger).object(developerObjected, ethers.id("objection"));
  await advanceTime(8 * DAY); // past the notice of both

  // organisations to suspend and reinstate, and a second staff key of the bank to remove
  const platform = await reg(OrgKind.Platform, "区大数据平台 District Platform", ethers.Wallet.createRandom().address);
  const suspendedPlatform = await reg(OrgKind.Platform, "市大数据平台 City Platform", ethers.Wallet.createRandom().address);
  await ledger.organizations.connect(bureauKey).suspendOrganization(suspendedPlatform, ethers.id("rectification"));
  await ledger.organizations.connect(keys.developer).addStaffKey(orgs.developer, COLLEAGUE_KEY);

  // catalog: an open quality ticket and a catalog-gap request on the resource outside the scope
  await ledger.catalog.connect(bureauKey).openQualityTicket(resources[0], ethers.id("issue"), (await time.latest()) + 30 * DAY);
  await ledger.catalog.connect(keys.operator).requestCatalogGap(resources[3], orgs.industry, ethers.id("gap"));

  // applications: 2 submitted (fuses social data), 3 first-reviewed, 4 approved, 5 approved and granted (grant 3, suspended)
  const a = ledger.applications;
  await a.connect(keys.developer).submit(ethers.id("fusion"), [resources[0]], [1n], ethers.id("plan"), Purpose.Commercial, true);
  await a.connect(keys.developer).submit(ethers.id("reviewed"), [resources[0]], [1n], ethers.id("plan"), Purpose.Commercial, false);
  await a.connect(keys.operator).firstReview(3, true, ALL_FINDINGS, ethers.id("first"));
  const approve = (scenario: string) =>
    approvedApplication(ledger, { developerKey: keys.developer, operatorKey: keys.operator, bureauKey, scenario, resources: [resources[1]], fieldMasks: [1n] });
  const approvedApp = await approve("approved");
  const suspendedApp = await approve("suspended");
  const now = await time.latest();
  const suspendedGrant = await issueScenarioGrant(ledger, { operatorKey: keys.operator, applicationId: suspendedApp, parentId: d.wholeGrant, terms: termsFrom(now, 90) });
  await ledger.grants.connect(keys.operator).suspendGrant(suspendedGrant, ethers.id("audit"));

  const callers: Caller[] = [
    { name: "bureau", signer: bureauKey, org: 1, kind: OrgKind.Bureau },
    { name: "data source", signer: keys.source, org: orgs.source, kind: OrgKind.DataSource },
    { name: "other data source", signer: signers[13], org: otherSource, kind: OrgKind.DataSource },
    { name: "operator", signer: keys.operator, org: orgs.operator, kind: OrgKind.Operator },
    { name: "unqualified operator", signer: signers[14], org: otherOperator, kind: OrgKind.Operator },
    { name: "developer", signer: keys.developer, org: orgs.developer, kind: OrgKind.Developer },
    { name: "unqualified developer", signer: keys.developer2, org: orgs.developer2, kind: OrgKind.Developer },
    { name: "business supervisor", signer: keys.supervisor, org: orgs.supervisor, kind: OrgKind.BusinessSupervisor },
    { name: "security supervisor", signer: keys.securitySupervisor, org: orgs.securitySupervisor, kind: OrgKind.SecuritySupervisor },
    { name: "industry authority", signer: keys.industry, org: orgs.industry, kind: OrgKind.IndustryAuthority },
    { name: "unknown key", signer: keys.stranger, org: 0, kind: OrgKind.None },
  ];
  return {
    ...d,
    bureauKey,
    callers,
    otherSource,
    otherOperator,
    operatorApplied,
    operatorReviewed,
    developerApplied,
    developerReviewed,
    developerInNotice,
    developerObjected,
    platform,
    suspendedPlatform,
    submittedApp: 2,
    firstReviewedApp: 3,
    approvedApp,
    suspendedGrant,
    wholeTerms: termsFrom(now, 365, "matrix-whole"),
  };
}

type CallerName =
  | "bureau"
  | "data source"
  | "other data source"
  | "operator"
  | "unqualified operator"
  | "developer"
  | "unqualified developer"
  | "business supervisor"
  | "security supervisor"
  | "industry authority"
  | "unknown key";

interface Caller {
  name: CallerName;
  signer: Signer & { address: string };
  org: number;
  kind: number;
}

type Matrix = Awaited<ReturnType<typeof matrixFixture>>;
type Registry = "organizations" | "qualifications" | "catalog" | "applications" | "grants";
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
  /** What a refused caller gets: the first check of the function that fails for it. */
  refusal: (f: Matrix, c: Caller) => Denial | Promise<Denial>;
}

// ==== refusal rules shared by many rows ====

const unknownKey = (c: Caller): Denial => ({ error: "UnknownKey", args: [c.signer.address] });

/** `_actorOfKind(expected)`: an unknown key, then the wrong kind. */
const kindGate =
  (expected: number) =>
  (_f: Matrix, c: Caller): Denial =>
    c.org === 0 ? unknownKey(c) : { error: "WrongOrganizationKind", args: [c.org, c.kind, expected] };

/** Any known key gets past `_actor()`; then the function's own rule names the caller's organisation. */
const actorThen =
  (rule: (f: Matrix, c: Caller) => Denial) =>
  (f: Matrix, c: Caller): Denial =>
    c.org === 0 ? unknownKey(c) : rule(f, c);

/** A kind gate, except for callers of the right kind that fail the next check (not the source, not qualified). */
const kindGateThen =
  (expected: number, sameKind: (f: Matrix, c: Caller) => Denial) =>
  (f: Matrix, c: Caller): Denial =>
    c.kind === expected ? sameKind(f, c) : kindGate(expected)(f, c);

/** A bureau collective decision: no caller, the bureau's own officials included, acts without one. */
const undecided =
  (decision: (f: Matrix) => Promise<string>) =>
  async (f: Matrix): Promise<Denial> => ({ error: "DecisionNotAdopted", args: [await decision(f), 0, 2] });

const addressOf = (f: Matrix, r: Registry) => f.ledger[r].getAddress();

// ==== the matrix ====

const rows: Row[] = [
  // OrganizationRegistry
  {
    registry: "organizations",
    fn: "registerOrganization",
    may: ["bureau"],
    call: (f, s) => f.ledger.organizations.connect(s).registerOrganization(OrgKind.Platform, "new", ethers.id("new"), FRESH_KEY),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "organizations",
    fn: "addStaffKey (to the developer)",
    may: ["bureau", "developer"],
    call: (f, s) => f.ledger.organizations.connect(s).addStaffKey(f.orgs.developer, FRESH_KEY),
    refusal: actorThen((f, c) => ({ error: "OrgKeyManagerUnauthorized", args: [c.signer.address, f.orgs.developer] })),
  },
  {
    registry: "organizations",
    fn: "removeStaffKey (a developer's key)",
    may: ["bureau", "developer"],
    call: (f, s) => f.ledger.organizations.connect(s).removeStaffKey(COLLEAGUE_KEY),
    refusal: actorThen((f, c) => ({ error: "OrgKeyManagerUnauthorized", args: [c.signer.address, f.orgs.developer] })),
  },
  {
    registry: "organizations",
    fn: "suspendOrganization",
    may: ["bureau"],
    call: (f, s) => f.ledger.organizations.connect(s).suspendOrganization(f.platform, ethers.id("r")),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "organizations",
    fn: "reinstateOrganization",
    may: ["bureau"],
    call: (f, s) => f.ledger.organizations.connect(s).reinstateOrganization(f.suspendedPlatform, ethers.id("r")),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "organizations",
    fn: "approveDecision",
    may: ["bureau"],
    call: (f, s) => f.ledger.organizations.connect(s).approveDecision(ethers.id("some decision")),
    refusal: (_f, c) => ({ error: "OrgNotOfficial", args: [c.signer.address] }),
  },
  {
    registry: "organizations",
    fn: "setParameter",
    may: [],
    call: (f, s) => f.ledger.organizations.connect(s).setParameter(Parameter.MaxTerm, 365 * DAY, 0n),
    refusal: undecided(async (f) => decisionId(await addressOf(f, "organizations"), "setParameter", ["uint8", "uint64", "uint256"], [Parameter.MaxTerm, 365 * DAY, 0n])),
  },
  {
    registry: "organizations",
    fn: "addOfficial",
    may: [],
    call: (f, s) => f.ledger.organizations.connect(s).addOfficial(FRESH_KEY, 0n),
    refusal: undecided(async (f) => decisionId(await addressOf(f, "organizations"), "addOfficial", ["address", "uint256"], [FRESH_KEY, 0n])),
  },
  {
    registry: "organizations",
    fn: "removeOfficial",
    may: [],
    call: (f, s) => f.ledger.organizations.connect(s).removeOfficial(f.officials[2], 0n),
    refusal: undecided(async (f) => decisionId(await addressOf(f, "organizations"), "removeOfficial", ["address", "uint256"], [f.officials[2].address, 0n])),
  },
  {
    registry: "organizations",
    fn: "authorizeLedgerContract",
    may: [],
    call: (f, s) => f.ledger.organizations.connect(s).authorizeLedgerContract(FRESH_KEY, 0n),
    refusal: undecided(async (f) => decisionId(await addressOf(f, "organizations"), "authorizeLedgerContract", ["address", "uint256"], [FRESH_KEY, 0n])),
  },

  // QualificationRegistry
  {
    registry: "qualifications",
    fn: "applyFor (Operator)",
    may: ["operator", "unqualified operator"],
    call: (f, s) => f.ledger.qualifications.connect(s).applyFor(OrgKind.Operator, evidenceOf("x")),
    refusal: kindGate(OrgKind.Operator),
  },
  {
    registry: "qualifications",
    fn: "applyFor (Developer)",
    may: ["developer", "unqualified developer"],
    call: (f, s) => f.ledger.qualifications.connect(s).applyFor(OrgKind.Developer, evidenceOf("x")),
    refusal: kindGate(OrgKind.Developer),
  },
  {
    registry: "qualifications",
    fn: "review (an operator's application)",
    may: ["bureau"],
    call: (f, s) => f.ledger.qualifications.connect(s).review(f.operatorApplied, true, ethers.id("r")),
    refusal: actorThen((f, c) => ({ error: "QualificationReviewerInvalid", args: [f.operatorApplied, c.org] })),
  },
  {
    registry: "qualifications",
    fn: "review (a developer's application)",
    may: ["operator"],
    call: (f, s) => f.ledger.qualifications.connect(s).review(f.developerApplied, true, ethers.id("r")),
    refusal: actorThen((f, c) => ({ error: "QualificationReviewerInvalid", args: [f.developerApplied, c.org] })),
  },
  {
    registry: "qualifications",
    fn: "decideOperator",
    may: [],
    call: (f, s) => f.ledger.qualifications.connect(s).decideOperator(f.operatorReviewed, true, 0n),
    refusal: undecided(async (f) => decisionId(await addressOf(f, "qualifications"), "decideOperator", ["uint32", "bool", "uint256"], [f.operatorReviewed, true, 0n])),
  },
  {
    registry: "qualifications",
    fn: "decideDeveloper",
    may: ["bureau", "operator"],
    call: (f, s) => f.ledger.qualifications.connect(s).decideDeveloper(f.developerReviewed, true),
    refusal: actorThen((f, c) => ({ error: "QualificationReviewerInvalid", args: [f.developerReviewed, c.org] })),
  },
  {
    registry: "qualifications",
    fn: "resolveObjection",
    may: ["bureau"],
    call: (f, s) => f.ledger.qualifications.connect(s).resolveObjection(f.developerObjected, 0, false, ethers.id("r")),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "qualifications",
    fn: "activate (a developer)",
    may: ["operator"],
    call: async (f, s) =>
      f.ledger.qualifications
        .connect(s)
        .activate(f.developerInNotice, ethers.id("agreement"), ALL_CLAUSES, ethers.id("commitment"), (await time.latest()) + 365 * DAY),
    refusal: actorThen((f, c) => ({ error: "QualificationReviewerInvalid", args: [f.developerInNotice, c.org] })),
  },
  {
    registry: "qualifications",
    fn: "suspend",
    may: ["bureau"],
    call: (f, s) => f.ledger.qualifications.connect(s).suspend(f.developerQualification, ethers.id("r")),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "qualifications",
    fn: "reinstate",
    may: ["bureau"],
    call: (f, s) => f.ledger.qualifications.connect(s).reinstate(f.developerQualification, ethers.id("r")),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "qualifications",
    fn: "terminate (on own request)",
    may: ["bureau", "developer"],
    call: (f, s) => f.ledger.qualifications.connect(s).terminate(f.developerQualification, TerminationReason.OwnRequest, ethers.id("r")),
    refusal: actorThen((f, c) => ({ error: "QualificationNotHolder", args: [f.developerQualification, c.org] })),
  },
  {
    registry: "qualifications",
    fn: "noteIncident",
    may: [],
    call: (f, s) => f.ledger.qualifications.connect(s).noteIncident(f.orgs.developer),
    refusal: (_f, c) => ({ error: "QualificationIncidentSourceInvalid", args: [c.signer.address] }),
  },
  {
    registry: "qualifications",
    fn: "revoke",
    may: ["bureau"],
    call: (f, s) => f.ledger.qualifications.connect(s).revoke(f.developerQualification, TerminationReason.Breach, ethers.id("r")),
    refusal: kindGate(OrgKind.Bureau),
  },

  // DataCatalog
  {
    registry: "catalog",
    fn: "registerResource",
    may: ["data source", "other data source"],
    call: (f, s) =>
      f.ledger.catalog.connect(s).registerResource(ethers.id("new-code"), {
        metadataHash: ethers.id("m"),
        fieldListHash: ethers.id("f"),
        fieldCount: 4,
        classification: 1,
        updateInterval: DAY,
        updatedAt: 0,
      }),
    refusal: kindGate(OrgKind.DataSource),
  },
  {
    registry: "catalog",
    fn: "updateResource",
    may: ["data source"],
    call: (f, s) =>
      f.ledger.catalog.connect(s).updateResource(f.resources[0], {
        metadataHash: ethers.id("m2"),
        fieldListHash: ethers.id("f2"),
        fieldCount: 13,
        classification: 2,
        updateInterval: DAY,
        updatedAt: 0,
      }),
    refusal: kindGateThen(OrgKind.DataSource, (f, c) => ({ error: "CatalogNotSource", args: [f.resources[0], c.org] })),
  },
  {
    registry: "catalog",
    fn: "publishDataset",
    may: ["data source"],
    call: (f, s) => f.ledger.catalog.connect(s).publishDataset(f.resources[0], ethers.id("dataset"), 10),
    refusal: kindGateThen(OrgKind.DataSource, (f, c) => ({ error: "CatalogNotSource", args: [f.resources[0], c.org] })),
  },
  {
    registry: "catalog",
    fn: "recordRegistration",
    may: ["bureau"],
    call: (f, s) => f.ledger.catalog.connect(s).recordRegistration(f.resources[0], "DR-1"),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "catalog",
    fn: "openQualityTicket",
    may: ["bureau"],
    call: async (f, s) => f.ledger.catalog.connect(s).openQualityTicket(f.resources[0], ethers.id("i"), (await time.latest()) + DAY),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "catalog",
    fn: "closeQualityTicket",
    may: ["data source"],
    call: (f, s) => f.ledger.catalog.connect(s).closeQualityTicket(1, ethers.id("fix")),
    refusal: kindGateThen(OrgKind.DataSource, (f, c) => ({ error: "CatalogNotSource", args: [f.resources[0], c.org] })),
  },
  {
    registry: "catalog",
    fn: "setOperationScope",
    may: ["bureau"],
    call: (f, s) => f.ledger.catalog.connect(s).setOperationScope([f.resources[3]], true),
    refusal: kindGate(OrgKind.Bureau),
  },
  {
    registry: "catalog",
    fn: "setOpenForDevelopment",
    may: ["operator"],
    call: (f, s) => f.ledger.catalog.connect(s).setOpenForDevelopment(f.resources[0], false),
    refusal: kindGateThen(OrgKind.Operator, (_f, c) => ({ error: "CatalogNotQualifiedOperator", args: [c.org] })),
  },
  {
    registry: "catalog",
    fn: "requestCatalogGap",
    may: ["operator"],
    call: (f, s) => f.ledger.catalog.connect(s).requestCatalogGap(f.resources[3], f.orgs.industry, ethers.id("g")),
    refusal: kindGateThen(OrgKind.Operator, (_f, c) => ({ error: "CatalogNotQualifiedOperator", args: [c.org] })),
  },
  {
    registry: "catalog",
    fn: "approveCatalogGap",
    may: ["bureau", "industry authority"],
    call: (f, s) => f.ledger.catalog.connect(s).approveCatalogGap(1),
    refusal: actorThen((_f, c) => ({ error: "CatalogGapApproverInvalid", args: [1, c.org] })),
  },

  // DataApplications
  {
    registry: "applications",
    fn: "submit",
    may: ["developer"],
    call: (f, s) => f.ledger.applications.connect(s).submit(ethers.id("new"), [f.resources[0]], [1n], ethers.id("p"), Purpose.PublicInterest, false),
    refusal: kindGateThen(OrgKind.Developer, (_f, c) => ({ error: "ApplicationDeveloperNotQualified", args: [c.org] })),
  },
  {
    registry: "applications",
    fn: "firstReview",
    may: ["operator"],
    call: (f, s) => f.ledger.applications.connect(s).firstReview(f.submittedApp, true, ALL_FINDINGS, ethers.id("r")),
    refusal: kindGateThen(OrgKind.Operator, (_f, c) => ({ error: "ApplicationNotQualifiedOperator", args: [c.org] })),
  },
  {
    registry: "applications",
    fn: "confirmFusion",
    may: ["operator"],
    call: (f, s) => f.ledger.applications.connect(s).confirmFusion(f.submittedApp, ethers.id("c")),
    refusal: kindGateThen(OrgKind.Operator, (_f, c) => ({ error: "ApplicationNotQualifiedOperator", args: [c.org] })),
  },
  {
    registry: "applications",
    fn: "finalReview",
    may: ["bureau"],
    call: (f, s) => f.ledger.applications.connect(s).finalReview(f.firstReviewedApp, true, ethers.id("r")),
    refusal: kindGate(OrgKind.Bureau),
  },

  // GrantRegistry
  {
    registry: "grants",
    fn: "issueWholeGrant",
    may: [],
    call: (f, s) => f.ledger.grants.connect(s).issueWholeGrant(f.orgs.operator, f.wholeTerms, 0n),
    refusal: undecided(async (f) =>
      decisionId(await addressOf(f, "grants"), "issueWholeGrant", ["uint32", GRANT_TERMS_TYPE, "uint256"], [f.orgs.operator, f.wholeTerms, 0n]),
    ),
  },
  {
    registry: "grants",
    fn: "issueScenarioGrant",
    may: ["operator"],
    call: async (f, s) => f.ledger.grants.connect(s).issueScenarioGrant(f.approvedApp, f.wholeGrant, termsFrom(await time.latest(), 30)),
    refusal: kindGateThen(OrgKind.Operator, (f, c) => ({ error: "GrantNotGrantor", args: [f.wholeGrant, c.org] })),
  },
  {
    registry: "grants",
    fn: "suspendGrant (a scenario grant)",
    may: ["bureau", "operator"],
    call: (f, s) => f.ledger.grants.connect(s).suspendGrant(f.scenarioGrant, ethers.id("r")),
    refusal: actorThen((f, c) => ({ error: "GrantNotGrantor", args: [f.scenarioGrant, c.org] })),
  },
  {
    registry: "grants",
    fn: "reinstateGrant (a scenario grant)",
    may: ["bureau", "operator"],
    call: (f, s) => f.ledger.grants.connect(s).reinstateGrant(f.suspendedGrant, ethers.id("r")),
    refusal: actorThen((f, c) => ({ error: "GrantNotGrantor", args: [f.suspendedGrant, c.org] })),
  },
  {
    registry: "grants",
    fn: "revokeGrant (a scenario grant)",
    may: ["bureau", "operator"],
    call: (f, s) => f.ledger.grants.connect(s).revokeGrant(f.scenarioGrant, TerminationReason.Breach, ethers.id("r")),
    refusal: actorThen((f, c) => ({ error: "GrantNotGrantor", args: [f.scenarioGrant, c.org] })),
  },
  {
    registry: "grants",
    fn: "suspendGrant (the whole grant)",
    may: ["bureau"],
    call: (f, s) => f.ledger.grants.connect(s).suspendGrant(f.wholeGrant, ethers.id("r")),
    refusal: actorThen((f, c) => ({ error: "GrantNotGrantor", args: [f.wholeGrant, c.org] })),
  },
  {
    registry: "grants",
    fn: "revokeGrant (the whole grant)",
    may: ["bureau"],
    call: (f, s) => f.ledger.grants.connect(s).revokeGrant(f.wholeGrant, TerminationReason.ChangeOfLaw, ethers.id("r")),
    refusal: actorThen((f, c) => ({ error: "GrantNotGrantor", args: [f.wholeGrant, c.org] })),
  },
];

const ROLE_ERRORS = new Set([
  "UnknownKey",
  "OrganizationNotActive",
  "WrongOrganizationKind",
  "DecisionNotAdopted",
  "OrgNotOfficial",
  "OrgKeyManagerUnauthorized",
  "QualificationReviewerInvalid",
  "QualificationNotHolder",
  "CatalogNotSource",
  "CatalogNotQualifiedOperator",
  "CatalogGapApproverInvalid",
  "ApplicationDeveloperNotQualified",
  "ApplicationNotQualifiedOperator",
  "GrantNotGrantor",
]);

const REGISTRY_NAMES: Record<Registry, string> = {
  organizations: "OrganizationRegistry",
  qualifications: "QualificationRegistry",
  catalog: "DataCatalog",
  applications: "DataApplications",
  grants: "GrantRegistry",
};

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

describe("RoleMatrix", () => {
  const CALLER_NAMES: CallerName[] = [
    "bureau",
    "data source",
    "other data source",
    "operator",
    "unqualified operator",
    "developer",
    "unqualified developer",
    "business supervisor",
    "security supervisor",
    "industry authority",
    "unknown key",
  ];

  for (const registry of Object.keys(REGISTRY_NAMES) as Registry[]) {
    describe(REGISTRY_NAMES[registry], () => {
      for (const row of rows.filter((r) => r.registry === registry)) {
        describe(row.fn, () => {
          for (const name of CALLER_NAMES.filter((n) => !row.may.includes(n))) {
            context(`when called by the ${name}`, () => {
              it("reverts with the role error of its first check", async () => {
                const f = await loadFixture(matrixFixture);
                const caller = f.callers.find((c) => c.name === name)!;
                const contract = f.ledger[registry];
                const { error, args } = await row.refusal(f, caller);
                await expect(row.call(f, caller.signer))
                  .to.be.revertedWithCustomError(contract, error)
                  .withArgs(...args);
              });
            });
          }
          for (const name of row.may) {
            context(`when called by the ${name}`, () => {
              it("gets past the role check", async () => {
                const f = await loadFixture(matrixFixture);
                const caller = f.callers.find((c) => c.name === name)!;
                const outcome = await outcomeOf(row.call(f, caller.signer), f.ledger[registry]);
                expect(ROLE_ERRORS.has(outcome), `refused with ${outcome}`).to.equal(false);
                expect(outcome).not.to.match(/^unexpected failure/);
              });
            });
          }
        });
      }
    });
  }

  it("covers every restricted state-changing function of the five registries", async () => {
    const f = await loadFixture(matrixFixture);
    // anyone may object during the public notice; anyone may relay a signed call or k signed approvals (the
    // signers' own checks apply, see SignedCalls.test.ts); cancelNonce only ever touches the caller's nonces
    const PUBLIC = new Set(["object", "executeSigned", "cancelNonce", "approveDecisionBySignatures"]);
    for (const registry of Object.keys(REGISTRY_NAMES) as Registry[]) {
      const mutating = f.ledger[registry].interface.fragments
        .filter((x): x is FunctionFragment => FunctionFragment.isFragment(x))
        .filter((x) => !x.constant && !PUBLIC.has(x.name))
        .map((x) => x.name);
      const listed = new Set(rows.filter((r) => r.registry === registry).map((r) => r.fn.split(" ")[0]));
      expect([...new Set(mutating)].filter((n) => !listed.has(n)), REGISTRY_NAMES[registry]).to.deep.equal([]);
    }
  });
});

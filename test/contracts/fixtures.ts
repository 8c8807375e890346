/**
 * Fixtures for the contract tests: a bare deployment, and a district walked through the real procedures.
 * Built once per test file and restored with loadFixture.
 */
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { deployLedger, type Ledger } from "../../scripts/lib/ledger";
import {
  OrgKind,
  authorizeLedgerContract,
  approvedApplication,
  issueScenarioGrant,
  issueWholeGrant,
  qualifyDeveloper,
  qualifyOperator,
  registerOrganization,
  registerResource,
  termsFrom,
} from "../../scripts/lib/procedures";

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

/**
 * The policy's procedures walked step by step with real transactions (Art. 12, 13, 17, 18).
 * Used by the contract tests' fixtures, the demo district and the gas benchmark, so all three walk the same path.
 */
import { ethers, type Signer } from "ethers";
import type { Ledger } from "../../server/chain/ledger";
import { GRANT_TERMS_TYPE, decisionId, type GrantTerms } from "../../server/chain/decisions";
import { OrgKind, Purpose } from "../../server/vocabulary";

export const ALL_CLAUSES = 0x3ff;
export const ALL_FINDINGS = 0x0f;
export const DAY = 24 * 60 * 60;

/** Approvals by the first `count` officials: a collective decision adopted when count >= threshold. */
export async function approveByOfficials(ledger: Ledger, officials: Signer[], id: string, count = officials.length): Promise<void> {
  for (const official of officials.slice(0, count)) {
    await (await ledger.organizations.connect(official).approveDecision(id)).wait();
  }
}

/** The bureau lets a ledger contract (Supervision) suspend organisations and revoke qualifications. */
export async function authorizeLedgerContract(ledger: Ledger, officials: Signer[], contract: string, salt = 0n): Promise<void> {
  const orgs = ledger.organizations;
  await approveByOfficials(ledger, officials, decisionId(await orgs.getAddress(), "authorizeLedgerContract", ["address", "uint256"], [contract, salt]));
  await (await orgs.connect(officials[0]).authorizeLedgerContract(contract, salt)).wait();
}

export function evidenceOf(label: string) {
  return {
    eligibility: ethers.id(`${label}:eligibility`),
    team: ethers.id(`${label}:team`),
    securitySystem: ethers.id(`${label}:security-system`),
    securityOfficer: ethers.id(`${label}:security-officer`),
  };
}

/** Moves chain time forward (hardhat and anvil both speak evm_increaseTime). */
export type AdvanceTime = (seconds: number) => Promise<void>;

export async function latestTime(ledger: Ledger): Promise<number> {
  const block = await ledger.organizations.runner?.provider?.getBlock("latest");
  if (!block) throw new Error("cannot read the latest block");
  return block.timestamp;
}

async function newId(tx: Promise<ethers.ContractTransactionResponse>, eventName: string, ledgerContract: { interface: ethers.Interface }): Promise<number> {
  const receipt = await (await tx).wait();
  for (const log of receipt?.logs ?? []) {
    const parsed = (() => {
      try {
        return ledgerContract.interface.parseLog(log);
      } catch {
        return null;
      }
    })();
    if (parsed?.name === eventName) return Number(parsed.args[0]);
  }
  throw new Error(`no ${eventName} event in the receipt`);
}

/** Bureau staff register an organisation with its first staff key. */
export async function registerOrganization(
  ledger: Ledger,
  bureauKey: Signer,
  kind: number,
  name: string,
  firstKey: string,
): Promise<number> {
  return newId(
    ledger.organizations.connect(bureauKey).registerOrganization(kind, name, ethers.id(`credit:${name}`), firstKey),
    "OrganizationRegistered",
    ledger.organizations,
  );
}

/** Art. 12: the operator's qualification, from application to activation. */
export async function qualifyOperator(
  ledger: Ledger,
  p: { officials: Signer[]; operatorKey: Signer; advanceTime: AdvanceTime; validFor?: number; salt?: bigint },
): Promise<number> {
  const q = ledger.qualifications;
  const id = await newId(q.connect(p.operatorKey).applyFor(OrgKind.Operator, evidenceOf("operator")), "QualificationApplied", q);
  await (await q.connect(p.officials[0]).review(id, true, ethers.id("operator expert review"))).wait();
  const salt = p.salt ?? 0n;
  await approveByOfficials(ledger, p.officials, decisionId(await q.getAddress(), "decideOperator", ["uint32", "bool", "uint256"], [id, true, salt]));
  await (await q.connect(p.officials[0]).decideOperator(id, true, salt)).wait();
  await activateAfterNotice(ledger, id, p.officials[0], p.advanceTime, p.validFor);
  return id;
}

/** Art. 13: a developer's qualification, reviewed by the operator, decided by the bureau and the operator together. */
export async function qualifyDeveloper(
  ledger: Ledger,
  p: { bureauKey: Signer; operatorKey: Signer; developerKey: Signer; advanceTime: AdvanceTime; validFor?: number },
): Promise<number> {
  const q = ledger.qualifications;
  const id = await newId(q.connect(p.developerKey).applyFor(OrgKind.Developer, evidenceOf("developer")), "QualificationApplied", q);
  await (await q.connect(p.operatorKey).review(id, true, ethers.id("developer expert review"))).wait();
  await (await q.connect(p.bureauKey).decideDeveloper(id, true)).wait();
  await (await q.connect(p.operatorKey).decideDeveloper(id, true)).wait();
  await activateAfterNotice(ledger, id, p.operatorKey, p.advanceTime, p.validFor);
  return id;
}

async function activateAfterNotice(ledger: Ledger, id: number, activator: Signer, advanceTime: AdvanceTime, validFor = 5 * 365 * DAY): Promise<void> {
  const notice = await ledger.qualifications.qualification(id);
  const now = await latestTime(ledger);
  await advanceTime(Math.max(0, Number(notice.noticeEndsAt) - now) + 1);
  const validUntil = (await latestTime(ledger)) + validFor;
  await (
    await ledger.qualifications
      .connect(activator)
      .activate(id, ethers.id(`agreement:${id}`), ALL_CLAUSES, ethers.id(`security-commitment:${id}`), validUntil)
  ).wait();
}

/** A data-source department registers a resource. */
export async function registerResource(
  ledger: Ledger,
  sourceKey: Signer,
  code: string,
  p: { fieldCount: number; classification: number; updateInterval?: number; fieldListHash?: string },
): Promise<number> {
  return newId(
    ledger.catalog.connect(sourceKey).registerResource(ethers.id(code), {
      metadataHash: ethers.id(`${code}:metadata`),
      fieldListHash: p.fieldListHash ?? ethers.id(`${code}:fields`),
      fieldCount: p.fieldCount,
      classification: p.classification,
      updateInterval: p.updateInterval ?? DAY,
      updatedAt: 0,
    }),
    "ResourceRegistered",
    ledger.catalog,
  );
}

/** The bureau's whole-catalog grant to the operator, by collective decision. */
export async function issueWholeGrant(
  ledger: Ledger,
  p: { officials: Signer[]; operator: number; terms: GrantTerms; salt?: bigint },
): Promise<number> {
  const g = ledger.grants;
  const salt = p.salt ?? 0n;
  const id = decisionId(await g.getAddress(), "issueWholeGrant", ["uint32", GRANT_TERMS_TYPE, "uint256"], [p.operator, p.terms, salt]);
  await approveByOfficials(ledger, p.officials, id);
  return newId(g.connect(p.officials[0]).issueWholeGrant(p.operator, p.terms, salt), "GrantIssued", g);
}

/** Art. 17-18: a developer's application for one scenario, through both reviews. Returns the application id. */
export async function approvedApplication(
  ledger: Ledger,
  p: {
    developerKey: Signer;
    operatorKey: Signer;
    bureauKey: Signer;
    scenario: string;
    resources: number[];
    fieldMasks: bigint[];
    purpose?: number;
  },
): Promise<number> {
  const a = ledger.applications;
  const id = await newId(
    a
      .connect(p.developerKey)
      .submit(ethers.id(p.scenario), p.resources, p.fieldMasks, ethers.id(`${p.scenario}:plan`), p.purpose ?? Purpose.Commercial, false),
    "ApplicationSubmitted",
    a,
  );
  await (await a.connect(p.operatorKey).firstReview(id, true, ALL_FINDINGS, ethers.id(`${p.scenario}:first-review`))).wait();
  await (await a.connect(p.bureauKey).finalReview(id, true, ethers.id(`${p.scenario}:final-review`))).wait();
  return id;
}

/** The operator's scenario grant from an approved application. */
export async function issueScenarioGrant(
  ledger: Ledger,
  p: { operatorKey: Signer; applicationId: number; parentId: number; terms: GrantTerms },
): Promise<number> {
  const g = ledger.grants;
  return newId(g.connect(p.operatorKey).issueScenarioGrant(p.applicationId, p.parentId, p.terms), "GrantIssued", g);
}

export function termsFrom(start: number, days: number, label = "agreement"): GrantTerms {
  return {
    start,
    end: start + days * DAY,
    clauseManifest: ALL_CLAUSES,
    agreementHash: ethers.id(`${label}:agreement`),
    feeTermsHash: ethers.id(`${label}:fees`),
  };
}

import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { GrantRegistry } from "../../typechain-types";
import { advanceTime, districtFixture, organizationsFixture } from "./fixtures";
import { ALL_CLAUSES, DAY, approveByOfficials, approvedApplication, issueScenarioGrant, issueWholeGrant, qualifyDeveloper, qualifyOperator, registerOrganization, registerResource, termsFrom } from "../../scripts/lib/procedures";
import { OrgKind, Parameter, Purpose, TerminationReason } from "../../server/vocabulary";
import { GRANT_TERMS_TYPE, decisionId, type GrantTerms } from "../../server/chain/decisions";

const GrantStatus = { None: 0, Active: 1, Suspended: 2, Revoked: 3 } as const;
const AccessDenial = {
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
const MAX_TERM = 5 * 365 * DAY;

const termsTuple = (t: GrantTerms) => [t.start, t.end, t.clauseManifest, t.agreementHash, t.feeTermsHash];

/** The operator qualified, no grant issued yet. */
async function operatorFixture() {
  const base = await organizationsFixture();
  const operatorQualification = await qualifyOperator(base.ledger, { officials: base.officials, operatorKey: base.keys.operator, advanceTime });
  const grants: GrantRegistry = base.ledger.grants;
  return { ...base, grants, operatorQualification };
}

/** The district: whole grant 1 to the operator, scenario grant 2 to the bank from application 1. */
async function grantsFixture() {
  const base = await districtFixture();
  const grants: GrantRegistry = base.ledger.grants;
  const whole = await grants.grant(base.wholeGrant);
  const child = await grants.grant(base.scenarioGrant);
  return {
    ...base,
    grants,
    bureauKey: base.officials[0],
    parentStart: Number(whole.start),
    parentEnd: Number(whole.end),
    childStart: Number(child.start),
    childEnd: Number(child.end),
  };
}

type Grants = Awaited<ReturnType<typeof grantsFixture>>;

/** A new application by the bank, through both reviews. */
function approve(f: Grants, scenario: string, resources = [f.resources[0], f.resources[2]], fieldMasks = [0b1n, 0b11n]) {
  return approvedApplication(f.ledger, {
    developerKey: f.keys.developer,
    operatorKey: f.keys.operator,
    bureauKey: f.bureauKey,
    scenario,
    resources,
    fieldMasks,
  });
}

async function childTerms(f: Grants, days = 180, label = "child"): Promise<GrantTerms> {
  return termsFrom(await time.latest(), days, label);
}

describe("GrantRegistry", () => {
  describe("issueWholeGrant", () => {
    async function adopt(f: Awaited<ReturnType<typeof operatorFixture>>, operator: number, terms: GrantTerms, salt = 0n, approvals = 2) {
      const id = decisionId(await f.grants.getAddress(), "issueWholeGrant", ["uint32", GRANT_TERMS_TYPE, "uint256"], [operator, terms, salt]);
      await approveByOfficials(f.ledger, f.officials, id, approvals);
      return id;
    }

    context("when the bureau's collective decision is adopted", () => {
      it("issues the whole-catalog grant to the operator and emits GrantIssued", async () => {
        const f = await loadFixture(operatorFixture);
        const terms = termsFrom(await time.latest(), 4 * 365, "whole");
        const id = await adopt(f, f.orgs.operator, terms);
        const submitter = f.officials[2];
        await expect(f.grants.connect(submitter).issueWholeGrant(f.orgs.operator, terms, 0n))
          .to.emit(f.grants, "GrantIssued")
          .withArgs(1, f.orgs.operator, 0, 1, 0, ethers.ZeroHash, Purpose.None, termsTuple(terms), submitter.address)
          .and.to.emit(f.grants, "DecisionExecuted")
          .withArgs(id, submitter.address);
        expect(await f.grants.grant(1)).to.deep.equal([
          1n,
          BigInt(f.orgs.operator),
          0n,
          0n,
          BigInt(terms.start),
          BigInt(terms.end),
          BigInt(GrantStatus.Active),
          BigInt(Purpose.None),
          terms.agreementHash,
          terms.feeTermsHash,
        ]);
        expect(await f.grants.scenarioOf(1)).to.equal(ethers.ZeroHash);
        expect(await f.grants.grantCount()).to.equal(1n);
        expect(await f.grants.isExecuted(id)).to.equal(true);
        expect(await f.grants.denialOf(1, await time.latest())).to.equal(BigInt(AccessDenial.None));
      });

      it("accepts a term of exactly the maximum", async () => {
        const f = await loadFixture(operatorFixture);
        const end = Number(await f.ledger.qualifications.qualifiedUntil(f.orgs.operator)); // no later than the qualification (R4)
        const terms = { ...termsFrom(end - MAX_TERM, 1, "whole"), end };
        await adopt(f, f.orgs.operator, terms);
        await expect(f.grants.connect(f.officials[0]).issueWholeGrant(f.orgs.operator, terms, 0n))
          .to.emit(f.grants, "GrantIssued")
          .withArgs(1, f.orgs.operator, 0, 1, 0, ethers.ZeroHash, Purpose.None, termsTuple(terms), f.officials[0].address);
      });
    });

    context("when the decision has fewer approvals than the threshold", () => {
      it("reverts with DecisionNotAdopted", async () => {
        const f = await loadFixture(operatorFixture);
        const terms = termsFrom(await time.latest(), 365, "whole");
        const id = await adopt(f, f.orgs.operator, terms, 0n, 1);
        await expect(f.grants.connect(f.officials[0]).issueWholeGrant(f.orgs.operator, terms, 0n))
          .to.be.revertedWithCustomError(f.grants, "DecisionNotAdopted")
          .withArgs(id, 1, 2);
      });
    });

    context("when the decision was already carried out", () => {
      it("reverts with DecisionAlreadyExecuted", async () => {
        const f = await loadFixture(operatorFixture);
        const terms = termsFrom(await time.latest(), 365, "whole");
        const id = await adopt(f, f.orgs.operator, terms);
        await f.grants.connect(f.officials[0]).issueWholeGrant(f.orgs.operator, terms, 0n);
        await expect(f.grants.connect(f.officials[0]).issueWholeGrant(f.orgs.operator, terms, 0n))
          .to.be.revertedWithCustomError(f.grants, "DecisionAlreadyExecuted")
          .withArgs(id);
      });
    });

    context("when the grantee is not an operator", () => {
      it("reverts with WrongOrganizationKind", async () => {
        const f = await loadFixture(operatorFixture);
        const terms = termsFrom(await time.latest(), 365, "whole");
        await adopt(f, f.orgs.developer, terms);
        await expect(f.grants.connect(f.officials[0]).issueWholeGrant(f.orgs.developer, terms, 0n))
          .to.be.revertedWithCustomError(f.grants, "WrongOrganizationKind")
          .withArgs(f.orgs.developer, OrgKind.Developer, OrgKind.Operator);
      });
    });

    context("when the operator is not qualified", () => {
      it("reverts with GrantGranteeNotQualified", async () => {
        const f = await loadFixture(operatorFixture);
        await f.ledger.qualifications.connect(f.officials[0]).suspend(f.operatorQualification, ethers.id("inspection"));
        const terms = termsFrom(await time.latest(), 365, "whole");
        await adopt(f, f.orgs.operator, terms);
        await expect(f.grants.connect(f.officials[0]).issueWholeGrant(f.orgs.operator, terms, 0n))
          .to.be.revertedWithCustomError(f.grants, "GrantGranteeNotQualified")
          .withArgs(f.orgs.operator);
      });
    });

    context("when the term is longer than the maximum", () => {
      it("reverts with GrantTermTooLong(requested, maximum)", async () => {
        const f = await loadFixture(operatorFixture);
        const start = await time.latest();
        const terms = { ...termsFrom(start, 1, "whole"), end: start + MAX_TERM + 1 };
        await adopt(f, f.orgs.operator, terms);
        await expect(f.grants.connect(f.officials[0]).issueWholeGrant(f.orgs.operator, terms, 0n))
          .to.be.revertedWithCustomError(f.grants, "GrantTermTooLong")
          .withArgs(MAX_TERM + 1, MAX_TERM);
      });
    });

    context("when the term is empty or already over", () => {
      it("reverts with GrantTermInvalid for an end before the start", async () => {
        const f = await loadFixture(operatorFixture);
        const start = (await time.latest()) + 10 * DAY;
        const terms = { ...termsFrom(start, 1, "whole"), end: start };
        await adopt(f, f.orgs.operator, terms);
        await expect(f.grants.connect(f.officials[0]).issueWholeGrant(f.orgs.operator, terms, 0n))
          .to.be.revertedWithCustomError(f.grants, "GrantTermInvalid")
          .withArgs(start, start);
      });

      it("reverts with GrantTermInvalid for an end in the past", async () => {
        const f = await loadFixture(operatorFixture);
        const start = (await time.latest()) - 10 * DAY;
        const terms = termsFrom(start, 5, "whole");
        await adopt(f, f.orgs.operator, terms);
        await expect(f.grants.connect(f.officials[0]).issueWholeGrant(f.orgs.operator, terms, 0n))
          .to.be.revertedWithCustomError(f.grants, "GrantTermInvalid")
          .withArgs(terms.start, terms.end);
      });
    });

    context("when the agreement lacks a clause of Art. 14", () => {
      it("reverts with GrantAgreementIncomplete naming the missing clauses", async () => {
        const f = await loadFixture(operatorFixture);
        const missing = (1 << 4) | (1 << 9); // revenue sharing, dispute resolution
        const terms = { ...termsFrom(await time.latest(), 365, "whole"), clauseManifest: ALL_CLAUSES & ~missing };
        await adopt(f, f.orgs.operator, terms);
        await expect(f.grants.connect(f.officials[0]).issueWholeGrant(f.orgs.operator, terms, 0n))
          .to.be.revertedWithCustomError(f.grants, "GrantAgreementIncomplete")
          .withArgs(ALL_CLAUSES & ~missing, missing);
      });
    });
  });

  describe("issueScenarioGrant", () => {
    context("when the term would outlive a qualification it rests on (R4, R16)", () => {
      it("Art. 9: refuses a scenario grant ending after the developer's qualification", async () => {
        const f = await loadFixture(grantsFixture);
        await qualifyDeveloper(f.ledger, { bureauKey: f.bureauKey, operatorKey: f.keys.operator, developerKey: f.keys.developer2, advanceTime, validFor: 200 * DAY });
        const until = Number(await f.ledger.qualifications.qualifiedUntil(f.orgs.developer2));
        const applicationId = await approvedApplication(f.ledger, {
          developerKey: f.keys.developer2,
          operatorKey: f.keys.operator,
          bureauKey: f.bureauKey,
          scenario: "short-lived",
          resources: [f.resources[0]],
          fieldMasks: [0b1n],
        });
        const terms = await childTerms(f, 300);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(applicationId, f.wholeGrant, terms))
          .to.be.revertedWithCustomError(f.grants, "GrantOutlivesQualification")
          .withArgs(f.orgs.developer2, terms.end, until);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(applicationId, f.wholeGrant, { ...terms, end: until })).to.emit(f.grants, "GrantIssued");
      });
    });

    context("when the operator grants from a finally approved application", () => {
      it("issues the scenario grant under the whole grant and emits GrantIssued", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        const terms = await childTerms(f, 180, "supply-chain-finance");
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, terms))
          .to.emit(f.grants, "GrantIssued")
          .withArgs(3, f.orgs.developer, f.wholeGrant, f.orgs.operator, app, ethers.id("supply-chain-finance"), Purpose.Commercial, termsTuple(terms), f.keys.operator.address);
        expect(await f.grants.grant(3)).to.deep.equal([
          BigInt(f.orgs.operator),
          BigInt(f.orgs.developer),
          BigInt(f.wholeGrant),
          BigInt(app),
          BigInt(terms.start),
          BigInt(terms.end),
          BigInt(GrantStatus.Active),
          BigInt(Purpose.Commercial),
          terms.agreementHash,
          terms.feeTermsHash,
        ]);
        expect(await f.grants.scenarioOf(3)).to.equal(ethers.id("supply-chain-finance"));
        expect(await f.grants.grantFor(f.orgs.developer, ethers.id("supply-chain-finance"))).to.equal(3n);
        expect(await f.grants.grantCount()).to.equal(3n);
        expect(await f.grants.checkAccess(f.keys.developer.address, 3, f.resources[2], 0b11n, await time.latest())).to.equal(BigInt(AccessDenial.None));
      });
    });

    context("when a developer tries to grant (no sub-licensing, R16)", () => {
      it("reverts with WrongOrganizationKind", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.developer).issueScenarioGrant(f.applicationId, f.scenarioGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "WrongOrganizationKind")
          .withArgs(f.orgs.developer, OrgKind.Developer, OrgKind.Operator);
      });
    });

    context("when the caller is an operator that does not hold the parent", () => {
      it("reverts with GrantNotGrantor", async () => {
        const f = await loadFixture(grantsFixture);
        const otherKey = f.signers[13];
        const other = await registerOrganization(f.ledger, f.bureauKey, OrgKind.Operator, "另一运营公司 Another Operator", otherKey.address);
        const app = await approve(f, "supply-chain-finance");
        await expect(f.grants.connect(otherKey).issueScenarioGrant(app, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantNotGrantor")
          .withArgs(f.wholeGrant, other);
      });
    });

    context("when the parent is unknown", () => {
      it("reverts with GrantUnknown", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(f.applicationId, 99, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantUnknown")
          .withArgs(99);
      });
    });

    context("when the parent is not the whole grant", () => {
      it("reverts with GrantParentNotWhole", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.scenarioGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantParentNotWhole")
          .withArgs(f.scenarioGrant);
      });
    });

    context("when the parent is not live", () => {
      it("reverts with GrantParentNotLive(GrantSuspended) under a suspended parent", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        await f.grants.connect(f.bureauKey).suspendGrant(f.wholeGrant, ethers.id("audit"));
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantParentNotLive")
          .withArgs(f.wholeGrant, AccessDenial.GrantSuspended);
      });

      it("reverts with GrantParentNotLive(GrantRevoked) under a revoked parent", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        await f.grants.connect(f.bureauKey).revokeGrant(f.wholeGrant, TerminationReason.Breach, ethers.id("breach"));
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantParentNotLive")
          .withArgs(f.wholeGrant, AccessDenial.GrantRevoked);
      });

      it("reverts with GrantParentNotLive(GrantExpired) under an expired parent", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        await time.increaseTo(f.parentEnd + 1);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, termsFrom(f.parentStart, 30)))
          .to.be.revertedWithCustomError(f.grants, "GrantParentNotLive")
          .withArgs(f.wholeGrant, AccessDenial.GrantExpired);
      });

      it("reverts with GrantParentNotLive(GrantNotYetValid) under a parent that has not started", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        const later = termsFrom((await time.latest()) + 30 * DAY, 365, "later-whole");
        const laterWhole = await issueWholeGrant(f.ledger, { officials: f.officials, operator: f.orgs.operator, terms: later, salt: 7n });
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, laterWhole, termsFrom(later.start, 30)))
          .to.be.revertedWithCustomError(f.grants, "GrantParentNotLive")
          .withArgs(laterWhole, AccessDenial.GrantNotYetValid);
      });

      it("reverts with GrantParentNotLive(GranteeNotQualified) when the operator's qualification is suspended", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        await f.ledger.qualifications.connect(f.bureauKey).suspend(f.operatorQualification, ethers.id("inspection"));
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantParentNotLive")
          .withArgs(f.wholeGrant, AccessDenial.GranteeNotQualified);
      });
    });

    context("when the term lies outside the parent's", () => {
      it("reverts with GrantTermOutsideParent for a start before the parent's", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        const terms = termsFrom(f.parentStart - 1, 30);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, terms))
          .to.be.revertedWithCustomError(f.grants, "GrantTermOutsideParent")
          .withArgs(terms.start, terms.end, f.parentStart, f.parentEnd);
      });

      it("reverts with GrantTermOutsideParent for an end after the parent's", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        const terms = { ...(await childTerms(f)), end: f.parentEnd + 1 };
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, terms))
          .to.be.revertedWithCustomError(f.grants, "GrantTermOutsideParent")
          .withArgs(terms.start, terms.end, f.parentStart, f.parentEnd);
      });
    });

    context("when the term breaks the rules", () => {
      it("reverts with GrantTermTooLong once the bureau has shortened the maximum term", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        const maximum = 365 * DAY;
        const orgs = f.ledger.organizations;
        await approveByOfficials(f.ledger, f.officials, decisionId(await orgs.getAddress(), "setParameter", ["uint8", "uint64", "uint256"], [Parameter.MaxTerm, maximum, 0n]));
        await orgs.connect(f.bureauKey).setParameter(Parameter.MaxTerm, maximum, 0n);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, await childTerms(f, 400)))
          .to.be.revertedWithCustomError(f.grants, "GrantTermTooLong")
          .withArgs(400 * DAY, maximum);
      });

      it("reverts with GrantTermInvalid for an empty term", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        const t = await childTerms(f);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, { ...t, end: t.start }))
          .to.be.revertedWithCustomError(f.grants, "GrantTermInvalid")
          .withArgs(t.start, t.start);
      });

      it("reverts with GrantAgreementIncomplete for an agreement missing a clause", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        const manifest = ALL_CLAUSES & ~(1 << 8); // no exit clause
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, { ...(await childTerms(f)), clauseManifest: manifest }))
          .to.be.revertedWithCustomError(f.grants, "GrantAgreementIncomplete")
          .withArgs(manifest, 1 << 8);
      });
    });

    context("when the application is not finally approved", () => {
      it("reverts with GrantApplicationNotApproved for a first-reviewed application", async () => {
        const f = await loadFixture(grantsFixture);
        const a = f.ledger.applications;
        await a.connect(f.keys.developer).submit(ethers.id("s"), [f.resources[0]], [1n], ethers.id("p"), Purpose.Commercial, false);
        await a.connect(f.keys.operator).firstReview(2, true, 0x0f, ethers.id("r"));
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(2, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantApplicationNotApproved")
          .withArgs(2);
      });

      it("reverts with GrantApplicationNotApproved for an unknown application", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(99, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantApplicationNotApproved")
          .withArgs(99);
      });
    });

    context("when the developer is no longer qualified", () => {
      it("reverts with GrantGranteeNotQualified when its qualification is suspended", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        await f.ledger.qualifications.connect(f.bureauKey).suspend(f.developerQualification, ethers.id("inspection"));
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantGranteeNotQualified")
          .withArgs(f.orgs.developer);
      });

      it("reverts with GrantGranteeNotQualified when its organisation is suspended", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        await f.ledger.organizations.connect(f.bureauKey).suspendOrganization(f.orgs.developer, ethers.id("rectification"));
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantGranteeNotQualified")
          .withArgs(f.orgs.developer);
      });
    });

    context("when the application was already granted (one scenario, one authorization)", () => {
      it("reverts with GrantApplicationAlreadyGranted for the same application twice", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(f.applicationId, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantApplicationAlreadyGranted")
          .withArgs(f.applicationId, f.scenarioGrant);
      });

      it("reverts with GrantApplicationAlreadyGranted for an older application after a newer one", async () => {
        const f = await loadFixture(grantsFixture);
        const older = await approve(f, "supply-chain-finance");
        const newer = await approve(f, "supply-chain-finance", [f.resources[1]], [0b1n]);
        const grantId = await issueScenarioGrant(f.ledger, { operatorKey: f.keys.operator, applicationId: newer, parentId: f.wholeGrant, terms: await childTerms(f) });
        await f.grants.connect(f.keys.operator).revokeGrant(grantId, TerminationReason.OwnRequest, ethers.id("developer asked"));
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(older, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantApplicationAlreadyGranted")
          .withArgs(older, grantId);
      });

      it("reverts with GrantApplicationAlreadyGranted for the revoked grant's own application", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.keys.operator).revokeGrant(f.scenarioGrant, TerminationReason.Breach, ethers.id("breach"));
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(f.applicationId, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantApplicationAlreadyGranted")
          .withArgs(f.applicationId, f.scenarioGrant);
      });
    });

    context("when the developer already holds a grant for the scenario", () => {
      it("reverts with GrantScenarioAlreadyGranted for a new application while the grant is live", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "inclusive-finance-credit");
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantScenarioAlreadyGranted")
          .withArgs(f.orgs.developer, f.scenario, f.scenarioGrant);
      });

      it("reverts with GrantScenarioAlreadyGranted while the grant is only suspended", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "inclusive-finance-credit");
        await f.grants.connect(f.keys.operator).suspendGrant(f.scenarioGrant, ethers.id("audit"));
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantScenarioAlreadyGranted")
          .withArgs(f.orgs.developer, f.scenario, f.scenarioGrant);
      });

      it("issues a new grant from a new application after the old one is revoked", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.keys.operator).revokeGrant(f.scenarioGrant, TerminationReason.Breach, ethers.id("breach"));
        const app = await approve(f, "inclusive-finance-credit");
        const terms = await childTerms(f);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, terms))
          .to.emit(f.grants, "GrantIssued")
          .withArgs(3, f.orgs.developer, f.wholeGrant, f.orgs.operator, app, f.scenario, Purpose.Commercial, termsTuple(terms), f.keys.operator.address);
        expect(await f.grants.grantFor(f.orgs.developer, f.scenario)).to.equal(3n);
        expect((await f.grants.grant(f.scenarioGrant)).status).to.equal(BigInt(GrantStatus.Revoked));
      });

      it("issues a new grant from a new application after the old one expired", async () => {
        const f = await loadFixture(grantsFixture);
        await time.increaseTo(f.childEnd + 1);
        const app = await approve(f, "inclusive-finance-credit");
        const terms = await childTerms(f);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, terms))
          .to.emit(f.grants, "GrantIssued")
          .withArgs(3, f.orgs.developer, f.wholeGrant, f.orgs.operator, app, f.scenario, Purpose.Commercial, termsTuple(terms), f.keys.operator.address);
      });
    });

    context("when a resource of the application left the authorized-operation catalog", () => {
      it("reverts with GrantResourceOutOfScope for a resource withdrawn from development", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        await f.ledger.catalog.connect(f.keys.operator).setOpenForDevelopment(f.resources[2], false);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantResourceOutOfScope")
          .withArgs(f.resources[2]);
      });

      it("reverts with GrantResourceOutOfScope for a resource the bureau took out of the scope", async () => {
        const f = await loadFixture(grantsFixture);
        const app = await approve(f, "supply-chain-finance");
        await f.ledger.catalog.connect(f.bureauKey).setOperationScope([f.resources[0]], false);
        await expect(f.grants.connect(f.keys.operator).issueScenarioGrant(app, f.wholeGrant, await childTerms(f)))
          .to.be.revertedWithCustomError(f.grants, "GrantResourceOutOfScope")
          .withArgs(f.resources[0]);
      });
    });
  });

  describe("suspendGrant", () => {
    context("when the grantor suspends its grant", () => {
      it("suspends it and emits GrantSuspended", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.operator).suspendGrant(f.scenarioGrant, ethers.id("audit")))
          .to.emit(f.grants, "GrantSuspended")
          .withArgs(f.scenarioGrant, ethers.id("audit"), f.orgs.operator, f.keys.operator.address);
        expect((await f.grants.grant(f.scenarioGrant)).status).to.equal(BigInt(GrantStatus.Suspended));
        expect(await f.grants.denialOf(f.scenarioGrant, await time.latest())).to.equal(BigInt(AccessDenial.GrantSuspended));
      });
    });

    context("when bureau staff suspend any grant", () => {
      it("suspends a scenario grant and emits GrantSuspended by the bureau", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.bureauKey).suspendGrant(f.scenarioGrant, ethers.id("audit")))
          .to.emit(f.grants, "GrantSuspended")
          .withArgs(f.scenarioGrant, ethers.id("audit"), 1, f.bureauKey.address);
      });

      it("takes the whole grant's children down with it", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.bureauKey).suspendGrant(f.wholeGrant, ethers.id("audit"));
        const now = await time.latest();
        expect(await f.grants.denialOf(f.wholeGrant, now)).to.equal(BigInt(AccessDenial.GrantSuspended));
        expect(await f.grants.denialOf(f.scenarioGrant, now)).to.equal(BigInt(AccessDenial.ParentNotLive));
        expect((await f.grants.grant(f.scenarioGrant)).status).to.equal(BigInt(GrantStatus.Active));
      });
    });

    context("when the caller is neither the grantor nor the bureau", () => {
      it("reverts with GrantNotGrantor for the grantee developer", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.developer).suspendGrant(f.scenarioGrant, ethers.id("x")))
          .to.be.revertedWithCustomError(f.grants, "GrantNotGrantor")
          .withArgs(f.scenarioGrant, f.orgs.developer);
      });

      it("reverts with GrantNotGrantor for the operator on its own whole grant", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.operator).suspendGrant(f.wholeGrant, ethers.id("x")))
          .to.be.revertedWithCustomError(f.grants, "GrantNotGrantor")
          .withArgs(f.wholeGrant, f.orgs.operator);
      });

      it("reverts with UnknownKey for a key of no organisation", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.stranger).suspendGrant(f.scenarioGrant, ethers.id("x")))
          .to.be.revertedWithCustomError(f.grants, "UnknownKey")
          .withArgs(f.keys.stranger.address);
      });
    });

    context("when the grant is not active", () => {
      it("reverts with GrantStatusInvalid for a suspended grant", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.keys.operator).suspendGrant(f.scenarioGrant, ethers.id("a"));
        await expect(f.grants.connect(f.keys.operator).suspendGrant(f.scenarioGrant, ethers.id("b")))
          .to.be.revertedWithCustomError(f.grants, "GrantStatusInvalid")
          .withArgs(f.scenarioGrant, GrantStatus.Suspended);
      });

      it("reverts with GrantStatusInvalid for a revoked grant", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.keys.operator).revokeGrant(f.scenarioGrant, TerminationReason.Breach, ethers.id("a"));
        await expect(f.grants.connect(f.keys.operator).suspendGrant(f.scenarioGrant, ethers.id("b")))
          .to.be.revertedWithCustomError(f.grants, "GrantStatusInvalid")
          .withArgs(f.scenarioGrant, GrantStatus.Revoked);
      });
    });

    context("when the grant is unknown", () => {
      it("reverts with GrantUnknown", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.bureauKey).suspendGrant(99, ethers.id("x"))).to.be.revertedWithCustomError(f.grants, "GrantUnknown").withArgs(99);
      });
    });
  });

  describe("reinstateGrant", () => {
    context("when the bureau suspended a grant the operator issued (R16, R22)", () => {
      it("Art. 22, 32: the operator cannot lift the bureau's suspension; the bureau can", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.bureauKey).suspendGrant(f.scenarioGrant, ethers.id("audit"));
        await expect(f.grants.connect(f.keys.operator).reinstateGrant(f.scenarioGrant, ethers.id("fixed")))
          .to.be.revertedWithCustomError(f.grants, "GrantSuspendedByHigherAuthority")
          .withArgs(f.scenarioGrant, 1, f.orgs.operator);
        await expect(f.grants.connect(f.bureauKey).reinstateGrant(f.scenarioGrant, ethers.id("fixed"))).to.emit(f.grants, "GrantReinstated");
      });
    });

    context("when the grantor lifts its suspension", () => {
      it("makes the grant live again and emits GrantReinstated", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.keys.operator).suspendGrant(f.scenarioGrant, ethers.id("audit"));
        await expect(f.grants.connect(f.keys.operator).reinstateGrant(f.scenarioGrant, ethers.id("fixed")))
          .to.emit(f.grants, "GrantReinstated")
          .withArgs(f.scenarioGrant, ethers.id("fixed"), f.orgs.operator, f.keys.operator.address);
        expect((await f.grants.grant(f.scenarioGrant)).status).to.equal(BigInt(GrantStatus.Active));
        expect(await f.grants.denialOf(f.scenarioGrant, await time.latest())).to.equal(BigInt(AccessDenial.None));
      });
    });

    context("when bureau staff lift the suspension of the whole grant", () => {
      it("makes the children live again", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.bureauKey).suspendGrant(f.wholeGrant, ethers.id("audit"));
        await expect(f.grants.connect(f.officials[1]).reinstateGrant(f.wholeGrant, ethers.id("fixed")))
          .to.emit(f.grants, "GrantReinstated")
          .withArgs(f.wholeGrant, ethers.id("fixed"), 1, f.officials[1].address);
        expect(await f.grants.denialOf(f.scenarioGrant, await time.latest())).to.equal(BigInt(AccessDenial.None));
      });
    });

    context("when the grant is not suspended", () => {
      it("reverts with GrantStatusInvalid", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.operator).reinstateGrant(f.scenarioGrant, ethers.id("x")))
          .to.be.revertedWithCustomError(f.grants, "GrantStatusInvalid")
          .withArgs(f.scenarioGrant, GrantStatus.Active);
      });
    });

    context("when the caller is neither the grantor nor the bureau", () => {
      it("reverts with GrantNotGrantor", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.keys.operator).suspendGrant(f.scenarioGrant, ethers.id("audit"));
        await expect(f.grants.connect(f.keys.developer).reinstateGrant(f.scenarioGrant, ethers.id("x")))
          .to.be.revertedWithCustomError(f.grants, "GrantNotGrantor")
          .withArgs(f.scenarioGrant, f.orgs.developer);
      });
    });

    context("when the grant is unknown", () => {
      it("reverts with GrantUnknown", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.bureauKey).reinstateGrant(99, ethers.id("x"))).to.be.revertedWithCustomError(f.grants, "GrantUnknown").withArgs(99);
      });
    });
  });

  describe("revokeGrant", () => {
    context("when the grantor revokes for a ground of Art. 15", () => {
      it("revokes it, keeps its record and emits GrantRevoked", async () => {
        const f = await loadFixture(grantsFixture);
        const before = await f.grants.grant(f.scenarioGrant);
        await expect(f.grants.connect(f.keys.operator).revokeGrant(f.scenarioGrant, TerminationReason.UnlawfulUse, ethers.id("misuse")))
          .to.emit(f.grants, "GrantRevoked")
          .withArgs(f.scenarioGrant, TerminationReason.UnlawfulUse, ethers.id("misuse"), f.orgs.operator, f.keys.operator.address);
        const after = await f.grants.grant(f.scenarioGrant);
        expect(after.status).to.equal(BigInt(GrantStatus.Revoked));
        expect([after.grantee, after.application, after.start, after.end]).to.deep.equal([before.grantee, before.application, before.start, before.end]);
        expect(await f.grants.grantFor(f.orgs.developer, f.scenario)).to.equal(BigInt(f.scenarioGrant));
      });
    });

    context("when bureau staff revoke a suspended grant", () => {
      it("revokes it and emits GrantRevoked by the bureau", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.keys.operator).suspendGrant(f.scenarioGrant, ethers.id("audit"));
        await expect(f.grants.connect(f.bureauKey).revokeGrant(f.scenarioGrant, TerminationReason.SecurityRisk, ethers.id("risk")))
          .to.emit(f.grants, "GrantRevoked")
          .withArgs(f.scenarioGrant, TerminationReason.SecurityRisk, ethers.id("risk"), 1, f.bureauKey.address);
      });
    });

    context("when the reason is None", () => {
      it("reverts with GrantReasonInvalid", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.operator).revokeGrant(f.scenarioGrant, TerminationReason.None, ethers.id("x")))
          .to.be.revertedWithCustomError(f.grants, "GrantReasonInvalid")
          .withArgs(TerminationReason.None);
      });
    });

    context("when the grant is already revoked", () => {
      it("reverts with GrantStatusInvalid", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.keys.operator).revokeGrant(f.scenarioGrant, TerminationReason.Breach, ethers.id("a"));
        await expect(f.grants.connect(f.keys.operator).revokeGrant(f.scenarioGrant, TerminationReason.Breach, ethers.id("b")))
          .to.be.revertedWithCustomError(f.grants, "GrantStatusInvalid")
          .withArgs(f.scenarioGrant, GrantStatus.Revoked);
      });
    });

    context("when the caller is neither the grantor nor the bureau", () => {
      it("reverts with GrantNotGrantor for a supervisor", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.keys.supervisor).revokeGrant(f.scenarioGrant, TerminationReason.Breach, ethers.id("x")))
          .to.be.revertedWithCustomError(f.grants, "GrantNotGrantor")
          .withArgs(f.scenarioGrant, f.orgs.supervisor);
      });
    });

    context("when the grant is unknown", () => {
      it("reverts with GrantUnknown", async () => {
        const f = await loadFixture(grantsFixture);
        await expect(f.grants.connect(f.bureauKey).revokeGrant(99, TerminationReason.Breach, ethers.id("x")))
          .to.be.revertedWithCustomError(f.grants, "GrantUnknown")
          .withArgs(99);
      });
    });
  });

  describe("checkAccess", () => {
    const check = async (f: Grants, key: string, grantId: number, resourceId: number, fields: bigint, at?: number) =>
      f.grants.checkAccess(key, grantId, resourceId, fields, at ?? (await time.latest()));

    context("when the developer uses fields its application named", () => {
      it("returns None", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 0b101n)).to.equal(BigInt(AccessDenial.None));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[1], 0b11n)).to.equal(BigInt(AccessDenial.None));
      });

      it("returns None for another staff key of the developer", async () => {
        const f = await loadFixture(grantsFixture);
        const colleague = ethers.Wallet.createRandom().address;
        await f.ledger.organizations.connect(f.keys.developer).addStaffKey(f.orgs.developer, colleague);
        expect(await check(f, colleague, f.scenarioGrant, f.resources[0], 0b1n)).to.equal(BigInt(AccessDenial.None));
      });
    });

    context("when the operator uses its whole grant", () => {
      it("returns None for any field of any resource in its scope", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.keys.operator.address, f.wholeGrant, f.resources[2], 0b11111n)).to.equal(BigInt(AccessDenial.None));
        expect(await check(f, f.keys.operator.address, f.wholeGrant, f.resources[0], 1n << 11n)).to.equal(BigInt(AccessDenial.None));
      });

      it("returns None for a resource in scope that is not open for development", async () => {
        const f = await loadFixture(grantsFixture);
        await f.ledger.catalog.connect(f.keys.operator).setOpenForDevelopment(f.resources[2], false);
        expect(await check(f, f.keys.operator.address, f.wholeGrant, f.resources[2], 1n)).to.equal(BigInt(AccessDenial.None));
      });

      it("returns None for the last field of a 256-field resource", async () => {
        const f = await loadFixture(grantsFixture);
        const wide = await registerResource(f.ledger, f.keys.source, "wide", { fieldCount: 256, classification: 2 });
        await f.ledger.catalog.connect(f.bureauKey).setOperationScope([wide], true);
        expect(await check(f, f.keys.operator.address, f.wholeGrant, wide, ethers.MaxUint256)).to.equal(BigInt(AccessDenial.None));
      });

      it("returns ResourceOutOfScope for a resource outside the operator's scope", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.keys.operator.address, f.wholeGrant, f.resources[3], 1n)).to.equal(BigInt(AccessDenial.ResourceOutOfScope));
      });

      it("returns FieldsOutOfScope for a field beyond the resource's fields", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.keys.operator.address, f.wholeGrant, f.resources[2], 1n << 5n)).to.equal(BigInt(AccessDenial.FieldsOutOfScope));
      });
    });

    context("when the grant is unknown", () => {
      it("returns UnknownGrant", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.keys.developer.address, 99, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.UnknownGrant));
      });
    });

    context("when the key does not act for the grantee", () => {
      for (const who of ["developer2", "operator", "stranger"] as const) {
        it(`returns KeyNotOfGrantee for the ${who}'s key`, async () => {
          const f = await loadFixture(grantsFixture);
          expect(await check(f, f.keys[who].address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.KeyNotOfGrantee));
        });
      }

      it("returns KeyNotOfGrantee for a bureau key on the whole grant", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.bureauKey.address, f.wholeGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.KeyNotOfGrantee));
      });
    });

    context("when the time is outside the grant's term", () => {
      it("returns GrantNotYetValid before the start", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n, f.childStart - 1)).to.equal(BigInt(AccessDenial.GrantNotYetValid));
      });

      it("returns GrantExpired after the end, and None on the last second", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n, f.childEnd)).to.equal(BigInt(AccessDenial.None));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n, f.childEnd + 1)).to.equal(BigInt(AccessDenial.GrantExpired));
      });
    });

    context("when the grant itself is not live", () => {
      it("returns GrantSuspended for a suspended grant", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.keys.operator).suspendGrant(f.scenarioGrant, ethers.id("audit"));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.GrantSuspended));
      });

      it("returns GrantRevoked for a revoked grant", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.keys.operator).revokeGrant(f.scenarioGrant, TerminationReason.Breach, ethers.id("breach"));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.GrantRevoked));
      });
    });

    context("when the parent grant is not live", () => {
      it("returns ParentNotLive under a suspended whole grant", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.bureauKey).suspendGrant(f.wholeGrant, ethers.id("audit"));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.ParentNotLive));
      });

      it("returns ParentNotLive under a revoked whole grant", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.bureauKey).revokeGrant(f.wholeGrant, TerminationReason.SecurityRisk, ethers.id("risk"));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.ParentNotLive));
      });
    });

    context("when a party is no longer qualified", () => {
      it("returns GranteeNotQualified when the developer's qualification is suspended", async () => {
        const f = await loadFixture(grantsFixture);
        await f.ledger.qualifications.connect(f.bureauKey).suspend(f.developerQualification, ethers.id("inspection"));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.GranteeNotQualified));
      });

      it("returns GrantorNotQualified when the operator's qualification is suspended", async () => {
        const f = await loadFixture(grantsFixture);
        await f.ledger.qualifications.connect(f.bureauKey).suspend(f.operatorQualification, ethers.id("inspection"));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.GrantorNotQualified));
        expect(await check(f, f.keys.operator.address, f.wholeGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.GranteeNotQualified));
      });
    });

    context("when a party's organisation is suspended", () => {
      it("returns OrganizationSuspended for the developer's organisation", async () => {
        const f = await loadFixture(grantsFixture);
        await f.ledger.organizations.connect(f.bureauKey).suspendOrganization(f.orgs.developer, ethers.id("rectification"));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.OrganizationSuspended));
      });

      it("returns OrganizationSuspended for the operator's organisation, the grantor", async () => {
        const f = await loadFixture(grantsFixture);
        await f.ledger.organizations.connect(f.bureauKey).suspendOrganization(f.orgs.operator, ethers.id("rectification"));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.OrganizationSuspended));
      });
    });

    context("when the resource or the fields are outside the grant", () => {
      it("returns ResourceOutOfScope for a resource the application did not name", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[2], 1n)).to.equal(BigInt(AccessDenial.ResourceOutOfScope));
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[3], 1n)).to.equal(BigInt(AccessDenial.ResourceOutOfScope));
      });

      it("returns FieldsOutOfScope for a field bit outside the mask", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 0b1001n)).to.equal(BigInt(AccessDenial.FieldsOutOfScope));
      });

      it("returns FieldsOutOfScope for no fields at all", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 0n)).to.equal(BigInt(AccessDenial.FieldsOutOfScope));
        expect(await check(f, f.keys.operator.address, f.wholeGrant, f.resources[0], 0n)).to.equal(BigInt(AccessDenial.FieldsOutOfScope));
      });
    });

    context("when the resource left the authorized-operation catalog", () => {
      it("returns ResourceWithdrawn after the operator withdraws it from development", async () => {
        const f = await loadFixture(grantsFixture);
        await f.ledger.catalog.connect(f.keys.operator).setOpenForDevelopment(f.resources[0], false);
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.ResourceWithdrawn));
      });

      it("returns ResourceWithdrawn for the developer and ResourceOutOfScope for the operator after the bureau takes it out of the scope", async () => {
        const f = await loadFixture(grantsFixture);
        await f.ledger.catalog.connect(f.bureauKey).setOperationScope([f.resources[0]], false);
        expect(await check(f, f.keys.developer.address, f.scenarioGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.ResourceWithdrawn));
        expect(await check(f, f.keys.operator.address, f.wholeGrant, f.resources[0], 1n)).to.equal(BigInt(AccessDenial.ResourceOutOfScope));
      });
    });
  });

  describe("denialOf", () => {
    context("when the chain up to the bureau is live", () => {
      it("returns None for both levels", async () => {
        const f = await loadFixture(grantsFixture);
        const now = await time.latest();
        expect(await f.grants.denialOf(f.wholeGrant, now)).to.equal(BigInt(AccessDenial.None));
        expect(await f.grants.denialOf(f.scenarioGrant, now)).to.equal(BigInt(AccessDenial.None));
      });
    });

    context("when the whole grant is not live", () => {
      it("reports the whole grant's own reason and ParentNotLive for its child", async () => {
        const f = await loadFixture(grantsFixture);
        await f.grants.connect(f.bureauKey).revokeGrant(f.wholeGrant, TerminationReason.ChangeOfLaw, ethers.id("new law"));
        const now = await time.latest();
        expect(await f.grants.denialOf(f.wholeGrant, now)).to.equal(BigInt(AccessDenial.GrantRevoked));
        expect(await f.grants.denialOf(f.scenarioGrant, now)).to.equal(BigInt(AccessDenial.ParentNotLive));
      });

      it("reports GranteeNotQualified for the whole grant once the operator's qualification ends early", async () => {
        const f = await loadFixture(grantsFixture);
        await f.ledger.qualifications.connect(f.keys.operator).terminate(f.operatorQualification, TerminationReason.OwnRequest, ethers.id("exit"));
        expect(await f.grants.denialOf(f.wholeGrant, await time.latest())).to.equal(BigInt(AccessDenial.GranteeNotQualified));
      });
    });

    context("when the grant is unknown", () => {
      it("returns UnknownGrant", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await f.grants.denialOf(99, await time.latest())).to.equal(BigInt(AccessDenial.UnknownGrant));
      });
    });
  });

  describe("views", () => {
    context("when nothing was issued under an id", () => {
      it("returns empty answers", async () => {
        const f = await loadFixture(grantsFixture);
        expect((await f.grants.grant(99)).status).to.equal(BigInt(GrantStatus.None));
        expect(await f.grants.scenarioOf(99)).to.equal(ethers.ZeroHash);
        expect(await f.grants.grantFor(f.orgs.developer2, f.scenario)).to.equal(0n);
      });
    });

    context("when grants exist", () => {
      it("answers the scenario of each and the holder of (developer, scenario)", async () => {
        const f = await loadFixture(grantsFixture);
        expect(await f.grants.scenarioOf(f.wholeGrant)).to.equal(ethers.ZeroHash);
        expect(await f.grants.scenarioOf(f.scenarioGrant)).to.equal(f.scenario);
        expect(await f.grants.grantFor(f.orgs.developer, f.scenario)).to.equal(BigInt(f.scenarioGrant));
        expect(await f.grants.grantCount()).to.equal(2n);
      });
    });
  });
});

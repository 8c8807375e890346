import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { OrganizationRegistry, QualificationRegistry } from "../../typechain-types";
import { advanceTime, organizationsFixture } from "./fixtures";
import { ALL_CLAUSES, DAY, approveByOfficials, evidenceOf, qualifyDeveloper, qualifyOperator } from "../../scripts/lib/procedures";
import { OrgKind, Parameter, TerminationReason } from "../../server/vocabulary";
import { decisionId } from "../../server/chain/decisions";

const QState = {
  None: 0,
  Applied: 1,
  Reviewed: 2,
  Decided: 3,
  InNotice: 4,
  Active: 5,
  Suspended: 6,
  Terminated: 7,
  Revoked: 8,
  Rejected: 9,
} as const;
const YEAR = 365 * DAY;
const NOTICE = 7 * DAY;
const MAX_TERM = 5 * YEAR;
const RENEWAL_WINDOW = 90 * DAY;
const BAR = 3 * YEAR;
const CLAUSES = [
  "RIGHTS_AND_DUTIES",
  "DATA_SCOPE",
  "TERM",
  "ASSET_OWNERSHIP",
  "REVENUE_SHARING",
  "SECURITY_AND_EMERGENCY",
  "PERFORMANCE_EVALUATION",
  "BREACH_LIABILITY",
  "EXIT",
  "DISPUTE_RESOLUTION",
];
const REPORT = ethers.id("expert review report");
const REASON = ethers.id("reason");
const AGREEMENT = ethers.id("agreement");
const COMMITMENT = ethers.id("security commitment letter");
const OPERATOR_Q = 1;
const DEVELOPER_Q = 2;

const evidenceArgs = (label: string) => Object.values(evidenceOf(label));

// ==== Fixtures: the procedure stopped at each step ====

async function fixture() {
  const base = await organizationsFixture();
  const q: QualificationRegistry = base.ledger.qualifications;
  const registry: OrganizationRegistry = base.ledger.organizations;
  const bureauKey: HardhatEthersSigner = base.officials[0];
  return { ...base, q, registry, bureauKey };
}

async function operatorAppliedFixture() {
  const f = await fixture();
  await f.q.connect(f.keys.operator).applyFor(OrgKind.Operator, evidenceOf("operator"));
  return f;
}

async function operatorReviewedFixture() {
  const f = await operatorAppliedFixture();
  await f.q.connect(f.bureauKey).review(OPERATOR_Q, true, REPORT);
  return f;
}

async function operatorInNoticeFixture() {
  const f = await operatorReviewedFixture();
  await decide(f, OPERATOR_Q, true);
  return f;
}

/** The operator qualified (id 1) for five years. */
async function operatorActiveFixture() {
  const f = await fixture();
  await qualifyOperator(f.ledger, { officials: f.officials, operatorKey: f.keys.operator, advanceTime });
  return f;
}

async function developerAppliedFixture() {
  const f = await operatorActiveFixture();
  await f.q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("developer"));
  return f;
}

async function developerReviewedFixture() {
  const f = await developerAppliedFixture();
  await f.q.connect(f.keys.operator).review(DEVELOPER_Q, true, REPORT);
  return f;
}

async function developerInNoticeFixture() {
  const f = await developerReviewedFixture();
  await f.q.connect(f.bureauKey).decideDeveloper(DEVELOPER_Q, true);
  await f.q.connect(f.keys.operator).decideDeveloper(DEVELOPER_Q, true);
  return f;
}

/** The operator (id 1) and the bank (id 2) qualified for five years each. */
async function developerActiveFixture() {
  const f = await operatorActiveFixture();
  await qualifyDeveloper(f.ledger, { bureauKey: f.bureauKey, operatorKey: f.keys.operator, developerKey: f.keys.developer, advanceTime });
  return f;
}

type F = Awaited<ReturnType<typeof fixture>>;

// ==== Helpers ====

async function decideOperatorId(f: F, id: number, approved: boolean, salt = 0n): Promise<string> {
  return decisionId(await f.q.getAddress(), "decideOperator", ["uint32", "bool", "uint256"], [id, approved, salt]);
}

/** The bureau's collective decision on the operator, approved by two officials and carried out. */
async function decide(f: F, id: number, approved: boolean): Promise<void> {
  await approveByOfficials(f.ledger, f.officials, await decideOperatorId(f, id, approved), 2);
  await f.q.connect(f.bureauKey).decideOperator(id, approved, 0n);
}

/** A rule changed by the bureau's collective decision. */
async function setRule(f: F, p: number, value: number | bigint, salt = 0n): Promise<void> {
  const id = decisionId(await f.registry.getAddress(), "setParameter", ["uint8", "uint64", "uint256"], [p, value, salt]);
  await approveByOfficials(f.ledger, f.officials, id, 2);
  await f.registry.setParameter(p, value, salt);
}

async function passNotice(f: F, id: number): Promise<void> {
  await time.increaseTo((await f.q.qualification(id)).noticeEndsAt);
}

async function validUntilOf(f: F, id: number): Promise<number> {
  return Number((await f.q.qualification(id)).validUntil);
}

describe("QualificationRegistry", () => {
  describe("applyFor", () => {
    context("when the operator's staff apply for the Operator role", () => {
      it("records the application and emits QualificationApplied with the evidence", async () => {
        const { q, keys, orgs } = await loadFixture(fixture);
        await expect(q.connect(keys.operator).applyFor(OrgKind.Operator, evidenceOf("operator")))
          .to.emit(q, "QualificationApplied")
          .withArgs(1, orgs.operator, OrgKind.Operator, 0, evidenceArgs("operator"), keys.operator.address);
        const record = await q.qualification(1);
        expect(record.org).to.equal(orgs.operator);
        expect(record.role).to.equal(OrgKind.Operator);
        expect(record.state).to.equal(QState.Applied);
        expect(await q.currentQualification(orgs.operator)).to.equal(1);
      });
    });

    context("when a developer's staff apply for the Developer role", () => {
      it("records the application", async () => {
        const { q, keys, orgs } = await loadFixture(fixture);
        await expect(q.connect(keys.developer).applyFor(OrgKind.Developer, evidenceOf("developer")))
          .to.emit(q, "QualificationApplied")
          .withArgs(1, orgs.developer, OrgKind.Developer, 0, evidenceArgs("developer"), keys.developer.address);
        expect(await q.currentQualification(orgs.developer)).to.equal(1);
      });
    });

    context("when the role is neither Operator nor Developer", () => {
      for (const [name, role] of Object.entries(OrgKind).filter(([, k]) => k !== OrgKind.Operator && k !== OrgKind.Developer)) {
        it(`reverts with QualificationRoleInvalid for ${name}`, async () => {
          const { q, keys } = await loadFixture(fixture);
          await expect(q.connect(keys.operator).applyFor(role, evidenceOf("x")))
            .to.be.revertedWithCustomError(q, "QualificationRoleInvalid")
            .withArgs(role);
        });
      }
    });

    context("when the applicant is of another kind than the role", () => {
      const cases = [
        ["developer", OrgKind.Developer, OrgKind.Operator],
        ["operator", OrgKind.Operator, OrgKind.Developer],
        ["source", OrgKind.DataSource, OrgKind.Operator],
        ["supervisor", OrgKind.BusinessSupervisor, OrgKind.Developer],
      ] as const;
      for (const [who, actual, role] of cases) {
        it(`reverts with WrongOrganizationKind when the ${who} applies as ${role === OrgKind.Operator ? "operator" : "developer"}`, async () => {
          const { q, keys, orgs } = await loadFixture(fixture);
          await expect(q.connect(keys[who]).applyFor(role, evidenceOf("x")))
            .to.be.revertedWithCustomError(q, "WrongOrganizationKind")
            .withArgs(orgs[who], actual, role);
        });
      }

      it("reverts with WrongOrganizationKind when bureau staff apply", async () => {
        const { q, bureauKey } = await loadFixture(fixture);
        await expect(q.connect(bureauKey).applyFor(OrgKind.Operator, evidenceOf("x")))
          .to.be.revertedWithCustomError(q, "WrongOrganizationKind")
          .withArgs(1, OrgKind.Bureau, OrgKind.Operator);
      });
    });

    context("when the caller is no organisation's key", () => {
      it("reverts with UnknownKey", async () => {
        const { q, keys } = await loadFixture(fixture);
        await expect(q.connect(keys.stranger).applyFor(OrgKind.Developer, evidenceOf("x")))
          .to.be.revertedWithCustomError(q, "UnknownKey")
          .withArgs(keys.stranger.address);
      });
    });

    context("when the applicant's organisation is suspended", () => {
      it("reverts with OrganizationNotActive", async () => {
        const { q, registry, bureauKey, keys, orgs } = await loadFixture(fixture);
        await registry.connect(bureauKey).suspendOrganization(orgs.developer, REASON);
        await expect(q.connect(keys.developer).applyFor(OrgKind.Developer, evidenceOf("x")))
          .to.be.revertedWithCustomError(q, "OrganizationNotActive")
          .withArgs(orgs.developer, 2);
      });
    });

    context("when the applicant already has a qualification in procedure or in force", () => {
      const stages: [string, () => Promise<F>, number][] = [
        ["applied", operatorAppliedFixture, QState.Applied],
        ["reviewed", operatorReviewedFixture, QState.Reviewed],
        ["in notice", operatorInNoticeFixture, QState.InNotice],
      ];
      for (const [name, stage, state] of stages) {
        it(`reverts with QualificationAlreadyPending when ${name}`, async () => {
          const { q, keys, orgs } = await loadFixture(stage);
          expect((await q.qualification(OPERATOR_Q)).state).to.equal(state);
          await expect(q.connect(keys.operator).applyFor(OrgKind.Operator, evidenceOf("again")))
            .to.be.revertedWithCustomError(q, "QualificationAlreadyPending")
            .withArgs(orgs.operator, OPERATOR_Q);
        });
      }

      it("Art. 15: reverts with QualificationOutsideRenewalWindow when active and the renewal window is not yet open", async () => {
        const f = await loadFixture(operatorActiveFixture);
        const validUntil = await validUntilOf(f, OPERATOR_Q);
        await expect(f.q.connect(f.keys.operator).applyFor(OrgKind.Operator, evidenceOf("again")))
          .to.be.revertedWithCustomError(f.q, "QualificationOutsideRenewalWindow")
          .withArgs(OPERATOR_Q, validUntil - RENEWAL_WINDOW, validUntil);
      });

      it("reverts with QualificationAlreadyPending when suspended", async () => {
        const { q, bureauKey, keys, orgs } = await loadFixture(operatorActiveFixture);
        await q.connect(bureauKey).suspend(OPERATOR_Q, REASON);
        await expect(q.connect(keys.operator).applyFor(OrgKind.Operator, evidenceOf("again")))
          .to.be.revertedWithCustomError(q, "QualificationAlreadyPending")
          .withArgs(orgs.operator, OPERATOR_Q);
      });
    });

    context("when the previous qualification has ended", () => {
      it("accepts a new application after a rejection", async () => {
        const { q, bureauKey, keys, orgs } = await loadFixture(operatorAppliedFixture);
        await q.connect(bureauKey).review(OPERATOR_Q, false, REPORT);
        await expect(q.connect(keys.operator).applyFor(OrgKind.Operator, evidenceOf("again")))
          .to.emit(q, "QualificationApplied")
          .withArgs(2, orgs.operator, OrgKind.Operator, 0, evidenceArgs("again"), keys.operator.address);
        expect(await q.currentQualification(orgs.operator)).to.equal(2);
      });

      it("accepts a new application after termination on the holder's own request", async () => {
        const { q, keys } = await loadFixture(operatorActiveFixture);
        await q.connect(keys.operator).terminate(OPERATOR_Q, TerminationReason.OwnRequest, REASON);
        await expect(q.connect(keys.operator).applyFor(OrgKind.Operator, evidenceOf("again"))).to.emit(q, "QualificationApplied");
      });

      it("accepts a new application once the active qualification has expired", async () => {
        const f = await loadFixture(operatorActiveFixture);
        const { q, keys, orgs } = f;
        await time.setNextBlockTimestamp((await validUntilOf(f, OPERATOR_Q)) + 1);
        await expect(q.connect(keys.operator).applyFor(OrgKind.Operator, evidenceOf("again")))
          .to.emit(q, "QualificationApplied")
          .withArgs(2, orgs.operator, OrgKind.Operator, 0, evidenceArgs("again"), keys.operator.address);
      });
    });

    context("when the applicant was revoked for a violation", () => {
      it("reverts with QualificationApplicantBarred until the 3-year bar ends, and accepts at its end", async () => {
        const { q, bureauKey, keys, orgs } = await loadFixture(operatorActiveFixture);
        await q.connect(bureauKey).revoke(OPERATOR_Q, TerminationReason.Breach, REASON);
        const bar = Number(await q.barredUntil(orgs.operator));
        expect(bar).to.equal((await time.latest()) + BAR);
        await expect(q.connect(keys.operator).applyFor(OrgKind.Operator, evidenceOf("again")))
          .to.be.revertedWithCustomError(q, "QualificationApplicantBarred")
          .withArgs(orgs.operator, bar);
        await time.setNextBlockTimestamp(bar - 1);
        await expect(q.connect(keys.operator).applyFor(OrgKind.Operator, evidenceOf("again")))
          .to.be.revertedWithCustomError(q, "QualificationApplicantBarred")
          .withArgs(orgs.operator, bar);
        await time.setNextBlockTimestamp(bar);
        await expect(q.connect(keys.operator).applyFor(OrgKind.Operator, evidenceOf("again")))
          .to.emit(q, "QualificationApplied")
          .withArgs(2, orgs.operator, OrgKind.Operator, 0, evidenceArgs("again"), keys.operator.address);
      });
    });
  });

  describe("review", () => {
    context("when bureau staff review the operator", () => {
      it("records a passed review and emits QualificationReviewed", async () => {
        const { q, bureauKey } = await loadFixture(operatorAppliedFixture);
        await expect(q.connect(bureauKey).review(OPERATOR_Q, true, REPORT))
          .to.emit(q, "QualificationReviewed")
          .withArgs(OPERATOR_Q, true, REPORT, 1, bureauKey.address)
          .and.not.to.emit(q, "QualificationRejected");
        const record = await q.qualification(OPERATOR_Q);
        expect(record.state).to.equal(QState.Reviewed);
        expect(record.reviewReportHash).to.equal(REPORT);
      });

      it("rejects the application on a failed review", async () => {
        const { q, bureauKey } = await loadFixture(operatorAppliedFixture);
        const tx = q.connect(bureauKey).review(OPERATOR_Q, false, REPORT);
        await expect(tx).to.emit(q, "QualificationReviewed").withArgs(OPERATOR_Q, false, REPORT, 1, bureauKey.address);
        await expect(tx).to.emit(q, "QualificationRejected").withArgs(OPERATOR_Q, REPORT, 1, bureauKey.address);
        expect((await q.qualification(OPERATOR_Q)).state).to.equal(QState.Rejected);
      });
    });

    context("when anyone but the bureau reviews the operator", () => {
      for (const who of ["operator", "developer", "supervisor"] as const) {
        it(`reverts with QualificationReviewerInvalid for the ${who}`, async () => {
          const { q, keys, orgs } = await loadFixture(operatorAppliedFixture);
          await expect(q.connect(keys[who]).review(OPERATOR_Q, true, REPORT))
            .to.be.revertedWithCustomError(q, "QualificationReviewerInvalid")
            .withArgs(OPERATOR_Q, orgs[who]);
        });
      }
    });

    context("when the qualified operator reviews a developer", () => {
      it("records the review", async () => {
        const { q, keys, orgs } = await loadFixture(developerAppliedFixture);
        await expect(q.connect(keys.operator).review(DEVELOPER_Q, true, REPORT))
          .to.emit(q, "QualificationReviewed")
          .withArgs(DEVELOPER_Q, true, REPORT, orgs.operator, keys.operator.address);
        expect((await q.qualification(DEVELOPER_Q)).state).to.equal(QState.Reviewed);
      });

      it("rejects the developer on a failed review", async () => {
        const { q, keys, orgs } = await loadFixture(developerAppliedFixture);
        await expect(q.connect(keys.operator).review(DEVELOPER_Q, false, REPORT))
          .to.emit(q, "QualificationRejected")
          .withArgs(DEVELOPER_Q, REPORT, orgs.operator, keys.operator.address);
      });
    });

    context("when anyone but a qualified operator reviews a developer", () => {
      it("reverts with QualificationReviewerInvalid for bureau staff", async () => {
        const { q, bureauKey } = await loadFixture(developerAppliedFixture);
        await expect(q.connect(bureauKey).review(DEVELOPER_Q, true, REPORT))
          .to.be.revertedWithCustomError(q, "QualificationReviewerInvalid")
          .withArgs(DEVELOPER_Q, 1);
      });

      it("reverts with QualificationReviewerInvalid for another developer", async () => {
        const { q, keys, orgs } = await loadFixture(developerAppliedFixture);
        await expect(q.connect(keys.developer2).review(DEVELOPER_Q, true, REPORT))
          .to.be.revertedWithCustomError(q, "QualificationReviewerInvalid")
          .withArgs(DEVELOPER_Q, orgs.developer2);
      });

      it("reverts with QualificationReviewerInvalid for an operator not yet qualified", async () => {
        const { q, keys, orgs } = await loadFixture(fixture);
        await q.connect(keys.developer).applyFor(OrgKind.Developer, evidenceOf("developer"));
        await expect(q.connect(keys.operator).review(1, true, REPORT))
          .to.be.revertedWithCustomError(q, "QualificationReviewerInvalid")
          .withArgs(1, orgs.operator);
      });

      it("reverts with QualificationReviewerInvalid for an operator whose qualification is suspended", async () => {
        const { q, bureauKey, keys, orgs } = await loadFixture(developerAppliedFixture);
        await q.connect(bureauKey).suspend(OPERATOR_Q, REASON);
        await expect(q.connect(keys.operator).review(DEVELOPER_Q, true, REPORT))
          .to.be.revertedWithCustomError(q, "QualificationReviewerInvalid")
          .withArgs(DEVELOPER_Q, orgs.operator);
      });

      it("reverts with OrganizationNotActive for an operator whose organisation is suspended", async () => {
        const { q, registry, bureauKey, keys, orgs } = await loadFixture(developerAppliedFixture);
        await registry.connect(bureauKey).suspendOrganization(orgs.operator, REASON);
        await expect(q.connect(keys.operator).review(DEVELOPER_Q, true, REPORT))
          .to.be.revertedWithCustomError(q, "OrganizationNotActive")
          .withArgs(orgs.operator, 2);
      });
    });

    context("when the qualification is unknown or not awaiting review", () => {
      it("reverts with QualificationUnknown", async () => {
        const { q, bureauKey } = await loadFixture(fixture);
        await expect(q.connect(bureauKey).review(99, true, REPORT)).to.be.revertedWithCustomError(q, "QualificationUnknown").withArgs(99);
      });

      it("reverts with QualificationStateInvalid once reviewed", async () => {
        const { q, bureauKey } = await loadFixture(operatorReviewedFixture);
        await expect(q.connect(bureauKey).review(OPERATOR_Q, true, REPORT))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(OPERATOR_Q, QState.Reviewed);
      });

      it("reverts with UnknownKey for an unknown caller", async () => {
        const { q, keys } = await loadFixture(operatorAppliedFixture);
        await expect(q.connect(keys.stranger).review(OPERATOR_Q, true, REPORT))
          .to.be.revertedWithCustomError(q, "UnknownKey")
          .withArgs(keys.stranger.address);
      });
    });
  });

  describe("decideOperator", () => {
    context("when the bureau's collective decision to approve is adopted", () => {
      it("records the decision and opens the public notice", async () => {
        const f = await loadFixture(operatorReviewedFixture);
        const { q, officials, ledger, keys } = f;
        const id = await decideOperatorId(f, OPERATOR_Q, true);
        await approveByOfficials(ledger, officials, id, 2);
        // Whoever submits the adopted decision is named; the decision is the bureau's.
        const tx = q.connect(keys.stranger).decideOperator(OPERATOR_Q, true, 0n);
        const now = (await time.latest()) + 1;
        await expect(tx).to.emit(q, "DecisionExecuted").withArgs(id, keys.stranger.address);
        await expect(tx).to.emit(q, "QualificationDecisionRecorded").withArgs(OPERATOR_Q, true, 1, keys.stranger.address);
        await expect(tx).to.emit(q, "QualificationNoticeStarted").withArgs(OPERATOR_Q, now + NOTICE);
        const record = await q.qualification(OPERATOR_Q);
        expect(record.state).to.equal(QState.InNotice);
        expect(record.noticeEndsAt).to.equal(now + NOTICE);
        expect(await q.isExecuted(id)).to.equal(true);
      });
    });

    context("when the bureau's collective decision to refuse is adopted", () => {
      it("rejects the application", async () => {
        const f = await loadFixture(operatorReviewedFixture);
        const { q, officials, ledger, bureauKey } = f;
        await approveByOfficials(ledger, officials, await decideOperatorId(f, OPERATOR_Q, false), 2);
        const tx = q.connect(bureauKey).decideOperator(OPERATOR_Q, false, 0n);
        await expect(tx).to.emit(q, "QualificationDecisionRecorded").withArgs(OPERATOR_Q, false, 1, bureauKey.address);
        await expect(tx).to.emit(q, "QualificationRejected").withArgs(OPERATOR_Q, ethers.ZeroHash, 1, bureauKey.address);
        expect((await q.qualification(OPERATOR_Q)).state).to.equal(QState.Rejected);
      });
    });

    context("when the decision has fewer approvals than the threshold", () => {
      it("reverts with DecisionNotAdopted", async () => {
        const f = await loadFixture(operatorReviewedFixture);
        const { q, officials, ledger, bureauKey } = f;
        const id = await decideOperatorId(f, OPERATOR_Q, true);
        await approveByOfficials(ledger, officials, id, 1);
        await expect(q.connect(bureauKey).decideOperator(OPERATOR_Q, true, 0n))
          .to.be.revertedWithCustomError(q, "DecisionNotAdopted")
          .withArgs(id, 1, 2);
      });

      it("does not count approvals of the opposite decision", async () => {
        const f = await loadFixture(operatorReviewedFixture);
        const { q, officials, ledger, bureauKey } = f;
        await approveByOfficials(ledger, officials, await decideOperatorId(f, OPERATOR_Q, true), 3);
        await expect(q.connect(bureauKey).decideOperator(OPERATOR_Q, false, 0n))
          .to.be.revertedWithCustomError(q, "DecisionNotAdopted")
          .withArgs(await decideOperatorId(f, OPERATOR_Q, false), 0, 2);
      });
    });

    context("when the qualification is a developer's", () => {
      it("reverts with QualificationRoleInvalid", async () => {
        const { q, bureauKey } = await loadFixture(developerReviewedFixture);
        await expect(q.connect(bureauKey).decideOperator(DEVELOPER_Q, true, 0n))
          .to.be.revertedWithCustomError(q, "QualificationRoleInvalid")
          .withArgs(OrgKind.Developer);
      });
    });

    context("when the qualification is not reviewed", () => {
      it("reverts with QualificationStateInvalid before the review", async () => {
        const { q, bureauKey } = await loadFixture(operatorAppliedFixture);
        await expect(q.connect(bureauKey).decideOperator(OPERATOR_Q, true, 0n))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(OPERATOR_Q, QState.Applied);
      });

      it("reverts with QualificationStateInvalid when decided a second time", async () => {
        const { q, bureauKey } = await loadFixture(operatorInNoticeFixture);
        await expect(q.connect(bureauKey).decideOperator(OPERATOR_Q, true, 0n))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(OPERATOR_Q, QState.InNotice);
      });
    });
  });

  describe("decideDeveloper", () => {
    context("when the bureau and the operator both approve", () => {
      it("records each half and opens the notice on the second", async () => {
        const { q, bureauKey, keys, orgs } = await loadFixture(developerReviewedFixture);
        await expect(q.connect(bureauKey).decideDeveloper(DEVELOPER_Q, true))
          .to.emit(q, "QualificationDecisionRecorded")
          .withArgs(DEVELOPER_Q, true, 1, bureauKey.address)
          .and.not.to.emit(q, "QualificationNoticeStarted");
        let record = await q.qualification(DEVELOPER_Q);
        expect(record.bureauApproved).to.equal(true);
        expect(record.operatorApproved).to.equal(false);
        expect(record.state).to.equal(QState.Reviewed);
        const tx = q.connect(keys.operator).decideDeveloper(DEVELOPER_Q, true);
        const now = (await time.latest()) + 1;
        await expect(tx).to.emit(q, "QualificationDecisionRecorded").withArgs(DEVELOPER_Q, true, orgs.operator, keys.operator.address);
        await expect(tx).to.emit(q, "QualificationNoticeStarted").withArgs(DEVELOPER_Q, now + NOTICE);
        record = await q.qualification(DEVELOPER_Q);
        expect(record.operatorApproved).to.equal(true);
        expect(record.state).to.equal(QState.InNotice);
      });

      it("opens the notice whichever half comes first", async () => {
        const { q, bureauKey, keys } = await loadFixture(developerReviewedFixture);
        await expect(q.connect(keys.operator).decideDeveloper(DEVELOPER_Q, true)).not.to.emit(q, "QualificationNoticeStarted");
        await expect(q.connect(bureauKey).decideDeveloper(DEVELOPER_Q, true)).to.emit(q, "QualificationNoticeStarted");
      });
    });

    context("when either half refuses", () => {
      it("rejects when the bureau refuses", async () => {
        const { q, bureauKey, keys } = await loadFixture(developerReviewedFixture);
        await q.connect(keys.operator).decideDeveloper(DEVELOPER_Q, true);
        await expect(q.connect(bureauKey).decideDeveloper(DEVELOPER_Q, false))
          .to.emit(q, "QualificationRejected")
          .withArgs(DEVELOPER_Q, ethers.ZeroHash, 1, bureauKey.address);
        expect((await q.qualification(DEVELOPER_Q)).state).to.equal(QState.Rejected);
      });

      it("rejects when the operator refuses after the bureau approved", async () => {
        const { q, bureauKey, keys, orgs } = await loadFixture(developerReviewedFixture);
        await q.connect(bureauKey).decideDeveloper(DEVELOPER_Q, true);
        const tx = q.connect(keys.operator).decideDeveloper(DEVELOPER_Q, false);
        await expect(tx).to.emit(q, "QualificationDecisionRecorded").withArgs(DEVELOPER_Q, false, orgs.operator, keys.operator.address);
        await expect(tx).to.emit(q, "QualificationRejected").withArgs(DEVELOPER_Q, ethers.ZeroHash, orgs.operator, keys.operator.address);
        await expect(q.connect(bureauKey).decideDeveloper(DEVELOPER_Q, true))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(DEVELOPER_Q, QState.Rejected);
      });
    });

    context("when the caller is neither the bureau nor a qualified operator", () => {
      for (const who of ["developer", "developer2", "supervisor", "source"] as const) {
        it(`reverts with QualificationReviewerInvalid for the ${who}`, async () => {
          const { q, keys, orgs } = await loadFixture(developerReviewedFixture);
          await expect(q.connect(keys[who]).decideDeveloper(DEVELOPER_Q, true))
            .to.be.revertedWithCustomError(q, "QualificationReviewerInvalid")
            .withArgs(DEVELOPER_Q, orgs[who]);
        });
      }

      it("reverts with QualificationReviewerInvalid for an operator whose qualification is suspended", async () => {
        const { q, bureauKey, keys, orgs } = await loadFixture(developerReviewedFixture);
        await q.connect(bureauKey).suspend(OPERATOR_Q, REASON);
        await expect(q.connect(keys.operator).decideDeveloper(DEVELOPER_Q, true))
          .to.be.revertedWithCustomError(q, "QualificationReviewerInvalid")
          .withArgs(DEVELOPER_Q, orgs.operator);
      });
    });

    context("when the qualification is the operator's or not reviewed", () => {
      it("reverts with QualificationRoleInvalid for the operator's qualification", async () => {
        const { q, bureauKey } = await loadFixture(operatorReviewedFixture);
        await expect(q.connect(bureauKey).decideDeveloper(OPERATOR_Q, true))
          .to.be.revertedWithCustomError(q, "QualificationRoleInvalid")
          .withArgs(OrgKind.Operator);
      });

      it("reverts with QualificationStateInvalid before the review", async () => {
        const { q, bureauKey } = await loadFixture(developerAppliedFixture);
        await expect(q.connect(bureauKey).decideDeveloper(DEVELOPER_Q, true))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(DEVELOPER_Q, QState.Applied);
      });
    });
  });

  describe("object", () => {
    context("when the notice is open", () => {
      it("records objections from anyone, numbered from 0", async () => {
        const { q, keys } = await loadFixture(operatorInNoticeFixture);
        const first = ethers.id("objection: undisclosed security incident");
        await expect(q.connect(keys.stranger).object(OPERATOR_Q, first))
          .to.emit(q, "QualificationObjectionLodged")
          .withArgs(OPERATOR_Q, 0, first, keys.stranger.address);
        await expect(q.connect(keys.developer).object(OPERATOR_Q, REASON))
          .to.emit(q, "QualificationObjectionLodged")
          .withArgs(OPERATOR_Q, 1, REASON, keys.developer.address);
        expect((await q.qualification(OPERATOR_Q)).openObjections).to.equal(2);
      });
    });

    context("when the notice has ended", () => {
      it("reverts with QualificationNoticeClosed", async () => {
        const f = await loadFixture(operatorInNoticeFixture);
        const endsAt = Number((await f.q.qualification(OPERATOR_Q)).noticeEndsAt);
        await time.setNextBlockTimestamp(endsAt);
        await expect(f.q.connect(f.keys.stranger).object(OPERATOR_Q, REASON))
          .to.be.revertedWithCustomError(f.q, "QualificationNoticeClosed")
          .withArgs(OPERATOR_Q, endsAt);
      });
    });

    context("when the qualification is not in notice", () => {
      it("reverts with QualificationStateInvalid", async () => {
        const { q, keys } = await loadFixture(operatorReviewedFixture);
        await expect(q.connect(keys.stranger).object(OPERATOR_Q, REASON))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(OPERATOR_Q, QState.Reviewed);
      });

      it("reverts with QualificationUnknown for an unknown id", async () => {
        const { q, keys } = await loadFixture(fixture);
        await expect(q.connect(keys.stranger).object(5, REASON)).to.be.revertedWithCustomError(q, "QualificationUnknown").withArgs(5);
      });
    });
  });

  describe("resolveObjection", () => {
    async function objectedFixture() {
      const f = await operatorInNoticeFixture();
      await f.q.connect(f.keys.stranger).object(OPERATOR_Q, REASON);
      return f;
    }
    const RESOLUTION = ethers.id("resolution");

    context("when bureau staff dismiss the objection", () => {
      it("closes it, and activation proceeds after the notice", async () => {
        const { q, bureauKey } = await loadFixture(objectedFixture);
        await expect(q.connect(bureauKey).resolveObjection(OPERATOR_Q, 0, false, RESOLUTION))
          .to.emit(q, "QualificationObjectionResolved")
          .withArgs(OPERATOR_Q, 0, false, RESOLUTION, 1, bureauKey.address)
          .and.not.to.emit(q, "QualificationRejected");
        const record = await q.qualification(OPERATOR_Q);
        expect(record.openObjections).to.equal(0);
        expect(record.state).to.equal(QState.InNotice);
        await time.increaseTo(record.noticeEndsAt);
        const validUntil = (await time.latest()) + YEAR;
        await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, validUntil)).to.emit(q, "QualificationActivated");
      });
    });

    context("when bureau staff uphold the objection", () => {
      it("rejects the application with the resolution as reason", async () => {
        const { q, bureauKey } = await loadFixture(objectedFixture);
        const tx = q.connect(bureauKey).resolveObjection(OPERATOR_Q, 0, true, RESOLUTION);
        await expect(tx).to.emit(q, "QualificationObjectionResolved").withArgs(OPERATOR_Q, 0, true, RESOLUTION, 1, bureauKey.address);
        await expect(tx).to.emit(q, "QualificationRejected").withArgs(OPERATOR_Q, RESOLUTION, 1, bureauKey.address);
        expect((await q.qualification(OPERATOR_Q)).state).to.equal(QState.Rejected);
      });
    });

    context("when the objection is unknown or already resolved", () => {
      it("reverts with QualificationObjectionUnknown for an index never lodged", async () => {
        const { q, bureauKey } = await loadFixture(objectedFixture);
        await expect(q.connect(bureauKey).resolveObjection(OPERATOR_Q, 1, false, RESOLUTION))
          .to.be.revertedWithCustomError(q, "QualificationObjectionUnknown")
          .withArgs(OPERATOR_Q, 1);
      });

      it("reverts with QualificationObjectionUnknown for a resolved objection", async () => {
        const { q, bureauKey } = await loadFixture(objectedFixture);
        await q.connect(bureauKey).resolveObjection(OPERATOR_Q, 0, false, RESOLUTION);
        await expect(q.connect(bureauKey).resolveObjection(OPERATOR_Q, 0, false, RESOLUTION))
          .to.be.revertedWithCustomError(q, "QualificationObjectionUnknown")
          .withArgs(OPERATOR_Q, 0);
      });
    });

    context("when the application was rejected by another objection", () => {
      it("reverts with QualificationStateInvalid", async () => {
        const { q, bureauKey, keys } = await loadFixture(objectedFixture);
        await q.connect(keys.stranger).object(OPERATOR_Q, REASON);
        await q.connect(bureauKey).resolveObjection(OPERATOR_Q, 0, true, RESOLUTION);
        await expect(q.connect(bureauKey).resolveObjection(OPERATOR_Q, 1, false, RESOLUTION))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(OPERATOR_Q, QState.Rejected);
      });
    });

    context("when the caller is not bureau staff", () => {
      for (const [who, kind] of [
        ["operator", OrgKind.Operator],
        ["supervisor", OrgKind.BusinessSupervisor],
      ] as const) {
        it(`reverts with WrongOrganizationKind for the ${who}`, async () => {
          const { q, keys, orgs } = await loadFixture(objectedFixture);
          await expect(q.connect(keys[who]).resolveObjection(OPERATOR_Q, 0, false, RESOLUTION))
            .to.be.revertedWithCustomError(q, "WrongOrganizationKind")
            .withArgs(orgs[who], kind, OrgKind.Bureau);
        });
      }
    });
  });

  describe("activate", () => {
    async function noticeOverFixture() {
      const f = await operatorInNoticeFixture();
      await passNotice(f, OPERATOR_Q);
      return f;
    }

    context("when an earlier qualification of the applicant was revoked during this procedure", () => {
      it("reverts with QualificationApplicantBarred: the bar holds at activation too", async () => {
        const f = await loadFixture(operatorActiveFixture);
        const { q, bureauKey, keys, orgs, officials } = f;
        await time.setNextBlockTimestamp((await validUntilOf(f, OPERATOR_Q)) + 1);
        await q.connect(keys.operator).applyFor(OrgKind.Operator, evidenceOf("again"));
        await q.connect(bureauKey).review(2, true, REASON);
        await approveByOfficials(f.ledger, officials, decisionId(await q.getAddress(), "decideOperator", ["uint32", "bool", "uint256"], [2, true, 0n]));
        await q.connect(bureauKey).decideOperator(2, true, 0n);
        await q.connect(bureauKey).revoke(OPERATOR_Q, TerminationReason.Breach, REASON);
        const bar = Number(await q.barredUntil(orgs.operator));
        await advanceTime(NOTICE + 1);
        await expect(q.connect(bureauKey).activate(2, AGREEMENT, ALL_CLAUSES, COMMITMENT, (await time.latest()) + YEAR))
          .to.be.revertedWithCustomError(q, "QualificationApplicantBarred")
          .withArgs(orgs.operator, bar);
      });
    });

    context("when the notice is over with no open objection and the agreement is complete", () => {
      it("activates the operator's qualification for the term asked", async () => {
        const { q, bureauKey, orgs } = await loadFixture(noticeOverFixture);
        const at = (await time.latest()) + 1;
        await time.setNextBlockTimestamp(at);
        const validUntil = at + 3 * YEAR;
        await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, validUntil))
          .to.emit(q, "QualificationActivated")
          .withArgs(OPERATOR_Q, orgs.operator, validUntil, AGREEMENT, ALL_CLAUSES, COMMITMENT, 1, bureauKey.address);
        const record = await q.qualification(OPERATOR_Q);
        expect(record.state).to.equal(QState.Active);
        expect(record.validFrom).to.equal(at);
        expect(record.validUntil).to.equal(validUntil);
        expect(record.agreementHash).to.equal(AGREEMENT);
        expect(record.securityCommitmentHash).to.equal(COMMITMENT);
        expect(await q.isQualifiedAt(orgs.operator, at)).to.equal(true);
      });

      it("accepts exactly the maximum term", async () => {
        const { q, bureauKey } = await loadFixture(noticeOverFixture);
        const at = (await time.latest()) + 1;
        await time.setNextBlockTimestamp(at);
        await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, at + MAX_TERM)).to.emit(
          q,
          "QualificationActivated",
        );
      });

      it("accepts a manifest with bits beyond the ten clauses", async () => {
        const { q, bureauKey } = await loadFixture(noticeOverFixture);
        const validUntil = (await time.latest()) + YEAR;
        await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, 0xffff, COMMITMENT, validUntil)).to.emit(q, "QualificationActivated");
      });

      it("lets the qualified operator activate a developer", async () => {
        const f = await loadFixture(developerInNoticeFixture);
        await passNotice(f, DEVELOPER_Q);
        const validUntil = (await time.latest()) + YEAR;
        await expect(f.q.connect(f.keys.operator).activate(DEVELOPER_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, validUntil))
          .to.emit(f.q, "QualificationActivated")
          .withArgs(DEVELOPER_Q, f.orgs.developer, validUntil, AGREEMENT, ALL_CLAUSES, COMMITMENT, f.orgs.operator, f.keys.operator.address);
        expect(await f.q.isQualifiedAt(f.orgs.developer, await time.latest())).to.equal(true);
      });
    });

    context("when the notice is still open", () => {
      it("reverts with QualificationNoticeOpen until its last second", async () => {
        const { q, bureauKey } = await loadFixture(operatorInNoticeFixture);
        const endsAt = Number((await q.qualification(OPERATOR_Q)).noticeEndsAt);
        await time.setNextBlockTimestamp(endsAt - 1);
        await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, endsAt + YEAR))
          .to.be.revertedWithCustomError(q, "QualificationNoticeOpen")
          .withArgs(OPERATOR_Q, endsAt);
        await time.setNextBlockTimestamp(endsAt);
        await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, endsAt + YEAR)).to.emit(q, "QualificationActivated");
      });
    });

    context("when an objection is open", () => {
      it("reverts with QualificationObjectionsOpen, even after the notice", async () => {
        const f = await loadFixture(operatorInNoticeFixture);
        await f.q.connect(f.keys.stranger).object(OPERATOR_Q, REASON);
        await f.q.connect(f.keys.developer).object(OPERATOR_Q, REASON);
        await passNotice(f, OPERATOR_Q);
        const validUntil = (await time.latest()) + YEAR;
        await expect(f.q.connect(f.bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, validUntil))
          .to.be.revertedWithCustomError(f.q, "QualificationObjectionsOpen")
          .withArgs(OPERATOR_Q, 2);
        await f.q.connect(f.bureauKey).resolveObjection(OPERATOR_Q, 0, false, REASON);
        await expect(f.q.connect(f.bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, validUntil))
          .to.be.revertedWithCustomError(f.q, "QualificationObjectionsOpen")
          .withArgs(OPERATOR_Q, 1);
      });
    });

    context("when the agreement misses a clause of Art. 14", () => {
      CLAUSES.forEach((clause, i) => {
        const bit = 1 << i;
        it(`reverts with QualificationAgreementIncomplete when ${clause} is missing`, async () => {
          const { q, bureauKey } = await loadFixture(noticeOverFixture);
          const manifest = ALL_CLAUSES & ~bit;
          const validUntil = (await time.latest()) + YEAR;
          await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, manifest, COMMITMENT, validUntil))
            .to.be.revertedWithCustomError(q, "QualificationAgreementIncomplete")
            .withArgs(manifest, bit);
        });
      });

      it("reverts with QualificationAgreementIncomplete naming every missing clause of an empty manifest", async () => {
        const { q, bureauKey } = await loadFixture(noticeOverFixture);
        const validUntil = (await time.latest()) + YEAR;
        await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, 0, COMMITMENT, validUntil))
          .to.be.revertedWithCustomError(q, "QualificationAgreementIncomplete")
          .withArgs(0, ALL_CLAUSES);
      });
    });

    context("when the term is invalid", () => {
      it("reverts with QualificationTermInvalid one second over the maximum term", async () => {
        const { q, bureauKey } = await loadFixture(noticeOverFixture);
        const at = (await time.latest()) + 1;
        await time.setNextBlockTimestamp(at);
        await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, at + MAX_TERM + 1))
          .to.be.revertedWithCustomError(q, "QualificationTermInvalid")
          .withArgs(at + MAX_TERM + 1, at + MAX_TERM);
      });

      it("reverts with QualificationTermInvalid for an end not in the future", async () => {
        const { q, bureauKey } = await loadFixture(noticeOverFixture);
        const at = (await time.latest()) + 1;
        await time.setNextBlockTimestamp(at);
        await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, at))
          .to.be.revertedWithCustomError(q, "QualificationTermInvalid")
          .withArgs(at, at + MAX_TERM);
      });
    });

    context("when the caller is not the reviewing body", () => {
      it("reverts with QualificationReviewerInvalid when the operator activates itself", async () => {
        const { q, keys, orgs } = await loadFixture(noticeOverFixture);
        const validUntil = (await time.latest()) + YEAR;
        await expect(q.connect(keys.operator).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, validUntil))
          .to.be.revertedWithCustomError(q, "QualificationReviewerInvalid")
          .withArgs(OPERATOR_Q, orgs.operator);
      });

      it("reverts with QualificationReviewerInvalid when bureau staff activate a developer", async () => {
        const f = await loadFixture(developerInNoticeFixture);
        await passNotice(f, DEVELOPER_Q);
        const validUntil = (await time.latest()) + YEAR;
        await expect(f.q.connect(f.bureauKey).activate(DEVELOPER_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, validUntil))
          .to.be.revertedWithCustomError(f.q, "QualificationReviewerInvalid")
          .withArgs(DEVELOPER_Q, 1);
      });
    });

    context("when the qualification is not in notice", () => {
      it("reverts with QualificationStateInvalid", async () => {
        const { q, bureauKey } = await loadFixture(operatorActiveFixture);
        await expect(q.connect(bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, (await time.latest()) + YEAR))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(OPERATOR_Q, QState.Active);
      });
    });
  });

  describe("suspend", () => {
    context("when bureau staff suspend an active qualification", () => {
      it("suspends it, and the holder is no longer qualified", async () => {
        const { q, bureauKey, orgs } = await loadFixture(operatorActiveFixture);
        await expect(q.connect(bureauKey).suspend(OPERATOR_Q, REASON))
          .to.emit(q, "QualificationSuspended")
          .withArgs(OPERATOR_Q, REASON, 1, bureauKey.address);
        expect((await q.qualification(OPERATOR_Q)).state).to.equal(QState.Suspended);
        expect(await q.isQualifiedAt(orgs.operator, await time.latest())).to.equal(false);
      });
    });

    context("when the qualification is not active", () => {
      it("reverts with QualificationStateInvalid", async () => {
        const { q, bureauKey } = await loadFixture(operatorActiveFixture);
        await q.connect(bureauKey).suspend(OPERATOR_Q, REASON);
        await expect(q.connect(bureauKey).suspend(OPERATOR_Q, REASON))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(OPERATOR_Q, QState.Suspended);
      });
    });

    context("when the caller is not bureau staff", () => {
      for (const [who, kind] of [
        ["operator", OrgKind.Operator],
        ["securitySupervisor", OrgKind.SecuritySupervisor],
      ] as const) {
        it(`reverts with WrongOrganizationKind for the ${who}`, async () => {
          const { q, keys, orgs } = await loadFixture(operatorActiveFixture);
          await expect(q.connect(keys[who]).suspend(OPERATOR_Q, REASON))
            .to.be.revertedWithCustomError(q, "WrongOrganizationKind")
            .withArgs(orgs[who], kind, OrgKind.Bureau);
        });
      }
    });
  });

  describe("reinstate", () => {
    context("when bureau staff reinstate a suspended qualification", () => {
      it("makes it active again", async () => {
        const { q, bureauKey, orgs } = await loadFixture(operatorActiveFixture);
        await q.connect(bureauKey).suspend(OPERATOR_Q, REASON);
        await expect(q.connect(bureauKey).reinstate(OPERATOR_Q, REASON))
          .to.emit(q, "QualificationReinstated")
          .withArgs(OPERATOR_Q, REASON, 1, bureauKey.address);
        expect(await q.isQualifiedAt(orgs.operator, await time.latest())).to.equal(true);
      });
    });

    context("when the qualification is not suspended", () => {
      it("reverts with QualificationStateInvalid", async () => {
        const { q, bureauKey } = await loadFixture(operatorActiveFixture);
        await expect(q.connect(bureauKey).reinstate(OPERATOR_Q, REASON))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(OPERATOR_Q, QState.Active);
      });
    });

    context("when the caller is not bureau staff", () => {
      it("reverts with WrongOrganizationKind for the holder", async () => {
        const { q, bureauKey, keys, orgs } = await loadFixture(operatorActiveFixture);
        await q.connect(bureauKey).suspend(OPERATOR_Q, REASON);
        await expect(q.connect(keys.operator).reinstate(OPERATOR_Q, REASON))
          .to.be.revertedWithCustomError(q, "WrongOrganizationKind")
          .withArgs(orgs.operator, OrgKind.Operator, OrgKind.Bureau);
      });
    });
  });

  describe("terminate", () => {
    context("when the holder asks on its own request (主动申请)", () => {
      it("terminates with OwnRequest", async () => {
        const { q, keys, orgs } = await loadFixture(developerActiveFixture);
        await expect(q.connect(keys.developer).terminate(DEVELOPER_Q, TerminationReason.OwnRequest, REASON))
          .to.emit(q, "QualificationTerminated")
          .withArgs(DEVELOPER_Q, TerminationReason.OwnRequest, REASON, orgs.developer, keys.developer.address);
        const record = await q.qualification(DEVELOPER_Q);
        expect(record.state).to.equal(QState.Terminated);
        expect(record.endReason).to.equal(TerminationReason.OwnRequest);
        expect(await q.isQualifiedAt(orgs.developer, await time.latest())).to.equal(false);
        expect(await q.barredUntil(orgs.developer)).to.equal(0);
      });
    });

    context("when the holder gives any other reason", () => {
      for (const [name, reason] of Object.entries(TerminationReason).filter(([, r]) => r !== TerminationReason.OwnRequest)) {
        it(`reverts with QualificationReasonInvalid for ${name}`, async () => {
          const { q, keys } = await loadFixture(developerActiveFixture);
          await expect(q.connect(keys.developer).terminate(DEVELOPER_Q, reason, REASON))
            .to.be.revertedWithCustomError(q, "QualificationReasonInvalid")
            .withArgs(reason);
        });
      }
    });

    context("when another organisation asks", () => {
      for (const who of ["developer2", "operator", "supervisor"] as const) {
        it(`reverts with QualificationNotHolder for the ${who}`, async () => {
          const { q, keys, orgs } = await loadFixture(developerActiveFixture);
          await expect(q.connect(keys[who]).terminate(DEVELOPER_Q, TerminationReason.OwnRequest, REASON))
            .to.be.revertedWithCustomError(q, "QualificationNotHolder")
            .withArgs(DEVELOPER_Q, orgs[who]);
        });
      }
    });

    context("when bureau staff terminate", () => {
      const grounds = [
        ["OwnRequest", TerminationReason.OwnRequest],
        ["FailedCapabilityAssessment", TerminationReason.FailedCapabilityAssessment],
        ["ChangeOfLaw", TerminationReason.ChangeOfLaw],
      ] as const;
      const violations = [
        ["UnlawfulUse", TerminationReason.UnlawfulUse],
        ["Breach", TerminationReason.Breach],
        ["SecurityRisk", TerminationReason.SecurityRisk],
      ] as const;
      for (const [name, reason] of violations) {
        it(`reverts with QualificationReasonInvalid for the violation ${name} (violations go through revoke, which bars)`, async () => {
          const { q, bureauKey } = await loadFixture(developerActiveFixture);
          await expect(q.connect(bureauKey).terminate(DEVELOPER_Q, reason, REASON))
            .to.be.revertedWithCustomError(q, "QualificationReasonInvalid")
            .withArgs(reason);
        });
      }
      for (const [name, reason] of grounds) {
        it(`terminates for ${name}`, async () => {
          const { q, bureauKey } = await loadFixture(developerActiveFixture);
          await expect(q.connect(bureauKey).terminate(DEVELOPER_Q, reason, REASON))
            .to.emit(q, "QualificationTerminated")
            .withArgs(DEVELOPER_Q, reason, REASON, 1, bureauKey.address);
          expect((await q.qualification(DEVELOPER_Q)).endReason).to.equal(reason);
        });
      }

      it("terminates a suspended qualification", async () => {
        const { q, bureauKey } = await loadFixture(developerActiveFixture);
        await q.connect(bureauKey).suspend(DEVELOPER_Q, REASON);
        await expect(q.connect(bureauKey).terminate(DEVELOPER_Q, TerminationReason.FailedCapabilityAssessment, REASON)).to.emit(
          q,
          "QualificationTerminated",
        );
      });

      it("reverts with QualificationReasonInvalid for None", async () => {
        const { q, bureauKey } = await loadFixture(developerActiveFixture);
        await expect(q.connect(bureauKey).terminate(DEVELOPER_Q, TerminationReason.None, REASON))
          .to.be.revertedWithCustomError(q, "QualificationReasonInvalid")
          .withArgs(TerminationReason.None);
      });
    });

    context("when the ground is expiry (期满)", () => {
      it("reverts with QualificationReasonInvalid up to and including validUntil", async () => {
        const f = await loadFixture(developerActiveFixture);
        const validUntil = await validUntilOf(f, DEVELOPER_Q);
        await time.setNextBlockTimestamp(validUntil);
        await expect(f.q.connect(f.bureauKey).terminate(DEVELOPER_Q, TerminationReason.Expiry, REASON))
          .to.be.revertedWithCustomError(f.q, "QualificationReasonInvalid")
          .withArgs(TerminationReason.Expiry);
      });

      it("terminates once the term is over", async () => {
        const f = await loadFixture(developerActiveFixture);
        await time.setNextBlockTimestamp((await validUntilOf(f, DEVELOPER_Q)) + 1);
        await expect(f.q.connect(f.bureauKey).terminate(DEVELOPER_Q, TerminationReason.Expiry, REASON))
          .to.emit(f.q, "QualificationTerminated")
          .withArgs(DEVELOPER_Q, TerminationReason.Expiry, REASON, 1, f.bureauKey.address);
      });
    });

    context("when the qualification is not active or suspended", () => {
      it("reverts with QualificationStateInvalid once terminated", async () => {
        const { q, keys } = await loadFixture(developerActiveFixture);
        await q.connect(keys.developer).terminate(DEVELOPER_Q, TerminationReason.OwnRequest, REASON);
        await expect(q.connect(keys.developer).terminate(DEVELOPER_Q, TerminationReason.OwnRequest, REASON))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(DEVELOPER_Q, QState.Terminated);
      });

      it("reverts with QualificationStateInvalid while in procedure", async () => {
        const { q, bureauKey } = await loadFixture(operatorInNoticeFixture);
        await expect(q.connect(bureauKey).terminate(OPERATOR_Q, TerminationReason.ChangeOfLaw, REASON))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(OPERATOR_Q, QState.InNotice);
      });

      it("reverts with QualificationUnknown for an unknown id", async () => {
        const { q, bureauKey } = await loadFixture(fixture);
        await expect(q.connect(bureauKey).terminate(9, TerminationReason.ChangeOfLaw, REASON))
          .to.be.revertedWithCustomError(q, "QualificationUnknown")
          .withArgs(9);
      });
    });
  });

  describe("revoke", () => {
    context("when bureau staff revoke for a violation", () => {
      const violations = [
        ["UnlawfulUse", TerminationReason.UnlawfulUse],
        ["Breach", TerminationReason.Breach],
        ["SecurityRisk", TerminationReason.SecurityRisk],
      ] as const;
      for (const [name, reason] of violations) {
        it(`revokes for ${name} and bars the holder for 3 years`, async () => {
          const { q, bureauKey, orgs } = await loadFixture(developerActiveFixture);
          const at = (await time.latest()) + 1;
          await time.setNextBlockTimestamp(at);
          const tx = q.connect(bureauKey).revoke(DEVELOPER_Q, reason, REASON);
          await expect(tx).to.emit(q, "QualificationRevoked").withArgs(DEVELOPER_Q, reason, at + BAR, 1, bureauKey.address);
          await expect(tx).to.emit(q, "QualificationTerminated").withArgs(DEVELOPER_Q, reason, REASON, 1, bureauKey.address);
          const record = await q.qualification(DEVELOPER_Q);
          expect(record.state).to.equal(QState.Revoked);
          expect(record.endReason).to.equal(reason);
          expect(await q.barredUntil(orgs.developer)).to.equal(at + BAR);
          expect(await q.isQualifiedAt(orgs.developer, at)).to.equal(false);
        });
      }

      it("revokes a suspended qualification", async () => {
        const { q, bureauKey } = await loadFixture(developerActiveFixture);
        await q.connect(bureauKey).suspend(DEVELOPER_Q, REASON);
        await expect(q.connect(bureauKey).revoke(DEVELOPER_Q, TerminationReason.SecurityRisk, REASON)).to.emit(q, "QualificationRevoked");
      });
    });

    context("when the reason is not a violation", () => {
      const others = [
        ["None", TerminationReason.None],
        ["Expiry", TerminationReason.Expiry],
        ["OwnRequest", TerminationReason.OwnRequest],
        ["FailedCapabilityAssessment", TerminationReason.FailedCapabilityAssessment],
        ["ChangeOfLaw", TerminationReason.ChangeOfLaw],
      ] as const;
      for (const [name, reason] of others) {
        it(`reverts with QualificationReasonInvalid for ${name}`, async () => {
          const { q, bureauKey } = await loadFixture(developerActiveFixture);
          await expect(q.connect(bureauKey).revoke(DEVELOPER_Q, reason, REASON))
            .to.be.revertedWithCustomError(q, "QualificationReasonInvalid")
            .withArgs(reason);
        });
      }
    });

    context("when the caller is not bureau staff", () => {
      it("reverts with WrongOrganizationKind for the operator", async () => {
        const { q, keys, orgs } = await loadFixture(developerActiveFixture);
        await expect(q.connect(keys.operator).revoke(DEVELOPER_Q, TerminationReason.Breach, REASON))
          .to.be.revertedWithCustomError(q, "WrongOrganizationKind")
          .withArgs(orgs.operator, OrgKind.Operator, OrgKind.Bureau);
      });
    });

    context("when the qualification is not active or suspended", () => {
      it("reverts with QualificationStateInvalid once revoked", async () => {
        const { q, bureauKey } = await loadFixture(developerActiveFixture);
        await q.connect(bureauKey).revoke(DEVELOPER_Q, TerminationReason.Breach, REASON);
        await expect(q.connect(bureauKey).revoke(DEVELOPER_Q, TerminationReason.Breach, REASON))
          .to.be.revertedWithCustomError(q, "QualificationStateInvalid")
          .withArgs(DEVELOPER_Q, QState.Revoked);
      });
    });
  });

  describe("eligibility is evidence, not silence (Art. 10, 12, 13; R5, R7)", () => {
    const ZERO = ethers.ZeroHash;
    const items = ["eligibility", "team", "securitySystem", "securityOfficer"] as const;
    items.forEach((item, index) => {
      it(`Art. 10, 12 (2): refuses an application whose ${item} evidence is empty`, async () => {
        const { q, keys } = await loadFixture(fixture);
        await expect(q.connect(keys.operator).applyFor(OrgKind.Operator, { ...evidenceOf("operator"), [item]: ZERO }))
          .to.be.revertedWithCustomError(q, "QualificationEvidenceMissing")
          .withArgs(index);
      });
    });

    it("Art. 12 (5): refuses an activation without the data-security commitment letter", async () => {
      const f = await loadFixture(operatorInNoticeFixture);
      await passNotice(f, OPERATOR_Q);
      const validUntil = (await time.latest()) + YEAR;
      await expect(f.q.connect(f.bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, ZERO, validUntil))
        .to.be.revertedWithCustomError(f.q, "QualificationCommitmentMissing")
        .withArgs(OPERATOR_Q);
    });

    it("Art. 10 (4): refuses an application within 3 years of a security incident reported about the applicant, and accepts it after", async () => {
      const f = await loadFixture(operatorActiveFixture);
      await f.ledger.supervision.connect(f.bureauKey).reportIncident(f.orgs.developer, 2, REASON, false);
      const at = await time.latest();
      expect(await f.q.lastIncidentAt(f.orgs.developer)).to.equal(at);
      await expect(f.q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("developer")))
        .to.be.revertedWithCustomError(f.q, "QualificationRecentIncident")
        .withArgs(f.orgs.developer, at, at + 3 * YEAR);
      await time.setNextBlockTimestamp(at + 3 * YEAR);
      await expect(f.q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("developer"))).to.emit(f.q, "QualificationApplied");
    });

    it("Art. 10 (4): refuses to activate an applicant about whom an incident was reported during the procedure", async () => {
      const f = await loadFixture(operatorInNoticeFixture);
      await f.ledger.supervision.connect(f.bureauKey).reportIncident(f.orgs.operator, 1, REASON, false);
      const at = await time.latest();
      await passNotice(f, OPERATOR_Q);
      await expect(f.q.connect(f.bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, (await time.latest()) + YEAR))
        .to.be.revertedWithCustomError(f.q, "QualificationRecentIncident")
        .withArgs(f.orgs.operator, at, at + 3 * YEAR);
    });

    it("Art. 28: only a ledger contract the bureau authorized records an incident", async () => {
      const { q, bureauKey } = await loadFixture(fixture);
      await expect(q.connect(bureauKey).noteIncident(2)).to.be.revertedWithCustomError(q, "QualificationIncidentSourceInvalid").withArgs(bureauKey.address);
    });
  });

  describe("renewal as a new application (Art. 15, 12, 13; R7, R9)", () => {
    /** The developer's renewal application (id 3) filed 30 days before its expiry. */
    async function developerRenewalAppliedFixture() {
      const f = await developerActiveFixture();
      await time.increaseTo((await validUntilOf(f, DEVELOPER_Q)) - 30 * DAY);
      await f.q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("renewal"));
      return f;
    }
    const RENEWAL_Q = 3;

    context("when the holder applies inside the window", () => {
      it("Art. 15: records a renewal application at the window's first second, keeping the old qualification in force", async () => {
        const f = await loadFixture(developerActiveFixture);
        const validUntil = await validUntilOf(f, DEVELOPER_Q);
        await time.setNextBlockTimestamp(validUntil - RENEWAL_WINDOW);
        await expect(f.q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("renewal")))
          .to.emit(f.q, "QualificationApplied")
          .withArgs(RENEWAL_Q, f.orgs.developer, OrgKind.Developer, DEVELOPER_Q, evidenceArgs("renewal"), f.keys.developer.address);
        expect((await f.q.qualification(RENEWAL_Q)).renews).to.equal(DEVELOPER_Q);
        expect(await f.q.pendingRenewal(f.orgs.developer)).to.equal(RENEWAL_Q);
        expect(await f.q.currentQualification(f.orgs.developer)).to.equal(DEVELOPER_Q);
        expect(await f.q.isQualifiedAt(f.orgs.developer, validUntil)).to.equal(true);
      });

      it("Art. 15: accepts a renewal application at the term's last second", async () => {
        const f = await loadFixture(developerActiveFixture);
        await time.setNextBlockTimestamp(await validUntilOf(f, DEVELOPER_Q));
        await expect(f.q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("renewal"))).to.emit(f.q, "QualificationApplied");
      });
    });

    context("when the holder applies before the window opens", () => {
      it("Art. 15: reverts with QualificationOutsideRenewalWindow one second before it opens", async () => {
        const f = await loadFixture(developerActiveFixture);
        const validUntil = await validUntilOf(f, DEVELOPER_Q);
        await time.setNextBlockTimestamp(validUntil - RENEWAL_WINDOW - 1);
        await expect(f.q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("renewal")))
          .to.be.revertedWithCustomError(f.q, "QualificationOutsideRenewalWindow")
          .withArgs(DEVELOPER_Q, validUntil - RENEWAL_WINDOW, validUntil);
      });
    });

    context("when a renewal application is already in progress", () => {
      it("Art. 15: reverts with QualificationAlreadyPending", async () => {
        const f = await loadFixture(developerRenewalAppliedFixture);
        await expect(f.q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("again")))
          .to.be.revertedWithCustomError(f.q, "QualificationAlreadyPending")
          .withArgs(f.orgs.developer, RENEWAL_Q);
      });
    });

    context("when the renewal goes through the steps", () => {
      it("Art. 12, 15: the operator cannot be renewed by one bureau key: the collective decision is needed", async () => {
        const f = await loadFixture(operatorActiveFixture);
        await time.increaseTo((await validUntilOf(f, OPERATOR_Q)) - DAY);
        await f.q.connect(f.keys.operator).applyFor(OrgKind.Operator, evidenceOf("renewal"));
        const id = Number(await f.q.pendingRenewal(f.orgs.operator));
        await f.q.connect(f.bureauKey).review(id, true, REPORT);
        await expect(f.q.connect(f.bureauKey).decideOperator(id, true, 0n))
          .to.be.revertedWithCustomError(f.q, "DecisionNotAdopted")
          .withArgs(await decideOperatorId(f, id, true), 0, 2);
      });

      it("Art. 13, 15: a developer's renewal needs the bureau's half of the joint decision, not the operator's alone", async () => {
        const f = await loadFixture(developerRenewalAppliedFixture);
        await f.q.connect(f.keys.operator).review(RENEWAL_Q, true, REPORT);
        await f.q.connect(f.keys.operator).decideDeveloper(RENEWAL_Q, true);
        expect((await f.q.qualification(RENEWAL_Q)).state).to.equal(QState.Reviewed);
        await expect(f.q.connect(f.bureauKey).decideDeveloper(RENEWAL_Q, true)).to.emit(f.q, "QualificationNoticeStarted");
      });

      it("Art. 12 (4), 15: an upheld objection in the renewal's notice rejects it, and the old term still ends on its date", async () => {
        const f = await loadFixture(developerRenewalAppliedFixture);
        const oldUntil = await validUntilOf(f, DEVELOPER_Q);
        await f.q.connect(f.keys.operator).review(RENEWAL_Q, true, REPORT);
        await f.q.connect(f.bureauKey).decideDeveloper(RENEWAL_Q, true);
        await f.q.connect(f.keys.operator).decideDeveloper(RENEWAL_Q, true);
        await f.q.connect(f.keys.stranger).object(RENEWAL_Q, REASON);
        await f.q.connect(f.bureauKey).resolveObjection(RENEWAL_Q, 0, true, REASON);
        expect((await f.q.qualification(RENEWAL_Q)).state).to.equal(QState.Rejected);
        expect(await f.q.isQualifiedAt(f.orgs.developer, oldUntil)).to.equal(true);
        expect(await f.q.isQualifiedAt(f.orgs.developer, oldUntil + 1)).to.equal(false);
      });

      it("Art. 15: once activated the renewal replaces the old qualification, its term counted from the old expiry", async () => {
        const f = await loadFixture(developerActiveFixture);
        const oldUntil = await validUntilOf(f, DEVELOPER_Q);
        await time.increaseTo(oldUntil - 30 * DAY);
        const id = await qualifyDeveloper(f.ledger, { bureauKey: f.bureauKey, operatorKey: f.keys.operator, developerKey: f.keys.developer, advanceTime, validFor: YEAR });
        expect(id).to.equal(RENEWAL_Q);
        expect(await f.q.currentQualification(f.orgs.developer)).to.equal(RENEWAL_Q);
        expect(await f.q.pendingRenewal(f.orgs.developer)).to.equal(0);
        expect(await f.q.isQualifiedAt(f.orgs.developer, oldUntil + 1)).to.equal(true);
      });

      it("Art. 15: refuses a renewed term past the maximum counted from the old expiry", async () => {
        const f = await loadFixture(developerRenewalAppliedFixture);
        const oldUntil = await validUntilOf(f, DEVELOPER_Q);
        await f.q.connect(f.keys.operator).review(RENEWAL_Q, true, REPORT);
        await f.q.connect(f.bureauKey).decideDeveloper(RENEWAL_Q, true);
        await f.q.connect(f.keys.operator).decideDeveloper(RENEWAL_Q, true);
        await passNotice(f, RENEWAL_Q);
        await expect(f.q.connect(f.keys.operator).activate(RENEWAL_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, oldUntil + MAX_TERM + 1))
          .to.be.revertedWithCustomError(f.q, "QualificationTermInvalid")
          .withArgs(oldUntil + MAX_TERM + 1, oldUntil + MAX_TERM);
        await expect(f.q.connect(f.keys.operator).activate(RENEWAL_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, oldUntil + MAX_TERM))
          .to.emit(f.q, "QualificationActivated")
          .withArgs(RENEWAL_Q, f.orgs.developer, oldUntil + MAX_TERM, AGREEMENT, ALL_CLAUSES, COMMITMENT, f.orgs.operator, f.keys.operator.address);
      });

      it("Art. 15: a renewal cannot activate once the qualification it renews was suspended", async () => {
        const f = await loadFixture(developerRenewalAppliedFixture);
        await f.q.connect(f.keys.operator).review(RENEWAL_Q, true, REPORT);
        await f.q.connect(f.bureauKey).decideDeveloper(RENEWAL_Q, true);
        await f.q.connect(f.keys.operator).decideDeveloper(RENEWAL_Q, true);
        await f.q.connect(f.bureauKey).suspend(DEVELOPER_Q, REASON);
        await passNotice(f, RENEWAL_Q);
        const validUntil = (await time.latest()) + YEAR;
        await expect(f.q.connect(f.keys.operator).activate(RENEWAL_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, validUntil))
          .to.be.revertedWithCustomError(f.q, "QualificationStateInvalid")
          .withArgs(DEVELOPER_Q, QState.Suspended);
      });
    });
  });

  describe("isQualifiedAt", () => {
    context("when the qualification is active", () => {
      it("is true from validFrom to validUntil inclusive and false outside", async () => {
        const { q, orgs } = await loadFixture(developerActiveFixture);
        const record = await q.qualification(DEVELOPER_Q);
        const from = Number(record.validFrom);
        const until = Number(record.validUntil);
        expect(await q.isQualifiedAt(orgs.developer, from - 1)).to.equal(false);
        expect(await q.isQualifiedAt(orgs.developer, from)).to.equal(true);
        expect(await q.isQualifiedAt(orgs.developer, until)).to.equal(true);
        expect(await q.isQualifiedAt(orgs.developer, until + 1)).to.equal(false);
      });

      it("turns false at the current time once the term has passed", async () => {
        const f = await loadFixture(developerActiveFixture);
        const until = await validUntilOf(f, DEVELOPER_Q);
        expect(await f.q.isQualifiedAt(f.orgs.developer, await time.latest())).to.equal(true);
        await time.increaseTo(until + 1);
        expect(await f.q.isQualifiedAt(f.orgs.developer, await time.latest())).to.equal(false);
        // Stored state stays Active; expiry is derived.
        expect((await f.q.qualification(DEVELOPER_Q)).state).to.equal(QState.Active);
      });
    });

    context("when the organisation is in procedure or has none", () => {
      it("is false", async () => {
        const { q, orgs } = await loadFixture(operatorInNoticeFixture);
        const now = await time.latest();
        expect(await q.isQualifiedAt(orgs.operator, now)).to.equal(false);
        expect(await q.isQualifiedAt(orgs.developer, now)).to.equal(false);
        expect(await q.isQualifiedAt(99, now)).to.equal(false);
      });
    });
  });

  describe("views", () => {
    it("names the organisation registry it trusts", async () => {
      const { q, registry } = await loadFixture(fixture);
      expect(await q.organizations()).to.equal(await registry.getAddress());
    });

    it("answers zeros for unknown qualifications and organisations", async () => {
      const { q, orgs } = await loadFixture(fixture);
      const none = await q.qualification(42);
      expect(none.state).to.equal(QState.None);
      expect(none.org).to.equal(0);
      expect(await q.currentQualification(orgs.developer)).to.equal(0);
      expect(await q.barredUntil(orgs.developer)).to.equal(0);
      expect(await q.isExecuted(ethers.ZeroHash)).to.equal(false);
    });
  });

  describe("rules changed by collective decision (R24)", () => {
    context("when the notice period changes", () => {
      it("opens later notices for the new period", async () => {
        const f = await loadFixture(operatorReviewedFixture);
        await setRule(f, Parameter.NoticePeriod, 14 * DAY);
        await approveByOfficials(f.ledger, f.officials, await decideOperatorId(f, OPERATOR_Q, true), 2);
        const tx = f.q.connect(f.bureauKey).decideOperator(OPERATOR_Q, true, 0n);
        const at = (await time.latest()) + 1;
        await expect(tx).to.emit(f.q, "QualificationNoticeStarted").withArgs(OPERATOR_Q, at + 14 * DAY);
      });
    });

    context("when the maximum term changes", () => {
      it("refuses activations over the new maximum", async () => {
        const f = await loadFixture(operatorInNoticeFixture);
        await setRule(f, Parameter.MaxTerm, YEAR);
        await passNotice(f, OPERATOR_Q);
        const at = (await time.latest()) + 1;
        await time.setNextBlockTimestamp(at);
        await expect(f.q.connect(f.bureauKey).activate(OPERATOR_Q, AGREEMENT, ALL_CLAUSES, COMMITMENT, at + 2 * YEAR))
          .to.be.revertedWithCustomError(f.q, "QualificationTermInvalid")
          .withArgs(at + 2 * YEAR, at + YEAR);
      });
    });

    context("when the renewal window changes", () => {
      it("opens the window earlier", async () => {
        const f = await loadFixture(developerActiveFixture);
        await setRule(f, Parameter.RenewalWindow, 180 * DAY);
        const validUntil = await validUntilOf(f, DEVELOPER_Q);
        await time.setNextBlockTimestamp(validUntil - 180 * DAY - 1);
        await expect(f.q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("renewal")))
          .to.be.revertedWithCustomError(f.q, "QualificationOutsideRenewalWindow")
          .withArgs(DEVELOPER_Q, validUntil - 180 * DAY, validUntil);
        await time.setNextBlockTimestamp(validUntil - 180 * DAY);
        await expect(f.q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("renewal"))).to.emit(f.q, "QualificationApplied");
      });
    });

    context("when the re-application bar changes", () => {
      it("bars later revocations for the new length", async () => {
        const f = await loadFixture(developerActiveFixture);
        await setRule(f, Parameter.ReapplyBar, YEAR);
        const at = (await time.latest()) + 1;
        await time.setNextBlockTimestamp(at);
        await expect(f.q.connect(f.bureauKey).revoke(DEVELOPER_Q, TerminationReason.UnlawfulUse, REASON))
          .to.emit(f.q, "QualificationRevoked")
          .withArgs(DEVELOPER_Q, TerminationReason.UnlawfulUse, at + YEAR, 1, f.bureauKey.address);
      });
    });

    context("when the decision threshold rises", () => {
      it("needs the new number of approvals for the operator's decision", async () => {
        const f = await loadFixture(operatorReviewedFixture);
        await setRule(f, Parameter.DecisionThreshold, 3);
        const id = await decideOperatorId(f, OPERATOR_Q, true);
        await approveByOfficials(f.ledger, f.officials, id, 2);
        await expect(f.q.connect(f.bureauKey).decideOperator(OPERATOR_Q, true, 0n))
          .to.be.revertedWithCustomError(f.q, "DecisionNotAdopted")
          .withArgs(id, 2, 3);
        await f.registry.connect(f.officials[2]).approveDecision(id);
        await expect(f.q.connect(f.bureauKey).decideOperator(OPERATOR_Q, true, 0n)).to.emit(f.q, "QualificationNoticeStarted");
      });
    });
  });
});

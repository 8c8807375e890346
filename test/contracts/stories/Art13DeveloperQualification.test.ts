/**
 * Art. 13, told as a story: how a bank becomes a qualified second-level developer (二级开发主体).
 *
 * 申请 application with evidence -> 专家评审 expert review organised by the operator -> joint decision of the
 * bureau and the operator -> 公示 public notice (no objection this time) -> 协议 agreement with the operator and
 * 安全承诺书 security commitment letter -> qualified; near the end of the term, renewal (续期) inside the
 * three-month window before expiry (Art. 15).
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { QualificationRegistry } from "../../../typechain-types";
import { advanceTime, organizationsFixture } from "../fixtures";
import { ALL_CLAUSES, DAY, evidenceOf, qualifyOperator } from "../../../scripts/lib/procedures";
import { OrgKind } from "../../../server/vocabulary";

const QState = { Applied: 1, Reviewed: 2, InNotice: 4, Active: 5 } as const;
const YEAR = 365 * DAY;

/** The district's operator already qualified under Art. 12 (walked in the Art. 12 story). */
async function operatorQualifiedFixture() {
  const f = await organizationsFixture();
  await qualifyOperator(f.ledger, { officials: f.officials, operatorKey: f.keys.operator, advanceTime });
  return f;
}

describe("Art. 13: qualifying a second-level developer", () => {
  let f: Awaited<ReturnType<typeof operatorQualifiedFixture>>;
  let q: QualificationRegistry;
  let id: number;
  let noticeEndsAt: number;
  let validUntil: number;

  before(async () => {
    f = await loadFixture(operatorQualifiedFixture);
    q = f.ledger.qualifications;
  });

  it("1. 申请 application: the bank files its evidence for the Developer role", async () => {
    const evidence = evidenceOf("某银行 A Bank");
    await expect(q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidence))
      .to.emit(q, "QualificationApplied")
      .withArgs(2, f.orgs.developer, OrgKind.Developer, 0, Object.values(evidence), f.keys.developer.address);
    id = Number(await q.currentQualification(f.orgs.developer));
    expect((await q.qualification(id)).state).to.equal(QState.Applied);
  });

  it("2. 专家评审 expert review: organised and recorded by the qualified operator, not by the bureau", async () => {
    const report = ethers.id("开发主体专家评审报告 developer expert review");
    await expect(q.connect(f.officials[0]).review(id, true, report))
      .to.be.revertedWithCustomError(q, "QualificationReviewerInvalid")
      .withArgs(id, f.orgs.bureau);
    await expect(q.connect(f.keys.operator).review(id, true, report))
      .to.emit(q, "QualificationReviewed")
      .withArgs(id, true, report, f.orgs.operator, f.keys.operator.address);
    expect((await q.qualification(id)).state).to.equal(QState.Reviewed);
  });

  it("3. joint decision: the bureau's approval alone does not open the notice", async () => {
    await expect(q.connect(f.officials[0]).decideDeveloper(id, true))
      .to.emit(q, "QualificationDecisionRecorded")
      .withArgs(id, true, f.orgs.bureau, f.officials[0].address)
      .and.not.to.emit(q, "QualificationNoticeStarted");
    const record = await q.qualification(id);
    expect(record.bureauApproved).to.equal(true);
    expect(record.operatorApproved).to.equal(false);
    expect(record.state).to.equal(QState.Reviewed);
  });

  it("4. joint decision: the operator's approval completes it and 公示 public notice opens", async () => {
    const tx = q.connect(f.keys.operator).decideDeveloper(id, true);
    await expect(tx).to.emit(q, "QualificationDecisionRecorded").withArgs(id, true, f.orgs.operator, f.keys.operator.address);
    noticeEndsAt = (await time.latest()) + 7 * DAY;
    await expect(tx).to.emit(q, "QualificationNoticeStarted").withArgs(id, noticeEndsAt);
    expect((await q.qualification(id)).state).to.equal(QState.InNotice);
  });

  it("5. 公示 public notice: the seven days pass without objection; a late objection is refused", async () => {
    await time.increaseTo(noticeEndsAt);
    await expect(q.connect(f.keys.stranger).object(id, ethers.id("late 异议")))
      .to.be.revertedWithCustomError(q, "QualificationNoticeClosed")
      .withArgs(id, noticeEndsAt);
    expect((await q.qualification(id)).openObjections).to.equal(0);
  });

  it("6. 协议 with the operator + 安全承诺书: the operator signs the development agreement; the bank is qualified for two years", async () => {
    const agreement = ethers.id("开发协议 development agreement with the operator");
    const commitment = ethers.id("数据安全承诺书 the bank's data-security commitment letter");
    const at = (await time.latest()) + 1;
    await time.setNextBlockTimestamp(at);
    validUntil = at + 2 * YEAR;
    await expect(q.connect(f.keys.operator).activate(id, agreement, ALL_CLAUSES, commitment, validUntil))
      .to.emit(q, "QualificationActivated")
      .withArgs(id, f.orgs.developer, validUntil, agreement, ALL_CLAUSES, commitment, f.orgs.operator, f.keys.operator.address);
    expect(await q.isQualifiedAt(f.orgs.developer, at)).to.equal(true);
  });

  it("7. 续期 renewal (Art. 15): applying again a year early, outside the three-month window, is refused", async () => {
    await time.increaseTo(validUntil - YEAR);
    await expect(q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("续期申请 early renewal")))
      .to.be.revertedWithCustomError(q, "QualificationOutsideRenewalWindow")
      .withArgs(id, validUntil - 90 * DAY, validUntil);
  });

  let renewal: number;
  it("8. 续期 renewal (Art. 15): a month before expiry the bank applies again, with fresh evidence; the old term stays in force", async () => {
    await time.increaseTo(validUntil - 30 * DAY);
    const evidence = evidenceOf("续期申请 renewal with an updated security assessment");
    await expect(q.connect(f.keys.developer).applyFor(OrgKind.Developer, evidence))
      .to.emit(q, "QualificationApplied")
      .withArgs(id + 1, f.orgs.developer, OrgKind.Developer, id, Object.values(evidence), f.keys.developer.address);
    renewal = Number(await q.pendingRenewal(f.orgs.developer));
    expect(renewal).to.equal(id + 1);
    expect(await q.currentQualification(f.orgs.developer)).to.equal(id);
  });

  it("9. 续期 renewal (Art. 13, 15): review, the joint decision, the notice and the renewed agreement; the bank stays qualified past its old expiry", async () => {
    await q.connect(f.keys.operator).review(renewal, true, ethers.id("续期评审 renewal review"));
    await q.connect(f.officials[0]).decideDeveloper(renewal, true);
    await q.connect(f.keys.operator).decideDeveloper(renewal, true);
    await time.increaseTo(Number((await q.qualification(renewal)).noticeEndsAt));
    const renewed = ethers.id("续期协议 renewed development agreement");
    const newUntil = validUntil + 180 * DAY;
    await expect(q.connect(f.keys.operator).activate(renewal, renewed, ALL_CLAUSES, ethers.id("续期安全承诺书"), newUntil)).to.emit(q, "QualificationActivated");
    expect(await q.currentQualification(f.orgs.developer)).to.equal(renewal);
    await time.increaseTo(validUntil + DAY);
    expect(await q.isQualifiedAt(f.orgs.developer, await time.latest())).to.equal(true);
    expect(await q.isQualifiedAt(f.orgs.developer, newUntil + 1)).to.equal(false);
  });
});

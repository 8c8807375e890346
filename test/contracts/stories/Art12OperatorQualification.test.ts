/**
 * Art. 12, told as a story: how the district selects its first-level operator (一级运营主体).
 *
 * 申请 application with evidence -> 专家评审 expert review -> 三重一大 collective decision of the bureau ->
 * 公示 public notice, during which anyone may lodge an 异议 objection -> the bureau resolves it ->
 * 协议 agreement (the ten clauses of Art. 14) and 安全承诺书 data-security commitment letter -> qualified.
 *
 * The steps run in order on one chain; each step checks what the ledger recorded.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { QualificationRegistry, OrganizationRegistry } from "../../../typechain-types";
import { organizationsFixture } from "../fixtures";
import { ALL_CLAUSES, DAY, evidenceOf } from "../../../scripts/lib/procedures";
import { OrgKind } from "../../../server/vocabulary";
import { decisionId } from "../../../server/chain/decisions";

const QState = { Applied: 1, Reviewed: 2, InNotice: 4, Active: 5 } as const;
const EXIT_CLAUSE = 1 << 8;

describe("Art. 12: qualifying the first-level operator", () => {
  let f: Awaited<ReturnType<typeof organizationsFixture>>;
  let q: QualificationRegistry;
  let orgs: OrganizationRegistry;
  let id: number;
  let decision: string;
  let noticeEndsAt: number;
  const objection = ethers.id("异议 objection: the security officer named in the application has left the company");

  before(async () => {
    f = await loadFixture(organizationsFixture);
    q = f.ledger.qualifications;
    orgs = f.ledger.organizations;
  });

  it("1. 申请 application: the operator files its evidence (eligibility declarations, team, security system, security officer)", async () => {
    // Art. 10: compliance, no major violation, not on the dishonest-debtor or tax lists, a team, a security
    // system with a named officer. The documents stay off chain; the ledger keeps their hashes.
    const evidence = evidenceOf("数据运营公司 operator");
    await expect(q.connect(f.keys.operator).applyFor(OrgKind.Operator, evidence))
      .to.emit(q, "QualificationApplied")
      .withArgs(1, f.orgs.operator, OrgKind.Operator, 0, Object.values(evidence), f.keys.operator.address);
    id = Number(await q.currentQualification(f.orgs.operator));
    expect((await q.qualification(id)).state).to.equal(QState.Applied);
  });

  it("2. 专家评审 expert review: the bureau records the panel's report; nobody else may", async () => {
    const report = ethers.id("专家评审报告 expert review report");
    await expect(q.connect(f.keys.operator).review(id, true, report))
      .to.be.revertedWithCustomError(q, "QualificationReviewerInvalid")
      .withArgs(id, f.orgs.operator);
    await expect(q.connect(f.officials[0]).review(id, true, report))
      .to.emit(q, "QualificationReviewed")
      .withArgs(id, true, report, f.orgs.bureau, f.officials[0].address);
    expect((await q.qualification(id)).reviewReportHash).to.equal(report);
  });

  it("3. 三重一大 collective decision: one official's approval is not enough", async () => {
    decision = decisionId(await q.getAddress(), "decideOperator", ["uint32", "bool", "uint256"], [id, true, 0n]);
    await expect(orgs.connect(f.officials[0]).approveDecision(decision))
      .to.emit(orgs, "DecisionApproved")
      .withArgs(decision, f.officials[0].address, 1);
    await expect(q.connect(f.officials[0]).decideOperator(id, true, 0n))
      .to.be.revertedWithCustomError(q, "DecisionNotAdopted")
      .withArgs(decision, 1, 2);
  });

  it("4. 三重一大 collective decision: a second official approves, the decision is adopted and carried out, 公示 public notice opens", async () => {
    await expect(orgs.connect(f.officials[1]).approveDecision(decision)).to.emit(orgs, "DecisionAdopted").withArgs(decision, 2, 2);
    const tx = q.connect(f.officials[0]).decideOperator(id, true, 0n);
    await expect(tx).to.emit(q, "DecisionExecuted").withArgs(decision, f.officials[0].address);
    await expect(tx).to.emit(q, "QualificationDecisionRecorded").withArgs(id, true, f.orgs.bureau, f.officials[0].address);
    noticeEndsAt = Number((await q.qualification(id)).noticeEndsAt);
    await expect(tx).to.emit(q, "QualificationNoticeStarted").withArgs(id, noticeEndsAt);
    expect(noticeEndsAt).to.equal((await time.latest()) + 7 * DAY);
    expect((await q.qualification(id)).state).to.equal(QState.InNotice);
  });

  it("5. 公示 public notice: the agreement cannot take effect while the notice runs", async () => {
    await expect(q.connect(f.officials[0]).activate(id, ethers.ZeroHash, ALL_CLAUSES, ethers.ZeroHash, noticeEndsAt + 365 * DAY))
      .to.be.revertedWithCustomError(q, "QualificationNoticeOpen")
      .withArgs(id, noticeEndsAt);
  });

  it("6. 异议 objection: a member of the public, with no key on the ledger, lodges an objection on day 3", async () => {
    await time.increase(3 * DAY);
    await expect(q.connect(f.keys.stranger).object(id, objection))
      .to.emit(q, "QualificationObjectionLodged")
      .withArgs(id, 0, objection, f.keys.stranger.address);
    expect((await q.qualification(id)).openObjections).to.equal(1);
  });

  it("7. 异议 objection: after the notice ends, the open objection still blocks activation", async () => {
    await time.increaseTo(noticeEndsAt);
    await expect(q.connect(f.officials[0]).activate(id, ethers.ZeroHash, ALL_CLAUSES, ethers.ZeroHash, noticeEndsAt + 365 * DAY))
      .to.be.revertedWithCustomError(q, "QualificationObjectionsOpen")
      .withArgs(id, 1);
    // The window is closed to further objections.
    await expect(q.connect(f.keys.stranger).object(id, objection))
      .to.be.revertedWithCustomError(q, "QualificationNoticeClosed")
      .withArgs(id, noticeEndsAt);
  });

  it("8. the bureau investigates and dismisses the objection (a new security officer was already appointed)", async () => {
    const resolution = ethers.id("异议处理 resolution: successor security officer appointed before the application");
    await expect(q.connect(f.officials[2]).resolveObjection(id, 0, false, resolution))
      .to.emit(q, "QualificationObjectionResolved")
      .withArgs(id, 0, false, resolution, f.orgs.bureau, f.officials[2].address);
    const record = await q.qualification(id);
    expect(record.openObjections).to.equal(0);
    expect(record.state).to.equal(QState.InNotice);
  });

  it("9. 协议 agreement: a draft without the exit clause (退出机制) is refused (Art. 14)", async () => {
    const draft = ALL_CLAUSES & ~EXIT_CLAUSE;
    await expect(
      q.connect(f.officials[0]).activate(id, ethers.id("draft agreement"), draft, ethers.id("安全承诺书"), (await time.latest()) + 3 * 365 * DAY),
    )
      .to.be.revertedWithCustomError(q, "QualificationAgreementIncomplete")
      .withArgs(draft, EXIT_CLAUSE);
  });

  it("10. 协议 + 安全承诺书: the signed agreement with all ten clauses and the security commitment letter take effect for three years", async () => {
    const agreement = ethers.id("授权运营协议 operation agreement, signed");
    const commitment = ethers.id("数据安全承诺书 data-security commitment letter");
    const at = (await time.latest()) + 1;
    await time.setNextBlockTimestamp(at);
    const validUntil = at + 3 * 365 * DAY;
    await expect(q.connect(f.officials[0]).activate(id, agreement, ALL_CLAUSES, commitment, validUntil))
      .to.emit(q, "QualificationActivated")
      .withArgs(id, f.orgs.operator, validUntil, agreement, ALL_CLAUSES, commitment, f.orgs.bureau, f.officials[0].address);
    const record = await q.qualification(id);
    expect(record.state).to.equal(QState.Active);
    expect(record.validFrom).to.equal(at);
    expect(record.agreementHash).to.equal(agreement);
    expect(record.securityCommitmentHash).to.equal(commitment);
  });

  it("11. the operator is qualified now and until the end of its term, not a second longer", async () => {
    const validUntil = Number((await q.qualification(id)).validUntil);
    expect(await q.isQualifiedAt(f.orgs.operator, await time.latest())).to.equal(true);
    expect(await q.isQualifiedAt(f.orgs.operator, validUntil)).to.equal(true);
    expect(await q.isQualifiedAt(f.orgs.operator, validUntil + 1)).to.equal(false);
  });
});

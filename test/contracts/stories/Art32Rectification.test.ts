/**
 * Art. 32, told as a story: 责令整改 a rectification order against the bank, and what follows.
 *
 * An inspection finds that the bank's product exposes unmasked fields. The bureau orders correction by a
 * deadline: the bank's access closes in the same transaction. The bank corrects, the bureau confirms, access
 * returns. Months later a second violation: a new order, the deadline passes uncorrected, the bureau revokes.
 * The qualification is revoked for breach, the bank stays shut out, and for three years it cannot apply
 * again (Art. 15); after the bar it can.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { Supervision } from "../../../typechain-types";
import {
  AccessDenialCode as AccessDenial,
  EvaluationKind,
  OrgStatusCode as OrgStatus,
  ProductDenial,
  RectificationState,
  publishedProductFixture,
} from "../fixtures";
import { DAY, evidenceOf } from "../../../scripts/lib/procedures";
import { OrgKind, TerminationReason } from "../../../server/vocabulary";

const BUREAU = 1;
const YEAR = 365 * DAY;
const QUALIFICATION_REVOKED = 8n;

describe("Art. 32: a rectification order, corrected; another, lapsed and revoked", () => {
  let f: Awaited<ReturnType<typeof publishedProductFixture>>;
  let supervision: Supervision;
  let firstDeadline: number;
  let secondDeadline: number;
  let bar: number;

  const access = async () => f.ledger.grants.checkAccess(f.keys.developer.address, f.scenarioGrant, f.resources[0], 0b1n, await time.latest());
  const usable = async () => f.products.usability(f.productId, await time.latest());
  const status = async () => (await f.ledger.organizations.statusOf(f.orgs.developer))[1];

  before(async () => {
    f = await loadFixture(publishedProductFixture);
    supervision = f.ledger.supervision;
  });

  it("1. 安全检查 the security supervisor's inspection finds unmasked fields in the bank's product", async () => {
    const finding = ethers.id("网信办检查: 数据核验接口返回未脱敏字段");
    await expect(supervision.connect(f.keys.securitySupervisor).recordEvaluation(f.orgs.developer, EvaluationKind.SecurityInspection, false, finding))
      .to.emit(supervision, "EvaluationRecorded")
      .withArgs(1, f.orgs.developer, EvaluationKind.SecurityInspection, false, finding, f.orgs.securitySupervisor, f.keys.securitySupervisor.address);
    expect(await access()).to.equal(BigInt(AccessDenial.None));
  });

  it("2. 责令整改 the bureau orders correction within 30 days: the bank's access closes at once", async () => {
    firstDeadline = (await time.latest()) + 30 * DAY;
    const order = ethers.id("整改通知书 第1号: mask the fields, re-test");
    await expect(supervision.connect(f.officials[0]).issueRectification(f.orgs.developer, order, firstDeadline))
      .to.emit(supervision, "RectificationOrdered")
      .withArgs(1, f.orgs.developer, order, firstDeadline, BUREAU, f.officials[0].address)
      .and.to.emit(f.ledger.organizations, "OrganizationStatusChanged")
      .withArgs(f.orgs.developer, OrgStatus.Active, OrgStatus.Suspended, order, BUREAU, await supervision.getAddress());
    expect(await access()).to.equal(BigInt(AccessDenial.OrganizationSuspended));
    expect(await usable()).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.OrganizationSuspended)]);
    await expect(f.products.connect(f.keys.developer).registerVersion(f.productId, ethers.id("v2"), f.sources))
      .to.be.revertedWithCustomError(f.products, "OrganizationNotActive")
      .withArgs(f.orgs.developer, OrgStatus.Suspended);
  });

  it("3. 整改完成 the bank corrects within the deadline; the bureau confirms and access returns", async () => {
    await time.increase(12 * DAY);
    const evidence = ethers.id("整改报告: fields masked, penetration re-test passed");
    await expect(supervision.connect(f.officials[1]).confirmRectification(1, evidence))
      .to.emit(supervision, "RectificationConfirmed")
      .withArgs(1, f.orgs.developer, evidence, BUREAU, f.officials[1].address)
      .and.to.emit(f.ledger.organizations, "OrganizationStatusChanged")
      .withArgs(f.orgs.developer, OrgStatus.Suspended, OrgStatus.Active, evidence, BUREAU, await supervision.getAddress());
    expect(await access()).to.equal(BigInt(AccessDenial.None));
    expect(await usable()).to.deep.equal([0n, 0n]);
    await time.increaseTo(firstDeadline + 1);
    expect(await supervision.isRectificationOverdue(1)).to.equal(false);
  });

  it("4. a second violation: a new order; access closes again", async () => {
    await time.increase(60 * DAY);
    secondDeadline = (await time.latest()) + 15 * DAY;
    await supervision.connect(f.officials[0]).issueRectification(f.orgs.developer, ethers.id("整改通知书 第2号"), secondDeadline);
    expect(await status()).to.equal(BigInt(OrgStatus.Suspended));
    expect(await access()).to.equal(BigInt(AccessDenial.OrganizationSuspended));
  });

  it("5. before the deadline the bureau cannot revoke", async () => {
    await expect(supervision.connect(f.officials[0]).revokeAfterDeadline(2))
      .to.be.revertedWithCustomError(supervision, "SupervisionDeadlineNotPassed")
      .withArgs(2, secondDeadline);
    expect(await supervision.isRectificationOverdue(2)).to.equal(false);
  });

  it("6. 逾期未整改 the deadline passes uncorrected: the order is overdue, and the bureau revokes for breach", async () => {
    await time.increaseTo(secondDeadline + DAY);
    expect(await supervision.isRectificationOverdue(2)).to.equal(true);
    const txTime = (await time.latest()) + 1;
    await time.setNextBlockTimestamp(txTime);
    bar = txTime + 3 * YEAR;
    await expect(supervision.connect(f.officials[0]).revokeAfterDeadline(2))
      .to.emit(supervision, "RectificationLapsed")
      .withArgs(2, f.orgs.developer, f.developerQualification, BUREAU, f.officials[0].address)
      .and.to.emit(f.ledger.qualifications, "QualificationRevoked")
      .withArgs(f.developerQualification, TerminationReason.Breach, bar, BUREAU, await supervision.getAddress());
    expect((await supervision.rectificationOrder(2)).state).to.equal(BigInt(RectificationState.Revoked));
    expect((await f.ledger.qualifications.qualification(f.developerQualification)).state).to.equal(QUALIFICATION_REVOKED);
    expect(await f.ledger.qualifications.barredUntil(f.orgs.developer)).to.equal(BigInt(bar));
  });

  it("7. the bank stays shut out: its grant and product are unusable", async () => {
    expect(await status()).to.equal(BigInt(OrgStatus.Suspended));
    expect(await access()).to.equal(BigInt(AccessDenial.OrganizationSuspended));
    expect((await usable())[0]).to.equal(BigInt(ProductDenial.GrantNotLive));
  });

  it("8. 三年内不得再申请 even with its organisation reinstated, the bank cannot re-apply for three years", async () => {
    await f.ledger.organizations.connect(f.officials[0]).reinstateOrganization(f.orgs.developer, ethers.id("organisation record kept active"));
    // the organisation is active again, but the revoked qualification keeps the grant dead
    expect(await access()).to.equal(BigInt(AccessDenial.GranteeNotQualified));
    await expect(f.ledger.qualifications.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("bank again")))
      .to.be.revertedWithCustomError(f.ledger.qualifications, "QualificationApplicantBarred")
      .withArgs(f.orgs.developer, bar);
    await time.increaseTo(bar - DAY);
    await expect(f.ledger.qualifications.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("bank again")))
      .to.be.revertedWithCustomError(f.ledger.qualifications, "QualificationApplicantBarred")
      .withArgs(f.orgs.developer, bar);
  });

  it("9. after the bar the bank may apply again", async () => {
    await time.increaseTo(bar);
    await expect(f.ledger.qualifications.connect(f.keys.developer).applyFor(OrgKind.Developer, evidenceOf("bank again"))).to.emit(
      f.ledger.qualifications,
      "QualificationApplied",
    );
  });
});

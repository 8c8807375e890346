import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { DataApplications } from "../../typechain-types";
import { districtFixture } from "./fixtures";
import { ALL_FINDINGS, registerResource } from "../../scripts/lib/procedures";
import { OrgKind, Purpose } from "../../server/vocabulary";

const ApplicationState = { None: 0, Submitted: 1, FirstReviewed: 2, Approved: 3, Rejected: 4 } as const;
const FEASIBILITY = 1;
const COMPLIANCE = 2;
const RISK = 4;

/** The district (application 1 approved and granted), with the contract under test named. */
async function applicationsFixture() {
  const base = await districtFixture();
  const applications: DataApplications = base.ledger.applications;
  return { ...base, applications, bureauKey: base.officials[0], scenarioB: ethers.id("supply-chain-finance") };
}

/**
 * Two fresh applications by the bank: 2 for a plain scenario, 3 for one that fuses social data.
 */
async function submittedFixture() {
  const base = await applicationsFixture();
  const { applications, keys, resources } = base;
  await applications
    .connect(keys.developer)
    .submit(base.scenarioB, [resources[0], resources[2]], [0b1n, 0b11n], ethers.id("plan B"), Purpose.PublicInterest, false);
  await applications
    .connect(keys.developer)
    .submit(ethers.id("social-fusion"), [resources[1]], [0b1n], ethers.id("plan C"), Purpose.Commercial, true);
  return { ...base, plain: 2, fusing: 3 };
}

describe("DataApplications", () => {
  describe("submit", () => {
    context("when a qualified developer applies for one scenario", () => {
      it("records the application with its field masks and emits ApplicationSubmitted", async () => {
        const { applications, keys, orgs, resources, scenarioB } = await loadFixture(applicationsFixture);
        const rs = [resources[0], resources[2]];
        const masks = [0b1010n, 0b11n];
        const plan = ethers.id("plan B");
        const at = (await time.latest()) + 5;
        await time.setNextBlockTimestamp(at);
        await expect(applications.connect(keys.developer).submit(scenarioB, rs, masks, plan, Purpose.PublicInterest, false))
          .to.emit(applications, "ApplicationSubmitted")
          .withArgs(2, orgs.developer, scenarioB, rs, masks, plan, Purpose.PublicInterest, false, keys.developer.address);
        const a = await applications.application(2);
        expect(a.developer).to.equal(BigInt(orgs.developer));
        expect(a.state).to.equal(BigInt(ApplicationState.Submitted));
        expect(a.purpose).to.equal(BigInt(Purpose.PublicInterest));
        expect([a.fusesSocialData, a.fusionConfirmed, a.firstReviewFindings]).to.deep.equal([false, false, 0n]);
        expect(a.submittedAt).to.equal(BigInt(at));
        expect([a.scenario, a.planHash]).to.deep.equal([scenarioB, plan]);
        expect(a.resources).to.deep.equal(rs.map(BigInt));
        expect(await applications.fieldMask(2, resources[0])).to.equal(0b1010n);
        expect(await applications.fieldMask(2, resources[2])).to.equal(0b11n);
        expect(await applications.fieldMask(2, resources[1])).to.equal(0n);
        expect(await applications.grantBasis(2)).to.deep.equal([BigInt(orgs.developer), scenarioB, BigInt(Purpose.PublicInterest), false, rs.map(BigInt)]);
        expect(await applications.applicationCount()).to.equal(2n);
      });
    });

    context("when the purpose is None", () => {
      it("reverts with ApplicationPurposeInvalid", async () => {
        const { applications, keys, resources, scenarioB } = await loadFixture(applicationsFixture);
        await expect(applications.connect(keys.developer).submit(scenarioB, [resources[0]], [1n], ethers.id("p"), Purpose.None, false))
          .to.be.revertedWithCustomError(applications, "ApplicationPurposeInvalid")
          .withArgs();
      });
    });

    context("when the resource list is malformed", () => {
      const cases: { name: string; pick: (r: number[]) => number[]; masks: bigint[]; index: number }[] = [
        { name: "empty", pick: () => [], masks: [], index: 0 },
        { name: "longer than 16", pick: () => Array.from({ length: 17 }, (_, i) => i + 1), masks: Array<bigint>(17).fill(1n), index: 17 },
        { name: "of another length than the masks", pick: (r) => [r[0], r[1]], masks: [1n], index: 2 },
        { name: "not increasing", pick: (r) => [r[1], r[0]], masks: [1n, 1n], index: 1 },
        { name: "repeating a resource", pick: (r) => [r[0], r[1], r[1]], masks: [1n, 1n, 1n], index: 2 },
      ];
      for (const c of cases) {
        it(`reverts with ApplicationScopeInvalid(${c.index}) when ${c.name}`, async () => {
          const { applications, keys, resources, scenarioB } = await loadFixture(applicationsFixture);
          await expect(applications.connect(keys.developer).submit(scenarioB, c.pick(resources), c.masks, ethers.id("p"), Purpose.Commercial, false))
            .to.be.revertedWithCustomError(applications, "ApplicationScopeInvalid")
            .withArgs(c.index);
        });
      }

      it("accepts exactly 16 resources", async () => {
        const { applications, ledger, bureauKey, keys, orgs, scenarioB } = await loadFixture(applicationsFixture);
        const rs: number[] = [];
        for (let i = 0; i < 16; i++) rs.push(await registerResource(ledger, keys.source, `bulk-${i}`, { fieldCount: 1, classification: 1 }));
        await ledger.catalog.connect(bureauKey).setOperationScope(rs, true);
        for (const r of rs) await ledger.catalog.connect(keys.operator).setOpenForDevelopment(r, true);
        const masks = Array<bigint>(16).fill(1n);
        await expect(applications.connect(keys.developer).submit(scenarioB, rs, masks, ethers.id("p"), Purpose.Commercial, false))
          .to.emit(applications, "ApplicationSubmitted")
          .withArgs(2, orgs.developer, scenarioB, rs, masks, ethers.id("p"), Purpose.Commercial, false, keys.developer.address);
      });
    });

    context("when a resource is not open for development", () => {
      it("reverts with ApplicationResourceNotOpen for a resource never opened", async () => {
        const { applications, keys, resources, scenarioB } = await loadFixture(applicationsFixture);
        await expect(applications.connect(keys.developer).submit(scenarioB, [resources[0], resources[3]], [1n, 1n], ethers.id("p"), Purpose.Commercial, false))
          .to.be.revertedWithCustomError(applications, "ApplicationResourceNotOpen")
          .withArgs(resources[3]);
      });

      it("reverts with ApplicationResourceNotOpen for a resource the operator withdrew", async () => {
        const { applications, ledger, keys, resources, scenarioB } = await loadFixture(applicationsFixture);
        await ledger.catalog.connect(keys.operator).setOpenForDevelopment(resources[1], false);
        await expect(applications.connect(keys.developer).submit(scenarioB, [resources[1]], [1n], ethers.id("p"), Purpose.Commercial, false))
          .to.be.revertedWithCustomError(applications, "ApplicationResourceNotOpen")
          .withArgs(resources[1]);
      });

      it("reverts with ApplicationResourceNotOpen for an unknown resource", async () => {
        const { applications, keys, scenarioB } = await loadFixture(applicationsFixture);
        await expect(applications.connect(keys.developer).submit(scenarioB, [99], [1n], ethers.id("p"), Purpose.Commercial, false))
          .to.be.revertedWithCustomError(applications, "ApplicationResourceNotOpen")
          .withArgs(99);
      });
    });

    context("when a field mask is not the minimum necessary inside the resource", () => {
      it("reverts with ApplicationFieldsInvalid for an empty mask", async () => {
        const { applications, keys, resources, scenarioB } = await loadFixture(applicationsFixture);
        await expect(applications.connect(keys.developer).submit(scenarioB, [resources[0]], [0n], ethers.id("p"), Purpose.Commercial, false))
          .to.be.revertedWithCustomError(applications, "ApplicationFieldsInvalid")
          .withArgs(resources[0], 0, 12);
      });

      it("reverts with ApplicationFieldsInvalid for a bit beyond the field count", async () => {
        const { applications, keys, resources, scenarioB } = await loadFixture(applicationsFixture);
        const mask = (1n << 12n) | 1n;
        await expect(applications.connect(keys.developer).submit(scenarioB, [resources[0]], [mask], ethers.id("p"), Purpose.Commercial, false))
          .to.be.revertedWithCustomError(applications, "ApplicationFieldsInvalid")
          .withArgs(resources[0], mask, 12);
      });

      it("accepts the last field of a 256-field resource", async () => {
        const { applications, ledger, bureauKey, keys, orgs, scenarioB } = await loadFixture(applicationsFixture);
        const wide = await registerResource(ledger, keys.source, "wide", { fieldCount: 256, classification: 2 });
        await ledger.catalog.connect(bureauKey).setOperationScope([wide], true);
        await ledger.catalog.connect(keys.operator).setOpenForDevelopment(wide, true);
        const mask = 1n << 255n;
        await expect(applications.connect(keys.developer).submit(scenarioB, [wide], [mask], ethers.id("p"), Purpose.Commercial, false))
          .to.emit(applications, "ApplicationSubmitted")
          .withArgs(2, orgs.developer, scenarioB, [wide], [mask], ethers.id("p"), Purpose.Commercial, false, keys.developer.address);
      });
    });

    context("when the caller is not a qualified developer", () => {
      it("reverts with ApplicationDeveloperNotQualified for a developer without a qualification", async () => {
        const { applications, keys, orgs, resources, scenarioB } = await loadFixture(applicationsFixture);
        await expect(applications.connect(keys.developer2).submit(scenarioB, [resources[0]], [1n], ethers.id("p"), Purpose.Commercial, false))
          .to.be.revertedWithCustomError(applications, "ApplicationDeveloperNotQualified")
          .withArgs(orgs.developer2);
      });

      it("reverts with WrongOrganizationKind for the operator", async () => {
        const { applications, keys, orgs, resources, scenarioB } = await loadFixture(applicationsFixture);
        await expect(applications.connect(keys.operator).submit(scenarioB, [resources[0]], [1n], ethers.id("p"), Purpose.Commercial, false))
          .to.be.revertedWithCustomError(applications, "WrongOrganizationKind")
          .withArgs(orgs.operator, OrgKind.Operator, OrgKind.Developer);
      });
    });
  });

  describe("firstReview", () => {
    context("when the qualified operator approves with all four findings passed", () => {
      it("moves the application to FirstReviewed and emits ApplicationFirstReviewed", async () => {
        const { applications, keys, orgs, plain } = await loadFixture(submittedFixture);
        const report = ethers.id("first review B");
        await expect(applications.connect(keys.operator).firstReview(plain, true, ALL_FINDINGS, report))
          .to.emit(applications, "ApplicationFirstReviewed")
          .withArgs(plain, true, ALL_FINDINGS, report, orgs.operator, keys.operator.address);
        const a = await applications.application(plain);
        expect(a.state).to.equal(BigInt(ApplicationState.FirstReviewed));
        expect(a.firstReviewFindings).to.equal(BigInt(ALL_FINDINGS));
      });
    });

    context("when the approval lacks a finding", () => {
      it("reverts with ApplicationFindingsIncomplete", async () => {
        const { applications, keys, plain } = await loadFixture(submittedFixture);
        const findings = FEASIBILITY | COMPLIANCE | RISK;
        await expect(applications.connect(keys.operator).firstReview(plain, true, findings, ethers.id("r")))
          .to.be.revertedWithCustomError(applications, "ApplicationFindingsIncomplete")
          .withArgs(findings);
      });
    });

    context("when the operator rejects", () => {
      it("ends the application with its findings and emits ApplicationFirstReviewed", async () => {
        const { applications, bureauKey, keys, orgs, plain } = await loadFixture(submittedFixture);
        const findings = FEASIBILITY | RISK;
        const reason = ethers.id("not compliant");
        await expect(applications.connect(keys.operator).firstReview(plain, false, findings, reason))
          .to.emit(applications, "ApplicationFirstReviewed")
          .withArgs(plain, false, findings, reason, orgs.operator, keys.operator.address);
        expect((await applications.application(plain)).state).to.equal(BigInt(ApplicationState.Rejected));
        await expect(applications.connect(keys.operator).firstReview(plain, true, ALL_FINDINGS, reason))
          .to.be.revertedWithCustomError(applications, "ApplicationStateInvalid")
          .withArgs(plain, ApplicationState.Rejected);
        await expect(applications.connect(bureauKey).finalReview(plain, true, reason))
          .to.be.revertedWithCustomError(applications, "ApplicationStateInvalid")
          .withArgs(plain, ApplicationState.Rejected);
      });
    });

    context("when the application was already first-reviewed", () => {
      it("reverts with ApplicationStateInvalid", async () => {
        const { applications, keys, plain } = await loadFixture(submittedFixture);
        await applications.connect(keys.operator).firstReview(plain, true, ALL_FINDINGS, ethers.id("r"));
        await expect(applications.connect(keys.operator).firstReview(plain, true, ALL_FINDINGS, ethers.id("r")))
          .to.be.revertedWithCustomError(applications, "ApplicationStateInvalid")
          .withArgs(plain, ApplicationState.FirstReviewed);
      });
    });

    context("when the application is unknown", () => {
      it("reverts with ApplicationUnknown", async () => {
        const { applications, keys } = await loadFixture(submittedFixture);
        await expect(applications.connect(keys.operator).firstReview(99, true, ALL_FINDINGS, ethers.id("r")))
          .to.be.revertedWithCustomError(applications, "ApplicationUnknown")
          .withArgs(99);
      });
    });

    context("when the operator's qualification is suspended", () => {
      it("reverts with ApplicationNotQualifiedOperator", async () => {
        const { applications, ledger, bureauKey, keys, orgs, plain, operatorQualification } = await loadFixture(submittedFixture);
        await ledger.qualifications.connect(bureauKey).suspend(operatorQualification, ethers.id("inspection"));
        await expect(applications.connect(keys.operator).firstReview(plain, true, ALL_FINDINGS, ethers.id("r")))
          .to.be.revertedWithCustomError(applications, "ApplicationNotQualifiedOperator")
          .withArgs(orgs.operator);
      });
    });

    context("when the caller is not the operator", () => {
      it("reverts with WrongOrganizationKind, even for the bureau", async () => {
        const { applications, bureauKey, plain } = await loadFixture(submittedFixture);
        await expect(applications.connect(bureauKey).firstReview(plain, true, ALL_FINDINGS, ethers.id("r")))
          .to.be.revertedWithCustomError(applications, "WrongOrganizationKind")
          .withArgs(1, OrgKind.Bureau, OrgKind.Operator);
      });
    });
  });

  describe("confirmFusion", () => {
    context("when the application fuses social data", () => {
      it("records the operator's confirmation while submitted and emits ApplicationFusionConfirmed", async () => {
        const { applications, keys, orgs, fusing } = await loadFixture(submittedFixture);
        const confirmation = ethers.id("fusion reviewed");
        await expect(applications.connect(keys.operator).confirmFusion(fusing, confirmation))
          .to.emit(applications, "ApplicationFusionConfirmed")
          .withArgs(fusing, confirmation, orgs.operator, keys.operator.address);
        expect((await applications.application(fusing)).fusionConfirmed).to.equal(true);
      });

      it("records the confirmation after the first review too", async () => {
        const { applications, keys, orgs, fusing } = await loadFixture(submittedFixture);
        await applications.connect(keys.operator).firstReview(fusing, true, ALL_FINDINGS, ethers.id("r"));
        await expect(applications.connect(keys.operator).confirmFusion(fusing, ethers.id("c")))
          .to.emit(applications, "ApplicationFusionConfirmed")
          .withArgs(fusing, ethers.id("c"), orgs.operator, keys.operator.address);
      });

      it("reverts with ApplicationStateInvalid once the application is rejected", async () => {
        const { applications, keys, fusing } = await loadFixture(submittedFixture);
        await applications.connect(keys.operator).firstReview(fusing, false, 0, ethers.id("r"));
        await expect(applications.connect(keys.operator).confirmFusion(fusing, ethers.id("c")))
          .to.be.revertedWithCustomError(applications, "ApplicationStateInvalid")
          .withArgs(fusing, ApplicationState.Rejected);
      });
    });

    context("when the application does not fuse social data", () => {
      it("reverts with ApplicationStateInvalid", async () => {
        const { applications, keys, plain } = await loadFixture(submittedFixture);
        await expect(applications.connect(keys.operator).confirmFusion(plain, ethers.id("c")))
          .to.be.revertedWithCustomError(applications, "ApplicationStateInvalid")
          .withArgs(plain, ApplicationState.Submitted);
      });
    });

    context("when the application is unknown", () => {
      it("reverts with ApplicationUnknown", async () => {
        const { applications, keys } = await loadFixture(submittedFixture);
        await expect(applications.connect(keys.operator).confirmFusion(99, ethers.id("c")))
          .to.be.revertedWithCustomError(applications, "ApplicationUnknown")
          .withArgs(99);
      });
    });

    context("when the caller is not the qualified operator", () => {
      it("reverts with WrongOrganizationKind for the developer itself", async () => {
        const { applications, keys, orgs, fusing } = await loadFixture(submittedFixture);
        await expect(applications.connect(keys.developer).confirmFusion(fusing, ethers.id("c")))
          .to.be.revertedWithCustomError(applications, "WrongOrganizationKind")
          .withArgs(orgs.developer, OrgKind.Developer, OrgKind.Operator);
      });

      it("reverts with ApplicationNotQualifiedOperator for a suspended operator", async () => {
        const { applications, ledger, bureauKey, keys, orgs, fusing, operatorQualification } = await loadFixture(submittedFixture);
        await ledger.qualifications.connect(bureauKey).suspend(operatorQualification, ethers.id("inspection"));
        await expect(applications.connect(keys.operator).confirmFusion(fusing, ethers.id("c")))
          .to.be.revertedWithCustomError(applications, "ApplicationNotQualifiedOperator")
          .withArgs(orgs.operator);
      });
    });
  });

  describe("finalReview", () => {
    async function firstReviewedFixture() {
      const base = await submittedFixture();
      await base.applications.connect(base.keys.operator).firstReview(base.plain, true, ALL_FINDINGS, ethers.id("r"));
      await base.applications.connect(base.keys.operator).firstReview(base.fusing, true, ALL_FINDINGS, ethers.id("r"));
      return base;
    }

    context("when the bureau approves", () => {
      it("approves the application for a grant and emits ApplicationFinalReviewed", async () => {
        const { applications, bureauKey, orgs, plain, scenarioB, resources } = await loadFixture(firstReviewedFixture);
        const report = ethers.id("final review B");
        await expect(applications.connect(bureauKey).finalReview(plain, true, report))
          .to.emit(applications, "ApplicationFinalReviewed")
          .withArgs(plain, true, report, 1, bureauKey.address);
        expect((await applications.application(plain)).state).to.equal(BigInt(ApplicationState.Approved));
        expect(await applications.grantBasis(plain)).to.deep.equal([
          BigInt(orgs.developer),
          scenarioB,
          BigInt(Purpose.PublicInterest),
          true,
          [BigInt(resources[0]), BigInt(resources[2])],
        ]);
      });
    });

    context("when the bureau rejects", () => {
      it("ends the application and emits ApplicationFinalReviewed", async () => {
        const { applications, bureauKey, plain } = await loadFixture(firstReviewedFixture);
        await expect(applications.connect(bureauKey).finalReview(plain, false, ethers.id("no")))
          .to.emit(applications, "ApplicationFinalReviewed")
          .withArgs(plain, false, ethers.id("no"), 1, bureauKey.address);
        expect((await applications.application(plain)).state).to.equal(BigInt(ApplicationState.Rejected));
        expect((await applications.grantBasis(plain))[3]).to.equal(false);
      });
    });

    context("when the application fuses social data", () => {
      it("reverts with ApplicationFusionUnconfirmed until the operator confirms", async () => {
        const { applications, bureauKey, keys, fusing } = await loadFixture(firstReviewedFixture);
        await expect(applications.connect(bureauKey).finalReview(fusing, true, ethers.id("ok")))
          .to.be.revertedWithCustomError(applications, "ApplicationFusionUnconfirmed")
          .withArgs(fusing);
        await applications.connect(keys.operator).confirmFusion(fusing, ethers.id("c"));
        await expect(applications.connect(bureauKey).finalReview(fusing, true, ethers.id("ok")))
          .to.emit(applications, "ApplicationFinalReviewed")
          .withArgs(fusing, true, ethers.id("ok"), 1, bureauKey.address);
      });

      it("lets the bureau reject it without a confirmation", async () => {
        const { applications, bureauKey, fusing } = await loadFixture(firstReviewedFixture);
        await expect(applications.connect(bureauKey).finalReview(fusing, false, ethers.id("no")))
          .to.emit(applications, "ApplicationFinalReviewed")
          .withArgs(fusing, false, ethers.id("no"), 1, bureauKey.address);
      });
    });

    context("when the first review has not passed yet", () => {
      it("reverts with ApplicationStateInvalid", async () => {
        const { applications, bureauKey, plain } = await loadFixture(submittedFixture);
        await expect(applications.connect(bureauKey).finalReview(plain, true, ethers.id("ok")))
          .to.be.revertedWithCustomError(applications, "ApplicationStateInvalid")
          .withArgs(plain, ApplicationState.Submitted);
      });
    });

    context("when the application was already decided", () => {
      it("reverts with ApplicationStateInvalid", async () => {
        const { applications, bureauKey, plain } = await loadFixture(firstReviewedFixture);
        await applications.connect(bureauKey).finalReview(plain, true, ethers.id("ok"));
        await expect(applications.connect(bureauKey).finalReview(plain, false, ethers.id("no")))
          .to.be.revertedWithCustomError(applications, "ApplicationStateInvalid")
          .withArgs(plain, ApplicationState.Approved);
      });
    });

    context("when the application is unknown", () => {
      it("reverts with ApplicationUnknown", async () => {
        const { applications, bureauKey } = await loadFixture(firstReviewedFixture);
        await expect(applications.connect(bureauKey).finalReview(99, true, ethers.id("ok")))
          .to.be.revertedWithCustomError(applications, "ApplicationUnknown")
          .withArgs(99);
      });
    });

    context("when the caller is not bureau staff", () => {
      it("reverts with WrongOrganizationKind, even for the operator", async () => {
        const { applications, keys, orgs, plain } = await loadFixture(firstReviewedFixture);
        await expect(applications.connect(keys.operator).finalReview(plain, true, ethers.id("ok")))
          .to.be.revertedWithCustomError(applications, "WrongOrganizationKind")
          .withArgs(orgs.operator, OrgKind.Operator, OrgKind.Bureau);
      });
    });
  });

  describe("views", () => {
    context("when no application has the id", () => {
      it("returns an empty record, no field mask and an unapproved grant basis", async () => {
        const { applications, resources } = await loadFixture(applicationsFixture);
        expect((await applications.application(99)).state).to.equal(BigInt(ApplicationState.None));
        expect(await applications.fieldMask(99, resources[0])).to.equal(0n);
        expect(await applications.grantBasis(99)).to.deep.equal([0n, ethers.ZeroHash, 0n, false, []]);
        expect(await applications.applicationCount()).to.equal(1n);
      });
    });
  });
});

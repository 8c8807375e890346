import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ProductRegistry } from "../../typechain-types";
import { IProductRegistry__factory } from "../../typechain-types";
import {
  AccessDenialCode as AccessDenial,
  ProductDenial,
  ProductForm,
  ProductState,
  ReleaseChecks,
  districtFixture,
  productFixture,
  publishedProductFixture,
} from "./fixtures";
import { DAY, approvedApplication, issueScenarioGrant, termsFrom } from "../../scripts/lib/procedures";
import { OrgKind, TerminationReason } from "../../server/vocabulary";

type Products = Awaited<ReturnType<typeof productFixture>>;

const BUREAU = 1;
const bureauReport = ethers.id("bureau review");
const securityReport = ethers.id("security review");

/** Product 1 applied for release, no review yet. */
async function inReviewFixture() {
  const p = await productFixture();
  await (await p.products.connect(p.keys.developer).applyForRelease(p.productId)).wait();
  return p;
}

/** A second scenario grant of the bank, for another scenario, on the third resource. */
async function secondGrant(f: Products): Promise<number> {
  const applicationId = await approvedApplication(f.ledger, {
    developerKey: f.keys.developer,
    operatorKey: f.keys.operator,
    bureauKey: f.officials[0],
    scenario: "supply-chain-finance",
    resources: [f.resources[2]],
    fieldMasks: [0b1n],
  });
  return issueScenarioGrant(f.ledger, {
    operatorKey: f.keys.operator,
    applicationId,
    parentId: f.wholeGrant,
    terms: termsFrom(await time.latest(), 180, "supply-chain-finance"),
  });
}

async function usabilityNow(products: ProductRegistry, productId: number): Promise<[bigint, bigint]> {
  const [denial, grantDenial] = await products.usability(productId, await time.latest());
  return [denial, grantDenial];
}

const toBig = (xs: readonly number[]) => xs.map((x) => BigInt(x));

describe("ProductRegistry", () => {
  describe("registerProduct", () => {
    context("when the grantee of a live scenario grant registers a product on sources inside its scope", () => {
      it("records the product as Registered, version 1, bound to the grant, and emits ProductRegistered", async () => {
        const d = await loadFixture(districtFixture);
        const products = d.ledger.products;
        const sources = [d.resources[0], d.resources[1]];
        const metadata = ethers.id("credit-verification");
        await expect(products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataVerification, metadata, sources))
          .to.emit(products, "ProductRegistered")
          .withArgs(1, d.scenarioGrant, d.orgs.developer, ProductForm.DataVerification, metadata, sources, d.keys.developer.address);
        const p = await products.product(1);
        expect(p.developer).to.equal(BigInt(d.orgs.developer));
        expect(p.grantId).to.equal(BigInt(d.scenarioGrant));
        expect(p.version).to.equal(1n);
        expect(p.form).to.equal(BigInt(ProductForm.DataVerification));
        expect(p.state).to.equal(BigInt(ProductState.Registered));
        expect(p.metadataHash).to.equal(metadata);
        expect(p.sources).to.deep.equal(toBig(sources));
        expect([p.bureauReviewed, p.securityReviewed, p.bureauChecks, p.securityChecks]).to.deep.equal([false, false, 0n, 0n]);
        expect([p.registrationNumber, p.exchangeRegistrationNumber]).to.deep.equal(["", ""]);
        expect(await products.productCount()).to.equal(1n);
      });

      it("accepts each of the six forms of Art. 4", async () => {
        const d = await loadFixture(districtFixture);
        const products = d.ledger.products;
        const forms = [
          ProductForm.DataComponent,
          ProductForm.DataModel,
          ProductForm.DataVerification,
          ProductForm.DataService,
          ProductForm.DataTool,
          ProductForm.DataReport,
        ];
        for (const [i, form] of forms.entries()) {
          await expect(products.connect(d.keys.developer).registerProduct(d.scenarioGrant, form, ethers.id(`form ${form}`), [d.resources[0]]))
            .to.emit(products, "ProductRegistered")
            .withArgs(i + 1, d.scenarioGrant, d.orgs.developer, form, ethers.id(`form ${form}`), [d.resources[0]], d.keys.developer.address);
        }
        expect(await products.productCount()).to.equal(6n);
      });
    });

    context("when the caller is not a developer", () => {
      it("reverts with WrongOrganizationKind", async () => {
        const d = await loadFixture(districtFixture);
        await expect(d.ledger.products.connect(d.keys.operator).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "WrongOrganizationKind")
          .withArgs(d.orgs.operator, OrgKind.Operator, OrgKind.Developer);
      });
    });

    context("when the caller's key is unknown", () => {
      it("reverts with UnknownKey", async () => {
        const d = await loadFixture(districtFixture);
        await expect(d.ledger.products.connect(d.keys.stranger).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "UnknownKey")
          .withArgs(d.keys.stranger.address);
      });
    });

    context("when the developer's organisation is suspended", () => {
      it("reverts with OrganizationNotActive", async () => {
        const d = await loadFixture(districtFixture);
        await d.ledger.organizations.connect(d.officials[0]).suspendOrganization(d.orgs.developer, ethers.id("order"));
        await expect(d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "OrganizationNotActive")
          .withArgs(d.orgs.developer, 2);
      });
    });

    context("when the form is None", () => {
      it("reverts with ProductFormInvalid", async () => {
        const d = await loadFixture(districtFixture);
        await expect(d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.None, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "ProductFormInvalid")
          .withArgs(ProductForm.None);
      });
    });

    context("when the developer is not the grant's grantee", () => {
      it("reverts with ProductGrantNotHeld for another developer", async () => {
        const d = await loadFixture(districtFixture);
        await expect(d.ledger.products.connect(d.keys.developer2).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "ProductGrantNotHeld")
          .withArgs(d.scenarioGrant, d.orgs.developer2);
      });

      it("reverts with ProductGrantNotHeld on the operator's whole grant", async () => {
        const d = await loadFixture(districtFixture);
        await expect(d.ledger.products.connect(d.keys.developer).registerProduct(d.wholeGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "ProductGrantNotHeld")
          .withArgs(d.wholeGrant, d.orgs.developer);
      });

      it("reverts with ProductGrantNotHeld on a grant that does not exist", async () => {
        const d = await loadFixture(districtFixture);
        await expect(d.ledger.products.connect(d.keys.developer).registerProduct(99, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "ProductGrantNotHeld")
          .withArgs(99, d.orgs.developer);
      });
    });

    context("when the grant is not live", () => {
      it("reverts with ProductGrantNotLive(GrantSuspended) while the grant is suspended", async () => {
        const d = await loadFixture(districtFixture);
        await d.ledger.grants.connect(d.keys.operator).suspendGrant(d.scenarioGrant, ethers.id("audit"));
        await expect(d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "ProductGrantNotLive")
          .withArgs(d.scenarioGrant, AccessDenial.GrantSuspended);
      });

      it("reverts with ProductGrantNotLive(GrantRevoked) once the grant is revoked", async () => {
        const d = await loadFixture(districtFixture);
        await d.ledger.grants.connect(d.keys.operator).revokeGrant(d.scenarioGrant, TerminationReason.Breach, ethers.id("breach"));
        await expect(d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "ProductGrantNotLive")
          .withArgs(d.scenarioGrant, AccessDenial.GrantRevoked);
      });

      it("reverts with ProductGrantNotLive(GrantExpired) after the grant's term", async () => {
        const d = await loadFixture(districtFixture);
        const g = await d.ledger.grants.grant(d.scenarioGrant);
        await time.increaseTo(g.end + 1n);
        await expect(d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "ProductGrantNotLive")
          .withArgs(d.scenarioGrant, AccessDenial.GrantExpired);
      });

      it("reverts with ProductGrantNotLive(ParentNotLive) while the operator's whole grant is suspended", async () => {
        const d = await loadFixture(districtFixture);
        await d.ledger.grants.connect(d.officials[0]).suspendGrant(d.wholeGrant, ethers.id("audit"));
        await expect(d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "ProductGrantNotLive")
          .withArgs(d.scenarioGrant, AccessDenial.ParentNotLive);
      });

      it("reverts with ProductGrantNotLive(GranteeNotQualified) while the developer's qualification is suspended", async () => {
        const d = await loadFixture(districtFixture);
        await d.ledger.qualifications.connect(d.officials[0]).suspend(d.developerQualification, ethers.id("inspection"));
        await expect(d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0]]))
          .to.be.revertedWithCustomError(d.ledger.products, "ProductGrantNotLive")
          .withArgs(d.scenarioGrant, AccessDenial.GranteeNotQualified);
      });
    });

    context("when a declared source lies outside the grant's scope", () => {
      it("reverts with ProductSourceOutOfScope naming the resource", async () => {
        const d = await loadFixture(districtFixture);
        await expect(
          d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [d.resources[0], d.resources[2]]),
        )
          .to.be.revertedWithCustomError(d.ledger.products, "ProductSourceOutOfScope")
          .withArgs(d.scenarioGrant, d.resources[2]);
      });

      it("reverts with ProductSourceOutOfScope for a resource that does not exist", async () => {
        const d = await loadFixture(districtFixture);
        await expect(d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, [999]))
          .to.be.revertedWithCustomError(d.ledger.products, "ProductSourceOutOfScope")
          .withArgs(d.scenarioGrant, 999);
      });
    });

    context("when no source, or more than sixteen, is declared", () => {
      it("reverts with ProductSourcesInvalid for none", async () => {
        const d = await loadFixture(districtFixture);
        await expect(
          d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, []),
        ).to.be.revertedWithCustomError(d.ledger.products, "ProductSourcesInvalid");
      });

      it("reverts with ProductSourcesInvalid for a repeated or unordered source", async () => {
        const d = await loadFixture(districtFixture);
        for (const sources of [[d.resources[0], d.resources[0]], [d.resources[1], d.resources[0]]]) {
          await expect(
            d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, sources),
          ).to.be.revertedWithCustomError(d.ledger.products, "ProductSourcesInvalid");
        }
      });

      it("reverts with ProductSourcesInvalid for seventeen", async () => {
        const d = await loadFixture(districtFixture);
        const sources = Array.from({ length: 17 }, () => d.resources[0]);
        await expect(
          d.ledger.products.connect(d.keys.developer).registerProduct(d.scenarioGrant, ProductForm.DataModel, ethers.ZeroHash, sources),
        ).to.be.revertedWithCustomError(d.ledger.products, "ProductSourcesInvalid");
      });
    });
  });

  describe("registerVersion", () => {
    context("when the developer registers a new version of a published product", () => {
      it("bumps the version, clears both reviews, returns the product to Registered and emits ProductVersioned", async () => {
        const p = await loadFixture(publishedProductFixture);
        const metadata = ethers.id("v2");
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, metadata, [p.resources[0]]))
          .to.emit(p.products, "ProductVersioned")
          .withArgs(p.productId, 2, metadata, [p.resources[0]], p.orgs.developer, p.keys.developer.address);
        const after = await p.products.product(p.productId);
        expect(after.version).to.equal(2n);
        expect(after.state).to.equal(BigInt(ProductState.Registered));
        expect(after.metadataHash).to.equal(metadata);
        expect(after.sources).to.deep.equal([BigInt(p.resources[0])]);
        expect([after.bureauReviewed, after.securityReviewed, after.bureauChecks, after.securityChecks]).to.deep.equal([false, false, 0n, 0n]);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.NotPublished), 0n]);
      });

      it("needs both reviews again before the new version is published", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v2"), p.sources);
        await expect(p.products.connect(p.keys.developer).applyForRelease(p.productId))
          .to.emit(p.products, "ProductReleaseApplied")
          .withArgs(p.productId, 2, p.orgs.developer, p.keys.developer.address);
        await expect(p.products.connect(p.officials[0]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport)).not.to.emit(p.products, "ProductPublished");
        expect((await p.products.product(p.productId)).state).to.equal(BigInt(ProductState.InReview));
        await expect(p.products.connect(p.keys.securitySupervisor).reviewRelease(p.productId, ReleaseChecks.ALL, securityReport))
          .to.emit(p.products, "ProductPublished")
          .withArgs(p.productId, 2);
      });

      it("keeps the product bound to its grant and scenario", async () => {
        const p = await loadFixture(publishedProductFixture);
        const other = await secondGrant(p);
        for (let v = 2; v <= 4; v++) {
          await p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id(`v${v}`), p.sources);
        }
        const after = await p.products.product(p.productId);
        expect(after.version).to.equal(4n);
        expect(after.grantId).to.equal(BigInt(p.scenarioGrant));
        expect(after.grantId).not.to.equal(BigInt(other));
        expect(await p.ledger.grants.scenarioOf(after.grantId)).to.equal(p.scenario);
      });
    });

    context("when the product is InReview", () => {
      it("reverts with ProductStateInvalid(InReview): a review in progress is decided first", async () => {
        const p = await loadFixture(productFixture);
        await p.products.connect(p.keys.developer).applyForRelease(p.productId);
        await p.products.connect(p.officials[0]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport);
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v2"), p.sources))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.InReview);
      });
    });

    context("when the product is Registered or Rejected", () => {
      it("accepts a new version from each of them", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v2"), p.sources))
          .to.emit(p.products, "ProductVersioned")
          .withArgs(p.productId, 2, ethers.id("v2"), p.sources, p.orgs.developer, p.keys.developer.address);
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v3"), p.sources))
          .to.emit(p.products, "ProductVersioned")
          .withArgs(p.productId, 3, ethers.id("v3"), p.sources, p.orgs.developer, p.keys.developer.address);
        expect((await p.products.product(p.productId)).bureauReviewed).to.equal(false);
        await p.products.connect(p.keys.developer).applyForRelease(p.productId);
        await p.products.connect(p.officials[0]).reviewRelease(p.productId, ReleaseChecks.ALL & ~ReleaseChecks.NO_OTHER_RISK, bureauReport);
        expect((await p.products.product(p.productId)).state).to.equal(BigInt(ProductState.Rejected));
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v4"), p.sources))
          .to.emit(p.products, "ProductVersioned")
          .withArgs(p.productId, 4, ethers.id("v4"), p.sources, p.orgs.developer, p.keys.developer.address);
        expect((await p.products.product(p.productId)).state).to.equal(BigInt(ProductState.Registered));
      });
    });

    context("when a new source lies outside the product's own grant (even inside another grant of the developer)", () => {
      it("reverts with ProductSourceOutOfScope naming the product's grant", async () => {
        const p = await loadFixture(productFixture);
        await secondGrant(p);
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v2"), [p.resources[2]]))
          .to.be.revertedWithCustomError(p.products, "ProductSourceOutOfScope")
          .withArgs(p.scenarioGrant, p.resources[2]);
      });
    });

    context("when the sources are empty", () => {
      it("reverts with ProductSourcesInvalid", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v2"), [])).to.be.revertedWithCustomError(
          p.products,
          "ProductSourcesInvalid",
        );
      });
    });

    context("when the product's grant is no longer live", () => {
      it("reverts with ProductGrantNotLive", async () => {
        const p = await loadFixture(productFixture);
        await p.ledger.grants.connect(p.keys.operator).suspendGrant(p.scenarioGrant, ethers.id("audit"));
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v2"), p.sources))
          .to.be.revertedWithCustomError(p.products, "ProductGrantNotLive")
          .withArgs(p.scenarioGrant, AccessDenial.GrantSuspended);
      });
    });

    context("when the product is suspended or delisted", () => {
      it("reverts with ProductStateInvalid(Suspended)", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.products.connect(p.officials[0]).suspendProduct(p.productId, ethers.id("complaint"));
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v2"), p.sources))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.Suspended);
      });

      it("reverts with ProductStateInvalid(Delisted)", async () => {
        const p = await loadFixture(productFixture);
        await p.products.connect(p.officials[0]).delistProduct(p.productId, ethers.id("withdrawn"));
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v2"), p.sources))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.Delisted);
      });
    });

    context("when the caller is another developer", () => {
      it("reverts with ProductNotDeveloper", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.keys.developer2).registerVersion(p.productId, ethers.id("v2"), p.sources))
          .to.be.revertedWithCustomError(p.products, "ProductNotDeveloper")
          .withArgs(p.productId, p.orgs.developer2);
      });
    });

    context("when the caller is not a developer", () => {
      it("reverts with WrongOrganizationKind", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.officials[0]).registerVersion(p.productId, ethers.id("v2"), p.sources))
          .to.be.revertedWithCustomError(p.products, "WrongOrganizationKind")
          .withArgs(BUREAU, OrgKind.Bureau, OrgKind.Developer);
      });
    });

    context("when the product does not exist", () => {
      it("reverts with ProductUnknown", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.keys.developer).registerVersion(7, ethers.id("v2"), p.sources))
          .to.be.revertedWithCustomError(p.products, "ProductUnknown")
          .withArgs(7);
      });
    });
  });

  describe("applyForRelease", () => {
    context("when the developer applies for a registered product", () => {
      it("puts it InReview and emits ProductReleaseApplied", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.keys.developer).applyForRelease(p.productId))
          .to.emit(p.products, "ProductReleaseApplied")
          .withArgs(p.productId, 1, p.orgs.developer, p.keys.developer.address);
        expect((await p.products.product(p.productId)).state).to.equal(BigInt(ProductState.InReview));
      });
    });

    context("when the product is not Registered", () => {
      it("reverts with ProductStateInvalid(InReview) when applied for twice", async () => {
        const p = await loadFixture(inReviewFixture);
        await expect(p.products.connect(p.keys.developer).applyForRelease(p.productId))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.InReview);
      });

      it("reverts with ProductStateInvalid(Rejected): a rejected version is not applied for again", async () => {
        const p = await loadFixture(inReviewFixture);
        await p.products.connect(p.officials[0]).reviewRelease(p.productId, 0, bureauReport);
        await expect(p.products.connect(p.keys.developer).applyForRelease(p.productId))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.Rejected);
      });

      it("reverts with ProductStateInvalid(Published)", async () => {
        const p = await loadFixture(publishedProductFixture);
        await expect(p.products.connect(p.keys.developer).applyForRelease(p.productId))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.Published);
      });
    });

    context("when the caller is another developer", () => {
      it("reverts with ProductNotDeveloper", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.keys.developer2).applyForRelease(p.productId))
          .to.be.revertedWithCustomError(p.products, "ProductNotDeveloper")
          .withArgs(p.productId, p.orgs.developer2);
      });
    });

    context("when the product does not exist", () => {
      it("reverts with ProductUnknown", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.keys.developer).applyForRelease(0)).to.be.revertedWithCustomError(p.products, "ProductUnknown").withArgs(0);
      });
    });
  });

  describe("reviewRelease", () => {
    context("when the bureau clears all five checks", () => {
      it("records the bureau review, emits ProductReviewed and waits for the security review", async () => {
        const p = await loadFixture(inReviewFixture);
        await expect(p.products.connect(p.officials[1]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport))
          .to.emit(p.products, "ProductReviewed")
          .withArgs(p.productId, 1, false, ReleaseChecks.ALL, 0, bureauReport, BUREAU, p.officials[1].address)
          .and.not.to.emit(p.products, "ProductPublished");
        const after = await p.products.product(p.productId);
        expect([after.bureauReviewed, after.bureauChecks, after.securityReviewed, after.state]).to.deep.equal([
          true,
          BigInt(ReleaseChecks.ALL),
          false,
          BigInt(ProductState.InReview),
        ]);
      });
    });

    context("when the security supervisor clears all five checks after the bureau", () => {
      it("records the security review and publishes the product", async () => {
        const p = await loadFixture(inReviewFixture);
        await p.products.connect(p.officials[0]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport);
        await expect(p.products.connect(p.keys.securitySupervisor).reviewRelease(p.productId, ReleaseChecks.ALL, securityReport))
          .to.emit(p.products, "ProductReviewed")
          .withArgs(p.productId, 1, true, ReleaseChecks.ALL, 0, securityReport, p.orgs.securitySupervisor, p.keys.securitySupervisor.address)
          .and.to.emit(p.products, "ProductPublished")
          .withArgs(p.productId, 1);
        const after = await p.products.product(p.productId);
        expect([after.securityReviewed, after.securityChecks, after.state]).to.deep.equal([true, BigInt(ReleaseChecks.ALL), BigInt(ProductState.Published)]);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([0n, 0n]);
      });
    });

    context("when the security review comes first", () => {
      it("publishes on the bureau's clearing review", async () => {
        const p = await loadFixture(inReviewFixture);
        await expect(p.products.connect(p.keys.securitySupervisor).reviewRelease(p.productId, ReleaseChecks.ALL, securityReport)).not.to.emit(
          p.products,
          "ProductPublished",
        );
        await expect(p.products.connect(p.officials[0]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport))
          .to.emit(p.products, "ProductPublished")
          .withArgs(p.productId, 1);
      });
    });

    for (const [name, bit] of Object.entries(ReleaseChecks).filter(([k]) => k !== "ALL")) {
      context(`when the bureau fails check ${name}`, () => {
        it("rejects the product, naming the failed check in ProductReviewed and ProductRejected", async () => {
          const p = await loadFixture(inReviewFixture);
          const passed = ReleaseChecks.ALL & ~bit;
          await expect(p.products.connect(p.officials[0]).reviewRelease(p.productId, passed, bureauReport))
            .to.emit(p.products, "ProductReviewed")
            .withArgs(p.productId, 1, false, passed, bit, bureauReport, BUREAU, p.officials[0].address)
            .and.to.emit(p.products, "ProductRejected")
            .withArgs(p.productId, 1, bit, BUREAU, p.officials[0].address);
          expect((await p.products.product(p.productId)).state).to.equal(BigInt(ProductState.Rejected));
        });
      });
    }

    context("when the security supervisor fails several checks after the bureau cleared all five", () => {
      it("rejects the product with all failed checks named and never publishes", async () => {
        const p = await loadFixture(inReviewFixture);
        await p.products.connect(p.officials[0]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport);
        const passed = ReleaseChecks.PURPOSE_AND_SCOPE | ReleaseChecks.SOURCES_LAWFUL | ReleaseChecks.NO_OTHER_RISK;
        const failed = ReleaseChecks.NO_RAW_OR_SENSITIVE | ReleaseChecks.NO_PERSONAL_OR_SECRET;
        await expect(p.products.connect(p.keys.securitySupervisor).reviewRelease(p.productId, passed, securityReport))
          .to.emit(p.products, "ProductRejected")
          .withArgs(p.productId, 1, failed, p.orgs.securitySupervisor, p.keys.securitySupervisor.address)
          .and.not.to.emit(p.products, "ProductPublished");
        const after = await p.products.product(p.productId);
        expect([after.state, after.securityChecks]).to.deep.equal([BigInt(ProductState.Rejected), BigInt(passed)]);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.NotPublished), 0n]);
      });
    });

    context("when the bureau rejects and the security supervisor then reviews", () => {
      it("reverts with ProductStateInvalid(Rejected): the rejected version is not reviewed further", async () => {
        const p = await loadFixture(inReviewFixture);
        await p.products.connect(p.officials[0]).reviewRelease(p.productId, 0, bureauReport);
        await expect(p.products.connect(p.keys.securitySupervisor).reviewRelease(p.productId, ReleaseChecks.ALL, securityReport))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.Rejected);
      });
    });

    context("when the same side reviews twice", () => {
      it("reverts with ProductAlreadyReviewed for a second bureau review, by another official", async () => {
        const p = await loadFixture(inReviewFixture);
        await p.products.connect(p.officials[0]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport);
        await expect(p.products.connect(p.officials[1]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport))
          .to.be.revertedWithCustomError(p.products, "ProductAlreadyReviewed")
          .withArgs(p.productId, BUREAU);
      });

      it("reverts with ProductAlreadyReviewed for a second security review", async () => {
        const p = await loadFixture(inReviewFixture);
        await p.products.connect(p.keys.securitySupervisor).reviewRelease(p.productId, ReleaseChecks.ALL, securityReport);
        await expect(p.products.connect(p.keys.securitySupervisor).reviewRelease(p.productId, ReleaseChecks.ALL, securityReport))
          .to.be.revertedWithCustomError(p.products, "ProductAlreadyReviewed")
          .withArgs(p.productId, p.orgs.securitySupervisor);
      });
    });

    context("when the reviewer is neither the bureau nor a security supervisor", () => {
      for (const who of ["operator", "supervisor", "developer", "industry"] as const) {
        it(`reverts with ProductReviewerInvalid for the ${who}`, async () => {
          const p = await loadFixture(inReviewFixture);
          await expect(p.products.connect(p.keys[who]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport))
            .to.be.revertedWithCustomError(p.products, "ProductReviewerInvalid")
            .withArgs(p.productId, p.orgs[who]);
        });
      }
    });

    context("when the checks have a bit beyond the five", () => {
      it("reverts with ProductChecksInvalid", async () => {
        const p = await loadFixture(inReviewFixture);
        for (const checks of [32, 63, 255]) {
          await expect(p.products.connect(p.officials[0]).reviewRelease(p.productId, checks, bureauReport))
            .to.be.revertedWithCustomError(p.products, "ProductChecksInvalid")
            .withArgs(checks);
        }
      });
    });

    context("when the product is not in review", () => {
      it("reverts with ProductStateInvalid(Registered)", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.officials[0]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.Registered);
      });

      it("reverts with ProductUnknown for a product that does not exist", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.officials[0]).reviewRelease(5, ReleaseChecks.ALL, bureauReport))
          .to.be.revertedWithCustomError(p.products, "ProductUnknown")
          .withArgs(5);
      });
    });
  });

  describe("recordRegistration", () => {
    context("when bureau staff record the 登记号 and the exchange's number", () => {
      it("stores each in its own field and emits ProductRegistrationRecorded", async () => {
        const p = await loadFixture(publishedProductFixture);
        await expect(p.products.connect(p.officials[2]).recordRegistration(p.productId, "DJ-2026-000123", false))
          .to.emit(p.products, "ProductRegistrationRecorded")
          .withArgs(p.productId, "DJ-2026-000123", false, BUREAU, p.officials[2].address);
        await expect(p.products.connect(p.officials[0]).recordRegistration(p.productId, "SZDEX-2026-0456", true))
          .to.emit(p.products, "ProductRegistrationRecorded")
          .withArgs(p.productId, "SZDEX-2026-0456", true, BUREAU, p.officials[0].address);
        const after = await p.products.product(p.productId);
        expect([after.registrationNumber, after.exchangeRegistrationNumber]).to.deep.equal(["DJ-2026-000123", "SZDEX-2026-0456"]);
      });
    });

    context("when the caller is not bureau staff", () => {
      it("reverts with WrongOrganizationKind", async () => {
        const p = await loadFixture(publishedProductFixture);
        await expect(p.products.connect(p.keys.operator).recordRegistration(p.productId, "X", true))
          .to.be.revertedWithCustomError(p.products, "WrongOrganizationKind")
          .withArgs(p.orgs.operator, OrgKind.Operator, OrgKind.Bureau);
      });
    });

    context("when the product does not exist", () => {
      it("reverts with ProductUnknown", async () => {
        const p = await loadFixture(publishedProductFixture);
        await expect(p.products.connect(p.officials[0]).recordRegistration(9, "X", false)).to.be.revertedWithCustomError(p.products, "ProductUnknown").withArgs(9);
      });
    });
  });

  describe("suspendProduct", () => {
    context("when bureau staff suspend a published product", () => {
      it("marks it Suspended, emits ProductSuspended and makes it unusable", async () => {
        const p = await loadFixture(publishedProductFixture);
        const reason = ethers.id("price manipulation complaint");
        await expect(p.products.connect(p.officials[0]).suspendProduct(p.productId, reason))
          .to.emit(p.products, "ProductSuspended")
          .withArgs(p.productId, reason, BUREAU, p.officials[0].address);
        expect((await p.products.product(p.productId)).state).to.equal(BigInt(ProductState.Suspended));
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.Suspended), 0n]);
      });
    });

    context("when the product is not published", () => {
      it("reverts with ProductStateInvalid", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.officials[0]).suspendProduct(p.productId, ethers.ZeroHash))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.Registered);
      });
    });

    context("when the caller is not bureau staff", () => {
      it("reverts with WrongOrganizationKind", async () => {
        const p = await loadFixture(publishedProductFixture);
        await expect(p.products.connect(p.keys.securitySupervisor).suspendProduct(p.productId, ethers.ZeroHash))
          .to.be.revertedWithCustomError(p.products, "WrongOrganizationKind")
          .withArgs(p.orgs.securitySupervisor, OrgKind.SecuritySupervisor, OrgKind.Bureau);
      });
    });
  });

  describe("reinstateProduct", () => {
    context("when bureau staff lift a suspension", () => {
      it("publishes the product again and emits ProductReinstated", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.products.connect(p.officials[0]).suspendProduct(p.productId, ethers.id("s"));
        await expect(p.products.connect(p.officials[1]).reinstateProduct(p.productId, ethers.id("cleared")))
          .to.emit(p.products, "ProductReinstated")
          .withArgs(p.productId, ethers.id("cleared"), BUREAU, p.officials[1].address);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([0n, 0n]);
      });
    });

    context("when the product is not suspended", () => {
      it("reverts with ProductStateInvalid(Published)", async () => {
        const p = await loadFixture(publishedProductFixture);
        await expect(p.products.connect(p.officials[0]).reinstateProduct(p.productId, ethers.ZeroHash))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.Published);
      });
    });

    context("when the caller is not bureau staff", () => {
      it("reverts with WrongOrganizationKind", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.products.connect(p.officials[0]).suspendProduct(p.productId, ethers.id("s"));
        await expect(p.products.connect(p.keys.developer).reinstateProduct(p.productId, ethers.ZeroHash))
          .to.be.revertedWithCustomError(p.products, "WrongOrganizationKind")
          .withArgs(p.orgs.developer, OrgKind.Developer, OrgKind.Bureau);
      });
    });
  });

  describe("delistProduct", () => {
    context("when bureau staff delist a product, from any state", () => {
      for (const [label, fixture] of [
        ["registered", productFixture],
        ["in review", inReviewFixture],
        ["published", publishedProductFixture],
      ] as const) {
        it(`delists a ${label} product for good and emits ProductDelisted`, async () => {
          const p = await loadFixture(fixture);
          await expect(p.products.connect(p.officials[0]).delistProduct(p.productId, ethers.id("exit")))
            .to.emit(p.products, "ProductDelisted")
            .withArgs(p.productId, ethers.id("exit"), BUREAU, p.officials[0].address);
          expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.Delisted), 0n]);
          await expect(p.products.connect(p.keys.developer).applyForRelease(p.productId))
            .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
            .withArgs(p.productId, ProductState.Delisted);
        });
      }

      it("delists a suspended product, which then cannot be reinstated", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.products.connect(p.officials[0]).suspendProduct(p.productId, ethers.id("s"));
        await p.products.connect(p.officials[0]).delistProduct(p.productId, ethers.id("exit"));
        await expect(p.products.connect(p.officials[0]).reinstateProduct(p.productId, ethers.ZeroHash))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.Delisted);
      });
    });

    context("when the product is already delisted", () => {
      it("reverts with ProductStateInvalid(Delisted)", async () => {
        const p = await loadFixture(productFixture);
        await p.products.connect(p.officials[0]).delistProduct(p.productId, ethers.id("exit"));
        await expect(p.products.connect(p.officials[0]).delistProduct(p.productId, ethers.id("again")))
          .to.be.revertedWithCustomError(p.products, "ProductStateInvalid")
          .withArgs(p.productId, ProductState.Delisted);
      });
    });

    context("when the product does not exist", () => {
      it("reverts with ProductUnknown", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.officials[0]).delistProduct(3, ethers.ZeroHash)).to.be.revertedWithCustomError(p.products, "ProductUnknown").withArgs(3);
      });
    });

    context("when the caller is not bureau staff", () => {
      it("reverts with WrongOrganizationKind", async () => {
        const p = await loadFixture(productFixture);
        await expect(p.products.connect(p.keys.operator).delistProduct(p.productId, ethers.ZeroHash))
          .to.be.revertedWithCustomError(p.products, "WrongOrganizationKind")
          .withArgs(p.orgs.operator, OrgKind.Operator, OrgKind.Bureau);
      });
    });
  });

  describe("usability", () => {
    context("when the product is published and its grant live", () => {
      it("returns (None, None)", async () => {
        const p = await loadFixture(publishedProductFixture);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.None), BigInt(AccessDenial.None)]);
      });
    });

    context("when the product does not exist", () => {
      it("returns UnknownProduct", async () => {
        const p = await loadFixture(publishedProductFixture);
        expect(await usabilityNow(p.products, 0)).to.deep.equal([BigInt(ProductDenial.UnknownProduct), 0n]);
        expect(await usabilityNow(p.products, 2)).to.deep.equal([BigInt(ProductDenial.UnknownProduct), 0n]);
      });
    });

    context("when the product is registered, in review or rejected", () => {
      it("returns NotPublished for each", async () => {
        const p = await loadFixture(productFixture);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.NotPublished), 0n]);
        await p.products.connect(p.keys.developer).applyForRelease(p.productId);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.NotPublished), 0n]);
        await p.products.connect(p.officials[0]).reviewRelease(p.productId, ReleaseChecks.ALL, bureauReport);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.NotPublished), 0n]);
        await p.products.connect(p.keys.securitySupervisor).reviewRelease(p.productId, 0, securityReport);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.NotPublished), 0n]);
      });
    });

    context("when the published product's grant stops being live", () => {
      it("returns GrantNotLive with GrantSuspended while the grant is suspended, and None once reinstated", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.ledger.grants.connect(p.keys.operator).suspendGrant(p.scenarioGrant, ethers.id("audit"));
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.GrantSuspended)]);
        await p.ledger.grants.connect(p.keys.operator).reinstateGrant(p.scenarioGrant, ethers.id("cleared"));
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([0n, 0n]);
      });

      it("returns GrantNotLive with GrantRevoked once the grant is revoked", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.ledger.grants.connect(p.officials[0]).revokeGrant(p.scenarioGrant, TerminationReason.UnlawfulUse, ethers.id("unlawful"));
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.GrantRevoked)]);
      });

      it("returns GrantNotLive with GrantExpired after the grant's term, asked ahead or after time passes", async () => {
        const p = await loadFixture(publishedProductFixture);
        const end = (await p.ledger.grants.grant(p.scenarioGrant)).end;
        expect(await p.products.usability(p.productId, end)).to.deep.equal([0n, 0n]);
        expect(await p.products.usability(p.productId, end + 1n)).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.GrantExpired)]);
        await time.increaseTo(end + 1n);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.GrantExpired)]);
      });

      it("returns GrantNotLive with GrantNotYetValid before the grant's start", async () => {
        const p = await loadFixture(publishedProductFixture);
        const start = (await p.ledger.grants.grant(p.scenarioGrant)).start;
        expect(await p.products.usability(p.productId, start - 1n)).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.GrantNotYetValid)]);
      });

      it("returns GrantNotLive with OrganizationSuspended while the developer's organisation is suspended", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.ledger.organizations.connect(p.officials[0]).suspendOrganization(p.orgs.developer, ethers.id("order"));
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.OrganizationSuspended)]);
      });

      it("returns GrantNotLive with OrganizationSuspended while the operator (the grantor) is suspended", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.ledger.organizations.connect(p.officials[0]).suspendOrganization(p.orgs.operator, ethers.id("order"));
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.OrganizationSuspended)]);
      });

      it("returns GrantNotLive with GranteeNotQualified while the developer's qualification is suspended", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.ledger.qualifications.connect(p.officials[0]).suspend(p.developerQualification, ethers.id("inspection"));
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.GranteeNotQualified)]);
      });

      it("returns GrantNotLive with ParentNotLive while the whole grant is suspended", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.ledger.grants.connect(p.officials[0]).suspendGrant(p.wholeGrant, ethers.id("audit"));
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.ParentNotLive)]);
      });
    });

    context("when the product is suspended or delisted", () => {
      it("names the product's own state before the grant's", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.ledger.grants.connect(p.keys.operator).suspendGrant(p.scenarioGrant, ethers.id("audit"));
        await p.products.connect(p.officials[0]).suspendProduct(p.productId, ethers.id("s"));
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.Suspended), 0n]);
        await p.products.connect(p.officials[0]).delistProduct(p.productId, ethers.id("d"));
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.Delisted), 0n]);
      });
    });
  });

  describe("productCount and product", () => {
    context("when several products are registered", () => {
      it("lists every product from the chain alone: the operator's product and service list (R21)", async () => {
        const p = await loadFixture(publishedProductFixture);
        await p.products.connect(p.keys.developer).registerProduct(p.scenarioGrant, ProductForm.DataReport, ethers.id("report"), [p.resources[1]]);
        await p.products.connect(p.keys.developer).registerProduct(p.scenarioGrant, ProductForm.DataService, ethers.id("service"), [p.resources[0]]);
        const count = Number(await p.products.productCount());
        const list = [];
        for (let i = 1; i <= count; i++) {
          const x = await p.products.product(i);
          list.push([Number(x.form), Number(x.state), Number(x.grantId), x.metadataHash]);
        }
        expect(list).to.deep.equal([
          [ProductForm.DataVerification, ProductState.Published, p.scenarioGrant, p.metadataHash],
          [ProductForm.DataReport, ProductState.Registered, p.scenarioGrant, ethers.id("report")],
          [ProductForm.DataService, ProductState.Registered, p.scenarioGrant, ethers.id("service")],
        ]);
      });
    });

    context("when the product does not exist", () => {
      it("returns an empty record (state None)", async () => {
        const p = await loadFixture(productFixture);
        const x = await p.products.product(42);
        expect([x.state, x.grantId, x.developer]).to.deep.equal([0n, 0n, 0n]);
      });
    });
  });

  describe("binding to the grant", () => {
    context("when the interface is inspected", () => {
      it("has no function that changes a product's grant: only registerProduct takes a grant id", async () => {
        const writers = IProductRegistry__factory.createInterface()
          .fragments.filter((f) => f.type === "function")
          .map((f) => f as import("ethers").FunctionFragment)
          .filter((f) => !f.constant && f.inputs.some((i) => i.name === "grantId" || i.name === "scenario"))
          .map((f) => f.name);
        expect(writers).to.deep.equal(["registerProduct"]);
      });
    });

    context("when the grant is revoked and the developer holds another scenario grant", () => {
      it("keeps the product on its revoked grant: it stays unusable and cannot be moved", async () => {
        const p = await loadFixture(publishedProductFixture);
        const other = await secondGrant(p);
        await p.ledger.grants.connect(p.keys.operator).revokeGrant(p.scenarioGrant, TerminationReason.Breach, ethers.id("breach"));
        await expect(p.products.connect(p.keys.developer).registerVersion(p.productId, ethers.id("v2"), [p.resources[2]]))
          .to.be.revertedWithCustomError(p.products, "ProductGrantNotLive")
          .withArgs(p.scenarioGrant, AccessDenial.GrantRevoked);
        const x = await p.products.product(p.productId);
        expect(x.grantId).to.equal(BigInt(p.scenarioGrant));
        expect(await p.ledger.grants.denialOf(other, await time.latest())).to.equal(0n);
        expect(await usabilityNow(p.products, p.productId)).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.GrantRevoked)]);
      });
    });
  });
});

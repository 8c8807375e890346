/**
 * Art. 19 and 20, told as a story: a bank releases its 数据核验 (data-verification) product.
 *
 * The bank, holding one scenario grant ("inclusive-finance-credit", enterprise registration and credit data),
 * registers a product that verifies a company's registration and credit standing without showing either record
 * (数据可用不可见) -> applies for release -> 区大数据局 bureau review on the five checks of Art. 19 ->
 * 区网信办 security review on the same five -> published -> 登记号 registration number (Art. 11) ->
 * registered on a licensed data exchange (Art. 20) -> a second version widens what it returns: reviewed again,
 * rejected by the security review on check (4), corrected in a third version and published again.
 * All the while the product stays bound to its grant, and the check of its use follows the grant.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ProductRegistry } from "../../../typechain-types";
import { AccessDenialCode as AccessDenial, ProductDenial, ProductForm, ProductState, ReleaseChecks, districtFixture } from "../fixtures";

const BUREAU = 1;

describe("Art. 19: releasing the bank's data-verification product", () => {
  let f: Awaited<ReturnType<typeof districtFixture>>;
  let products: ProductRegistry;
  const productId = 1;
  const v1 = ethers.id("企业信用核验 enterprise credit verification v1: yes/no answers only");

  const usable = async () => products.usability(productId, await time.latest());

  before(async () => {
    f = await loadFixture(districtFixture);
    products = f.ledger.products;
  });

  it("1. 登记 registration: the bank registers a 数据核验 product on its scenario grant, declaring both sources", async () => {
    const sources = [f.resources[0], f.resources[1]];
    // a source outside the grant is refused: the product may use only what the scenario was granted
    await expect(products.connect(f.keys.developer).registerProduct(f.scenarioGrant, ProductForm.DataVerification, v1, [...sources, f.resources[2]]))
      .to.be.revertedWithCustomError(products, "ProductSourceOutOfScope")
      .withArgs(f.scenarioGrant, f.resources[2]);
    await expect(products.connect(f.keys.developer).registerProduct(f.scenarioGrant, ProductForm.DataVerification, v1, sources))
      .to.emit(products, "ProductRegistered")
      .withArgs(productId, f.scenarioGrant, f.orgs.developer, ProductForm.DataVerification, v1, sources, f.keys.developer.address);
    expect(await usable()).to.deep.equal([BigInt(ProductDenial.NotPublished), 0n]);
  });

  it("2. 申请 release application: the bank applies; nobody else may", async () => {
    await expect(products.connect(f.keys.developer2).applyForRelease(productId))
      .to.be.revertedWithCustomError(products, "ProductNotDeveloper")
      .withArgs(productId, f.orgs.developer2);
    await expect(products.connect(f.keys.developer).applyForRelease(productId))
      .to.emit(products, "ProductReleaseApplied")
      .withArgs(productId, 1, f.orgs.developer, f.keys.developer.address);
  });

  it("3. 审核 bureau review: all five checks cleared; the operator may not review", async () => {
    const reportHash = ethers.id("区大数据局审核意见 bureau review v1");
    await expect(products.connect(f.keys.operator).reviewRelease(productId, ReleaseChecks.ALL, reportHash))
      .to.be.revertedWithCustomError(products, "ProductReviewerInvalid")
      .withArgs(productId, f.orgs.operator);
    await expect(products.connect(f.officials[0]).reviewRelease(productId, ReleaseChecks.ALL, reportHash))
      .to.emit(products, "ProductReviewed")
      .withArgs(productId, 1, false, ReleaseChecks.ALL, 0, reportHash, BUREAU, f.officials[0].address)
      .and.not.to.emit(products, "ProductPublished");
    expect(await usable()).to.deep.equal([BigInt(ProductDenial.NotPublished), 0n]);
  });

  it("4. 安全审查 security review by 网信办: all five cleared, and the product is published", async () => {
    const reportHash = ethers.id("网信办安全审查意见 security review v1");
    await expect(products.connect(f.keys.securitySupervisor).reviewRelease(productId, ReleaseChecks.ALL, reportHash))
      .to.emit(products, "ProductReviewed")
      .withArgs(productId, 1, true, ReleaseChecks.ALL, 0, reportHash, f.orgs.securitySupervisor, f.keys.securitySupervisor.address)
      .and.to.emit(products, "ProductPublished")
      .withArgs(productId, 1);
    expect(await usable()).to.deep.equal([BigInt(ProductDenial.None), BigInt(AccessDenial.None)]);
  });

  it("5. 登记号 the bureau records the product's registration number", async () => {
    await expect(products.connect(f.officials[1]).recordRegistration(productId, "区数登字〔2026〕第0019号", false))
      .to.emit(products, "ProductRegistrationRecorded")
      .withArgs(productId, "区数登字〔2026〕第0019号", false, BUREAU, f.officials[1].address);
  });

  it("6. 场内交易 the product is listed on a licensed data exchange, and its number recorded (Art. 20)", async () => {
    await expect(products.connect(f.officials[0]).recordRegistration(productId, "SZDE-2026-CP-004512", true))
      .to.emit(products, "ProductRegistrationRecorded")
      .withArgs(productId, "SZDE-2026-CP-004512", true, BUREAU, f.officials[0].address);
    const p = await products.product(productId);
    expect([p.registrationNumber, p.exchangeRegistrationNumber, p.state]).to.deep.equal([
      "区数登字〔2026〕第0019号",
      "SZDE-2026-CP-004512",
      BigInt(ProductState.Published),
    ]);
  });

  it("7. 新版本 a second version must be reviewed again: it is not usable until then", async () => {
    const v2 = ethers.id("v2: also returns the registered capital band");
    await expect(products.connect(f.keys.developer).registerVersion(productId, v2, [f.resources[0], f.resources[1]]))
      .to.emit(products, "ProductVersioned")
      .withArgs(productId, 2, v2, [f.resources[0], f.resources[1]], f.orgs.developer, f.keys.developer.address);
    expect(await usable()).to.deep.equal([BigInt(ProductDenial.NotPublished), 0n]);
    await products.connect(f.keys.developer).applyForRelease(productId);
    await products.connect(f.officials[0]).reviewRelease(productId, ReleaseChecks.ALL, ethers.id("bureau review v2"));
  });

  it("8. the security review rejects version 2 on check (4): personal information of the legal representative leaks", async () => {
    const passed = ReleaseChecks.ALL & ~ReleaseChecks.NO_PERSONAL_OR_SECRET;
    await expect(products.connect(f.keys.securitySupervisor).reviewRelease(productId, passed, ethers.id("security review v2")))
      .to.emit(products, "ProductRejected")
      .withArgs(productId, 2, ReleaseChecks.NO_PERSONAL_OR_SECRET, f.orgs.securitySupervisor, f.keys.securitySupervisor.address)
      .and.not.to.emit(products, "ProductPublished");
    expect((await products.product(productId)).state).to.equal(BigInt(ProductState.Rejected));
    expect(await usable()).to.deep.equal([BigInt(ProductDenial.NotPublished), 0n]);
  });

  it("9. version 3 drops the leaking field, passes both reviews and is published again", async () => {
    await products.connect(f.keys.developer).registerVersion(productId, ethers.id("v3: capital band, no representative"), [f.resources[0], f.resources[1]]);
    await products.connect(f.keys.developer).applyForRelease(productId);
    await products.connect(f.keys.securitySupervisor).reviewRelease(productId, ReleaseChecks.ALL, ethers.id("security review v3"));
    await expect(products.connect(f.officials[2]).reviewRelease(productId, ReleaseChecks.ALL, ethers.id("bureau review v3")))
      .to.emit(products, "ProductPublished")
      .withArgs(productId, 3);
    const p = await products.product(productId);
    expect([p.version, p.grantId, p.registrationNumber]).to.deep.equal([3n, BigInt(f.scenarioGrant), "区数登字〔2026〕第0019号"]);
    expect(await usable()).to.deep.equal([0n, 0n]);
  });

  it("10. bound to its scenario: when the grant's term ends the product stops being usable, and says why", async () => {
    const end = (await f.ledger.grants.grant(f.scenarioGrant)).end;
    await time.increaseTo(end + 1n);
    expect(await usable()).to.deep.equal([BigInt(ProductDenial.GrantNotLive), BigInt(AccessDenial.GrantExpired)]);
    expect(await f.ledger.grants.scenarioOf((await products.product(productId)).grantId)).to.equal(f.scenario);
  });
});

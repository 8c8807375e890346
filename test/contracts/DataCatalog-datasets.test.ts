/*
 * Dataset versions on chain (issue 12 item 2; Art. 6-8, R2): the resource's one source department records each
 * published dataset version, pinned by its content digest and row count and checked against the resource's
 * current field list; earlier versions stay readable and nothing is edited in place.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { organizationsFixture } from "./fixtures";
import { DAY, registerOrganization, registerResource } from "../../scripts/lib/procedures";
import { OrgKind } from "../../server/vocabulary";

const OrgStatus = { Suspended: 2 } as const;
const digest = (label: string) => ethers.sha256(ethers.toUtf8Bytes(label));

async function datasetFixture() {
  const base = await organizationsFixture();
  const { ledger, officials, signers } = base;
  const otherSourceKey = signers[13];
  const otherSource = await registerOrganization(ledger, officials[0], OrgKind.DataSource, "区水务集团 Water Utility", otherSourceKey.address);
  const resourceId = await registerResource(ledger, base.keys.source, "enterprise-registration", { fieldCount: 12, classification: 2 });
  return { ...base, catalog: ledger.catalog, bureauKey: officials[0], otherSourceKey, otherSource, resourceId };
}

async function nextTimestamp(): Promise<number> {
  const t = (await time.latest()) + 10;
  await time.setNextBlockTimestamp(t);
  return t;
}

describe("DataCatalog dataset versions", () => {
  describe("publishDataset", () => {
    context("when the resource's source department publishes its first version", () => {
      it("stores dataset version 1 with the current field list and emits DatasetPublished", async () => {
        const { catalog, keys, orgs, resourceId } = await loadFixture(datasetFixture);
        const fieldListHash = ethers.id("enterprise-registration:fields");
        const d = digest("v1");
        const at = await nextTimestamp();
        await expect(catalog.connect(keys.source).publishDataset(resourceId, d, 100_000))
          .to.emit(catalog, "DatasetPublished")
          .withArgs(resourceId, 1, d, 100_000, fieldListHash, orgs.source, keys.source.address);
        expect(await catalog.datasetCount(resourceId)).to.equal(1n);
        expect(await catalog.dataset(resourceId, 1)).to.deep.equal([d, 100_000n, fieldListHash, 1n, BigInt(at), keys.source.address]);
      });

      it("returns the new dataset version number", async () => {
        const { catalog, keys, resourceId } = await loadFixture(datasetFixture);
        expect(await catalog.connect(keys.source).publishDataset.staticCall(resourceId, digest("v1"), 5)).to.equal(1n);
      });
    });

    context("when a later version follows a catalog update", () => {
      it("numbers it 2, pins the new field list and catalog version, and keeps version 1 as it was", async () => {
        const { catalog, keys, orgs, resourceId } = await loadFixture(datasetFixture);
        await catalog.connect(keys.source).publishDataset(resourceId, digest("v1"), 10);
        const first = await catalog.dataset(resourceId, 1);
        const nextFields = ethers.id("enterprise-registration:fields:v2");
        await catalog.connect(keys.source).updateResource(resourceId, {
          metadataHash: ethers.id("m2"),
          fieldListHash: nextFields,
          fieldCount: 13,
          classification: 2,
          updateInterval: DAY,
          updatedAt: 0,
        });
        const at = await nextTimestamp();
        await expect(catalog.connect(keys.source).publishDataset(resourceId, digest("v2"), 11))
          .to.emit(catalog, "DatasetPublished")
          .withArgs(resourceId, 2, digest("v2"), 11, nextFields, orgs.source, keys.source.address);
        expect(await catalog.datasetCount(resourceId)).to.equal(2n);
        expect(await catalog.dataset(resourceId, 2)).to.deep.equal([digest("v2"), 11n, nextFields, 2n, BigInt(at), keys.source.address]);
        expect(await catalog.dataset(resourceId, 1)).to.deep.equal(first);
      });

      it("accepts an earlier digest again when it is not the latest (a rollback is a new version)", async () => {
        const { catalog, keys, orgs, resourceId } = await loadFixture(datasetFixture);
        await catalog.connect(keys.source).publishDataset(resourceId, digest("v1"), 10);
        await catalog.connect(keys.source).publishDataset(resourceId, digest("v2"), 10);
        await expect(catalog.connect(keys.source).publishDataset(resourceId, digest("v1"), 10))
          .to.emit(catalog, "DatasetPublished")
          .withArgs(resourceId, 3, digest("v1"), 10, ethers.id("enterprise-registration:fields"), orgs.source, keys.source.address);
      });
    });

    context("when the digest is the latest version's", () => {
      it("reverts with DatasetUnchanged naming the latest version", async () => {
        const { catalog, keys, resourceId } = await loadFixture(datasetFixture);
        await catalog.connect(keys.source).publishDataset(resourceId, digest("v1"), 10);
        await expect(catalog.connect(keys.source).publishDataset(resourceId, digest("v1"), 12))
          .to.be.revertedWithCustomError(catalog, "DatasetUnchanged")
          .withArgs(resourceId, 1);
      });
    });

    context("when the digest is zero", () => {
      it("reverts with DatasetDigestMissing", async () => {
        const { catalog, keys, resourceId } = await loadFixture(datasetFixture);
        await expect(catalog.connect(keys.source).publishDataset(resourceId, ethers.ZeroHash, 10))
          .to.be.revertedWithCustomError(catalog, "DatasetDigestMissing")
          .withArgs(resourceId);
      });
    });

    context("when the version has no rows", () => {
      it("reverts with DatasetEmpty", async () => {
        const { catalog, keys, resourceId } = await loadFixture(datasetFixture);
        await expect(catalog.connect(keys.source).publishDataset(resourceId, digest("v1"), 0))
          .to.be.revertedWithCustomError(catalog, "DatasetEmpty")
          .withArgs(resourceId);
      });
    });

    context("when the resource is unknown", () => {
      it("reverts with CatalogResourceUnknown", async () => {
        const { catalog, keys } = await loadFixture(datasetFixture);
        await expect(catalog.connect(keys.source).publishDataset(99, digest("v1"), 10))
          .to.be.revertedWithCustomError(catalog, "CatalogResourceUnknown")
          .withArgs(99);
      });
    });

    context("when another data-source department publishes (one data, one source)", () => {
      it("reverts with CatalogNotSource", async () => {
        const { catalog, otherSourceKey, otherSource, resourceId } = await loadFixture(datasetFixture);
        await expect(catalog.connect(otherSourceKey).publishDataset(resourceId, digest("v1"), 10))
          .to.be.revertedWithCustomError(catalog, "CatalogNotSource")
          .withArgs(resourceId, otherSource);
      });
    });

    context("when the caller is not a data-source department", () => {
      it("reverts with WrongOrganizationKind for the operator", async () => {
        const { catalog, keys, orgs, resourceId } = await loadFixture(datasetFixture);
        await expect(catalog.connect(keys.operator).publishDataset(resourceId, digest("v1"), 10))
          .to.be.revertedWithCustomError(catalog, "WrongOrganizationKind")
          .withArgs(orgs.operator, OrgKind.Operator, OrgKind.DataSource);
      });
    });

    context("when the source department is suspended", () => {
      it("reverts with OrganizationNotActive and records nothing", async () => {
        const { catalog, ledger, bureauKey, keys, orgs, resourceId } = await loadFixture(datasetFixture);
        await ledger.organizations.connect(bureauKey).suspendOrganization(orgs.source, ethers.id("rectification"));
        await expect(catalog.connect(keys.source).publishDataset(resourceId, digest("v1"), 10))
          .to.be.revertedWithCustomError(catalog, "OrganizationNotActive")
          .withArgs(orgs.source, OrgStatus.Suspended);
        expect(await catalog.datasetCount(resourceId)).to.equal(0n);
      });
    });
  });

  describe("dataset", () => {
    it("reverts with DatasetVersionUnknown for version 0 and past the latest", async () => {
      const { catalog, keys, resourceId } = await loadFixture(datasetFixture);
      await expect(catalog.dataset(resourceId, 1)).to.be.revertedWithCustomError(catalog, "DatasetVersionUnknown").withArgs(resourceId, 1);
      await catalog.connect(keys.source).publishDataset(resourceId, digest("v1"), 10);
      await expect(catalog.dataset(resourceId, 0)).to.be.revertedWithCustomError(catalog, "DatasetVersionUnknown").withArgs(resourceId, 0);
      await expect(catalog.dataset(resourceId, 2)).to.be.revertedWithCustomError(catalog, "DatasetVersionUnknown").withArgs(resourceId, 2);
    });

    it("datasetCount is 0 for a resource with no version and for an unknown resource", async () => {
      const { catalog, resourceId } = await loadFixture(datasetFixture);
      expect(await catalog.datasetCount(resourceId)).to.equal(0n);
      expect(await catalog.datasetCount(99)).to.equal(0n);
    });
  });
});

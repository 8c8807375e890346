import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { createDocumentReferences } from "../../../server/chain/document-references";
import { DAY, registerResource } from "../../../scripts/lib/procedures";
import { organizationsFixture } from "../../contracts/fixtures";

/*
 * The node's acceptance check for documents (issue 14 item 1) against a Hardhat chain: catalog versions read
 * as they appear, and hashes announced by pending ledger transactions only for their time.
 */

const hashOf = (label: string) => ethers.sha256(ethers.toUtf8Bytes(label));

describe("document references (Hardhat network)", function () {
  async function referencesOf(clock = { now: () => 0 }) {
    const d = await loadFixture(organizationsFixture);
    const ledger = await Promise.all(Object.values(d.ledger).map((c) => c.getAddress()));
    const references = createDocumentReferences({ provider: ethers.provider, dataCatalog: await d.ledger.catalog.getAddress(), ledgerContracts: ledger, announcedTtlMs: 1000, clock });
    return { d, references };
  }

  it("counts each version's metadata and field-list hashes, versions added after the first read included", async function () {
    const { d, references } = await referencesOf();
    const id = await registerResource(d.ledger, d.keys.source, "SCJG-0001", { fieldCount: 2, classification: 1 });
    expect(await references.isReferenced(ethers.id("SCJG-0001:fields"))).to.equal(true);
    expect(await references.isReferenced(ethers.id("SCJG-0001:metadata").toUpperCase().replace("0X", "0x"))).to.equal(true);
    expect(await references.isReferenced(hashOf("v2 fields"))).to.equal(false);
    await d.ledger.catalog.connect(d.keys.source).updateResource(id, { metadataHash: hashOf("v2 metadata"), fieldListHash: hashOf("v2 fields"), fieldCount: 3, classification: 1, updateInterval: DAY, updatedAt: 0 });
    expect(await references.isReferenced(hashOf("v2 fields"))).to.equal(true);
    expect(await references.isReferenced(ethers.id("SCJG-0001:fields"))).to.equal(true);
  });

  it("counts a hash a pending ledger transaction carries, only for the announced time", async function () {
    let now = 0;
    const { d, references } = await referencesOf({ now: () => now });
    await registerResource(d.ledger, d.keys.source, "SCJG-0001", { fieldCount: 2, classification: 1 });
    const issue = hashOf("quality issue");
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      const latest = (await ethers.provider.getBlock("latest"))!.timestamp;
      await d.ledger.catalog.connect(d.officials[0]).openQualityTicket(1, issue, latest + 30 * DAY);
      expect(await references.isReferenced(issue)).to.equal(true);
      expect(await references.isReferenced(hashOf("never sent"))).to.equal(false);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
      await ethers.provider.send("evm_mine", []);
    }
    now = 999;
    expect(await references.isReferenced(issue)).to.equal(true);
    now = 1001; // mined since, but a quality ticket's issue is not a catalog version: no longer counted
    expect(await references.isReferenced(issue)).to.equal(false);
  });
});

import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { districtFixture } from "./fixtures";

describe("smoke", () => {
  it("walks the district", async () => {
    const d = await loadFixture(districtFixture);
    const now = await time.latest();
    expect(await d.ledger.grants.checkAccess(d.keys.developer.address, d.scenarioGrant, d.resources[0], 0b101n, now)).to.equal(0n);
    expect(await d.ledger.grants.checkAccess(d.keys.developer.address, d.scenarioGrant, d.resources[0], 0b1000n, now)).to.equal(12n);
  });
});

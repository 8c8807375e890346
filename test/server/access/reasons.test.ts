import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { DEFAULT_RULES, DENIAL_CODES, REASONS, createAccessRules, denialCode, explain, type ReasonCode } from "../../../server/access";
import { expectTdlError } from "../log/expect-error";

/** AccessDenial's members, in order, read from the Solidity source. */
function accessDenialMembers(): string[] {
  const source = readFileSync(path.join(__dirname, "../../../contracts/common/Types.sol"), "utf8");
  const body = /enum AccessDenial \{([^}]*)\}/.exec(source)?.[1] ?? "";
  return body
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, "").replace(",", "").trim())
    .filter(Boolean);
}

const SCREAMING = (name: string) => name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();

describe("reasons", () => {
  describe("DENIAL_CODES", () => {
    it("has one code per AccessDenial member, in the enum's order", () => {
      const members = accessDenialMembers();
      expect(members).to.have.length(14);
      expect(DENIAL_CODES).to.have.length(members.length);
      members.slice(1).forEach((member, i) => expect(DENIAL_CODES[i + 1]).to.equal(SCREAMING(member)));
      expect(DENIAL_CODES[0]).to.equal("ALLOWED");
    });

    it("refuses a number it does not know as UNKNOWN_DENIAL", () => {
      expect(denialCode(14)).to.equal("UNKNOWN_DENIAL");
      expect(denialCode(-1)).to.equal("UNKNOWN_DENIAL");
      expect(denialCode(5)).to.equal("GRANT_SUSPENDED");
    });
  });

  describe("explain", () => {
    it("gives every code a sentence in English and in Chinese, with or without context", () => {
      for (const code of Object.keys(REASONS) as ReasonCode[]) {
        for (const context of [{}, { grantId: 2, resourceId: 1, operation: "download", grantEnd: 1_800_000_000, grantStart: 1_700_000_000, purpose: "commercial", purposeZh: "商业", denial: 99 }]) {
          const { message, messageZh } = explain(code, context);
          expect(message, code).to.match(/^[A-Z"].*[.]$/);
          expect(message, code).not.to.match(/undefined|NaN/);
          expect(messageZh, code).to.match(/[\u4e00-\u9fff]/);
          expect(messageZh, code).not.to.match(/undefined|NaN/);
        }
      }
    });

    it("names the term's end in an expiry", () => {
      expect(explain("GRANT_EXPIRED", { grantId: 2, grantEnd: 1_800_000_000 }).message).to.equal("Grant 2 has expired: its term ended 2027-01-15T08:00:00Z.");
    });
  });
});

describe("createAccessRules", () => {
  it("by default: query and compute for public interest, download too for commercial, export for none", () => {
    const rules = createAccessRules(DEFAULT_RULES);
    expect([rules.covers(1, "query"), rules.covers(1, "compute"), rules.covers(1, "download")]).to.deep.equal([true, true, false]);
    expect([rules.covers(2, "query"), rules.covers(2, "compute"), rules.covers(2, "download")]).to.deep.equal([true, true, true]);
    expect([0, 1, 2].some((p) => rules.covers(p, "export"))).to.equal(false);
    expect(rules.isRawExport("export")).to.equal(true);
    expect(rules.isKnown("export")).to.equal(true);
    expect(rules.isKnown("delete")).to.equal(false);
  });

  it("refuses a table where a purpose covers a raw export (R1)", () => {
    expectTdlError(
      () => createAccessRules({ operationsByPurpose: { Commercial: ["query", "export"] }, rawExportOperations: ["export"] }),
      "CONFIG_INVALID",
    );
  });

  it("refuses an unknown purpose or a malformed operation name", () => {
    expectTdlError(() => createAccessRules({ operationsByPurpose: { Charity: ["query"] } as never, rawExportOperations: [] }), "CONFIG_INVALID");
    expectTdlError(() => createAccessRules({ operationsByPurpose: { Commercial: ["Query!"] }, rawExportOperations: [] }), "CONFIG_INVALID");
  });
});

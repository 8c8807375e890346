import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DISCLOSURE_ENUMS } from "../../server/chain/disclosure-reader";
import { ENUM_MEMBERS, LABELS, OrgKind, enumValues, jsonNames, label, memberName } from "../../server/vocabulary";
import { ORG_KINDS, PRODUCT_STATES } from "../../web/src/terms";

/** `enum X { A, B, ... }` of contracts/common/Types.sol, comments removed. */
function enumsOfTypesSol(): Record<string, string[]> {
  const source = readFileSync(path.join(__dirname, "../../contracts/common/Types.sol"), "utf8").replace(/\/\/[^\n]*/g, "");
  const enums: Record<string, string[]> = {};
  for (const [, name, body] of source.matchAll(/enum\s+(\w+)\s*\{([^}]*)\}/g)) {
    enums[name] = body.split(",").map((member) => member.trim()).filter((member) => member !== "");
  }
  return enums;
}

describe("vocabulary: the enums of Types.sol, in one place", () => {
  const solidity = enumsOfTypesSol();

  it("has every enum of Types.sol with the same members in the same order, and nothing else", () => {
    expect(Object.keys(solidity)).to.have.length.greaterThan(10);
    expect(ENUM_MEMBERS).to.deep.equal(solidity);
  });

  it("labels every member of every labelled enum in English and Chinese", () => {
    for (const [name, labels] of Object.entries(LABELS)) {
      const members = (solidity as Record<string, string[]>)[name];
      expect(members, `${name} is an enum of Types.sol`).to.not.equal(undefined);
      for (const lang of ["en", "zh"] as const) {
        expect(labels[lang], `${name}.${lang}`).to.have.length(members.length);
        for (const text of labels[lang]) expect(text.trim(), `${name}.${lang}`).to.not.equal("");
      }
    }
  });

  it("labels every enum of Types.sol", () => {
    const unlabelled = Object.keys(solidity).filter((name) => !(name in LABELS));
    expect(unlabelled).to.deep.equal([]);
  });

  it("gives each member its declaration index as value", () => {
    expect(OrgKind.Developer).to.equal(4);
    expect(enumValues("GrantStatus")).to.deep.equal({ None: 0, Active: 1, Suspended: 2, Revoked: 3 });
    expect(memberName("OrgKind", 8)).to.equal("Platform");
    expect(memberName("OrgKind", 99)).to.equal("OrgKind#99");
  });

  it("uses one Chinese word per kind across the ledger (大数据平台, 第三方评估机构)", () => {
    expect(label("OrgKind", OrgKind.Platform, "zh")).to.equal("大数据平台");
    expect(label("OrgKind", OrgKind.Assessor, "zh")).to.equal("第三方评估机构");
    expect(label("OrgKind", 42, "en")).to.equal("#42");
  });

  it("gives the disclosure's JSON names and the dashboard's words from the same members and labels", () => {
    expect(jsonNames("OrgKind").slice(0, 3)).to.deep.equal(["none", "bureau", "dataSource"]);
    expect(DISCLOSURE_ENUMS.orgKind).to.deep.equal(jsonNames("OrgKind"));
    expect(DISCLOSURE_ENUMS.productState).to.have.length(ENUM_MEMBERS.ProductState.length);
    expect(ORG_KINDS.platform).to.deep.equal(["大数据平台", "big-data platform"]);
    expect(ORG_KINDS.developer).to.deep.equal([LABELS.OrgKind.zh[OrgKind.Developer], "developer"]);
    expect(Object.keys(PRODUCT_STATES)).to.deep.equal(jsonNames("ProductState"));
  });
});

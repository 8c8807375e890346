import { expect } from "chai";
import { AbiCoder, ErrorFragment, Interface, ethers, type InterfaceAbi, type ParamType } from "ethers";
import * as contractFactories from "../../../typechain-types/factories/contracts";
import { decodeRevertData, REVERT_SENTENCES } from "../../../server/chain";
import { REVERT_TEXTS, duration } from "../../../server/chain/revert-sentences";

/** Every ABI TypeChain generated for our contracts (registries, libraries, test harnesses). */
function abis(module: unknown, into: { name: string; abi: InterfaceAbi }[] = [], seen = new Set<unknown>()): { name: string; abi: InterfaceAbi }[] {
  if (module === null || (typeof module !== "object" && typeof module !== "function") || seen.has(module)) return into;
  seen.add(module);
  const abi = (module as { abi?: unknown }).abi;
  if (typeof module === "function" && Array.isArray(abi)) into.push({ name: module.name, abi: abi as InterfaceAbi });
  else if (typeof module === "object") for (const value of Object.values(module)) abis(value, into, seen);
  return into;
}

/** A plausible value of an ABI type, to feed the sentences. */
function sample(type: ParamType): unknown {
  if (type.baseType === "array") return [sample(type.arrayChildren!)];
  if (type.baseType === "tuple") return type.components!.map(sample);
  if (type.type === "address") return "0x00000000000000000000000000000000000000aa";
  if (type.type === "bool") return true;
  if (type.type === "string") return "origin";
  if (type.type.startsWith("bytes")) return ethers.zeroPadValue("0x01", type.type === "bytes" ? 1 : Number(type.type.slice(5)));
  return 3n;
}

const ERRORS = (() => {
  const byName = new Map<string, ErrorFragment>();
  for (const { abi } of abis(contractFactories)) {
    for (const f of new Interface(abi).fragments) if (f instanceof ErrorFragment) byName.set(f.name, f);
  }
  return [...byName.values()];
})();

describe("revert sentences (tdl's refusals)", function () {
  it("finds the errors of every contract ABI (more than a hundred)", function () {
    expect(ERRORS.length).to.be.greaterThan(100);
  });

  describe("every custom error of every contract", function () {
    for (const fragment of ERRORS) {
      it(`${fragment.name} has an English and a Chinese sentence, decoded from its revert data`, function () {
        expect(REVERT_TEXTS, fragment.name).to.have.property(fragment.name);
        const values = fragment.inputs.map(sample);
        const data = fragment.selector + AbiCoder.defaultAbiCoder().encode(fragment.inputs, values).slice(2);
        const decoded = decodeRevertData(data);
        expect(decoded?.name).to.equal(fragment.name);
        for (const sentence of [decoded!.sentence, decoded!.sentenceZh]) {
          expect(sentence, fragment.name).to.be.a("string").and.not.match(/undefined|NaN|\[object/);
          expect(sentence!.length, fragment.name).to.be.greaterThan(10);
        }
        expect(decoded!.sentence, fragment.name).to.match(/^[A-Z0-9"(]/);
        expect(decoded!.sentenceZh, fragment.name).to.match(/[\u4e00-\u9fff]/);
        expect(REVERT_SENTENCES[fragment.name]).to.be.a("function");
      });
    }
  });

  it("names no error that no contract has (the table follows the ABIs)", function () {
    const names = new Set(ERRORS.map((f) => f.name));
    expect(Object.keys(REVERT_TEXTS).filter((n) => !names.has(n))).to.deep.equal([]);
  });

  describe("GrantTermTooLong", function () {
    it("names the term, the maximum and the rule in both languages", function () {
      const year = 365n * 86_400n;
      const fragment = ERRORS.find((f) => f.name === "GrantTermTooLong")!;
      const data = fragment.selector + AbiCoder.defaultAbiCoder().encode(["uint64", "uint64"], [6n * year, 5n * year]).slice(2);
      const decoded = decodeRevertData(data)!;
      expect(decoded.sentence).to.equal("The grant's term of 6 years exceeds the maximum of 5 years (R4).");
      expect(decoded.sentenceZh).to.equal("授权期限6年超过上限5年。");
    });
  });

  describe("OrgParameterOutOfRange for a minimum group size", function () {
    it("names the level, the rows, the floor of 2 and R24 in both languages, not a duration", function () {
      const sentence = REVERT_TEXTS.OrgParameterOutOfRange;
      const args = { parameter: 7n, value: 1n };
      expect(sentence.en(args)).to.equal(
        "A minimum group size, level 3 of 1 rows is not allowed: a collective decision may change it but never below 2, or one output group could show one source row (R1, R24).",
      );
      expect(sentence.zh(args)).to.match(/^三级数据最小聚合行数不能设为 1 行：.*不得低于 2 行.*R24/);
      expect(sentence.en({ parameter: 3n, value: 0n })).to.match(/^A public notice period of .* R24\)\.$/);
    });
  });

  describe("GrantAgreementIncomplete", function () {
    it("lists the missing clauses of Art. 14", function () {
      const sentence = REVERT_TEXTS.GrantAgreementIncomplete;
      expect(sentence.en({ manifest: 0x3fen, missing: 0x201n })).to.match(/lacks the clauses: rights and duties, dispute resolution;/);
      expect(sentence.zh({ manifest: 0x3fen, missing: 0x201n })).to.match(/权利义务、争议解决/);
    });
  });

  describe("duration", function () {
    it("says years, days, hours or seconds", function () {
      expect(duration(5 * 365 * 86_400, "en")).to.equal("5 years");
      expect(duration(86_400, "en")).to.equal("1 day");
      expect(duration(90 * 86_400, "zh")).to.equal("90天");
      expect(duration(7_200, "en")).to.equal("2 hours");
      expect(duration(1.5 * 86_400, "en")).to.equal("about 1.5 days");
    });
  });
});

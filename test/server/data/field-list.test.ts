import { expect } from "chai";
import { createHash } from "node:crypto";
import { encodeFieldList, fieldListHash, parseFieldList, type FieldList } from "../../../server/data/field-list";
import { isTdlError } from "../../../server/errors";

const REGISTRY: FieldList = {
  version: 1,
  fields: [
    { name: "credit_code", type: "VARCHAR", sensitive: false, quasiIdentifier: true, title: "统一社会信用代码" },
    { name: "legal_representative", type: "VARCHAR", sensitive: true, quasiIdentifier: false, title: "法定代表人" },
    { name: "registered_capital", type: "DOUBLE", sensitive: false, quasiIdentifier: false, title: "注册资本" },
    { name: "founded", type: "DATE", sensitive: false, quasiIdentifier: false, title: "成立日期" },
  ],
};

const bytesOf = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

function refusal(bytes: Uint8Array): Error {
  try {
    parseFieldList(bytes);
  } catch (error) {
    expect(isTdlError(error, "MALFORMED_INPUT"), String(error)).to.equal(true);
    return error as Error;
  }
  return expect.fail("expected the field list to be refused");
}

describe("field list documents", () => {
  it("round-trips through its canonical encoding, in order", () => {
    const bytes = encodeFieldList(REGISTRY);
    expect(parseFieldList(bytes)).to.deep.equal(REGISTRY);
    expect(new TextDecoder().decode(bytes)).to.match(/^\{"fields":\[\{"name":"credit_code","quasiIdentifier":true,"sensitive":false,"title":"统一社会信用代码","type":"VARCHAR"\},/);
  });

  it("hashes the bytes as given: what sha256sum prints, with 0x", () => {
    const bytes = encodeFieldList(REGISTRY);
    expect(fieldListHash(bytes)).to.equal(`0x${createHash("sha256").update(bytes).digest("hex")}`);
    expect(fieldListHash(bytesOf(REGISTRY))).to.not.equal(fieldListHash(bytes));
    expect(fieldListHash(new Uint8Array())).to.equal("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("refuses a repeated field name", () => {
    const fields = [...REGISTRY.fields, { ...REGISTRY.fields[0], title: "again" }];
    expect(refusal(bytesOf({ version: 1, fields })).message).to.match(/fields\.4\.name.*"credit_code" repeats/);
  });

  it("refuses names outside ^[a-z][a-z0-9_]{0,62}$", () => {
    for (const name of ["Credit", "1code", "credit-code", "", "a".repeat(64), "信用代码"]) {
      const fields = [{ ...REGISTRY.fields[0], name }];
      expect(refusal(bytesOf({ version: 1, fields })).message, name).to.match(/fields\.0\.name/);
    }
    expect(parseFieldList(bytesOf({ version: 1, fields: [{ ...REGISTRY.fields[0], name: "a".repeat(63) }] })).fields[0].name).to.equal("a".repeat(63));
  });

  it("refuses an unknown type, a missing mark, an unknown member, another version, no fields", () => {
    const field = REGISTRY.fields[0];
    expect(refusal(bytesOf({ version: 1, fields: [{ ...field, type: "INTEGER" }] })).message).to.match(/fields\.0\.type/);
    expect(refusal(bytesOf({ version: 1, fields: [{ ...field, sensitive: undefined }] })).message).to.match(/fields\.0\.sensitive/);
    expect(refusal(bytesOf({ version: 1, fields: [{ ...field, extra: 1 }] })).message).to.match(/fields\.0/);
    expect(refusal(bytesOf({ version: 2, fields: [field] })).message).to.match(/version/);
    expect(refusal(bytesOf({ version: 1, fields: [] })).message).to.match(/fields/);
  });

  it("refuses bytes that are not UTF-8 JSON", () => {
    expect(refusal(new Uint8Array([0x7b, 0xff, 0x7d])).message).to.match(/not UTF-8 JSON/);
    expect(refusal(new TextEncoder().encode("{version:1}")).message).to.match(/not UTF-8 JSON/);
  });
});

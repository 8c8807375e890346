import path from "node:path";
import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import { canonicalJson, encodeEntry, parseEntry, type AccessLogEntry, type CanonicalValue } from "../../../server/log";
import { expectTdlError } from "./expect-error";
import { SAMPLE_ENTRY } from "./fixtures/entries";

// The `canonicalize` package is ES-module only; Node 20 can still require its file by path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const canonicalize = (require(path.resolve(__dirname, "../../../node_modules/canonicalize/lib/canonicalize.js")) as {
  default: (value: unknown) => string;
}).default;


useSeed("server/log/entry.test.ts");

describe("canonicalJson", () => {
  it("matches the canonicalize package (RFC 8785) on entry-like values", () => {
    const leaf = fc.oneof(fc.string({ unit: "grapheme" }), fc.string(), fc.maxSafeInteger(), fc.boolean(), fc.constant(null));
    const value = fc.letrec<{ value: CanonicalValue }>((tie) => ({
      value: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("value")), fc.dictionary(fc.string({ unit: "binary" }), tie("value"))),
    })).value;
    fc.assert(fc.property(value, (v) => canonicalJson(v) === canonicalize(v)), { numRuns: 500 });
  });

  it("orders keys by UTF-16 code units (RFC 8785 section 3.2.3)", () => {
    expect(canonicalJson({ "\u20ac": 1, "\r": 2, "\ud83d\ude00": 3, "1": 4, "\u0080": 5, "\u00f6": 6 })).to.equal(
      '{"\\r":2,"1":4,"\u0080":5,"\u00f6":6,"\u20ac":1,"\ud83d\ude00":3}',
    );
  });

  context("with a value JSON cannot carry canonically", () => {
    it("throws MALFORMED_INPUT", () => {
      expectTdlError(() => canonicalJson(0.5), "MALFORMED_INPUT");
      expectTdlError(() => canonicalJson("\ud800"), "MALFORMED_INPUT");
      expectTdlError(() => canonicalJson(new Date(0) as unknown as CanonicalValue), "MALFORMED_INPUT");
    });
  });
});

describe("encodeEntry", () => {
  it("writes the canonical JSON of the entry, members in order", () => {
    const text = Buffer.from(encodeEntry(SAMPLE_ENTRY)).toString("utf8");
    expect(text).to.equal(canonicalize(SAMPLE_ENTRY));
    expect(text.startsWith('{"decision":"allowed","fields":"0x1f","grantId":')).to.equal(true);
  });

  it("allows a denied decision with no grant", () => {
    const denied = { ...SAMPLE_ENTRY, grantId: null, scenario: null, decision: "denied", reason: "NO_GRANT" } as const;
    expect(parseEntry(encodeEntry(denied))).to.deep.equal(denied);
  });

  context("when the entry carries the request itself", () => {
    it("throws MALFORMED_INPUT", () => {
      const leaky = { ...SAMPLE_ENTRY, body: { name: "Zhang San" } } as unknown as AccessLogEntry;
      expectTdlError(() => encodeEntry(leaky), "MALFORMED_INPUT");
    });
  });

  const bad: [keyof AccessLogEntry, unknown][] = [
    ["time", "2025-03-01 08:30:00"],
    ["org", "07"],
    ["key", "0x70997970C51812dc3a010c7d01b50e0d17dc79c8"],
    ["grantId", "0x1234"],
    ["fields", "0x01"],
    ["decision", "maybe"],
    ["requestDigest", "c".repeat(63)],
    ["operation", ""],
  ];
  for (const [field, value] of bad) {
    context(`when ${field} is ${JSON.stringify(value)}`, () => {
      it("throws MALFORMED_INPUT naming the field", () => {
        const error = expectTdlError(() => encodeEntry({ ...SAMPLE_ENTRY, [field]: value }), "MALFORMED_INPUT");
        expect(error.message).to.contain(field);
      });
    });
  }
});

describe("parseEntry", () => {
  it("reads back what encodeEntry wrote", () => {
    expect(parseEntry(encodeEntry(SAMPLE_ENTRY))).to.deep.equal(SAMPLE_ENTRY);
  });

  context("when the bytes are JSON of an entry but not canonical", () => {
    it("throws MALFORMED_INPUT", () => {
      const pretty = new Uint8Array(Buffer.from(JSON.stringify(SAMPLE_ENTRY, null, 1)));
      expectTdlError(() => parseEntry(pretty), "MALFORMED_INPUT");
    });
  });

  context("when the bytes are not JSON", () => {
    it("throws MALFORMED_INPUT", () => {
      expectTdlError(() => parseEntry(Uint8Array.of(0xff, 0x7b)), "MALFORMED_INPUT");
      expectTdlError(() => parseEntry(new Uint8Array(Buffer.from("[1]"))), "MALFORMED_INPUT");
    });
  });
});

import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import { signReceipts, verifyReceipt, withNote, type AccessReceipt, type LoggedEntry } from "../../../server/access/receipt";
import { encodeEntry, generateNoteKey, parseSignerKey, rfc6962Sha256, rootOfLeafHashes, signNote, type AccessLogEntry } from "../../../server/log";
import { parseReceiptText } from "../../../server/access/receipt";
import { parseNote } from "../../../server/log";

const ORIGIN = "tdl.example.gov.cn/receipts";
const key = generateNoteKey(ORIGIN);
const signer = parseSignerKey(key.signerKey);

function entry(i: number): AccessLogEntry {
  return {
    time: new Date(1_800_000_000_000 + i).toISOString(),
    origin: ORIGIN,
    org: "4",
    key: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
    operation: i % 3 === 0 ? "export" : "query",
    grantId: `0x${"0".repeat(63)}2`,
    scenario: null,
    resourceId: String(1 + (i % 2)),
    fields: "0x5",
    decision: i % 3 === 0 ? "denied" : "allowed",
    reason: i % 3 === 0 ? "RAW_EXPORT_REFUSED" : "ALLOWED",
    requestDigest: "ab".repeat(32),
  };
}

function logged(start: number, count: number): LoggedEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const e = entry(start + i);
    return { index: start + i, entry: e, leafHash: rfc6962Sha256.hashLeaf(encodeEntry(e)) };
  });
}

const receiptsOf = (items: LoggedEntry[]): AccessReceipt[] =>
  signReceipts(signer, rfc6962Sha256, ORIGIN, items).flatMap((range) => range.receipts.map((r) => withNote(r, range.note)));

useSeed("server/gateway/receipt.test.ts");

describe("signReceipts / verifyReceipt", () => {
  context("when entries are consecutive", () => {
    it("signs one range whose root is the RFC 6962 root of their leaf hashes, and every receipt verifies", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 70 }), (start, count) => {
          const items = logged(start, count);
          const ranges = signReceipts(signer, rfc6962Sha256, ORIGIN, items);
          expect(ranges).to.have.length(1);
          const signed = parseReceiptText(parseNote(ranges[0].note).text);
          expect(Buffer.from(signed.root)).to.deep.equal(Buffer.from(rootOfLeafHashes(rfc6962Sha256, items.map((i) => i.leafHash))));
          for (const r of receiptsOf(items)) {
            const v = verifyReceipt(r, key.verifierKey, rfc6962Sha256);
            expect(v.checkpointSizeToCome).to.equal(start + count);
          }
        }),
        { numRuns: 60 },
      );
    });
  });

  context("when entries have gaps", () => {
    it("signs one range per run, each receipt verifying", () => {
      const items = [...logged(5, 3), ...logged(20, 2)];
      expect(signReceipts(signer, rfc6962Sha256, ORIGIN, items).map((r) => [r.start, r.size])).to.deep.equal([
        [5, 3],
        [20, 2],
      ]);
      for (const r of receiptsOf(items)) verifyReceipt(r, key.verifierKey, rfc6962Sha256);
    });
  });

  context("when a receipt is changed", () => {
    const [r] = receiptsOf(logged(10, 5)).slice(2);
    const cases: [string, (r: AccessReceipt) => unknown, string][] = [
      ["the entry", (x) => ({ ...x, entry: { ...x.entry, decision: "allowed", reason: "ALLOWED" } }), "RECEIPT_MISMATCH"],
      ["the leaf hash", (x) => ({ ...x, leafHash: "00".repeat(32) }), "RECEIPT_MISMATCH"],
      ["the index", (x) => ({ ...x, index: x.index + 1 }), "RECEIPT_MISMATCH"],
      ["a proof hash", (x) => ({ ...x, range: { ...x.range, proof: ["00".repeat(32), ...x.range.proof.slice(1)] } }), "RECEIPT_MISMATCH"],
      ["the range", (x) => ({ ...x, range: { ...x.range, size: x.range.size + 1 } }), "RECEIPT_MISMATCH"],
      ["the size to come", (x) => ({ ...x, checkpointSizeToCome: x.checkpointSizeToCome + 1 }), "RECEIPT_MISMATCH"],
      ["the note's signature", (x) => ({ ...x, note: x.note.replace(/ [A-Za-z0-9+/]{8}/, " AAAAAAAA") }), "SIGNATURE_INVALID"],
      ["the origin", (x) => ({ ...x, origin: "elsewhere" }), "RECEIPT_MISMATCH"],
      ["its shape", (x) => ({ ...x, version: 2 }), "MALFORMED_INPUT"],
    ];
    for (const [what, change, code] of cases) {
      it(`throws ${code} for a changed ${what}`, () => {
        expect(() => verifyReceipt(change(r), key.verifierKey, rfc6962Sha256)).to.throw().with.property("code", code);
      });
    }

    it("throws UNKNOWN_KEY against another node's key", () => {
      expect(() => verifyReceipt(r, generateNoteKey(ORIGIN).verifierKey, rfc6962Sha256)).to.throw().with.property("code", "UNKNOWN_KEY");
    });

    it("does not take a checkpoint note for a receipt", () => {
      const root = rfc6962Sha256.hashLeaf(encodeEntry(r.entry));
      const checkpoint = signNote(`${ORIGIN}\n1\n${Buffer.from(root).toString("base64")}\n`, [signer]);
      expect(() => verifyReceipt({ ...r, note: checkpoint }, key.verifierKey, rfc6962Sha256)).to.throw().with.property("code", "MALFORMED_INPUT");
    });
  });
});

import { expect } from "chai";
import fc from "fast-check";
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { firstNonUtf8, scanDatasetFile } from "../../../server/data/dataset-file";
import { useSeed } from "../../helpers/seed";
import { Uploads } from "./registry-files";

useSeed("server/data/dataset-file.test.ts");

const MIB = 1 << 20;
const CSV = { binary: false, csv: true };
const JSONL = { binary: false, csv: false };
const digest = (bytes: Uint8Array): string => `0x${createHash("sha256").update(bytes).digest("hex")}`;

/** A CSV header, then data rows of ASCII, padded so that `tail` starts exactly at byte `at` (in data row 1, column 2). */
function paddedTo(at: number, tail: Uint8Array, after = ""): Buffer {
  const head = Buffer.from("credit_code,company_name\n91330100000000001X,");
  return Buffer.concat([head, Buffer.alloc(at - head.length, "a"), tail, Buffer.from(after)]);
}

describe("scanning an uploaded dataset file (digest and the first non-UTF-8 byte)", () => {
  let uploads: Uploads;
  beforeEach(() => {
    uploads = new Uploads();
  });
  afterEach(() => uploads.remove());

  it("accepts a multibyte character split across the 1 MiB chunk boundary, at each split point", async () => {
    for (const [character, splits] of [["中", [1, 2]], ["😀", [1, 2, 3]]] as const) {
      for (const split of splits) {
        const bytes = paddedTo(MIB - split, Buffer.from(character), ",张三\n91330100000000002X,杭州\n");
        const scan = await scanDatasetFile(uploads.write("split.csv", bytes), CSV);
        expect(scan, `${character} split ${split}`).to.deep.equal({ contentDigest: digest(bytes), size: bytes.length });
      }
    }
  });

  for (const [what, sequence] of [
    ["an overlong '/' (C0 AF)", [0xc0, 0xaf]],
    ["an overlong 3-byte form (E0 80 AF)", [0xe0, 0x80, 0xaf]],
    ["an overlong 4-byte form (F0 80 80 AF)", [0xf0, 0x80, 0x80, 0xaf]],
    ["a surrogate (ED A0 80)", [0xed, 0xa0, 0x80]],
    ["a code point past U+10FFFF (F4 90 80 80)", [0xf4, 0x90, 0x80, 0x80]],
    ["a lone continuation byte (80)", [0x80]],
    ["a byte no sequence starts with (F5)", [0xf5, 0x80, 0x80, 0x80]],
    ["GBK 张 (D5 C5)", [0xd5, 0xc5]],
  ] as const) {
    it(`refuses ${what} at its offset, row and column, in either chunk`, async () => {
      for (const at of [300, MIB - 1, MIB + 17]) {
        const bytes = paddedTo(at, Buffer.from(sequence), ",张三\n");
        const scan = await scanDatasetFile(uploads.write("bad.csv", bytes), CSV);
        expect(scan, `at ${at}`).to.deep.equal({ contentDigest: digest(bytes), size: bytes.length, badByte: { offset: at, row: 1, columnIndex: 1 } });
      }
    });
  }

  it("refuses a sequence truncated at the end of the file, or cut short by the next byte across the boundary", async () => {
    for (const tail of [[0xe4, 0xb8], [0xe4], [0xf0, 0x9f, 0x98]]) {
      const bytes = paddedTo(200, Buffer.from(tail));
      expect((await scanDatasetFile(uploads.write("end.csv", bytes), CSV)).badByte).to.deep.equal({ offset: 200, row: 1, columnIndex: 1 });
    }
    const exactlyAtBoundary = paddedTo(MIB - 2, Buffer.from([0xe4, 0xb8]));
    expect((await scanDatasetFile(uploads.write("edge.csv", exactlyAtBoundary), CSV)).badByte).to.deep.equal({ offset: MIB - 2, row: 1, columnIndex: 1 });
    const cutShort = paddedTo(MIB - 1, Buffer.from([0xe4]), "b,c\n");
    expect((await scanDatasetFile(uploads.write("cut.csv", cutShort), CSV)).badByte).to.deep.equal({ offset: MIB - 1, row: 1, columnIndex: 1 });
  });

  it("locates a CSV byte by data row and column: quoted commas and newlines stay in their field, empty lines are not rows", async () => {
    const text = 'a,b,c\n1,"x,\ny",z\n\n2,q,';
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0xff])]);
    expect((await scanDatasetFile(uploads.write("where.csv", bytes), CSV)).badByte).to.deep.equal({ offset: text.length, row: 2, columnIndex: 2 });
    const header = Buffer.concat([Buffer.from("a,"), Buffer.from([0xff]), Buffer.from("\n1,2\n")]);
    expect((await scanDatasetFile(uploads.write("header.csv", header), CSV)).badByte).to.deep.equal({ offset: 2, row: 0, columnIndex: 1 });
  });

  it("locates a JSON Lines byte by its record, blank lines not counted, and no column", async () => {
    const text = '{"a":"1,2"}\n\n   \n{"a":"2"}\n{"a":"';
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    expect((await scanDatasetFile(uploads.write("where.jsonl", bytes), JSONL)).badByte).to.deep.equal({ offset: Buffer.byteLength(text), row: 3, columnIndex: null });
  });

  it("only hashes a binary (Parquet) file", async () => {
    const bytes = Buffer.from([0x50, 0x41, 0x52, 0x31, 0xff, 0xfe, 0xc0]);
    expect(await scanDatasetFile(uploads.write("v.parquet", bytes), { binary: true, csv: false })).to.deep.equal({ contentDigest: digest(bytes), size: bytes.length });
  });

  it("finds the first non-UTF-8 byte exactly where a strict decoder stops (property)", () => {
    const byte = fc.oneof(fc.integer({ min: 0, max: 0xff }), fc.constantFrom(0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4));
    fc.assert(
      fc.property(fc.array(fc.oneof(byte, fc.string({ unit: "grapheme" }).map((s) => Buffer.from(s))), { maxLength: 40 }), (parts) => {
        const bytes = Buffer.concat(parts.map((part) => (typeof part === "number" ? Buffer.from([part]) : part)));
        const first = firstNonUtf8(bytes);
        expect(first === -1, bytes.toString("hex")).to.equal(isUtf8(bytes));
        if (first >= 0) {
          expect(isUtf8(bytes.subarray(0, first)), bytes.toString("hex")).to.equal(true);
          for (let length = 1; length <= 4; length++) expect(isUtf8(bytes.subarray(first, first + length)), bytes.toString("hex")).to.equal(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

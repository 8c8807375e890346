import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import { formatCheckpoint, parseCheckpoint, rfc6962Sha256 as hasher, type Checkpoint } from "../../../server/log";
import { expectTdlError, throwsOnlyTdlErrors } from "./expect-error";
import { SOFA_CHECKPOINT_BODY } from "./fixtures/signed-notes";

const ROOT = hasher.hashLeaf(new Uint8Array(Buffer.from("root")));
const ROOT_B64 = Buffer.from(ROOT).toString("base64");

useSeed("server/log/checkpoint.test.ts");

describe("parseCheckpoint", () => {
  it("reads the c2sp.org/tlog-checkpoint example", () => {
    const checkpoint = parseCheckpoint(SOFA_CHECKPOINT_BODY);
    expect(checkpoint.origin).to.equal("example.com/behind-the-sofa");
    expect(checkpoint.size).to.equal(20852163);
    expect(Buffer.from(checkpoint.root).toString("base64")).to.equal("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
    expect(checkpoint.extensions).to.deep.equal([]);
  });

  it("keeps extension lines", () => {
    expect(parseCheckpoint(`o\n1\n${ROOT_B64}\next one\next two\n`).extensions).to.deep.equal(["ext one", "ext two"]);
  });

  const malformed: [string, string, RegExp][] = [
    ["no final newline", `o\n1\n${ROOT_B64}`, /newline/],
    ["two lines", "o\n1\n", /at least 3/],
    ["an empty origin", `\n1\n${ROOT_B64}\n`, /origin/],
    ["a leading zero in the size", `o\n01\n${ROOT_B64}\n`, /decimal/],
    ["a negative size", `o\n-1\n${ROOT_B64}\n`, /decimal/],
    ["a size past 2^53 - 1", `o\n9007199254740993\n${ROOT_B64}\n`, /2\^53/],
    ["a root that is not base64", `o\n1\n${ROOT_B64.replace("=", "!")}\n`, /base64/],
    ["a root of 31 bytes", `o\n1\n${Buffer.from(ROOT.subarray(1)).toString("base64")}\n`, /31 bytes/],
    ["an empty extension line", `o\n1\n${ROOT_B64}\n\n`, /extension/],
    ["a control character", `o\u0007\n1\n${ROOT_B64}\n`, /control/],
  ];
  for (const [what, body, reason] of malformed) {
    context(`when the body has ${what}`, () => {
      it("throws MALFORMED_CHECKPOINT naming the reason", () => {
        const error = expectTdlError(() => parseCheckpoint(body), "MALFORMED_CHECKPOINT");
        expect(error.message).to.match(reason);
      });
    });
  }

  context("with arbitrary text", () => {
    it("throws nothing but TdlError", () => {
      fc.assert(fc.property(fc.string({ unit: "binary" }), (body) => throwsOnlyTdlErrors(() => parseCheckpoint(body))));
      fc.assert(fc.property(fc.anything(), (body) => throwsOnlyTdlErrors(() => parseCheckpoint(body as string))));
    });
  });
});

describe("formatCheckpoint", () => {
  it("writes origin, size and base64 root, one per line", () => {
    const body = formatCheckpoint({ origin: "tdl.example/node-1", size: 42, root: ROOT, extensions: [] });
    expect(body).to.equal(`tdl.example/node-1\n42\n${ROOT_B64}\n`);
  });

  it("round-trips through parseCheckpoint", () => {
    const checkpoint = fc.record({
      origin: fc.string({ minLength: 1 }).filter((s) => !/[\u0000-\u001f]/.test(s)),
      size: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      root: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      extensions: fc.array(fc.string({ minLength: 1 }).filter((s) => !/[\u0000-\u001f]/.test(s)), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(checkpoint, (c: Checkpoint) => {
        expect(parseCheckpoint(formatCheckpoint(c))).to.deep.equal(c);
      }),
    );
  });

  context("when a line would break the format", () => {
    it("throws MALFORMED_CHECKPOINT", () => {
      expectTdlError(() => formatCheckpoint({ origin: "a\nb", size: 1, root: ROOT, extensions: [] }), "MALFORMED_CHECKPOINT");
      expectTdlError(() => formatCheckpoint({ origin: "o", size: -1, root: ROOT, extensions: [] }), "MALFORMED_CHECKPOINT");
      expectTdlError(() => formatCheckpoint({ origin: "o", size: 1, root: ROOT, extensions: [""] }), "MALFORMED_CHECKPOINT");
    });
  });
});

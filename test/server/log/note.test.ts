import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import {
  formatCheckpoint,
  generateNoteKey,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  rfc6962Sha256 as hasher,
  signNote,
  verifyNote,
} from "../../../server/log";
import { expectTdlError, throwsOnlyTdlErrors } from "./expect-error";
import {
  ENOCH_SIGNATURE_LINE,
  ENOCH_VERIFIER_KEY,
  FOO_NOTE,
  FOO_VERIFIER_KEY,
  GO_TEXT,
  PETER_NOTE,
  PETER_SIGNATURE_LINE,
  PETER_SIGNER_KEY,
  PETER_VERIFIER_KEY,
  QUASIMODO_NOTE,
} from "./fixtures/signed-notes";

const peter = parseVerifierKey(PETER_VERIFIER_KEY);
const enoch = parseVerifierKey(ENOCH_VERIFIER_KEY);

useSeed("server/log/note.test.ts");

describe("parseVerifierKey", () => {
  it("reads the Go sumdb/note test key", () => {
    expect(peter.name).to.equal("PeterNeumann");
    expect(peter.keyId.toString(16)).to.equal("c74f20a3");
  });

  const bad: [string, string][] = [
    ["a key id that does not match", PETER_VERIFIER_KEY.replace("c74f20a3", "c74f20a4")],
    ["another name", PETER_VERIFIER_KEY.replace("PeterNeumann", "PeterNeuman")],
    ["a missing part", "PeterNeumann+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"],
    ["a key of another type", PETER_VERIFIER_KEY.replace("+AR", "+Ah")],
    ["a short key", PETER_VERIFIER_KEY.slice(0, -4)],
  ];
  for (const [what, key] of bad) {
    context(`with ${what}`, () => {
      it("throws MALFORMED_INPUT", () => {
        expectTdlError(() => parseVerifierKey(key), "MALFORMED_INPUT");
      });
    });
  }
});

describe("signNote", () => {
  it("reproduces the published Go note byte for byte (Ed25519 is deterministic)", () => {
    expect(signNote(GO_TEXT, [parseSignerKey(PETER_SIGNER_KEY)])).to.equal(PETER_NOTE);
  });

  it("signs checkpoints that verify with a generated key", () => {
    const { signerKey, verifierKey } = generateNoteKey("tdl.example/node-1");
    const body = formatCheckpoint({ origin: "tdl.example/node-1", size: 7, root: hasher.emptyRoot(), extensions: [] });
    const note = signNote(body, [parseSignerKey(signerKey)]);
    const verified = verifyNote(note, [parseVerifierKey(verifierKey)]);
    expect(parseCheckpoint(verified.text).size).to.equal(7);
  });

  context("when the text does not end in a newline", () => {
    it("throws MALFORMED_CHECKPOINT", () => {
      expectTdlError(() => signNote("no newline", [parseSignerKey(PETER_SIGNER_KEY)]), "MALFORMED_CHECKPOINT");
    });
  });
});

describe("verifyNote", () => {
  it("verifies the Go note and names PeterNeumann", () => {
    const verified = verifyNote(PETER_NOTE, [peter]);
    expect(verified.text).to.equal(GO_TEXT);
    expect(verified.verifiedBy).to.deep.equal([{ name: "PeterNeumann", keyId: 0xc74f20a3 }]);
  });

  it("verifies the c2sp.org/signed-note example.com/foo note", () => {
    expect(verifyNote(FOO_NOTE, [parseVerifierKey(FOO_VERIFIER_KEY)]).text).to.equal("This is an example message.\n");
  });

  it("accepts bytes as well as text", () => {
    expect(verifyNote(new Uint8Array(Buffer.from(PETER_NOTE)), [peter]).text).to.equal(GO_TEXT);
  });

  it("names every known key that signed and ignores unknown ones", () => {
    const both = `${PETER_NOTE}${ENOCH_SIGNATURE_LINE}`;
    expect(verifyNote(both, [peter, enoch]).verifiedBy.map((v) => v.name)).to.deep.equal(["PeterNeumann", "EnochRoot"]);
    expect(verifyNote(both, [enoch]).verifiedBy.map((v) => v.name)).to.deep.equal(["EnochRoot"]);
  });

  it("splits the text at the last blank line (the c2sp.org/signed-note example)", () => {
    const note = parseNote(QUASIMODO_NOTE);
    expect(note.text).to.equal("Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned \u00e8 subito sera.\n");
    expect(note.signatures.map((s) => s.name)).to.deep.equal(["quasimodo.example/salvatore"]);
  });

  context("when no known key signed", () => {
    it("throws UNKNOWN_KEY", () => {
      expectTdlError(() => verifyNote(PETER_NOTE, [enoch]), "UNKNOWN_KEY");
      expectTdlError(() => verifyNote(QUASIMODO_NOTE, [peter]), "UNKNOWN_KEY");
    });
  });

  context("when any one byte of the note is changed", () => {
    it("never verifies", () => {
      const bytes = Buffer.from(PETER_NOTE);
      for (let i = 0; i < bytes.length; i++) {
        for (const mask of [0x01, 0x20, 0x80]) {
          const changed = Buffer.from(bytes);
          changed[i] ^= mask;
          try {
            verifyNote(new Uint8Array(changed), [peter]);
            expect.fail(`byte ${i} ^ ${mask} still verifies`);
          } catch (error) {
            expect((error as { code?: string }).code).to.be.oneOf(["SIGNATURE_INVALID", "UNKNOWN_KEY", "MALFORMED_CHECKPOINT"]);
          }
        }
      }
    });

    it("throws SIGNATURE_INVALID for a changed text byte or signature byte", () => {
      expectTdlError(() => verifyNote(PETER_NOTE.replace("answer", "Answer"), [peter]), "SIGNATURE_INVALID");
      const signature = Buffer.from(PETER_SIGNATURE_LINE.slice("\u2014 PeterNeumann ".length, -1), "base64");
      signature[10] ^= 1;
      const forged = `${GO_TEXT}\n\u2014 PeterNeumann ${signature.toString("base64")}\n`;
      expectTdlError(() => verifyNote(forged, [peter]), "SIGNATURE_INVALID");
    });
  });

  context("when a known key signed twice", () => {
    it("throws MALFORMED_CHECKPOINT", () => {
      expectTdlError(() => verifyNote(`${PETER_NOTE}${PETER_SIGNATURE_LINE}`, [peter]), "MALFORMED_CHECKPOINT");
    });
  });

  const malformed: [string, string][] = [
    ["no blank line", `${GO_TEXT}${PETER_SIGNATURE_LINE}`],
    ["no signature lines", `${GO_TEXT}\n`],
    ["a signature line without the em dash", `${GO_TEXT}\n- PeterNeumann AAAAAAA=\n`],
    ["a short signature", `${GO_TEXT}\n\u2014 PeterNeumann AAAA\n`],
    ["a control character", PETER_NOTE.replace("If", "I\u0001f")],
    ["101 signatures", `${GO_TEXT}\n${ENOCH_SIGNATURE_LINE.repeat(101)}`],
  ];
  for (const [what, note] of malformed) {
    context(`when the note has ${what}`, () => {
      it("throws MALFORMED_CHECKPOINT", () => {
        expectTdlError(() => verifyNote(note, [peter]), "MALFORMED_CHECKPOINT");
      });
    });
  }

  context("with invalid UTF-8", () => {
    it("throws MALFORMED_CHECKPOINT", () => {
      const bytes = Buffer.concat([Buffer.from(PETER_NOTE), Buffer.from([0xff])]);
      expectTdlError(() => verifyNote(new Uint8Array(bytes), [peter]), "MALFORMED_CHECKPOINT");
    });
  });

  context("with arbitrary input", () => {
    it("throws nothing but TdlError", () => {
      fc.assert(fc.property(fc.string({ unit: "binary" }), (note) => throwsOnlyTdlErrors(() => verifyNote(note, [peter]))));
      fc.assert(fc.property(fc.anything(), (note) => throwsOnlyTdlErrors(() => verifyNote(note as string, [peter]))));
    });
  });
});

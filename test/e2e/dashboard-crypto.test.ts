/**
 * The browser twin of server/log/primitives.ts (what the dashboard bundles instead of node:crypto), checked
 * here in Node against node:crypto: the TypeScript SHA-256 byte for byte, and the WebCrypto Ed25519 path
 * (verdicts taken ahead, then read by the synchronous verifier the note code calls).
 */
import { expect } from "chai";
import { createHash, randomBytes } from "node:crypto";
import fc from "fast-check";
import { useSeed } from "../helpers/seed";
import { isTdlError } from "../../server/errors";
import { generateNoteKey, parseNote, parseSignerKey, rfc6962Sha256, signNote } from "../../server/log";
import { decodeBase64 } from "../../server/log/base64";
import { utf8 } from "../../server/log/bytes";
import * as browser from "../../server/log/primitives-browser";
import * as node from "../../server/log/primitives";

const nodeSha256 = (...parts: Uint8Array[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

useSeed("e2e/dashboard-crypto.test.ts");

describe("primitives-browser (the dashboard's crypto)", function () {
  describe("sha256", function () {
    it("gives the FIPS 180-4 digests of the empty string and of abc", function () {
      expect(hex(browser.sha256(new Uint8Array(0)))).to.equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      expect(hex(browser.sha256(utf8("abc")))).to.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    });

    it("agrees with node:crypto at every length around the block and padding edges", function () {
      for (let length = 0; length <= 200; length++) {
        const data = new Uint8Array(randomBytes(length));
        expect(hex(browser.sha256(data)), `length ${length}`).to.equal(hex(nodeSha256(data)));
      }
      const large = new Uint8Array(randomBytes(1 << 20));
      expect(hex(browser.sha256(large))).to.equal(hex(nodeSha256(large)));
    });

    it("agrees with node:crypto on random inputs split into parts", function () {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 150 }), { maxLength: 4 }), (parts) => hex(browser.sha256(...parts)) === hex(nodeSha256(...parts))),
        { numRuns: 300 },
      );
    });

    it("hashes RFC 6962 leaves and nodes as the server's hasher does", function () {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (data, right) => {
          const leaf = browser.sha256(Uint8Array.of(0), data);
          const parent = browser.sha256(Uint8Array.of(1), leaf, right);
          return hex(leaf) === hex(rfc6962Sha256.hashLeaf(data)) && hex(parent) === hex(rfc6962Sha256.hashChildren(leaf, right));
        }),
        { numRuns: 200 },
      );
      expect(hex(browser.sha256())).to.equal(hex(rfc6962Sha256.emptyRoot()));
    });
  });

  describe("ed25519Verifier", function () {
    const { signerKey, verifierKey } = generateNoteKey("dashboard.test/key");
    const note = signNote("dashboard.test/key\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", [parseSignerKey(signerKey)]);
    const { text, signatures } = parseNote(note);
    const publicKey = (decodeBase64(verifierKey.split("+").slice(2).join("+")) as Uint8Array).subarray(1);
    const message = utf8(text);
    const signature = signatures[0].signature;

    it("accepts a good signature once WebCrypto has verified it", async function () {
      expect(await browser.preverifyEd25519(publicKey, message, signature)).to.equal(true);
      expect(browser.ed25519Verifier(publicKey)(message, signature)).to.equal(true);
      expect(node.ed25519Verifier(publicKey)(message, signature)).to.equal(true);
    });

    it("rejects a signature of another message and a changed signature", async function () {
      const other = utf8(`${text}x`);
      const bent = signature.slice();
      bent[10] ^= 1;
      expect(await browser.preverifyEd25519(publicKey, other, signature)).to.equal(false);
      expect(await browser.preverifyEd25519(publicKey, message, bent)).to.equal(false);
      expect(browser.ed25519Verifier(publicKey)(other, signature)).to.equal(false);
      expect(browser.ed25519Verifier(publicKey)(message, bent)).to.equal(false);
      expect(browser.ed25519Verifier(publicKey)(message, signature.subarray(0, 63))).to.equal(false);
    });

    it("refuses to answer for a signature nobody verified ahead, rather than guess", function () {
      const unseen = signature.slice();
      unseen[0] ^= 0x80;
      expect(() => browser.ed25519Verifier(publicKey)(message, unseen)).to.throw().that.satisfies((e: unknown) => isTdlError(e, "CONFIG_INVALID"));
    });

    it("never signs", function () {
      expect(() => browser.ed25519Seed()).to.throw().that.satisfies((e: unknown) => isTdlError(e, "CONFIG_INVALID"));
      expect(() => browser.ed25519Signer(new Uint8Array(32))).to.throw().that.satisfies((e: unknown) => isTdlError(e, "CONFIG_INVALID"));
    });
  });
});

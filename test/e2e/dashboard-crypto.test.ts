/**
 * The log's crypto that the dashboard bundles as it is (server/log/primitives.ts: @noble/hashes SHA-256,
 * @noble/curves Ed25519 verification), checked here in Node against node:crypto: SHA-256 byte for byte,
 * and one synchronous Ed25519 verifier that agrees with node:crypto's verify, with no step ahead of it.
 * The signing side (node:crypto, signing.ts) is out of the dashboard's import graph.
 */
import { expect } from "chai";
import { createHash, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { useSeed } from "../helpers/seed";
import { generateNoteKey, parseNote, parseSignerKey, rfc6962Sha256, signNote } from "../../server/log";
import { decodeBase64 } from "../../server/log/base64";
import { utf8 } from "../../server/log/bytes";
import { ed25519Verifier, sha256 } from "../../server/log/primitives";
import { readImports } from "../architecture/import-graph";

const nodeSha256 = (...parts: Uint8Array[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const rawPublicKey = (key: KeyObject) => new Uint8Array(key.export({ format: "der", type: "spki" }).subarray(12));

/** Every file the dashboard's entry reaches through value imports (type-only imports are erased by the bundler). */
function dashboardFiles(root: string): Set<string> {
  const edges = readImports(root, ["web/src", "server"]);
  const reached = new Set<string>(["web/src/main.ts"]);
  const queue = ["web/src/main.ts"];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const edge of edges) {
      if (edge.file !== file || edge.typeOnly) continue;
      const target = edge.specifier.startsWith(".")
        ? [`${edge.target}.ts`, `${edge.target}/index.ts`, edge.target].find((t) => existsSync(path.join(root, t))) ?? edge.target
        : edge.target;
      if (!reached.has(target)) {
        reached.add(target);
        if (target.endsWith(".ts")) queue.push(target);
      }
    }
  }
  return reached;
}

useSeed("e2e/dashboard-crypto.test.ts");

describe("the log's crypto, as the dashboard bundles it", function () {
  describe("sha256", function () {
    it("gives the FIPS 180-4 digests of the empty string and of abc", function () {
      expect(hex(sha256(new Uint8Array(0)))).to.equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      expect(hex(sha256(utf8("abc")))).to.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    });

    it("agrees with node:crypto at every length around the block and padding edges", function () {
      for (let length = 0; length <= 200; length++) {
        const data = new Uint8Array(randomBytes(length));
        expect(hex(sha256(data)), `length ${length}`).to.equal(hex(nodeSha256(data)));
      }
      const large = new Uint8Array(randomBytes(1 << 20));
      expect(hex(sha256(large))).to.equal(hex(nodeSha256(large)));
    });

    it("agrees with node:crypto on random inputs split into parts", function () {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 150 }), { maxLength: 4 }), (parts) => hex(sha256(...parts)) === hex(nodeSha256(...parts))),
        { numRuns: 300 },
      );
    });

    it("hashes RFC 6962 leaves and nodes as node:crypto does", function () {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (data, right) => {
          const leaf = nodeSha256(Uint8Array.of(0), data);
          const parent = nodeSha256(Uint8Array.of(1), leaf, right);
          return hex(leaf) === hex(rfc6962Sha256.hashLeaf(data)) && hex(parent) === hex(rfc6962Sha256.hashChildren(leaf, right));
        }),
        { numRuns: 200 },
      );
      expect(hex(nodeSha256())).to.equal(hex(rfc6962Sha256.emptyRoot()));
    });
  });

  describe("ed25519Verifier", function () {
    const { signerKey, verifierKey } = generateNoteKey("dashboard.test/key");
    const note = signNote("dashboard.test/key\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", [parseSignerKey(signerKey)]);
    const { text, signatures } = parseNote(note);
    const publicKey = (decodeBase64(verifierKey.split("+").slice(2).join("+")) as Uint8Array).subarray(1);
    const message = utf8(text);
    const signature = signatures[0].signature;

    it("accepts the node's signature synchronously, with nothing verified ahead", function () {
      expect(ed25519Verifier(publicKey)(message, signature)).to.equal(true);
    });

    it("rejects a signature of another message, a changed signature, a short one and another key", function () {
      const other = utf8(`${text}x`);
      const bent = signature.slice();
      bent[10] ^= 1;
      expect(ed25519Verifier(publicKey)(other, signature)).to.equal(false);
      expect(ed25519Verifier(publicKey)(message, bent)).to.equal(false);
      expect(ed25519Verifier(publicKey)(message, signature.subarray(0, 63))).to.equal(false);
      const stranger = rawPublicKey(generateKeyPairSync("ed25519").publicKey);
      expect(ed25519Verifier(stranger)(message, signature)).to.equal(false);
      expect(ed25519Verifier(publicKey.subarray(0, 31))(message, signature)).to.equal(false);
    });

    it("agrees with node:crypto's verify on random keys, messages and bent signatures", function () {
      const keys = Array.from({ length: 4 }, () => generateKeyPairSync("ed25519"));
      fc.assert(
        fc.property(fc.nat({ max: keys.length - 1 }), fc.uint8Array({ maxLength: 200 }), fc.option(fc.nat({ max: 63 })), (k, data, bend) => {
          const { publicKey: pub, privateKey } = keys[k];
          const sig = new Uint8Array(sign(null, data, privateKey));
          if (bend !== null) sig[bend] ^= 1;
          return ed25519Verifier(rawPublicKey(pub))(data, sig) === verify(null, data, pub, sig);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe("the dashboard's import graph", function () {
    it("reaches the shared verifier but never the signing side or node:crypto", function () {
      const reached = dashboardFiles(path.resolve(__dirname, "../.."));
      expect(reached.has("server/log/primitives.ts")).to.equal(true);
      expect(reached.has("@noble/curves")).to.equal(true);
      expect(reached.has("server/log/signing.ts")).to.equal(false);
      expect(reached.has("server/log/signer-key.ts")).to.equal(false);
      expect([...reached].filter((t) => t.startsWith("node:"))).to.deep.equal([]);
    });
  });
});

import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify } from "node:crypto";

/*
 * The hash and signature primitives of the log, from node:crypto. The dashboard's bundler swaps this
 * module for primitives-browser.ts (same exports), so the rest of server/log runs unchanged in a browser.
 */

// DER wrappings that let node:crypto take raw 32-byte Ed25519 keys.
const PKCS8_PREFIX = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);
const SPKI_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00);

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** A verifier for one raw 32-byte Ed25519 public key (the key object is made once). */
export function ed25519Verifier(publicKey: Uint8Array): (message: Uint8Array, signature: Uint8Array) => boolean {
  const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: "der", type: "spki" });
  return (message, signature) => signature.length === 64 && verify(null, message, key, signature);
}

/** A signer for one raw 32-byte Ed25519 seed, with its public key. */
export function ed25519Signer(seed: Uint8Array): { publicKey: Uint8Array; sign(message: Uint8Array): Uint8Array } {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(SPKI_PREFIX.length));
  return { publicKey, sign: (message) => new Uint8Array(sign(null, message, privateKey)) };
}

/** A fresh random Ed25519 seed. */
export function ed25519Seed(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

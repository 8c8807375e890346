import { ed25519 } from "@noble/curves/ed25519";
import { sha256 as nobleSha256 } from "@noble/hashes/sha256";
import { concatBytes } from "./bytes";

/*
 * The hash and the signature check of the log, synchronous and the same code in the node and in the
 * dashboard (Vite bundles this module as it is): SHA-256 from @noble/hashes, Ed25519 verification from
 * @noble/curves. Signing is the node's alone and lives in signing.ts (node:crypto).
 */

export function sha256(...parts: Uint8Array[]): Uint8Array {
  return nobleSha256(parts.length === 1 ? parts[0] : concatBytes(...parts));
}

/**
 * A verifier for one raw 32-byte Ed25519 public key. RFC 8032 strict (zip215 off), as node:crypto and
 * WebCrypto verify: a key that is not a curve point, or a non-canonical signature, is a bad signature.
 */
export function ed25519Verifier(publicKey: Uint8Array): (message: Uint8Array, signature: Uint8Array) => boolean {
  const key = publicKey.slice();
  return (message, signature) => {
    if (key.length !== 32 || signature.length !== 64) return false;
    try {
      return ed25519.verify(signature, message, key, { zip215: false });
    } catch {
      return false;
    }
  };
}

import { TdlError } from "../errors";
import { concatBytes, toHex } from "./bytes";
import type * as NodePrimitives from "./primitives";

/*
 * The browser twin of primitives.ts, for the dashboard (web/vite.config.ts resolves "./primitives" of
 * server/log to this file). The log's code is synchronous and a browser has no synchronous SHA-256 or
 * Ed25519, so:
 *   - SHA-256 is FIPS 180-4 in plain TypeScript (checked against node:crypto in test/e2e/dashboard-crypto.test.ts);
 *   - Ed25519 is the browser's own WebCrypto, run first (await preverifyEd25519(...) for each signature a
 *     check will meet); the synchronous verifier then answers from those results, and refuses to answer for
 *     a signature nobody pre-verified rather than guess.
 * Signing is the node's business: the browser only verifies.
 */

// ==== SHA-256 (FIPS 180-4) ====

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const data = parts.length === 1 ? parts[0] : concatBytes(...parts);
  // Pad: 0x80, zeros, then the bit length as a 64-bit big-endian number; a multiple of 64 bytes in all.
  const blocks = Math.ceil((data.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = data.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000), false);
  view.setUint32(padded.length - 4, bits >>> 0, false);

  const h = H0.slice();
  const w = new Uint32Array(64);
  for (let block = 0; block < blocks; block++) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block * 64 + t * 4, false);
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0] + a) >>> 0;
    h[1] = (h[1] + b) >>> 0;
    h[2] = (h[2] + c) >>> 0;
    h[3] = (h[3] + d) >>> 0;
    h[4] = (h[4] + e) >>> 0;
    h[5] = (h[5] + f) >>> 0;
    h[6] = (h[6] + g) >>> 0;
    h[7] = (h[7] + hh) >>> 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  h.forEach((word, i) => outView.setUint32(i * 4, word, false));
  return out;
}

// ==== Ed25519 through WebCrypto, verified ahead ====

const verdicts = new Map<string, boolean>();
const verdictKey = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): string =>
  `${toHex(publicKey)}.${toHex(signature)}.${toHex(sha256(message))}`;

/** Verifies one Ed25519 signature with WebCrypto and remembers the verdict for ed25519Verifier. */
export async function preverifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  let verdict = false;
  if (publicKey.length === 32 && signature.length === 64) {
    const subtle = globalThis.crypto?.subtle;
    if (subtle === undefined) throw new TdlError("CONFIG_INVALID", "this browser has no WebCrypto (crypto.subtle): open the dashboard over https or from localhost");
    try {
      // Copies: WebCrypto takes only ArrayBuffer-backed views.
      const key = await subtle.importKey("raw", publicKey.slice(), { name: "Ed25519" }, false, ["verify"]);
      verdict = await subtle.verify({ name: "Ed25519" }, key, signature.slice(), message.slice());
    } catch (error) {
      // A browser without Ed25519 in WebCrypto must not look like a bad signature.
      if (error instanceof DOMException && error.name === "NotSupportedError") {
        throw new TdlError("CONFIG_INVALID", "this browser's WebCrypto has no Ed25519: use a current Chromium, Firefox or Safari");
      }
      verdict = false;
    }
  }
  verdicts.set(verdictKey(publicKey, message, signature), verdict);
  return verdict;
}

export function ed25519Verifier(publicKey: Uint8Array): (message: Uint8Array, signature: Uint8Array) => boolean {
  const key = publicKey.slice();
  return (message, signature) => {
    if (signature.length !== 64) return false;
    const verdict = verdicts.get(verdictKey(key, message, signature));
    if (verdict === undefined) {
      throw new TdlError("CONFIG_INVALID", "in the browser an Ed25519 signature must be checked ahead with preverifyEd25519 before the synchronous check");
    }
    return verdict;
  };
}

function signingIsNotHere(): never {
  throw new TdlError("CONFIG_INVALID", "signing is done by the node, never in the browser");
}

export function ed25519Signer(_seed: Uint8Array): { publicKey: Uint8Array; sign(message: Uint8Array): Uint8Array } {
  return signingIsNotHere();
}

export function ed25519Seed(): Uint8Array {
  return signingIsNotHere();
}

// Both twins export the same functions with the same types.
const sameShape: Pick<typeof NodePrimitives, keyof typeof NodePrimitives> = { sha256, ed25519Verifier, ed25519Signer, ed25519Seed };
void sameShape;

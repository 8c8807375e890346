import { encodeBase64 } from "./base64";
import { ED25519_TYPE, ed25519KeyId, formatVerifierKey, hex8, malformedKey, parseKeyString, type NoteSigner } from "./note";
import { ed25519Seed, ed25519Signer } from "./signing";

/*
 * Signer keys of signed notes ("PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>"), for the node
 * only: they sign through node:crypto (signing.ts), so the dashboard, which only verifies, never loads them.
 */

export function parseSignerKey(signerKey: string): NoteSigner {
  const prefix = "PRIVATE+KEY+";
  if (!signerKey.startsWith(prefix)) throw malformedKey("a signer key starts with PRIVATE+KEY+");
  const { name, keyId, key: seed } = parseKeyString(signerKey.slice(prefix.length), "signer");
  const signer = ed25519Signer(seed);
  if (ed25519KeyId(name, signer.publicKey) !== keyId) {
    throw malformedKey(`key id ${hex8(keyId)} does not match the key of ${name}`);
  }
  return { name, keyId, sign: (message) => signer.sign(message) };
}

/** A fresh Ed25519 key pair as signer and verifier key strings. */
export function generateNoteKey(name: string): { signerKey: string; verifierKey: string } {
  const seed = ed25519Seed();
  const { publicKey } = ed25519Signer(seed);
  const keyId = hex8(ed25519KeyId(name, publicKey));
  return {
    signerKey: `PRIVATE+KEY+${name}+${keyId}+${encodeBase64(Uint8Array.of(ED25519_TYPE, ...seed))}`,
    verifierKey: formatVerifierKey(name, publicKey),
  };
}

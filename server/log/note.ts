import { TdlError } from "../errors";
import { decodeBase64, encodeBase64 } from "./base64";
import { concatBytes, readUint32BE, uint32BE, utf8 } from "./bytes";
import { ed25519Verifier, sha256 } from "./primitives";

/*
 * C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys, and the key strings of
 * golang.org/x/mod/sumdb/note: verifier "<name>+<hex key id>+<base64(0x01 || public key)>",
 * signer "PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>".
 */

export const ED25519_TYPE = 0x01;
const SIGNATURE_PREFIX = "\u2014 ";
// Go's note package refuses more; the spec asks verifiers to accept at least 16.
const MAX_SIGNATURES = 100;

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature proper, without the 4-byte key id. */
  readonly signature: Uint8Array;
}

export interface Note {
  /** The signed text, ending in a newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

export interface VerifiedNote {
  readonly text: string;
  /** The known keys whose signatures verified. */
  readonly verifiedBy: readonly { name: string; keyId: number }[];
}

function malformedNote(reason: string): TdlError {
  return new TdlError("MALFORMED_CHECKPOINT", `malformed signed note: ${reason}`);
}

export function malformedKey(reason: string): TdlError {
  return new TdlError("MALFORMED_INPUT", `malformed note key: ${reason}`);
}

function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\u0000-\u001f]/u.test(name);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Signed notes are UTF-8 text with no control characters but newline. */
function isValidNoteText(text: string): boolean {
  return !/[\u0000-\u0009\u000b-\u001f]/.test(text) && !LONE_SURROGATE.test(text);
}

/** Key id of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian. */
export function ed25519KeyId(name: string, publicKey: Uint8Array): number {
  return readUint32BE(sha256(utf8(`${name}\n`), Uint8Array.of(ED25519_TYPE), publicKey));
}

export function hex8(keyId: number): string {
  return keyId.toString(16).padStart(8, "0");
}

/** Splits "<name>+<hex id>+<base64 key>" and checks the id is the one the key and name give. */
export function parseKeyString(text: string, what: string): { name: string; keyId: number; key: Uint8Array } {
  // Only the first two pluses separate: base64 has pluses of its own.
  const match = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(text);
  if (match === null) throw malformedKey(`a ${what} key has the form <name>+<hex id>+<base64 key>`);
  const [, name, idText, keyText] = match;
  if (!isValidKeyName(name)) throw malformedKey(`"${name}" is not a valid key name`);
  if (!/^[0-9a-f]{8}$/.test(idText)) throw malformedKey(`key id "${idText}" is not 8 lowercase hex digits`);
  const decoded = decodeBase64(keyText);
  if (decoded === undefined || decoded.length !== 33 || decoded[0] !== ED25519_TYPE) {
    throw malformedKey("the key is not base64 of 0x01 followed by a 32-byte Ed25519 key");
  }
  return { name, keyId: parseInt(idText, 16), key: decoded.subarray(1) };
}

export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw malformedKey(`"${name}" is not a valid key name`);
  const typed = Uint8Array.of(ED25519_TYPE, ...publicKey);
  return `${name}+${hex8(ed25519KeyId(name, publicKey))}+${encodeBase64(typed)}`;
}

export function parseVerifierKey(verifierKey: string): NoteVerifier {
  const { name, keyId, key } = parseKeyString(verifierKey, "verifier");
  if (ed25519KeyId(name, key) !== keyId) throw malformedKey(`key id ${hex8(keyId)} does not match the key of ${name}`);
  const verify = ed25519Verifier(key);
  return { name, keyId, verify: (message, signature) => signature.length === 64 && verify(message, signature) };
}

/** Signs `text` (which must end in a newline) with every signer, giving the signed note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith("\n") || !isValidNoteText(text)) {
    throw malformedNote("the text must end in a newline and hold no control characters but newlines");
  }
  const message = utf8(text);
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw malformedKey(`"${signer.name}" is not a valid key name`);
    return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(concatBytes(uint32BE(signer.keyId), signer.sign(message)))}\n`;
  });
  return `${text}\n${lines.join("")}`;
}

function decodeNoteText(note: string | Uint8Array): string {
  if (typeof note === "string") return note;
  if (!(note instanceof Uint8Array)) throw malformedNote("a note is text");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(note);
  } catch {
    throw malformedNote("the note is not valid UTF-8");
  }
}

/** Splits a signed note into its text and signature lines, checking only the syntax. */
export function parseNote(note: string | Uint8Array): Note {
  const noteText = decodeNoteText(note);
  if (!isValidNoteText(noteText)) throw malformedNote("it holds control characters or invalid UTF-16");
  // The text ends at the last blank line; it keeps its final newline.
  const split = noteText.lastIndexOf("\n\n");
  if (split < 0) throw malformedNote("there is no blank line before the signatures");
  const text = noteText.slice(0, split + 1);
  const signatureBlock = noteText.slice(split + 2);
  if (!signatureBlock.endsWith("\n")) throw malformedNote("there are no signature lines ending in a newline");
  const lines = signatureBlock.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) throw malformedNote(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw malformedNote("a signature line does not start with an em dash and a space");
    const fields = line.slice(SIGNATURE_PREFIX.length).split(" ");
    if (fields.length !== 2 || !isValidKeyName(fields[0])) throw malformedNote(`bad signature line "${line}"`);
    const bytes = decodeBase64(fields[1]);
    if (bytes === undefined || bytes.length < 5) throw malformedNote(`the signature of ${fields[0]} is not base64 of a key id and a signature`);
    const keyId = readUint32BE(bytes);
    return { name: fields[0], keyId, signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/**
 * Verifies a signed note against the known keys. Signatures by unknown keys are ignored (they may
 * be witnesses); a known key's bad signature rejects the whole note (SIGNATURE_INVALID), and so does
 * a note no known key signed (UNKNOWN_KEY).
 */
export function verifyNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): VerifiedNote {
  const { text, signatures } = parseNote(note);
  const message = utf8(text);
  const verifiedBy: { name: string; keyId: number }[] = [];
  for (const { name, keyId, signature } of signatures) {
    const verifier = verifiers.find((v) => v.name === name && v.keyId === keyId);
    if (verifier === undefined) continue;
    if (verifiedBy.some((v) => v.name === name && v.keyId === keyId)) {
      throw malformedNote(`${name} signed more than once`);
    }
    if (!verifier.verify(message, signature)) {
      throw new TdlError("SIGNATURE_INVALID", `the signature of ${name} (${hex8(keyId)}) does not verify`, {
        details: { name, keyId: hex8(keyId) },
      });
    }
    verifiedBy.push({ name, keyId });
  }
  if (verifiedBy.length === 0) {
    throw new TdlError("UNKNOWN_KEY", "no signature on the note is from a known key", {
      details: { signedBy: signatures.map((s) => `${s.name}+${hex8(s.keyId)}`) },
    });
  }
  return { text, verifiedBy };
}

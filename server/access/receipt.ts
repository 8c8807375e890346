import { TdlError } from "../errors";
import { decodeBase64, encodeBase64 } from "../log/base64";
import { encodeEntry, checkEntry, type AccessLogEntry } from "../log/entry";
import type { Hasher } from "../log/hasher";
import { parseVerifierKey, signNote, verifyNote, type NoteSigner, type NoteVerifier } from "../log/note";
import { verifyInclusion } from "../log/verify";

/**
 * Access receipts: the node's signed word that a decision is entry `index` of its log, before any
 * checkpoint covers it. Pure: no I/O, the hasher and keys are passed in.
 *
 * Entries receipted together (the gateway signs every entry one group commit acknowledged, across
 * requests, so one Ed25519 signature serves many decisions) are signed once: the node builds the RFC 6962
 * tree of their leaf hashes, a "range tree" of `size` leaves for log indices start..start+size-1, and
 * signs a C2SP signed note (the checkpoint key is fine: the text cannot parse as a checkpoint, its
 * second line is never a decimal size) whose text is
 *
 *   tdl-access-receipt/v1
 *   origin <log origin>
 *   entries <start> <size>
 *   root <base64 of the range tree's root>
 *
 * Each receipt carries its entry, its leaf hash, its inclusion proof in the range tree and the note.
 * A range of one has an empty proof and its leaf hash as root. The proofs hold other entries' leaf
 * hashes, never their contents. Verifying needs
 * only the node's verifier key: the leaf hash is the entry's, the proof leads to the signed root, the
 * index lies in the signed range. `checkpointSizeToCome` (start + size) is the smallest log size whose
 * checkpoint includes every entry of the range; the proof bundle (GET /api/v1/log/bundles/:index)
 * follows once an anchor reaches it.
 */

export const RECEIPT_HEADER = "tdl-access-receipt/v1";

export interface AccessReceipt {
  readonly version: 1;
  readonly origin: string;
  readonly index: number;
  /** Hex of the entry's RFC 6962 leaf hash. */
  readonly leafHash: string;
  readonly entry: AccessLogEntry;
  /** The entries signed together, and this one's inclusion proof (hex, leaf to root) in their range tree. */
  readonly range: { readonly start: number; readonly size: number; readonly proof: readonly string[] };
  readonly checkpointSizeToCome: number;
  /** The signed note over the range (see above). */
  readonly note: string;
}

/** A receipt without its note: the batch answer carries the note once per range. */
export type UnsignedReceipt = Omit<AccessReceipt, "note">;

export interface ReceiptRange {
  readonly note: string;
  readonly start: number;
  readonly size: number;
  readonly receipts: readonly UnsignedReceipt[];
}

/** An entry as the log acknowledged it. */
export interface LoggedEntry {
  readonly index: number;
  readonly leafHash: Uint8Array;
  readonly entry: AccessLogEntry;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

function mismatch(reason: string): TdlError {
  return new TdlError("RECEIPT_MISMATCH", `access receipt: ${reason}`);
}

function malformed(reason: string): TdlError {
  return new TdlError("MALFORMED_INPUT", `malformed access receipt: ${reason}`);
}

export function receiptText(origin: string, start: number, size: number, root: Uint8Array): string {
  if (/[\u0000-\u001f]/.test(origin) || origin.length === 0) throw malformed("the origin is empty or holds a control character");
  return `${RECEIPT_HEADER}\norigin ${origin}\nentries ${start} ${size}\nroot ${encodeBase64(root)}\n`;
}

/** Parses a receipt note's text. */
export function parseReceiptText(text: string, hashSize = 32): { origin: string; start: number; size: number; root: Uint8Array } {
  const match = /^tdl-access-receipt\/v1\norigin ([^\n]+)\nentries (0|[1-9][0-9]{0,15}) ([1-9][0-9]{0,15})\nroot ([A-Za-z0-9+/=]+)\n$/.exec(text);
  if (match === null) throw malformed("the note is not a tdl-access-receipt/v1 text");
  const root = decodeBase64(match[4]);
  if (root === undefined || root.length !== hashSize) throw malformed("the root is not canonical base64 of a hash");
  const start = Number(match[2]);
  const size = Number(match[3]);
  if (!Number.isSafeInteger(start + size)) throw malformed("the range is beyond 2^53");
  return { origin: match[1], start, size, root };
}

/**
 * The levels of the RFC 6962 tree over `leaves`: level 0 the leaves, each next level pairs neighbours
 * and carries a last unpaired node up unchanged (the same tree as RFC 6962's MTH split).
 */
function levels(hasher: Hasher, leaves: readonly Uint8Array[]): Uint8Array[][] {
  const out: Uint8Array[][] = [leaves.slice()];
  while (out[out.length - 1].length > 1) {
    const below = out[out.length - 1];
    const above: Uint8Array[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) above.push(hasher.hashChildren(below[i], below[i + 1]));
    if (below.length % 2 === 1) above.push(below[below.length - 1]);
    out.push(above);
  }
  return out;
}

function proofFrom(tree: readonly Uint8Array[][], index: number): Uint8Array[] {
  const proof: Uint8Array[] = [];
  let i = index;
  for (let level = 0; level < tree.length - 1; level++) {
    const sibling = i ^ 1;
    if (sibling < tree[level].length) proof.push(tree[level][sibling]);
    i >>= 1;
  }
  return proof;
}

/**
 * Signs the receipts of entries logged together: one note per run of consecutive indices (a group
 * commit keeps one caller's entries consecutive; a run break only splits the signature).
 */
export function signReceipts(signer: NoteSigner, hasher: Hasher, origin: string, logged: readonly LoggedEntry[]): ReceiptRange[] {
  const sorted = [...logged].sort((a, b) => a.index - b.index);
  const ranges: ReceiptRange[] = [];
  let from = 0;
  while (from < sorted.length) {
    let to = from + 1;
    while (to < sorted.length && sorted[to].index === sorted[to - 1].index + 1) to++;
    const run = sorted.slice(from, to);
    const start = run[0].index;
    const size = run.length;
    const tree = levels(hasher, run.map((e) => e.leafHash));
    const root = tree[tree.length - 1][0];
    const note = signNote(receiptText(origin, start, size, root), [signer]);
    ranges.push({
      note,
      start,
      size,
      receipts: run.map((e, i) => ({
        version: 1,
        origin,
        index: e.index,
        leafHash: hex(e.leafHash),
        entry: e.entry,
        range: { start, size, proof: proofFrom(tree, i).map(hex) },
        checkpointSizeToCome: start + size,
      })),
    });
    from = to;
  }
  return ranges;
}

function fromHex(text: unknown, what: string, hashSize: number): Uint8Array {
  if (typeof text !== "string" || !/^[0-9a-f]*$/.test(text) || text.length !== hashSize * 2) throw malformed(`${what} is not ${hashSize * 2} lowercase hex digits`);
  return new Uint8Array(Buffer.from(text, "hex"));
}

const uint = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

export interface VerifiedReceipt {
  readonly origin: string;
  readonly index: number;
  readonly entry: AccessLogEntry;
  readonly checkpointSizeToCome: number;
  readonly signedBy: string;
}

/**
 * Checks a receipt against the node's verifier key: its shape, that the leaf hash is the entry's,
 * that the proof leads from it to the signed range root, and that index and origin are the signed
 * ones. Throws MALFORMED_INPUT, SIGNATURE_INVALID, UNKNOWN_KEY or RECEIPT_MISMATCH.
 */
export function verifyReceipt(value: unknown, verifierKey: string | NoteVerifier, hasher: Hasher): VerifiedReceipt {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw malformed("not an object");
  const r = value as Record<string, unknown>;
  if (r.version !== 1) throw malformed("version is not 1");
  if (typeof r.origin !== "string") throw malformed("origin is not text");
  if (!uint(r.index)) throw malformed("index is not a non-negative integer");
  if (typeof r.note !== "string") throw malformed("note is not text");
  const range = r.range as Record<string, unknown> | undefined;
  if (typeof range !== "object" || range === null || !uint(range.start) || !uint(range.size) || !Array.isArray(range.proof)) {
    throw malformed("range is not {start, size, proof}");
  }
  const entry = checkEntry(r.entry);
  const leafHash = fromHex(r.leafHash, "leafHash", hasher.size);
  const proof = (range.proof as unknown[]).map((p, i) => fromHex(p, `range.proof[${i}]`, hasher.size));

  if (Buffer.compare(hasher.hashLeaf(encodeEntry(entry)), leafHash) !== 0) throw mismatch("the leaf hash is not the hash of the entry");
  if (entry.origin !== r.origin) throw mismatch(`the entry is of log "${entry.origin}", the receipt of "${r.origin}"`);

  const verifier = typeof verifierKey === "string" ? parseVerifierKey(verifierKey) : verifierKey;
  const { text, verifiedBy } = verifyNote(r.note, [verifier]);
  const signed = parseReceiptText(text, hasher.size);
  if (signed.origin !== r.origin) throw mismatch(`the note is for log "${signed.origin}", the receipt claims "${r.origin}"`);
  if (signed.start !== range.start || signed.size !== range.size) throw mismatch("the range is not the signed one");
  const index = r.index;
  if (index < signed.start || index >= signed.start + signed.size) throw mismatch(`index ${index} is outside the signed range`);
  if (r.checkpointSizeToCome !== signed.start + signed.size) throw mismatch("checkpointSizeToCome is not the end of the signed range");
  try {
    verifyInclusion(hasher, index - signed.start, signed.size, leafHash, proof, signed.root);
  } catch (cause) {
    throw new TdlError("RECEIPT_MISMATCH", "access receipt: the proof does not lead from the leaf to the signed root", { cause });
  }
  return { origin: signed.origin, index, entry, checkpointSizeToCome: signed.start + signed.size, signedBy: verifiedBy[0].name };
}

/** A standalone receipt from a batch answer's item and its range's note. */
export function withNote(receipt: UnsignedReceipt, note: string): AccessReceipt {
  return { ...receipt, note };
}

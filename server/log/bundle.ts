import { TdlError } from "../errors";
import { fromHex, toHex } from "./bytes";
import { bundleRefusal, keyName } from "./bundle-refusals";
import { parseCheckpoint, type Checkpoint } from "./checkpoint";
import { checkEntry, encodeEntry, type AccessLogEntry } from "./entry";
import type { Hasher } from "./hasher";
import { parseVerifierKey, verifyNote } from "./note";
import { verifyInclusion } from "./verify";

/*
 * A proof bundle: everything a verifier needs to check, offline, that one entry is in a node's log
 * at a signed (and, if `anchor` is set, anchored) checkpoint. Hashes of the log are lowercase hex
 * without 0x; the chain fields of `anchor` are 0x hex as the chain spells them. Pure: no I/O. The
 * chain check (anchoredRoot(logId, size) == root) lives in server/chain.
 */

export interface ProofBundleAnchor {
  readonly chainId: number;
  /** The AccessLogAnchor contract's address (0x, 40 hex digits). */
  readonly contract: string;
  readonly logId: number;
  readonly size: number;
  /** The anchored root, 0x + 64 hex digits. */
  readonly root: string;
  readonly txHash: string;
  readonly blockNumber: number;
}

export interface ProofBundle {
  readonly version: 1;
  readonly origin: string;
  readonly index: number;
  /** The entry; its leaf bytes are its canonical JSON (encodeEntry). */
  readonly entry: AccessLogEntry;
  readonly leafHash: string;
  readonly treeSize: number;
  readonly inclusionProof: readonly string[];
  /** The signed C2SP checkpoint note for `treeSize`. */
  readonly checkpoint: string;
  /** "<name>+<hex key id>+<base64 key>" of the key that signed the checkpoint. */
  readonly verifierKey: string;
  readonly anchor: ProofBundleAnchor | null;
}

export interface VerifiedBundle {
  readonly checkpoint: Checkpoint;
  readonly leafHash: Uint8Array;
  /** The key that verified the checkpoint's signature, as "<name>+<hex key id>". */
  readonly signedBy: string;
}

const HASH_HEX = /^[0-9a-f]{64}$/;
const CHAIN_HASH = /^0x[0-9a-f]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function malformed(reason: string): TdlError {
  return new TdlError("MALFORMED_INPUT", `malformed proof bundle: ${reason}`);
}

/** A bundle that is well formed but does not hold: ROOT_MISMATCH, with the check at fault. */
function mismatch(check: string, message: string): TdlError {
  return new TdlError("ROOT_MISMATCH", message, { details: { check } });
}

const isUint = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

function requireField<T>(record: Record<string, unknown>, name: string, rule: (value: unknown) => value is T, what: string): T {
  const value = record[name];
  if (!rule(value)) throw malformed(`${name} must be ${what}, got ${JSON.stringify(value)}`);
  return value;
}

const matches =
  (pattern: RegExp) =>
  (value: unknown): value is string =>
    typeof value === "string" && pattern.test(value);
const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0;

function parseAnchor(value: unknown): ProofBundleAnchor | null {
  if (value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) throw malformed("anchor must be an object or null");
  const record = value as Record<string, unknown>;
  const field = <T>(name: string, rule: (v: unknown) => v is T, what: string): T => {
    const field = record[name];
    if (!rule(field)) throw malformed(`anchor.${name} must be ${what}, got ${JSON.stringify(field)}`);
    return field;
  };
  return {
    chainId: field("chainId", isUint, "a non-negative integer"),
    contract: field("contract", matches(ADDRESS), "a 0x address"),
    logId: field("logId", isUint, "a non-negative integer"),
    size: field("size", isUint, "a non-negative integer"),
    root: field("root", matches(CHAIN_HASH), "0x and 64 lowercase hex digits"),
    txHash: field("txHash", matches(CHAIN_HASH), "0x and 64 lowercase hex digits"),
    blockNumber: field("blockNumber", isUint, "a non-negative integer"),
  };
}

/** Checks the shape of a value claimed to be a proof bundle (e.g. JSON.parse of a file). */
export function parseProofBundle(value: unknown): ProofBundle {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw malformed("not an object");
  const record = value as Record<string, unknown>;
  if (record.version !== 1) throw malformed(`version must be 1, got ${JSON.stringify(record.version)}`);
  const proof = record.inclusionProof;
  if (!Array.isArray(proof) || !proof.every((hash) => matches(HASH_HEX)(hash))) {
    throw malformed("inclusionProof must be an array of 64-digit lowercase hex hashes");
  }
  let entry: AccessLogEntry;
  try {
    entry = checkEntry(record.entry);
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : String(error));
  }
  return {
    version: 1,
    origin: requireField(record, "origin", isText, "a non-empty string"),
    index: requireField(record, "index", isUint, "a non-negative integer"),
    entry,
    leafHash: requireField(record, "leafHash", matches(HASH_HEX), "64 lowercase hex digits"),
    treeSize: requireField(record, "treeSize", isUint, "a non-negative integer"),
    inclusionProof: proof as string[],
    checkpoint: requireField(record, "checkpoint", isText, "a signed note"),
    verifierKey: requireField(record, "verifierKey", isText, "a verifier key"),
    anchor: parseAnchor(record.anchor),
  };
}

/**
 * Verifies a bundle without the chain, in the order a reader would: the entry hashes to the leaf
 * hash, the checkpoint is signed by the verifier key (and by `trustedVerifierKey` if the caller
 * pins one, e.g. the key the chain registers for the log), its origin, the entry's origin and its size are
 * the bundle's, the proof leads from the leaf to its root, and
 * the anchor names the same size and root. Throws MALFORMED_* for bad input, ROOT_MISMATCH,
 * SIGNATURE_INVALID or UNKNOWN_KEY when it does not hold.
 */
export function verifyProofBundle(hasher: Hasher, value: unknown, trustedVerifierKey?: string): VerifiedBundle {
  const bundle = parseProofBundle(value);
  if (trustedVerifierKey !== undefined && trustedVerifierKey !== bundle.verifierKey) {
    throw new TdlError("UNKNOWN_KEY", `the bundle's checkpoint key ${keyName(bundle.verifierKey)} is not the trusted key ${keyName(trustedVerifierKey)}`);
  }

  const leafHash = hasher.hashLeaf(encodeEntry(bundle.entry));
  if (toHex(leafHash) !== bundle.leafHash) {
    throw mismatch("leafHash", `the entry hashes to ${toHex(leafHash)}, not to the bundle's leaf hash ${bundle.leafHash}`);
  }

  const verifier = parseVerifierKey(bundle.verifierKey);
  const { text } = verifyNote(bundle.checkpoint, [verifier]);
  const checkpoint = parseCheckpoint(text, hasher.size);
  if (checkpoint.origin !== bundle.origin) {
    throw mismatch("origin", `the checkpoint is for origin "${checkpoint.origin}", the bundle says "${bundle.origin}"`);
  }
  if (bundle.entry.origin !== checkpoint.origin) throw bundleRefusal("entryOrigin", { entryOrigin: bundle.entry.origin, origin: checkpoint.origin });
  if (checkpoint.size !== bundle.treeSize) {
    throw mismatch("treeSize", `the checkpoint is for size ${checkpoint.size}, the bundle's proof for size ${bundle.treeSize}`);
  }

  try {
    verifyInclusion(hasher, bundle.index, bundle.treeSize, leafHash, bundle.inclusionProof.map(fromHex), checkpoint.root);
  } catch (error) {
    if (error instanceof TdlError && error.code === "ROOT_MISMATCH") {
      throw mismatch("inclusionProof", `the inclusion proof of entry ${bundle.index} does not lead to the checkpoint's root at size ${bundle.treeSize}`);
    }
    throw error;
  }

  if (bundle.anchor !== null) {
    if (bundle.anchor.size !== checkpoint.size) {
      throw mismatch("anchor", `the anchor is for size ${bundle.anchor.size}, the checkpoint for size ${checkpoint.size}`);
    }
    if (bundle.anchor.root !== `0x${toHex(checkpoint.root)}`) {
      throw mismatch("anchor", `the anchor's root ${bundle.anchor.root} is not the checkpoint's root 0x${toHex(checkpoint.root)}`);
    }
  }
  return { checkpoint, leafHash, signedBy: `${verifier.name}+${verifier.keyId.toString(16).padStart(8, "0")}` };
}

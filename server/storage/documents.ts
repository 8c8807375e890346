import { createHash } from "node:crypto";
import { TdlError } from "../errors";
import type { KeyValuePort } from "./key-value-port";

/*
 * The content-addressed document store (issue 14 item 1): the documents behind the hashes the chain holds
 * (resource metadata and field lists, scenario descriptions, plans, reviews, agreements, ...), each under
 * the SHA-256 of its bytes, with its disclosure class. Written once: a second put of the same bytes returns
 * the first record (its disclosure and parties included) and never rewrites it. The hash is checked again
 * on every read, so a damaged database cannot serve other bytes under a hash.
 *
 * Key layout (its own database, or any prefix-free port):
 *   0x10 <32-byte hash>  u32 big-endian length of the meta JSON {d: disclosure, p: parties}, the meta, the bytes
 */

export type Disclosure = "public" | "restricted";

export interface StoredDocument {
  /** 0x + 64 lowercase hex: the SHA-256 of `bytes`. */
  readonly hash: string;
  readonly bytes: Uint8Array;
  readonly disclosure: Disclosure;
  /** Organisation ids that may read a restricted document (besides the bureau and supervisors). */
  readonly parties: readonly number[];
}

export interface DocumentStore {
  /** Stores the bytes under their hash; idempotent, never overwrites stored bytes or their disclosure. */
  put(bytes: Uint8Array, meta: { disclosure: Disclosure; parties?: readonly number[] }): Promise<StoredDocument>;
  get(hash: string): Promise<StoredDocument | undefined>;
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
const DOCUMENT_PREFIX = 0x10;
const HASH = /^0x[0-9a-f]{64}$/;

/** The document hash of bytes: 0x + the lowercase hex SHA-256. */
export const documentHash = (bytes: Uint8Array): string => `0x${createHash("sha256").update(bytes).digest("hex")}`;

/** A document hash as typed (any case), lowercased; MALFORMED_INPUT unless 0x + 64 hex. */
export function parseDocumentHash(text: string): string {
  const hash = text.toLowerCase();
  if (!HASH.test(hash)) throw new TdlError("MALFORMED_INPUT", `a document hash is 0x and 64 hex digits, not "${text.slice(0, 80)}"`);
  return hash;
}

function keyOf(hash: string): Uint8Array {
  const key = new Uint8Array(33);
  key[0] = DOCUMENT_PREFIX;
  key.set(Buffer.from(hash.slice(2), "hex"), 1);
  return key;
}

function checkedParties(parties: readonly number[]): number[] {
  for (const org of parties) {
    if (!Number.isInteger(org) || org < 1 || org > 2 ** 32 - 1) throw new TdlError("MALFORMED_INPUT", `a party is an organisation id (1 .. 2^32-1), not ${org}`);
  }
  return [...new Set(parties)].sort((a, b) => a - b);
}

function encode(bytes: Uint8Array, disclosure: Disclosure, parties: readonly number[]): Uint8Array {
  const meta = Buffer.from(JSON.stringify({ d: disclosure, p: parties }), "utf8");
  const value = new Uint8Array(4 + meta.length + bytes.length);
  new DataView(value.buffer).setUint32(0, meta.length);
  value.set(meta, 4);
  value.set(bytes, 4 + meta.length);
  return value;
}

function decode(hash: string, value: Uint8Array): StoredDocument {
  const damaged = (why: string) => new TdlError("STORAGE_FAILURE", `stored document ${hash} is damaged: ${why}`);
  if (value.length < 4) throw damaged("too short");
  const metaLength = new DataView(value.buffer, value.byteOffset, value.length).getUint32(0);
  if (4 + metaLength > value.length) throw damaged("its meta runs past its end");
  let meta: { d?: unknown; p?: unknown };
  try {
    meta = JSON.parse(Buffer.from(value.subarray(4, 4 + metaLength)).toString("utf8")) as typeof meta;
  } catch {
    throw damaged("its meta is not JSON");
  }
  if ((meta.d !== "public" && meta.d !== "restricted") || !Array.isArray(meta.p) || !meta.p.every((o) => Number.isInteger(o))) throw damaged("its meta is not a disclosure and parties");
  const bytes = value.slice(4 + metaLength);
  if (documentHash(bytes) !== hash) throw damaged("its bytes no longer hash to it");
  return { hash, bytes, disclosure: meta.d, parties: meta.p as number[] };
}

/** The document store over a key-value port (LevelDB in the node, the memory twin in tests). */
export function createDocumentStore(kv: KeyValuePort, options: { maxBytes?: number } = {}): DocumentStore {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  if (!(Number.isSafeInteger(maxBytes) && maxBytes > 0)) throw new TdlError("CONFIG_INVALID", `the document size limit must be a positive number of bytes, got ${maxBytes}`);
  // puts run one at a time, so two puts of the same bytes cannot both find it absent and both write
  let writing: Promise<unknown> = Promise.resolve();

  const get = async (hash: string): Promise<StoredDocument | undefined> => {
    const checked = parseDocumentHash(hash);
    const [value] = await kv.getMany([keyOf(checked)]);
    return value === undefined ? undefined : decode(checked, value);
  };

  const put = async (bytes: Uint8Array, meta: { disclosure: Disclosure; parties?: readonly number[] }): Promise<StoredDocument> => {
    if (!(bytes instanceof Uint8Array)) throw new TdlError("MALFORMED_INPUT", "a document is bytes");
    if (bytes.length > maxBytes) {
      throw new TdlError("DOCUMENT_TOO_LARGE", `the document has ${bytes.length} bytes; this node keeps documents of at most ${maxBytes} bytes`, { details: { size: bytes.length, maxBytes } });
    }
    if (meta.disclosure !== "public" && meta.disclosure !== "restricted") throw new TdlError("MALFORMED_INPUT", `disclosure is "public" or "restricted", not "${String(meta.disclosure)}"`);
    const parties = checkedParties(meta.parties ?? []);
    if (meta.disclosure === "public" && parties.length > 0) throw new TdlError("MALFORMED_INPUT", "a public document names no parties: anyone may read it");
    const copy = bytes.slice();
    const hash = documentHash(copy);
    const stored = writing.then(async () => {
      const existing = await get(hash);
      if (existing !== undefined) return existing;
      await kv.putAll([[keyOf(hash), encode(copy, meta.disclosure, parties)]]);
      return { hash, bytes: copy, disclosure: meta.disclosure, parties };
    });
    writing = stored.catch(() => undefined);
    return stored;
  };

  return { put, get };
}

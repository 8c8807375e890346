import { TdlError } from "../errors";
import { equalBytes, utf8 } from "./bytes";
import { canonicalJson } from "./canonical-json";

/**
 * One decision of a node's access gateway, as the log records it. It names who did what under
 * which grant and what the gateway decided, and carries only a digest of the request: never its
 * contents or any personal information. Hex is lowercase so that an entry has one byte encoding.
 * A query the node answered from its data (POST /api/v1/queries) also carries `query`: what it read
 * and the digest of what left (去向可查, Art. 24, R17).
 */
// A type alias, not an interface, so it is assignable to CanonicalValue's index signature.
export type AccessLogEntry = {
  /** ISO 8601 UTC time of the decision, e.g. "2025-03-01T08:30:00.000Z". */
  readonly time: string;
  /** The log origin of the node that decided (its checkpoint origin line). */
  readonly origin: string;
  /** The acting organisation's on-chain id, in decimal. */
  readonly org: string;
  /** The acting staff key: a lowercase 0x-prefixed address. */
  readonly key: string;
  /** What was asked for: "query", "download", "compute", "export", ... */
  readonly operation: string;
  /** The grant the access ran under (bytes32, 0x hex); null when the key holds none. */
  readonly grantId: string | null;
  /** The scenario the grant is for; null when unknown. */
  readonly scenario: string | null;
  /** The resource's catalog id in decimal; for a query, the resources it read, ascending, joined by ",". */
  readonly resourceId: string;
  /** Bit mask of the resource's fields touched, as 0x hex without leading zeros; for a query, one mask per resource, joined by ",". */
  readonly fields: string;
  readonly decision: "allowed" | "denied";
  /** Why, as a code such as "OK" or "GRANT_EXPIRED". */
  readonly reason: string;
  /** SHA-256 of the request, 64 lowercase hex digits. */
  readonly requestDigest: string;
  /** Present on queries only. */
  readonly query?: QueryRecord;
};

/** What a query read and what left the platform. */
export type QueryRecord = {
  /** SHA-256 of the SQL text (UTF-8), 64 lowercase hex digits. */
  readonly sqlDigest: string;
  /** The dataset versions read: the catalog's resource id, its version number and content digest (64 hex). */
  readonly reads: readonly { readonly resourceId: string; readonly datasetVersion: string; readonly contentDigest: string }[];
  /** The granted columns the query touched, as "alias.field", sorted. */
  readonly columns: readonly string[];
  readonly rowsScanned: number;
  readonly rowsReturned: number;
  readonly groupsSuppressed: number;
  /** SHA-256 of the canonical answer (server/data/result-digest.ts); null when nothing was answered. */
  readonly resultDigest: string | null;
  /** A data product's run: the product, its version, the approved template and the digest of the document that holds it. */
  readonly product?: ProductRun;
};

export type ProductRun = {
  readonly productId: string;
  readonly version: string;
  readonly template: string;
  /** The product version's metadataHash on chain (64 hex): the document whose templates the reviews approved. */
  readonly manifestDigest: string;
};

type FieldRule = (value: unknown) => boolean;

const text = (pattern: RegExp): FieldRule => (value) => typeof value === "string" && pattern.test(value);
const nullable = (rule: FieldRule): FieldRule => (value) => value === null || rule(value);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const LABEL = /^[^\u0000-\u001f]{1,256}$/;

const RULES: Record<keyof AccessLogEntry, FieldRule> = {
  time: (value) => text(ISO_UTC)(value) && !Number.isNaN(Date.parse(value as string)),
  origin: text(LABEL),
  org: text(/^(0|[1-9][0-9]{0,77})$/),
  key: text(/^0x[0-9a-f]{40}$/),
  operation: text(/^[a-z][a-z0-9_-]{0,31}$/),
  grantId: nullable(text(/^0x[0-9a-f]{64}$/)),
  scenario: nullable(text(LABEL)),
  resourceId: text(LABEL),
  fields: text(/^0x(0|[1-9a-f][0-9a-f]{0,63})(,0x(0|[1-9a-f][0-9a-f]{0,63})){0,15}$/),
  decision: (value) => value === "allowed" || value === "denied",
  reason: text(/^[A-Za-z0-9_.-]{1,64}$/),
  requestDigest: text(/^[0-9a-f]{64}$/),
  query: (value) => isQueryRecord(value),
};
const FIELD_NAMES = Object.keys(RULES) as (keyof AccessLogEntry)[];
const OPTIONAL = new Set<keyof AccessLogEntry>(["query"]);

const HEX64 = text(/^[0-9a-f]{64}$/);
const COUNT: FieldRule = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const DECIMAL = text(/^(0|[1-9][0-9]{0,77})$/);
const COLUMN = text(/^[^\u0000-\u001f]{1,256}$/);
const QUERY_FIELDS = ["sqlDigest", "reads", "columns", "rowsScanned", "rowsReturned", "groupsSuppressed", "resultDigest"];

const hasExactly = (value: unknown, names: readonly string[]): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) &&
  Object.keys(value).length === names.length && names.every((name) => name in value);

const isProductRun = (value: unknown): boolean =>
  hasExactly(value, ["productId", "version", "template", "manifestDigest"]) && DECIMAL(value.productId) && DECIMAL(value.version) && text(/^[a-z][a-z0-9-]{0,62}$/)(value.template) && HEX64(value.manifestDigest);

function isQueryRecord(value: unknown): boolean {
  const product = typeof value === "object" && value !== null && "product" in value;
  if (!hasExactly(value, product ? [...QUERY_FIELDS, "product"] : QUERY_FIELDS)) return false;
  if (product && !isProductRun(value.product)) return false;
  const reads = value.reads;
  const columns = value.columns;
  return HEX64(value.sqlDigest) &&
    Array.isArray(reads) && reads.length <= 16 &&
    reads.every((r) => hasExactly(r, ["resourceId", "datasetVersion", "contentDigest"]) && DECIMAL(r.resourceId) && DECIMAL(r.datasetVersion) && HEX64(r.contentDigest)) &&
    Array.isArray(columns) && columns.length <= 4096 && columns.every(COLUMN) &&
    COUNT(value.rowsScanned) && COUNT(value.rowsReturned) && COUNT(value.groupsSuppressed) &&
    (value.resultDigest === null || HEX64(value.resultDigest));
}

function malformed(reason: string): TdlError {
  return new TdlError("MALFORMED_INPUT", `malformed access log entry: ${reason}`);
}

/** Checks the shape of a value claimed to be an entry: exactly the known fields, each well formed. */
export function checkEntry(value: unknown): AccessLogEntry {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw malformed("not an object");
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((name) => !(name in RULES));
  if (unknown.length > 0) throw malformed(`unknown fields ${unknown.join(", ")}`);
  for (const name of FIELD_NAMES) {
    if (!(name in record)) {
      if (OPTIONAL.has(name)) continue;
      throw malformed(`missing ${name}`);
    }
    if (!RULES[name](record[name])) throw malformed(`bad ${name}: ${JSON.stringify(record[name])}`);
  }
  return record as unknown as AccessLogEntry;
}

/** The leaf bytes of an entry: its RFC 8785 canonical JSON in UTF-8. */
export function encodeEntry(entry: AccessLogEntry): Uint8Array {
  return utf8(canonicalJson(checkEntry(entry)));
}

/** Reads leaf bytes back into an entry, refusing anything that is not the canonical encoding of one. */
export function parseEntry(bytes: Uint8Array): AccessLogEntry {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw malformed("not UTF-8 JSON");
  }
  const entry = checkEntry(value);
  if (!equalBytes(utf8(canonicalJson(entry)), bytes)) {
    throw malformed("not in canonical form");
  }
  return entry;
}

import { TdlError } from "../errors";

/**
 * RFC 8785 (JCS) canonical JSON for the values log entries hold: strings, safe integers, booleans,
 * null, arrays and plain objects. The `canonicalize` package does the same but ships as ES modules
 * only, which this CommonJS project cannot `require`; the tests check this against it.
 */
export type CanonicalValue = string | number | boolean | null | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper values are refused, not encoded: the encoder recurses, and the edge (server/http/json-body.ts) allows fewer. */
export const MAX_CANONICAL_DEPTH = 128;

function reject(reason: string): never {
  throw new TdlError("MALFORMED_INPUT", `cannot encode as canonical JSON: ${reason}`);
}

export function canonicalJson(value: CanonicalValue): string {
  return encode(value, 0);
}

function encode(value: CanonicalValue, depth: number): string {
  if (value === null || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    // Integers print the same in every JCS implementation; other numbers are not needed here.
    if (!Number.isSafeInteger(value)) reject(`${value} is not a safe integer`);
    return JSON.stringify(value);
  }
  if (typeof value === "string") {
    if (LONE_SURROGATE.test(value)) reject("a string holds a lone surrogate");
    return JSON.stringify(value);
  }
  if (depth >= MAX_CANONICAL_DEPTH) reject(`nested deeper than ${MAX_CANONICAL_DEPTH} levels`);
  if (Array.isArray(value)) return `[${value.map((item: CanonicalValue) => encode(item, depth + 1)).join(",")}]`;
  const prototype: unknown = typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (prototype === Object.prototype || prototype === null) {
    const record = value as { readonly [key: string]: CanonicalValue };
    // JCS orders members by the UTF-16 code units of their names, which is what sort() compares.
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${encode(key, depth)}:${encode(record[key], depth + 1)}`);
    return `{${members.join(",")}}`;
  }
  return reject(`${typeof value} values are not JSON`);
}

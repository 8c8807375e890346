import { TdlError } from "../errors";

/**
 * RFC 8785 (JCS) canonical JSON for the values log entries hold: strings, safe integers, booleans,
 * null, arrays and plain objects. The `canonicalize` package does the same but ships as ES modules
 * only, which this CommonJS project cannot `require`; the tests check this against it.
 */
export type CanonicalValue = string | number | boolean | null | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function reject(reason: string): never {
  throw new TdlError("MALFORMED_INPUT", `cannot encode as canonical JSON: ${reason}`);
}

export function canonicalJson(value: CanonicalValue): string {
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
  if (Array.isArray(value)) return `[${value.map((item: CanonicalValue) => canonicalJson(item)).join(",")}]`;
  const prototype: unknown = typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (prototype === Object.prototype || prototype === null) {
    const record = value as { readonly [key: string]: CanonicalValue };
    // JCS orders members by the UTF-16 code units of their names, which is what sort() compares.
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${canonicalJson(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(",")}}`;
  }
  return reject(`${typeof value} values are not JSON`);
}

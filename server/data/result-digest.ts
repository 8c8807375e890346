/**
 * The digest of a query's answer, the one the log entry and the receipt carry (issue 12, item 3).
 *
 * Canonical serialization: the UTF-8 bytes of `JSON.stringify({"columns": [...], "rows": [[...], ...]})`
 * with no whitespace, object keys (inside struct values) sorted by UTF-16 code unit, strings escaped as
 * JSON.stringify does, numbers in JavaScript's shortest round-trip form, and values exactly as the engine
 * port returns them (wide integers, decimals and dates are strings). The digest is SHA-256, lowercase hex.
 */
import { createHash } from "node:crypto";
import type { SqlValue } from "./engine";

function canonical(value: SqlValue): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
  }
  return value;
}

/** The canonical JSON text of an answer. */
export function canonicalResult(columns: readonly string[], rows: readonly (readonly SqlValue[])[]): string {
  return JSON.stringify({ columns, rows: rows.map((row) => row.map(canonical)) });
}

/** SHA-256 of the canonical JSON text, lowercase hex. */
export function resultDigest(columns: readonly string[], rows: readonly (readonly SqlValue[])[]): string {
  return createHash("sha256").update(canonicalResult(columns, rows), "utf8").digest("hex");
}

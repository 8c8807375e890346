/*
 * Parsing arguments: everything from outside is parsed, then trusted. Anything malformed is a
 * MALFORMED_INPUT error naming the option.
 */
import { readFile } from "node:fs/promises";
import { getAddress, keccak256, id as textHash } from "ethers";
import { TdlError } from "../errors";
import type { Run } from "./context";

function bad(message: string): TdlError {
  return new TdlError("MALFORMED_INPUT", message);
}

/** A non-negative decimal integer (no sign, no leading zeros) of at most `max`. */
export function parseUint(text: unknown, what: string, max = 2 ** 32 - 1): number {
  const s = String(text);
  if (!/^(0|[1-9][0-9]*)$/.test(s)) throw bad(`${what} must be a non-negative decimal integer, got "${s}"`);
  if (Number(s) > max) throw bad(`${what} must be at most ${max}, got "${s}"`);
  return Number(s);
}

export function parseId(text: unknown, what: string): number {
  const n = parseUint(text, what);
  if (n === 0) throw bad(`${what}: ids start at 1`);
  return n;
}

export function parseBigUint(text: unknown, what: string): bigint {
  const s = String(text);
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(s)) throw bad(`${what}: "${s}" is not a whole number`);
  return BigInt(s);
}

export function parseAddress(text: unknown, what: string): string {
  try {
    return getAddress(String(text));
  } catch {
    throw bad(`${what}: "${String(text)}" is not an address (0x + 40 hex digits)`);
  }
}

export function parseBytes32(text: unknown, what: string): string {
  const s = String(text);
  if (!/^0x[0-9a-fA-F]{64}$/.test(s)) throw bad(`${what}: "${s}" is not 0x + 64 hex digits`);
  return s.toLowerCase();
}

/**
 * A document the ledger records by hash (report, reason, agreement...): 0x + 64 hex is taken as the
 * hash itself, @path hashes the file's bytes (keccak256), any other text hashes its UTF-8 (keccak256).
 */
export async function parseDocument(text: unknown, what: string): Promise<string> {
  const s = String(text ?? "");
  if (s === "") throw bad(`${what}: give a document: 0x<64 hex>, @file, or text`);
  if (/^0x[0-9a-fA-F]{64}$/.test(s)) return s.toLowerCase();
  if (s.startsWith("@")) {
    try {
      return keccak256(await readFile(s.slice(1)));
    } catch (cause) {
      throw new TdlError("MALFORMED_INPUT", `${what}: cannot read ${s.slice(1)}`, { cause });
    }
  }
  return textHash(s);
}

/** A name the ledger keys by hash (scenario, catalog code): 0x + 64 hex as is, else keccak256 of the text. */
export function parseKeyText(text: unknown, what: string): string {
  const s = String(text ?? "");
  if (s === "") throw bad(`${what}: must not be empty`);
  return /^0x[0-9a-fA-F]{64}$/.test(s) ? s.toLowerCase() : textHash(s);
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 7 * 86_400, y: 365 * 86_400 };

/** "5y", "90d", "12h", "30m", "45s" or plain seconds. A year is 365 days, as the contracts count. */
export function parseDuration(text: unknown): number {
  const s = String(text).trim();
  const m = /^(\d+)([smhdwy]?)$/.exec(s);
  if (!m) throw bad(`"${s}" is not a duration (e.g. 5y, 90d, 12h, 3600)`);
  return Number(m[1]) * UNITS[m[2] || "s"];
}

/** "now", unix seconds, or an ISO date / date-time (UTC unless it says otherwise). */
export async function parseTime(run: Run, text: unknown, what: string): Promise<number> {
  const s = String(text).trim();
  if (s === "now") return run.now();
  if (/^\d+$/.test(s)) return Number(s);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  if (Number.isNaN(ms)) throw bad(`${what}: "${s}" is not a time (now, unix seconds, or 2030-01-31 / 2030-01-31T12:00:00Z)`);
  return Math.floor(ms / 1000);
}

/** One of a table's names (English words with dashes, or the Chinese term) to its enum number. */
export function parseChoice(text: unknown, what: string, table: Readonly<Record<string, number>>): number {
  const s = String(text).trim().toLowerCase();
  if (Object.prototype.hasOwnProperty.call(table, s)) return table[s];
  const names = Object.keys(table).filter((k) => /^[a-z]/.test(k));
  throw bad(`${what}: "${String(text)}" is not one of ${names.join(", ")}`);
}

/** Exactly one of two flags (e.g. --approve / --reject). */
export function eitherFlag(opts: Record<string, unknown>, yes: string, no: string): boolean {
  const y = opts[yes] === true;
  const n = opts[no] === true;
  if (y === n) throw bad(`give exactly one of --${yes} and --${no}`);
  return y;
}

/** Bits named by a comma list of names or indexes, "all", or a number (0x.. or decimal). */
export function parseBits(text: unknown, what: string, names: readonly string[], width = names.length): number {
  const s = String(text).trim().toLowerCase();
  if (s === "all") return (1 << width) - 1;
  if (/^(0x[0-9a-f]+|\d+)$/.test(s) && !names.includes(s)) {
    const n = Number(s);
    if (n >= 1 << width) throw bad(`${what}: ${s} has bits beyond the ${width} defined`);
    return n;
  }
  let mask = 0;
  for (const part of s.split(",").map((p) => p.trim()).filter(Boolean)) {
    const i = names.indexOf(part);
    if (i < 0) throw bad(`${what}: "${part}" is not one of all, ${names.join(", ")}`);
    mask |= 1 << i;
  }
  return mask;
}

/** A field mask: 0x hex or decimal, or field indexes and ranges "0-3,7". */
export function parseFieldMask(text: string, what: string): bigint {
  const s = text.trim();
  if (/^0x[0-9a-fA-F]+$/.test(s)) return BigInt(s);
  let mask = 0n;
  for (const part of s.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw bad(`${what}: "${text}" is not a field mask (0x0f) or a field list (0-3,7)`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to > 255) throw bad(`${what}: field range ${part} is out of 0-255`);
    for (let i = from; i <= to; i++) mask |= 1n << BigInt(i);
  }
  return mask;
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}


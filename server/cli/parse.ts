import { TdlError } from "../errors";

/** Argument parsers: anything malformed is MALFORMED_INPUT naming the option. */

/** A 32-byte hash in hex, with or without 0x. */
export function parseHash(option: string, text: string): Uint8Array {
  const hex = text.replace(/^0x/i, "");
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new TdlError("MALFORMED_INPUT", `${option} must be 64 hex digits, got "${text}"`);
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** A comma-separated list of hashes; the empty string is the empty proof. */
export function parseProof(option: string, text: string): Uint8Array[] {
  if (text.trim() === "") return [];
  return text.split(",").map((part, i) => parseHash(`${option}[${i}]`, part.trim()));
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

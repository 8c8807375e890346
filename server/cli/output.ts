import { TdlError, type TdlErrorCode } from "../errors";

/** Exit codes of every `tdl` command. */
export const EXIT = { OK: 0, FAILED: 1, BAD_INPUT: 2, UNAVAILABLE: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const FAILED_CODES = new Set<TdlErrorCode>(["ROOT_MISMATCH", "SIGNATURE_INVALID", "UNKNOWN_KEY", "AUDIT_MISMATCH", "ANCHOR_DIVERGED", "DOCUMENT_HASH_MISMATCH", "RECEIPT_MISMATCH"]);
const BAD_INPUT_CODES = new Set<TdlErrorCode>([
  "MALFORMED_INPUT", "MALFORMED_PROOF", "MALFORMED_CHECKPOINT", "CONFIG_INVALID", "NOT_FOUND", "OUT_OF_RANGE", "DOCUMENT_TOO_LARGE", "DOCUMENT_NOT_REFERENCED", "DATASET_INVALID",
]);

/** 1 when the thing checked does not hold, 2 when the input is malformed, 3 for the rest (chain, storage). */
export function exitCodeOf(error: unknown): ExitCode {
  if (!(error instanceof TdlError)) return EXIT.UNAVAILABLE;
  if (FAILED_CODES.has(error.code)) return EXIT.FAILED;
  if (BAD_INPUT_CODES.has(error.code)) return EXIT.BAD_INPUT;
  return EXIT.UNAVAILABLE;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Prints a success: one line of text, or {"ok": true, ...result} with --json. */
export function reportOk(io: Io, json: boolean, line: string, result: Record<string, unknown>): ExitCode {
  io.out(json ? JSON.stringify({ ok: true, ...result }) : `OK: ${line}`);
  return EXIT.OK;
}

/** Prints a failure: "FAIL: ..." (1) or "ERROR: ..." (2, 3), or {"ok": false, code, message} with --json. */
export function reportError(io: Io, json: boolean, error: unknown, extra: Record<string, unknown> = {}): ExitCode {
  const exit = exitCodeOf(error);
  const code = error instanceof TdlError ? error.code : "INTERNAL";
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
  if (json) io.out(JSON.stringify({ ok: false, exitCode: exit, code, message, ...extra }));
  else io.err(`${exit === EXIT.FAILED ? "FAIL" : "ERROR"}: ${message} [${code}]`);
  return exit;
}

/** A chain time for people: ISO date-time in UTC. */
export function isoTime(seconds: number | bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/** A hash shortened for a table. */
export function shortHash(hash: string): string {
  return /^0x[0-9a-fA-F]{64}$/.test(hash) ? `${hash.slice(0, 10)}…` : hash;
}

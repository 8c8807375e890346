import { readFile } from "node:fs/promises";
import { verifyReceipt } from "../access/receipt";
import { chainLogKey } from "../chain";
import { resultDigest, type SqlValue } from "../data";
import { TdlError } from "../errors";
import { rfc6962Sha256 as hasher } from "../log";
import { connectChain, type ChainOptions } from "./chain-options";
import { reportError, reportOk, type ExitCode, type Io } from "./output";

/*
 * `tdl verify result`: the developer proves what it received and a supervisor checks what left (去向可查,
 * Art. 24, R17). The answer's canonical digest (server/data/result-digest.ts) must be the digest the
 * receipt's log entry holds, and the receipt must be signed by the node's log key: pinned with
 * --verifier-key, or the key the chain registers for that log (--rpc).
 */

export interface ResultArgs extends ChainOptions {
  verifierKey?: string;
  json?: boolean;
}

async function readJson(file: string, what: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `cannot read the ${what} ${file} as JSON`, { cause });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TdlError("MALFORMED_INPUT", `the ${what} ${file} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** The answer's columns and rows, as `tdl query --out answer.json` writes them. */
function answerOf(value: Record<string, unknown>, file: string): { columns: string[]; rows: SqlValue[][] } {
  const { columns, rows } = value;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === "string") || !Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw new TdlError("MALFORMED_INPUT", `${file} holds no answer: expected "columns" (text) and "rows" (arrays), as tdl query --out answer.json writes`);
  }
  return { columns, rows: rows as SqlValue[][] };
}

async function keyFor(args: ResultArgs, origin: string, size: number): Promise<{ key: string; from: string }> {
  if (args.verifierKey !== undefined) return { key: args.verifierKey, from: "the pinned key" };
  const client = await connectChain(args);
  if (client === undefined) {
    throw new TdlError("MALFORMED_INPUT", "give the node's log key with --verifier-key, or check it against the chain with --rpc / 请用 --verifier-key 指定节点日志公钥，或用 --rpc 对照链上登记");
  }
  try {
    const found = await chainLogKey(await client.accessLogAnchor(), origin, size);
    return { key: found.verifierKey, from: `the chain's key ${found.keyIndex} of log ${found.logId}` };
  } finally {
    client.close();
  }
}

export async function verifyResultCommand(io: Io, resultFile: string, receiptFile: string | undefined, args: ResultArgs): Promise<ExitCode> {
  const json = args.json === true;
  try {
    const result = await readJson(resultFile, "result");
    const receipt = receiptFile === undefined ? result.receipt : await readJson(receiptFile, "receipt");
    if (receipt === undefined) throw new TdlError("MALFORMED_INPUT", `${resultFile} carries no receipt: give the receipt file as the second argument`);
    const { columns, rows } = answerOf(result, resultFile);
    const digest = resultDigest(columns, rows);
    const claimed = receipt as { origin?: unknown; checkpointSizeToCome?: unknown };
    const { key, from } = await keyFor(args, String(claimed.origin), Number(claimed.checkpointSizeToCome));
    const verified = verifyReceipt(receipt, key, hasher);
    const logged = verified.entry.query?.resultDigest;
    if (logged === undefined) throw new TdlError("RECEIPT_MISMATCH", `log entry ${verified.index} is not a query: it records no result digest`);
    if (logged !== digest) {
      throw new TdlError("RECEIPT_MISMATCH", `the answer's digest ${digest} is not the one log entry ${verified.index} records (${logged ?? "nothing answered"}): the answer was changed or is another query's`, {
        details: { digest, logged, index: verified.index },
      });
    }
    const e = verified.entry;
    return reportOk(
      io,
      json,
      `the answer (${rows.length} rows, digest ${digest}) is what log entry ${verified.index} of ${verified.origin} records: ${e.operation} by organisation ${e.org} (key ${e.key}) under grant ${BigInt(e.grantId ?? 0)} at ${e.time}, reading resources ${e.resourceId}; receipt signed by ${from}. Once an anchor covers size ${verified.checkpointSizeToCome}: tdl receipt fetch ${verified.index}, then tdl verify bundle`,
      { index: verified.index, origin: verified.origin, resultDigest: digest, rows: rows.length, entry: e, signedBy: verified.signedBy, keyFrom: from },
    );
  } catch (error) {
    return reportError(io, json, error);
  }
}

import { ErrorFragment, Interface, type InterfaceAbi } from "ethers";
import * as contractFactories from "../../typechain-types/factories/contracts";
import { TdlError } from "../errors";
import { REVERT_TEXTS, type RevertArgs } from "./revert-sentences";

/*
 * Turns whatever a JSON-RPC call threw into a TdlError: a contract revert becomes CHAIN_REVERT with
 * "<ErrorName>(arg=value, ...)" decoded from the ABIs of all our contracts, plus a sentence a person
 * can act on where the table below has one; a connection failure becomes CHAIN_UNAVAILABLE.
 */

export type { RevertArgs } from "./revert-sentences";

/**
 * Plain-English sentences for custom errors, keyed by error name: the English half of REVERT_TEXTS
 * (revert-sentences.ts), which holds an English and a Chinese sentence for every error of every contract.
 */
export const REVERT_SENTENCES: Readonly<Record<string, (args: RevertArgs) => string>> = Object.fromEntries(
  Object.entries(REVERT_TEXTS).map(([name, text]) => [name, text.en]),
);

function collectAbis(module: unknown, into: InterfaceAbi[], seen = new Set<unknown>()): InterfaceAbi[] {
  if (module === null || (typeof module !== "object" && typeof module !== "function") || seen.has(module)) return into;
  seen.add(module);
  const abi = (module as { abi?: unknown }).abi;
  if (typeof module === "function" && Array.isArray(abi)) {
    into.push(abi as InterfaceAbi);
    return into;
  }
  if (typeof module === "object") for (const value of Object.values(module)) collectAbis(value, into, seen);
  return into;
}

/** One interface holding every custom error of every contract TypeChain generated for us. */
function buildErrorInterface(): Interface {
  const bySelector = new Map<string, ErrorFragment>();
  for (const abi of collectAbis(contractFactories, [])) {
    for (const fragment of new Interface(abi).fragments) {
      if (fragment instanceof ErrorFragment && !bySelector.has(fragment.selector)) bySelector.set(fragment.selector, fragment);
    }
  }
  return new Interface([...bySelector.values()]);
}

let errorInterface: Interface | undefined;
/** Built on first use: a pure function of the generated ABIs, so caching it shares no state. */
function ourErrors(): Interface {
  errorInterface ??= buildErrorInterface();
  return errorInterface;
}

function formatValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return /^0x/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}

export interface DecodedRevert {
  readonly name: string;
  readonly args: RevertArgs;
  /** "<ErrorName>(arg=value, ...)" */
  readonly signature: string;
  readonly sentence?: string;
  /** The same sentence in Chinese. */
  readonly sentenceZh?: string;
}

/** Decodes revert data (selector + ABI-encoded args) against our contracts' errors. */
export function decodeRevertData(data: string): DecodedRevert | undefined {
  if (!/^0x[0-9a-fA-F]{8}/.test(data)) return undefined;
  let parsed;
  try {
    parsed = ourErrors().parseError(data);
  } catch {
    return undefined;
  }
  if (parsed === null) return undefined;
  const args: Record<string, unknown> = {};
  const parts = parsed.fragment.inputs.map((input, i) => {
    const value = parsed.args[i];
    args[input.name || String(i)] = value;
    return input.name ? `${input.name}=${formatValue(value)}` : formatValue(value);
  });
  const signature = `${parsed.name}(${parts.join(", ")})`;
  const text = REVERT_TEXTS[parsed.name];
  return { name: parsed.name, args, signature, sentence: text?.en(args), sentenceZh: text?.zh(args) };
}

/** Revert data hidden somewhere in an ethers / provider / Hardhat error. */
function findRevertData(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || error === null || typeof error !== "object") return undefined;
  const record = error as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) return data;
  for (const key of ["data", "error", "info", "cause"]) {
    const found = findRevertData(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EPIPE",
  "UND_ERR_SOCKET",
  "NETWORK_ERROR",
  "TIMEOUT",
  "SERVER_ERROR",
]);

function isUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 6 || error === null || typeof error !== "object") return false;
  const record = error as Record<string, unknown>;
  if (typeof record.code === "string" && UNAVAILABLE_CODES.has(record.code)) return true;
  if (typeof record.message === "string" && /fetch failed|socket hang up|ECONNREFUSED|failed to detect network/.test(record.message)) return true;
  return ["error", "info", "cause"].some((key) => isUnavailable(record[key], depth + 1));
}

/**
 * The TdlError for anything a chain call threw: TdlErrors pass through; reverts decode to
 * CHAIN_REVERT (details: name, args, sentence); connection failures are CHAIN_UNAVAILABLE; a revert
 * with data we cannot decode is CHAIN_REVERT with the raw data; anything else CHAIN_UNAVAILABLE.
 */
export function chainError(error: unknown, action = "the chain call"): TdlError {
  if (error instanceof TdlError) return error;
  const data = findRevertData(error);
  if (data !== undefined) {
    const decoded = decodeRevertData(data);
    if (decoded !== undefined) {
      const message = decoded.sentence ? `${decoded.signature}: ${decoded.sentence}` : decoded.signature;
      return new TdlError("CHAIN_REVERT", message, {
        cause: error,
        details: { error: decoded.name, args: stringifyArgs(decoded.args), sentence: decoded.sentence, sentenceZh: decoded.sentenceZh },
      });
    }
    return new TdlError("CHAIN_REVERT", `${action} reverted with unknown data ${data.slice(0, 74)}`, { cause: error });
  }
  const record = (error ?? {}) as Record<string, unknown>;
  const text = typeof record.shortMessage === "string" ? record.shortMessage : error instanceof Error ? error.message : String(error);
  if (!isUnavailable(error) && record.code === "CALL_EXCEPTION") {
    return new TdlError("CHAIN_REVERT", `${action} reverted: ${text}`, { cause: error });
  }
  return new TdlError("CHAIN_UNAVAILABLE", `${action} failed: ${text.split("\n")[0]}`, { cause: error });
}

function stringifyArgs(args: RevertArgs): Record<string, string> {
  return Object.fromEntries(Object.entries(args).map(([name, value]) => [name, formatValue(value)]));
}

/** Runs a chain call, rethrowing its failure as a TdlError (see chainError). */
export async function onChain<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw chainError(error, action);
  }
}

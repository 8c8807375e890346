import { ErrorFragment, Interface, type InterfaceAbi } from "ethers";
import * as contractFactories from "../../typechain-types/factories/contracts";
import { TdlError } from "../errors";

/*
 * Turns whatever a JSON-RPC call threw into a TdlError: a contract revert becomes CHAIN_REVERT with
 * "<ErrorName>(arg=value, ...)" decoded from the ABIs of all our contracts, plus a sentence a person
 * can act on where the table below has one; a connection failure becomes CHAIN_UNAVAILABLE.
 */

/** The decoded arguments of a custom error, by name (and position). */
export type RevertArgs = Readonly<Record<string, unknown>>;

/**
 * Plain-English sentences for custom errors, keyed by error name. Others extend this table as
 * their contracts' errors need explaining; an error without a sentence still decodes.
 */
export const REVERT_SENTENCES: Readonly<Record<string, (args: RevertArgs) => string>> = {
  // AccessLogAnchor
  AnchorLogUnknown: (a) => `No access log is registered with id ${a.logId}.`,
  AnchorOriginEmpty: () => "A log origin must not be empty.",
  AnchorOriginTaken: (a) => `The origin "${a.origin}" is already registered as log ${a.logId}.`,
  AnchorKeyNotOfNode: (a) =>
    Number(a.keyOrg) === 0
      ? `Key ${a.key} is not a staff key of any organisation, so it cannot anchor for organisation ${a.nodeOrg}.`
      : `Key ${a.key} acts for organisation ${a.keyOrg}, not for the node's organisation ${a.nodeOrg}.`,
  AnchorKeyUnauthorized: (a) => `Key ${a.key} is not the anchoring key of log ${a.logId}; the bureau registers or rotates that key.`,
  AnchorLogRetired: (a) => `Log ${a.logId} is retired and takes no more anchors.`,
  AnchorSizeNotGrowing: (a) =>
    `Log ${a.logId} is already anchored at size ${a.lastSize}; a new anchor must be larger than that, not ${a.newSize}.`,
  AnchorRootZero: (a) => `The zero hash is not a tree root (log ${a.logId}).`,
  AnchorInconsistent: (a) =>
    `The consistency proof does not show the tree of ${a.newSize} entries extending the anchored tree of ${a.lastSize} entries of log ${a.logId}: the log was rewritten, or the proof is wrong.`,
  AnchorSizeNotAnchored: (a) => `Log ${a.logId} has no root anchored at size ${a.size}.`,
  // RFC6962
  RFC6962IndexOutOfRange: (a) => `Entry index ${a.index} is not below the tree size ${a.size}.`,
  RFC6962ProofLengthInvalid: (a) => `The proof has ${a.length} hashes; these sizes need ${a.expected}.`,
  RFC6962SizesDecreasing: (a) => `Tree size ${a.size2} is smaller than ${a.size1}: a log never shrinks.`,
  // shared by every registry
  UnknownKey: (a) => `Key ${a.key} is not a staff key of any organisation.`,
  OrganizationNotActive: (a) => `Organisation ${a.org} is not active.`,
  WrongOrganizationKind: (a) => `Organisation ${a.org} is not of the kind this action needs.`,
};

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
  const sentence = REVERT_SENTENCES[parsed.name]?.(args);
  return { name: parsed.name, args, signature, sentence };
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
        details: { error: decoded.name, args: stringifyArgs(decoded.args), sentence: decoded.sentence },
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

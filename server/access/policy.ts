import { getAddress } from "ethers";
import { TdlError } from "../errors";
import { createReadCache, type ReadCacheStats } from "./cache";
import { createDecisionInputReader, type DecisionInputs } from "./decision-inputs";
import type { ChainEvents, GrantReader } from "./reader";
import { denialCode, explain, type ReasonCode, type ReasonContext } from "./reasons";
import { createAccessRules, type AccessRules, type AccessRulesConfig } from "./rules";

/**
 * The policy decision point: may this staff key perform this operation on these fields of this
 * resource under this grant and scenario, now? The chain's grant check (GrantRegistry.checkAccess)
 * says whether the grant is live and covers the resource and fields; the gateway's rules add raw-export
 * refusal (R1), scenario matching (R12) and the operations a grant's purpose covers (R15, R16).
 *
 * Chain reads (decision-inputs.ts) are cached (see cache.ts) and never served older than
 * `maxStalenessMs`. When the chain cannot answer and nothing current is cached, `decide` throws CHAIN_UNAVAILABLE: it never allows on
 * stale or missing data.
 */

export interface AccessRequest {
  /** The acting staff key (0x address). */
  readonly key: string;
  /** The key's organisation, from the session. */
  readonly org: number;
  /** "query", "compute", "download", "export", or anything else (refused as unknown). */
  readonly operation: string;
  readonly grantId: number;
  /** The scenario the request claims, bytes32 0x hex. */
  readonly scenario: string;
  readonly resourceId: number;
  /** Bit mask of the resource's fields. */
  readonly fields: bigint;
  /** SHA-256 of the request, 64 hex digits (0x optional). */
  readonly requestDigest: string;
}

export interface Decision {
  readonly allowed: boolean;
  readonly reason: ReasonCode;
  readonly message: string;
  readonly messageZh: string;
  /** Local clock, ms. */
  readonly checkedAt: number;
  /** The chain time (Unix seconds) the grant was checked at; null when a rule refused before the chain was read. */
  readonly chainTime: number | null;
  /** The chain's AccessDenial number when the chain was asked; null otherwise. */
  readonly denial: number | null;
  /** Whether every chain input came from the cache. */
  readonly cached: boolean;
  /** What the chain said of the grant and resource, when read (for the log, receipts and the risk monitor). */
  readonly grant?: { readonly grantee: number; readonly purpose: number; readonly scenario: string; readonly start: number; readonly end: number };
  readonly classification?: number;
}

export interface AccessPolicyOptions {
  readonly reader: GrantReader;
  /** Ledger events: each batch invalidates what it changed and confirms the rest. Without it, entries live maxStalenessMs. */
  readonly events?: ChainEvents;
  readonly clock?: { now(): number };
  /** How old a chain answer may be when used (default 5000 ms). */
  readonly maxStalenessMs?: number;
  readonly rules?: AccessRulesConfig;
  /** A chain read slower than this fails (default 2000 ms, at most maxStalenessMs). */
  readonly readTimeoutMs?: number;
  readonly maxCacheEntries?: number;
}

export interface AccessPolicyStatus extends ReadCacheStats {
  readonly maxStalenessMs: number;
  /** Whether a chain answer newer than the bound is at hand. */
  readonly chainFresh: boolean;
}

export interface AccessPolicy {
  decide(request: AccessRequest): Promise<Decision>;
  status(): AccessPolicyStatus;
  readonly rules: AccessRules;
  /** Stops listening to chain events. */
  close(): void;
}

const UINT32_MAX = 2 ** 32 - 1;
const UINT256_MAX = (1n << 256n) - 1n;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const DIGEST = /^(0x)?[0-9a-fA-F]{64}$/;

function malformed(field: string, detail: string): TdlError {
  return new TdlError("MALFORMED_INPUT", `access request: ${field} ${detail}`, { details: { field } });
}

/** The checksummed form of a key; MALFORMED_INPUT when it is not an address. */
function checksumOf(key: unknown): string {
  if (typeof key !== "string") throw malformed("key", "is not an address");
  try {
    return getAddress(key);
  } catch {
    throw malformed("key", "is not an address");
  }
}

/** checksumOf, remembering what it saw: a keccak in JS costs ~0.1 ms and a node has few staff keys. */
function createChecksumMemo(max = 10_000): (key: unknown) => string {
  const seen = new Map<unknown, string>();
  return (key) => {
    const known = seen.get(key);
    if (known !== undefined) return known;
    const address = checksumOf(key);
    if (seen.size >= max) seen.clear();
    seen.set(key, address);
    return address;
  };
}

/** The request with its key checksummed and scenario lowercased; refuses anything malformed. */
export function checkRequest(request: AccessRequest, checksum: (key: unknown) => string = checksumOf): AccessRequest {
  const key = checksum(request.key);
  const uint = (name: keyof AccessRequest, value: unknown, max: number) => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) throw malformed(name, `must be an integer 0..${max}`);
  };
  uint("org", request.org, UINT32_MAX);
  uint("grantId", request.grantId, UINT32_MAX);
  uint("resourceId", request.resourceId, UINT32_MAX);
  if (typeof request.operation !== "string" || request.operation.length === 0 || request.operation.length > 64) {
    throw malformed("operation", "must be a short string");
  }
  if (typeof request.scenario !== "string" || !BYTES32.test(request.scenario)) throw malformed("scenario", "must be bytes32 hex");
  if (typeof request.fields !== "bigint" || request.fields < 0n || request.fields > UINT256_MAX) throw malformed("fields", "must be a 256-bit mask");
  if (typeof request.requestDigest !== "string" || !DIGEST.test(request.requestDigest)) throw malformed("requestDigest", "must be 64 hex digits");
  return { ...request, key, scenario: request.scenario.toLowerCase() };
}

function decision(code: ReasonCode, context: ReasonContext, extra: Omit<Decision, "allowed" | "reason" | "message" | "messageZh">): Decision {
  return { allowed: code === "ALLOWED", reason: code, ...explain(code, context), ...extra };
}

/** Rules that need no chain: refusing is always safe, and the refusal is still recorded by the caller. Undefined when they pass. */
function refusalWithoutChain(rules: AccessRules, request: AccessRequest, checkedAt: number): Decision | undefined {
  if (rules.isKnown(request.operation) && !rules.isRawExport(request.operation)) return undefined;
  const code = rules.isKnown(request.operation) ? "RAW_EXPORT_REFUSED" : "UNKNOWN_OPERATION";
  const context = { grantId: request.grantId, resourceId: request.resourceId, operation: request.operation };
  return decision(code, context, { checkedAt, chainTime: null, denial: null, cached: true });
}

/** The decision on the chain's inputs read at chain time `at`: the chain's check first, then the gateway's own rules. */
function decideOn(rules: AccessRules, request: AccessRequest, checkedAt: number, at: number, inputs: DecisionInputs): Decision {
  const { grant, resource } = inputs;
  const denial = inputs.access.denial;
  const base: ReasonContext = { grantId: request.grantId, resourceId: request.resourceId, operation: request.operation, sessionOrg: request.org };
  const extra = {
    checkedAt,
    chainTime: at,
    denial,
    cached: inputs.cached,
    classification: resource.classification,
    ...(grant === null
      ? {}
      : { grant: { grantee: grant.grantee, purpose: grant.purpose, scenario: grant.scenario, start: grant.start, end: grant.end } }),
  };
  if (grant === null) return decision("UNKNOWN_GRANT", base, extra);
  const purpose = rules.purposeLabel(grant.purpose);
  const context: ReasonContext = {
    ...base,
    grantStart: grant.start,
    grantEnd: grant.end,
    grantee: grant.grantee,
    purpose: purpose.en,
    purposeZh: purpose.zh,
    denial,
  };
  if (denial !== 0) return decision(denialCode(denial), context, extra);
  // The chain said yes at `at`; the gateway's own rules may still say no.
  if (request.scenario !== grant.scenario.toLowerCase()) return decision("SCENARIO_MISMATCH", context, extra);
  if (!rules.covers(grant.purpose, request.operation)) return decision("OPERATION_NOT_COVERED", context, extra);
  if (request.org !== grant.grantee) return decision("KEY_NOT_OF_GRANTEE", context, extra);
  return decision("ALLOWED", context, extra);
}

/** The clock and time bounds of the options, with their defaults; CONFIG_INVALID for a bound that is not positive. */
function timingOf(options: AccessPolicyOptions): { now: () => number; maxStalenessMs: number; readTimeoutMs: number } {
  const clock = options.clock ?? { now: () => Date.now() };
  const maxStalenessMs = options.maxStalenessMs ?? 5000;
  if (!(maxStalenessMs > 0)) throw new TdlError("CONFIG_INVALID", `maxStalenessMs must be positive, got ${maxStalenessMs}`);
  return { now: () => clock.now(), maxStalenessMs, readTimeoutMs: Math.min(options.readTimeoutMs ?? 2000, maxStalenessMs) };
}

export function createAccessPolicy(options: AccessPolicyOptions): AccessPolicy {
  const { now, maxStalenessMs, readTimeoutMs } = timingOf(options);
  const rules = createAccessRules(options.rules);
  const cache = createReadCache({ now, maxStalenessMs, maxEntries: options.maxCacheEntries ?? 50_000 });
  const unsubscribe = options.events?.onEvents((batch) => cache.applyBatch(batch));
  const chain = createDecisionInputReader({ reader: options.reader, cache, now, maxStalenessMs, readTimeoutMs });
  const checksum = createChecksumMemo();

  async function decide(input: AccessRequest): Promise<Decision> {
    const request = checkRequest(input, checksum);
    const checkedAt = now();
    const refusal = refusalWithoutChain(rules, request, checkedAt);
    if (refusal !== undefined) return refusal;
    if (chain.headIsFresh()) {
      const at = chain.chainTime();
      const inputs = chain.cachedInputs(request, at);
      if (inputs !== undefined) return decideOn(rules, request, checkedAt, at, inputs);
    }
    await chain.freshHead();
    const at = chain.chainTime();
    return decideOn(rules, request, checkedAt, at, await chain.readInputs(request, at));
  }

  return {
    decide,
    rules,
    status() {
      const stats = cache.stats();
      return { ...stats, maxStalenessMs, chainFresh: chain.headIsFresh() };
    },
    close() {
      unsubscribe?.();
    },
  };
}

import { getAddress } from "ethers";
import { TdlError } from "../errors";
import { createReadCache, type ReadCacheStats } from "./cache";
import type { ChainEvents, GrantInfo, GrantReader, ResourceInfo } from "./reader";
import { denialCode, explain, type ReasonCode, type ReasonContext } from "./reasons";
import { createAccessRules, type AccessRules, type AccessRulesConfig } from "./rules";

/**
 * The policy decision point: may this staff key perform this operation on these fields of this
 * resource under this grant and scenario, now? The chain's grant check (GrantRegistry.checkAccess)
 * says whether the grant is live and covers the resource and fields; the gateway's rules add raw-export
 * refusal (R1), scenario matching (R12) and the operations a grant's purpose covers (R15, R16).
 *
 * Chain reads are cached (see cache.ts) and never served older than `maxStalenessMs`. When the chain
 * cannot answer and nothing current is cached, `decide` throws CHAIN_UNAVAILABLE: it never allows on
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

/** A checkAccess answer with the term it depended on. */
interface AccessAnswer {
  readonly denial: number;
  readonly start?: number;
  readonly end?: number;
}

/** An answer that depends on the term must not outlive the term's boundary. */
function termLimit(answer: AccessAnswer): number | undefined {
  if (answer.denial === 0) return answer.end;
  if (answer.denial === 3 /* GrantNotYetValid */ && answer.start !== undefined) return answer.start - 1;
  return undefined;
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

export function createAccessPolicy(options: AccessPolicyOptions): AccessPolicy {
  const { reader, events } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const now = () => clock.now();
  const maxStalenessMs = options.maxStalenessMs ?? 5000;
  if (!(maxStalenessMs > 0)) throw new TdlError("CONFIG_INVALID", `maxStalenessMs must be positive, got ${maxStalenessMs}`);
  const readTimeoutMs = Math.min(options.readTimeoutMs ?? 2000, maxStalenessMs);
  const rules = createAccessRules(options.rules);
  const cache = createReadCache({ now, maxStalenessMs, maxEntries: options.maxCacheEntries ?? 50_000 });
  const unsubscribe = events?.onEvents((batch) => cache.applyBatch(batch));

  /** Any failure of a chain read, as the one error the HTTP layer maps to 503. */
  function unavailable(what: string, cause: unknown): TdlError {
    if (cause instanceof TdlError && cause.code === "CHAIN_UNAVAILABLE") return cause;
    const last = cache.lastContact();
    const since = last === null ? "never reached" : `last reached ${Math.max(0, now() - last)} ms ago`;
    return new TdlError("CHAIN_UNAVAILABLE", `cannot decide: ${what} failed and the chain was ${since} (bound ${maxStalenessMs} ms)`, {
      cause,
      details: { lastChainContact: last, maxStalenessMs },
    });
  }

  function timed<T>(what: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${readTimeoutMs} ms`)), readTimeoutMs);
    });
    return Promise.race([call(), timeout])
      .catch((error: unknown) => {
        throw unavailable(what, error);
      })
      .finally(() => clearTimeout(timer));
  }

  let headRead: Promise<void> | undefined;
  /** Makes sure a head read within the bound is at hand; throws CHAIN_UNAVAILABLE otherwise. */
  async function freshHead(): Promise<void> {
    if (headIsFresh()) return;
    headRead ??= (async () => {
      const observedAt = now();
      try {
        cache.recordHead(await timed("reading the latest block", () => reader.latestBlock()), observedAt);
      } finally {
        headRead = undefined;
      }
    })();
    await headRead;
  }

  /**
   * The time the grant is checked at: the chain's clock (latest block, run forward by the local time
   * since it was seen) or the local clock, whichever is later: an idle chain mines no blocks, and a
   * later time only errs toward expiry.
   */
  function chainTime(): number {
    const head = cache.head();
    const local = Math.floor(now() / 1000);
    if (head === undefined) return local;
    return Math.max(local, head.timestamp + Math.floor(Math.max(0, now() - head.observedAt) / 1000));
  }

  async function cached<T>(key: string, at: number, what: string, load: () => Promise<T>, validThrough?: (value: T) => number | undefined) {
    const hit = cache.get<T>(key, at);
    if (hit !== undefined) return { value: hit.value, cached: true };
    return { value: await cache.load(key, () => timed(what, load), validThrough), cached: false };
  }

  function decision(code: ReasonCode, context: ReasonContext, extra: Omit<Decision, "allowed" | "reason" | "message" | "messageZh">): Decision {
    return { allowed: code === "ALLOWED", reason: code, ...explain(code, context), ...extra };
  }

  const checksum = createChecksumMemo();

  /** The three chain inputs of a decision, with whether each came from the cache. */
  interface Inputs {
    readonly grant: GrantInfo | null;
    readonly resource: ResourceInfo;
    readonly access: AccessAnswer;
    readonly cached: boolean;
  }

  const grantKey = (r: AccessRequest) => `grant|${r.grantId}`;
  const resourceKey = (r: AccessRequest) => `resource|${r.resourceId}`;
  const accessKey = (r: AccessRequest) => `access|${r.key.toLowerCase()}|${r.grantId}|${r.resourceId}|${r.fields.toString(16)}`;

  /** All three from the cache, synchronously, or undefined: the path almost every decision takes. */
  function cachedInputs(request: AccessRequest, at: number): Inputs | undefined {
    const access = cache.get<AccessAnswer>(accessKey(request), at);
    if (access === undefined) return undefined;
    const grant = cache.get<GrantInfo | null>(grantKey(request), at);
    if (grant === undefined) return undefined;
    const resource = cache.get<ResourceInfo>(resourceKey(request), at);
    if (resource === undefined) return undefined;
    return { grant: grant.value, resource: resource.value, access: access.value, cached: true };
  }

  async function readInputs(request: AccessRequest, at: number): Promise<Inputs> {
    const grantRead = cached<GrantInfo | null>(grantKey(request), at, `reading grant ${request.grantId}`, () => reader.grantInfo(request.grantId));
    const resourceRead = cached<ResourceInfo>(resourceKey(request), at, `reading resource ${request.resourceId}`, () =>
      reader.resourceInfo(request.resourceId),
    );
    const accessRead = cached<AccessAnswer>(
      accessKey(request),
      at,
      `checking access under grant ${request.grantId}`,
      async () => {
        const [denial, grant] = await Promise.all([
          reader.checkAccess({ key: request.key, grantId: request.grantId, resourceId: request.resourceId, fields: request.fields, at }),
          grantRead,
        ]);
        return { denial, start: grant.value?.start, end: grant.value?.end };
      },
      termLimit,
    );
    const [grant, resource, access] = await Promise.all([grantRead, resourceRead, accessRead]);
    return { grant: grant.value, resource: resource.value, access: access.value, cached: grant.cached && resource.cached && access.cached };
  }

  function headIsFresh(): boolean {
    const head = cache.head();
    return head !== undefined && now() - head.observedAt <= maxStalenessMs;
  }

  function decideOn(request: AccessRequest, checkedAt: number, at: number, inputs: Inputs): Decision {
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

  async function decide(input: AccessRequest): Promise<Decision> {
    const request = checkRequest(input, checksum);
    const checkedAt = now();

    // Rules that need no chain: refusing is always safe, and the refusal is still recorded by the caller.
    if (!rules.isKnown(request.operation) || rules.isRawExport(request.operation)) {
      const code = rules.isKnown(request.operation) ? "RAW_EXPORT_REFUSED" : "UNKNOWN_OPERATION";
      const context = { grantId: request.grantId, resourceId: request.resourceId, operation: request.operation };
      return decision(code, context, { checkedAt, chainTime: null, denial: null, cached: true });
    }

    if (headIsFresh()) {
      const at = chainTime();
      const inputs = cachedInputs(request, at);
      if (inputs !== undefined) return decideOn(request, checkedAt, at, inputs);
    }
    await freshHead();
    const at = chainTime();
    return decideOn(request, checkedAt, at, await readInputs(request, at));
  }

  return {
    decide,
    rules,
    status() {
      const stats = cache.stats();
      return { ...stats, maxStalenessMs, chainFresh: headIsFresh() };
    },
    close() {
      unsubscribe?.();
    },
  };
}

import { TdlError } from "../errors";
import type { ReadCache } from "./cache";
import type { AccessQuery, GrantInfo, GrantReader, ResourceInfo } from "./reader";

/**
 * What a decision reads from the chain, through the read cache (cache.ts): the head (for the chain's
 * clock), the grant, the resource and the GrantRegistry.checkAccess answer. Every read has a timeout;
 * any failure is CHAIN_UNAVAILABLE, naming the last contact, so a decision never falls back on stale
 * or missing data.
 */

/** What of an access request its chain inputs depend on (the key checksummed). */
type InputsRequest = Omit<AccessQuery, "at">;

/** A checkAccess answer with the term it depended on. */
export interface AccessAnswer {
  readonly denial: number;
  readonly start?: number;
  readonly end?: number;
}

/** The three chain inputs of a decision, with whether each came from the cache. */
export interface DecisionInputs {
  readonly grant: GrantInfo | null;
  readonly resource: ResourceInfo;
  readonly access: AccessAnswer;
  readonly cached: boolean;
}

export interface DecisionInputsOptions {
  readonly reader: GrantReader;
  readonly cache: ReadCache;
  readonly now: () => number;
  readonly maxStalenessMs: number;
  /** A chain read slower than this fails. */
  readonly readTimeoutMs: number;
}

export interface DecisionInputReader {
  /** Whether a head read within the bound is at hand. */
  headIsFresh(): boolean;
  /** Makes sure a head read within the bound is at hand; throws CHAIN_UNAVAILABLE otherwise. */
  freshHead(): Promise<void>;
  /** The chain time (Unix seconds) a grant is checked at now. */
  chainTime(): number;
  /** All three from the cache, synchronously, or undefined: the path almost every decision takes. */
  cachedInputs(request: InputsRequest, at: number): DecisionInputs | undefined;
  /** All three, from the cache where current, from the chain otherwise. */
  readInputs(request: InputsRequest, at: number): Promise<DecisionInputs>;
}

/** An answer that depends on the term must not outlive the term's boundary. */
function termLimit(answer: AccessAnswer): number | undefined {
  if (answer.denial === 0) return answer.end;
  if (answer.denial === 3 /* GrantNotYetValid */ && answer.start !== undefined) return answer.start - 1;
  return undefined;
}

const grantKey = (r: InputsRequest) => `grant|${r.grantId}`;
const resourceKey = (r: InputsRequest) => `resource|${r.resourceId}`;
const accessKey = (r: InputsRequest) => `access|${r.key.toLowerCase()}|${r.grantId}|${r.resourceId}|${r.fields.toString(16)}`;

/** Any failure of a chain read, as the one error the HTTP layer maps to 503. */
function unavailable(options: DecisionInputsOptions, what: string, cause: unknown): TdlError {
  if (cause instanceof TdlError && cause.code === "CHAIN_UNAVAILABLE") return cause;
  const last = options.cache.lastContact();
  const since = last === null ? "never reached" : `last reached ${Math.max(0, options.now() - last)} ms ago`;
  return new TdlError("CHAIN_UNAVAILABLE", `cannot decide: ${what} failed and the chain was ${since} (bound ${options.maxStalenessMs} ms)`, {
    cause,
    details: { lastChainContact: last, maxStalenessMs: options.maxStalenessMs },
  });
}

/** `call`, failing as CHAIN_UNAVAILABLE when it fails or takes longer than the read timeout. */
function timed<T>(options: DecisionInputsOptions, what: string, call: () => Promise<T>): Promise<T> {
  const { readTimeoutMs } = options;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${readTimeoutMs} ms`)), readTimeoutMs);
  });
  return Promise.race([call(), timeout])
    .catch((error: unknown) => {
      throw unavailable(options, what, error);
    })
    .finally(() => clearTimeout(timer));
}

/** The cached value of `key` current at chain time `at`, or one loaded (timed) and cached. */
async function cached<T>(options: DecisionInputsOptions, key: string, at: number, what: string, load: () => Promise<T>, validThrough?: (value: T) => number | undefined) {
  const hit = options.cache.get<T>(key, at);
  if (hit !== undefined) return { value: hit.value, cached: true };
  return { value: await options.cache.load(key, () => timed(options, what, load), validThrough), cached: false };
}

/** See DecisionInputReader.cachedInputs. */
function cachedInputs(cache: ReadCache, request: InputsRequest, at: number): DecisionInputs | undefined {
  const access = cache.get<AccessAnswer>(accessKey(request), at);
  if (access === undefined) return undefined;
  const grant = cache.get<GrantInfo | null>(grantKey(request), at);
  if (grant === undefined) return undefined;
  const resource = cache.get<ResourceInfo>(resourceKey(request), at);
  if (resource === undefined) return undefined;
  return { grant: grant.value, resource: resource.value, access: access.value, cached: true };
}

/** See DecisionInputReader.readInputs. */
async function readInputs(options: DecisionInputsOptions, request: InputsRequest, at: number): Promise<DecisionInputs> {
  const { reader } = options;
  const grantRead = cached<GrantInfo | null>(options, grantKey(request), at, `reading grant ${request.grantId}`, () => reader.grantInfo(request.grantId));
  const resourceRead = cached<ResourceInfo>(options, resourceKey(request), at, `reading resource ${request.resourceId}`, () =>
    reader.resourceInfo(request.resourceId),
  );
  const accessRead = cached<AccessAnswer>(
    options,
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

/**
 * The time the grant is checked at: the chain's clock (latest block, run forward by the local time
 * since it was first seen) or the local clock, whichever is later: an idle chain mines no blocks, and a
 * later time only errs toward expiry.
 */
function chainTime(cache: ReadCache, now: () => number): number {
  const head = cache.head();
  const local = Math.floor(now() / 1000);
  if (head === undefined) return local;
  return Math.max(local, head.timestamp + Math.floor(Math.max(0, now() - head.firstSeenAt) / 1000));
}

export function createDecisionInputReader(options: DecisionInputsOptions): DecisionInputReader {
  const { reader, cache, now, maxStalenessMs } = options;

  function headIsFresh(): boolean {
    const head = cache.head();
    return head !== undefined && now() - head.observedAt <= maxStalenessMs;
  }

  let headRead: Promise<void> | undefined;
  async function freshHead(): Promise<void> {
    if (headIsFresh()) return;
    headRead ??= (async () => {
      const observedAt = now();
      try {
        cache.recordHead(await timed(options, "reading the latest block", () => reader.latestBlock()), observedAt);
      } finally {
        headRead = undefined;
      }
    })();
    await headRead;
  }

  return {
    headIsFresh,
    freshHead,
    chainTime: () => chainTime(cache, now),
    cachedInputs: (request, at) => cachedInputs(cache, request, at),
    readInputs: (request, at) => readInputs(options, request, at),
  };
}

import type { Request, RequestHandler, Response } from "express";
import { ipKeyGenerator } from "express-rate-limit";
import { TdlError } from "../errors";

/*
 * Abuse limits (fixed windows in memory). The node counts access decisions per staff key and per
 * organisation (a batch costs one per request in it), nonce requests and sign-in attempts per client
 * (its IP address; IPv6 by /56, so one host cannot dodge the limit by walking its prefix) and sign-in
 * attempts per address named. Past a limit the request is refused with RATE_LIMITED (429, Retry-After)
 * before anything is recorded, and the refusal is counted by the limit's name (/metrics).
 */

export interface LimitRule {
  /** What one window admits. */
  readonly limit: number;
  /** Window length, ms. Default 60,000. */
  readonly windowMs?: number;
}

export interface NodeLimits {
  /** Access decisions per staff key. */
  readonly accessPerKey: LimitRule;
  /** Access decisions per organisation (all its keys together). */
  readonly accessPerOrg: LimitRule;
  /** GET /auth/nonce per client. */
  readonly noncePerClient: LimitRule;
  /** POST /auth/sign-in per client, good or bad. */
  readonly signInPerClient: LimitRule;
  /** POST /auth/sign-in per address the message names. */
  readonly signInPerAddress: LimitRule;
  /** Unused nonces one client may hold; its oldest go first, never another client's. */
  readonly outstandingNoncesPerClient: number;
}

/** On in every launcher (startNode, tdl node start, npm start); a node's config may change each. */
export const DEFAULT_LIMITS: NodeLimits = {
  accessPerKey: { limit: 600 },
  accessPerOrg: { limit: 3_000 },
  noncePerClient: { limit: 240 },
  signInPerClient: { limit: 120 },
  signInPerAddress: { limit: 30 },
  outstandingNoncesPerClient: 16,
};

const OPEN: LimitRule = { limit: Number.MAX_SAFE_INTEGER };
/** Limits no traffic reaches: for a benchmark rig or a test whose subject is something else; never a default. */
export const NO_LIMITS: NodeLimits = {
  accessPerKey: OPEN,
  accessPerOrg: OPEN,
  noncePerClient: OPEN,
  signInPerClient: OPEN,
  signInPerAddress: OPEN,
  outstandingNoncesPerClient: 100_000,
};

export interface Limiter {
  /** Counts `cost` against `key`; throws RATE_LIMITED (nothing counted) when the window cannot take it. */
  take(key: string, cost?: number): void;
}

export interface LimiterOptions {
  readonly clock?: { now(): number };
  /** Told of each refusal, by the limit's name. */
  readonly onRefused?: (name: string) => void;
}

function checkRule(name: string, rule: LimitRule): number {
  const windowMs = rule.windowMs ?? 60_000;
  if (!(Number.isInteger(rule.limit) && rule.limit > 0)) throw new TdlError("CONFIG_INVALID", `rate limit ${name}: limit must be a positive integer`);
  if (!(Number.isInteger(windowMs) && windowMs > 0)) throw new TdlError("CONFIG_INVALID", `rate limit ${name}: windowMs must be a positive integer`);
  return windowMs;
}

/** A fixed-window counter per key; expired windows are swept as the map grows. */
export function createLimiter(name: string, rule: LimitRule, options: LimiterOptions = {}): Limiter {
  const windowMs = checkRule(name, rule);
  const clock = options.clock ?? { now: () => Date.now() };
  const windows = new Map<string, { start: number; used: number }>();
  let sweepAt = 1024;
  return {
    take(key, cost = 1) {
      const now = clock.now();
      if (windows.size >= sweepAt) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
        sweepAt = Math.max(1024, windows.size * 2);
      }
      let window = windows.get(key);
      if (window === undefined || now - window.start >= windowMs) {
        window = { start: now, used: 0 };
        windows.set(key, window);
      }
      if (window.used + cost > rule.limit) {
        options.onRefused?.(name);
        const retryAfterSeconds = Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
        throw new TdlError("RATE_LIMITED", `too many ${name}: at most ${rule.limit} per ${windowMs / 1000} s; retry in ${retryAfterSeconds} s`, {
          details: { retryAfterSeconds, limit: name },
        });
      }
      window.used += cost;
    },
  };
}

/** The client a request comes from: its IP address, IPv6 by /56. */
export function clientOf(req: Request): string {
  return ipKeyGenerator(req.ip ?? "unknown");
}

interface WithSession {
  session?: { key?: unknown };
}

/** The session's key as the sign-in middleware leaves it, or undefined. */
export function sessionKeyOf(req: Request, res: Response): string | undefined {
  const fromLocals = (res.locals as WithSession).session?.key;
  if (typeof fromLocals === "string") return fromLocals;
  const fromRequest = (req as unknown as WithSession).session?.key;
  return typeof fromRequest === "string" ? fromRequest : undefined;
}

/** The key a request is counted under: "key:<address>" when signed in, else "ip:<address or /56 prefix>". */
export function rateLimitKey(req: Request, res: Response, keyOf = sessionKeyOf): string {
  const key = keyOf(req, res);
  return key !== undefined ? `key:${key.toLowerCase()}` : `ip:${clientOf(req)}`;
}

export interface RateLimitOptions extends LimitRule, LimiterOptions {
  /** The signed-in key of a request, if any. Default: `res.locals.session.key`, then `req.session.key`. */
  readonly keyOf?: (req: Request, res: Response) => string | undefined;
  /** A name for the limit, in messages and metrics. Default "requests". */
  readonly name?: string;
}

/** Middleware: one request costs one, counted per signed-in key, else per client. */
export function createRateLimit(options: RateLimitOptions): RequestHandler {
  const limiter = createLimiter(options.name ?? "requests", options, options);
  return (req, res, next) => {
    limiter.take(rateLimitKey(req, res, options.keyOf));
    next();
  };
}

/** The per-key and per-organisation limits of the gateway's routes (access, queries, product runs): what one request costs each. */
export type CallerLimits = Pick<NodeLimits, "accessPerKey" | "accessPerOrg"> & LimiterOptions;

/** Takes `cost` from the caller's key and organisation (RATE_LIMITED when either is spent); nothing without limits. */
export function callerAdmission(what: string, limits: CallerLimits | undefined): (caller: { key: string; org: number }, cost?: number) => void {
  if (limits === undefined) return () => undefined;
  const perKey = createLimiter(`${what} for one key`, limits.accessPerKey, limits);
  const perOrg = createLimiter(`${what} for one organisation`, limits.accessPerOrg, limits);
  return (caller, cost = 1) => {
    perKey.take(caller.key.toLowerCase(), cost);
    perOrg.take(String(caller.org), cost);
  };
}

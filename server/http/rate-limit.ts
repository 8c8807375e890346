import type { Request, RequestHandler, Response } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { TdlError } from "../errors";

/*
 * Per-key rate limits: a signed-in request counts against its staff key, any other against its IP
 * address (IPv6 by /56, so one host cannot dodge the limit by walking its prefix). Mounted after the
 * session check a limiter sees the key; mounted before it, the IP. Over the limit the request is
 * refused with RATE_LIMITED (429, Retry-After) through the one error middleware.
 */

export interface RateLimitOptions {
  /** Requests allowed per key in each window. */
  readonly limit: number;
  /** Window length, ms. Default 60,000. */
  readonly windowMs?: number;
  /** The signed-in key of a request, if any. Default: `res.locals.session.key`, then `req.session.key`. */
  readonly keyOf?: (req: Request, res: Response) => string | undefined;
  /** A name for the limit, in messages and keys (several limiters may run side by side). Default "requests". */
  readonly name?: string;
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
  return key !== undefined ? `key:${key.toLowerCase()}` : `ip:${ipKeyGenerator(req.ip ?? "unknown")}`;
}

export function createRateLimit(options: RateLimitOptions): RequestHandler {
  const windowMs = options.windowMs ?? 60_000;
  const name = options.name ?? "requests";
  if (!(Number.isInteger(options.limit) && options.limit > 0)) throw new TdlError("CONFIG_INVALID", `rate limit ${name}: limit must be a positive integer`);
  if (!(Number.isInteger(windowMs) && windowMs > 0)) throw new TdlError("CONFIG_INVALID", `rate limit ${name}: windowMs must be a positive integer`);
  const keyOf = options.keyOf ?? sessionKeyOf;
  return rateLimit({
    windowMs,
    limit: options.limit,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator: (req, res) => rateLimitKey(req, res, keyOf),
    handler: (req, _res, next) => {
      const info = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit;
      const retryAfterSeconds = info?.resetTime ? Math.max(1, (info.resetTime.getTime() - Date.now()) / 1000) : windowMs / 1000;
      next(new TdlError("RATE_LIMITED", `too many ${name}: at most ${options.limit} per ${windowMs / 1000} s for each key; retry later`, { details: { retryAfterSeconds } }));
    },
    // the key generator falls back to ipKeyGenerator itself; the library's check cannot see that
    validate: { keyGeneratorIpFallback: false },
  });
}

import { randomUUID } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import type { Metrics } from "./ops-routes";

/*
 * One structured log line per request (pino), written when the response is done. It says who asked
 * what and how it ended: method, path, route pattern, status, time, request id, client address and,
 * when signed in, the staff key and organisation. It never holds headers (Authorization, cookies),
 * query strings or bodies: those carry tokens, signatures and SIWE messages.
 */

export interface RequestLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface RequestLogOptions {
  readonly logger: RequestLogger;
  /** Counts requests and their durations when given. */
  readonly metrics?: Pick<Metrics, "httpRequests" | "httpDuration">;
  readonly clock?: { now(): number };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const MAX_PATH = 256;

interface WithSession {
  session?: { key?: unknown; org?: unknown };
}

function sessionOf(req: Request, res: Response): { key?: string; org?: number } {
  const session = (res.locals as WithSession).session ?? (req as unknown as WithSession).session;
  return {
    key: typeof session?.key === "string" ? session.key : undefined,
    org: typeof session?.org === "number" ? session.org : undefined,
  };
}

/** The matched route's pattern (bounded label values), or "unmatched". */
function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === "string" ? `${req.baseUrl}${pattern}` : "unmatched";
}

/** The path without its query string, cut to a bounded length. */
function pathOf(req: Request): string {
  const path = req.originalUrl.split("?")[0];
  return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
}

/** Middleware: tags the request with an id (X-Request-Id, kept from the client when well formed) and logs it when done. */
export function requestLog(options: RequestLogOptions): RequestHandler {
  const { logger, metrics } = options;
  const clock = options.clock ?? { now: () => performance.now() };
  return (req, res, next) => {
    const started = clock.now();
    const given = req.get("x-request-id");
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.set("X-Request-Id", requestId);
    let logged = false;
    const done = (): void => {
      if (logged) return;
      logged = true;
      const durationMs = Math.round((clock.now() - started) * 1000) / 1000;
      const route = routeOf(req);
      const status = res.writableFinished ? res.statusCode : 499; // 499: the client went away first
      const { key, org } = sessionOf(req, res);
      const line = {
        requestId,
        method: req.method,
        path: pathOf(req),
        route,
        status,
        durationMs,
        bytes: Number(res.get("content-length") ?? 0) || undefined,
        ip: req.ip,
        ...(key === undefined ? {} : { key }),
        ...(org === undefined ? {} : { org }),
      };
      const message = `${req.method} ${line.path} ${status}`;
      if (status >= 500) logger.error(line, message);
      else if (status >= 400) logger.warn(line, message);
      else logger.info(line, message);
      metrics?.httpRequests.inc({ method: req.method, route, status: String(status) });
      metrics?.httpDuration.observe({ method: req.method, route }, durationMs / 1000);
    };
    res.once("finish", done);
    res.once("close", done);
    next();
  };
}

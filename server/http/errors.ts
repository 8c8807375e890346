import type { ErrorRequestHandler, RequestHandler } from "express";
import { z } from "zod";
import { TdlError, type TdlErrorCode } from "../errors";

/** The HTTP status of each error code; the body is always {"error": {"code", "message"}}. */
export const HTTP_STATUS: Readonly<Record<TdlErrorCode, number>> = {
  MALFORMED_INPUT: 400,
  MALFORMED_PROOF: 400,
  MALFORMED_CHECKPOINT: 400,
  ROOT_MISMATCH: 422,
  SIGNATURE_INVALID: 422,
  UNKNOWN_KEY: 422,
  NOT_FOUND: 404,
  OUT_OF_RANGE: 404,
  STORAGE_FAILURE: 500,
  AUDIT_MISMATCH: 500,
  CHAIN_UNAVAILABLE: 503,
  CHAIN_REVERT: 502,
  ANCHOR_DIVERGED: 503,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  AUTH_NONCE_INVALID: 401,
  AUTH_MESSAGE_EXPIRED: 401,
  AUTH_WRONG_AUDIENCE: 401,
  AUTH_SIGNATURE_INVALID: 401,
  AUTH_UNKNOWN_KEY: 401,
  AUTH_ORG_SUSPENDED: 403,
  AUTH_NOT_QUALIFIED: 403,
  SESSION_EXPIRED: 401,
  RECEIPT_MISMATCH: 422,
  QUERY_REFUSED: 403,
  QUERY_TIME_LIMIT: 422,
  QUERY_FAILED: 422,
  DOCUMENT_TOO_LARGE: 413,
  DOCUMENT_HASH_MISMATCH: 422,
  DOCUMENT_NOT_REFERENCED: 422,
  DATASET_INVALID: 422,
  CONFIG_INVALID: 500,
};

export interface ErrorLogger {
  error(details: object, message: string): void;
}

/** The one error body every route answers with (the OpenAPI document's Error). */
export const errorBody = z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string(), messageZh: z.string().optional() }) });

/** Unknown routes: a JSON 404 in the same shape as every other error. */
export const notFoundRoute: RequestHandler = (req) => {
  throw new TdlError("NOT_FOUND", `no route ${req.method} ${req.path}`);
};

/** Errors body-parser raises carry a status and a type; everything else unknown is a 500. */
function fromForeign(error: unknown): { status: number; code: string; message: string } {
  const e = error as { status?: unknown; type?: unknown; message?: unknown };
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500) {
    const code = e.type === "entity.too.large" ? "PAYLOAD_TOO_LARGE" : "MALFORMED_INPUT";
    return { status: e.status, code, message: typeof e.message === "string" ? e.message : "bad request" };
  }
  return { status: 500, code: "INTERNAL", message: "internal error" };
}

/** The one error middleware: maps TdlError codes to statuses; hides the insides of anything else. */
export function errorMiddleware(logger?: ErrorLogger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const { status, code, message } =
      error instanceof TdlError ? { status: HTTP_STATUS[error.code as TdlErrorCode] ?? 500, code: error.code, message: error.message } : fromForeign(error);
    if (status >= 500) logger?.error({ err: error, method: req.method, path: req.path }, message);
    const retryAfter = error instanceof TdlError ? error.details?.retryAfterSeconds : undefined;
    if (typeof retryAfter === "number") res.set("Retry-After", String(Math.ceil(retryAfter)));
    const zh = error instanceof TdlError && typeof error.details?.zh === "string" ? { messageZh: error.details.zh } : {};
    res.status(status).json({ error: { code, message, ...zh } } satisfies z.output<typeof errorBody>);
  };
}

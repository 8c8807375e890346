import { Router } from "express";
import { z } from "zod";
import type { Gateway } from "../gateway";
import { requireSession, sessionOf } from "./auth";
import { bytes32Body, parseRequest, uint32Body } from "./params";
import { jsonBody } from "./json-body";
import { callerAdmission, type CallerLimits } from "./rate-limit";
import type { SessionTokens } from "./session";

/** One access request as it arrives. `fields` is the field mask as 0x hex (bit i = field i). */
export const accessRequestBody = z
  .strictObject({
    operation: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "must be an operation name such as query, compute, download or export"),
    grantId: uint32Body,
    scenario: bytes32Body,
    resourceId: uint32Body,
    fields: z
      .string()
      .regex(/^0x[0-9a-fA-F]{1,64}$/, "must be the field mask as 0x hex, at most 256 bits")
      .transform((text) => BigInt(text))
      .refine((mask) => mask > 0n, "must name at least one field"),
    requestDigest: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, "must be the SHA-256 of the request, 64 hex digits").optional(),
    request: z.unknown().optional(),
  })
  .refine((body) => (body.requestDigest === undefined) !== (body.request === undefined), {
    message: "send exactly one of requestDigest or request",
    path: ["requestDigest"],
  });
export type AccessRequestBody = z.infer<typeof accessRequestBody>;

export const MAX_BATCH = 1000;
export const batchBody = z.strictObject({ requests: z.array(accessRequestBody).min(1).max(MAX_BATCH, `at most ${MAX_BATCH} requests per batch`) });

export interface AccessRouteDeps {
  readonly gateway: Gateway;
  readonly sessions: SessionTokens;
  /** Largest batch body (default "1mb"); single requests take "16kb". */
  readonly batchJsonLimit?: string;
  /** Access limits per key and per organisation; a batch costs one per request in it. Absent: none. */
  readonly limits?: CallerLimits;
}

/**
 * POST /          one access request -> {decision, reason, message, messageZh, receipt}
 * POST /batch     {requests: [...]} (at most 1,000) -> {results: [...], ranges: [{start, size, note}]}
 * Denials are 200 with decision "denied": the request was processed and recorded.
 */
export function accessRoutes(deps: AccessRouteDeps): Router {
  const router = Router();
  /** Counts the decisions asked for before any is taken or recorded. */
  const admit = callerAdmission("access decisions", deps.limits);
  // no standing check here: the policy itself denies a suspended organisation, and the denial is logged (R16)
  router.use(requireSession(deps.sessions, { standing: false }));

  router.post("/", ...jsonBody("16kb"), async (req, res) => {
    const body = parseRequest(accessRequestBody, req.body, "body");
    admit(sessionOf(res), 1);
    res.json(await deps.gateway.handle(sessionOf(res), body));
  });

  router.post("/batch", ...jsonBody(deps.batchJsonLimit ?? "1mb"), async (req, res) => {
    const { requests } = parseRequest(batchBody, req.body, "body");
    admit(sessionOf(res), requests.length);
    const { results, ranges } = await deps.gateway.handleBatch(sessionOf(res), requests);
    res.json({ results, ranges: ranges.map(({ start, size, note }) => ({ start, size, note })) });
  });

  return router;
}

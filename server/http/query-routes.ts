import { Router } from "express";
import { z } from "zod";
import { MAX_SQL_LENGTH, MAX_VERIFY_RECORDS, type QueryService } from "../gateway";
import { requireSession, sessionOf } from "./auth";
import { jsonBody } from "./json-body";
import { bytes32Body, parseRequest, uint32Body } from "./params";
import { createLimiter, type LimiterOptions, type NodeLimits } from "./rate-limit";
import type { SessionTokens } from "./session";

const recordValue = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);

/** One query as it arrives: "aggregate" (the default) takes `sql`; "verify" takes `resource` and `records`. */
export const queryRequestBody = z
  .strictObject({
    grantId: uint32Body,
    scenario: bytes32Body,
    operation: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "must be an operation name: aggregate or verify").default("aggregate"),
    sql: z.string().min(1).max(MAX_SQL_LENGTH, `at most ${MAX_SQL_LENGTH} characters`).optional(),
    resource: z.string().regex(/^r[0-9]{1,10}$/, "must be a resource alias such as r12").optional(),
    records: z.array(z.record(z.string().max(64), recordValue)).min(1).max(MAX_VERIFY_RECORDS, `at most ${MAX_VERIFY_RECORDS} records`).optional(),
  })
  .refine((body) => body.operation !== "verify" || (body.resource !== undefined && body.records !== undefined), {
    message: "a verify query sends resource and records",
    path: ["records"],
  })
  .refine((body) => body.operation === "verify" || body.sql !== undefined, { message: "send the SQL of the query", path: ["sql"] });
export type QueryRequestBody = z.infer<typeof queryRequestBody>;

export interface QueryRouteDeps {
  readonly queries: QueryService;
  readonly sessions: SessionTokens;
  /** Queries per key and per organisation (the access limits' numbers, counted apart). Absent: none. */
  readonly limits?: Pick<NodeLimits, "accessPerKey" | "accessPerOrg"> & LimiterOptions;
}

/**
 * POST /   one query -> {decision, reason, message, messageZh, columns, rows, groupsSuppressed, rowsScanned, resultDigest, receipt}
 * Refusals are 200 with decision "denied": the query was processed and recorded; nothing was answered.
 */
export function queryRoutes(deps: QueryRouteDeps): Router {
  const router = Router();
  const limits = deps.limits;
  const perKey = limits && createLimiter("queries for one key", limits.accessPerKey, limits);
  const perOrg = limits && createLimiter("queries for one organisation", limits.accessPerOrg, limits);
  // no standing check here: the policy denies a suspended organisation, and the denial is logged (R16)
  router.use(requireSession(deps.sessions, { standing: false }));
  router.post("/", ...jsonBody("256kb"), async (req, res) => {
    const body = parseRequest(queryRequestBody, req.body, "body");
    const caller = sessionOf(res);
    perKey?.take(caller.key.toLowerCase(), 1);
    perOrg?.take(String(caller.org), 1);
    res.json(await deps.queries.handle(caller, body));
  });
  return router;
}

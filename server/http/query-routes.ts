import { Router } from "express";
import { z } from "zod";
import { MAX_SQL_LENGTH, MAX_VERIFY_RECORDS, type QueryService } from "../gateway";
import { requireSession, sessionOf } from "./auth";
import { jsonBody } from "./json-body";
import { bytes32Body, parseRequest, uint32Body } from "./params";
import { callerAdmission, type CallerLimits } from "./rate-limit";
import type { SessionTokens } from "./session";
import { requireGrantParty, type UsageRouteDeps } from "./usage-routes";
import { entryGrantId } from "../access";

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
    versions: z
      .record(z.string().regex(/^r[0-9]{1,10}$/, "must be a resource alias such as r12"), z.number().int().min(1).max(2 ** 32 - 1))
      .refine((versions) => Object.keys(versions).length <= 64, "at most 64 resources")
      .optional(),
  })
  .refine((body) => body.operation !== "verify" || (body.resource !== undefined && body.records !== undefined), {
    message: "a verify query sends resource and records",
    path: ["records"],
  })
  .refine((body) => body.operation === "verify" || body.sql !== undefined, { message: "send the SQL of the query", path: ["sql"] });
export type QueryRequestBody = z.infer<typeof queryRequestBody>;

export const queriesListQuery = z.strictObject({
  grantId: z.string().regex(/^(0|[1-9][0-9]{0,9})$/, "must be a decimal grant id").transform(Number),
  before: z.string().regex(/^(0|[1-9][0-9]{0,15})$/, "must be a log index").transform(Number).optional(),
  limit: z.string().regex(/^[1-9][0-9]{0,2}$/, "must be 1 to 999").transform(Number).optional(),
});

export interface QueryRouteDeps {
  readonly queries: QueryService;
  /** The grant's log entries and the grant check, for GET (the usage routes' sources). Absent: no listing. */
  readonly listing?: Pick<UsageRouteDeps, "usage" | "grants">;
  readonly sessions: SessionTokens;
  /** Queries per key and per organisation (the access limits' numbers, counted apart). Absent: none. */
  readonly limits?: CallerLimits;
}

/**
 * POST /   one query -> {decision, reason, message, messageZh, columns, rows, groupsSuppressed, rowsScanned, resultDigest, receipt}
 * Refusals are 200 with decision "denied": the query was processed and recorded; nothing was answered.
 * GET /    ?grantId=&before=&limit=  the grant's queries, newest first, as the log records them (who asked
 *          what, rows scanned and returned, the result digest), for the grant's parties, the bureau and supervisors.
 */
export function queryRoutes(deps: QueryRouteDeps): Router {
  const router = Router();
  const admit = callerAdmission("queries", deps.limits);
  // no standing check here: the policy denies a suspended organisation, and the denial is logged (R16)
  router.use(requireSession(deps.sessions, { standing: false }));
  router.post("/", ...jsonBody("256kb"), async (req, res) => {
    const body = parseRequest(queryRequestBody, req.body, "body");
    const caller = sessionOf(res);
    admit(caller);
    res.json(await deps.queries.handle(caller, body));
  });
  const listing = deps.listing;
  if (listing !== undefined) {
    router.get("/", async (req, res) => {
      const q = parseRequest(queriesListQuery, req.query, "query");
      await requireGrantParty(listing.grants, sessionOf(res), q.grantId, "queries");
      const limit = q.limit ?? 100;
      const all = (await listing.usage.entriesOfGrant(entryGrantId(q.grantId))).filter((e) => e.entry.query !== undefined && (q.before === undefined || e.index < q.before));
      const page = all.slice(-limit).reverse();
      const more = all.length > limit;
      res.json({ grant: q.grantId, queries: page.map(({ index, entry }) => ({ index, ...entry })), next: more ? String(page[page.length - 1].index) : null });
    });
  }
  return router;
}

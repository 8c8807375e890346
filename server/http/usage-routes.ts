import { Router } from "express";
import { z } from "zod";
import { entryGrantId, usageStatements, type IndexedAccessEntry } from "../access";
import type { GrantInfo } from "../access/reader";
import { TdlError } from "../errors";
import { isOversight, requireSession, sessionOf } from "./auth";
import { parseRequest } from "./params";
import type { SessionTokens } from "./session";

/* Supervision: usage statements of a grant (R15). */

/** The entries of a grant in the node's log, allowed or denied (server/node keeps the index). */
export interface UsageSource {
  entriesOfGrant(grantIdHex: string): Promise<IndexedAccessEntry[]>;
}

export interface UsageRouteDeps {
  readonly usage: UsageSource;
  readonly grants: { grantInfo(grantId: number): Promise<GrantInfo | null> };
  readonly sessions: SessionTokens;
  readonly origin: string;
  readonly clock?: { now(): number };
}

const usageQuery = z.strictObject({
  grantId: z.string().regex(/^(0|[1-9][0-9]{0,9})$/, "must be a decimal grant id").transform(Number),
  from: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).optional(),
  to: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).optional(),
});

/** Whether the session's organisation is the grant's grantee or grantor, the bureau or a supervisor (the grant read as given). */
export function isGrantReader(grant: Pick<GrantInfo, "grantee" | "grantor">, session: { readonly org: number; readonly kind: number }): boolean {
  return session.org === grant.grantee || session.org === grant.grantor || isOversight(session);
}

/** Refuses (FORBIDDEN, NOT_FOUND) unless the session's organisation is the grant's grantee or grantor, the bureau or a supervisor. */
export async function requireGrantParty(
  grants: UsageRouteDeps["grants"],
  session: { readonly org: number; readonly kind: number },
  grantId: number,
  what: string,
): Promise<void> {
  const grant = await grants.grantInfo(grantId);
  if (grant === null) throw new TdlError("NOT_FOUND", `there is no grant ${grantId} on the ledger`);
  if (!isGrantReader(grant, session)) {
    throw new TdlError("FORBIDDEN", `grant ${grantId}'s ${what} is for its grantee, its grantor, the bureau and supervisors`);
  }
}

/**
 * GET / ?grantId=&from=&to=   the usage statement of a grant over [from, to): allowed operations by
 * resource and operation, each line with its log indices. For the grant's grantee and grantor, the
 * bureau and supervisors.
 */
export function usageRoutes(deps: UsageRouteDeps): Router {
  const router = Router();
  const clock = deps.clock ?? { now: () => Date.now() };
  router.get("/", requireSession(deps.sessions), async (req, res) => {
    const q = parseRequest(usageQuery, req.query, "query");
    const from = q.from === undefined ? 0 : Date.parse(q.from);
    const to = q.to === undefined ? clock.now() + 1 : Date.parse(q.to);
    if (from > to) throw new TdlError("MALFORMED_INPUT", "query from: is after to", { details: { field: "from" } });
    await requireGrantParty(deps.grants, sessionOf(res), q.grantId, "usage");
    const hex = entryGrantId(q.grantId);
    const [statement] = usageStatements(await deps.usage.entriesOfGrant(hex), { from, to }, { grantIds: [hex] });
    res.json({ ...statement, origin: deps.origin, grant: q.grantId });
  });
  return router;
}

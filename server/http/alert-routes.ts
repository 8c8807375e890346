import { Router } from "express";
import { z } from "zod";
import { RISK_ALERT_TYPES, type RiskAlertType, type RiskMonitor } from "../access";
import { OVERSIGHT_KINDS, requireKind, requireSession } from "./auth";
import { parseRequest } from "./params";
import type { SessionTokens } from "./session";

/* Supervision: the risk monitor's alerts (R18). */

const alertsQuery = z.strictObject({
  org: z.string().regex(/^(0|[1-9][0-9]{0,9})$/, "must be a decimal organisation id").transform(Number).optional(),
  type: z.enum(RISK_ALERT_TYPES).optional(),
  since: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).transform((t) => Date.parse(t)).optional(),
});

/** GET / ?org=&type=&since=   risk alerts, oldest first (bureau and supervisors). */
export function alertRoutes(deps: { readonly risk: RiskMonitor; readonly sessions: SessionTokens }): Router {
  const router = Router();
  router.get("/", requireSession(deps.sessions), requireKind(OVERSIGHT_KINDS, "the risk alert list"), (req, res) => {
    const q = parseRequest(alertsQuery, req.query, "query");
    const alerts = deps.risk.alerts({ org: q.org, type: q.type as RiskAlertType | undefined, since: q.since });
    res.json({
      alerts: alerts.map((a) => ({
        ...a,
        window: { from: new Date(a.window.from).toISOString(), to: new Date(a.window.to).toISOString() },
        raisedAt: new Date(a.raisedAt).toISOString(),
      })),
    });
  });
  return router;
}

import { Router } from "express";
import { z } from "zod";
import { PARAMETER_NAME, TEMPLATE_NAME } from "../gateway";
import type { ProductRuns } from "../gateway/product-runs";
import { requireSession, sessionOf } from "./auth";
import { jsonBody } from "./json-body";
import { parseRequest, uintParam } from "./params";
import { callerAdmission, type CallerLimits } from "./rate-limit";
import type { SessionTokens } from "./session";

/*
 * POST /:id/runs   {template, parameters} -> the query's answer (as POST /api/v1/queries answers it)
 * A data product's run (Art. 19, R13): only an approved template of the product's reviewed version, bound with
 * the parameters, under the product's grant, by its developer; logged like a query, with the product named.
 */

export const productRunParams = z.object({ id: uintParam });
export const productRunBody = z.strictObject({
  template: z.string().regex(TEMPLATE_NAME, "must be a template name such as rating-by-district"),
  parameters: z.record(z.string().regex(PARAMETER_NAME, "must be a parameter name"), z.union([z.string().max(1024), z.number(), z.boolean()])).default({}),
});

export interface ProductRunRouteDeps {
  readonly runs: ProductRuns;
  readonly sessions: SessionTokens;
  /** Runs count against the same per-key and per-organisation limits as queries. */
  readonly limits?: CallerLimits;
}

export function productRunRoutes(deps: ProductRunRouteDeps): Router {
  const router = Router();
  const admit = callerAdmission("product runs", deps.limits);
  router.post("/:id/runs", requireSession(deps.sessions, { standing: false }), ...jsonBody("64kb"), async (req, res) => {
    const productId = Number(parseRequest(productRunParams, req.params, "path").id);
    const body = parseRequest(productRunBody, req.body, "body");
    const caller = sessionOf(res);
    admit(caller);
    res.json(await deps.runs.run(caller, { productId, template: body.template, parameters: body.parameters }));
  });
  return router;
}

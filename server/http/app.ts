import express, { type Express } from "express";
import helmet from "helmet";
import type { AnchorStatus } from "../chain/anchorer";
import { errorMiddleware, notFoundRoute, type ErrorLogger } from "./errors";
import { logRoutes } from "./log-routes";
import type { BundleSources } from "./bundles";

export interface AppDeps extends BundleSources {
  /** The anchorer's status for /healthz; absent when the node does not anchor. */
  readonly anchorStatus?: () => AnchorStatus;
  readonly logger?: ErrorLogger;
  /** Largest JSON request body accepted. Default "64kb". */
  readonly jsonLimit?: string;
}

/** The node's HTTP app: the read API of the access log, health, one error shape. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(helmet());
  app.use(express.json({ limit: deps.jsonLimit ?? "64kb" }));

  app.get("/healthz", async (_req, res) => {
    const status = deps.anchorStatus?.();
    const halted = status?.state === "halted";
    res.status(halted ? 503 : 200).json({
      status: halted ? "anchoring halted" : "ok",
      logSize: await deps.store.size(),
      anchoring: status
        ? {
            state: status.state,
            anchoredSize: status.lastAnchor?.size ?? 0,
            anchoredRoot: status.lastAnchor?.root ?? null,
            txHash: status.lastAnchor?.txHash ?? null,
            lagEntries: status.lagEntries,
            lagSeconds: status.lagSeconds,
            lastError: status.lastError,
          }
        : null,
    });
  });
  app.use("/api/v1/log", logRoutes(deps));
  app.use(notFoundRoute);
  app.use(errorMiddleware(deps.logger));
  return app;
}

import type { ProductRuns } from "../gateway/product-runs";
import { productRunRoutes } from "./product-run-routes";
import express, { type Express } from "express";
import helmet from "helmet";
import type { RiskMonitor } from "../access";
import type { AnchorStatus } from "../chain/anchorer";
import type { DisclosureReader } from "../chain/disclosure-reader";
import type { Gateway, QueryService } from "../gateway";
import type { HistoryStore } from "../storage/history-store";
import { accessRoutes } from "./access-routes";
import { queryRoutes } from "./query-routes";
import { alertRoutes } from "./alert-routes";
import { OrgKind } from "../vocabulary";
import { authRoutes, requireKind, requireSession, type AuthDeps } from "./auth";
import type { BundleSources } from "./bundles";
import { disclosureRoutes } from "./disclosure-routes";
import { documentRoutes, type DocumentRouteDeps } from "./document-routes";
import { errorMiddleware, notFoundRoute, type ErrorLogger } from "./errors";
import { feedRoutes } from "./feed-routes";
import { historyRoutes } from "./history-routes";
import { logRoutes } from "./log-routes";
import { createDocsRouter } from "./openapi";
import { createWebRouter, type WebRouterDeps } from "./web-routes";
import { opsRoutes, type Metrics, type ReadinessDeps } from "./ops-routes";
import type { NodeLimits } from "./rate-limit";
import { requestLog, type RequestLogger } from "./request-log";
import { jsonBody } from "./json-body";
import { datasetRoutes, type DatasetRouteDeps } from "./dataset-routes";
import { usageRoutes, type UsageRouteDeps } from "./usage-routes";

export interface AppDeps extends BundleSources {
  /** The anchorer's status for /healthz; absent when the node does not anchor. */
  readonly anchorStatus?: () => AnchorStatus;
  readonly logger?: ErrorLogger & Partial<RequestLogger>;
  /** Largest JSON request body accepted (batch access requests have their own). Default "64kb". */
  readonly jsonLimit?: string;

  // Identity and the access gateway: present on a node connected to the chain.
  readonly auth?: AuthDeps;
  readonly gateway?: Gateway;
  /** The data plane's queries under a grant: present on a node that serves data. */
  readonly queries?: QueryService;
  /** Data products' runs of their approved templates (present with `queries`). */
  readonly productRuns?: ProductRuns;
  /** Abuse limits on the gateway, nonces and sign-in (rate-limit.ts; launchers pass DEFAULT_LIMITS). Absent: none. */
  readonly limits?: NodeLimits;
  readonly risk?: RiskMonitor;
  readonly usage?: Pick<UsageRouteDeps, "usage" | "grants">;
  /** The document store and its acceptance check (documents are stored by signed-in staff). */
  readonly documents?: Omit<DocumentRouteDeps, "sessions">;
  /** Dataset versions published to this node by their source departments (present with `queries`). */
  readonly datasets?: Omit<DatasetRouteDeps, "sessions">;

  // Audit, disclosure, feed and operations.
  readonly history?: HistoryStore;
  readonly disclosure?: DisclosureReader;
  readonly metrics?: Metrics;
  readonly readiness?: ReadinessDeps;

  /** The dashboard (web/dist) and its /api/v1/web-config. */
  readonly web?: WebRouterDeps;
}

/** Staff of these kinds read the audit history. */
const AUDIT_KINDS = [OrgKind.Bureau, OrgKind.BusinessSupervisor, OrgKind.SecuritySupervisor, OrgKind.IndustryAuthority];

/** The node's HTTP app: sign-in, the access gateway, supervision, the log's read API, audit, disclosure, health; one error shape. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(helmet());
  const logger = deps.logger;
  if (logger?.info !== undefined && logger.warn !== undefined) {
    app.use(requestLog({ logger: logger as RequestLogger, metrics: deps.metrics }));
  }

  // The gateway parses its own bodies (a batch is larger than the default limit), after the session check.
  const limits = deps.limits && { ...deps.limits, onRefused: (limit: string) => deps.metrics?.rateLimited.inc({ limit }) };
  if (deps.auth !== undefined && deps.gateway !== undefined) {
    app.use("/api/v1/access", accessRoutes({ gateway: deps.gateway, sessions: deps.auth.sessions, limits }));
  }
  if (deps.auth !== undefined && deps.queries !== undefined) {
    app.use("/api/v1/queries", queryRoutes({ queries: deps.queries, sessions: deps.auth.sessions, limits, listing: deps.usage }));
  }
  if (deps.auth !== undefined && deps.productRuns !== undefined) {
    app.use("/api/v1/products", productRunRoutes({ runs: deps.productRuns, sessions: deps.auth.sessions, limits }));
  }
  // Documents are raw bytes of any type: their routes read their own bodies, before the JSON parser.
  if (deps.auth !== undefined && deps.documents !== undefined) {
    app.use("/api/v1/documents", documentRoutes({ ...deps.documents, sessions: deps.auth.sessions }));
  }
  if (deps.auth !== undefined && deps.datasets !== undefined) {
    app.use("/api/v1/resources", datasetRoutes({ ...deps.datasets, sessions: deps.auth.sessions }));
  }
  app.use(jsonBody(deps.jsonLimit ?? "64kb"));

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
  if (deps.metrics !== undefined) app.use("/", opsRoutes({ ...deps.readiness, metrics: deps.metrics }));

  if (deps.auth !== undefined) {
    const sessions = deps.auth.sessions;
    app.use("/api/v1/auth", authRoutes({ ...deps.auth, limits }));
    if (deps.risk !== undefined) app.use("/api/v1/alerts", alertRoutes({ risk: deps.risk, sessions }));
    if (deps.usage !== undefined) app.use("/api/v1/usage", usageRoutes({ ...deps.usage, sessions, origin: deps.origin }));
    if (deps.history !== undefined) {
      app.use(
        "/api/v1/history",
        historyRoutes({ history: deps.history, guard: [requireSession(sessions), requireKind(AUDIT_KINDS, "the audit history")] }),
      );
    }
  }
  const entryReaders = deps.auth !== undefined && deps.usage !== undefined ? { sessions: deps.auth.sessions, grants: deps.usage.grants } : undefined;
  app.use("/api/v1/log", logRoutes(deps, entryReaders));
  if (deps.history !== undefined) app.use("/api/v1/feed", feedRoutes({ history: deps.history }));
  if (deps.disclosure !== undefined) app.use("/api/v1/disclosure", disclosureRoutes({ disclosure: deps.disclosure }));
  app.use(createDocsRouter());
  if (deps.web !== undefined) app.use(createWebRouter(deps.web));
  app.use(notFoundRoute);
  app.use(errorMiddleware(deps.logger));
  return app;
}

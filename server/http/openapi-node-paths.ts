import { batchBody } from "./access-routes";
import { RISK_ALERT_TYPES } from "../access";
import { acceptedBy, errors, json, ok, query, ref, signedIn, uint } from "./openapi-blocks";
import type { PathItem } from "./openapi-types";

/** The document's paths for the node itself: ops, the dashboard, sign-in and the access gateway. */
export const NODE_PATHS: Readonly<Record<string, PathItem>> = {
  // ---- ops ----
  "/healthz": {
    get: {
      operationId: "health",
      summary: "Liveness, log size and anchoring status",
      tags: ["ops"],
      responses: {
        "200": ok("The node is up", ref("Health")),
        "503": ok("Anchoring has halted (the chain holds a root this log cannot reproduce)", ref("Health")),
      },
    },
  },
  "/readyz": {
    get: {
      operationId: "ready",
      summary: "Readiness: the chain answers, storage is open, the indexer is near the chain head",
      tags: ["ops"],
      responses: { "200": ok("Ready", ref("Readiness")), "503": ok("Not ready; `notReady` names the parts", ref("Readiness")) },
    },
  },
  "/metrics": {
    get: {
      operationId: "metrics",
      summary: "Prometheus metrics (decisions by outcome, log size, anchor lag, indexer lag, HTTP)",
      tags: ["ops"],
      responses: { "200": { description: "Prometheus text exposition format", content: { "text/plain": { schema: { type: "string" } } } } },
    },
  },
  "/api/v1/openapi.json": {
    get: {
      operationId: "openapi",
      summary: "This document",
      tags: ["ops"],
      responses: { "200": ok("OpenAPI 3.1 document", { type: "object" }) },
    },
  },
  "/docs": {
    get: {
      operationId: "docs",
      summary: "Swagger UI for this document",
      tags: ["ops"],
      responses: {
        "200": { description: "HTML page", content: { "text/html": { schema: { type: "string" } } } },
        "301": { description: "Redirect to /docs/" },
      },
    },
  },

  "/": {
    get: {
      operationId: "dashboard",
      summary: "The dashboard (index.html of web/dist)",
      tags: ["web"],
      responses: {
        "200": { description: "HTML page", content: { "text/html": { schema: { type: "string" } } } },
        "503": { description: "The dashboard is not built on this node (npm run build:web)", content: { "text/plain": { schema: { type: "string" } } } },
      },
    },
  },
  "/index.html": {
    get: {
      operationId: "dashboardIndex",
      summary: "The dashboard (index.html of web/dist)",
      tags: ["web"],
      responses: {
        "200": { description: "HTML page", content: { "text/html": { schema: { type: "string" } } } },
        "503": { description: "The dashboard is not built on this node (npm run build:web)", content: { "text/plain": { schema: { type: "string" } } } },
      },
    },
  },
  "/dashboard": {
    get: {
      operationId: "dashboardAlias",
      summary: "The dashboard (index.html of web/dist)",
      tags: ["web"],
      responses: {
        "200": { description: "HTML page", content: { "text/html": { schema: { type: "string" } } } },
        "503": { description: "The dashboard is not built on this node (npm run build:web)", content: { "text/plain": { schema: { type: "string" } } } },
      },
    },
  },
  "/api/v1/web-config": {
    get: {
      operationId: "webConfig",
      summary: "What the dashboard needs to check this node without trusting it: chain, anchor contract, log id, origin, verifier key",
      tags: ["web"],
      responses: { "200": ok("The node's facts", ref("WebConfig")) },
    },
  },

  // ---- sign-in and the gateway ----
  "/api/v1/auth/nonce": {
    get: {
      operationId: "authNonce",
      summary: "A single-use nonce and what the sign-in message must name (domain, URI, chain id)",
      tags: ["auth"],
      responses: { "200": ok("A fresh nonce (valid 5 minutes, usable once)", ref("SignInNonce")), ...errors("429") },
    },
  },
  "/api/v1/auth/sign-in": {
    post: {
      operationId: "authSignIn",
      summary: "Exchange a signed EIP-4361 message for a short-lived session token",
      description:
        "The message must name this node's domain and URI and the chain id from /api/v1/auth/nonce, carry that nonce and an Expiration Time at most 10 minutes after Issued At. " +
        "Refusals: AUTH_WRONG_AUDIENCE, AUTH_MESSAGE_EXPIRED, AUTH_SIGNATURE_INVALID, AUTH_NONCE_INVALID, AUTH_UNKNOWN_KEY (401); AUTH_ORG_SUSPENDED, AUTH_NOT_QUALIFIED (403).",
      tags: ["auth"],
      requestBody: { required: true, content: json(ref("SignInRequest")) },
      responses: { "200": ok("Signed in", ref("Session")), ...errors("400", "401", "403", "429", "503") },
    },
  },
  "/api/v1/auth/session": {
    get: {
      operationId: "authSession",
      summary: "The caller's session",
      tags: ["auth"],
      security: signedIn,
      responses: {
        "200": ok("The session", { type: "object", required: ["key", "org", "kind", "expiresAt"], properties: { key: { type: "string" }, org: uint, kind: { type: "string" }, expiresAt: { type: "string", format: "date-time" } } }),
        ...errors("401"),
      },
    },
  },
  "/api/v1/access": {
    post: {
      operationId: "access",
      summary: "Ask to perform an operation on a resource's fields under a grant; the decision, allowed or denied, is logged and receipted",
      description:
        "A denial is 200 with decision \"denied\" and its reason: the request was processed and recorded. " +
        "When the chain cannot be reached within the staleness bound the attempt is recorded as denied (CHAIN_UNAVAILABLE) and the answer is 503 (fail closed).",
      tags: ["access"],
      security: signedIn,
      requestBody: { required: true, content: json(ref("AccessRequest")) },
      responses: { "200": ok("The decision with its signed receipt", ref("AccessDecision")), ...errors("400", "401", "413", "429", "503") },
    },
  },
  "/api/v1/access/batch": {
    post: {
      operationId: "accessBatch",
      summary: "Up to 1,000 access requests in one call, each decided, logged and receipted",
      tags: ["access"],
      security: signedIn,
      requestBody: {
        required: true,
        content: json(acceptedBy(batchBody)),
      },
      responses: {
        "200": ok("One result per request, in order; the receipts' signed notes once per range", {
          type: "object",
          required: ["results", "ranges"],
          properties: {
            results: { type: "array", items: ref("BatchResult") },
            ranges: { type: "array", items: { type: "object", required: ["start", "size", "note"], properties: { start: uint, size: uint, note: { type: "string" } } } },
          },
        }),
        ...errors("400", "401", "413", "429", "503"),
      },
    },
  },
  "/api/v1/alerts": {
    get: {
      operationId: "alerts",
      summary: "Aggregation and rate alerts raised by the risk rules, oldest first (bureau and supervisors)",
      tags: ["access"],
      security: signedIn,
      parameters: [
        query("org", uint, "Only alerts about this organisation."),
        query("type", { type: "string", enum: [...RISK_ALERT_TYPES] }, "Only alerts of this type."),
        query("since", { type: "string", format: "date-time" }, "Only alerts raised at or after this time."),
      ],
      responses: { "200": ok("Alerts", { type: "object", required: ["alerts"], properties: { alerts: { type: "array", items: ref("Alert") } } }), ...errors("400", "401", "403") },
    },
  },
  "/api/v1/usage": {
    get: {
      operationId: "usage",
      summary: "Usage statement of a grant over [from, to): allowed operations by resource and operation, each line with its log indices",
      description: "For the grant's grantee and grantor, the bureau and supervisors.",
      tags: ["access"],
      security: signedIn,
      parameters: [
        { ...query("grantId", uint, "The grant."), required: true },
        query("from", { type: "string", format: "date-time" }, "Start of the period (inclusive); default the beginning."),
        query("to", { type: "string", format: "date-time" }, "End of the period (exclusive); default now."),
      ],
      responses: { "200": ok("The usage statement", ref("UsageStatement")), ...errors("400", "401", "403", "404", "503") },
    },
  },
};

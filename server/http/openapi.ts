import { Router } from "express";
import swaggerUi from "swagger-ui-express";
import { subjectParams } from "./history-routes";
import { json, parametersOf, ref } from "./openapi-blocks";
import { DOCUMENT_PATHS } from "./openapi-document-paths";
import { NODE_PATHS } from "./openapi-node-paths";
import { NODE_SCHEMAS } from "./openapi-node-schemas";
import { QUERY_PATHS, QUERY_SCHEMAS } from "./openapi-query";
import { RECORD_PATHS } from "./openapi-record-paths";
import { RECORD_SCHEMAS } from "./openapi-record-schemas";
import type { HttpMethod, OpenApiDocument, Parameter, PathItem } from "./openapi-types";

/*
 * The node's API as an OpenAPI 3.1 document (a typed object, so the compiler keeps it well formed),
 * served at /api/v1/openapi.json, with Swagger UI at /docs from swagger-ui-dist's bundled files (no
 * CDN). test/server/http/openapi.test.ts checks that every route the app registers is here with the
 * right method, and every path here is a route.
 */

export function createOpenApiDocument(options: { readonly version?: string; readonly serverUrl?: string } = {}): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: {
      title: "Trusted Data Ledger node",
      version: options.version ?? "0.1.0",
      description:
        "An agency node of the Trusted Data Ledger: the access gateway and its verifiable log, the audit history of chain events, the public disclosure and the sync feed. " +
        'Every error answers {"error": {"code", "message"}}; a 400 names the field at fault in its message.',
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [
      { name: "auth", description: "Sign-In with Ethereum (EIP-4361) for staff keys" },
      { name: "access", description: "The access gateway: decisions, receipts, alerts, usage" },
      { name: "log", description: "The verifiable access log: checkpoints, entries, proofs, bundles" },
      { name: "history", description: "The audit history of chain events (supervisors)" },
      { name: "disclosure", description: "The public disclosure (no sign-in)" },
      { name: "documents", description: "The documents behind the chain's hashes, each served with its hash" },
      { name: "feed", description: "The sync feed of catalog, registration and product-release events" },
      { name: "ops", description: "Health, readiness, metrics, this document" },
      { name: "web", description: "The dashboard, which verifies proofs in the browser against the chain" },
    ],
    paths: withDefaultError({ ...NODE_PATHS, ...QUERY_PATHS, ...RECORD_PATHS, ...DOCUMENT_PATHS }),
    components: {
      securitySchemes: {
        session: { type: "http", scheme: "bearer", description: "The session token from POST /api/v1/auth/sign-in: `Authorization: Bearer <token>`." },
      },
      parameters: {
        ...subjectParameters(),
      },
      responses: {
        E400: { description: "Malformed input; the message names the field at fault", content: json(ref("Error"), { error: { code: "MALFORMED_INPUT", message: "query limit: must be 1..1000" } }) },
        E401: { description: "Not signed in, or the session or sign-in is not valid", content: json(ref("Error")) },
        E403: { description: "Signed in, but not allowed", content: json(ref("Error")) },
        E404: { description: "Not found", content: json(ref("Error")) },
        E413: { description: "The body is larger than the route accepts (PAYLOAD_TOO_LARGE)", content: json(ref("Error")) },
        E429: {
          description: "Rate limited (per staff key when signed in, else per IP)",
          headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } },
          content: json(ref("Error")),
        },
        E503: { description: "The chain cannot be reached (the gateway fails closed)", content: json(ref("Error")) },
        Default: {
          description: "Any other error, in the one error body: 404 for a part this node does not run, 415 for a body in another media type, 500 for a fault of the node",
          content: json(ref("Error")),
        },
      },
      schemas: { ...NODE_SCHEMAS, ...QUERY_SCHEMAS, ...RECORD_SCHEMAS },
    },
  };
}

/** Every operation also answers its other errors in the one error body. */
function withDefaultError(paths: Readonly<Record<string, PathItem>>): Record<string, PathItem> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(Object.entries(item).map(([method, operation]) => [method, { ...operation, responses: { ...operation.responses, default: { $ref: "#/components/responses/Default" } } }])),
    ]),
  );
}

/** The history's path parameters, shared by its two routes. */
function subjectParameters(): Record<"SubjectKind" | "SubjectId", Parameter> {
  const [kind, id] = parametersOf(subjectParams, "path", { kind: "What the history is about.", id: "Decimal id, or 0x address / hash." });
  return { SubjectKind: kind, SubjectId: id };
}

/** Every (method, path) the document describes, with Express-style paths (":id"), for the route check. */
export function documentedRoutes(document: OpenApiDocument): { method: HttpMethod; path: string }[] {
  return Object.entries(document.paths).flatMap(([template, item]) =>
    (Object.keys(item) as HttpMethod[]).map((method) => ({ method, path: template.replace(/\{([^}]+)\}/g, ":$1") })),
  );
}

/**
 * GET /api/v1/openapi.json    the document
 * GET /docs                   Swagger UI (its files from swagger-ui-dist, served from here)
 */
export function createDocsRouter(document: OpenApiDocument = createOpenApiDocument()): Router {
  const router = Router();
  router.get("/api/v1/openapi.json", (_req, res) => {
    res.json(document);
  });
  const page = swaggerUi.setup(document as unknown as swaggerUi.JsonObject, {
    customSiteTitle: "Trusted Data Ledger API",
    // no validator badge: it would call validator.swagger.io
    swaggerOptions: { validatorUrl: null },
  });
  // Relative asset URLs need the trailing slash.
  router.get("/docs", (req, res, next) => {
    if (req.originalUrl.split("?")[0].endsWith("/")) return next();
    res.redirect(301, "/docs/");
  });
  const ui = [...swaggerUi.serveFiles(document as unknown as swaggerUi.JsonObject, { swaggerOptions: { validatorUrl: null } }), page];
  // the UI is read-only: other methods fall through to the JSON 404
  router.use("/docs", (req, res, next) => (req.method === "GET" || req.method === "HEAD" ? next() : next("router")), ...ui);
  return router;
}
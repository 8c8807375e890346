import { Router } from "express";
import swaggerUi from "swagger-ui-express";
import { SUBJECT_KINDS } from "../storage/history-store";
import { DISCLOSURE_ENUMS } from "../chain/disclosure-reader";
import { FEED_EVENT_NAMES } from "./feed-routes";

/*
 * The node's API as an OpenAPI 3.1 document (a typed object, so the compiler keeps it well formed),
 * served at /api/v1/openapi.json, with Swagger UI at /docs from swagger-ui-dist's bundled files (no
 * CDN). test/server/http/openapi.test.ts checks that every route the app registers is here with the
 * right method, and every path here is a route.
 */

// ==== the slice of OpenAPI 3.1 we use ====

export type Schema = {
  readonly type?: "object" | "array" | "string" | "integer" | "number" | "boolean" | "null" | readonly ("object" | "array" | "string" | "integer" | "number" | "boolean" | "null")[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly enum?: readonly (string | number | null)[];
  readonly const?: string | number | boolean;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly default?: unknown;
  readonly example?: unknown;
  readonly oneOf?: readonly Schema[];
  readonly $ref?: string;
};

export interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required?: boolean;
  readonly description?: string;
  readonly schema: Schema;
}

export interface MediaType {
  readonly schema: Schema;
  readonly example?: unknown;
}

export interface Response {
  readonly description: string;
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly schema: Schema }>>;
  readonly content?: Readonly<Record<string, MediaType>>;
}

export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly (Parameter | { readonly $ref: string })[];
  readonly requestBody?: { readonly required: boolean; readonly content: Readonly<Record<string, MediaType>> };
  readonly responses: Readonly<Record<string, Response | { readonly $ref: string }>>;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export type PathItem = Partial<Record<HttpMethod, Operation>>;

export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly info: { readonly title: string; readonly version: string; readonly description: string; readonly license: { readonly name: string; readonly identifier: string } };
  readonly servers?: readonly { readonly url: string }[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, Schema>>;
    readonly parameters: Readonly<Record<string, Parameter>>;
    readonly responses: Readonly<Record<string, Response>>;
    readonly securitySchemes: Readonly<Record<string, { readonly type: "http"; readonly scheme: "bearer"; readonly description: string }>>;
  };
}

// ==== building blocks ====

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, example?: unknown): Readonly<Record<string, MediaType>> => ({
  "application/json": example === undefined ? { schema } : { schema, example },
});
const ok = (description: string, schema: Schema): Response => ({ description, content: json(schema) });
const errors = (...codes: string[]): Record<string, { $ref: string }> =>
  Object.fromEntries(codes.map((code) => [code, { $ref: `#/components/responses/E${code}` }]));
const query = (name: string, schema: Schema, description: string): Parameter => ({ name, in: "query", required: false, description, schema });
const path = (name: string, schema: Schema, description: string): Parameter => ({ name, in: "path", required: true, description, schema });
const named = (names: readonly string[]): Schema => ({ type: "string", enum: names.filter((n) => n !== "none") });

const HEX32 = "^0x[0-9a-f]{64}$";
const ADDRESS = "^0x[0-9a-fA-F]{40}$";
const CURSOR = "^[0-9]{1,15}-[0-9]{1,10}$";
const bool: Schema = { type: "string", enum: ["true", "false"] };
const id: Schema = { type: "integer", minimum: 1, maximum: 4294967295 };
const uint: Schema = { type: "integer", minimum: 0 };
const nullableString: Schema = { type: ["string", "null"] };
const nullableInt: Schema = { type: ["integer", "null"] };
const signedIn = [{ session: [] as string[] }];

const listParams = [
  query("limit", { type: "integer", minimum: 1, maximum: 500, default: 100 }, "Items per page."),
  query("offset", { type: "integer", minimum: 0, default: 0 }, "Items to skip."),
];

const list = (key: string, item: string): Schema => ({
  type: "object",
  required: ["block", "total", "offset", "limit", key],
  properties: { block: ref("BlockRef"), total: uint, offset: uint, limit: uint, [key]: { type: "array", items: ref(item) } },
});
const single = (key: string, item: string): Schema => ({ type: "object", required: ["block", key], properties: { block: ref("BlockRef"), [key]: ref(item) } });

// ==== the document ====

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
      { name: "feed", description: "The sync feed of catalog, registration and product-release events" },
      { name: "ops", description: "Health, readiness, metrics, this document" },
      { name: "web", description: "The dashboard, which verifies proofs in the browser against the chain" },
    ],
    paths: {
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
            content: json({ type: "object", required: ["requests"], additionalProperties: false, properties: { requests: { type: "array", minItems: 1, maxItems: 1000, items: ref("AccessRequest") } } }),
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
            query("type", { type: "string", enum: ["AGGREGATION", "RATE"] }, "Only alerts of this type."),
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

      // ---- the log ----
      "/api/v1/log/checkpoint": {
        get: {
          operationId: "logCheckpoint",
          summary: "The latest signed checkpoint (C2SP signed note; ?format=json for JSON)",
          tags: ["log"],
          parameters: [query("format", { type: "string", enum: ["note", "json"], default: "note" }, "note (text/plain) or json.")],
          responses: {
            "200": {
              description: "The checkpoint",
              content: { "text/plain": { schema: { type: "string" } }, "application/json": { schema: ref("CheckpointJson") } },
            },
            ...errors("400", "404"),
          },
        },
      },
      "/api/v1/log/entries/{index}": {
        get: {
          operationId: "logEntry",
          summary: "One log entry and its leaf hash",
          tags: ["log"],
          parameters: [path("index", uint, "Entry index (0-based).")],
          responses: {
            "200": ok("The entry", { type: "object", required: ["index", "entry", "leafHash"], properties: { index: uint, entry: ref("AccessLogEntry"), leafHash: { type: "string" } } }),
            ...errors("400", "404"),
          },
        },
      },
      "/api/v1/log/proofs/inclusion": {
        get: {
          operationId: "logInclusionProof",
          summary: "Inclusion proof of entry `index` in the tree of `size`",
          tags: ["log"],
          parameters: [{ ...query("index", uint, "Entry index."), required: true }, { ...query("size", uint, "Tree size (> index)."), required: true }],
          responses: {
            "200": ok("The proof (hex hashes)", {
              type: "object",
              properties: { index: uint, treeSize: uint, leafHash: { type: "string" }, inclusionProof: { type: "array", items: { type: "string" } } },
            }),
            ...errors("400", "404"),
          },
        },
      },
      "/api/v1/log/proofs/consistency": {
        get: {
          operationId: "logConsistencyProof",
          summary: "Consistency proof between two tree sizes",
          tags: ["log"],
          parameters: [{ ...query("from", uint, "Older size."), required: true }, { ...query("to", uint, "Newer size (>= from)."), required: true }],
          responses: {
            "200": ok("The proof (hex hashes)", { type: "object", properties: { from: uint, to: uint, consistencyProof: { type: "array", items: { type: "string" } } } }),
            ...errors("400", "404"),
          },
        },
      },
      "/api/v1/log/bundles/{index}": {
        get: {
          operationId: "logBundle",
          summary: "Proof bundle of an entry at the latest anchored checkpoint (verify with `tdl verify bundle`)",
          tags: ["log"],
          parameters: [path("index", uint, "Entry index (a receipt's logIndex).")],
          responses: { "200": ok("The bundle", ref("ProofBundle")), ...errors("400", "404") },
        },
      },

      // ---- history ----
      "/api/v1/history/{kind}/{id}": {
        get: {
          operationId: "history",
          summary: "One page of a subject's history, newest first, each event with its transaction and block",
          tags: ["history"],
          security: signedIn,
          parameters: [
            { $ref: "#/components/parameters/SubjectKind" },
            { $ref: "#/components/parameters/SubjectId" },
            query("cursor", { type: "string", pattern: CURSOR }, "The `next` of the previous page."),
            query("limit", { type: "integer", minimum: 1, maximum: 1000, default: 100 }, "Events per page."),
          ],
          responses: { "200": ok("A page of history", ref("HistoryPage")), ...errors("400", "401", "403", "429") },
        },
      },
      "/api/v1/history/{kind}/{id}/export": {
        get: {
          operationId: "historyExport",
          summary: "The whole history of a subject, streamed as JSON Lines or CSV (newest first)",
          tags: ["history"],
          security: signedIn,
          parameters: [
            { $ref: "#/components/parameters/SubjectKind" },
            { $ref: "#/components/parameters/SubjectId" },
            query("format", { type: "string", enum: ["jsonl", "csv"], default: "jsonl" }, "jsonl (application/x-ndjson) or csv (text/csv)."),
          ],
          responses: {
            "200": {
              description: "The export, as an attachment",
              content: {
                "application/x-ndjson": { schema: { type: "string", description: "One ChainEvent JSON object per line" } },
                "text/csv": { schema: { type: "string", description: "Columns: blockNumber, blockTime, blockHash, txHash, logIndex, contract, address, event, args (JSON)" } },
              },
            },
            ...errors("400", "401", "403", "429"),
          },
        },
      },

      // ---- disclosure ----
      "/api/v1/disclosure/organizations": {
        get: {
          operationId: "disclosureOrganizations",
          summary: "Organisations with their current qualification and its term",
          tags: ["disclosure"],
          parameters: [
            query("kind", named(DISCLOSURE_ENUMS.orgKind), "Organisation kind."),
            query("status", named(DISCLOSURE_ENUMS.orgStatus), "Organisation status."),
            query("qualified", bool, "Qualified now (or not)."),
            query("q", { type: "string", maxLength: 100 }, "Case-insensitive substring of the name."),
            ...listParams,
          ],
          responses: { "200": ok("Organisations", list("organizations", "Organization")), ...errors("400", "429", "503") },
        },
      },
      "/api/v1/disclosure/organizations/{id}": {
        get: {
          operationId: "disclosureOrganization",
          summary: "One organisation",
          tags: ["disclosure"],
          parameters: [path("id", id, "Organisation id.")],
          responses: { "200": ok("The organisation", single("organization", "Organization")), ...errors("400", "404", "429", "503") },
        },
      },
      "/api/v1/disclosure/grants": {
        get: {
          operationId: "disclosureGrants",
          summary: "Who is authorized, for what content and scope, until when",
          tags: ["disclosure"],
          parameters: [
            query("grantee", id, "Grantee organisation."),
            query("grantor", id, "Grantor organisation."),
            query("status", named(DISCLOSURE_ENUMS.grantStatus), "Stored status."),
            query("live", bool, "Live now (status, term, both parties, the chain up to the bureau)."),
            query("purpose", named(DISCLOSURE_ENUMS.purpose), "Purpose."),
            query("resource", id, "Grants whose scope holds this resource."),
            ...listParams,
          ],
          responses: { "200": ok("Grants", list("grants", "Grant")), ...errors("400", "429", "503") },
        },
      },
      "/api/v1/disclosure/grants/{id}": {
        get: {
          operationId: "disclosureGrant",
          summary: "One grant",
          tags: ["disclosure"],
          parameters: [path("id", id, "Grant id.")],
          responses: { "200": ok("The grant", single("grant", "Grant")), ...errors("400", "404", "429", "503") },
        },
      },
      "/api/v1/disclosure/products": {
        get: {
          operationId: "disclosureProducts",
          summary: "The published product and service list",
          tags: ["disclosure"],
          parameters: [
            query("state", { type: "string", enum: [...DISCLOSURE_ENUMS.productState.filter((s) => s !== "none"), "any"], default: "published" }, "Product state."),
            query("developer", id, "Developer organisation."),
            query("grant", id, "The scenario grant it is bound to."),
            query("form", named(DISCLOSURE_ENUMS.productForm), "Product form (Art. 4)."),
            query("source", id, "Products declaring this resource as a source."),
            query("q", { type: "string", maxLength: 100 }, "Case-insensitive substring of a registration number or the developer's name."),
            ...listParams,
          ],
          responses: { "200": ok("Products", list("products", "Product")), ...errors("400", "429", "503") },
        },
      },
      "/api/v1/disclosure/products/{id}": {
        get: {
          operationId: "disclosureProduct",
          summary: "One product, whatever its state",
          tags: ["disclosure"],
          parameters: [path("id", id, "Product id.")],
          responses: { "200": ok("The product", single("product", "Product")), ...errors("400", "404", "429", "503") },
        },
      },
      "/api/v1/disclosure/catalog": {
        get: {
          operationId: "disclosureCatalog",
          summary: "The data-resource catalog, metadata only (hashes stay hashes)",
          tags: ["disclosure"],
          parameters: [
            query("source", id, "Data-source department."),
            query("classification", { type: "integer", minimum: 1, maximum: 4 }, "Classification level."),
            query("open", bool, "Open for development (in the authorized-operation catalog)."),
            query("inScope", bool, "Inside the operator's authorized scope."),
            query("q", { type: "string", maxLength: 100 }, "Case-insensitive substring of the code, registration number or source name."),
            ...listParams,
          ],
          responses: { "200": ok("Resources", list("resources", "Resource")), ...errors("400", "429", "503") },
        },
      },
      "/api/v1/disclosure/catalog/{id}": {
        get: {
          operationId: "disclosureResource",
          summary: "One resource",
          tags: ["disclosure"],
          parameters: [path("id", id, "Resource id.")],
          responses: { "200": ok("The resource", single("resource", "Resource")), ...errors("400", "404", "429", "503") },
        },
      },

      // ---- feed ----
      "/api/v1/feed": {
        get: {
          operationId: "feed",
          summary: "Catalog, registration and product-release events in chain order, resumable by cursor",
          description:
            "Pass the `cursor` of the last page back as `after`. Every event comes exactly once, whatever the page sizes. " +
            "Keep reading until `caughtUp` is true; a page may hold fewer than `limit` events before that.",
          tags: ["feed"],
          parameters: [
            query("after", { type: "string", pattern: CURSOR }, "The `cursor` of the previous page; absent to start at the beginning."),
            query("limit", { type: "integer", minimum: 1, maximum: 1000, default: 100 }, "Most events per page."),
            query("event", { type: "string" }, `Comma-separated subset of: ${FEED_EVENT_NAMES.join(", ")}.`),
          ],
          responses: { "200": ok("A page of the feed", ref("FeedPage")), ...errors("400", "429") },
        },
      },
    },
    components: {
      securitySchemes: {
        session: { type: "http", scheme: "bearer", description: "The session token from POST /api/v1/auth/sign-in: `Authorization: Bearer <token>`." },
      },
      parameters: {
        SubjectKind: path("kind", { type: "string", enum: Object.keys(SUBJECT_KINDS) }, "What the history is about."),
        SubjectId: path("id", { type: "string", pattern: "^([0-9]{1,78}|0x[0-9a-fA-F]{1,64})$" }, "Decimal id, or 0x address / hash."),
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
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          additionalProperties: false,
          properties: {
            error: { type: "object", required: ["code", "message"], additionalProperties: false, properties: { code: { type: "string" }, message: { type: "string" } } },
          },
        },
        Health: {
          type: "object",
          required: ["status", "logSize"],
          properties: { status: { type: "string" }, logSize: uint, anchoring: { type: ["object", "null"] } },
        },
        Readiness: {
          type: "object",
          required: ["status", "checks"],
          properties: {
            status: { type: "string", enum: ["ready", "not ready"] },
            notReady: { type: "array", items: { type: "string", enum: ["chain", "storage", "indexer"] } },
            checks: {
              type: "object",
              properties: Object.fromEntries(
                ["chain", "storage", "indexer"].map((part) => [
                  part,
                  { type: "object", required: ["ready", "configured"], properties: { ready: { type: "boolean" }, configured: { type: "boolean" }, reason: { type: "string" } } } satisfies Schema,
                ]),
              ),
            },
          },
        },
        SignInNonce: {
          type: "object",
          required: ["nonce", "expiresAt", "domain", "uri", "chainId", "version"],
          properties: {
            nonce: { type: "string" },
            expiresAt: { type: "string", format: "date-time" },
            domain: { type: "string" },
            uri: { type: "string" },
            chainId: { type: "integer" },
            version: { const: "1" },
          },
        },
        SignInRequest: {
          type: "object",
          required: ["message", "signature"],
          properties: {
            message: { type: "string", maxLength: 4096, description: "The EIP-4361 message, exactly as signed (personal_sign)" },
            signature: { type: "string", pattern: "^0x[0-9a-fA-F]{130}$" },
          },
        },
        Session: {
          type: "object",
          required: ["token", "tokenType", "expiresAt", "key", "org", "kind"],
          properties: {
            token: { type: "string", description: "Send as Authorization: Bearer <token>" },
            tokenType: { const: "Bearer" },
            expiresAt: { type: "string", format: "date-time" },
            key: { type: "string", pattern: ADDRESS },
            org: uint,
            kind: { type: "string", description: "Organisation kind (Operator, Developer, Bureau, ...)" },
          },
        },
        AccessRequest: {
          type: "object",
          required: ["operation", "grantId", "scenario", "resourceId", "fields"],
          additionalProperties: false,
          description: "Send exactly one of requestDigest or request.",
          properties: {
            operation: { type: "string", pattern: "^[a-z][a-z0-9_-]{0,31}$", description: "query, compute, download, export, ..." },
            grantId: { type: ["integer", "string"], description: "uint32" },
            scenario: { type: "string", pattern: "^0x[0-9a-fA-F]{64}$", description: "keccak256 of the scenario name" },
            resourceId: { type: ["integer", "string"], description: "uint32" },
            fields: { type: "string", pattern: "^0x[0-9a-fA-F]{1,64}$", description: "Field bit mask (bit i = field i of the resource's field list), not zero" },
            requestDigest: { type: "string", pattern: "^(0x)?[0-9a-fA-F]{64}$", description: "SHA-256 of the request the client will run" },
            request: { description: "The request itself; the node records only the SHA-256 of its canonical JSON" },
          },
        },
        Receipt: {
          type: "object",
          description: "The node's signed word that the decision is entry `index` of its log; the proof bundle follows at /api/v1/log/bundles/{index} once an anchor covers checkpointSizeToCome",
          required: ["version", "origin", "index", "leafHash", "entry", "range", "checkpointSizeToCome"],
          properties: {
            version: { const: 1 },
            origin: { type: "string" },
            index: uint,
            leafHash: { type: "string" },
            entry: ref("AccessLogEntry"),
            range: { type: "object", properties: { start: uint, size: uint, proof: { type: "array", items: { type: "string" } } } },
            checkpointSizeToCome: uint,
            note: { type: "string", description: "Signed note over the range (single requests; a batch carries it once per range)" },
          },
        },
        BatchResult: {
          type: "object",
          required: ["decision", "reason", "message", "messageZh", "receipt"],
          properties: {
            decision: { type: "string", enum: ["allowed", "denied"] },
            reason: { type: "string" },
            message: { type: "string" },
            messageZh: { type: "string" },
            receipt: ref("Receipt"),
          },
        },
        AccessDecision: {
          type: "object",
          required: ["decision", "reason", "message", "messageZh", "receipt"],
          properties: {
            decision: { type: "string", enum: ["allowed", "denied"] },
            reason: { type: "string", description: "ALLOWED, or why not: GRANT_EXPIRED, FIELDS_OUT_OF_SCOPE, RAW_EXPORT_REFUSED, SCENARIO_MISMATCH, ..." },
            message: { type: "string" },
            messageZh: { type: "string" },
            receipt: ref("Receipt"),
          },
        },
        Alert: {
          type: "object",
          properties: {
            id: { type: "string" },
            org: uint,
            type: { type: "string", enum: ["AGGREGATION", "RATE"] },
            window: { type: "object", properties: { from: { type: "string", format: "date-time" }, to: { type: "string", format: "date-time" } } },
            details: { type: "object" },
            raisedAt: { type: "string", format: "date-time" },
          },
        },
        UsageStatement: {
          type: "object",
          required: ["origin", "grantId", "period", "lines", "total", "grant"],
          properties: {
            origin: { type: "string" },
            grantId: { type: "string", description: "As the log records it (bytes32 hex)" },
            grant: uint,
            period: { type: "object", properties: { from: { type: "string", format: "date-time" }, to: { type: "string", format: "date-time" } } },
            lines: {
              type: "array",
              items: { type: "object", properties: { resourceId: { type: "string" }, operation: { type: "string" }, count: uint, logIndices: { type: "array", items: uint } } },
            },
            total: uint,
          },
        },
        CheckpointJson: {
          type: "object",
          required: ["origin", "size", "root", "note", "verifierKey"],
          properties: { origin: { type: "string" }, size: uint, root: { type: "string" }, note: { type: "string" }, verifierKey: { type: "string" } },
        },
        AccessLogEntry: {
          type: "object",
          required: ["time", "origin", "org", "key", "operation", "grantId", "scenario", "resourceId", "fields", "decision", "reason", "requestDigest"],
          properties: {
            time: { type: "string", format: "date-time" },
            origin: { type: "string" },
            org: { type: "string" },
            key: { type: "string" },
            operation: { type: "string" },
            grantId: nullableString,
            scenario: nullableString,
            resourceId: { type: "string" },
            fields: { type: "string" },
            decision: { type: "string", enum: ["allowed", "denied"] },
            reason: { type: "string" },
            requestDigest: { type: "string" },
          },
        },
        ProofBundle: {
          type: "object",
          required: ["version", "origin", "index", "entry", "leafHash", "treeSize", "inclusionProof", "checkpoint", "verifierKey", "anchor"],
          properties: {
            version: { const: 1 },
            origin: { type: "string" },
            index: uint,
            entry: ref("AccessLogEntry"),
            leafHash: { type: "string" },
            treeSize: uint,
            inclusionProof: { type: "array", items: { type: "string" } },
            checkpoint: { type: "string", description: "C2SP signed note" },
            verifierKey: { type: "string" },
            anchor: {
              type: ["object", "null"],
              properties: { chainId: uint, contract: { type: "string" }, logId: uint, size: uint, root: { type: "string" }, txHash: { type: "string" }, blockNumber: uint },
            },
          },
        },
        WebConfig: {
          type: "object",
          required: ["rpcUrl", "chainId", "anchorContract", "logId", "origin", "verifierKey"],
          properties: {
            rpcUrl: nullableString,
            chainId: nullableInt,
            anchorContract: nullableString,
            logId: nullableInt,
            origin: { type: "string" },
            verifierKey: { type: "string" },
            explorerUrl: nullableString,
          },
        },
        BlockRef: { type: "object", required: ["number", "timestamp"], properties: { number: uint, timestamp: uint } },
        HeadRef: { type: ["object", "null"], properties: { number: uint, hash: { type: "string" }, timestamp: uint } },
        ChainEvent: {
          type: "object",
          required: ["position", "blockNumber", "blockHash", "blockTimestamp", "txHash", "txIndex", "logIndex", "contract", "address", "event", "args", "subjects"],
          properties: {
            position: { type: "string", pattern: CURSOR, description: "block-logIndex" },
            blockNumber: uint,
            blockHash: { type: "string", pattern: HEX32 },
            blockTimestamp: uint,
            txHash: { type: "string", pattern: HEX32 },
            txIndex: uint,
            logIndex: uint,
            contract: { type: "string" },
            address: { type: "string" },
            event: { type: "string" },
            args: { type: "object", description: "Arguments by name: numbers as decimal strings, bytes as 0x-hex, structs as objects" },
            subjects: { type: "array", items: { type: "object", properties: { kind: { type: "string" }, id: { type: "string" } } } },
          },
        },
        HistoryPage: {
          type: "object",
          required: ["subject", "events", "next", "indexedHead"],
          properties: {
            subject: { type: "object", properties: { kind: { type: "string" }, id: { type: "string" } } },
            events: { type: "array", items: ref("ChainEvent") },
            next: { type: ["string", "null"], description: "Pass as `cursor` for the next (older) page; null on the last" },
            indexedHead: ref("HeadRef"),
          },
        },
        FeedPage: {
          type: "object",
          required: ["events", "cursor", "caughtUp", "indexedHead"],
          properties: {
            events: { type: "array", items: ref("ChainEvent") },
            cursor: { type: ["string", "null"], description: "Pass as `after` to resume" },
            caughtUp: { type: "boolean", description: "The feed has nothing after `cursor` (yet)" },
            indexedHead: ref("HeadRef"),
          },
        },
        Qualification: {
          type: "object",
          properties: {
            id: uint,
            role: { type: "string" },
            state: { type: "string" },
            validFrom: nullableInt,
            validUntil: nullableInt,
            qualifiedNow: { type: "boolean" },
            agreementHash: nullableString,
            securityCommitmentHash: nullableString,
          },
        },
        Organization: {
          type: "object",
          required: ["id", "name", "kind", "status", "registeredAt", "creditCodeHash", "keyCount", "qualification"],
          properties: {
            id: uint,
            name: { type: "string" },
            kind: { type: "string" },
            status: { type: "string" },
            registeredAt: uint,
            creditCodeHash: { type: "string", pattern: HEX32 },
            keyCount: uint,
            qualification: { oneOf: [ref("Qualification"), { type: "null" }] },
          },
        },
        ScopedResource: { type: "object", properties: { resourceId: uint, fieldMask: { type: "string" }, fieldCount: uint } },
        Grant: {
          type: "object",
          required: ["id", "grantor", "grantee", "purpose", "start", "end", "status", "live", "denial", "scope"],
          properties: {
            id: uint,
            grantor: uint,
            grantorName: nullableString,
            grantee: uint,
            granteeName: nullableString,
            parent: nullableInt,
            application: nullableInt,
            scenario: nullableString,
            purpose: { type: "string" },
            start: uint,
            end: uint,
            status: { type: "string" },
            live: { type: "boolean" },
            denial: { type: "string" },
            agreementHash: { type: "string" },
            feeTermsHash: nullableString,
            scope: {
              type: "object",
              properties: { kind: { type: "string", enum: ["wholeCatalog", "scenario"] }, resources: { type: "array", items: ref("ScopedResource") } },
            },
          },
        },
        Product: {
          type: "object",
          required: ["id", "developer", "grantId", "version", "form", "state", "metadataHash", "sources", "usability"],
          properties: {
            id: uint,
            developer: uint,
            developerName: nullableString,
            grantId: uint,
            version: uint,
            form: { type: "string" },
            state: { type: "string" },
            metadataHash: { type: "string", pattern: HEX32 },
            registrationNumber: nullableString,
            exchangeRegistrationNumber: nullableString,
            sources: { type: "array", items: uint },
            usability: { type: "string" },
          },
        },
        Resource: {
          type: "object",
          required: ["id", "code", "source", "version", "inOperationScope", "openForDevelopment", "metadataHash", "fieldListHash", "fieldCount", "classification"],
          properties: {
            id: uint,
            code: { type: "string", pattern: HEX32 },
            source: uint,
            sourceName: nullableString,
            version: uint,
            inOperationScope: { type: "boolean" },
            openForDevelopment: { type: "boolean" },
            registrationNumber: nullableString,
            metadataHash: { type: "string", pattern: HEX32 },
            fieldListHash: { type: "string", pattern: HEX32 },
            fieldCount: uint,
            classification: { type: "integer", minimum: 1, maximum: 4 },
            updateInterval: uint,
            updatedAt: uint,
          },
        },
      },
    },
  };
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

import { acceptedBy, described, errors, json, ok, parametersOf, ref, signedIn, uint } from "./openapi-blocks";
import type { Schema } from "./openapi-types";
import { productRunBody, productRunParams } from "./product-run-routes";
import { queriesListQuery, queryRequestBody } from "./query-routes";

/** The data plane's part of the document: queries under a grant, and the query record log entries carry. */
export const QUERY_SCHEMAS: Readonly<Record<string, Schema>> = {
  QueryRequest: described(acceptedBy(queryRequestBody), "aggregate (the default) sends sql; verify sends resource and records.", {
    grantId: "uint32: the scenario grant the query runs under",
    scenario: "keccak256 of the grant's scenario name",
    operation: "aggregate (aggregates over at least k source rows) or verify (match / no match per record); rows and export are refused (R1) and recorded",
    sql: "One SELECT over the grant's resources, written r<resourceId> (e.g. r12), fields by their names in the field list",
    resource: "verify: the resource alias the records are checked against",
    records: "verify: records of granted field names and values; the answer is match or no match per record, never a stored value",
    versions: "Dataset versions to read by resource alias, e.g. {\"r12\": 1}; the latest for any not named (old versions stay queryable)",
  }),
  ProductRunRequest: described(acceptedBy(productRunBody), "An approved template of the product's reviewed version and its parameters.", {
    template: "The template's name in the product's document (the document whose hash is the version's metadataHash on chain)",
    parameters: "The template's $name parameters: strings, numbers or booleans by their declared types; dates as YYYY-MM-DD",
  }),
  QueryAnswer: {
    type: "object",
    required: ["decision", "reason", "message", "messageZh", "columns", "rows", "groupsSuppressed", "rowsScanned", "resultDigest", "receipt"],
    properties: {
      decision: { type: "string", enum: ["allowed", "denied"] },
      reason: { type: "string", description: "ALLOWED, or why not: FIELD_NOT_GRANTED, ROW_LEVEL_OUTPUT, RAW_EXPORT_REFUSED, QUERY_TIME_LIMIT, NO_DATASET_VERSION, ..." },
      message: { type: "string" },
      messageZh: { type: "string" },
      columns: { type: "array", items: { type: "string" } },
      rows: { type: "array", items: { type: "array", items: {} } },
      groupsSuppressed: { ...uint, description: "Groups left out because they summarise fewer than k source rows" },
      rowsScanned: uint,
      resultDigest: { type: ["string", "null"], description: "SHA-256 of the canonical answer {columns, rows}; the log entry's query.resultDigest" },
      receipt: ref("Receipt"),
    },
  },
  QueryRecord: {
    type: "object",
    description: "On entries of queries: what was read and the digest of what left (Art. 24, R17)",
    required: ["sqlDigest", "reads", "columns", "rowsScanned", "rowsReturned", "groupsSuppressed", "resultDigest"],
    properties: {
      sqlDigest: { type: "string" },
      reads: {
        type: "array",
        items: { type: "object", required: ["resourceId", "datasetVersion", "contentDigest"], properties: { resourceId: { type: "string" }, datasetVersion: { type: "string" }, contentDigest: { type: "string" } } },
      },
      columns: { type: "array", items: { type: "string" } },
      rowsScanned: uint,
      rowsReturned: uint,
      groupsSuppressed: uint,
      resultDigest: { type: ["string", "null"] },
      product: {
        type: "object",
        description: "On a data product's run: the product, its version, the approved template and the digest of the document holding it",
        required: ["productId", "version", "template", "manifestDigest"],
        properties: { productId: { type: "string" }, version: { type: "string" }, template: { type: "string" }, manifestDigest: { type: "string" } },
      },
    },
  },
};

export const QUERY_PATHS = {
  "/api/v1/products/{id}/runs": {
    post: {
      operationId: "runProduct",
      summary: "Run a published data product's approved query template under its grant (Art. 19, R13): by the developer's staff; logged like a query, with the product named",
      description: "A template the product's reviewed document does not carry, a product not published or whose grant is not live, or another organisation's key: 403 with the reason, nothing run.",
      tags: ["access"],
      security: signedIn,
      parameters: parametersOf(productRunParams, "path", { id: "The product" }),
      requestBody: { required: true, content: json(ref("ProductRunRequest")) },
      responses: { "200": ok("The answer with its signed receipt", ref("QueryAnswer")), ...errors("400", "401", "403", "404", "429", "503") },
    },
  },
  "/api/v1/queries": {
    post: {
      operationId: "query",
      summary: "Run a query on the node's data under a grant: aggregates only (可用不可见) or verification; every query is logged with its result digest and receipted",
      description:
        "A refusal is 200 with decision \"denied\" and its reason: the query was processed and recorded, and nothing was answered. " +
        "When the chain cannot be reached within the staleness bound the attempt is recorded as denied (CHAIN_UNAVAILABLE) and the answer is 503 (fail closed).",
      tags: ["access"],
      security: signedIn,
      requestBody: { required: true, content: json(ref("QueryRequest")) },
      responses: { "200": ok("The answer with its signed receipt", ref("QueryAnswer")), ...errors("400", "401", "413", "429", "503") },
    },
    get: {
      operationId: "queries",
      summary: "The queries of a grant, newest first, as the log records them: who asked what, rows scanned and returned, groups suppressed, the result digest (grantee, grantor, bureau and supervisors)",
      tags: ["access"],
      security: signedIn,
      parameters: parametersOf(queriesListQuery, "query", {
        grantId: "The grant",
        before: "Only entries before this log index (the previous page's next)",
        limit: "At most this many (default 100)",
      }),
      responses: {
        "200": ok("The grant's queries", {
          type: "object",
          required: ["grant", "queries", "next"],
          properties: {
            grant: uint,
            queries: { type: "array", items: { ...ref("AccessLogEntry"), description: "A log entry of the grant carrying a query record, with its log index as index" } },
            next: { type: ["string", "null"], description: "Pass as before= for the next page; null on the last" },
          },
        }),
        ...errors("400", "401", "403", "404"),
      },
    },
  },
};

import { DISCLOSURE_ENUMS } from "../chain/disclosure-reader";
import { FEED_EVENT_NAMES } from "./feed-routes";
import { bool, CURSOR, errors, id, json, listParams, named, ok, path, query, ref, signedIn, single, list, uint } from "./openapi-blocks";
import type { PathItem } from "./openapi-types";

/** The document's paths for what the node records and publishes: the log, the history, the disclosure and the feed. */
export const RECORD_PATHS: Readonly<Record<string, PathItem>> = {
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
};

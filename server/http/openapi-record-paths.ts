import { DEFAULT_PAGE, MAX_PAGE } from "../storage/history-store";
import { FEED_EVENT_NAMES, feedQuery } from "./feed-routes";
import { exportQuery, pageQuery } from "./history-routes";
import { checkpointQuery, consistencyQuery, inclusionQuery, indexParams } from "./log-routes";
import { DISCLOSURE_PATHS } from "./openapi-disclosure-paths";
import { errors, ok, parametersOf, ref, signedIn, uint } from "./openapi-blocks";
import type { PathItem } from "./openapi-types";

/** The document's paths for what the node records and publishes: the log, the history, the disclosure and the feed. */
export const RECORD_PATHS: Readonly<Record<string, PathItem>> = {
  // ---- the log ----
  "/api/v1/log/checkpoint": {
    get: {
      operationId: "logCheckpoint",
      summary: "The latest signed checkpoint (C2SP signed note; ?format=json for JSON)",
      tags: ["log"],
      parameters: parametersOf(checkpointQuery, "query", { format: "note (text/plain, the default) or json." }),
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
      summary: "One log entry's leaf hash, and the entry itself for the parties of its grant and supervisors",
      description:
        "Anyone gets the leaf hash (inclusion stays publicly verifiable). The entry's contents go to a session of the requesting organisation, the grant's grantee or grantor, the bureau or a supervisor; anyone else gets `entry: null` and `withheld` saying why.",
      tags: ["log"],
      parameters: parametersOf(indexParams, "path", { index: "Entry index (0-based)." }),
      security: [{}, ...signedIn],
      responses: {
        "200": ok("The entry, or its leaf hash alone", {
          type: "object",
          required: ["index", "entry", "leafHash"],
          properties: {
            index: uint,
            entry: { oneOf: [ref("AccessLogEntry"), { type: "null" }] },
            leafHash: { type: "string" },
            withheld: { type: "string", description: "Why the entry is withheld (English)" },
            withheldZh: { type: "string", description: "Why the entry is withheld (Chinese)" },
          },
        }),
        ...errors("400", "401", "404"),
      },
    },
  },
  "/api/v1/log/proofs/inclusion": {
    get: {
      operationId: "logInclusionProof",
      summary: "Inclusion proof of entry `index` in the tree of `size`",
      tags: ["log"],
      parameters: parametersOf(inclusionQuery, "query", { index: "Entry index.", size: "Tree size (> index)." }),
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
      parameters: parametersOf(consistencyQuery, "query", { from: "Older size.", to: "Newer size (>= from)." }),
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
      description: "For the parties of the entry's grant (the requesting organisation, grantee, grantor), the bureau and supervisors: 401 without a session, 403 for others. Anyone may verify inclusion with /api/v1/log/proofs/inclusion and the checkpoint.",
      parameters: parametersOf(indexParams, "path", { index: "Entry index (a receipt's logIndex)." }),
      security: signedIn,
      responses: { "200": ok("The bundle", ref("ProofBundle")), ...errors("400", "401", "403", "404") },
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
        ...parametersOf(pageQuery, "query", { cursor: "The `next` of the previous page.", limit: `Events per page, 1..${MAX_PAGE}; default ${DEFAULT_PAGE}.` }),
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
        ...parametersOf(exportQuery, "query", { format: "jsonl (application/x-ndjson, the default) or csv (text/csv)." }),
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

  ...DISCLOSURE_PATHS,

  // ---- feed ----
  "/api/v1/feed": {
    get: {
      operationId: "feed",
      summary: "Catalog, registration and product-release events in chain order, resumable by cursor",
      description:
        "Pass the `cursor` of the last page back as `after`. Every event comes exactly once, whatever the page sizes. " +
        "Keep reading until `caughtUp` is true; a page may hold fewer than `limit` events before that.",
      tags: ["feed"],
      parameters: parametersOf(feedQuery, "query", {
        after: "The `cursor` of the previous page; absent to start at the beginning.",
        limit: `Most events per page, 1..${MAX_PAGE}; default 100.`,
        event: `Comma-separated subset of: ${FEED_EVENT_NAMES.join(", ")}.`,
      }),
      responses: { "200": ok("A page of the feed", ref("FeedPage")), ...errors("400", "429") },
    },
  },
};

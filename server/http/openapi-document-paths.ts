import { datasetParams, datasetPutQuery, stagedDatasetBody } from "./dataset-routes";
import { DISCLOSURE_HEADER, documentParams, documentPutQuery, HASH_HEADER, storedDocumentBody } from "./document-routes";
import { errors, json, ok, parametersOf, producedBy, ref, signedIn } from "./openapi-blocks";
import type { PathItem } from "./openapi-types";

const hashParameter = parametersOf(documentParams, "path", { hash: "The document's SHA-256, 0x and 64 hex digits." });
const unprocessable = (what: string) => ({ description: what, content: json(ref("Error")) });

/** The document's paths for the content-addressed documents behind the chain's hashes (issue 14 item 1). */
export const DOCUMENT_PATHS: Readonly<Record<string, PathItem>> = {
  "/api/v1/documents/{hash}": {
    get: {
      operationId: "documentGet",
      summary: "A document by its hash: public to anyone, restricted to its parties, the bureau and supervisors",
      description: `The body is the document's bytes; header ${HASH_HEADER} names its hash, so the reader re-checks it. A restricted document needs a session (401 without one, 403 for an organisation that is not a party).`,
      tags: ["documents"],
      parameters: hashParameter,
      responses: {
        "200": {
          description: "The document's bytes",
          headers: {
            [HASH_HEADER]: { description: "The SHA-256 of the body", schema: { type: "string", pattern: "^0x[0-9a-f]{64}$" } },
            [DISCLOSURE_HEADER]: { description: "public or restricted", schema: { type: "string", enum: ["public", "restricted"] } },
          },
          content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
        },
        ...errors("400", "401", "403", "404"),
      },
    },
    put: {
      operationId: "documentPut",
      summary: "Store a document whose hash the chain holds (or a pending transaction carries); idempotent, never overwritten",
      description:
        "The raw body must hash (SHA-256) to the path's hash. A restricted document lists its parties (organisation ids); the uploading organisation is one of them. " +
        "A document already held is not changed: the answer is 200 with the record first stored.",
      tags: ["documents"],
      security: signedIn,
      parameters: [
        ...hashParameter,
        ...parametersOf(documentPutQuery, "query", {
          disclosure: "public (the default) or restricted.",
          parties: "Restricted only: organisation ids that may read it, separated by commas.",
        }),
      ],
      requestBody: { required: true, content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
      responses: {
        "201": ok("Stored", producedBy(storedDocumentBody)),
        "200": ok("Already held: the record first stored", producedBy(storedDocumentBody)),
        "422": unprocessable("The body does not hash to the path's hash (DOCUMENT_HASH_MISMATCH), or no chain record holds it (DOCUMENT_NOT_REFERENCED)"),
        ...errors("400", "401", "413"),
      },
    },
  },
  "/api/v1/resources/{id}/datasets": {
    put: {
      operationId: "datasetPut",
      summary: "Publish a dataset version to this node (staff of the resource's one source department, Art. 6-8, R2)",
      description:
        "The raw body is the version's file (CSV with a header of the field names, JSON Lines, or Parquet), streamed to the node's uploads directory. " +
        "The node checks it against the field list whose hash the resource's current catalog version holds (the document must be in this node's store) and stages it; " +
        "the answer's contentDigest (SHA-256 of the bytes) and rowCount are what DataCatalog.publishDataset records, and only a version recorded on chain is read by queries. " +
        "A refused file (DATASET_INVALID names the first bad row and column) changes nothing; the same bytes again answer the same record.",
      tags: ["documents"],
      security: signedIn,
      parameters: [
        ...parametersOf(datasetParams, "path", { id: "The resource id." }),
        ...parametersOf(datasetPutQuery, "query", { format: "csv, jsonl or parquet." }),
      ],
      requestBody: { required: true, content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
      responses: {
        "201": ok("Staged: record it on chain with DataCatalog.publishDataset(id, contentDigest, rowCount)", producedBy(stagedDatasetBody)),
        "422": unprocessable("The file does not match the field list (DATASET_INVALID, with the first bad row and column)"),
        ...errors("400", "401", "403", "404", "413"),
      },
    },
  },
};

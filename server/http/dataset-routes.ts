import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Router } from "express";
import { z } from "zod";
import { TdlError } from "../errors";
import { DATASET_FORMATS, type DatasetIntake } from "../gateway";
import { requireSession, sessionOf } from "./auth";
import { parseRequest, uintParam } from "./params";
import type { SessionTokens } from "./session";

/*
 * Publishing a dataset version (Art. 6–8, R2): the source department's staff PUT the file's bytes, streamed
 * to the node's uploads directory and never held in memory; the node checks them against the resource's
 * field list and stages them. The answer's digest and row count are what DataCatalog.publishDataset records;
 * a refused file changes nothing, and the previous version stays the one queries read.
 */

export interface DatasetRouteDeps {
  readonly intake: DatasetIntake;
  readonly sessions: SessionTokens;
  /** Where uploads land before staging (the engine's one allowed directory). */
  readonly uploadsDir: string;
  /** The largest file accepted, bytes (default 4 GiB). */
  readonly maxBytes?: number;
}

export const datasetParams = z.object({ id: uintParam });
export const datasetPutQuery = z.strictObject({ format: z.enum(DATASET_FORMATS, { error: "must be csv, jsonl or parquet" }) });

/** What a PUT answers. */
export const stagedDatasetBody = z.strictObject({
  resourceId: z.number().int(),
  contentDigest: z.string(),
  rowCount: z.number().int(),
  fieldListHash: z.string(),
  format: z.enum(DATASET_FORMATS),
});

export const DEFAULT_MAX_DATASET_BYTES = 4 * 1024 ** 3;

/** Counts the bytes going through, failing once they pass the limit. */
function sizeLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new TdlError("DOCUMENT_TOO_LARGE", `a dataset file is at most ${maxBytes} bytes; this one is larger`));
      else done(null, chunk);
    },
  });
}

/**
 * PUT /:id/datasets?format=csv|jsonl|parquet   raw body: the version's bytes
 *   -> 201 {resourceId, contentDigest, rowCount, fieldListHash, format}; the same bytes again answer the same record
 */
export function datasetRoutes(deps: DatasetRouteDeps): Router {
  const router = Router();
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_DATASET_BYTES;
  router.put("/:id/datasets", requireSession(deps.sessions), async (req, res) => {
    const resourceId = Number(parseRequest(datasetParams, req.params, "path").id);
    const { format } = parseRequest(datasetPutQuery, req.query, "query");
    const resource = await deps.intake.checkPublisher(sessionOf(res).org, resourceId);
    const file = path.join(deps.uploadsDir, `${resourceId}-${randomBytes(8).toString("hex")}.${format}`);
    try {
      await pipeline(req, sizeLimit(maxBytes), createWriteStream(file, { flags: "wx", mode: 0o600 }));
      const staged = await deps.intake.stage(resourceId, resource, file, format);
      res.status(201).json({
        resourceId,
        contentDigest: staged.contentDigest,
        rowCount: staged.rowCount,
        fieldListHash: staged.fieldListHash,
        format: staged.format,
      } satisfies z.output<typeof stagedDatasetBody>);
    } finally {
      await rm(file, { force: true });
    }
  });
  return router;
}

import { pipeline } from "node:stream";
import { Readable } from "node:stream";
import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { historyChunks } from "../storage/history-export";
import { MAX_PAGE, SUBJECT_KINDS, normalizeSubjectId, type ChainEvent, type HistoryStore, type SubjectKind } from "../storage/history-store";
import { parseRequest, uintParam } from "./params";

/*
 * The audit history for supervisors: every chain event that names a subject (organisation, key,
 * grant, resource, product, application, ...), newest first with its transaction and block, paged by
 * cursor; and the same history streamed whole as JSON Lines or CSV.
 */

export interface HistoryRouteDeps {
  readonly history: HistoryStore;
  /** Runs before every history route (the node passes its session check and role check here). */
  readonly guard?: RequestHandler | readonly RequestHandler[];
}

const kinds = Object.keys(SUBJECT_KINDS) as [SubjectKind, ...SubjectKind[]];

/** Ids are decimal numbers or 0x-hex (addresses, hashes), as the indexer keeps them. */
export const subjectParams = z.object({
  kind: z.enum(kinds, { error: `must be one of ${kinds.join(", ")}` }),
  id: z
    .string()
    .regex(/^([0-9]{1,78}|0x[0-9a-fA-F]{1,64})$/, "must be a decimal id or 0x-hex (an address or hash)")
    .transform(normalizeSubjectId),
});

export const pageQuery = z.object({
  cursor: z.string().regex(/^[0-9]{1,15}-[0-9]{1,10}$/, "must be a cursor this node issued (the `next` of a page)").optional(),
  limit: uintParam.refine((n) => n >= 1 && n <= MAX_PAGE, `must be 1..${MAX_PAGE}`).optional(),
});

export const exportQuery = z.object({ format: z.enum(["jsonl", "csv"], { error: "must be jsonl or csv" }).optional() });

/** An event as the API shows it: the store's record and its position, the cursor of a page ending on it. */
export function eventView(event: ChainEvent): ChainEvent & { position: string } {
  return { position: `${event.blockNumber}-${event.logIndex}`, ...event };
}

const CONTENT_TYPE = { jsonl: "application/x-ndjson; charset=utf-8", csv: "text/csv; charset=utf-8" } as const;

/**
 * GET /:kind/:id?cursor=&limit=    one page of a subject's history, newest first
 * GET /:kind/:id/export?format=    the whole history streamed as JSON Lines (default) or CSV
 */
export function historyRoutes(deps: HistoryRouteDeps): Router {
  const { history } = deps;
  const router = Router();
  if (deps.guard) router.use(...(Array.isArray(deps.guard) ? deps.guard : [deps.guard]));

  router.get("/:kind/:id", async (req, res) => {
    const subject = parseRequest(subjectParams, req.params, "path");
    const { cursor, limit } = parseRequest(pageQuery, req.query, "query");
    const [page, head] = await Promise.all([history.history(subject, { cursor, limit }), history.head()]);
    res.json({
      subject,
      events: page.events.map(eventView),
      next: page.next ?? null,
      indexedHead: head ? { number: head.number, hash: head.hash, timestamp: head.timestamp } : null,
    });
  });

  router.get("/:kind/:id/export", async (req, res) => {
    const subject = parseRequest(subjectParams, req.params, "path");
    const { format = "jsonl" } = parseRequest(exportQuery, req.query, "query");
    const chunks = historyChunks(history, subject, { format });
    // The first chunk is read before any header is sent, so a storage failure still gets the JSON error body.
    const first = await chunks.next();
    res.status(200);
    res.set("Content-Type", CONTENT_TYPE[format]);
    res.set("Content-Disposition", `attachment; filename="history-${subject.kind}-${subject.id}.${format}"`);
    res.set("Cache-Control", "no-store");
    async function* rest(): AsyncGenerator<string> {
      if (!first.done) yield first.value;
      yield* chunks;
    }
    // Past the headers an error can only cut the stream short: the client sees a truncated body, never a second status.
    pipeline(Readable.from(rest(), { objectMode: false, encoding: "utf8" }), res, () => undefined);
  });

  return router;
}

import { Router } from "express";
import { z } from "zod";
import { MAX_PAGE, type ChainEvent, type HistoryStore } from "../storage/history-store";
import { eventView } from "./history-routes";
import { parseRequest, uintParam } from "./params";

/*
 * The sync feed (R10, Art. 16): catalog, registration and product-release events for the district and
 * city platforms, in chain order, read from the audit index. A consumer keeps the `cursor` of the last
 * page and passes it back as `after`: every event comes exactly once, whether it reads in pages of 1 or
 * of 1,000, and after any downtime. The cursor is a chain position (block-logIndex), so it moves past
 * events the feed does not carry too; a page may then hold fewer events than `limit` while `caughtUp`
 * is still false.
 */

/** The events the feed carries, by contract. */
export const FEED_EVENTS: Readonly<Record<string, readonly string[]>> = {
  DataCatalog: ["ResourceRegistered", "ResourceUpdated", "ResourceRegistrationRecorded", "ResourceScopeChanged", "ResourceDevelopmentChanged", "DatasetPublished"],
  ProductRegistry: [
    "ProductRegistered",
    "ProductVersioned",
    "ProductPublished",
    "ProductRejected",
    "ProductRegistrationRecorded",
    "ProductSuspended",
    "ProductReinstated",
    "ProductDelisted",
  ],
};
export const FEED_EVENT_NAMES: readonly string[] = Object.values(FEED_EVENTS).flat();

export interface FeedRouteDeps {
  readonly history: HistoryStore;
  /** Serve only events at least this many blocks below the indexed head (so a reorg cannot take back a served event). Default 0. */
  readonly confirmations?: number;
  /** Index events examined per request at most, carried or not. Default 5,000. */
  readonly maxScan?: number;
}

export const feedQuery = z.object({
  after: z.string().regex(/^[0-9]{1,15}-[0-9]{1,10}$/, "must be a cursor this feed issued").optional(),
  limit: uintParam.refine((n) => n >= 1 && n <= MAX_PAGE, `must be 1..${MAX_PAGE}`).optional(),
  event: z
    .string()
    .transform((text) => text.split(","))
    .refine((names) => names.every((name) => FEED_EVENT_NAMES.includes(name)), `must be a comma-separated list of ${FEED_EVENT_NAMES.join(", ")}`)
    .optional(),
});

const carried = (names: readonly string[] | undefined) => {
  const wanted = new Set(names ?? FEED_EVENT_NAMES);
  return (event: ChainEvent): boolean => wanted.has(event.event) && (FEED_EVENTS[event.contract]?.includes(event.event) ?? false);
};

/** GET /?after=&limit=&event=    the next page of the feed */
export function feedRoutes(deps: FeedRouteDeps): Router {
  const { history } = deps;
  const confirmations = deps.confirmations ?? 0;
  const maxScan = deps.maxScan ?? 5000;
  const router = Router();

  router.get("/", async (req, res) => {
    const { after, limit = 100, event } = parseRequest(feedQuery, req.query, "query");
    const wanted = carried(event);
    const head = await history.head();
    const lastServable = head ? head.number - confirmations : -1;
    const events: ChainEvent[] = [];
    let cursor = after;
    let scanned = 0;
    let caughtUp = false;
    scan: while (scanned < maxScan) {
      const page = await history.feed({ after: cursor, limit: Math.min(MAX_PAGE, maxScan - scanned) });
      if (page.events.length === 0) {
        caughtUp = true;
        break;
      }
      for (const e of page.events) {
        if (e.blockNumber > lastServable) {
          caughtUp = true;
          break scan;
        }
        scanned++;
        cursor = `${e.blockNumber}-${e.logIndex}`;
        if (wanted(e)) {
          events.push(e);
          if (events.length >= limit) break scan;
        }
      }
    }
    res.set("Cache-Control", "no-store");
    res.json({
      events: events.map(eventView),
      cursor: cursor ?? null,
      caughtUp,
      indexedHead: head ? { number: head.number, hash: head.hash, timestamp: head.timestamp } : null,
    });
  });

  return router;
}

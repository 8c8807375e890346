import { Readable } from "node:stream";
import type { ChainEvent, HistoryStore, Subject } from "./history-store";

/*
 * A subject's history as JSON Lines or CSV, newest first, streamed page by page from the index so
 * that a history of any length is exported in bounded memory (the stream pulls the next page only
 * when the reader wants more).
 */

export type ExportFormat = "jsonl" | "csv";

export interface ExportProgress {
  /** Events written so far. */
  readonly done: number;
  /** Events in the history when the export started (more may be indexed meanwhile). */
  readonly total: number;
}

export interface ExportOptions {
  readonly format: ExportFormat;
  /** Called after every page. */
  readonly onProgress?: (progress: ExportProgress) => void;
  /** Events read per page from the store. Default 500. */
  readonly pageSize?: number;
}

export const CSV_COLUMNS = [
  "blockNumber",
  "blockTime",
  "blockHash",
  "txHash",
  "logIndex",
  "contract",
  "address",
  "event",
  "args",
] as const;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(event: ChainEvent): string {
  const fields = [
    String(event.blockNumber),
    new Date(event.blockTimestamp * 1000).toISOString(),
    event.blockHash,
    event.txHash,
    String(event.logIndex),
    event.contract,
    event.address,
    event.event,
    JSON.stringify(event.args),
  ];
  return `${fields.map(csvField).join(",")}\r\n`;
}

export function jsonLine(event: ChainEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** Chunks of the export: a CSV header first, then a chunk per page of events. */
export async function* historyChunks(store: HistoryStore, subject: Subject, options: ExportOptions): AsyncGenerator<string> {
  const { format, onProgress, pageSize = 500 } = options;
  const total = await store.count(subject);
  let done = 0;
  if (format === "csv") yield `${CSV_COLUMNS.join(",")}\r\n`;
  let cursor: string | undefined;
  do {
    const page = await store.history(subject, { cursor, limit: pageSize });
    if (page.events.length > 0) {
      yield page.events.map(format === "csv" ? csvLine : jsonLine).join("");
      done += page.events.length;
    }
    onProgress?.({ done, total: Math.max(total, done) });
    cursor = page.next;
  } while (cursor !== undefined);
}

/** A readable stream of the export (UTF-8), to pipe into a file or an HTTP response. */
export function exportHistory(store: HistoryStore, subject: Subject, options: ExportOptions): Readable {
  return Readable.from(historyChunks(store, subject, options), { objectMode: false, encoding: "utf8" });
}

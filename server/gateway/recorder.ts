import { createHmac } from "node:crypto";
import { signReceipts, type ReceiptRange } from "../access/receipt";
import { canonicalJson, encodeEntry, type AccessLogEntry, type CanonicalValue, type Hasher, type NoteSigner } from "../log";
import type { EntryAppender } from "../storage";
import { createReceiptBatcher } from "./receipt-batcher";

/**
 * The one log writer of a node: every decision, declared access or query, is appended through the
 * group-commit appender and receipted by the same batcher, so entries acknowledged together are signed
 * together whichever path they came from.
 */
export interface Recorder {
  /** The log's origin, which every entry names. */
  readonly origin: string;
  /** Appends the entries (consecutively, in one group commit when they arrive together) and signs their receipts. */
  record(entries: readonly AccessLogEntry[]): Promise<{ readonly indices: readonly number[]; readonly ranges: readonly ReceiptRange[] }>;
  /**
   * The digest the log records of a request body: HMAC-SHA256 under the node's request key over the
   * body's canonical JSON, so a low-entropy request (one credit code, say) cannot be guessed back from
   * the log by anyone who reads the entry (issue 15 item 5). 64 hex digits.
   */
  digestOf(request: unknown): string;
}

export interface RecorderDeps {
  readonly appender: EntryAppender;
  readonly hasher: Hasher;
  readonly noteSigner: NoteSigner;
  readonly origin: string;
  /** The node's secret key for request digests (at least 32 bytes; <data>/request.secret). */
  readonly requestKey: Uint8Array;
}

const DIGEST_CONTEXT = "tdl request digest v1\n";

export function createRecorder({ appender, hasher, noteSigner, origin, requestKey }: RecorderDeps): Recorder {
  const receipts = createReceiptBatcher((logged) => signReceipts(noteSigner, hasher, origin, logged));
  return {
    origin,
    async record(entries) {
      // One synchronous loop: the entries queue together and go to disk in one group commit, consecutively.
      const acknowledged = await Promise.all(entries.map((entry) => appender.append(encodeEntry(entry))));
      const ranges = await receipts.sign(entries.map((entry, i) => ({ index: acknowledged[i].index, leafHash: acknowledged[i].leafHash, entry })));
      return { indices: acknowledged.map((a) => a.index), ranges };
    },
    digestOf(request) {
      return createHmac("sha256", requestKey).update(DIGEST_CONTEXT).update(canonicalJson(request as CanonicalValue), "utf8").digest("hex");
    },
  };
}

/** The range of `ranges` that signed log index `index`. */
export function rangeHolding(ranges: readonly ReceiptRange[], index: number): ReceiptRange {
  return ranges.find((r) => r.start <= index && index < r.start + r.size) as ReceiptRange;
}

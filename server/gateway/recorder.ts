import { signReceipts, type ReceiptRange } from "../access/receipt";
import { encodeEntry, type AccessLogEntry, type Hasher, type NoteSigner } from "../log";
import type { EntryAppender } from "../storage";
import { createReceiptBatcher } from "./receipt-batcher";

/**
 * The one log writer of a node: every decision, declared access or query, is appended through the
 * group-commit appender and receipted by the same batcher, so entries acknowledged together are signed
 * together whichever path they came from.
 */
export interface Recorder {
  /** Appends the entries (consecutively, in one group commit when they arrive together) and signs their receipts. */
  record(entries: readonly AccessLogEntry[]): Promise<{ readonly indices: readonly number[]; readonly ranges: readonly ReceiptRange[] }>;
}

export interface RecorderDeps {
  readonly appender: EntryAppender;
  readonly hasher: Hasher;
  readonly noteSigner: NoteSigner;
  readonly origin: string;
}

export function createRecorder({ appender, hasher, noteSigner, origin }: RecorderDeps): Recorder {
  const receipts = createReceiptBatcher((logged) => signReceipts(noteSigner, hasher, origin, logged));
  return {
    async record(entries) {
      // One synchronous loop: the entries queue together and go to disk in one group commit, consecutively.
      const acknowledged = await Promise.all(entries.map((entry) => appender.append(encodeEntry(entry))));
      const ranges = await receipts.sign(entries.map((entry, i) => ({ index: acknowledged[i].index, leafHash: acknowledged[i].leafHash, entry })));
      return { indices: acknowledged.map((a) => a.index), ranges };
    },
  };
}

/** The range of `ranges` that signed log index `index`. */
export function rangeHolding(ranges: readonly ReceiptRange[], index: number): ReceiptRange {
  return ranges.find((r) => r.start <= index && index < r.start + r.size) as ReceiptRange;
}

import type { LoggedEntry, ReceiptRange } from "../access/receipt";

export interface ReceiptBatcher {
  /** The ranges holding `items`, each with only their receipts, once the turn's callers are signed together. */
  sign(items: readonly LoggedEntry[]): Promise<ReceiptRange[]>;
}

interface QueuedCaller {
  readonly items: readonly LoggedEntry[];
  resolve(ranges: ReceiptRange[]): void;
  reject(error: unknown): void;
}

/** The ranges holding a caller's entries, each cut down to that caller's receipts. */
function rangesOf(caller: QueuedCaller, ranges: readonly ReceiptRange[]): ReceiptRange[] {
  const mine = new Set(caller.items.map((item) => item.index));
  return ranges
    .filter((range) => range.receipts.some((r) => mine.has(r.index)))
    .map((range) => ({ ...range, receipts: range.receipts.filter((r) => mine.has(r.index)) }));
}

/**
 * Signs the receipts of every caller whose entries were acknowledged in the same turn (one group
 * commit resolves its callers together) as one range: one Ed25519 signature for the whole batch
 * instead of one per request. Each caller gets the ranges holding its entries, its receipts only.
 */
export function createReceiptBatcher(sign: (logged: readonly LoggedEntry[]) => ReceiptRange[]): ReceiptBatcher {
  let queued: QueuedCaller[] = [];
  function flush() {
    const callers = queued;
    queued = [];
    try {
      const ranges = sign(callers.flatMap((c) => c.items));
      for (const caller of callers) caller.resolve(rangesOf(caller, ranges));
    } catch (error) {
      for (const caller of callers) caller.reject(error);
    }
  }
  return {
    sign(items) {
      return new Promise((resolve, reject) => {
        if (queued.length === 0) setImmediate(flush);
        queued.push({ items, resolve, reject });
      });
    },
  };
}

import type { AppendReceipt, LogStore } from "./log-store";

export interface EntryAppender {
  /** Resolves once the entry is durable in the log, with its index and leaf hash. */
  append(entry: Uint8Array): Promise<AppendReceipt>;
}

export interface GroupCommitOptions {
  /** Most entries in one batch; more waiting callers go into the next one. */
  readonly maxBatchEntries?: number;
}

interface Waiting {
  readonly entry: Uint8Array;
  resolve(receipt: AppendReceipt): void;
  reject(error: unknown): void;
}

/**
 * Group commit: callers that arrive while a batch is being written wait together and go to disk
 * in the next single synced batch, so one fsync acknowledges many entries. A failed batch rejects
 * every caller in it (the store stays as it was) and later callers carry on with the next batch.
 */
export function createGroupCommitAppender(store: Pick<LogStore, "append">, options: GroupCommitOptions = {}): EntryAppender {
  const maxBatchEntries = options.maxBatchEntries ?? 1024;
  const waiting: Waiting[] = [];
  let writing = false;
  let scheduled = false;

  function schedule(): void {
    if (writing || scheduled) return;
    scheduled = true;
    // setImmediate, not a microtask: callers woken by the last batch get to queue their next entry first.
    setImmediate(() => void writeBatches());
  }

  async function writeBatches(): Promise<void> {
    scheduled = false;
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting.splice(0, maxBatchEntries);
      try {
        const receipts = await store.append(batch.map((w) => w.entry));
        batch.forEach((w, i) => w.resolve(receipts[i]));
      } catch (error) {
        batch.forEach((w) => w.reject(error));
      }
    }
    writing = false;
  }

  return {
    append(entry) {
      return new Promise<AppendReceipt>((resolve, reject) => {
        waiting.push({ entry, resolve, reject });
        schedule();
      });
    },
  };
}

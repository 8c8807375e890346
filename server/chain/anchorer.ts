import { TdlError } from "../errors";
import type { NoteSigner } from "../log";
import type { LogStore } from "../storage";
import type { AnchorRecord, AnchorRecordStore } from "../storage/anchor-records";
import type { AnchorChainPort } from "./anchor-port";
import { reconcileWithChain, submitAnchor, type AnchorBook, type AnchorSteps } from "./anchor-steps";

/*
 * The anchorer: every N entries or T seconds it signs a C2SP checkpoint of the log's durable size,
 * keeps it in the store, anchors (size, root) on chain with a consistency proof from the last
 * anchored size, and records the transaction. Before anything else it reconciles with the chain:
 * anchors the chain lost (a hard-killed local chain rolls back ~1 s) are resubmitted; a chain root
 * this node cannot reproduce halts it with ANCHOR_DIVERGED, since going on would bury the evidence.
 */

export interface AnchorerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface AnchorerOptions {
  readonly store: LogStore;
  readonly records: AnchorRecordStore;
  readonly chain: AnchorChainPort;
  readonly noteSigner: NoteSigner;
  /** The log's origin line in every checkpoint. */
  readonly origin: string;
  /** Anchor once this many entries wait (N). Default 1024. */
  readonly everyEntries?: number;
  /** Anchor whatever waits after this many seconds (T). Default 10. */
  readonly everySeconds?: number;
  /**
   * Anchor at multiples of the largest power of two <= N when the count triggers, so anchored
   * subtrees are perfect and consistency proofs shortest. Default true.
   */
  readonly alignToPowerOfTwo?: boolean;
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number; readonly maxAttempts?: number };
  readonly logger?: AnchorerLogger;
  readonly now?: () => number;
}

export interface AnchorStatus {
  readonly state: "new" | "running" | "stopped" | "halted";
  readonly logSize: number;
  readonly lastAnchor: AnchorRecord | null;
  /** Entries in the log not yet covered by an anchor. */
  readonly lagEntries: number;
  /** Seconds since the last anchor while entries wait; 0 when none wait. */
  readonly lagSeconds: number;
  readonly consecutiveFailures: number;
  readonly lastError: { readonly code: string; readonly message: string } | null;
}

export interface Anchorer {
  /** Reconciles with the chain, then anchors on schedule. Rejects with ANCHOR_DIVERGED if the chain holds a root this log cannot reproduce. */
  start(): Promise<void>;
  /** Compares the chain with the log and the records; resubmits lost anchors; records anchors it confirmed but did not record. */
  reconcile(): Promise<void>;
  /** Anchors the current durable size now (if it grew), retrying chain errors; resolves with the new record. */
  anchorNow(): Promise<AnchorRecord | undefined>;
  /** Anchors if N entries wait or T seconds passed; what the timer runs. Appenders may call it after a batch. */
  tick(): Promise<AnchorRecord | undefined>;
  status(): AnchorStatus;
  stop(): Promise<void>;
}

const silent: AnchorerLogger = { info() {}, warn() {}, error() {} };

/** The largest power of two <= n (n >= 1). */
function powerOfTwoBelow(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}

/** Where a count-triggered anchor lands: the last multiple of the alignment above `last`, else `size`. */
export function chooseAnchorSize(last: number, size: number, everyEntries: number, align: boolean): number {
  if (!align) return size;
  const step = powerOfTwoBelow(everyEntries);
  const aligned = Math.floor(size / step) * step;
  return aligned > last ? aligned : size;
}

export function createAnchorer(options: AnchorerOptions): Anchorer {
  const { store, records, chain, noteSigner, origin } = options;
  const everyEntries = options.everyEntries ?? 1024;
  const everySeconds = options.everySeconds ?? 10;
  const align = options.alignToPowerOfTwo ?? true;
  const initialDelayMs = options.retry?.initialDelayMs ?? 250;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const maxAttempts = options.retry?.maxAttempts ?? Infinity;
  const logger = options.logger ?? silent;
  const now = options.now ?? Date.now;
  if (!Number.isSafeInteger(everyEntries) || everyEntries < 1) throw new TdlError("CONFIG_INVALID", "everyEntries must be a positive integer");
  if (!(everySeconds > 0)) throw new TdlError("CONFIG_INVALID", "everySeconds must be positive");

  let state: AnchorStatus["state"] = "new";
  let halt: TdlError | undefined;
  const book: AnchorBook = { chainSize: 0, logSize: 0, lastAnchor: null, lastAnchorAt: now() };
  let consecutiveFailures = 0;
  let lastError: AnchorStatus["lastError"] = null;
  let timer: NodeJS.Timeout | undefined;
  let wakeSleeper: (() => void) | undefined;
  // Reconciling and anchoring run one at a time.
  let queue: Promise<unknown> = Promise.resolve();

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  }

  function diverged(message: string, details: Record<string, unknown>): never {
    const error = new TdlError("ANCHOR_DIVERGED", message, { details: { logId: chain.logId, ...details } });
    halt = error;
    state = "halted";
    stopTimer();
    lastError = { code: error.code, message };
    logger.error({ alarm: "ANCHOR_DIVERGED", logId: chain.logId, ...details }, message);
    throw error;
  }

  function requireNotHalted(): void {
    if (halt) throw halt;
  }

  async function sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wakeSleeper = () => {
        clearTimeout(t);
        resolve();
      };
    });
    wakeSleeper = undefined;
  }

  const steps: AnchorSteps = { store, records, chain, noteSigner, origin, now, logger, book, diverged };
  async function reconcileNow(): Promise<void> {
    requireNotHalted();
    await reconcileWithChain(steps);
  }

  /** Runs `work`, retrying unavailable chains with backoff and reconciling after a revert. */
  async function withRetry<T>(work: () => Promise<T>): Promise<T> {
    let delay = initialDelayMs;
    let reverts = 0;
    for (let attempt = 1; ; attempt++) {
      requireNotHalted();
      try {
        const result = await work();
        consecutiveFailures = 0;
        lastError = null;
        return result;
      } catch (error) {
        if (!(error instanceof TdlError)) throw error;
        if (error.code === "ANCHOR_DIVERGED") throw error;
        consecutiveFailures++;
        lastError = { code: error.code, message: error.message };
        const retryable = error.code === "CHAIN_UNAVAILABLE" || (error.code === "CHAIN_REVERT" && reverts < 3);
        if (!retryable || attempt >= maxAttempts || state === "stopped") {
          logger.error({ logId: chain.logId, code: error.code }, `anchoring failed: ${error.message}`);
          throw error;
        }
        logger.warn({ logId: chain.logId, code: error.code, attempt, retryInMs: delay }, `anchoring failed, retrying: ${error.message}`);
        await sleep(delay);
        delay = Math.min(delay * 2, maxDelayMs);
        if (error.code === "CHAIN_REVERT") {
          // The chain is not where we thought (e.g. an earlier transaction landed after all, or it rolled back).
          reverts++;
          await reconcileNow();
        }
      }
    }
  }

  async function anchorIfGrown(target?: (last: number, size: number) => number | undefined): Promise<AnchorRecord | undefined> {
    requireNotHalted();
    return withRetry(async () => {
      book.logSize = await store.size();
      const size = target ? target(book.chainSize, book.logSize) : book.logSize;
      if (size === undefined || size <= book.chainSize) return undefined;
      return submitAnchor(steps, size);
    });
  }

  function dueSize(last: number, size: number): number | undefined {
    const waiting = size - last;
    if (waiting <= 0) return undefined;
    if (waiting >= everyEntries) return chooseAnchorSize(last, size, everyEntries, align);
    if (now() - book.lastAnchorAt >= everySeconds * 1000) return size;
    return undefined;
  }

  function stopTimer(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  let ticking = false;
  async function tick(): Promise<AnchorRecord | undefined> {
    return serial(() => anchorIfGrown(dueSize));
  }

  return {
    async start() {
      await serial(() => withRetry(reconcileNow));
      state = "running";
      book.lastAnchorAt = now();
      const period = Math.max(50, Math.min(1000, (everySeconds * 1000) / 4));
      timer = setInterval(() => {
        if (ticking || state !== "running") return;
        ticking = true;
        tick()
          .catch(() => undefined) // logged in withRetry / diverged; the status carries it
          .finally(() => {
            ticking = false;
          });
      }, period);
      timer.unref();
    },
    reconcile: () => serial(() => withRetry(reconcileNow)),
    anchorNow: () => serial(() => anchorIfGrown()),
    tick,
    status() {
      const anchored = book.lastAnchor?.size ?? 0;
      const lagEntries = Math.max(0, book.logSize - anchored);
      return {
        state,
        logSize: book.logSize,
        lastAnchor: book.lastAnchor,
        lagEntries,
        lagSeconds: lagEntries > 0 ? Math.max(0, (now() - book.lastAnchorAt) / 1000) : 0,
        consecutiveFailures,
        lastError,
      };
    },
    async stop() {
      if (state !== "halted") state = "stopped";
      stopTimer();
      wakeSleeper?.();
      await queue;
    },
  };
}

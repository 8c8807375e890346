import { Router } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { AnchorStatus } from "../chain/anchorer";
import type { IndexerStatus } from "../chain/indexer";
import { isTdlError } from "../errors";

/*
 * Operations: /readyz (ready only when the chain answers, storage is open and the indexer is close
 * to the chain head) and /metrics in the Prometheus text format. The registry is the node's own (no
 * global), so tests and two nodes in one process keep their numbers apart.
 */

// ==== metrics ====

/** Where gauges read their values at scrape time; each is optional (a node without a chain has no anchorer). */
export interface MetricSources {
  readonly logSize?: () => Promise<number>;
  readonly anchorStatus?: () => AnchorStatus;
  readonly indexerStatus?: () => IndexerStatus;
}

export interface MetricsOptions extends MetricSources {
  /** Prefix of every metric name. Default "tdl_". */
  readonly prefix?: string;
  /** Also export the process metrics (CPU, memory, event loop). Default true. */
  readonly processMetrics?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  /** Gateway decisions; outcome "allowed" | "denied", reason a reason code ("ALLOWED" when allowed). */
  readonly decisions: Counter<"outcome" | "reason">;
  readonly logSize: Gauge;
  readonly anchorLagEntries: Gauge;
  readonly anchorLagSeconds: Gauge;
  readonly indexerLagBlocks: Gauge;
  /** HTTP requests by method, matched route pattern and status (the request logger counts them). */
  readonly httpRequests: Counter<"method" | "route" | "status">;
  readonly httpDuration: Histogram<"method" | "route">;
  /** Requests refused by an abuse limit (rate-limit.ts), by the limit's name. */
  readonly rateLimited: Counter<"limit">;
}

/** A registry with the node's metrics; gauges with a source read it at every scrape, others may also `set` them. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const prefix = options.prefix ?? "tdl_";
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix });
  const { logSize, anchorStatus, indexerStatus } = options;
  return {
    registry,
    rateLimited: new Counter({
      name: `${prefix}rate_limited_total`,
      help: "Requests refused with 429 by an abuse limit, by limit.",
      labelNames: ["limit"] as const,
      registers: [registry],
    }),
    decisions: new Counter({
      name: `${prefix}decisions_total`,
      help: "Access decisions taken by the gateway, by outcome and reason code.",
      labelNames: ["outcome", "reason"] as const,
      registers: [registry],
    }),
    logSize: new Gauge({
      name: `${prefix}log_size`,
      help: "Entries in the access log.",
      registers: [registry],
      async collect() {
        // a storage failure leaves the last value; /readyz is where it shows
        if (logSize) await logSize().then((n) => this.set(n), () => undefined);
      },
    }),
    anchorLagEntries: new Gauge({
      name: `${prefix}anchor_lag_entries`,
      help: "Log entries not yet covered by an anchor on chain.",
      registers: [registry],
      collect() {
        if (anchorStatus) this.set(anchorStatus().lagEntries);
      },
    }),
    anchorLagSeconds: new Gauge({
      name: `${prefix}anchor_lag_seconds`,
      help: "Seconds since the last anchor while entries wait (0 when none wait).",
      registers: [registry],
      collect() {
        if (anchorStatus) this.set(anchorStatus().lagSeconds);
      },
    }),
    indexerLagBlocks: new Gauge({
      name: `${prefix}indexer_lag_blocks`,
      help: "Blocks the audit index is behind the chain head (-1 until known).",
      registers: [registry],
      collect() {
        if (indexerStatus) this.set(indexerStatus().lag ?? -1);
      },
    }),
    httpRequests: new Counter({
      name: `${prefix}http_requests_total`,
      help: "HTTP requests answered, by method, route pattern and status.",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: `${prefix}http_request_duration_seconds`,
      help: "Time to answer HTTP requests, by method and route pattern.",
      labelNames: ["method", "route"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

// ==== readiness ====

export interface ReadinessDeps {
  /**
   * Answers when the chain does, best with the head's block number (`() => provider.getBlockNumber()`):
   * the indexer's lag is then measured against the head now, not the head of its last round. Absent
   * when the node runs without a chain.
   */
  readonly chain?: () => Promise<unknown>;
  /** Answers when storage is open (e.g. a read of the log size and of the index head). */
  readonly storage?: () => Promise<unknown>;
  readonly indexer?: () => IndexerStatus;
  /** Most blocks the index may be behind and the node still be ready. Default 10. */
  readonly maxIndexerLagBlocks?: number;
  /** Indexer rounds that may fail in a row and the node still be ready. Default 3. */
  readonly maxIndexerFailures?: number;
  /** How long a probe may take. Default 2,000 ms. */
  readonly probeTimeoutMs?: number;
}

export interface PartReadiness {
  readonly ready: boolean;
  /** False when the node runs without this part (it then does not hold readiness back). */
  readonly configured: boolean;
  readonly reason?: string;
  readonly [detail: string]: unknown;
}

function withTimeout<T>(work: () => Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve().then(work), timeout]).finally(() => clearTimeout(timer));
}

const why = (error: unknown): string => (isTdlError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error));

async function probe(check: (() => Promise<unknown>) | undefined, ms: number, what: string): Promise<{ part: PartReadiness; value?: unknown }> {
  if (!check) return { part: { ready: true, configured: false } };
  return withTimeout(check, ms, what).then(
    (value) => ({ part: { ready: true, configured: true }, value }),
    (error: unknown) => ({ part: { ready: false, configured: true, reason: why(error) } }),
  );
}

function indexerReadiness(status: IndexerStatus | undefined, chainHead: number | undefined, maxLag: number, maxFailures: number): PartReadiness {
  if (!status) return { ready: true, configured: false };
  // the head the chain reports now beats the one the indexer saw at its last round (a stalled indexer looks current otherwise)
  const head = chainHead !== undefined && (status.chainHead === null || chainHead > status.chainHead) ? chainHead : status.chainHead;
  const lag = status.indexedHead !== null && head !== null ? Math.max(0, head - status.indexedHead) : null;
  const details = { state: status.state, indexedHead: status.indexedHead, chainHead: head, lag };
  let reason: string | undefined;
  if (status.state === "stopped") reason = "the indexer is stopped";
  else if (status.consecutiveFailures >= maxFailures) reason = `${status.consecutiveFailures} indexer rounds failed in a row: ${status.lastError?.message ?? ""}`;
  else if (lag === null) reason = "the indexer has not reached the chain yet";
  else if (lag > maxLag) reason = `the index is ${lag} blocks behind the chain (at most ${maxLag})`;
  return { ready: reason === undefined, configured: true, ...(reason === undefined ? {} : { reason }), ...details };
}

export interface OpsRouteDeps extends ReadinessDeps {
  readonly metrics: Metrics;
}

/**
 * GET /readyz    200 {"status":"ready", checks} or 503 {"status":"not ready", notReady: [parts], checks}
 * GET /metrics   Prometheus text exposition of the node's registry
 */
export function opsRoutes(deps: OpsRouteDeps): Router {
  const ms = deps.probeTimeoutMs ?? 2000;
  const router = Router();

  router.get("/readyz", async (_req, res) => {
    const [chain, storage] = await Promise.all([probe(deps.chain, ms, "the chain"), probe(deps.storage, ms, "storage")]);
    const head = typeof chain.value === "number" ? chain.value : undefined;
    const indexer = indexerReadiness(deps.indexer?.(), head, deps.maxIndexerLagBlocks ?? 10, deps.maxIndexerFailures ?? 3);
    const checks = { chain: { ...chain.part, ...(head === undefined ? {} : { head }) }, storage: storage.part, indexer };
    const notReady = Object.entries(checks)
      .filter(([, part]) => !part.ready)
      .map(([name]) => name);
    res.set("Cache-Control", "no-store");
    res.status(notReady.length === 0 ? 200 : 503).json(notReady.length === 0 ? { status: "ready", checks } : { status: "not ready", notReady, checks });
  });

  router.get("/metrics", async (_req, res) => {
    const text = await deps.metrics.registry.metrics();
    res.set("Content-Type", deps.metrics.registry.contentType);
    res.set("Cache-Control", "no-store");
    res.send(text);
  });

  return router;
}

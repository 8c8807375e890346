import { TdlError } from "../errors";
import type { AggregationDetails, QueriedColumn, RiskAccess, RiskAlert, RiskAlertType, RiskLimits, RiskWindow } from "./risk-alerts";

export { RISK_ALERT_TYPES, type AggregationDetails, type LinkageDetails, type QueriedColumn, type RateDetails, type RiskAccess, type RiskAlert, type RiskAlertType, type RiskLimits, type RiskWindow } from "./risk-alerts";

/**
 * Monitoring and early warning (Art. 26, R18): the risk of aggregating and linking data. Every allowed
 * access is recorded per developer organisation; an alert is raised when one organisation's accesses
 * within the window combine more distinct resources, or more classification, than the limits allow
 * (AGGREGATION), or are more than the rate allows (RATE); and when one query combines quasi-identifiers of two
 * or more resources, linking their records (LINKAGE: from the columns the query really touched, not a mask).
 *
 * The window is kept in `buckets` slices of windowMs / buckets each: the current slice and the ones
 * before it, so memory per organisation is bounded by the slices and the distinct resources in them,
 * however many accesses there are. Alerts of one type for one organisation are raised at most once per
 * window while the condition lasts. Pure: the clock is injected, nothing is written anywhere.
 */

export interface RiskMonitorOptions extends RiskLimits {
  readonly clock?: { now(): number };
  /** Slices of the window (default 60). */
  readonly buckets?: number;
  /** Alerts kept for listing; the oldest go first (default 10,000). */
  readonly maxAlerts?: number;
  /** Told of each alert as it is raised (the node logs it). */
  readonly onAlert?: (alert: RiskAlert) => void;
}

export interface RiskMonitor {
  /** Records an allowed access and returns the alerts it raised (usually none). */
  record(access: RiskAccess): RiskAlert[];
  /** Feeds one gateway decision: records it when it was allowed and the resource's classification is known. */
  observe(request: { readonly org: number; readonly resourceId: number }, decision: { readonly allowed: boolean; readonly classification?: number }): RiskAlert[];
  /** Feeds one answered query's touched columns: LINKAGE when its quasi-identifiers span two or more resources. */
  observeQuery(org: number, columns: readonly QueriedColumn[]): RiskAlert[];
  /** Alerts raised at or after `since` (local ms), optionally of one organisation or type, oldest first. */
  alerts(filter?: { readonly since?: number; readonly org?: number; readonly type?: RiskAlertType }): RiskAlert[];
  /** An organisation's current window, or null when it has no access in it. */
  window(org: number): RiskWindow | null;
  /** How many organisations have accesses within their window (for tests of bounded memory). */
  trackedOrganizations(): number;
}

interface Bucket {
  readonly index: number;
  count: number;
  /** resource -> accesses in this bucket */
  readonly resources: Map<number, number>;
}

interface OrgWindow {
  readonly buckets: Bucket[];
  total: number;
  /** resource -> accesses within the window and its classification as last seen */
  readonly resources: Map<number, { count: number; classification: number }>;
  classificationSum: number;
}

const positiveOrUndefined = (name: string, value: number | undefined) => {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new TdlError("CONFIG_INVALID", `risk limits: ${name} must be a non-negative number, got ${value}`);
  }
};

export function createRiskMonitor(options: RiskMonitorOptions): RiskMonitor {
  const { windowMs, maxResources, maxClassificationSum, maxLevel, maxRatePerWindow } = options;
  if (!(Number.isFinite(windowMs) && windowMs > 0)) throw new TdlError("CONFIG_INVALID", `risk limits: windowMs must be positive, got ${windowMs}`);
  positiveOrUndefined("maxResources", maxResources);
  positiveOrUndefined("maxClassificationSum", maxClassificationSum);
  positiveOrUndefined("maxLevel", maxLevel);
  positiveOrUndefined("maxRatePerWindow", maxRatePerWindow);
  const slices = options.buckets ?? 60;
  if (!(Number.isInteger(slices) && slices >= 1)) throw new TdlError("CONFIG_INVALID", `risk monitor: buckets must be a positive integer`);
  const bucketMs = Math.max(1, Math.ceil(windowMs / slices));
  const maxAlerts = options.maxAlerts ?? 10_000;
  const clock = options.clock ?? { now: () => Date.now() };

  const orgs = new Map<number, OrgWindow>();
  /** When each organisation's alerts were last raised; kept apart from windows, which may empty sooner. */
  const lastRaised = new Map<number, Partial<Record<RiskAlertType, number>>>();
  let alertList: RiskAlert[] = [];
  let sequence = 0;
  let lastSweep = Number.NEGATIVE_INFINITY;

  /** The first bucket index still inside the window whose current bucket is `current`. */
  const firstIndex = (current: number) => current - slices + 1;

  function prune(window: OrgWindow, current: number) {
    const first = firstIndex(current);
    while (window.buckets.length > 0 && window.buckets[0].index < first) {
      const old = window.buckets.shift() as Bucket;
      window.total -= old.count;
      for (const [resourceId, n] of old.resources) {
        const held = window.resources.get(resourceId);
        if (held === undefined) continue;
        held.count -= n;
        if (held.count <= 0) {
          window.resources.delete(resourceId);
          window.classificationSum -= held.classification;
        }
      }
    }
  }

  /** Drops organisations whose window is empty, at most once per bucket. */
  function sweep(now: number, current: number) {
    if (now - lastSweep < bucketMs) return;
    lastSweep = now;
    for (const [org, window] of orgs) {
      prune(window, current);
      if (window.buckets.length === 0) orgs.delete(org);
    }
    for (const [org, times] of lastRaised) {
      if (Object.values(times).every((t) => now - t >= windowMs)) lastRaised.delete(org);
    }
  }

  function highest(window: OrgWindow): number {
    let level = 0;
    for (const { classification } of window.resources.values()) level = Math.max(level, classification);
    return level;
  }

  function raise(org: number, type: RiskAlertType, now: number, current: number, details: RiskAlert["details"]): RiskAlert {
    lastRaised.set(org, { ...lastRaised.get(org), [type]: now });
    const alert: RiskAlert = { id: `risk-${++sequence}`, org, type, window: { from: firstIndex(current) * bucketMs, to: now }, details, raisedAt: now };
    alertList.push(alert);
    if (alertList.length > maxAlerts) alertList = alertList.slice(alertList.length - maxAlerts);
    options.onAlert?.(alert);
    return alert;
  }

  const quiet = (org: number, type: RiskAlertType, now: number) => {
    const last = lastRaised.get(org)?.[type];
    return last === undefined || now - last >= windowMs;
  };

  function record({ org, resourceId, classification }: RiskAccess): RiskAlert[] {
    const now = clock.now();
    const current = Math.floor(now / bucketMs);
    sweep(now, current);
    let window = orgs.get(org);
    if (window === undefined) {
      window = { buckets: [], total: 0, resources: new Map(), classificationSum: 0 };
      orgs.set(org, window);
    }
    prune(window, current);

    let bucket = window.buckets[window.buckets.length - 1];
    // A clock that steps back puts the access in the newest bucket rather than reorder the window.
    if (bucket === undefined || bucket.index < current) {
      bucket = { index: current, count: 0, resources: new Map() };
      window.buckets.push(bucket);
    }
    bucket.count++;
    bucket.resources.set(resourceId, (bucket.resources.get(resourceId) ?? 0) + 1);
    window.total++;
    const held = window.resources.get(resourceId);
    if (held === undefined) {
      window.resources.set(resourceId, { count: 1, classification });
      window.classificationSum += classification;
    } else {
      held.count++;
      window.classificationSum += classification - held.classification;
      held.classification = classification;
    }

    const raised: RiskAlert[] = [];
    const distinct = window.resources.size;
    const level = highest(window);
    const exceeded: AggregationDetails["exceeded"][number][] = [];
    if (maxResources !== undefined && distinct > maxResources) exceeded.push("maxResources");
    if (maxClassificationSum !== undefined && window.classificationSum > maxClassificationSum) exceeded.push("maxClassificationSum");
    if (maxLevel !== undefined && distinct >= 2 && level > maxLevel) exceeded.push("maxLevel");
    if (exceeded.length > 0 && quiet(org, "AGGREGATION", now)) {
      raised.push(
        raise(org, "AGGREGATION", now, current, {
          kind: "AGGREGATION",
          resources: [...window.resources.keys()].sort((a, b) => a - b),
          classificationSum: window.classificationSum,
          highestLevel: level,
          exceeded,
          limits: { maxResources, maxClassificationSum, maxLevel },
        }),
      );
    }
    if (maxRatePerWindow !== undefined && window.total > maxRatePerWindow && quiet(org, "RATE", now)) {
      raised.push(raise(org, "RATE", now, current, { kind: "RATE", accesses: window.total, maxRatePerWindow }));
    }
    return raised;
  }

  return {
    record,
    observe(request, decision) {
      if (!decision.allowed || decision.classification === undefined) return [];
      return record({ org: request.org, resourceId: request.resourceId, classification: decision.classification });
    },

    observeQuery(org, columns) {
      const linked = columns.filter((c) => c.quasiIdentifier);
      const resources = [...new Set(linked.map((c) => c.resourceId))].sort((a, b) => a - b);
      const now = clock.now();
      if (resources.length < 2 || !quiet(org, "LINKAGE", now)) return [];
      const names = [...new Set(linked.map((c) => `r${c.resourceId}.${c.field}`))].sort();
      return [raise(org, "LINKAGE", now, Math.floor(now / bucketMs), { kind: "LINKAGE", resources, columns: names })];
    },

    alerts(filter = {}) {
      return alertList.filter(
        (a) =>
          (filter.since === undefined || a.raisedAt >= filter.since) &&
          (filter.org === undefined || a.org === filter.org) &&
          (filter.type === undefined || a.type === filter.type),
      );
    },

    window(org) {
      const window = orgs.get(org);
      if (window === undefined) return null;
      const now = clock.now();
      const current = Math.floor(now / bucketMs);
      prune(window, current);
      if (window.buckets.length === 0) return null;
      return {
        from: firstIndex(current) * bucketMs,
        to: now,
        accesses: window.total,
        resources: [...window.resources.keys()].sort((a, b) => a - b),
        classificationSum: window.classificationSum,
        highestLevel: highest(window),
      };
    },

    trackedOrganizations: () => orgs.size,
  };
}

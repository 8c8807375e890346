/**
 * What the risk monitor (./risk.ts) raises and reports (Art. 26, R18): the alert kinds, their details and an
 * organisation's window.
 */

/** The kinds of alert, in the order the dashboard lists their labels. */
export const RISK_ALERT_TYPES = ["AGGREGATION", "RATE", "LINKAGE"] as const;
export type RiskAlertType = (typeof RISK_ALERT_TYPES)[number];

export interface RiskLimits {
  readonly windowMs: number;
  /** Alert when more distinct resources than this are accessed within the window. */
  readonly maxResources?: number;
  /** Alert when the classification levels (1..4) of the distinct resources within the window add up to more than this. */
  readonly maxClassificationSum?: number;
  /** Alert when two or more distinct resources are combined within the window and one is classified above this level. */
  readonly maxLevel?: number;
  /** Alert when more accesses than this fall within the window. */
  readonly maxRatePerWindow?: number;
}

/** One allowed access, as the monitor needs it. */
export interface RiskAccess {
  /** The developer organisation. */
  readonly org: number;
  readonly resourceId: number;
  /** The resource's classification level (1..4). */
  readonly classification: number;
}

export interface RiskAlert {
  readonly id: string;
  readonly org: number;
  readonly type: RiskAlertType;
  /** The window the alert is about, local ms. */
  readonly window: { readonly from: number; readonly to: number };
  readonly details: AggregationDetails | RateDetails | LinkageDetails;
  readonly raisedAt: number;
}

export interface AggregationDetails {
  readonly kind: "AGGREGATION";
  /** The distinct resources combined within the window, ascending. */
  readonly resources: readonly number[];
  readonly classificationSum: number;
  readonly highestLevel: number;
  /** Which limits were passed. */
  readonly exceeded: readonly ("maxResources" | "maxClassificationSum" | "maxLevel")[];
  readonly limits: { readonly maxResources?: number; readonly maxClassificationSum?: number; readonly maxLevel?: number };
}

/** A column an answered query touched, with its field-list mark. */
export interface QueriedColumn {
  readonly resourceId: number;
  readonly field: string;
  readonly quasiIdentifier: boolean;
}

/** One query combined quasi-identifiers of two or more resources (e.g. joined them on a credit code): linking records across sources. */
export interface LinkageDetails {
  readonly kind: "LINKAGE";
  /** The resources whose quasi-identifiers the query combined, ascending. */
  readonly resources: readonly number[];
  /** Those quasi-identifier columns, as "r<resource>.<field>", sorted. */
  readonly columns: readonly string[];
}

export interface RateDetails {
  readonly kind: "RATE";
  readonly accesses: number;
  readonly maxRatePerWindow: number;
}

/** What the monitor holds for one organisation's current window. */
export interface RiskWindow {
  readonly from: number;
  readonly to: number;
  readonly accesses: number;
  readonly resources: readonly number[];
  readonly classificationSum: number;
  readonly highestLevel: number;
}

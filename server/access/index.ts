/** The policy decision: is this key allowed this access, and why not. Chain reads go through the ports in reader.ts. */
export { createAccessPolicy, checkRequest, type AccessPolicy, type AccessPolicyOptions, type AccessPolicyStatus, type AccessRequest, type Decision } from "./policy";
export { DENIAL_CODES, REASONS, denialCode, explain, type ReasonCode, type ReasonContext } from "./reasons";
export { DEFAULT_RULES, createAccessRules, type AccessRules, type AccessRulesConfig, type PurposeName } from "./rules";
export {
  GrantStatus,
  Purpose,
  type AccessQuery,
  type ChainEvents,
  type ChainHead,
  type GrantInfo,
  type GrantReader,
  type LedgerEvent,
  type LedgerEventBatch,
  type ResourceInfo,
} from "./reader";
export { createReadCache, type ReadCache, type ReadCacheStats } from "./cache";
export {
  createRiskMonitor,
  RISK_ALERT_TYPES,
  type AggregationDetails,
  type LinkageDetails,
  type QueriedColumn,
  type RateDetails,
  type RiskAccess,
  type RiskAlert,
  type RiskAlertType,
  type RiskLimits,
  type RiskMonitor,
  type RiskMonitorOptions,
  type RiskWindow,
} from "./risk";
export { entryGrantId, usageStatements, type IndexedAccessEntry, type UsageLine, type UsagePeriod, type UsageStatement } from "./usage";

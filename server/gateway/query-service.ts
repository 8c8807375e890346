import { entryGrantId, type RiskMonitor } from "../access";
import type { AccessPolicy, Decision } from "../access/policy";
import { withNote, type AccessReceipt } from "../access/receipt";
import { planQuery, queryRefused, resultDigest, runPlan, verifyRecords, checkVerifyRecords, type DataEngine, type SqlValue, type VerifyRecord } from "../data";
import { TdlError, isTdlError } from "../errors";
import type { AccessLogEntry, ProductRun, QueryRecord } from "../log";
import type { Caller } from "./gateway";
import { outcomeSentences, type QueryOutcomeReason } from "./query-reasons";
import { groupSizeFor, queriedColumns, readGrantScope, touchedMask, type GrantScope, type ScopedResource, type ScopeSources } from "./query-scope";
import { rangeHolding, type Recorder } from "./recorder";

/*
 * Queries under a grant (Art. 17–18, R1, R12, R16, R17): the node answers a developer's SQL from its own
 * data, only as the grant allows, and records every query, answered or not, as one log entry carrying what
 * it read and the digest of what left. The same policy decides as for declared access (the grant is live,
 * the key is the grantee's, the scenario matches, the purpose covers "query"), for every resource read with
 * the fields actually touched; the same recorder writes the log and signs the receipt.
 *
 * Operations: "aggregate" (the default: aggregates over at least k source rows, 可用不可见) and "verify"
 * (数据核验: match / no match per record). Row-level output ("rows") and "export" are refused (R1) and
 * recorded, as is every refusal of the guard, a time limit and an engine failure.
 */

export interface QueryRequest {
  readonly grantId: number;
  /** bytes32 0x hex: the scenario the developer claims. */
  readonly scenario: string;
  readonly operation: string;
  /** For "aggregate": one SELECT over the grant's resources, written with their aliases (r12). */
  readonly sql?: string;
  /** For "verify": the resource's alias and the records to check. */
  readonly resource?: string;
  readonly records?: readonly VerifyRecord[];
  /** Dataset versions to read, by resource alias (e.g. {r12: 1}); the latest for any not named. */
  readonly versions?: Readonly<Record<string, number>>;
  /** Set by a data product's run (product-runs.ts): which approved template this SQL was bound from. */
  readonly product?: ProductRun;
}

export interface QueryAnswer {
  readonly decision: "allowed" | "denied";
  readonly reason: string;
  readonly message: string;
  readonly messageZh: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlValue[])[];
  readonly groupsSuppressed: number;
  readonly rowsScanned: number;
  /** SHA-256 of the canonical answer, as the log entry holds it; null when nothing was answered. */
  readonly resultDigest: string | null;
  readonly receipt: AccessReceipt;
}

export interface QueryServiceDeps {
  readonly policy: AccessPolicy;
  readonly engine: DataEngine;
  readonly sources: ScopeSources;
  readonly recorder: Recorder;
  readonly origin: string;
  readonly risk?: RiskMonitor;
  readonly clock?: { now(): number };
  /** The grant's secret key for masking its sensitive fields (64 hex digits; a different one per grant, R18). */
  readonly maskKey: (grantId: number) => string;
  /** Per-query time limit, ms; the engine's default when absent. */
  readonly timeLimitMs?: number;
  readonly onDecision?: (entry: AccessLogEntry) => void;
}

export interface QueryService {
  /** Decides, answers (when allowed), records and receipts one query; throws CHAIN_UNAVAILABLE (after recording) when it failed closed. */
  handle(caller: Caller, request: QueryRequest): Promise<QueryAnswer>;
}

const DATA_OPERATIONS = new Set(["aggregate", "verify"]);

/** What is known of a query as it goes: the entry is built from it whatever the outcome. */
interface Trace {
  read: readonly ScopedResource[];
  masks: readonly bigint[];
  columns: readonly string[];
  scenario: string | null;
  time: number;
}

/** An answer before it is logged: what the caller will see, whether it was allowed, and the decisions behind it. */
type Answered = Omit<QueryAnswer, "decision" | "resultDigest" | "receipt"> & { readonly allowed: boolean; readonly decisions: readonly Decision[] };

const denied = (reason: string, text: { message: string; messageZh: string }): Answered => ({
  allowed: false, reason, ...text, columns: [], rows: [], groupsSuppressed: 0, rowsScanned: 0, decisions: [],
});

const fromDecision = (d: Decision): Answered => denied(d.reason, { message: d.message, messageZh: d.messageZh });

export function createQueryService(deps: QueryServiceDeps): QueryService {
  const { policy, engine, sources, recorder, origin } = deps;
  const clock = deps.clock ?? { now: () => Date.now() };

  const ask = (caller: Caller, request: QueryRequest, operation: string, resourceId: number, fields: bigint, requestDigest: string) =>
    policy.decide({ key: caller.key, org: caller.org, operation, grantId: request.grantId, scenario: request.scenario, resourceId, fields, requestDigest });

  /** Plans the query against the scope: the resources it reads and the columns it touches, or a refusal. */
  async function plan(at: ScopeSources, scope: GrantScope, request: QueryRequest) {
    const strange = Object.keys(request.versions ?? {}).find((alias) => !scope.resources.some((r) => r.alias === alias));
    if (strange !== undefined) throw queryRefused("RESOURCE_NOT_GRANTED", strange);
    if (request.operation === "verify") {
      const resource = scope.resources.find((r) => r.alias === request.resource);
      if (resource === undefined) throw queryRefused("RESOURCE_NOT_GRANTED", String(request.resource));
      const columns = checkVerifyRecords(resource, request.records ?? []);
      return { read: [resource], columns, run: async () => ({ ...(await verifyRecords(engine, resource, request.records ?? [])), groupsSuppressed: 0 }) };
    }
    const planned = await planQuery(engine, scope.resources, request.sql ?? "");
    const read = planned.read.map((alias) => scope.resources.find((r) => r.alias === alias.alias) as ScopedResource);
    return {
      read,
      columns: planned.columnsTouched,
      run: async () => runPlan(engine, planned, { k: await groupSizeFor(at, read), maskKey: deps.maskKey(request.grantId), timeLimitMs: deps.timeLimitMs }),
    };
  }

  async function answer(caller: Caller, request: QueryRequest, requestDigest: string, trace: Trace): Promise<Answered> {
    const at = (await sources.snapshot?.()) ?? sources; // one chain state for all of this query's reads
    const scope = await readGrantScope(at, request.grantId, request.versions);
    const first = scope?.resources[0];
    if (!DATA_OPERATIONS.has(request.operation) || scope === null) {
      // the policy says why: an unknown grant, a key not of the grantee, raw export (R1), an unknown operation
      const operation = request.operation === "rows" ? "export" : DATA_OPERATIONS.has(request.operation) ? "query" : request.operation;
      const d = await ask(caller, request, operation, first?.resourceId ?? 0, first?.fieldMask ?? 1n, requestDigest);
      trace.scenario = d.grant?.scenario.toLowerCase() ?? null;
      return d.allowed ? denied("GRANT_NAMES_NO_RESOURCES", outcomeSentences("GRANT_NAMES_NO_RESOURCES", `grant ${request.grantId}`)) : fromDecision(d);
    }
    let planned;
    try {
      planned = await plan(at, scope, request);
    } catch (error) {
      if (isTdlError(error, "QUERY_REFUSED")) return unavailableNamed(scope, request) ?? refusal(error);
      throw error;
    }
    trace.read = planned.read;
    trace.columns = planned.columns;
    trace.masks = planned.read.map((r) => touchedMask(r, planned.columns));
    // a query touching no field (count(*)) is asked about the grant's own mask: it still reads the resource
    const decisions = await Promise.all(planned.read.map((r, i) => ask(caller, request, "query", r.resourceId, trace.masks[i] || r.fieldMask, requestDigest)));
    trace.scenario = decisions[0]?.grant?.scenario.toLowerCase() ?? null;
    const refusedBy = decisions.find((d) => !d.allowed);
    if (refusedBy !== undefined) return fromDecision(refusedBy);
    const missing = planned.read.find((r) => r.unavailable !== undefined);
    if (missing !== undefined) return unavailableAnswer(missing);
    try {
      const result = await planned.run();
      return { allowed: true, reason: decisions[0].reason, message: decisions[0].message, messageZh: decisions[0].messageZh, ...result, decisions };
    } catch (error) {
      if (isTdlError(error, "QUERY_TIME_LIMIT")) return denied("QUERY_TIME_LIMIT", outcomeSentences("QUERY_TIME_LIMIT", String(error.details?.timeLimitMs ?? "")));
      if (isTdlError(error, "QUERY_FAILED")) return denied("QUERY_FAILED", outcomeSentences("QUERY_FAILED", error.message));
      throw error;
    }
  }

  function entryOf(caller: Caller, request: QueryRequest, requestDigest: string, trace: Trace, a: Answered): AccessLogEntry {
    const query: QueryRecord = {
      sqlDigest: recorder.digestOf(request.sql ?? request.records ?? []),
      reads: a.allowed ? trace.read.map((r) => ({ resourceId: String(r.resourceId), datasetVersion: String(r.dataset?.datasetVersion), contentDigest: String(r.dataset?.contentDigest).replace(/^0x/, "").toLowerCase() })) : [],
      columns: trace.columns,
      rowsScanned: a.rowsScanned,
      rowsReturned: a.rows.length,
      groupsSuppressed: a.groupsSuppressed,
      resultDigest: a.allowed ? resultDigest(a.columns, a.rows) : null,
      ...(request.product === undefined ? {} : { product: request.product }),
    };
    return {
      time: new Date(trace.time).toISOString(),
      origin,
      org: String(caller.org),
      key: caller.key.toLowerCase(),
      operation: request.operation,
      grantId: entryGrantId(request.grantId),
      scenario: trace.scenario,
      resourceId: trace.read.length > 0 ? trace.read.map((r) => r.resourceId).join(",") : "none",
      fields: trace.read.length > 0 ? trace.masks.map((m) => `0x${m.toString(16)}`).join(",") : "0x0",
      decision: a.allowed ? "allowed" : "denied",
      reason: a.reason,
      requestDigest,
      query,
    };
  }

  return {
    async handle(caller, request) {
      const requestDigest = recorder.digestOf(request);
      const trace: Trace = { read: [], masks: [], columns: [], scenario: null, time: clock.now() };
      let answered: Answered;
      let unavailable: TdlError | undefined;
      try {
        answered = await answer(caller, request, requestDigest, trace);
      } catch (error) {
        if (!isTdlError(error, "CHAIN_UNAVAILABLE")) throw error;
        unavailable = error;
        answered = denied("CHAIN_UNAVAILABLE", {
          message: "The ledger cannot be reached within the staleness bound: the query is refused until it can (fail closed).",
          messageZh: "无法在时限内连接账本：在恢复连接前拒绝查询（失效即关闭）。",
        });
      }
      const entry = entryOf(caller, request, requestDigest, trace, answered);
      const { indices, ranges } = await recorder.record([entry]);
      deps.onDecision?.(entry);
      if (answered.allowed) {
        for (const [i, d] of answered.decisions.entries()) deps.risk?.observe({ org: caller.org, resourceId: trace.read[i].resourceId }, d);
        deps.risk?.observeQuery(caller.org, queriedColumns(trace.read, trace.columns));
      }
      if (unavailable !== undefined) {
        throw new TdlError("CHAIN_UNAVAILABLE", `${unavailable.message}; the attempt is recorded as denied`, {
          cause: unavailable,
          details: { ...unavailable.details, retryAfterSeconds: 1, logIndices: indices },
        });
      }
      const range = rangeHolding(ranges, indices[0]);
      const receipt = withNote(range.receipts.find((r) => r.index === indices[0]) ?? range.receipts[0], range.note);
      return {
        decision: entry.decision,
        reason: entry.reason,
        message: answered.message,
        messageZh: answered.messageZh,
        columns: answered.columns,
        rows: answered.rows,
        groupsSuppressed: answered.groupsSuppressed,
        rowsScanned: answered.rowsScanned,
        resultDigest: entry.query?.resultDigest ?? null,
        receipt,
      };
    },
  };
}

/** A guard refusal as an outcome: its reason code and sentences. */
function unavailableAnswer(r: ScopedResource): Answered {
  const reason = r.unavailable ?? "DATASET_NOT_ON_NODE";
  const name = `resource ${r.resourceId} (${r.alias})`;
  return denied(reason, outcomeSentences(reason, r.versionAsked === undefined ? name : `dataset version ${r.versionAsked} of ${name}`));
}

/**
 * A query the guard refused that names a resource whose data this node cannot serve (no dataset version,
 * no field list, not staged): that is the reason to give, since its fields are unknown to the guard.
 */
function unavailableNamed(scope: GrantScope, request: QueryRequest): Answered | undefined {
  const text = (request.sql ?? request.resource ?? "").toLowerCase();
  const named = scope.resources.find((r) => r.unavailable !== undefined && new RegExp(`\\b${r.alias}\\b`).test(text));
  return named === undefined ? undefined : unavailableAnswer(named);
}

function refusal(error: TdlError): Answered {
  const details = (error.details ?? {}) as { reason?: string; zh?: string; name?: string };
  return denied(String(details.reason ?? "QUERY_REFUSED"), { message: error.message, messageZh: String(details.zh ?? error.message) });
}

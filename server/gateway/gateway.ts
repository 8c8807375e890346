import { entryGrantId, type RiskMonitor } from "../access";
import type { AccessPolicy, Decision } from "../access/policy";
import { withNote, type AccessReceipt, type ReceiptRange, type UnsignedReceipt } from "../access/receipt";
import { TdlError, isTdlError } from "../errors";
import type { AccessLogEntry } from "../log";
import { rangeHolding, type Recorder } from "./recorder";

/*
 * The access gateway (policy enforcement point): each request is decided by the policy for the
 * caller's key and organisation, the decision (allowed or denied) is appended to the log through
 * the group-commit appender, allowed ones feed the risk monitor, and the answer carries a receipt
 * signed by the node.
 *
 * Fail-closed logging policy: when the policy cannot reach the chain within its staleness bound
 * (CHAIN_UNAVAILABLE), the attempt is still recorded, as a denied entry with reason
 * CHAIN_UNAVAILABLE, and the caller gets 503. In a batch, one such item fails the whole batch
 * closed: items the policy would have allowed are recorded as denied CHAIN_UNAVAILABLE too, the
 * other denials keep their reasons, and nothing of the batch is allowed.
 */

/** Who acts: the signed-in staff key and its organisation (never named by the request itself). */
export interface Caller {
  readonly key: string;
  readonly org: number;
}

/** One access request, validated. Exactly one of `requestDigest` (SHA-256 hex, 0x optional) and `request` is given. */
export interface GatewayRequest {
  readonly operation: string;
  readonly grantId: number;
  /** bytes32 0x hex. */
  readonly scenario: string;
  readonly resourceId: number;
  /** Bit mask of the resource's fields. */
  readonly fields: bigint;
  readonly requestDigest?: string;
  /** The request itself: only its digest is recorded. */
  readonly request?: unknown;
}

export interface GatewayDeps {
  readonly policy: AccessPolicy;
  /** The node's one log writer, shared with the query path. */
  readonly recorder: Recorder;
  readonly risk?: RiskMonitor;
  readonly clock?: { now(): number };
  /** Told of each recorded decision (metrics). */
  readonly onDecision?: (entry: AccessLogEntry) => void;
}

export interface GatewayResult {
  readonly decision: "allowed" | "denied";
  readonly reason: string;
  readonly message: string;
  readonly messageZh: string;
  readonly receipt: UnsignedReceipt;
}

/** One request's answer: its receipt carries its signed note. */
export type GatewayAnswer = Omit<GatewayResult, "receipt"> & { readonly receipt: AccessReceipt };

export interface GatewayOutcome {
  readonly results: readonly GatewayResult[];
  readonly ranges: readonly ReceiptRange[];
}

export interface Gateway {
  /** Decides, records and receipts one request; throws CHAIN_UNAVAILABLE (after recording) when it failed closed. */
  handle(caller: Caller, request: GatewayRequest): Promise<GatewayAnswer>;
  /** Decides, records and receipts the requests together; throws CHAIN_UNAVAILABLE (after recording) when it failed closed. */
  handleBatch(caller: Caller, requests: readonly GatewayRequest[]): Promise<GatewayOutcome>;
}

const UNAVAILABLE_TEXT = {
  message: "The ledger cannot be reached within the staleness bound: access is refused until it can (fail closed).",
  messageZh: "无法在时限内连接账本：在恢复连接前拒绝访问（失效即关闭）。",
};

/** The request digest the log records: a given digest as it is, else the recorder's keyed digest of the body (never stored). */
function digestOf(recorder: Recorder, given: string | undefined, request: unknown): string {
  if (given !== undefined) return given.replace(/^0x/, "").toLowerCase();
  return recorder.digestOf(request);
}

/** The policy's decisions (undefined where the chain was unavailable) and the first such failure. */
interface Decided {
  readonly decisions: readonly (Decision | undefined)[];
  readonly unavailable?: TdlError;
}

/** Asks the policy about every request at once; any failure other than CHAIN_UNAVAILABLE is thrown. */
async function decideAll(policy: AccessPolicy, caller: Caller, requests: readonly GatewayRequest[], digests: readonly string[]): Promise<Decided> {
  const settled = await Promise.allSettled(
    requests.map((r, i) =>
      policy.decide({
        key: caller.key,
        org: caller.org,
        operation: r.operation,
        grantId: r.grantId,
        scenario: r.scenario,
        resourceId: r.resourceId,
        fields: r.fields,
        requestDigest: digests[i],
      }),
    ),
  );
  let unavailable: TdlError | undefined;
  for (const s of settled) {
    if (s.status === "rejected") {
      if (!isTdlError(s.reason, "CHAIN_UNAVAILABLE")) throw s.reason;
      unavailable ??= s.reason;
    }
  }
  return { decisions: settled.map((s) => (s.status === "fulfilled" ? s.value : undefined)), unavailable };
}

/** A request's log entry and answer text, failed closed when the chain was unavailable for it or its batch. */
interface Outcome {
  readonly entry: AccessLogEntry;
  readonly allowed: boolean;
  readonly decision: Decision | undefined;
  readonly message: string;
  readonly messageZh: string;
}

interface OutcomeContext {
  readonly origin: string;
  readonly caller: Caller;
  /** Local clock, ms: the time of entries without a decision. */
  readonly now: number;
  readonly batchUnavailable: boolean;
}

function outcomeOf(context: OutcomeContext, r: GatewayRequest, digest: string, decision: Decision | undefined): Outcome {
  const failedClosed = decision === undefined || (context.batchUnavailable && decision.allowed);
  const allowed = !failedClosed && decision.allowed;
  const entry: AccessLogEntry = {
    time: new Date(decision?.checkedAt ?? context.now).toISOString(),
    origin: context.origin,
    org: String(context.caller.org),
    key: context.caller.key.toLowerCase(),
    operation: r.operation,
    grantId: entryGrantId(r.grantId),
    scenario: decision?.grant?.scenario.toLowerCase() ?? null,
    resourceId: String(r.resourceId),
    fields: `0x${r.fields.toString(16)}`,
    decision: allowed ? "allowed" : "denied",
    reason: failedClosed ? "CHAIN_UNAVAILABLE" : decision.reason,
    requestDigest: digest,
  };
  const text = failedClosed ? UNAVAILABLE_TEXT : { message: decision.message, messageZh: decision.messageZh };
  return { entry, allowed, decision, ...text };
}

export function createGateway(deps: GatewayDeps): Gateway {
  const { policy, recorder, risk } = deps;
  const { origin } = recorder;
  const clock = deps.clock ?? { now: () => Date.now() };

  /** Metrics for every recorded decision; the risk monitor for the allowed ones. */
  function observe(caller: Caller, outcomes: readonly Outcome[]): void {
    for (const o of outcomes) {
      deps.onDecision?.(o.entry);
      if (o.allowed && o.decision !== undefined) risk?.observe({ org: caller.org, resourceId: Number(o.entry.resourceId) }, o.decision);
    }
  }

  async function handleBatch(caller: Caller, requests: readonly GatewayRequest[]): Promise<GatewayOutcome> {
    const digests = requests.map((r) => digestOf(recorder, r.requestDigest, r.request));
    const { decisions, unavailable } = await decideAll(policy, caller, requests, digests);
    const context: OutcomeContext = { origin, caller, now: clock.now(), batchUnavailable: unavailable !== undefined };
    const outcomes = requests.map((r, i) => outcomeOf(context, r, digests[i], decisions[i]));
    const { indices, ranges } = await recorder.record(outcomes.map((o) => o.entry));
    const byIndex = new Map<number, UnsignedReceipt>();
    for (const range of ranges) for (const receipt of range.receipts) byIndex.set(receipt.index, receipt);
    observe(caller, outcomes);
    if (unavailable !== undefined) {
      throw new TdlError("CHAIN_UNAVAILABLE", `${unavailable.message}; the attempt is recorded as denied`, {
        cause: unavailable,
        details: { ...unavailable.details, retryAfterSeconds: 1, logIndices: indices },
      });
    }
    return {
      ranges,
      results: outcomes.map((o, i) => ({
        decision: o.entry.decision,
        reason: o.entry.reason,
        message: o.message,
        messageZh: o.messageZh,
        receipt: byIndex.get(indices[i]) as UnsignedReceipt,
      })),
    };
  }

  return {
    handleBatch,
    async handle(caller, request) {
      const { results, ranges } = await handleBatch(caller, [request]);
      const [result] = results;
      return { ...result, receipt: withNote(result.receipt, rangeHolding(ranges, result.receipt.index).note) };
    },
  };
}

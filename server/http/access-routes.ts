import { createHash } from "node:crypto";
import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { entryGrantId, usageStatements, type IndexedAccessEntry, type RiskAlertType, type RiskMonitor } from "../access";
import type { AccessPolicy, Decision } from "../access/policy";
import type { GrantInfo } from "../access/reader";
import { signReceipts, withNote, type AccessReceipt, type LoggedEntry, type ReceiptRange, type UnsignedReceipt } from "../access/receipt";
import { TdlError, isTdlError } from "../errors";
import { canonicalJson, encodeEntry, type AccessLogEntry, type CanonicalValue, type Hasher, type NoteSigner } from "../log";
import type { EntryAppender } from "../storage";
import { OrgKind, requireKind, requireSession, sessionOf } from "./auth";
import { parseRequest } from "./params";
import type { Session, SessionTokens } from "./session";
import { jsonBody } from "./json-body";

/*
 * The access gateway (policy enforcement point): each request is decided by the policy for the
 * session's key and organisation, the decision (allowed or denied) is appended to the log through
 * the group-commit appender, allowed ones feed the risk monitor, and the answer carries a receipt
 * signed by the node.
 *
 * Fail-closed logging policy: when the policy cannot reach the chain within its staleness bound
 * (CHAIN_UNAVAILABLE), the attempt is still recorded, as a denied entry with reason
 * CHAIN_UNAVAILABLE, and the caller gets 503. In a batch, one such item fails the whole batch
 * closed: items the policy would have allowed are recorded as denied CHAIN_UNAVAILABLE too, the
 * other denials keep their reasons, and nothing of the batch is allowed.
 */

/** The request digest the log records, from a given digest or the request body (never stored). */
function digestOf(given: string | undefined, request: unknown): string {
  if (given !== undefined) return given.replace(/^0x/, "").toLowerCase();
  return createHash("sha256").update(canonicalJson(request as CanonicalValue), "utf8").digest("hex");
}

const uint32 = z
  .union([z.number(), z.string().regex(/^(0|[1-9][0-9]{0,9})$/, "must be a decimal integer").transform(Number)])
  .pipe(z.number().int("must be an integer").min(0).max(2 ** 32 - 1));

/** One access request as it arrives. `fields` is the field mask as 0x hex (bit i = field i). */
export const accessRequestBody = z
  .strictObject({
    operation: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "must be an operation name such as query, compute, download or export"),
    grantId: uint32,
    scenario: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be bytes32 0x hex"),
    resourceId: uint32,
    fields: z
      .string()
      .regex(/^0x[0-9a-fA-F]{1,64}$/, "must be the field mask as 0x hex, at most 256 bits")
      .transform((text) => BigInt(text))
      .refine((mask) => mask > 0n, "must name at least one field"),
    requestDigest: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, "must be the SHA-256 of the request, 64 hex digits").optional(),
    request: z.unknown().optional(),
  })
  .refine((body) => (body.requestDigest === undefined) !== (body.request === undefined), {
    message: "send exactly one of requestDigest or request",
    path: ["requestDigest"],
  });
export type AccessRequestBody = z.infer<typeof accessRequestBody>;

export const MAX_BATCH = 1000;
const batchBody = z.strictObject({ requests: z.array(accessRequestBody).min(1).max(MAX_BATCH, `at most ${MAX_BATCH} requests per batch`) });

export interface GatewayDeps {
  readonly policy: AccessPolicy;
  readonly appender: EntryAppender;
  readonly hasher: Hasher;
  readonly noteSigner: NoteSigner;
  readonly origin: string;
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

export interface GatewayOutcome {
  readonly results: readonly GatewayResult[];
  readonly ranges: readonly ReceiptRange[];
}

export interface Gateway {
  /** Decides, records and receipts the requests; throws CHAIN_UNAVAILABLE (after recording) when it failed closed. */
  handle(session: Pick<Session, "key" | "org">, requests: readonly AccessRequestBody[]): Promise<GatewayOutcome>;
}

const UNAVAILABLE_TEXT = {
  message: "The ledger cannot be reached within the staleness bound: access is refused until it can (fail closed).",
  messageZh: "无法在时限内连接账本：在恢复连接前拒绝访问（失效即关闭）。",
};

/**
 * Signs the receipts of every caller whose entries were acknowledged in the same turn (one group
 * commit resolves its callers together) as one range: one Ed25519 signature for the whole batch
 * instead of one per request. Each caller gets the ranges holding its entries, its receipts only.
 */
function createReceiptBatcher(sign: (logged: readonly LoggedEntry[]) => ReceiptRange[]) {
  let queued: { items: readonly LoggedEntry[]; resolve(ranges: ReceiptRange[]): void; reject(error: unknown): void }[] = [];
  function flush() {
    const callers = queued;
    queued = [];
    try {
      const ranges = sign(callers.flatMap((c) => c.items));
      for (const caller of callers) {
        const mine = new Set(caller.items.map((item) => item.index));
        caller.resolve(
          ranges
            .filter((range) => range.receipts.some((r) => mine.has(r.index)))
            .map((range) => ({ ...range, receipts: range.receipts.filter((r) => mine.has(r.index)) })),
        );
      }
    } catch (error) {
      for (const caller of callers) caller.reject(error);
    }
  }
  return {
    sign(items: readonly LoggedEntry[]): Promise<ReceiptRange[]> {
      return new Promise((resolve, reject) => {
        if (queued.length === 0) setImmediate(flush);
        queued.push({ items, resolve, reject });
      });
    },
  };
}

export function createGateway(deps: GatewayDeps): Gateway {
  const { policy, appender, hasher, noteSigner, origin, risk } = deps;
  const clock = deps.clock ?? { now: () => Date.now() };
  const receipts = createReceiptBatcher((logged) => signReceipts(noteSigner, hasher, origin, logged));

  return {
    async handle(session, requests) {
      const key = session.key.toLowerCase();
      const digests = requests.map((r) => digestOf(r.requestDigest, r.request));
      const settled = await Promise.allSettled(
        requests.map((r, i) =>
          policy.decide({
            key: session.key,
            org: session.org,
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

      const now = clock.now();
      const outcomes = settled.map((s, i) => {
        const r = requests[i];
        const decision: Decision | undefined = s.status === "fulfilled" ? s.value : undefined;
        const failedClosed = decision === undefined || (unavailable !== undefined && decision.allowed);
        const allowed = !failedClosed && decision.allowed;
        const entry: AccessLogEntry = {
          time: new Date(decision?.checkedAt ?? now).toISOString(),
          origin,
          org: String(session.org),
          key,
          operation: r.operation,
          grantId: entryGrantId(r.grantId),
          scenario: decision?.grant?.scenario.toLowerCase() ?? null,
          resourceId: String(r.resourceId),
          fields: `0x${r.fields.toString(16)}`,
          decision: allowed ? "allowed" : "denied",
          reason: failedClosed ? "CHAIN_UNAVAILABLE" : decision.reason,
          requestDigest: digests[i],
        };
        const text = failedClosed ? UNAVAILABLE_TEXT : { message: decision.message, messageZh: decision.messageZh };
        return { entry, allowed, decision, ...text };
      });

      // One synchronous loop: the entries queue together and go to disk in one group commit, consecutively.
      const acknowledged = await Promise.all(outcomes.map((o) => appender.append(encodeEntry(o.entry))));
      const ranges = await receipts.sign(outcomes.map((o, i) => ({ index: acknowledged[i].index, leafHash: acknowledged[i].leafHash, entry: o.entry })));
      const byIndex = new Map<number, UnsignedReceipt>();
      for (const range of ranges) for (const receipt of range.receipts) byIndex.set(receipt.index, receipt);
      for (const o of outcomes) {
        deps.onDecision?.(o.entry);
        if (o.allowed && o.decision !== undefined) risk?.observe({ org: session.org, resourceId: Number(o.entry.resourceId) }, o.decision);
      }
      if (unavailable !== undefined) {
        throw new TdlError("CHAIN_UNAVAILABLE", `${unavailable.message}; the attempt is recorded as denied`, {
          cause: unavailable,
          details: { ...unavailable.details, retryAfterSeconds: 1, logIndices: acknowledged.map((a) => a.index) },
        });
      }
      return {
        ranges,
        results: outcomes.map((o, i) => ({
          decision: o.entry.decision,
          reason: o.entry.reason,
          message: o.message,
          messageZh: o.messageZh,
          receipt: byIndex.get(acknowledged[i].index) as UnsignedReceipt,
        })),
      };
    },
  };
}

export interface AccessRouteDeps {
  readonly gateway: Gateway;
  readonly sessions: SessionTokens;
  /** Largest batch body (default "1mb"); single requests take "16kb". */
  readonly batchJsonLimit?: string;
  /** Run after the session check (a per-key rate limit). */
  readonly limiter?: readonly RequestHandler[];
}

/**
 * POST /          one access request -> {decision, reason, message, messageZh, receipt}
 * POST /batch     {requests: [...]} (at most 1,000) -> {results: [...], ranges: [{start, size, note}]}
 * Denials are 200 with decision "denied": the request was processed and recorded.
 */
export function accessRoutes(deps: AccessRouteDeps): Router {
  const router = Router();
  // no standing check here: the policy itself denies a suspended organisation, and the denial is logged (R16)
  router.use(requireSession(deps.sessions, { standing: false }), ...(deps.limiter ?? []));

  router.post("/", ...jsonBody("16kb"), async (req, res) => {
    const body = parseRequest(accessRequestBody, req.body, "body");
    const { results, ranges } = await deps.gateway.handle(sessionOf(res), [body]);
    const [result] = results;
    const range = ranges.find((r) => r.start <= result.receipt.index && result.receipt.index < r.start + r.size) as ReceiptRange;
    const receipt: AccessReceipt = withNote(result.receipt, range.note);
    res.json({ ...result, receipt });
  });

  router.post("/batch", ...jsonBody(deps.batchJsonLimit ?? "1mb"), async (req, res) => {
    const { requests } = parseRequest(batchBody, req.body, "body");
    const { results, ranges } = await deps.gateway.handle(sessionOf(res), requests);
    res.json({ results, ranges: ranges.map(({ start, size, note }) => ({ start, size, note })) });
  });

  return router;
}

// ==== Supervision: alerts (R18) and usage statements (R15) ====

/** Bureau and supervisors read every alert and every statement. */
const OVERSIGHT_KINDS = [OrgKind.Bureau, OrgKind.BusinessSupervisor, OrgKind.SecuritySupervisor] as const;

const alertsQuery = z.strictObject({
  org: z.string().regex(/^(0|[1-9][0-9]{0,9})$/, "must be a decimal organisation id").transform(Number).optional(),
  type: z.enum(["AGGREGATION", "RATE"]).optional(),
  since: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).transform((t) => Date.parse(t)).optional(),
});

/** GET / ?org=&type=&since=   risk alerts, oldest first (bureau and supervisors). */
export function alertRoutes(deps: { readonly risk: RiskMonitor; readonly sessions: SessionTokens }): Router {
  const router = Router();
  router.get("/", requireSession(deps.sessions), requireKind(OVERSIGHT_KINDS, "the risk alert list"), (req, res) => {
    const q = parseRequest(alertsQuery, req.query, "query");
    const alerts = deps.risk.alerts({ org: q.org, type: q.type as RiskAlertType | undefined, since: q.since });
    res.json({
      alerts: alerts.map((a) => ({
        ...a,
        window: { from: new Date(a.window.from).toISOString(), to: new Date(a.window.to).toISOString() },
        raisedAt: new Date(a.raisedAt).toISOString(),
      })),
    });
  });
  return router;
}

/** The allowed entries of a grant in the node's log (server/node keeps the index). */
export interface UsageSource {
  entriesOfGrant(grantIdHex: string): Promise<IndexedAccessEntry[]>;
}

export interface UsageRouteDeps {
  readonly usage: UsageSource;
  readonly grants: { grantInfo(grantId: number): Promise<GrantInfo | null> };
  readonly sessions: SessionTokens;
  readonly origin: string;
  readonly clock?: { now(): number };
}

const usageQuery = z.strictObject({
  grantId: z.string().regex(/^(0|[1-9][0-9]{0,9})$/, "must be a decimal grant id").transform(Number),
  from: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).optional(),
  to: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).optional(),
});

/**
 * GET / ?grantId=&from=&to=   the usage statement of a grant over [from, to): allowed operations by
 * resource and operation, each line with its log indices. For the grant's grantee and grantor, the
 * bureau and supervisors.
 */
export function usageRoutes(deps: UsageRouteDeps): Router {
  const router = Router();
  const clock = deps.clock ?? { now: () => Date.now() };
  router.get("/", requireSession(deps.sessions), async (req, res) => {
    const q = parseRequest(usageQuery, req.query, "query");
    const from = q.from === undefined ? 0 : Date.parse(q.from);
    const to = q.to === undefined ? clock.now() + 1 : Date.parse(q.to);
    if (from > to) throw new TdlError("MALFORMED_INPUT", "query from: is after to", { details: { field: "from" } });
    const session = sessionOf(res);
    const grant = await deps.grants.grantInfo(q.grantId);
    if (grant === null) throw new TdlError("NOT_FOUND", `there is no grant ${q.grantId} on the ledger`);
    const party = session.org === grant.grantee || session.org === grant.grantor;
    if (!party && !(OVERSIGHT_KINDS as readonly number[]).includes(session.kind)) {
      throw new TdlError("FORBIDDEN", `grant ${q.grantId}'s usage is for its grantee, its grantor, the bureau and supervisors`);
    }
    const hex = entryGrantId(q.grantId);
    const [statement] = usageStatements(await deps.usage.entriesOfGrant(hex), { from, to }, { grantIds: [hex] });
    res.json({ ...statement, origin: deps.origin, grant: q.grantId });
  });
  return router;
}

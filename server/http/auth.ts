import { Router, type RequestHandler, type Response } from "express";
import { verifyMessage } from "ethers";
import { SiweMessage } from "siwe";
import { z } from "zod";
import type { IdentityReader } from "../chain/identity-reader";
import { TdlError } from "../errors";
import { ENUM_MEMBERS, OrgKind, OrgStatus } from "../vocabulary";
import { parseRequest } from "./params";
import { clientOf, createLimiter, createRateLimit, type LimiterOptions, type LimitRule, type NodeLimits } from "./rate-limit";
import type { NonceStore, Session, SessionTokens } from "./session";

/**
 * Identity (Art. 25): staff sign in with their chain key through an EIP-4361 (Sign-In with Ethereum)
 * message naming this node, a nonce it issued and an expiry; the node recovers the key, reads its
 * organisation, the organisation's status and (for operators and developers) its qualification on
 * chain, and issues a short-lived session token. Every gateway request then acts for that key and
 * organisation, never for one named in a body.
 */

/** The name of an organisation kind, e.g. "Developer" (kind-<n> for a value the enum does not have). */
export const kindName = (kind: number): string => (ENUM_MEMBERS.OrgKind as readonly string[])[kind] ?? `kind-${kind}`;

/** Kinds whose standing also needs a live qualification (Art. 12, 13). */
const QUALIFIED_KINDS: ReadonlySet<number> = new Set([OrgKind.Operator, OrgKind.Developer]);

/** What a sign-in message must name: this node. */
export interface Audience {
  /** RFC 4501 authority, e.g. "ledger.example.gov.cn" or "127.0.0.1:8080". */
  readonly domain: string;
  /** The node's base URL; the message's URI must have its origin. */
  readonly uri: string;
  readonly chainId: number;
}

export interface AuthDeps {
  readonly identity: IdentityReader;
  readonly sessions: SessionTokens;
  readonly nonces: NonceStore;
  /** Read per request: the node learns its own address when it starts listening. */
  readonly audience: () => Audience;
  /** Longest span from issuedAt to expirationTime accepted (default 600 s). */
  readonly maxMessageLifetimeSeconds?: number;
  /** Tolerated clock difference for issuedAt and notBefore (default 60 s). */
  readonly clockSkewSeconds?: number;
  readonly clock?: { now(): number };
  /** Told of each sign-in and refusal (never the token). */
  readonly logger?: { info(details: object, message: string): void };
  /** Nonce and sign-in limits (rate-limit.ts); absent: none. */
  readonly limits?: Pick<NodeLimits, "noncePerClient" | "signInPerClient" | "signInPerAddress"> & LimiterOptions;
}

export const signInBody = z.object({
  message: z.string().min(1).max(4096),
  signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, "must be a 65-byte 0x hex signature"),
});

function audienceMismatch(what: string, got: unknown, want: unknown): TdlError {
  return new TdlError("AUTH_WRONG_AUDIENCE", `the sign-in message names ${what} ${JSON.stringify(got)}, this node is ${JSON.stringify(want)}`);
}

function parseTime(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new TdlError("MALFORMED_INPUT", `body message: ${field} is not a date-time`, { details: { field: "message" } });
  return t;
}

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}

/** The session requireSession attached to this response. */
export function sessionOf(res: Response): Session {
  const session = res.locals.session as Session | undefined;
  if (session === undefined) throw new TdlError("UNAUTHENTICATED", "sign in first: this route needs a session token");
  return session;
}

/** The token of an `Authorization: Bearer <token>` header; null when the header is missing or malformed. */
export function bearerToken(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer ([A-Za-z0-9._-]{1,1024})$/.exec(header);
  return match === null ? null : match[1];
}

/** Bearer session token -> res.locals.session; 401 UNAUTHENTICATED or SESSION_EXPIRED otherwise. */
export function requireSession(sessions: SessionTokens, options: { readonly standing?: boolean } = {}): RequestHandler {
  const checkStanding = options.standing ?? true;
  return (req, res, next) => {
    const token = bearerToken(req.get("authorization"));
    if (token === null) throw new TdlError("UNAUTHENTICATED", "sign in first: send Authorization: Bearer <session token>");
    const session = sessions.verify(token);
    res.locals.session = session;
    if (!checkStanding || sessions.standing === undefined) return next();
    return sessions.standing(session).then(() => next());
  };
}

/**
 * The standing check of live sessions: the key's organisation, read from the chain at most every `maxAgeMs`
 * per key, must still be the session's and be active (AUTH_ORG_SUSPENDED, 403), else the session stops.
 */
export function createStandingCheck(identity: Pick<IdentityReader, "actorOf">, maxAgeMs: number, clock: { now(): number } = Date): (session: Session) => Promise<void> {
  const seen = new Map<string, { readAt: number; actor: { org: number; status: number } }>();
  return async (session) => {
    let last = seen.get(session.key);
    if (last === undefined || clock.now() - last.readAt > maxAgeMs) {
      last = { readAt: clock.now(), actor: await identity.actorOf(session.key) };
      seen.set(session.key, last);
    }
    const { org, status } = last.actor;
    if (org !== session.org) throw new TdlError("AUTH_UNKNOWN_KEY", `${session.key} no longer acts for organisation ${session.org}: sign in again`);
    if (status === OrgStatus.Suspended) throw new TdlError("AUTH_ORG_SUSPENDED", `organisation ${org} is suspended: its staff cannot act until it is reinstated`);
    if (status !== OrgStatus.Active) throw new TdlError("AUTH_ORG_SUSPENDED", `organisation ${org} is closed`);
  };
}

/** Bureau and supervisors read every alert and every usage statement. */
export const OVERSIGHT_KINDS = [OrgKind.Bureau, OrgKind.BusinessSupervisor, OrgKind.SecuritySupervisor] as const;

/** Whether the session is the bureau's or a supervisor's. */
export const isOversight = (session: { readonly kind: number }): boolean => (OVERSIGHT_KINDS as readonly number[]).includes(session.kind);

/** Only sessions of these organisation kinds pass; FORBIDDEN otherwise. */
export function requireKind(kinds: readonly number[], what: string): RequestHandler {
  const allowed = new Set(kinds);
  return (_req, res, next) => {
    const session = sessionOf(res);
    if (!allowed.has(session.kind)) {
      throw new TdlError("FORBIDDEN", `${what} is for ${kinds.map(kindName).join(", ")} staff; you act for organisation ${session.org} (${kindName(session.kind)})`);
    }
    next();
  };
}

/**
 * GET  /nonce     a single-use nonce and what the message must name
 * POST /sign-in   {message, signature} -> {token, expiresAt, key, org, kind}
 * GET  /session   the caller's session
 */
export function authRoutes(deps: AuthDeps): Router {
  const { identity, sessions, nonces } = deps;
  const clock = deps.clock ?? { now: () => Date.now() };
  const maxLifetimeMs = (deps.maxMessageLifetimeSeconds ?? 600) * 1000;
  const skewMs = (deps.clockSkewSeconds ?? 60) * 1000;
  const router = Router();

  const limits = deps.limits;
  const perClient = (name: string, rule: LimitRule | undefined): RequestHandler[] =>
    rule === undefined ? [] : [createRateLimit({ ...rule, ...limits, name, keyOf: () => undefined })];
  const perAddress = limits && createLimiter("sign-ins for one address", limits.signInPerAddress, limits);

  router.get("/nonce", ...perClient("nonce requests", limits?.noncePerClient), (req, res) => {
    const { nonce, expiresAt } = nonces.issue(clientOf(req));
    const { domain, uri, chainId } = deps.audience();
    res.set("Cache-Control", "no-store").json({ nonce, expiresAt: new Date(expiresAt).toISOString(), domain, uri, chainId, version: "1" });
  });

  router.post("/sign-in", ...perClient("sign-in attempts", limits?.signInPerClient), async (req, res) => {
    const body = parseRequest(signInBody, req.body, "body");
    let message: SiweMessage;
    try {
      message = new SiweMessage(body.message);
    } catch {
      throw new TdlError("MALFORMED_INPUT", "body message: not an EIP-4361 sign-in message", { details: { field: "message" } });
    }

    // 1. It names this node and this chain.
    const audience = deps.audience();
    if (message.domain !== audience.domain) throw audienceMismatch("domain", message.domain, audience.domain);
    if (originOf(message.uri) !== originOf(audience.uri)) throw audienceMismatch("URI", message.uri, audience.uri);
    if (message.chainId !== audience.chainId) throw audienceMismatch("chain id", message.chainId, audience.chainId);

    // 2. It is current, and short-lived.
    const now = clock.now();
    const expires = parseTime(message.expirationTime, "Expiration Time");
    if (expires === undefined) throw new TdlError("MALFORMED_INPUT", "body message: must carry an Expiration Time", { details: { field: "message" } });
    const issued = parseTime(message.issuedAt, "Issued At") ?? now;
    const notBefore = parseTime(message.notBefore, "Not Before");
    if (expires <= now) throw new TdlError("AUTH_MESSAGE_EXPIRED", `the sign-in message expired at ${message.expirationTime}`);
    if (issued > now + skewMs) throw new TdlError("AUTH_MESSAGE_EXPIRED", `the sign-in message is issued in the future (${message.issuedAt})`);
    if (notBefore !== undefined && notBefore > now + skewMs) throw new TdlError("AUTH_MESSAGE_EXPIRED", `the sign-in message is not valid before ${message.notBefore}`);
    if (expires - issued > maxLifetimeMs) {
      throw new TdlError("MALFORMED_INPUT", `body message: expires more than ${maxLifetimeMs / 1000} s after it was issued`, { details: { field: "message" } });
    }

    // 3. The key named signed it.
    let recovered: string;
    try {
      recovered = verifyMessage(body.message, body.signature);
    } catch {
      throw new TdlError("AUTH_SIGNATURE_INVALID", "the signature does not recover to any key");
    }
    if (recovered.toLowerCase() !== message.address.toLowerCase()) {
      throw new TdlError("AUTH_SIGNATURE_INVALID", `the signature is not by ${message.address}`);
    }

    // Counted only once the key has signed: nobody can use up another key's sign-ins.
    perAddress?.take(recovered.toLowerCase());

    // 4. The nonce is one this node issued, unused and unexpired; it is used up now.
    if (!nonces.consume(message.nonce)) throw new TdlError("AUTH_NONCE_INVALID", "the nonce is unknown, used or expired: ask GET /api/v1/auth/nonce for a new one");

    // 5. The chain knows the key, its organisation is active and, for operators and developers, qualified.
    const actor = await identity.actorOf(recovered);
    const refuse = (code: "AUTH_UNKNOWN_KEY" | "AUTH_ORG_SUSPENDED" | "AUTH_NOT_QUALIFIED", why: string): never => {
      deps.logger?.info({ key: recovered, org: actor.org, code }, "sign-in refused");
      throw new TdlError(code, why);
    };
    if (actor.org === 0) refuse("AUTH_UNKNOWN_KEY", `${recovered} is not a staff key of any organisation on the ledger`);
    if (actor.status === OrgStatus.Suspended) refuse("AUTH_ORG_SUSPENDED", `organisation ${actor.org} is suspended: its staff cannot act until it is reinstated`);
    if (actor.status !== OrgStatus.Active) refuse("AUTH_ORG_SUSPENDED", `organisation ${actor.org} is closed`);
    if (QUALIFIED_KINDS.has(actor.kind)) {
      const at = Math.max(await identity.chainTime(), Math.floor(now / 1000));
      if (!(await identity.isQualifiedAt(actor.org, at))) {
        refuse("AUTH_NOT_QUALIFIED", `organisation ${actor.org} (${kindName(actor.kind)}) holds no live qualification`);
      }
    }

    const { token, expiresAt } = sessions.issue({ key: recovered, org: actor.org, kind: actor.kind });
    deps.logger?.info({ key: recovered, org: actor.org, kind: kindName(actor.kind) }, "signed in");
    res.set("Cache-Control", "no-store").json({
      token,
      tokenType: "Bearer",
      expiresAt: new Date(expiresAt * 1000).toISOString(),
      key: recovered,
      org: actor.org,
      kind: kindName(actor.kind),
    });
  });

  router.get("/session", requireSession(sessions), (_req, res) => {
    const s = sessionOf(res);
    res.json({ key: s.key, org: s.org, kind: kindName(s.kind), expiresAt: new Date(s.expiresAt * 1000).toISOString() });
  });

  return router;
}

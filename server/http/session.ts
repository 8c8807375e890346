import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { TdlError } from "../errors";

/**
 * Sessions of signed-in staff, and the single-use nonces their sign-in messages carry.
 *
 * A session token is `v1.<payload>.<mac>`: payload the base64url of JSON {n: the issuing node's log
 * origin, k: key, o: org, t: kind, e: expiry (Unix seconds), i: issued (Unix seconds)}, mac the base64url of HMAC-SHA256 under the
 * node's session secret over "tdl-session-v1." + payload. The secret never leaves this closure: it
 * is not in any response, log line or error. A node accepts only the tokens it issued itself (`n`), so
 * two nodes that share a secret (a copied data directory, one TDL_SESSION_SECRET) cannot accept each
 * other's sessions.
 */

export interface Session {
  /** The staff key, checksummed 0x address. */
  readonly key: string;
  /** The key's organisation on chain. */
  readonly org: number;
  /** OrgKind number of the organisation. */
  readonly kind: number;
  /** Unix seconds. */
  readonly expiresAt: number;
}

export interface SessionTokens {
  issue(identity: { readonly key: string; readonly org: number; readonly kind: number }): { token: string; expiresAt: number };
  /** The session a token stands for; UNAUTHENTICATED when forged or malformed, SESSION_EXPIRED when expired. */
  verify(token: string): Session;
  readonly ttlSeconds: number;
  /**
   * Whether the session's key still stands on chain (its organisation active), checked on every request
   * after the token: a suspension closes a live session within the node's staleness bound, not at expiry.
   */
  readonly standing?: (session: Session) => Promise<void>;
}

export interface SessionTokenOptions {
  /** The node whose sessions these are: its log origin, named in every token and checked on every request. */
  readonly node: string;
  /** At least 32 bytes. */
  readonly secret: Uint8Array;
  /** Default 900 (15 minutes). */
  readonly ttlSeconds?: number;
  readonly clock?: { now(): number };
}

const MAC_CONTEXT = "tdl-session-v1.";
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function b64url(bytes: Buffer): string {
  return bytes.toString("base64url");
}

export function createSessionTokens(options: SessionTokenOptions): SessionTokens {
  if (!(options.secret instanceof Uint8Array) || options.secret.length < 32) {
    throw new TdlError("CONFIG_INVALID", "the session secret must be at least 32 bytes");
  }
  if (typeof options.node !== "string" || options.node.length === 0) throw new TdlError("CONFIG_INVALID", "session tokens need the node's origin");
  const node = options.node;
  const secret = Buffer.from(options.secret);
  const ttlSeconds = options.ttlSeconds ?? 900;
  if (!(Number.isInteger(ttlSeconds) && ttlSeconds > 0)) throw new TdlError("CONFIG_INVALID", `session TTL must be a positive number of seconds, got ${ttlSeconds}`);
  const clock = options.clock ?? { now: () => Date.now() };
  const mac = (payload: string) => createHmac("sha256", secret).update(MAC_CONTEXT + payload).digest();
  const refused = () => new TdlError("UNAUTHENTICATED", "the session token is not valid: sign in again");

  return {
    ttlSeconds,
    issue({ key, org, kind }) {
      const issuedAt = Math.floor(clock.now() / 1000);
      const expiresAt = issuedAt + ttlSeconds;
      const payload = b64url(Buffer.from(JSON.stringify({ n: node, k: key, o: org, t: kind, e: expiresAt, i: issuedAt }), "utf8"));
      return { token: `v1.${payload}.${b64url(mac(payload))}`, expiresAt };
    },
    verify(token) {
      if (typeof token !== "string" || token.length > 1024) throw refused();
      const parts = token.split(".");
      if (parts.length !== 3 || parts[0] !== "v1") throw refused();
      const [, payload, given] = parts;
      const expected = mac(payload);
      const givenBytes = Buffer.from(given, "base64url");
      if (givenBytes.length !== expected.length || !timingSafeEqual(givenBytes, expected)) throw refused();
      let claims: unknown;
      try {
        claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        throw refused();
      }
      const c = claims as { n?: unknown; k?: unknown; o?: unknown; t?: unknown; e?: unknown };
      if (c.n !== node) {
        throw new TdlError("UNAUTHENTICATED", `the session token was issued by node ${JSON.stringify(c.n)}, not by this node "${node}": sign in here`);
      }
      if (typeof c.k !== "string" || !ADDRESS.test(c.k) || !Number.isInteger(c.o) || !Number.isInteger(c.t) || !Number.isInteger(c.e)) throw refused();
      const expiresAt = c.e as number;
      if (Math.floor(clock.now() / 1000) >= expiresAt) {
        throw new TdlError("SESSION_EXPIRED", `the session expired at ${new Date(expiresAt * 1000).toISOString()}: sign in again`);
      }
      return { key: c.k, org: c.o as number, kind: c.t as number, expiresAt };
    },
  };
}

export interface NonceStore {
  /** A fresh nonce (alphanumeric, as EIP-4361 asks), valid for ttlMs, held for `client` (its own cap). */
  issue(client?: string): { nonce: string; expiresAt: number };
  /** Uses a nonce up: true once for a nonce issued here and not expired, false ever after. */
  consume(nonce: string): boolean;
  size(): number;
}

export interface NonceStoreOptions {
  /** Default 300,000 (5 minutes). */
  readonly ttlMs?: number;
  /** Most outstanding nonces; the oldest are dropped past it (default 100,000). */
  readonly maxOutstanding?: number;
  /** Most outstanding nonces of one client; that client's oldest are dropped past it (default 16). */
  readonly maxPerClient?: number;
  readonly clock?: { now(): number };
}

/** Outstanding nonces in memory: a node restart voids them, which only asks staff to sign in again. */
export function createNonceStore(options: NonceStoreOptions = {}): NonceStore {
  const ttlMs = options.ttlMs ?? 300_000;
  const max = options.maxOutstanding ?? 100_000;
  const perClient = options.maxPerClient ?? 16;
  const clock = options.clock ?? { now: () => Date.now() };
  // insertion order = issue order, so expired nonces are at the front
  const outstanding = new Map<string, { expiresAt: number; client: string }>();
  // each client's outstanding nonces, oldest first: a flood from one client only displaces its own
  const byClient = new Map<string, string[]>();

  function forget(nonce: string): void {
    const held = outstanding.get(nonce);
    if (held === undefined) return;
    outstanding.delete(nonce);
    const list = byClient.get(held.client);
    if (list === undefined) return;
    list.splice(list.indexOf(nonce), 1);
    if (list.length === 0) byClient.delete(held.client);
  }

  function sweep(now: number) {
    for (const [nonce, { expiresAt }] of outstanding) {
      if (expiresAt > now && outstanding.size <= max) break;
      forget(nonce);
    }
  }

  return {
    issue(client = "") {
      const now = clock.now();
      const nonce = randomBytes(16).toString("hex");
      const list = byClient.get(client) ?? [];
      while (list.length >= perClient) forget(list[0]);
      outstanding.set(nonce, { expiresAt: now + ttlMs, client });
      byClient.set(client, [...(byClient.get(client) ?? []), nonce]);
      sweep(now);
      return { nonce, expiresAt: now + ttlMs };
    },
    consume(nonce) {
      const held = outstanding.get(nonce);
      if (held === undefined) return false;
      forget(nonce);
      return held.expiresAt > clock.now();
    },
    size: () => outstanding.size,
  };
}

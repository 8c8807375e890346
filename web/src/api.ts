import type { DisclosedGrant, DisclosedOrganization, DisclosedProduct, DisclosedResource } from "../../server/chain/disclosure-reader";
import type { ChainEvent } from "../../server/storage/history-store";
import type { WebConfig } from "../../server/http/web-routes";

/*
 * The node's HTTP API as the dashboard uses it. The response types are the server's own, so a change
 * there fails the dashboard's type check (npx tsc -p web) instead of showing blanks.
 */

export type { DisclosedGrant, DisclosedOrganization, DisclosedProduct, DisclosedResource, ChainEvent, WebConfig };

export interface Block {
  readonly number: number;
  readonly timestamp: number;
}

export interface Listed {
  readonly block: Block;
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}
export type OrganizationList = Listed & { readonly organizations: DisclosedOrganization[] };
export type GrantList = Listed & { readonly grants: DisclosedGrant[] };
export type ProductList = Listed & { readonly products: DisclosedProduct[] };
export type CatalogList = Listed & { readonly resources: DisclosedResource[] };

export interface HistoryPage {
  readonly subject: { kind: string; id: string };
  readonly events: (ChainEvent & { position: string })[];
  readonly next: string | null;
  readonly indexedHead: { number: number; hash: string; timestamp: number } | null;
}

export interface Health {
  readonly status: string;
  readonly logSize: number;
  readonly anchoring: {
    readonly state: string;
    readonly anchoredSize: number;
    readonly anchoredRoot: string | null;
    readonly txHash: string | null;
    readonly lagEntries: number;
    readonly lagSeconds: number;
    readonly lastError: unknown;
  } | null;
}

export interface CheckpointJson {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly note: string;
  readonly verifierKey: string;
}

export interface SessionInfo {
  readonly key: string;
  readonly org: number;
  readonly kind: string;
  readonly expiresAt: string;
}

export interface RiskAlert {
  readonly type: string;
  readonly org: number;
  readonly window: { from: string; to: string };
  readonly raisedAt: string;
  readonly [detail: string]: unknown;
}

/** An error answer of the node: {"error": {"code", "message"}}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

// ==== session token ====

const TOKEN_KEY = "tdl.session";

export function sessionToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setSessionToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage blocked: the token lasts until reload
  }
  cache.clear();
}

// ==== requests ====

const cache = new Map<string, { at: number; value: Promise<unknown> }>();
/** A language switch re-renders the view: the same answers within this window are reused, not fetched again. */
const CACHE_MS = 5_000;

async function parse(response: Response): Promise<unknown> {
  const type = response.headers.get("content-type") ?? "";
  const body: unknown = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | string | null) ?? null;
    if (typeof error === "object" && error?.error !== undefined) {
      throw new ApiError(response.status, error.error.code ?? "HTTP_ERROR", error.error.message ?? response.statusText);
    }
    throw new ApiError(response.status, "HTTP_ERROR", `${response.status} ${response.statusText}`);
  }
  return body;
}

export interface GetOptions {
  /** Send the session token (supervisor routes). */
  readonly auth?: boolean;
  /** Skip the short cache. */
  readonly fresh?: boolean;
  readonly signal?: AbortSignal;
}

export function getJson<T>(path: string, options: GetOptions = {}): Promise<T> {
  const token = options.auth ? sessionToken() : null;
  if (options.auth && token === null) return Promise.reject(new ApiError(401, "UNAUTHENTICATED", "sign in first"));
  const key = `${token ?? ""} ${path}`;
  const hit = cache.get(key);
  if (!options.fresh && hit !== undefined && Date.now() - hit.at < CACHE_MS) return hit.value as Promise<T>;
  const headers: Record<string, string> = { accept: "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const value = fetch(path, { headers, signal: options.signal }).then(parse);
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value as Promise<T>;
}

export async function getText(path: string): Promise<string> {
  const response = await fetch(path);
  if (!response.ok) throw new ApiError(response.status, "HTTP_ERROR", `${response.status} ${response.statusText}`);
  return response.text();
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
  return (await parse(response)) as T;
}

let configPromise: Promise<WebConfig> | undefined;

/** What the node says about itself: its chain, anchor contract, log id, origin and checkpoint key. */
export function webConfig(): Promise<WebConfig> {
  configPromise ??= getJson<WebConfig>("/api/v1/web-config", { fresh: true }).catch((error: unknown) => {
    configPromise = undefined;
    throw error;
  });
  return configPromise;
}

/** Runs `work` on every item, `limit` at a time, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  });
  await Promise.all(runners);
  return out;
}

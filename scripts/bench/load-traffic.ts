/**
 * The load benchmark's traffic: autocannon cycling access, inclusion proof, access, bundle and history
 * page per connection, each response counted by kind and status with its latency and time.
 */
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";

export const HISTORY_PAGE = 20;

export type Kind = "access" | "proof" | "bundle" | "history";
export const KINDS: readonly Kind[] = ["access", "proof", "bundle", "history"];

export interface Json {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(base: string, method: string, route: string, body?: unknown, token?: string): Promise<Json> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${base}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

export interface KindStats {
  count: number;
  ok: number;
  expected404: number;
  errors: Map<number, number>;
  latencies: number[];
}

export interface LoadRun {
  readonly result: autocannon.Result;
  readonly kinds: Record<Kind, KindStats>;
  readonly all: number[];
  /** (time answered, ms since the epoch; latency, ms) of every response, for the per-minute figures of a soak. */
  readonly timeline: readonly (readonly [number, number])[];
  /** When each unexpected status came back (ms since the epoch). */
  readonly failedAt: readonly number[];
  readonly allowed: number;
  readonly denied: number;
  /** Largest log index a receipt named. */
  readonly maxIndex: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)];
}

export interface LoadWorld {
  readonly grant: number;
  readonly scenario: string;
  readonly resource: number;
  readonly historyPaths: readonly string[];
}

export async function runLoad(base: string, seconds: number, connections: number, tokens: { developer: string; supervisor: string }, world: LoadWorld, logged: { size: number }): Promise<LoadRun> {
  const kinds = Object.fromEntries(KINDS.map((k) => [k, { count: 0, ok: 0, expected404: 0, errors: new Map<number, number>(), latencies: [] as number[] }])) as Record<Kind, KindStats>;
  const all: number[] = [];
  const timeline: [number, number][] = [];
  const failedAt: number[] = [];
  let allowed = 0;
  let denied = 0;
  let maxIndex = logged.size - 1;
  const randomIndex = () => Math.floor(Math.random() * logged.size);
  const contextKind = new WeakMap<object, Kind>();

  const record = (kind: Kind, context: object, status: number, body: string) => {
    contextKind.set(context, kind);
    const s = kinds[kind];
    s.count++;
    if (status >= 200 && status < 300) s.ok++;
    else if (kind === "bundle" && status === 404 && body.includes("not anchored yet")) s.expected404++;
    else {
      s.errors.set(status, (s.errors.get(status) ?? 0) + 1);
      failedAt.push(Date.now());
    }
  };
  const accessBody = () => {
    const inside = Math.random() >= 0.1;
    return JSON.stringify({
      operation: "query",
      grantId: world.grant,
      scenario: world.scenario,
      resourceId: world.resource,
      fields: inside ? "0x5" : "0x8",
      requestDigest: randomBytes(32).toString("hex"),
    });
  };
  const access: autocannon.Request = {
    method: "POST",
    path: "/api/v1/access",
    headers: { "content-type": "application/json", authorization: `Bearer ${tokens.developer}` },
    setupRequest: (req) => ({ ...req, body: accessBody() }),
    onResponse: (status, body, context) => {
      record("access", context, status, body);
      if (status !== 200) return;
      const index = /"index":(\d+)/.exec(body);
      if (index !== null) {
        const i = Number(index[1]);
        if (i > maxIndex) maxIndex = i;
        if (i + 1 > logged.size) logged.size = i + 1;
      }
      if (body.includes('"decision":"allowed"')) allowed++;
      else denied++;
    },
  };
  const proof: autocannon.Request = {
    method: "GET",
    setupRequest: (req) => ({ ...req, path: `/api/v1/log/proofs/inclusion?index=${randomIndex()}&size=${logged.size}` }),
    onResponse: (status, body, context) => record("proof", context, status, body),
  };
  const bundle: autocannon.Request = {
    method: "GET",
    // the entries' contents are for the parties of their grant and supervisors
    headers: { authorization: `Bearer ${tokens.supervisor}` },
    setupRequest: (req) => ({ ...req, path: `/api/v1/log/bundles/${randomIndex()}` }),
    onResponse: (status, body, context) => record("bundle", context, status, body),
  };
  const history: autocannon.Request = {
    method: "GET",
    headers: { authorization: `Bearer ${tokens.supervisor}` },
    setupRequest: (req) => ({ ...req, path: `${world.historyPaths[Math.floor(Math.random() * world.historyPaths.length)]}?limit=${HISTORY_PAGE}` }),
    onResponse: (status, body, context) => record("history", context, status, body),
  };

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: base, connections, duration: seconds, timeout: 10, requests: [access, proof, access, bundle, history] },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    // onResponse (above) runs just before autocannon's "response" event for the same response, on the same client.
    instance.on("response", (client, _status, _bytes, responseTime) => {
      const context = (client as unknown as { requestIterator?: { context?: object } }).requestIterator?.context;
      const kind = context === undefined ? undefined : contextKind.get(context);
      all.push(responseTime);
      timeline.push([Date.now(), responseTime]);
      if (kind !== undefined) kinds[kind].latencies.push(responseTime);
    });
  });
  return { result, kinds, all, timeline, failedAt, allowed, denied, maxIndex };
}


/**
 * Access traffic for the fault suites: staff (signed in through server/cli/sign-in.ts) POST access requests back to
 * back from several workers, through node restarts (connection errors are counted and retried), and
 * every answer is kept: each acknowledged receipt (log index -> leaf hash, decision) and each refusal
 * by status and code, with the time it came.
 */
import { randomBytes } from "node:crypto";

export interface AccessTarget {
  readonly grantId: number;
  readonly scenario: string;
  readonly resourceId: number;
  readonly fields: string;
}

export interface Acknowledged {
  readonly leafHash: string;
  readonly decision: string;
  readonly reason: string;
  readonly at: number;
}

export interface Outcome {
  readonly at: number;
  readonly status: number;
  /** The decision (200) or the error code. */
  readonly what: string;
}

export interface Traffic {
  readonly acknowledged: Map<number, Acknowledged>;
  readonly outcomes: Outcome[];
  readonly stats: { requests: number; connectionErrors: number; duplicates: number };
  /** Outcomes since `t` by "status what". */
  countsSince(t: number): Record<string, number>;
  stop(): Promise<void>;
}

async function json(response: Response): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

/** Runs until stopped; `baseUrl()` is read per request so the suite can move the node. */
export function startTraffic(options: { baseUrl: () => string; token: string; target: AccessTarget; workers: number }): Traffic {
  const acknowledged = new Map<number, Acknowledged>();
  const outcomes: Outcome[] = [];
  const stats = { requests: 0, connectionErrors: 0, duplicates: 0 };
  let running = true;
  const worker = async () => {
    while (running) {
      const body = { operation: "query", ...options.target, requestDigest: randomBytes(32).toString("hex") };
      stats.requests++;
      try {
        const response = await fetch(`${options.baseUrl()}/api/v1/access`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        const answer = await json(response);
        const at = Date.now();
        if (response.status === 200) {
          const { index, leafHash } = answer.receipt;
          if (acknowledged.has(index)) stats.duplicates++;
          acknowledged.set(index, { leafHash, decision: answer.decision, reason: answer.reason, at });
          outcomes.push({ at, status: 200, what: answer.decision });
        } else {
          outcomes.push({ at, status: response.status, what: answer?.error?.code ?? "NO_CODE" });
        }
      } catch {
        // The node is down (killed, restarting): count it and try again shortly.
        stats.connectionErrors++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.workers }, worker));
  return {
    acknowledged,
    outcomes,
    stats,
    countsSince(t) {
      const counts: Record<string, number> = {};
      for (const o of outcomes) if (o.at >= t) counts[`${o.status} ${o.what}`] = (counts[`${o.status} ${o.what}`] ?? 0) + 1;
      return counts;
    },
    async stop() {
      running = false;
      await done;
    },
  };
}

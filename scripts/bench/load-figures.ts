/** The load benchmark's figures: units, the anchoring wait, a least-squares slope, and a soak's per-minute section. */
import type { MemorySample } from "./load-node";
import { call, percentile, type LoadRun } from "./load-traffic";

export const MB = 1024 * 1024;
export const mb = (bytes: number): string => (bytes / MB).toFixed(1);
export const int = (n: number): string => Math.round(n).toLocaleString("en");
export const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

export async function waitAnchored(base: string, size: number, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await call(base, "GET", "/healthz");
    const anchored = Number(health.body?.anchoring?.anchoredSize ?? 0);
    if (anchored >= size) return anchored;
    if (Date.now() > deadline) throw new Error(`the log was not anchored to ${size} within ${timeoutMs} ms (anchored ${anchored}): ${JSON.stringify(health.body)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function linearSlope(points: readonly [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * A soak's figures (a run of 2 minutes or more, `npm run bench:soak`): per minute the responses, the
 * unexpected statuses and the latency percentiles, and the node's RSS growth over the last half of the
 * run against `rssBoundMb`. Markdown lines.
 */
export function soakSection(run: LoadRun, samples: readonly MemorySample[], startedAtMs: number, rssBoundMb: number): string[] {
  const minutes = new Map<number, { latencies: number[]; errors: number }>();
  const minuteOf = (at: number) => Math.floor((at - startedAtMs) / 60_000);
  for (const [at, latency] of run.timeline) {
    const m = minutes.get(minuteOf(at)) ?? { latencies: [], errors: 0 };
    m.latencies.push(latency);
    minutes.set(minuteOf(at), m);
  }
  for (const at of run.failedAt) {
    const m = minutes.get(minuteOf(at));
    if (m !== undefined) m.errors++;
  }
  const lines = ["| minute | responses | unexpected statuses | p50 | p99 | p99.9 |", "| ---: | ---: | ---: | ---: | ---: | ---: |"];
  for (const [minute, m] of [...minutes.entries()].sort(([x], [y]) => x - y)) {
    const sorted = [...m.latencies].sort((x, y) => x - y);
    lines.push(`| ${minute + 1} | ${int(sorted.length)} | ${m.errors} | ${ms(percentile(sorted, 50))} ms | ${ms(percentile(sorted, 99))} ms | ${ms(percentile(sorted, 99.9))} ms |`);
  }
  const half = samples.length === 0 ? 0 : (samples[0].t + samples[samples.length - 1].t) / 2;
  const secondHalf = samples.filter((s) => s.t >= half);
  const growth = secondHalf.length < 2 ? NaN : secondHalf[secondHalf.length - 1].rss - secondHalf[0].rss;
  const peak = Math.max(...samples.map((s) => s.rss));
  const errors = run.failedAt.length + run.result.errors;
  return [
    ...lines,
    "",
    `**Soak target (RSS growth over the last half of the run at most ${rssBoundMb} MB, zero errors): ${growth <= rssBoundMb * MB && errors === 0 ? "met" : "NOT met"}** — ` +
      `RSS ${mb(secondHalf[0]?.rss ?? NaN)} MB at the half, ${mb(secondHalf[secondHalf.length - 1]?.rss ?? NaN)} MB at the end (${growth >= 0 ? "+" : ""}${mb(growth)} MB), ` +
      `peak ${mb(peak)} MB; ${errors} errors (${run.failedAt.length} unexpected statuses, ${run.result.errors} connection errors or timeouts).`,
  ];
}

/** Reading a benchmark's captured output for docs/BENCHMARKS.md: its tables, its marked section, and the words of a run. */
import type { BenchRun } from "./report";

export const utc = (d: Date): string => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
export const loads = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(" / ");
export const num = (text: string): number => Number(text.replace(/,/g, ""));
export const int = (n: number): string => Math.round(n).toLocaleString("en");
/** "113900.00 ms" as "113.9 s"; other durations as printed. */
export const inSeconds = (text: string): string => (/^[\d.]+ ms$/.test(text) && parseFloat(text) >= 1000 ? `${(parseFloat(text) / 1000).toFixed(1)} s` : text);
export const seconds = (run: BenchRun): string => ((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(0);

// ==== extraction helpers ====

/** The lines of the first markdown table whose header contains `headerHas`, or of the first table at all. */
export function tableLines(output: string, headerHas?: string): string[] | undefined {
  const lines = output.split("\n");
  for (let i = 0; i < lines.length - 1; i++) {
    if (!lines[i].startsWith("|") || !/^\|\s*:?-{3}/.test(lines[i + 1])) continue;
    if (headerHas !== undefined && !lines[i].includes(headerHas)) continue;
    const out = [lines[i], lines[i + 1]];
    for (let j = i + 2; j < lines.length && lines[j].startsWith("|"); j++) out.push(lines[j]);
    return out;
  }
  return undefined;
}

export const cells = (row: string): string[] =>
  row
    .replace(/^\|/, "")
    .replace(/\|\s*$/, "")
    .split("|")
    .map((c) => c.trim());

export function markerSection(name: string, stdout: string): string | undefined {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const start = stdout.lastIndexOf(open);
  const end = stdout.lastIndexOf(close);
  if (start < 0 || end < start) return undefined;
  return stdout.slice(start + open.length, end).trim();
}

/** Output lines worth showing verbatim: no compiler chatter, no progress lines. */
export function meaningfulOutput(stdout: string): string {
  return stdout
    .split("\n")
    .filter((l) => !/^(Compiled|Compiling|Nothing to compile|Generating typings|Successfully generated|No need to generate)/.test(l))
    .join("\n")
    .trim();
}

export const runLine = (run: BenchRun): string =>
  `Ran ${utc(run.startedAt)}, ${seconds(run)} s, load average (1 min) ${run.loadBefore[0].toFixed(2)} before, ${run.loadAfter[0].toFixed(2)} after.`;

/** A renderer sees the other benchmarks of the same run too (to name what limits a figure). */
export type Renderer = (run: BenchRun, all: readonly BenchRun[]) => string | undefined;

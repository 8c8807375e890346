/**
 * The markdown writer of `npm run bench` (scripts/bench/run-all.ts): docs/BENCHMARKS.md from the captured
 * output of each benchmark of one run.
 *
 * A benchmark's section comes from, in order of preference:
 *  1. the section it prints itself between `<!-- bench:<name> -->` and `<!-- /bench:<name> -->` (verbatim);
 *  2. a renderer here that reads the figures out of its ordinary output and adds the notes that explain them
 *     (bench:gas, bench:log, bench:anchor and bench:gateway print tables and lines, not a section);
 *  3. its output verbatim in a code block, when neither applies (the figures are still this run's).
 * Every figure in the document comes from the captured output of this run; the notes here hold only
 * explanations, EVM constants, and figures labelled as from an earlier experiment.
 * Targets are stated as `**Target (<what>): met**` or `**Target (<what>): NOT met**` followed by the measured
 * figure; the summary at the top collects them from every section.
 */

import { renderAnchor, renderGas } from "./report-chain";
import { renderGateway, renderLog } from "./report-node";
import { loads, markerSection, meaningfulOutput, runLine, utc, type Renderer } from "./report-parse";

/** A run starts only below this 1-minute load average (run-all.ts refuses otherwise, unless --force). */
export const QUIET_LOAD = 1.5;

export interface BenchRun {
  /** Marker name: gas, log, anchor, gateway, load. */
  readonly name: string;
  /** The npm script, e.g. bench:gas. */
  readonly script: string;
  /** What the npm script runs. */
  readonly command: string;
  readonly heading: string;
  readonly exitCode: number | null;
  readonly signal?: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  /** Where the whole output was kept during the run. */
  readonly outputFile?: string;
}

export interface Machine {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memTotalGiB: number;
  readonly node: string;
  readonly kernel: string;
}

export interface ReportInput {
  readonly machine: Machine;
  readonly command: string;
  readonly commit: string;
  readonly dirty: boolean;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  /** The highest 1-minute load average sampled during the run. */
  readonly loadMax: number;
  readonly runs: readonly BenchRun[];
}

const RENDERERS: Record<string, Renderer> = { gas: renderGas, anchor: renderAnchor, log: renderLog, gateway: renderGateway };

/** The section of one benchmark of this run. */
export function renderSection(run: BenchRun, all: readonly BenchRun[] = [run]): { markdown: string; source: "marker" | "renderer" | "verbatim" } {
  const failed = run.exitCode !== 0;
  const failure = failed
    ? `**The run failed** (exit ${run.exitCode ?? run.signal}); last lines of its error output:\n\n\`\`\`\n${(run.stderr.trim() || run.stdout.trim()).split("\n").slice(-15).join("\n")}\n\`\`\`\n\n`
    : "";
  const marked = markerSection(run.name, run.stdout);
  if (marked !== undefined) {
    const lines = marked.split("\n");
    const at = lines.findIndex((l) => l.startsWith("## "));
    const heading = at >= 0 ? lines.splice(at, 1)[0] : `## ${run.heading}`;
    // The runner's timing line, unless the section already states its own run and load.
    const own = /load average/i.test(marked) ? "" : runLine(run);
    return { markdown: [heading, "", `${failure}${own}`, "", ...lines].join("\n").replace(/\n{3,}/g, "\n\n"), source: "marker" };
  }
  let rendered: string | undefined;
  try {
    rendered = RENDERERS[run.name]?.(run, all);
  } catch {
    rendered = undefined;
  }
  if (rendered !== undefined) {
    const [heading, ...rest] = rendered.split("\n");
    return { markdown: [heading, "", `${failure}${rest.join("\n").trim()}`].join("\n"), source: "renderer" };
  }
  const output = meaningfulOutput(run.stdout);
  return {
    markdown: [
      `## ${run.heading}`,
      "",
      `Command: \`npm run ${run.script}\` (\`${run.command}\`). ${runLine(run)}`,
      "",
      `${failure}The runner found no section of its own in this output and no renderer that could read it; its output, verbatim ` +
        "(targets not evaluated by the runner):",
      "",
      "```",
      output === "" ? "(no output)" : output,
      "```",
    ].join("\n"),
    source: "verbatim",
  };
}

export interface TargetLine {
  readonly bench: string;
  readonly target: string;
  /** met, NOT met, or not judged (the run could not judge it, e.g. a smaller log than the target names). */
  readonly verdict: "met" | "NOT met" | "not judged";
  readonly measured: string;
}

/** Every `**Target (...): met|NOT met** — figure` in a section. */
export function targetsOf(bench: string, markdown: string): TargetLine[] {
  const found: TargetLine[] = [];
  for (const m of markdown.matchAll(/\*\*Target \((.+?)\): (met|not met|NOT met|not judged)\*\*\s*(?:—|-|:)?\s*([^\n]*)/g)) {
    const measured = m[3].replace(/\*\*/g, "").split(/(?<=[^\d.])\.\s|\.$/)[0];
    const verdict = m[2] === "met" ? "met" : m[2] === "not judged" ? "not judged" : "NOT met";
    found.push({ bench, target: m[1], verdict, measured });
  }
  return found;
}

export function renderReport(input: ReportInput): string {
  const { machine } = input;
  const sections = input.runs.map((run) => ({ run, ...renderSection(run, input.runs) }));
  const targets = sections.flatMap((s) => targetsOf(s.run.heading, s.markdown));
  const md: string[] = ["# Benchmarks", ""];
  md.push(
    `Generated by \`${input.command}\` (\`tsx scripts/bench/run-all.ts\`): every benchmark run in sequence, each as a child process, ` +
      "its output captured, and this file written from that output alone. Do not edit by hand: a benchmark's text lives in the section it " +
      "prints between `<!-- bench:<name> -->` markers, or in the renderer and notes of `scripts/bench/report.ts`.",
  );
  md.push("");
  md.push("| | |");
  md.push("| --- | --- |");
  md.push(`| machine | \`nproc\` ${machine.nproc}, ${machine.cpuModel}, ${machine.memTotalGiB.toFixed(1)} GiB memory, Linux ${machine.kernel} |`);
  md.push(`| Node | ${machine.node} |`);
  md.push(`| code | commit ${input.commit}${input.dirty ? " (with uncommitted changes in the working tree)" : ""} |`);
  md.push(`| run | ${utc(input.startedAt)} to ${utc(input.finishedAt)} (${((input.finishedAt.getTime() - input.startedAt.getTime()) / 60000).toFixed(1)} min) |`);
  md.push(`| load average (1 / 5 / 15 min) | before ${loads(input.loadBefore)}; after ${loads(input.loadAfter)}; highest 1-min sample during the run ${input.loadMax.toFixed(2)} |`);
  md.push(`| command | \`${input.command}\`, running ${input.runs.map((r) => `\`npm run ${r.script}\``).join(", ")} |`);
  md.push("");
  if (input.loadBefore[0] > QUIET_LOAD) {
    md.push(
      `**The machine was busy when this run started** (1-minute load ${input.loadBefore[0].toFixed(2)} on ${machine.nproc} CPUs, above ${QUIET_LOAD}; ` +
        "the run was forced with --force). Gas figures do not depend on it; throughput and latency figures are lower bounds for this machine, " +
        "and each section gives the load average around its own run.",
    );
  } else {
    md.push(
      `The machine was quiet when this run started (1-minute load ${input.loadBefore[0].toFixed(2)}, at most ${QUIET_LOAD} is required); the highest sample ` +
        `during the run, ${input.loadMax.toFixed(2)}, is the benchmarks' own servers, chains and load generators on ${machine.nproc} CPUs.`,
    );
  }
  md.push("");
  md.push("## Targets");
  md.push("");
  md.push("| benchmark | target | result | measured |");
  md.push("| --- | --- | --- | --- |");
  for (const t of targets) md.push(`| ${t.bench} | ${t.target} | ${t.verdict === "NOT met" ? "**NOT met**" : t.verdict} | ${t.measured.replace(/\|/g, "\\|")} |`);
  for (const s of sections) {
    if (s.run.exitCode !== 0) md.push(`| ${s.run.heading} | (all) | **run failed** (exit ${s.run.exitCode ?? s.run.signal}) | see its section |`);
    else if (targetsOf(s.run.heading, s.markdown).length === 0) md.push(`| ${s.run.heading} | - | not evaluated | see its section |`);
  }
  md.push("");
  md.push(`${targets.filter((t) => t.verdict === "met").length} of ${targets.length} targets met. Each section below gives the measured figure and, for a missed target, what limits it.`);
  for (const s of sections) md.push("", s.markdown.trim());
  md.push("");
  return md.join("\n");
}

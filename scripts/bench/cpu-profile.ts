/**
 * CPU profiles for the benchmarks (issue 16 item 1): a server process profiles itself with the inspector
 * while the load runs (`profileWhile`), and the profile is summarised as its top frames by self time, each
 * per unit of work (µs per decision), as a markdown table the report keeps.
 */
import { Session } from "node:inspector/promises";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

/** The parts of a V8 CPU profile read here. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
}

export interface TopFrame {
  readonly frame: string;
  /** Self time, microseconds. */
  readonly selfUs: number;
  /** Share of the samples in which the process was not idle. */
  readonly share: number;
}

/** Starts the inspector's profiler in this process; the returned function stops it and gives the profile. */
export async function startProfiling(): Promise<() => Promise<CpuProfile>> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return async () => {
    const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
    session.disconnect();
    return profile;
  };
}

const where = (f: CallFrame): string => {
  const file = f.url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "").replace(/^.*\/(server|scripts)\//, "$1/");
  if (file === "") return "";
  // tsx runs TypeScript transpiled without source maps here: a .ts line would be the transpiled one
  return file.endsWith(".ts") ? ` ${file}` : ` ${file}:${f.lineNumber + 1}`;
};

/** The frames with the most self time, idle excluded, grouped by function and place. */
export function topFrames(profile: CpuProfile, top = 15): TopFrame[] {
  const samples = profile.samples ?? [];
  if (samples.length === 0) return [];
  const usPerSample = (profile.endTime - profile.startTime) / samples.length;
  const frameOf = new Map(profile.nodes.map((n) => [n.id, `${n.callFrame.functionName || "(anonymous)"}${where(n.callFrame)}`]));
  const counts = new Map<string, number>();
  let busy = 0;
  for (const id of samples) {
    const frame = frameOf.get(id) ?? "(unknown)";
    if (frame.startsWith("(idle)")) continue;
    busy += 1;
    counts.set(frame, (counts.get(frame) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, n]) => ({ frame, selfUs: n * usPerSample, share: n / Math.max(1, busy) }));
}

/** The top frames as a markdown table, self time per unit of work. */
export function framesTable(frames: readonly TopFrame[], units: number, unit: string): string {
  const lines = [`| frame | self µs per ${unit} | share of busy CPU |`, "| --- | --- | --- |"];
  for (const f of frames) lines.push(`| \`${f.frame.replace(/\|/g, "\\|")}\` | ${(f.selfUs / Math.max(1, units)).toFixed(2)} | ${(f.share * 100).toFixed(1)}% |`);
  return lines.join("\n");
}

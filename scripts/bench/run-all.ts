/**
 * npm run bench: every benchmark in sequence, each as a child process with its output captured (and echoed),
 * then docs/BENCHMARKS.md written from that output (scripts/bench/report.ts): machine, date, command, load
 * average before, during and after, every figure with its baseline and ratio from the same run, and the
 * targets beside them.
 *
 * Options: --only gas,log,...  run a subset (the document then holds only those sections)
 *          --out <file>        write elsewhere than docs/BENCHMARKS.md (e.g. to look before committing)
 *          --from <dir>        re-render from the outputs a previous run kept in <dir> instead of running
 *          --force             run although the 1-minute load average is above 1.5 (the document then says so)
 * Outputs are kept in a fresh directory under os.tmpdir() (its path is printed) so a run can be re-read.
 */
import { execSync, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { QUIET_LOAD, renderReport, type BenchRun, type Machine } from "./report";

const ROOT = path.resolve(__dirname, "../..");

interface Bench {
  readonly name: string;
  readonly script: string;
  readonly heading: string;
}

const BENCHES: readonly Bench[] = [
  { name: "gas", script: "bench:gas", heading: "Contract gas" },
  { name: "log", script: "bench:log", heading: "Access log" },
  { name: "anchor", script: "bench:anchor", heading: "Anchoring gas" },
  { name: "gateway", script: "bench:gateway", heading: "Gateway" },
  { name: "load", script: "bench:load", heading: "Load" },
  { name: "data", script: "bench:data", heading: "Data plane" },
];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function machine(): Machine {
  const cpuinfo = (() => {
    try {
      return execSync("cat /proc/cpuinfo", { encoding: "utf8" });
    } catch {
      return "";
    }
  })();
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown CPU";
  const nproc = Number(execSync("nproc", { encoding: "utf8" }).trim()) || os.cpus().length;
  return { nproc, cpuModel: model, memTotalGiB: os.totalmem() / 1024 ** 3, node: process.version, kernel: os.release() };
}

async function scriptsOf(): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  return pkg.scripts;
}

/** Runs one npm script, echoing its output with a prefix and keeping all of it. */
function runBench(bench: Bench, command: string, dir: string, sampleLoad: () => void): Promise<BenchRun> {
  const outputFile = path.join(dir, `${bench.name}.out`);
  const errorFile = path.join(dir, `${bench.name}.err`);
  const outStream = createWriteStream(outputFile);
  const errStream = createWriteStream(errorFile);
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  let stdout = "";
  let stderr = "";
  console.log(`\n==== npm run ${bench.script} (${command}) — ${startedAt.toISOString()}, load ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", bench.script], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } });
    const timer = setInterval(sampleLoad, 5000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      outStream.write(chunk);
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      errStream.write(chunk);
      process.stderr.write(chunk);
    });
    child.once("close", (code, signal) => {
      clearInterval(timer);
      outStream.end();
      errStream.end();
      const finishedAt = new Date();
      console.log(`==== ${bench.script}: exit ${code ?? signal} after ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s`);
      resolve({ ...bench, command, exitCode: code, signal, stdout, stderr, startedAt, finishedAt, loadBefore, loadAfter: os.loadavg(), outputFile });
    });
  });
}

async function main(): Promise<void> {
  const only = option("only")?.split(",");
  const out = path.resolve(option("out") ?? path.join(ROOT, "docs/BENCHMARKS.md"));
  const from = option("from");
  const benches = BENCHES.filter((b) => only === undefined || only.includes(b.name));
  const scripts = await scriptsOf();
  const commit = execSync("git rev-parse --short HEAD", { cwd: ROOT, encoding: "utf8" }).trim();
  const dirty = execSync("git status --porcelain --untracked-files=no", { cwd: ROOT, encoding: "utf8" }).trim() !== "";

  let runs: BenchRun[];
  let startedAt: Date;
  let finishedAt: Date;
  let loadBefore: number[];
  let loadAfter: number[];
  let loadMax: number;
  if (from !== undefined) {
    // Re-render a kept run: its outputs and the timing the runner recorded beside them.
    const kept = JSON.parse(await readFile(path.join(from, "run.json"), "utf8")) as {
      startedAt: string;
      finishedAt: string;
      loadBefore: number[];
      loadAfter: number[];
      loadMax: number;
      runs: (Omit<BenchRun, "stdout" | "stderr" | "startedAt" | "finishedAt"> & { startedAt: string; finishedAt: string })[];
    };
    runs = await Promise.all(
      kept.runs
        .filter((r) => only === undefined || only.includes(r.name))
        .map(async (r) => ({
          ...r,
          heading: BENCHES.find((b) => b.name === r.name)?.heading ?? r.heading,
          startedAt: new Date(r.startedAt),
          finishedAt: new Date(r.finishedAt),
          stdout: await readFile(path.join(from, `${r.name}.out`), "utf8"),
          stderr: await readFile(path.join(from, `${r.name}.err`), "utf8"),
        })),
    );
    ({ loadBefore, loadAfter, loadMax } = kept);
    [startedAt, finishedAt] = [new Date(kept.startedAt), new Date(kept.finishedAt)];
  } else {
    const load = os.loadavg()[0];
    if (load > QUIET_LOAD && !process.argv.includes("--force")) {
      console.error(`npm run bench: the 1-minute load average is ${load.toFixed(2)}, above ${QUIET_LOAD}: the figures would measure other work. Wait for a quiet machine, or pass --force to run anyway (the document then says the machine was busy).`);
      process.exitCode = 2;
      return;
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), "tdl-bench-"));
    console.log(`npm run bench: ${benches.map((b) => b.script).join(", ")}; outputs kept in ${dir}`);
    startedAt = new Date();
    loadBefore = os.loadavg();
    loadMax = loadBefore[0];
    const sampleLoad = () => (loadMax = Math.max(loadMax, os.loadavg()[0]));
    runs = [];
    for (const bench of benches) {
      const command = scripts[bench.script];
      if (command === undefined) {
        const now = new Date();
        runs.push({ ...bench, command: "(no such npm script)", exitCode: null, signal: "missing", stdout: "", stderr: `package.json has no script ${bench.script}`, startedAt: now, finishedAt: now, loadBefore: os.loadavg(), loadAfter: os.loadavg() });
        continue;
      }
      runs.push(await runBench(bench, command, dir, sampleLoad));
      sampleLoad();
    }
    finishedAt = new Date();
    loadAfter = os.loadavg();
    await writeFile(
      path.join(dir, "run.json"),
      JSON.stringify({ startedAt, finishedAt, loadBefore, loadAfter, loadMax, runs: runs.map(({ stdout: _stdout, stderr: _stderr, ...meta }) => meta) }, null, 2),
    );
    console.log(`\noutputs and run.json kept in ${dir} (re-render with --from ${dir})`);
  }

  const markdown = renderReport({
    machine: machine(),
    command: `npm run bench${only ? ` -- --only ${only.join(",")}` : ""}`,
    commit,
    dirty,
    startedAt,
    finishedAt,
    loadBefore,
    loadAfter,
    loadMax,
    runs,
  });
  await writeFile(out, markdown);
  console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
  const failed = runs.filter((r) => r.exitCode !== 0);
  if (failed.length > 0) {
    console.error(`failed: ${failed.map((r) => `${r.script} (exit ${r.exitCode ?? r.signal})`).join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

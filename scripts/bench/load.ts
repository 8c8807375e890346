/**
 * Load benchmark (npm run bench:load): a node on a local chain under 200 concurrent connections of mixed
 * traffic for 60 seconds, with its memory sampled every second.
 *
 *   anvil (spawned) <- ledger deployed over JSON-RPC, a district walked through the real procedures
 *   node (a child process of this script, `--expose-gc`): gateway, anchorer (defaults: every 1,024 entries
 *     or 10 s), indexer, request log at info level to a file, as `startNode` wires it
 *   autocannon (in this process): per connection the cycle access, inclusion proof, access, bundle, history
 *     - POST /api/v1/access           the developer's session token; 9 in 10 inside the grant, 1 in 10 asking
 *                                      for a field outside it (denied, 200 and logged like any decision)
 *     - GET /api/v1/log/proofs/inclusion?index=&size=   a random logged entry at the latest size seen
 *     - GET /api/v1/log/bundles/:index                  a random logged entry; 404 "not anchored yet" is
 *                                                        expected for the newest ones and counted apart
 *     - GET /api/v1/history/:kind/:id?limit=20          a supervisor's session, subjects of the district
 *
 * Errors: every non-2xx except the expected 404, plus connection errors and timeouts. Memory: the node
 * reports process.memoryUsage() every second, and its retained heap (after a forced full GC) at a third of
 * the run and just before its end; "flat" = retained heap growth over the last two thirds of the run at
 * most HEAP_BOUND_MB and RSS growth at most RSS_BOUND_MB.
 *
 * Env: TDL_LOAD_SECONDS (default 60), TDL_LOAD_CONNECTIONS (200), TDL_LOAD_WARMUP_SECONDS (5). A run of 2 minutes
 * or more is a soak (`npm run bench:soak`: 10 minutes) and adds per-minute latency percentiles and errors and
 * the RSS growth over the last half of the run.
 * Prints a human summary, then a self-contained markdown section between <!-- bench:load --> markers
 * (scripts/bench/run-all.ts splices it into docs/BENCHMARKS.md).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateNoteKey, rfc6962Sha256 } from "../../server/log";
import { verifyProofBundle } from "../../server/log/bundle";
import { signIn } from "../../server/cli/sign-in";
import { buildDistrict } from "../../test/server/gateway/world";
import { startTestChain } from "../../test/helpers/anvil";
import { nodeChild, spawnNode, type ChildMessage, type MemorySample, type NodeHandle } from "./load-node";
import { int, linearSlope, MB, mb, ms, soakSection, waitAnchored } from "./load-figures";
import { call, HISTORY_PAGE, KINDS, percentile, runLoad, type LoadWorld } from "./load-traffic";

const SECONDS = Number(process.env.TDL_LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.TDL_LOAD_CONNECTIONS ?? 200);
const WARMUP_SECONDS = Number(process.env.TDL_LOAD_WARMUP_SECONDS ?? 5);
const ORIGIN = "tdl.example.gov.cn/bench-load";
/** Entries logged (and anchored) before the load, so proofs and bundles have something to fetch from the start. */
const PRELOAD = 2048;
/** The memory bounds of "flat", over the last two thirds of the measured run. */
const HEAP_BOUND_MB = 16;
const RSS_BOUND_MB = 64;



async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const dir = await mkdtemp(path.join(os.tmpdir(), "tdl-bench-load-"));
  console.log(`# bench:load  ${startedAt.toISOString()}  node ${process.version}  nproc ${os.cpus().length}  ${os.cpus()[0]?.model ?? ""}  load ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`data in ${dir} (removed at the end)`);
  const anvil = await startTestChain();
  let node: NodeHandle | undefined;
  try {
    const district = await buildDistrict(anvil.provider, path.join(dir, "deployments"), ORIGIN, "bench-load");
    console.log(`district on anvil ${anvil.url}: grant ${district.grant}, developer org ${district.orgs.developer}, supervisor org ${district.orgs.supervisor}`);
    const noteKey = generateNoteKey(ORIGIN);
    const logFile = path.join(dir, "node.log");
    node = await spawnNode({
      dataDir: path.join(dir, "node"),
      origin: ORIGIN,
      noteSignerKey: noteKey.signerKey,
      noteVerifierKey: noteKey.verifierKey,
      chain: { rpcUrl: anvil.url, deploymentsDir: district.deploymentsDir, network: district.network, logId: district.log.logId, anchoringKey: district.log.anchoringKey },
      logFile,
    });
    const base = node.url;
    const tokens = { developer: (await signIn(base, district.keys.developer)).token, supervisor: (await signIn(base, district.keys.supervisor)).token };
    const world: LoadWorld = {
      grant: district.grant,
      scenario: district.scenario,
      resource: district.resources[0],
      historyPaths: [
        `/api/v1/history/grant/${district.grant}`,
        `/api/v1/history/organization/${district.orgs.developer}`,
        `/api/v1/history/key/${district.keys.developer.address.toLowerCase()}`,
        `/api/v1/history/resource/${district.resources[0]}`,
        `/api/v1/history/organization/${district.orgs.operator}`,
      ],
    };
    for (const p of world.historyPaths) {
      const r = await call(base, "GET", `${p}?limit=${HISTORY_PAGE}`, undefined, tokens.supervisor);
      if (r.status !== 200) throw new Error(`${p}: ${r.status} ${JSON.stringify(r.body)}`);
    }

    // Entries to fetch proofs of from the first second: PRELOAD decisions through the batch route, then anchored.
    for (let i = 0; i < PRELOAD; i += 512) {
      const requests = Array.from({ length: 512 }, () => ({
        operation: "query",
        grantId: world.grant,
        scenario: world.scenario,
        resourceId: world.resource,
        fields: "0x5",
        requestDigest: randomBytes(32).toString("hex"),
      }));
      const r = await call(base, "POST", "/api/v1/access/batch", { requests }, tokens.developer);
      if (r.status !== 200) throw new Error(`preload batch: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    await waitAnchored(base, PRELOAD);
    const logged = { size: PRELOAD };
    console.log(`preloaded ${PRELOAD} decisions, anchored`);

    if (WARMUP_SECONDS > 0) {
      console.log(`warm-up: ${WARMUP_SECONDS} s at ${CONNECTIONS} connections (not counted)`);
      await runLoad(base, WARMUP_SECONDS, CONNECTIONS, tokens, world, logged);
    }
    const sizeBefore = Number((await call(base, "GET", "/healthz")).body.logSize);
    const start = await node.retained("start");
    const firstSample = node.samples.length;
    console.log(`measured run: ${SECONDS} s at ${CONNECTIONS} connections`);
    const loadAt: number[][] = [];
    const t0 = Date.now();
    const checkpoints: Promise<MemorySample>[] = [];
    const mark = (label: string) => checkpoints.push(node!.retained(label));
    const thirdTimer = setTimeout(() => mark("third"), (SECONDS * 1000) / 3);
    const endTimer = setTimeout(() => mark("end"), SECONDS * 1000 - 1500);
    const loadTimer = setInterval(() => loadAt.push(os.loadavg()), 5000);
    const run = await runLoad(base, SECONDS, CONNECTIONS, tokens, world, logged);
    clearTimeout(thirdTimer);
    clearTimeout(endTimer);
    clearInterval(loadTimer);
    const [third, end] = await Promise.all(checkpoints);
    const [sizeAtThird, sizeAtEnd] = [third.logSize ?? NaN, end.logSize ?? NaN];
    const elapsed = (Date.now() - t0) / 1000;
    const samples = node.samples.slice(firstSample);
    const loadAfter = os.loadavg();

    // Every acknowledged decision is in the log, and a bundle from the run verifies.
    const health = (await call(base, "GET", "/healthz")).body;
    const sizeAfter = Number(health.logSize);
    const anchoredAfter = Number(health.anchoring?.anchoredSize ?? 0);
    const bundleIndex = Math.max(0, Math.min(anchoredAfter, sizeAfter) - 1);
    const bundle = await call(base, "GET", `/api/v1/log/bundles/${bundleIndex}`, undefined, tokens.supervisor);
    let bundleCheck = `bundle of entry ${bundleIndex}: HTTP ${bundle.status}`;
    if (bundle.status === 200) {
      verifyProofBundle(rfc6962Sha256, bundle.body, noteKey.verifierKey);
      bundleCheck = `bundle of entry ${bundleIndex} (anchored size ${anchoredAfter}) verified`;
    }
    const logBytes = (await stat(logFile)).size;

    // ==== figures ====
    const r = run.result;
    const total = KINDS.reduce((sum, k) => sum + run.kinds[k].count, 0);
    const expected404 = run.kinds.bundle.expected404;
    const statusErrors = KINDS.reduce((sum, k) => sum + [...run.kinds[k].errors.values()].reduce((a, b) => a + b, 0), 0);
    const errors = statusErrors + r.errors; // r.errors counts connection errors and timeouts
    const errorRate = errors / Math.max(1, total + r.errors);
    const sortedAll = [...run.all].sort((a, b) => a - b);
    const lat = (sorted: number[]) => ({ p50: percentile(sorted, 50), p99: percentile(sorted, 99), p999: percentile(sorted, 99.9), max: sorted[sorted.length - 1] ?? NaN });
    const overall = lat(sortedAll);
    const rps = total / r.duration;
    const decisions = run.kinds.access.ok;
    const window = samples.filter((s) => s.t >= third.t);
    const heapSlope = linearSlope(window.map((s) => [s.t, s.heapUsed]));
    const rssSlope = linearSlope(window.map((s) => [s.t, s.rss]));
    const heapGrowth = end.heapUsed - third.heapUsed;
    const rssGrowth = end.rss - third.rss;
    const windowSeconds = end.t - third.t;
    const flat = heapGrowth <= HEAP_BOUND_MB * MB && rssGrowth <= RSS_BOUND_MB * MB;
    const nodeCpu = samples.length >= 2 ? (samples[samples.length - 1].cpu - samples[0].cpu) / 1e6 / (samples[samples.length - 1].t - samples[0].t) : NaN;
    const maxLoad = Math.max(loadBefore[0], ...loadAt.map((l) => l[0]), loadAfter[0]);

    console.log(`\nrequests ${int(total)} in ${r.duration.toFixed(1)} s (${int(rps)}/s), connection errors ${r.errors}, timeouts ${r.timeouts}`);
    for (const k of KINDS) {
      const s = run.kinds[k];
      const l = lat([...s.latencies].sort((a, b) => a - b));
      console.log(
        `  ${k.padEnd(8)} ${int(s.count)} (${int(s.count / r.duration)}/s), 2xx ${int(s.ok)}, expected 404 ${s.expected404}, errors ${JSON.stringify(Object.fromEntries(s.errors))}; ` +
          `p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, p99.9 ${ms(l.p999)} ms`,
      );
    }
    console.log(`latency all: p50 ${ms(overall.p50)} ms, p99 ${ms(overall.p99)} ms, p99.9 ${ms(overall.p999)} ms, max ${ms(overall.max)} ms`);
    console.log(`decisions: ${int(run.allowed)} allowed, ${int(run.denied)} denied; log ${int(sizeBefore)} -> ${int(sizeAfter)} (${int(sizeAfter - sizeBefore)} appended; receipts acknowledged ${int(decisions)}), anchored ${int(anchoredAfter)}; ${bundleCheck}`);
    console.log(
      `memory (node): retained heap ${mb(start.heapUsed)} MB at start, ${mb(third.heapUsed)} MB at ${third.t.toFixed(0)} s-mark, ${mb(end.heapUsed)} MB at end; ` +
        `RSS ${mb(start.rss)} / ${mb(third.rss)} / ${mb(end.rss)} MB; slope over last 2/3: heap ${(heapSlope / 1024).toFixed(1)} KB/s, RSS ${(rssSlope / 1024).toFixed(1)} KB/s`,
    );
    console.log(`node CPU ${(nodeCpu * 100).toFixed(0)}% of one core; request log ${mb(logBytes)} MB; load average before ${loadBefore[0].toFixed(2)}, max ${maxLoad.toFixed(2)}, after ${loadAfter[0].toFixed(2)}`);
    if (sizeAfter - sizeBefore < decisions) console.log(`!! the log grew by fewer entries (${sizeAfter - sizeBefore}) than receipts acknowledged (${decisions})`);

    // ==== markdown section ====
    const md: string[] = [];
    const pct = (n: number) => `${(n * 100).toFixed(n === 0 ? 0 : 3)}%`;
    md.push("## Load");
    md.push("");
    md.push(
      `Command: \`npm run bench:load\` (\`tsx scripts/bench/load.ts\`; env \`TDL_LOAD_SECONDS\`, \`TDL_LOAD_CONNECTIONS\`, \`TDL_LOAD_WARMUP_SECONDS\`). ` +
        `Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC, \`nproc\` ${os.cpus().length} (${os.cpus()[0]?.model.trim() ?? "?"}), Node ${process.version}; ` +
        `load average ${loadBefore[0].toFixed(2)} before, at most ${maxLoad.toFixed(2)} during, ${loadAfter[0].toFixed(2)} after.`,
    );
    md.push("");
    md.push(
      `Setup: anvil (spawned, automine), the ledger deployed over JSON-RPC and a district walked through the real procedures ` +
        `(\`test/server/gateway/world.ts\`); a node from \`startNode\` in a child process (gateway, anchorer with its defaults of 1,024 entries ` +
        `or 10 s, indexer, request log at info level to a file: ${mb(logBytes)} MB written), the developer and a business supervisor signed in by SIWE. ` +
        `${int(PRELOAD)} decisions logged and anchored before the load, then a ${WARMUP_SECONDS} s warm-up (not counted). autocannon in the ` +
        `harness process, on the same machine as the node and anvil: ${CONNECTIONS} connections for ${SECONDS} s, each cycling ` +
        `access, inclusion proof, access, bundle, history page (40/20/20/20%). Access requests carry the developer's session token; 1 in 10 asks for ` +
        `a field outside the grant (denied, 200, logged). Proofs and bundles are of random logged entries (proofs at the latest size seen); ` +
        `history pages (${HISTORY_PAGE} events) are read with the supervisor's token over five subjects.`,
    );
    md.push("");
    md.push("| traffic | requests | per second | 2xx | expected 404 (not anchored yet) | errors | p50 | p99 | p99.9 |");
    md.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const k of KINDS) {
      const s = run.kinds[k];
      const l = lat([...s.latencies].sort((a, b) => a - b));
      const errs = [...s.errors.entries()].map(([code, n]) => `${n} × ${code}`).join(", ") || "0";
      const label = { access: "POST /api/v1/access", proof: "GET /api/v1/log/proofs/inclusion", bundle: "GET /api/v1/log/bundles/:index", history: "GET /api/v1/history/:kind/:id" }[k];
      md.push(`| ${label} | ${int(s.count)} | ${int(s.count / r.duration)} | ${int(s.ok)} | ${k === "bundle" ? int(s.expected404) : "-"} | ${errs} | ${ms(l.p50)} ms | ${ms(l.p99)} ms | ${ms(l.p999)} ms |`);
    }
    md.push(
      `| **all** | **${int(total)}** | **${int(rps)}** | ${int(total - expected404 - statusErrors)} | ${int(expected404)} | ${errors} (${r.errors} connection errors/timeouts) | **${ms(overall.p50)} ms** | **${ms(overall.p99)} ms** | **${ms(overall.p999)} ms** |`,
    );
    md.push("");
    md.push(
      `Decisions: ${int(decisions)} receipts (${int(decisions / r.duration)}/s; ${int(run.allowed)} allowed, ${int(run.denied)} denied); ` +
        `the log grew by ${int(sizeAfter - sizeBefore)} entries over the run (${sizeAfter - sizeBefore >= decisions ? "every acknowledged decision is in it" : "FEWER than acknowledged"}), ` +
        `anchored to ${int(anchoredAfter)} of ${int(sizeAfter)} when it ended; ${bundleCheck}. Latency max ${ms(overall.max)} ms. ` +
        `Node process CPU: ${(nodeCpu * 100).toFixed(0)}% of one core on average over the run.`,
    );
    md.push("");
    md.push("Memory of the node process (retained = after a forced full GC; `--expose-gc`, three GCs in the run):");
    md.push("");
    md.push("| point | node uptime | retained heap | RSS |");
    md.push("| --- | ---: | ---: | ---: |");
    for (const [label, s] of [["after warm-up", start], ["a third into the run", third], ["end of the run", end]] as const) {
      md.push(`| ${label} | ${s.t.toFixed(0)} s | ${mb(s.heapUsed)} MB | ${mb(s.rss)} MB |`);
    }
    const heapUsedRange = window.length ? `${mb(Math.min(...window.map((s) => s.heapUsed)))}–${mb(Math.max(...window.map((s) => s.heapUsed)))} MB` : "-";
    md.push("");
    md.push(
      `Per-second samples over the last two thirds (${window.length}): heap used ${heapUsedRange} (before collection), ` +
        `least-squares slope ${(heapSlope / 1024).toFixed(1)} KB/s heap, ${(rssSlope / 1024).toFixed(1)} KB/s RSS.`,
    );
    if (rssSlope > 256 * 1024) {
      md.push("");
      md.push(
        `RSS was still rising at the end of the run (${(rssSlope / MB).toFixed(1)} MB/s over the last two thirds) while the retained heap stayed ` +
          `flat: V8 keeps the pages of a heap that peaks at ${mb(Math.max(...window.map((s) => s.heapUsed)))} MB between collections, and LevelDB ` +
          "its caches. Whether RSS levels off needs a longer run (`TDL_LOAD_SECONDS=600 npm run bench:load`).",
      );
    }
    md.push("");
    md.push(
      `**Target (memory flat: over the last two thirds of the run, ${windowSeconds.toFixed(0)} s, retained heap growth at most ${HEAP_BOUND_MB} MB and RSS growth at most ${RSS_BOUND_MB} MB): ` +
        `${flat ? "met" : "NOT met"}** — retained heap ${heapGrowth >= 0 ? "+" : ""}${mb(heapGrowth)} MB, RSS ${rssGrowth >= 0 ? "+" : ""}${mb(rssGrowth)} MB ` +
        `while ${int(sizeAtEnd - sizeAtThird)} entries were appended (${(heapGrowth / Math.max(1, sizeAtEnd - sizeAtThird)).toFixed(1)} bytes of retained heap per entry).`,
    );
    md.push("");
    md.push(
      `**Target (error rate 0: no 5xx, no unexpected 4xx, no connection errors or timeouts): ${errors === 0 ? "met" : "NOT met"}** — ` +
        `${errors} errors of ${int(total + r.errors)} (${pct(errorRate)}).` +
        (errors === 0 ? "" : ` By status: ${KINDS.map((k) => `${k} ${JSON.stringify(Object.fromEntries(run.kinds[k].errors))}`).join(", ")}.`),
    );
    if (SECONDS >= 120) {
      md.push("");
      md.push(`### Soak: ${(SECONDS / 60).toFixed(0)} minutes at ${CONNECTIONS} connections (\`npm run bench:soak\`)`);
      md.push("");
      md.push(...soakSection(run, samples, t0, RSS_BOUND_MB));
    }
    md.push("");
    md.push(
      `The issue sets no throughput or latency target for this mixed load; throughput here is bounded by ${os.cpus().length} CPUs shared by the node, ` +
        `anvil and the load generator (load average up to ${maxLoad.toFixed(1)}).`,
    );
    console.log("\n<!-- bench:load -->");
    console.log(md.join("\n"));
    console.log("<!-- /bench:load -->");
  } finally {
    await node?.stop();
    await anvil.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--node-child")) {
  nodeChild().catch((error: unknown) => {
    process.send?.({ type: "error", message: String(error instanceof Error ? (error.stack ?? error.message) : error) } satisfies ChildMessage);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

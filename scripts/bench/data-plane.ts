/**
 * Data-plane benchmark (npm run bench:data), one run on one machine, each figure beside its baseline:
 *   (a) publishing a 1,000,000-row CSV version through the node (PUT /api/v1/resources/:id/datasets: streamed,
 *       checked against the field list, staged) vs DuckDB's own `read_csv` of the same file into a table;
 *   (b) a grouped aggregate over those rows through the gateway (POST /api/v1/queries: parse, check, rewrite
 *       onto the view wall, k-suppression, log entry, receipt) vs the same SQL on DuckDB directly, p50 of
 *       paired runs; the node's share is the difference of the two p50s;
 *   (c) queries/s at 16 connections for a small aggregate (10,000 rows) vs the declared-access path
 *       (POST /api/v1/access) on the same node in the same run.
 * The node runs in this process on a local anvil with the demo district; the baseline engine has the node's
 * engine settings (1 GB, 2 threads, file-backed). autocannon runs in this process too, for both paths alike.
 * Options: --rows <n> (default 1,000,000), --runs <n> (25), --duration <s> (10), --connections <n> (16).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { ethers, JsonRpcProvider, Network } from "ethers";
import pino from "pino";
import { anvilAccount } from "../lib/anvil";
import { createDemoDistrict, DEMO_ANCHORING_ACCOUNT, DEMO_SCENARIOS, demoWallets } from "../lib/demo";
import { publishDemoDatasets } from "../lib/demo-data";
import { writeDemoDatasets } from "../lib/demo-datasets";
import { ensureDemoLedger } from "../lib/demo-ledger";
import { devChainTime } from "../lib/stack";
import { signIn } from "../../server/cli/sign-in";
import { openDuckDbEngine } from "../../server/data";
import { NO_LIMITS } from "../../server/http/rate-limit";
import { generateNoteKey } from "../../server/log";
import { startNode } from "../../server/node";
import { startTestChain } from "../../test/helpers/anvil";
import { framesTable, startProfiling, topFrames } from "./cpu-profile";

const ORIGIN = "tdl.example.gov.cn/bench-data-plane";
const NETWORK = "bench-data-plane";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" / ");
const verdict = (met: boolean) => (met ? "met" : "NOT met");

async function main(): Promise<void> {
  const rows = option("rows", 1_000_000);
  const runs = option("runs", 25);
  const duration = option("duration", 10);
  const connections = option("connections", 16);
  const loadBefore = load();
  const dir = await mkdtemp(path.join(os.tmpdir(), "tdl-bench-data-"));
  const anvil = await startTestChain({ accounts: 20, genesisTimestamp: Math.floor(Date.now() / 1000) - 60 * 86_400 });
  const wallets = demoWallets(anvil.provider, anvilAccount);
  const { ledger } = await ensureDemoLedger(anvil.provider, path.join(dir, "deployments"), NETWORK);
  const district = await createDemoDistrict({ ledger, wallets, advanceTime: devChainTime(anvil.provider), origin: ORIGIN });
  const noteKey = generateNoteKey(ORIGIN);
  const node = await startNode({
    dataDir: path.join(dir, "node"),
    origin: ORIGIN,
    noteSignerKey: noteKey.signerKey,
    noteVerifierKey: noteKey.verifierKey,
    chain: { rpcUrl: anvil.url, deploymentsDir: path.join(dir, "deployments"), network: NETWORK, logId: district.log.id, anchoringKey: anvilAccount(DEMO_ANCHORING_ACCOUNT).privateKey, everyEntries: 65_536, everySeconds: 10 },
    gateway: { limits: NO_LIMITS },
    indexer: false,
    logger: pino({ level: "silent" }),
  });
  const direct = await openDuckDbEngine({ path: path.join(dir, "direct.duckdb"), memoryLimit: "1GB", threads: 2, timeLimitMs: 600_000, allowedDirectories: [dir] });
  try {
    // ==== (a) publishing: the registry at `rows` rows; the credit records of 10,000 enterprises for (c) ====
    console.error(`generating ${fmt(rows)} enterprises...`);
    const big = writeDemoDatasets(path.join(dir, "big"), { enterprises: rows, settlements: 1 });
    const small = writeDemoDatasets(path.join(dir, "small"), { enterprises: 10_000, settlements: 1 });
    const [published] = await publishDemoDatasets(node.url, ledger, district, wallets, [big[0], small[1]]);
    const started = performance.now();
    await direct.run(`CREATE TABLE registry AS SELECT * FROM read_csv('${big[0].file}', header = true)`);
    const readCsvMs = performance.now() - started;

    // ==== (b) a grouped aggregate over the registry, through the gateway and directly, in pairs ====
    const [r0, r1] = [district.resources[0], district.resources[1]];
    const sql = "SELECT district, industry, count(*) AS enterprises, round(avg(registered_capital), 1) AS avg_capital FROM $ GROUP BY district, industry";
    const token = (await signIn(node.url, wallets.cast.bank)).token;
    const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const grant = { grantId: district.grants.bank, scenario: ethers.id(DEMO_SCENARIOS.bank.scenario) };
    const query = async (body: object) => {
      const response = await fetch(`${node.url}/api/v1/queries`, { method: "POST", headers, body: JSON.stringify({ ...grant, ...body }) });
      const answer = (await response.json()) as { decision: string; reason: string; rowsScanned: number };
      if (answer.decision !== "allowed") throw new Error(`the benchmark's query was refused: ${answer.reason}`);
      return answer;
    };
    const viaNode: number[] = [];
    const viaDuckDb: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const t0 = performance.now();
      const answer = await query({ sql: sql.replace("$", `r${r0}`) });
      const t1 = performance.now();
      await direct.run(sql.replace("$", "registry"));
      const t2 = performance.now();
      if (answer.rowsScanned !== rows) throw new Error(`the node scanned ${answer.rowsScanned} rows, not ${rows}`);
      if (i >= 3) viaNode.push(t1 - t0), viaDuckDb.push(t2 - t1); // three warm-up pairs
    }

    // the node's JavaScript per query, profiled over the same query alone (DuckDB's own threads are not in it)
    const stopProfile = await startProfiling();
    for (let i = 0; i < runs; i++) await query({ sql: sql.replace("$", `r${r0}`) });
    const frames = topFrames(await stopProfile(), 12);

    // one eth_blockNumber, as the node's provider makes it (no batching stall): every query makes one
    const rpc = new JsonRpcProvider(anvil.url, Network.from(31337), { staticNetwork: Network.from(31337), batchStallTime: 0, cacheTimeout: -1 });
    const blockNumber: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await rpc.getBlockNumber();
      blockNumber.push(performance.now() - t0);
    }
    rpc.destroy();

    // ==== (c) throughput at `connections` connections: a small aggregate vs a declared access ====
    const cannon = async (route: string, body: object) => {
      const r = await autocannon({ url: `${node.url}${route}`, method: "POST", connections, duration, headers, body: JSON.stringify(body) });
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${route}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
    };
    const smallAggregate = await cannon("/api/v1/queries", { ...grant, sql: `SELECT tax_credit_rating, count(*) AS n FROM r${r1} GROUP BY 1` });
    const declared = await cannon("/api/v1/access", { ...grant, operation: "query", resourceId: r0, fields: "0x7", request: { bench: "declared access" } });

    // ==== the section ====
    const publishRatio = readCsvMs / published.stagedMs;
    const [node50, duck50] = [p50(viaNode), p50(viaDuckDb)];
    const share = node50 - duck50;
    const lines = [
      "<!-- bench:data -->",
      `Machine load (1/5/15 min) before: ${loadBefore}; after: ${load()}. ${fmt(rows)} rows; ${runs} paired runs; ${connections} connections for ${duration} s each; node and autocannon in one process.`,
      "",
      "| path | figure | baseline (same run) | ratio |",
      "| --- | --- | --- | --- |",
      `| publish a ${fmt(rows)}-row CSV version (PUT, check, stage) | ${fmt(published.stagedMs)} ms | DuckDB \`read_csv\` into a table: ${fmt(readCsvMs)} ms | ${publishRatio.toFixed(2)}x the baseline's speed |`,
      `| grouped aggregate over ${fmt(rows)} rows through the gateway, p50 | ${fmt(node50, 1)} ms | the same SQL on DuckDB directly: ${fmt(duck50, 1)} ms | ${(node50 / duck50).toFixed(2)}x its time |`,
      `| the node's share of it (HTTP, parse, check, rewrite, suppression, log, receipt), p50 difference | ${fmt(share, 2)} ms | | |`,
      `| small aggregate (10,000 rows), ${connections} connections | ${fmt(smallAggregate.rps)} queries/s, p50 ${smallAggregate.p50} ms, p99 ${smallAggregate.p99} ms | declared access: ${fmt(declared.rps)} req/s, p50 ${declared.p50} ms, p99 ${declared.p99} ms | ${(smallAggregate.rps / declared.rps).toFixed(2)}x |`,
      "",
      `**Target (publishing at least 0.7x read_csv): ${verdict(publishRatio >= 0.7)}** (${publishRatio.toFixed(2)}x)`,
      "",
      `**Target (gateway aggregate at most 1.2x DuckDB directly): ${verdict(node50 / duck50 <= 1.2)}** (${(node50 / duck50).toFixed(2)}x)`,
      "",
      `**Target (node's share p50 under 2 ms): ${verdict(share < 2)}** (${fmt(share, 2)} ms)`,
      "",
      "What limits them. Publishing: the node streams the file to its uploads directory, hashes and checks it for UTF-8, " +
        "reads it as text into a staging table, checks every value's cast against the field list (to name the first bad row and column), " +
        "then casts it into the version's own table: the data is written twice where `read_csv` writes it once. " +
        `A query: its chain reads are made at the latest block, one eth_blockNumber per query (p50 ${fmt(p50(blockNumber), 2)} ms in this run, to anvil on this machine), ` +
        "and its log entry is appended with an fsync before the answer (the group commit of the access log section); the parse, check and rewrite are remembered for a repeated text, " +
        "and the views are temporary ones made in the same engine run as the query. The small aggregate's throughput is bounded by the engine run per query, " +
        "where a declared access reads only the policy's cache.",
      "",
      `The node's process, profiled over ${runs} more of the same aggregate (inspector, 200 µs sampling; the engine's own threads are not in it), top frames by self time:`,
      "",
      framesTable(frames, runs, "query"),
      "<!-- /bench:data -->",
    ];
    console.log(lines.join("\n"));
  } finally {
    await direct.close();
    await node.close();
    await anvil.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

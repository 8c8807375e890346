/**
 * Gateway benchmark (npm run bench:gateway), one run on one machine:
 *   (a) the gateway as built: startNode on a local anvil (policy with cache + event poller, group-commit
 *       log, receipts, risk monitor, anchorer, indexer), POST /api/v1/access with a session token;
 *   (b) a bare Express endpoint that only echoes the same JSON body (the HTTP stack's ceiling);
 *   (c) a naive gateway: GrantRegistry.checkAccess by eth_call and its own LevelDB write with
 *       `sync: true` for every request.
 * Each server runs in its own child process; autocannon (64 connections) runs here. Then the batch form:
 * POST /api/v1/access/batch with 1,000 requests a call, decisions per second.
 * Options: --duration <s> (default 12), --connections <n> (64), --batch-duration <s> (10), --batch-connections <n> (4).
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { JsonRpcProvider, Network, ethers } from "ethers";
import express from "express";
import pino from "pino";
import { encodeEntry, generateNoteKey, type AccessLogEntry } from "../../server/log";
import { NO_LIMITS } from "../../server/http/rate-limit";
import { startNode } from "../../server/node";
import { signIn } from "../../server/cli/sign-in";
import { openLevelPort, entryKey } from "../../server/storage";
import { buildDistrict } from "../../test/server/gateway/world";
import { CHAIN_ID, startTestChain } from "../../test/helpers/anvil";
import { framesTable, startProfiling, topFrames, type CpuProfile } from "./cpu-profile";
import { serve as serveApp } from "../../test/helpers/serve";
import { connectContract } from "../../server/chain/ledger";

const ORIGIN = "tdl.example.gov.cn/bench-gateway";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

// ==== the servers, each in a child process: `gateway.ts serve <kind> <json config>` ====

interface ServeConfig {
  readonly rpcUrl: string;
  readonly deploymentsDir: string;
  readonly network: string;
  readonly dataDir: string;
  readonly logId: number;
  readonly anchoringKey: string;
  readonly grantRegistry: string;
}

async function serve(kind: string, config: ServeConfig): Promise<void> {
  let url: string;
  if (kind === "gateway") {
    const noteKey = generateNoteKey(ORIGIN);
    const node = await startNode({
      dataDir: config.dataDir,
      origin: ORIGIN,
      noteSignerKey: noteKey.signerKey,
      noteVerifierKey: noteKey.verifierKey,
      // anchors every 65,536 entries or 10 s: at these rates a 1,024-entry trigger would anchor several times a second
      chain: { rpcUrl: config.rpcUrl, deploymentsDir: config.deploymentsDir, network: config.network, logId: config.logId, anchoringKey: config.anchoringKey, everyEntries: 65_536, everySeconds: 10 },
      gateway: { maxStalenessMs: 5000, limits: NO_LIMITS },
      logger: pino({ level: "silent" }),
    });
    url = node.url;
  } else if (kind === "bare") {
    const app = express();
    app.use(express.json());
    app.post("/echo", (req, res) => {
      res.json(req.body);
    });
    url = (await serveApp(app)).url;
  } else if (kind === "naive") {
    const provider = new JsonRpcProvider(config.rpcUrl, undefined, { staticNetwork: Network.from(CHAIN_ID), cacheTimeout: -1, batchMaxCount: 1 });
    const grants = connectContract("GrantRegistry", config.grantRegistry, provider);
    const port = await openLevelPort(config.dataDir);
    let size = 0;
    const app = express();
    app.use(express.json());
    app.post("/access", async (req, res) => {
      const body = req.body as { key: string; org: number; operation: string; grantId: number; scenario: string; resourceId: number; fields: string; requestDigest: string };
      const block = await provider.getBlock("latest");
      const denial = Number(await grants.checkAccess(body.key, body.grantId, body.resourceId, BigInt(body.fields), block?.timestamp ?? Math.floor(Date.now() / 1000)));
      const entry: AccessLogEntry = {
        time: new Date().toISOString(),
        origin: ORIGIN,
        org: String(body.org),
        key: body.key.toLowerCase(),
        operation: body.operation,
        grantId: ethers.toBeHex(body.grantId, 32),
        scenario: body.scenario,
        resourceId: String(body.resourceId),
        fields: body.fields,
        decision: denial === 0 ? "allowed" : "denied",
        reason: denial === 0 ? "ALLOWED" : `DENIAL_${denial}`,
        requestDigest: body.requestDigest,
      };
      const index = size++;
      await port.putAll([[entryKey(index), encodeEntry(entry)]]);
      res.json({ decision: entry.decision, reason: entry.reason, index });
    });
    url = (await serveApp(app)).url;
  } else {
    throw new Error(`unknown server kind ${kind}`);
  }
  // the benchmark asks the server to profile itself while one load runs (issue 16 item 1)
  let stop: (() => Promise<CpuProfile>) | undefined;
  process.on("message", (message) => {
    void (async () => {
      if (message === "profile-start") {
        stop = await startProfiling();
        process.send?.({ profiling: true });
      } else if (message === "profile-stop" && stop !== undefined) {
        process.send?.({ profile: await stop() });
        stop = undefined;
      }
    })();
  });
  process.send?.({ url });
}

/** Runs `work` while the server child profiles itself; its profile. */
async function profiled<T>(child: ChildProcess, work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  const reply = <K extends string>(key: K) => new Promise<Record<K, unknown>>((resolve) => {
    const on = (m: unknown) => {
      if (typeof m === "object" && m !== null && key in m) {
        child.off("message", on);
        resolve(m as Record<K, unknown>);
      }
    };
    child.on("message", on);
  });
  const started = reply("profiling");
  child.send("profile-start");
  await started;
  const result = await work();
  const done = reply("profile");
  child.send("profile-stop");
  return { result, profile: (await done).profile as CpuProfile };
}

function startServer(kind: string, config: ServeConfig): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(__filename, ["serve", kind, JSON.stringify(config)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve({ url: (message as { url: string }).url, child }));
    child.once("exit", (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

// ==== load ====

/** CPU seconds (user + system) a process has used, from /proc (Linux; 100 ticks per second). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

interface Figures {
  /** Server CPU time per request, microseconds: what a request costs whatever the machine's load. */
  readonly cpuUs: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly total: number;
}

async function load(url: string, body: unknown, headers: Record<string, string>, seconds: number, connections: number, server?: ChildProcess): Promise<Figures> {
  const cpuBefore = cpuSeconds(server?.pid);
  const result = await autocannon({
    url,
    method: "POST",
    connections,
    duration: seconds,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return {
    cpuUs: ((cpuSeconds(server?.pid) - cpuBefore) * 1e6) / Math.max(1, result.requests.total),
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const seconds = option("duration", 12);
  const connections = option("connections", 64);
  const batchSeconds = option("batch-duration", 10);
  const batchConnections = option("batch-connections", 4);
  const dir = await mkdtemp(path.join(os.tmpdir(), "tdl-bench-gateway-"));
  const anvil = await startTestChain();
  const children: ChildProcess[] = [];
  try {
    console.log(`bench:gateway  ${new Date().toISOString()}  nproc ${os.cpus().length}  node ${process.version}  load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log("building the district on anvil ...");
    const d = await buildDistrict(anvil.provider, path.join(dir, "deployments"), ORIGIN, "bench-gateway");
    const base: Omit<ServeConfig, "dataDir"> = {
      rpcUrl: anvil.url,
      deploymentsDir: d.deploymentsDir,
      network: d.network,
      logId: d.log.logId,
      anchoringKey: d.log.anchoringKey,
      grantRegistry: await d.ledger.grants.getAddress(),
    };
    const request = {
      operation: "query",
      grantId: d.grant,
      scenario: d.scenario,
      resourceId: d.resources[0],
      fields: "0x5",
      requestDigest: "ab".repeat(32),
    };

    const gateway = await startServer("gateway", { ...base, dataDir: path.join(dir, "gateway") });
    children.push(gateway.child);
    const bare = await startServer("bare", { ...base, dataDir: path.join(dir, "bare") });
    children.push(bare.child);
    const naive = await startServer("naive", { ...base, dataDir: path.join(dir, "naive") });
    children.push(naive.child);

    const { token } = await signIn(gateway.url, d.keys.developer);
    const auth = { authorization: `Bearer ${token}` };
    const probe = (await (await fetch(`${gateway.url}/api/v1/access`, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify(request) })).json()) as { decision: string };
    if (probe.decision !== "allowed") throw new Error(`the benchmark request is not allowed: ${JSON.stringify(probe)}`);
    const naiveBody = { ...request, key: d.keys.developer.address, org: d.orgs.developer };

    const runs: [string, string, unknown, Record<string, string>, ChildProcess][] = [
      ["bare Express echo", `${bare.url}/echo`, request, {}, bare.child],
      ["gateway as built", `${gateway.url}/api/v1/access`, request, auth, gateway.child],
      ["naive gateway", `${naive.url}/access`, naiveBody, {}, naive.child],
    ];
    const figures = new Map<string, Figures>();
    for (const [name, url, body, headers, child] of runs) {
      await load(url, body, headers, 2, connections); // warm-up
      const f = await load(url, body, headers, seconds, connections, child);
      figures.set(name, f);
      console.log(
        `${name.padEnd(18)} ${fmt(f.rps).padStart(7)} req/s  p50 ${fmt(f.p50)} ms  p99 ${fmt(f.p99)} ms  (${fmt(f.total)} requests, non-2xx ${f.non2xx}, errors ${f.errors})  server CPU ${fmt(f.cpuUs)} us/request`,
      );
    }
    const bareF = figures.get("bare Express echo")!;
    const gw = figures.get("gateway as built")!;
    const nv = figures.get("naive gateway")!;
    console.log(
      `server CPU per request: gateway ${(gw.cpuUs / bareF.cpuUs).toFixed(2)}x bare (as throughput on an idle core: ${(bareF.cpuUs / gw.cpuUs).toFixed(2)}x), naive ${(nv.cpuUs / gw.cpuUs).toFixed(1)}x gateway`,
    );
    console.log(
      `gateway / bare throughput ${(gw.rps / bareF.rps).toFixed(2)}x (target >= 0.6)  p99 ${(gw.p99 / Math.max(1, bareF.p99)).toFixed(2)}x bare (target < 2)  gateway / naive ${(gw.rps / nv.rps).toFixed(1)}x (target >= 10)`,
    );

    const batch = { requests: Array.from({ length: 1000 }, (_, i) => ({ ...request, requestDigest: i.toString(16).padStart(64, "0") })) };
    await load(`${gateway.url}/api/v1/access/batch`, batch, auth, 2, batchConnections);
    const { result: b, profile } = await profiled(gateway.child, () => load(`${gateway.url}/api/v1/access/batch`, batch, auth, batchSeconds, batchConnections, gateway.child));
    console.log(
      `batch form         ${fmt(b.rps * 1000).padStart(7)} decisions/s (${fmt(b.rps, 1)} calls/s of 1,000, ${batchConnections} connections)  p50 ${fmt(b.p50)} ms  p99 ${fmt(b.p99)} ms  non-2xx ${b.non2xx}  (target >= 20,000)`,
    );
    console.log(`batch server CPU ${fmt(b.cpuUs / 1000, 1)} us/decision (one core, unshared: ${fmt(1e9 / b.cpuUs)} decisions/s)`);
    const decisions = b.total * 1000;
    console.log(`\nprofile of the gateway's server process during the batch run (inspector, 200 µs sampling; ${fmt(decisions)} decisions), top frames by self time:\n`);
    console.log(framesTable(topFrames(profile), decisions, "decision"));
    console.log(`\nload after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  } finally {
    for (const child of children) await stopServer(child);
    await anvil.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "serve") {
  serve(process.argv[3], JSON.parse(process.argv[4]) as ServeConfig).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

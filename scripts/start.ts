/**
 * `npm start`: the whole stack on one machine, on an embedded default.
 *
 *   a local chain (anvil, state in <data>/chain/chain-state.json, kept across restarts)
 *   -> the ledger deployed once (deployments/localhost/ reused while the chain has it)
 *   -> the demo district created on first run (scripts/lib/demo.ts)
 *   -> the operator's node (gateway, log, anchoring) under <data>/node
 *   -> on first run, the demo's accesses, its datasets published to the node and its queries (scripts/lib/demo-data.ts)
 *   -> a banner saying where everything is, then "ready". Ctrl-C or SIGTERM stops it all.
 *
 * Environment: TDL_DATA_DIR (default ./data), TDL_DEPLOYMENTS_DIR (default ./deployments), TDL_RPC_PORT
 * (default 8545), TDL_API_PORT (default 8080), TDL_HOST (default 127.0.0.1), TDL_ANCHOR_EVERY_ENTRIES
 * (default 256), TDL_ANCHOR_EVERY_SECONDS (default 10), TDL_LOG_LEVEL (the node's pino level, default info; its log goes to <data>/node.log).
 *
 * Only node: built-ins are imported statically: the contracts may need compiling before the modules that
 * import typechain-types can load.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

const REPO = path.resolve(__dirname, "..");
const CHAIN_ID = 31337;
const NETWORK = "localhost";
/** A fresh chain starts this far in the past, so the demo's time travel (two notice periods) stays behind the wall clock. */
const GENESIS_BACKDATE_SECONDS = 60 * 24 * 60 * 60;

function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535 * 1000) throw new Error(`${name} must be a whole number, got "${text}"`);
  return n;
}

const config = {
  dataDir: path.resolve(process.env.TDL_DATA_DIR ?? path.join(REPO, "data")),
  deploymentsDir: path.resolve(process.env.TDL_DEPLOYMENTS_DIR ?? path.join(REPO, "deployments")),
  host: process.env.TDL_HOST ?? "127.0.0.1",
  rpcPort: envInt("TDL_RPC_PORT", 8545),
  apiPort: envInt("TDL_API_PORT", 8080),
  everyEntries: envInt("TDL_ANCHOR_EVERY_ENTRIES", 256),
  everySeconds: envInt("TDL_ANCHOR_EVERY_SECONDS", 10),
  logLevel: process.env.TDL_LOG_LEVEL ?? "info",
};
const paths = {
  chainDir: path.join(config.dataDir, "chain"),
  stateFile: path.join(config.dataDir, "chain", "chain-state.json"),
  anvilLog: path.join(config.dataDir, "chain", "anvil.log"),
  anvilPid: path.join(config.dataDir, "chain", "anvil.pid"),
  stackPid: path.join(config.dataDir, "stack.pid"),
  nodeDir: path.join(config.dataDir, "node"),
  nodeKeys: path.join(config.dataDir, "node-keys.json"),
  nodeLog: path.join(config.dataDir, "node.log"),
  demoStarted: path.join(config.dataDir, "demo.started"),
  demo: path.join(config.dataDir, "demo.json"),
};

const say = (line = "") => process.stdout.write(`${line}\n`);

function compileIfNeeded(): void {
  if (existsSync(path.join(REPO, "typechain-types", "index.ts")) && existsSync(path.join(REPO, "artifacts", "contracts"))) return;
  say("compiling the contracts (first run after a clone)...");
  const hardhat = require.resolve("hardhat/internal/cli/cli.js", { paths: [REPO] });
  const result = spawnSync(process.execPath, [hardhat, "compile", "--quiet"], { cwd: REPO, stdio: "inherit" });
  if (result.status !== 0) throw new Error("hardhat compile failed");
}

interface NodeKeys {
  noteSignerKey: string;
  noteVerifierKey: string;
}

async function main(): Promise<void> {
  mkdirSync(paths.chainDir, { recursive: true });
  const { isAlive, commandLineOf } = await import("./lib/anvil");

  // One stack per data directory; an anvil orphaned by a hard-killed earlier run is stopped first.
  if (existsSync(paths.stackPid)) {
    const pid = Number(readFileSync(paths.stackPid, "utf8"));
    if (pid !== process.pid && isAlive(pid) && (commandLineOf(pid) ?? "").includes("start.ts")) {
      throw new Error(`another stack (pid ${pid}) is running on ${config.dataDir}: stop it first`);
    }
  }
  writeFileSync(paths.stackPid, `${process.pid}\n`);
  if (existsSync(paths.anvilPid)) {
    const pid = Number(readFileSync(paths.anvilPid, "utf8"));
    if (isAlive(pid) && (commandLineOf(pid) ?? "").includes(paths.stateFile)) {
      say(`stopping anvil pid ${pid}, left behind by an earlier run that was killed`);
      process.kill(pid, "SIGTERM");
      for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
    unlinkSync(paths.anvilPid);
  }

  // A first run that stopped half-way left a half-built district: start the district afresh.
  if (existsSync(paths.demoStarted) && !existsSync(paths.demo)) {
    say("the previous first run stopped before the demo district was complete: starting afresh");
    setAside(["chain", "node", "node-keys.json", "demo.started"]);
  }

  compileIfNeeded();
  const { startAnvil, anvilAccount } = await import("./lib/anvil");
  const { createProvider, devChainTime, readArtifact } = await import("./lib/stack");
  const { ensureDemoLedger } = await import("./lib/demo-ledger");
  const demo = await import("./lib/demo");
  const banners = await import("./lib/demo-banner");
  const demoData = await import("./lib/demo-data");
  const { writeDemoDatasets } = await import("./lib/demo-datasets");
  const { startNode } = await import("../server/node");
  const { generateNoteKey } = await import("../server/log");
  const pino = (await import("pino")).default;

  const freshChain = !existsSync(paths.stateFile);
  const anvil = await startAnvil({
    port: config.rpcPort,
    host: config.host,
    chainId: CHAIN_ID,
    stateFile: paths.stateFile,
    stateInterval: 1,
    genesisTimestamp: freshChain ? Math.floor(Date.now() / 1000) - GENESIS_BACKDATE_SECONDS : undefined,
    accounts: 20,
    logFile: paths.anvilLog,
    detached: true,
  });
  writeFileSync(paths.anvilPid, `${anvil.pid}\n`);
  say(`chain: anvil pid ${anvil.pid} at ${anvil.url} (chain id ${CHAIN_ID}, ${freshChain ? "new" : "state restored from"} ${paths.stateFile})`);

  const provider = createProvider(anvil.url, CHAIN_ID);
  let node: Awaited<ReturnType<typeof startNode>> | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (why: string, code: number): Promise<void> =>
    (stopping ??= (async () => {
      say(`\n${why}: stopping the node and the chain...`);
      try {
        await node?.close();
      } catch (error) {
        say(`the node did not close cleanly: ${String(error)}`);
      }
      provider.destroy();
      await anvil.stop();
      for (const file of [paths.anvilPid, paths.stackPid]) rmSync(file, { force: true });
      say(`stopped (chain state flushed to ${paths.stateFile}).`);
      process.exit(code);
    })());
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++interrupts > 1) {
      say(`${signal} again: killing anvil pid ${anvil.pid} and exiting`);
      anvil.child.kill("SIGKILL");
      process.exit(130);
    }
    void stop(signal, 0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    const account = (i: number) => anvilAccount(i);
    const { ledger, deployed, reason } = await ensureDemoLedger(provider, config.deploymentsDir, NETWORK);
    const deploymentDir = path.join(config.deploymentsDir, NETWORK);
    if (deployed) {
      say(`ledger deployed (${reason}); addresses written to ${deploymentDir}`);
      if (existsSync(paths.demo) || existsSync(paths.nodeDir)) {
        say("the node data and demo district belonged to a chain that is gone: set aside");
        setAside(["node", "node-keys.json", "demo.json", "demo.started"]);
      }
    } else {
      say(`ledger found on chain at the addresses in ${deploymentDir}`);
    }

    const keys = loadNodeKeys(() => {
      const k = generateNoteKey(ORIGIN);
      return { noteSignerKey: k.signerKey, noteVerifierKey: k.verifierKey };
    });
    const origin = keys.origin;
    const wallets = demo.demoWallets(provider, account);

    let district: import("./lib/demo").DemoDistrict;
    const firstRun = !existsSync(paths.demo);
    if (firstRun) {
      writeFileSync(paths.demoStarted, `${new Date().toISOString()}\n`);
      say("\nfirst run: creating the demo district (示范区) through the real procedures...");
      district = await demo.createDemoDistrict({ ledger, wallets, advanceTime: devChainTime(provider), origin, say: (l) => say(`  ${l}`) });
    } else {
      district = JSON.parse(readFileSync(paths.demo, "utf8")) as import("./lib/demo").DemoDistrict;
    }

    node = await startNode({
      dataDir: paths.nodeDir,
      origin,
      noteSignerKey: keys.noteSignerKey,
      noteVerifierKey: keys.noteVerifierKey,
      host: config.host,
      port: config.apiPort,
      chain: {
        rpcUrl: anvil.url,
        deploymentsDir: config.deploymentsDir,
        network: NETWORK,
        logId: district.log.id,
        anchoringKey: anvilAccount(demo.DEMO_ANCHORING_ACCOUNT).privateKey,
        everyEntries: config.everyEntries,
        everySeconds: config.everySeconds,
      },
      logger: pino({ level: config.logLevel }, pino.destination({ dest: paths.nodeLog, mkdir: true, sync: false })),
    });

    if (firstRun) {
      say("  accesses through the operator node's gateway:");
      await demo.runDemoAccesses(node.url, district, wallets, (l) => say(`  ${l}`));
      say("  the data plane: the departments publish their datasets to the node; the bank and the insurer query under their grants:");
      const datasets = path.join(config.dataDir, "demo-datasets");
      await demoData.publishDemoDatasets(node.url, ledger, district, wallets, writeDemoDatasets(datasets), (l) => say(`    ${l}`));
      rmSync(datasets, { recursive: true, force: true });
      await demoData.runDemoQueries(node.url, district, wallets, (l) => say(`  ${l}`));
      const anchored = await node.anchorer?.anchorNow();
      say(`  the log anchored on chain at size ${anchored?.size ?? "?"}`);
      writeFileSync(paths.demo, `${JSON.stringify(district, null, 2)}\n`);
      rmSync(paths.demoStarted, { force: true });
    }

    await banner(node.url, anvil.url, district, account);
  } catch (error) {
    say(`\nfailed: ${await describeError(error)}`);
    await stop("error", 1);
  }

  function setAside(names: string[]): void {
    const aside = path.join(config.dataDir, `stale-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    for (const name of names) {
      const from = path.join(config.dataDir, name);
      if (!existsSync(from)) continue;
      mkdirSync(aside, { recursive: true });
      renameSync(from, path.join(aside, name));
    }
    if (existsSync(aside)) say(`  (moved to ${aside})`);
  }

  async function banner(apiUrl: string, rpcUrl: string, district: import("./lib/demo").DemoDistrict, account: (i: number) => { address: string; privateKey: string }) {
    const status = async (route: string) => {
      const r = await fetch(`${apiUrl}${route}`).catch(() => undefined);
      return r !== undefined && r.status < 400;
    };
    const health = (await (await fetch(`${apiUrl}/healthz`)).json()) as { logSize?: number; anchoring?: { anchoredSize?: number } | null };
    say("");
    say("Trusted Data Ledger: the stack is running");
    say(`  API        ${apiUrl}/api/v1   (health: ${apiUrl}/healthz; log size ${health.logSize}, anchored ${health.anchoring?.anchoredSize ?? 0})`);
    say(`  dashboard  ${apiUrl}/${(await status("/")) ? "" : "   (not built yet)"}`);
    say(`  API docs   ${apiUrl}/docs${(await status("/docs")) ? "" : "   (not served yet)"}`);
    say(`  chain RPC  ${rpcUrl}   (anvil, chain id ${CHAIN_ID}; contracts in ${path.join(config.deploymentsDir, NETWORK)})`);
    say(`  data       ${config.dataDir}   (delete it to start from scratch; node log ${paths.nodeLog}, chain log ${paths.anvilLog})`);
    say("");
    say("The demo district (示范区). Keys are anvil's default test accounts: public keys, never use them on a real chain.");
    for (const line of banners.castLines(district, (i) => account(i).address, (i) => account(i).privateKey)) say(`  ${line}`);
    say("");
    for (const line of banners.districtLines(district)) say(`  ${line}`);
    say("");
    say("The README's keys, ready to paste (each asks for a keystore password, or takes TDL_PASSWORD):");
    for (const line of banners.keyImportLines((i) => account(i).privateKey)) say(`  ${line}`);
    say("");
    say(`ready: API ${apiUrl} RPC ${rpcUrl} (Ctrl-C stops everything)`);
  }
}

/** A chain revert as the rule that refused (decoded from the ledger's errors), anything else as its stack. */
async function describeError(error: unknown): Promise<string> {
  const data = (error as { data?: unknown } | null)?.data;
  if (typeof data === "string" && data.startsWith("0x")) {
    const { decodeRevertData } = await import("../server/chain/revert");
    const decoded = decodeRevertData(data);
    if (decoded !== undefined && decoded !== null) return `the chain refused: ${decoded.signature}: ${decoded.sentence}`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The operator node's log origin (its checkpoints' first line, registered on chain). */
const ORIGIN = "tdl.demo.local/district-operator-node";

/** The node's checkpoint key pair and origin, made once and kept in <data>/node-keys.json (private: git ignores data/). */
function loadNodeKeys(make: () => NodeKeys): NodeKeys & { origin: string } {
  if (existsSync(paths.nodeKeys)) return JSON.parse(readFileSync(paths.nodeKeys, "utf8")) as NodeKeys & { origin: string };
  const keys = { ...make(), origin: ORIGIN };
  writeFileSync(paths.nodeKeys, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

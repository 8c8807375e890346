/**
 * `npm start` as a newcomer runs it: from a clean directory it reaches "ready" with the demo district on
 * chain and an anchored log; Ctrl-C stops it leaving no process behind; a restart comes back with the same
 * organisations, log and anchors and serves new accesses; SIGTERM stops it too. The stack runs as its own
 * process (node with tsx, as `npm start` does), on temporary data and deployments directories and free ports.
 */
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { anvilAccount, freePort, isAlive } from "../../scripts/lib/anvil";
import { DEMO_ACCESSES, DEMO_CAST, DEMO_SCENARIOS, type DemoDistrict } from "../../scripts/lib/demo";
import { README_KEYS } from "../../scripts/lib/demo-banner";
import { demoQueries } from "../../scripts/lib/demo-data";

/** The first run's log: the demo's declared accesses and its queries, one entry each. */
const DEMO_LOG_SIZE = DEMO_ACCESSES.length + demoQueries().length;
import { signIn } from "../../server/cli/sign-in";
import { connectLedger, createProvider } from "../../scripts/lib/stack";

const REPO = path.resolve(__dirname, "../..");

interface Run {
  readonly child: ChildProcess;
  output: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface Health {
  status: string;
  logSize: number;
  anchoring: { state: string; anchoredSize: number; anchoredRoot: string } | null;
}

describe("npm start", function () {
  this.timeout(300_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let apiUrl: string;
  let rpcUrl: string;
  const runs: Run[] = [];
  const anvilPids = new Set<number>();

  function start(): Run {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO, "scripts", "start.ts")], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    const run: Run = {
      child,
      output: "",
      exited: new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))),
    };
    child.stdout!.on("data", (chunk: Buffer) => (run.output += chunk.toString("utf8")));
    child.stderr!.on("data", (chunk: Buffer) => (run.output += chunk.toString("utf8")));
    runs.push(run);
    return run;
  }

  async function ready(run: Run, timeoutMs = 240_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!/^ready: /m.test(run.output)) {
      if (run.child.exitCode !== null) throw new Error(`npm start exited with ${run.child.exitCode}:\n${run.output}`);
      if (Date.now() > deadline) throw new Error(`npm start not ready within ${timeoutMs} ms:\n${run.output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const pid = Number(/anvil pid (\d+)/.exec(run.output)?.[1]);
    anvilPids.add(pid);
  }

  function anvilPid(run: Run): number {
    return Number(/anvil pid (\d+)/.exec(run.output)?.[1]);
  }

  async function stop(run: Run, signal: NodeJS.Signals): Promise<void> {
    run.child.kill(signal);
    const { code } = await Promise.race([
      run.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not stopped 30 s after ${signal}:\n${run.output}`)), 30_000)),
    ]);
    expect(code, run.output).to.equal(0);
  }

  async function answers(url: string): Promise<boolean> {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return true;
    } catch {
      return false;
    }
  }

  async function health(): Promise<Health> {
    return (await (await fetch(`${apiUrl}/healthz`)).json()) as Health;
  }

  async function chainState() {
    const provider = createProvider(rpcUrl, 31337);
    try {
      const ledger = await connectLedger(path.join(dir, "deployments"), "localhost", provider);
      const district = JSON.parse(readFileSync(path.join(dir, "data", "demo.json"), "utf8")) as DemoDistrict;
      const [size, root] = await ledger.anchors.latestAnchor(district.log.id);
      return {
        organizations: Number(await ledger.organizations.organizationCount()),
        grants: [district.grants.bank, district.grants.insurer],
        anchor: { size: Number(size), root },
        anchors: Number(await ledger.anchors.anchorCount(district.log.id)),
        district,
      };
    } finally {
      provider.destroy();
    }
  }

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-start-"));
    const [rpcPort, apiPort] = [await freePort(), await freePort()];
    rpcUrl = `http://127.0.0.1:${rpcPort}`;
    apiUrl = `http://127.0.0.1:${apiPort}`;
    env = {
      ...process.env,
      TDL_DATA_DIR: path.join(dir, "data"),
      TDL_DEPLOYMENTS_DIR: path.join(dir, "deployments"),
      TDL_RPC_PORT: String(rpcPort),
      TDL_API_PORT: String(apiPort),
    };
  });

  after(async function () {
    for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    for (const pid of anvilPids) if (pid > 0 && isAlive(pid)) process.kill(pid, "SIGKILL");
    await rm(dir, { recursive: true, force: true });
  });

  let first: Awaited<ReturnType<typeof chainState>>;
  let firstHealth: Health;

  it("from a clean directory: deploys, creates the demo district, anchors its log, prints where everything is, and reaches ready", async function () {
    const run = start();
    await ready(run);
    expect(run.output).to.include("ledger deployed");
    expect(run.output).to.include("first run: creating the demo district");
    for (const c of Object.values(DEMO_CAST)) expect(run.output).to.include(`${c.nameZh} ${c.nameEn}`);
    expect(run.output).to.include(`API        ${apiUrl}/api/v1`);
    expect(run.output).to.include(`chain RPC  ${rpcUrl}`);
    expect(run.output).to.match(/dashboard {2}http:\/\/127\.0\.0\.1:\d+\//);
    expect(run.output).to.include(anvilAccount(DEMO_CAST.bank.account).privateKey);
    // the README's key names, ready to paste
    for (const [name, account] of README_KEYS) expect(run.output).to.include(`echo ${anvilAccount(account).privateKey} | tdl key import ${name}`);
    // the data plane: the registry published through the node, the bank's aggregate with groups under k suppressed, refusals
    expect(run.output).to.include("区市场监管局 publishes 企业登记信息 (enterprise registration) version 1: 100000 rows");
    expect(run.output).to.match(/answered 某银行 enterprises by sub-district and industry: \d+ rows from 100000 scanned, [1-9]\d* groups under k suppressed/);
    expect(run.output).to.match(/REFUSED {2}某银行 tries to read registry rows one by one: ROW_LEVEL_OUTPUT/);
    expect(run.output).to.match(/REFUSED {2}某银行 tries to export the registry .*: RAW_EXPORT_REFUSED/);
    expect(existsSync(path.join(dir, "data", "chain", "chain-state.json"))).to.equal(true);
    expect(existsSync(path.join(dir, "deployments", "localhost", "OrganizationRegistry.json"))).to.equal(true);

    firstHealth = await health();
    expect(firstHealth.status).to.equal("ok");
    expect(firstHealth.logSize).to.equal(DEMO_LOG_SIZE);
    expect(firstHealth.anchoring?.anchoredSize).to.equal(DEMO_LOG_SIZE);
    first = await chainState();
    expect(first.organizations).to.equal(10);
    expect(first.anchor.size).to.equal(DEMO_LOG_SIZE);
    expect(first.anchor.root).to.equal(firstHealth.anchoring?.anchoredRoot);
  });

  it("Ctrl-C (SIGINT) stops the node and the chain and leaves no process behind", async function () {
    const run = runs[0];
    const pid = anvilPid(run);
    expect(isAlive(pid)).to.equal(true);
    await stop(run, "SIGINT");
    expect(isAlive(pid), `anvil pid ${pid}`).to.equal(false);
    expect(isAlive(run.child.pid!)).to.equal(false);
    expect(await answers(`${apiUrl}/healthz`)).to.equal(false);
    expect(await answers(rpcUrl)).to.equal(false);
    expect(existsSync(path.join(dir, "data", "chain", "anvil.pid"))).to.equal(false);
  });

  it("a restart reuses the deployment and the district, with the same organisations, log and anchors", async function () {
    const run = start();
    await ready(run);
    expect(run.output).to.include("ledger found on chain");
    expect(run.output).not.to.include("first run");
    const h = await health();
    expect(h.logSize).to.equal(firstHealth.logSize);
    expect(h.anchoring?.anchoredSize).to.equal(firstHealth.anchoring?.anchoredSize);
    expect(h.anchoring?.anchoredRoot).to.equal(firstHealth.anchoring?.anchoredRoot);
    const again = await chainState();
    expect(again.organizations).to.equal(first.organizations);
    expect(again.anchor).to.deep.equal(first.anchor);
    expect(again.anchors).to.equal(first.anchors);
  });

  it("after the restart the gateway still decides against the district's grants", async function () {
    const bank = new ethers.Wallet(anvilAccount(DEMO_CAST.bank.account).privateKey);
    const { token } = await signIn(apiUrl, bank);
    const response = await fetch(`${apiUrl}/api/v1/access`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        operation: "query",
        grantId: first.district.grants.bank,
        scenario: ethers.id(DEMO_SCENARIOS.bank.scenario),
        resourceId: first.district.resources[0],
        fields: "0x1",
        request: { test: "after restart" },
      }),
    });
    expect(response.status).to.equal(200);
    expect(((await response.json()) as { decision: string }).decision).to.equal("allowed");
    expect((await health()).logSize).to.equal(DEMO_LOG_SIZE + 1);
  });

  it("after a hard kill (SIGKILL) the next start stops the anvil left behind and comes back with everything", async function () {
    const killed = runs[1];
    const orphan = anvilPid(killed);
    killed.child.kill("SIGKILL");
    await killed.exited;
    expect(isAlive(orphan), "anvil outlives a SIGKILL of its parent").to.equal(true);
    const run = start();
    await ready(run);
    expect(run.output).to.include(`stopping anvil pid ${orphan}, left behind by an earlier run`);
    expect(isAlive(orphan)).to.equal(false);
    const h = await health();
    expect(h.logSize).to.equal(DEMO_LOG_SIZE + 1);
    expect((await chainState()).organizations).to.equal(first.organizations);
  });

  it("SIGTERM stops it as cleanly", async function () {
    const run = runs[2];
    const pid = anvilPid(run);
    await stop(run, "SIGTERM");
    expect(isAlive(pid)).to.equal(false);
    expect(await answers(rpcUrl)).to.equal(false);
    expect(existsSync(path.join(dir, "data", "stack.pid"))).to.equal(false);
  });
});

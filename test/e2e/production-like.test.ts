/**
 * The production path on a chain configured like the permissioned network of docs/DEPLOY.md: free gas
 * (gas price 0, base fee 0, and keys that hold no ether at all), a non-default chain id, and blocks every
 * second instead of one per transaction. The ledger is deployed with the deploy script's logic
 * (deployLedger + writeDeployment, Supervision authorized by the officials' collective decision), the demo
 * district is walked on it, the operator's node serves the accesses through its gateway and anchors its log.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { anvilAccount, freePort, startAnvil, type RunningAnvil } from "../../scripts/lib/anvil";
import {
  DEMO_ACCESSES,
  DEMO_ACCOUNTS,
  DEMO_ANCHORING_ACCOUNT,
  DEMO_BUREAU,
  DEMO_DEPLOYER,
  createDemoDistrict,
  demoWallets,
  runDemoAccesses,
  type DemoDistrict,
  type DemoWallets,
} from "../../scripts/lib/demo";
import type { Ledger } from "../../server/chain/ledger";
import { createProvider, devChainTime, ensureLedger } from "../../scripts/lib/stack";
import { ensureDemoLedger } from "../../scripts/lib/demo-ledger";
import { generateNoteKey } from "../../server/log";
import { startNode, type RunningNode } from "../../server/node";

const CHAIN_ID = 7777;
const NETWORK = "chain";
const ORIGIN = "tdl.production-like.test/operator-node";

describe("on a chain configured like production (free gas, chain id 7777, 1 s blocks)", function () {
  this.timeout(240_000);
  let dir: string;
  let anvil: RunningAnvil | undefined;
  let node: RunningNode | undefined;
  let provider: ReturnType<typeof createProvider>;
  let ledger: Ledger;
  let district: DemoDistrict;
  let wallets: DemoWallets;

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-prodlike-"));
    anvil = await startAnvil({
      port: await freePort(),
      chainId: CHAIN_ID,
      blockTime: 1,
      gasPrice: 0n,
      baseFee: 0n,
      balance: 0,
      accounts: DEMO_ACCOUNTS,
      extraArgs: ["--disable-min-priority-fee"],
      logFile: path.join(dir, "anvil.log"),
    });
    provider = createProvider(anvil.url, CHAIN_ID, { gasPrice: 0n, pollingInterval: 200 });
  });

  after(async function () {
    await node?.close().catch(() => undefined);
    provider?.destroy();
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("runs with keys that hold no ether, on a chain id that is not 31337", async function () {
    expect(Number((await provider.getNetwork()).chainId)).to.equal(CHAIN_ID);
    expect(await provider.getBalance(anvilAccount(DEMO_DEPLOYER).address)).to.equal(0n);
  });

  it("deploys the ledger with the deploy script's logic, at gas price 0", async function () {
    const result = await ensureDemoLedger(provider, path.join(dir, "deployments"), NETWORK);
    expect(result.deployed).to.equal(true);
    ledger = result.ledger;
    expect(await ledger.organizations.isLedgerContract(await ledger.supervision.getAddress())).to.equal(true);
    // A second look finds it and deploys nothing.
    const again = await ensureLedger({
      provider,
      deployer: anvilAccount(DEMO_DEPLOYER),
      officials: DEMO_BUREAU.officials.map((i) => anvilAccount(i)),
      threshold: DEMO_BUREAU.threshold,
      bureauName: "unused",
      bureauCreditCode: "unused",
      deploymentsDir: path.join(dir, "deployments"),
      network: NETWORK,
    });
    expect(again.deployed).to.equal(false);
  });

  it("walks the demo district's procedures, blocks more than a second apart", async function () {
    wallets = demoWallets(provider, anvilAccount);
    const before = await provider.getBlockNumber();
    district = await createDemoDistrict({ ledger, wallets, advanceTime: devChainTime(provider), origin: ORIGIN });
    const after = await provider.getBlock("latest");
    expect(after!.number).to.be.greaterThan(before + 30);
    const previous = await provider.getBlock(after!.number - 1);
    expect(after!.timestamp - previous!.timestamp).to.be.at.least(1);
    expect(Number(await ledger.organizations.organizationCount())).to.equal(10);
  });

  it("paid nothing for gas: every transaction at price 0, every key still at balance 0", async function () {
    const head = await provider.getBlockNumber();
    let transactions = 0;
    for (let n = 1; n <= head; n++) {
      const block = await provider.getBlock(n, true);
      for (const tx of block?.prefetchedTransactions ?? []) {
        transactions++;
        const receipt = await provider.getTransactionReceipt(tx.hash);
        expect(receipt?.gasPrice, `tx ${tx.hash}`).to.equal(0n);
      }
    }
    expect(transactions).to.be.greaterThan(60);
    for (let i = 0; i < DEMO_ACCOUNTS; i++) expect(await provider.getBalance(anvilAccount(i).address)).to.equal(0n);
  });

  it("has the scenario grants live and the product usable, read from the chain", async function () {
    const now = (await provider.getBlock("latest"))!.timestamp;
    const bank = wallets.cast.bank.address;
    expect(await ledger.grants.checkAccess(bank, district.grants.bank, district.resources[0], 0x07n, now)).to.equal(0n);
    expect(await ledger.grants.checkAccess(wallets.cast.insurer.address, district.grants.insurer, district.resources[3], 0x1fn, now)).to.equal(0n);
    expect(await ledger.products.usability(district.product, now)).to.deep.equal([0n, 0n]);
    const product = await ledger.products.product(district.product);
    expect([product.registrationNumber, product.exchangeRegistrationNumber]).to.deep.equal([
      district.registrationNumbers.product,
      district.registrationNumbers.exchange,
    ]);
  });

  const noteKey = generateNoteKey(ORIGIN);

  it("serves the accesses through the operator node's gateway and anchors its log at gas price 0", async function () {
    node = await startNode({
      dataDir: path.join(dir, "node"),
      origin: ORIGIN,
      noteSignerKey: noteKey.signerKey,
      noteVerifierKey: noteKey.verifierKey,
      chain: {
        rpcUrl: anvil!.url,
        deploymentsDir: path.join(dir, "deployments"),
        network: NETWORK,
        logId: district.log.id,
        anchoringKey: anvilAccount(DEMO_ANCHORING_ACCOUNT).privateKey,
        everyEntries: 1024,
        everySeconds: 3600,
      },
      logger: pino({ level: "silent" }),
    });
    const outcomes = await runDemoAccesses(node.url, district, wallets);
    expect(outcomes.map((o) => o.decision)).to.deep.equal(DEMO_ACCESSES.map((a) => a.expect));
    const anchored = await node.anchorer!.anchorNow();
    expect(anchored?.size).to.equal(DEMO_ACCESSES.length);
    const [size] = await ledger.anchors.latestAnchor(district.log.id);
    expect(size).to.equal(BigInt(DEMO_ACCESSES.length));
    const txHash = node.anchorer!.status().lastAnchor?.txHash;
    expect((await provider.getTransactionReceipt(txHash!))?.gasPrice).to.equal(0n);
    expect(await provider.getBalance(anvilAccount(DEMO_ANCHORING_ACCOUNT).address)).to.equal(0n);
  });

  /** `tdl node start --config <file> --json` as a child process; resolves with its first JSON line (or its exit). */
  function launch(config: object, env: Record<string, string> = {}) {
    const file = path.join(dir, `node-${Math.random().toString(16).slice(2)}.json`);
    const started = writeFile(file, JSON.stringify(config)).then(() =>
      spawn(process.execPath, [path.resolve(__dirname, "../../bin/tdl.js"), "node", "start", "--config", file, "--json"], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    return started.then((child) => {
      let stderr = "";
      child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const lines = createInterface({ input: child.stdout! });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const first = new Promise<Record<string, unknown> | undefined>((resolve) => {
        lines.once("line", (line) => resolve(JSON.parse(line) as Record<string, unknown>));
        void exited.then(() => resolve(undefined));
      });
      return { child, first, exited, lines, stderr: () => stderr };
    });
  }

  const launcherConfig = () => ({
    dataDir: "node",
    origin: ORIGIN,
    port: 0,
    chain: { rpcUrl: anvil!.url, deploymentsDir: "deployments", network: NETWORK, logId: district.log.id, anchoringKey: { env: "TDL_ANCHORING_KEY" }, everyEntries: 1, everySeconds: 1 },
    logLevel: "warn",
  });

  it("tdl node start --config: the same node, from its config file alone, serves, anchors and stops on SIGTERM (exit 0)", async function () {
    await node?.close();
    node = undefined;
    await writeFile(path.join(dir, "node", "note.key"), `${noteKey.signerKey}\n${noteKey.verifierKey}\n`, { mode: 0o600 });
    const running = await launch(launcherConfig(), { TDL_ANCHORING_KEY: anvilAccount(DEMO_ANCHORING_ACCOUNT).privateKey });
    const ready = await running.first;
    expect(ready, running.stderr()).to.include({ ok: true, event: "listening", origin: ORIGIN, verifierKey: noteKey.verifierKey });
    const outcomes = await runDemoAccesses(String(ready!.url), district, wallets);
    expect(outcomes.map((o) => o.decision)).to.deep.equal(DEMO_ACCESSES.map((a) => a.expect));
    // anchoring every entry: wait for the chain's latest anchor to cover both rounds of accesses
    const target = BigInt(2 * DEMO_ACCESSES.length);
    await new Promise<void>((resolve, reject) => {
      const check = async (): Promise<void> => {
        const [size] = await ledger.anchors.latestAnchor(district.log.id);
        if (size >= target) return resolve();
        provider.once("block", () => void check().catch(reject));
      };
      void check().catch(reject);
    });
    const stopped = new Promise<Record<string, unknown>>((resolve) => running.lines.once("line", (line) => resolve(JSON.parse(line) as Record<string, unknown>)));
    running.child.kill("SIGTERM");
    expect(await running.exited, running.stderr()).to.equal(0);
    expect(await stopped).to.include({ ok: true, event: "stopped", signal: "SIGTERM" });
  });

  for (const [what, change, field] of [
    ["a missing log id", (c: any) => delete c.chain.logId, "chain.logId"], // eslint-disable-line @typescript-eslint/no-explicit-any
    ["an RPC URL that is not http(s)", (c: any) => (c.chain.rpcUrl = "ws://127.0.0.1:1"), "chain.rpcUrl"], // eslint-disable-line @typescript-eslint/no-explicit-any
    ["an unknown field", (c: any) => (c.colour = "red"), "(top level)"], // eslint-disable-line @typescript-eslint/no-explicit-any
    ["an anchoring key variable that is not set", () => undefined, "chain.anchoringKey"],
  ] as const) {
    it(`tdl node start refuses ${what}, naming ${field}, with exit 2 and nothing started`, async function () {
      const config = launcherConfig();
      change(config);
      const running = await launch(config, { TDL_ANCHORING_KEY: "" });
      const refusal = await running.first;
      expect(await running.exited).to.equal(2);
      expect(refusal).to.include({ ok: false, exitCode: 2, code: "MALFORMED_INPUT" });
      expect(String(refusal!.message)).to.contain(field);
      expect(refusal).to.not.have.property("event");
    });
  }
});

import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider, ethers } from "ethers";
import hre from "hardhat";
import pino from "pino";
import { anvilAccount, freePort, startAnvil, type RunningAnvil } from "../../scripts/lib/anvil";
import { writeDeployment } from "../../scripts/lib/deployments";
import { deployLedger } from "../../scripts/lib/ledger";
import { registerOrganization } from "../../scripts/lib/procedures";
import { OrgKind } from "../../server/vocabulary";
import { encodeEntry, generateNoteKey } from "../../server/log";
import { startNode, type RunningNode } from "../../server/node";
import { accessEntry, ORIGIN } from "../server/chain/helpers";

const BIN = path.resolve(__dirname, "../../bin/tdl.js");
const NETWORK = "anvil-e2e";

function tdl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: tmpdir(), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

describe("anchoring end to end on anvil", function () {
  this.timeout(180_000);
  let anvil: RunningAnvil | undefined;
  let provider: JsonRpcProvider;
  let rpcUrl: string;
  let dir: string;
  let node: RunningNode | undefined;

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-e2e-"));
    anvil = await startAnvil({ port: await freePort() });
    rpcUrl = anvil.url;
    provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: ethers.Network.from(31337), pollingInterval: 100, cacheTimeout: -1 });
  });

  after(async function () {
    await node?.close();
    provider?.destroy();
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("anchors a node's log on a real chain and tdl verifies a bundle fetched over HTTP against it", async function () {
    const wallet = (i: number) => anvilAccount(i).connect(provider);
    const [deployer, official1, official2, official3, operator] = [0, 1, 2, 3, 4].map(wallet);
    const { ledger, deployed } = await deployLedger(deployer, {
      name: "区大数据主管部门",
      creditCodeHash: ethers.id("bureau"),
      officials: [official1.address, official2.address, official3.address],
      threshold: 2,
    });
    const operatorOrg = await registerOrganization(ledger, official1, OrgKind.Operator, "数据运营公司", operator.address);
    await (await ledger.anchors.connect(official1).registerLog(ORIGIN, operatorOrg, operator.address)).wait();
    const deploymentsDir = path.join(dir, "deployments");
    await writeDeployment(NETWORK, 31337, deployed, (name) => hre.artifacts.readArtifact(name), deploymentsDir);

    const noteKey = generateNoteKey(ORIGIN);
    const dataDir = path.join(dir, "node");
    node = await startNode({
      dataDir,
      origin: ORIGIN,
      noteSignerKey: noteKey.signerKey,
      noteVerifierKey: noteKey.verifierKey,
      chain: { rpcUrl, deploymentsDir, network: NETWORK, logId: 1, anchoringKey: operator.privateKey, everyEntries: 8, everySeconds: 3600 },
      logger: pino({ level: "silent" }),
    });
    await node.data.store.append(Array.from({ length: 20 }, (_, i) => encodeEntry(accessEntry(i))));
    expect((await node.anchorer!.anchorNow())?.size).to.equal(20);
    await node.data.store.append(Array.from({ length: 5 }, (_, i) => encodeEntry(accessEntry(20 + i))));
    expect((await node.anchorer!.anchorNow())?.size).to.equal(25);
    expect((await ledger.anchors.latestAnchor(1))[0]).to.equal(25n);

    const health = (await (await fetch(`${node.url}/healthz`)).json()) as { anchoring: Record<string, unknown> };
    expect(health.anchoring).to.deep.include({ state: "running", anchoredSize: 25, lagEntries: 0 });

    const response = await fetch(`${node.url}/api/v1/log/bundles/13`);
    expect(response.status).to.equal(200);
    const bundleFile = path.join(dir, "bundle-13.json");
    await writeFile(bundleFile, await response.text());

    const verified = await tdl("verify", "bundle", bundleFile, "--rpc", rpcUrl, "--deployments", deploymentsDir, "--network", NETWORK);
    expect(verified.stderr).to.equal("");
    expect(verified.code).to.equal(0);
    expect(verified.stdout.trim()).to.match(/^OK: entry 13 is in .* at size 25, .*root anchored on chain 31337 \(log 1, 0x[0-9a-f]{40}\)$/);

    // A bundle claiming a size the chain never anchored fails against the chain, not offline.
    const bundle = JSON.parse(await (await fetch(`${node.url}/api/v1/log/bundles/13`)).text());
    await writeFile(path.join(dir, "wrong-chain.json"), JSON.stringify({ ...bundle, anchor: { ...bundle.anchor, logId: 2 } }));
    const wrong = await tdl("verify", "bundle", path.join(dir, "wrong-chain.json"), "--rpc", rpcUrl, "--deployments", deploymentsDir, "--network", NETWORK);
    expect(wrong.code).to.equal(1);

    await node.close();
    node = undefined;
    const audit = await tdl("log", "audit", "--data", dataDir, "--rpc", rpcUrl, "--deployments", deploymentsDir, "--network", NETWORK);
    expect(audit.stderr).to.equal("");
    expect(audit.code).to.equal(0);
    expect(audit.stdout.trim()).to.equal(
      "OK: 25 entries re-hashed and every node rebuilt, 2 checkpoints (signatures verified), 2 anchor records checked on chain 31337",
    );
  });
});

/**
 * Running more than one node (issue 5): the operator's node and the bureau's node, each with its own keys,
 * LevelDB and log origin, anchored on the same chain; a supervisor verifies entries from both with `tdl`,
 * against the chain, pinning each node's checkpoint key.
 */
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
import { signIn } from "../../server/cli/sign-in";
import { accessEntry } from "../server/chain/helpers";

const BIN = path.resolve(__dirname, "../../bin/tdl.js");
const NETWORK = "two-nodes";

function tdl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: tmpdir(), timeout: 60_000, env: { ...process.env, TDL_RPC_URL: "" } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr }),
    );
  });
}

describe("two agency nodes on one chain", function () {
  this.timeout(240_000);
  let anvil: RunningAnvil | undefined;
  let provider: JsonRpcProvider | undefined;
  let dir: string;
  const nodes: RunningNode[] = [];

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-two-nodes-"));
    anvil = await startAnvil({ port: await freePort() });
    provider = new JsonRpcProvider(anvil.url, undefined, { staticNetwork: ethers.Network.from(31337), pollingInterval: 100, cacheTimeout: -1 });
  });

  after(async function () {
    for (const node of nodes.splice(0)) await node.close();
    provider?.destroy();
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps a separate log per node, anchors both, and a supervisor verifies entries from each against the chain", async function () {
    const wallet = (i: number) => anvilAccount(i).connect(provider!);
    const [deployer, official1, official2, official3, operator, bureauNodeKey] = [0, 1, 2, 3, 4, 5].map(wallet);
    const { ledger, deployed } = await deployLedger(deployer, {
      name: "区大数据主管部门",
      creditCodeHash: ethers.id("bureau"),
      officials: [official1.address, official2.address, official3.address],
      threshold: 2,
    });
    const operatorOrg = await registerOrganization(ledger, official1, OrgKind.Operator, "数据运营公司", operator.address);
    // the bureau's node anchors with a staff key of the bureau; adding one is a collective decision
    const addId = ethers.keccak256(
      ethers.AbiCoder.defaultAbiCoder().encode(["address", "string", "address", "uint256"], [await ledger.organizations.getAddress(), "addOfficial", bureauNodeKey.address, 0n]),
    );
    await (await ledger.organizations.connect(official1).approveDecision(addId)).wait();
    await (await ledger.organizations.connect(official2).approveDecision(addId)).wait();
    await (await ledger.organizations.connect(official1).addOfficial(bureauNodeKey.address, 0n)).wait();

    const sites = [
      { origin: "tdl.operator.example.gov.cn/node", org: operatorOrg, key: operator },
      { origin: "tdl.bureau.example.gov.cn/node", org: 1, key: bureauNodeKey },
    ];
    for (const site of sites) await (await ledger.anchors.connect(official1).registerLog(site.origin, site.org, site.key.address)).wait();
    const deploymentsDir = path.join(dir, "deployments");
    await writeDeployment(NETWORK, 31337, deployed, (name) => hre.artifacts.readArtifact(name), deploymentsDir);

    const noteKeys = sites.map((site) => generateNoteKey(site.origin));
    for (const [i, site] of sites.entries()) {
      nodes.push(
        await startNode({
          dataDir: path.join(dir, `node-${i + 1}`),
          origin: site.origin,
          noteSignerKey: noteKeys[i].signerKey,
          noteVerifierKey: noteKeys[i].verifierKey,
          chain: { rpcUrl: anvil!.url, deploymentsDir, network: NETWORK, logId: i + 1, anchoringKey: site.key.privateKey, everyEntries: 1_000, everySeconds: 3600 },
          logger: pino({ level: "silent" }),
        }),
      );
    }
    // each node logs its own entries (different counts, its own origin) and anchors them
    const sizes = [12, 7];
    for (const [i, node] of nodes.entries()) {
      const entries = Array.from({ length: sizes[i] }, (_, j) => encodeEntry({ ...accessEntry(j), origin: sites[i].origin }));
      await node.data.store.append(entries);
      expect((await node.anchorer!.anchorNow())?.size).to.equal(sizes[i]);
    }
    expect((await ledger.anchors.latestAnchor(1))[0]).to.equal(12n);
    expect((await ledger.anchors.latestAnchor(2))[0]).to.equal(7n);

    for (const [i, node] of nodes.entries()) {
      const bundleFile = path.join(dir, `bundle-${i + 1}.json`);
      // the bundle carries the entry: fetched as the bureau (a supervisor of every grant)
      const asBureau = { headers: { authorization: `Bearer ${(await signIn(node.url, official1)).token}` } };
      const response = await fetch(`${node.url}/api/v1/log/bundles/3`, asBureau);
      expect(response.status).to.equal(200);
      await writeFile(bundleFile, await response.text());
      const chainArgs = ["--rpc", anvil!.url, "--deployments", deploymentsDir, "--network", NETWORK];
      const ok = await tdl("verify", "bundle", bundleFile, "--verifier-key", noteKeys[i].verifierKey, ...chainArgs);
      expect(ok.code, ok.stdout + ok.stderr).to.equal(0);
      expect(ok.stdout).to.include(`(log ${i + 1},`);
      // the other node's checkpoint key does not vouch for this node's log
      const foreign = await tdl("verify", "bundle", bundleFile, "--verifier-key", noteKeys[1 - i].verifierKey, ...chainArgs);
      expect(foreign.code, foreign.stdout + foreign.stderr).to.equal(1);
    }
  });
});

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
import { checkBundleOnChain, publishLogKey } from "../../server/chain";
import { isTdlError } from "../../server/errors";
import { OrgKind } from "../../server/vocabulary";
import { random, useSeed } from "../helpers/seed";
import { encodeEntry, generateNoteKey } from "../../server/log";
import type { ProofBundle } from "../../server/log/bundle";
import { bundleSignedByAnotherKey } from "../helpers/lying-bundle";
import { startNode, type RunningNode } from "../../server/node";
import { signIn } from "../../server/cli/sign-in";
import { accessEntry, ORIGIN } from "../server/chain/helpers";

const BIN = path.resolve(__dirname, "../../bin/tdl.js");
const NETWORK = "anvil-e2e";
useSeed("e2e/anchoring.e2e.test.ts");

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
    // The node published its checkpoint key at start; a second publish of the same key sends nothing.
    expect((await ledger.anchors.logKeys(1)).map((k) => k.verifierKey)).to.deep.equal([noteKey.verifierKey]);
    expect(await publishLogKey(ledger.anchors.connect(operator), 1, noteKey.verifierKey)).to.equal(false);
    await node.data.store.append(Array.from({ length: 20 }, (_, i) => encodeEntry(accessEntry(i))));
    const first = await node.anchorer!.anchorNow();
    expect(first?.size).to.equal(20);
    await node.data.store.append(Array.from({ length: 5 }, (_, i) => encodeEntry(accessEntry(20 + i))));
    expect((await node.anchorer!.anchorNow())?.size).to.equal(25);
    expect((await ledger.anchors.latestAnchor(1))[0]).to.equal(25n);

    const health = (await (await fetch(`${node.url}/healthz`)).json()) as { anchoring: Record<string, unknown> };
    expect(health.anchoring).to.deep.include({ state: "running", anchoredSize: 25, lagEntries: 0 });

    // a bundle carries the entry: it is for the parties of the entry's grant and supervisors (here the bureau)
    expect((await fetch(`${node.url}/api/v1/log/bundles/13`)).status).to.equal(401);
    const asBureau = { headers: { authorization: `Bearer ${(await signIn(node.url, official1)).token}` } };
    const response = await fetch(`${node.url}/api/v1/log/bundles/13`, asBureau);
    expect(response.status).to.equal(200);
    const bundleFile = path.join(dir, "bundle-13.json");
    await writeFile(bundleFile, await response.text());

    const verified = await tdl("verify", "bundle", bundleFile, "--rpc", rpcUrl, "--deployments", deploymentsDir, "--network", NETWORK);
    expect(verified.stderr).to.equal("");
    expect(verified.code).to.equal(0);
    expect(verified.stdout.trim()).to.match(/^OK: entry 13 is in .* at size 25, .*root anchored on chain 31337 \(log 1, 0x[0-9a-f]{40}\) by transaction 0x[0-9a-f]{64} in block \d+$/);
    expect(verified.stdout).to.include("(the chain's key 0 of log 1, set in block");

    // A bundle claiming a size the chain never anchored fails against the chain, not offline.
    const bundle = JSON.parse(await (await fetch(`${node.url}/api/v1/log/bundles/13`, asBureau)).text());
    await writeFile(path.join(dir, "wrong-chain.json"), JSON.stringify({ ...bundle, anchor: { ...bundle.anchor, logId: 2 } }));
    const wrong = await tdl("verify", "bundle", path.join(dir, "wrong-chain.json"), "--rpc", rpcUrl, "--deployments", deploymentsDir, "--network", NETWORK);
    expect(wrong.code).to.equal(1);

    // ==== the anchor's transaction, checked on chain (issue 15 item 6c) ====
    const check = async (name: string, tampered: ProofBundle, message: RegExp, ...extra: string[]) => {
      const file = path.join(dir, `${name}.json`);
      await writeFile(file, JSON.stringify(tampered));
      const run = await tdl("verify", "bundle", file, "--rpc", rpcUrl, "--deployments", deploymentsDir, "--network", NETWORK, ...extra);
      expect([run.code, run.stdout], `${name}: ${run.stderr}`).to.deep.equal([1, ""]);
      expect(run.stderr.trim(), name).to.match(message);
    };
    const good = bundle as ProofBundle;
    const anchorOf = (over: Partial<ProofBundle["anchor"] & object>): ProofBundle => ({ ...good, anchor: { ...good.anchor!, ...over } });
    await check("made-up-tx", anchorOf({ txHash: `0x${"ab".repeat(32)}` }), /^FAIL: the chain has no transaction 0x(ab){32}, which the bundle names as its anchor \[ROOT_MISMATCH\]$/);
    await check("other-block", anchorOf({ blockNumber: good.anchor!.blockNumber + 1 }), new RegExp(`^FAIL: anchor transaction ${good.anchor!.txHash} is in block ${good.anchor!.blockNumber}, the bundle says block ${good.anchor!.blockNumber + 1} \\[ROOT_MISMATCH\\]$`));
    await check("other-anchor", anchorOf({ txHash: first!.txHash, blockNumber: first!.blockNumber }), /^FAIL: anchor transaction 0x[0-9a-f]{64} did not anchor log 1 at size 25 with root 0x[0-9a-f]{64} \(no such LogRootAnchored event\) \[ROOT_MISMATCH\]$/);
    const transfer = await (await deployer.sendTransaction({ to: official3.address, value: 1n })).wait();
    await check("not-to-anchor", anchorOf({ txHash: transfer!.hash, blockNumber: transfer!.blockNumber }), new RegExp(`^FAIL: anchor transaction ${transfer!.hash} was sent to ${official3.address}, not to the AccessLogAnchor 0x[0-9a-f]{40} \\[ROOT_MISMATCH\\]$`));
    const reverted = await ledger.anchors.connect(official2).anchor(1, 30, good.anchor!.root, [], { gasLimit: 300_000 });
    const revertedReceipt = await provider.waitForTransaction(reverted.hash);
    expect(revertedReceipt?.status).to.equal(0);
    await check("failed-tx", anchorOf({ txHash: reverted.hash, blockNumber: revertedReceipt!.blockNumber }), /^FAIL: anchor transaction 0x[0-9a-f]{64} failed on chain \(status 0\): it anchored nothing \[ROOT_MISMATCH\]$/);

    // The reported gap, measured in process: made-up transaction hashes and shifted blocks, nothing else changed.
    const draw = random("anchor tampering");
    const hex64 = () => `0x${Array.from({ length: 32 }, () => Math.floor(draw() * 256).toString(16).padStart(2, "0")).join("")}`;
    const variants = [
      ...Array.from({ length: 8 }, () => anchorOf({ txHash: hex64() })),
      ...[-4, -3, -2, -1, 1, 2, 3, 4].map((shift) => anchorOf({ blockNumber: good.anchor!.blockNumber + shift })),
    ];
    let refused = 0;
    for (const tampered of variants) {
      const outcome = await checkBundleOnChain(ledger.anchors, tampered).catch((error: unknown) => error);
      if (isTdlError(outcome, "ROOT_MISMATCH") && /^anchorTx/.test(String(outcome.details?.check))) refused++;
    }
    console.log(`      anchor transaction tampering: ${refused} of ${variants.length} bundles refused (8 made-up hashes, 8 shifted blocks)`);
    expect(refused).to.equal(variants.length);

    // ==== the checkpoint key comes from the chain (issue 15 item 7): a node that serves another key is refused ====
    const { bundle: lying, verifierKey: liarKey } = bundleSignedByAnotherKey(good);
    const liarName = liarKey.split("+").slice(0, 2).join("+");
    const chainName = noteKey.verifierKey.split("+").slice(0, 2).join("+");
    await check("lying-key", lying, new RegExp(`^FAIL: the checkpoint is signed by ${liarName.replace("+", "\\+")}, but the chain registers ${chainName.replace("+", "\\+")} for log 1 at size 25: the node does not serve the key the chain names \\[UNKNOWN_KEY\\]$`));
    await check("lying-key-zh", lying, /^FAIL: 检查点由 .+ 签名，而链上为日志 1 在 25 条处登记的公钥是 .+：节点提供的公钥不是链上登记的公钥 \[UNKNOWN_KEY\]$/, "--lang", "zh");
    const offline = await tdl("verify", "bundle", path.join(dir, "lying-key.json"));
    expect([offline.code, offline.stdout.trim()]).to.deep.equal([0, `OK: entry 13 is in ${ORIGIN} at size 25, checkpoint signed by ${liarName}; anchor claimed at size 25 (not checked: no --rpc); checkpoint key not checked against the chain (no --rpc)`]);

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

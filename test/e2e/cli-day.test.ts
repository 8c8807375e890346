import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ethers, type JsonRpcProvider } from "ethers";
import hre from "hardhat";
import pino from "pino";
import { anvilAccount } from "../../scripts/lib/anvil";
import { writeDeployment } from "../../scripts/lib/deployments";
import { deployLedger } from "../../scripts/lib/ledger";
import { authorizeLedgerContract } from "../../scripts/lib/procedures";
import { importKey } from "../../server/cli/keystore";
import { generateNoteKey } from "../../server/log";
import { NO_LIMITS } from "../../server/http/rate-limit";
import { startNode, type RunningNode } from "../../server/node";
import { startTestChain, type TestChain } from "../helpers/anvil";
import { okJson, runTdl, TDL_BIN, type TdlRun } from "../helpers/tdl";

/*
 * A day in the district, driven only through `node bin/tdl.js` against a real anvil: organisations
 * registered, the operator qualified by collective decision (one official online, one through an
 * offline-signed file), the catalog, the whole grant (approvals signed offline and submitted together),
 * a developer qualified, an application through both reviews, a scenario grant verified straight
 * against the chain, accesses through a node (allowed and denied), the log anchored and a receipt
 * verified, a product published, refusals read as plain sentences, a suspension that `grant verify`
 * explains, and a supervisor's history and export.
 */

const NETWORK = "anvil-cli-day";
const ORIGIN = "ledger.example.gov.cn/cli-day";
const DAY = 86_400;
const SCENARIO = "普惠金融信用评估 inclusive-finance credit";

describe("tdl: a day in the district, end to end on anvil", function () {
  this.timeout(900_000);
  let anvil: TestChain | undefined;
  let provider: JsonRpcProvider;
  let rpcUrl: string;
  let dir: string;
  let keystore: string;
  let deploymentsDir: string;
  let node: RunningNode | undefined;

  /** Runs tdl as the staff member `key` (or none), against the anvil chain, from a directory outside the repository. */
  function tdl(key: string | undefined, args: string[], env: NodeJS.ProcessEnv = {}): Promise<TdlRun> {
    const global = ["--rpc", rpcUrl, "--deployments", deploymentsDir, "--network", NETWORK, "--keystore", keystore, ...(key ? ["--key", key] : [])];
    return runTdl([...args, ...global], dir, { TDL_PASSWORD: "day-password", ...env });
  }

  /** Runs tdl --json and expects success; returns the parsed object. */
  async function ok(key: string | undefined, args: string[]): Promise<Record<string, any>> {
    return okJson(await tdl(key, [...args, "--json"]), args.join(" "));
  }

  async function advance(seconds: number): Promise<void> {
    await provider.send("evm_increaseTime", [seconds]);
    await provider.send("evm_mine", []);
  }

  async function chainNow(): Promise<number> {
    return (await provider.getBlock("latest"))!.timestamp;
  }

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-day-"));
    keystore = path.join(dir, "keys");
    deploymentsDir = path.join(dir, "deployments");
    anvil = await startTestChain();
    rpcUrl = anvil.url;
    provider = anvil.provider;
  });

  after(async function () {
    await node?.close();
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("walks qualify, apply, review, grant, access, anchor, verify, publish, suspend and audit, refusals as sentences", async function () {
    // ==== The ledger deployed as scripts/deploy.ts does; staff keys imported into a keystore ====
    const wallet = (i: number) => anvilAccount(i).connect(provider);
    const [deployer, zhang, wang, li, operator, market, bank, cac, relay, finance] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(wallet);
    const { ledger, deployed } = await deployLedger(deployer, {
      name: "区大数据主管部门 District Big-Data Bureau",
      creditCodeHash: ethers.id("bureau-credit-code"),
      officials: [zhang.address, wang.address, li.address],
      threshold: 2,
    });
    await authorizeLedgerContract(ledger, [zhang, wang], await ledger.supervision.getAddress());
    await writeDeployment(NETWORK, 31337, deployed, (name) => hre.artifacts.readArtifact(name), deploymentsDir);

    // one key through `tdl key import` (stdin), the rest through the same keystore code
    const imported = await new Promise<TdlRun>((resolve) => {
      const child = execFile(process.execPath, [TDL_BIN, "key", "import", "bureau-zhang", "--keystore", keystore], { env: { ...process.env, TDL_PASSWORD: "day-password", TDL_KEYSTORE_SCRYPT_N: "1024" } }, (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
      );
      child.stdin!.end(zhang.privateKey);
    });
    expect(imported.code, imported.stderr).to.equal(0);
    const scrypt = { ...process.env, TDL_KEYSTORE_SCRYPT_N: "1024" };
    for (const [name, w] of [["bureau-wang", wang], ["operator-li", operator], ["market-zhao", market], ["bank-chen", bank], ["cac-sun", cac], ["relay", relay], ["finance-qian", finance]] as const) {
      await importKey(keystore, name, w.privateKey, "day-password", scrypt);
    }
    expect((await ok(undefined, ["key", "list"])).keys).to.have.length(8);

    // ==== 实施机构 registers the organisations ====
    const register = async (kind: string, name: string, code: string, first: string) =>
      (await ok("bureau-zhang", ["org", "register", "--kind", kind, "--name", name, "--credit-code", code, "--first-key", first])).id as number;
    const marketOrg = await register("data-source", "区市场监督管理局 Market Regulation", "11110000MB0000001X", market.address);
    const operatorOrg = await register("一级运营主体", "区数据运营有限公司 Data Operations Co.", "91110000MA0000002Y", operator.address);
    const bankOrg = await register("developer", "区农商银行 Rural Commercial Bank", "91110000MA0000003Z", bank.address);
    const cacOrg = await register("security-supervisor", "区委网信办 Cyberspace Affairs", "11110000MB0000004A", cac.address);
    expect([marketOrg, operatorOrg, bankOrg, cacOrg]).to.deep.equal([2, 3, 4, 5]);

    // ==== The operator's qualification: application, expert review, collective decision, notice, agreement ====
    const evidence = ["--eligibility", "声明 declarations", "--team", "团队 team", "--security-system", "安全制度", "--security-officer", "安全负责人 officer"];
    const q1 = (await ok("operator-li", ["qualification", "apply", "--role", "operator", ...evidence])).id as number;
    await ok("bureau-zhang", ["qualification", "review", String(q1), "--pass", "--report", "专家评审报告 expert review"]);
    const decideId = (await ok(undefined, ["decision", "id", "decide-operator", String(q1), "--approve"])).decisionId as string;
    await ok("bureau-zhang", ["decision", "approve", decideId]);

    // refused: one approval of two is not a collective decision
    const early = await tdl("bureau-zhang", ["qualification", "decide", String(q1), "--approve"]);
    expect(early.code).to.equal(1);
    expect(early.stderr.trim()).to.match(/^REFUSED: Collective decision 0x[0-9a-f]{8}…[0-9a-f]{6} has 1 of the 2 officials' approvals it needs \("三重一大", R7\)\. \[DecisionNotAdopted\]$/);
    expect(early.stderr).to.not.match(/0x[0-9a-f]{8}[0-9a-f]{56}/); // never raw revert data

    // the second official approves offline: a signed call in a file, relayed by anyone
    const signed = await ok("bureau-wang", ["sign", "decision", "approve", decideId, "--out", "wang-approval.json"]);
    expect(signed.signed).to.equal("wang-approval.json");
    expect(JSON.parse(await readFile(path.join(dir, "wang-approval.json"), "utf8")).call.signer).to.equal(wang.address);
    await ok("relay", ["submit", "wang-approval.json"]);
    expect((await ok(undefined, ["decision", "status", decideId])).adopted).to.equal(true);
    await ok("bureau-zhang", ["qualification", "decide", String(q1), "--approve"]);

    const tooSoon = await tdl("bureau-zhang", ["qualification", "activate", String(q1), "--agreement", "协议", "--security-commitment", "承诺书", "--valid-for", "4y"]);
    expect(tooSoon.code).to.equal(1);
    expect(tooSoon.stderr).to.match(/^REFUSED: The public notice \(公示\) of qualification 1 runs until \d{4}-\d\d-\d\dT[\d:]+Z; it cannot be activated before \(R7\)\. \[QualificationNoticeOpen\]/);
    await advance(7 * DAY + 1);
    await ok("bureau-zhang", ["qualification", "activate", String(q1), "--agreement", "运营协议 agreement", "--security-commitment", "数据安全承诺书", "--valid-for", "4y"]);
    expect((await ok(undefined, ["qualification", "show", "--org", String(operatorOrg)])).qualification).to.include({ state: "active", qualifiedNow: true });

    // ==== The catalog: the source department registers, the bureau scopes, the operator opens ====
    const version = ["--metadata", "目录元数据", "--field-list", "字段清单", "--fields", "12", "--classification", "2"];
    const r1 = (await ok("market-zhao", ["resource", "register", "--code", "SCJG-0001 企业登记信息", ...version])).id as number;
    const r2 = (await ok("market-zhao", ["resource", "register", "--code", "SCJG-0002 行政处罚信息", ...version])).id as number;
    await ok("bureau-zhang", ["resource", "scope", String(r1), String(r2), "--in"]);
    await ok("operator-li", ["resource", "open", String(r1)]);
    await ok("operator-li", ["resource", "open", String(r2)]);
    expect((await ok(undefined, ["resource", "show", String(r1)])).resource).to.include({ source: marketOrg, inOperationScope: true, openForDevelopment: true });

    // ==== The whole grant: refused when too long, then approvals signed offline and submitted together ====
    const start = String(await chainNow());
    const whole = ["--start", start, "--agreement", "整体授权协议", "--fee-terms", "收费条款"];
    const longId = (await ok(undefined, ["decision", "id", "issue-whole-grant", String(operatorOrg), ...whole, "--term", "6y", "--salt", "1"])).decisionId as string;
    await ok("bureau-zhang", ["decision", "approve", longId]);
    await ok("bureau-wang", ["decision", "approve", longId]);
    const tooLong = await tdl("bureau-zhang", ["grant", "issue-whole", "--operator", String(operatorOrg), ...whole, "--term", "6y", "--salt", "1"]);
    expect(tooLong.code).to.equal(1);
    expect(tooLong.stderr.trim()).to.equal("REFUSED: The grant's term of 6 years exceeds the maximum of 5 years (R4). [GrantTermTooLong]");
    const tooLongZh = await tdl("bureau-zhang", ["grant", "issue-whole", "--operator", String(operatorOrg), ...whole, "--term", "6y", "--salt", "1", "--lang", "zh"]);
    expect(tooLongZh.stderr.trim()).to.equal("拒绝: 授权期限6年超过上限5年。 [GrantTermTooLong]");

    const wholeId = (await ok(undefined, ["decision", "id", "issue-whole-grant", String(operatorOrg), ...whole, "--term", "3y"])).decisionId as string;
    await ok("bureau-zhang", ["decision", "sign", wholeId, "--out", "zhang.json"]);
    await ok("bureau-wang", ["decision", "sign", wholeId, "--out", "wang.json"]);
    expect((await ok("relay", ["decision", "submit", "zhang.json", "wang.json"])).adopted).to.equal(true);
    const wholeGrant = (await ok("bureau-zhang", ["grant", "issue-whole", "--operator", String(operatorOrg), ...whole, "--term", "3y"])).id as number;
    expect(wholeGrant).to.equal(1);

    // ==== The bank's qualification: reviewed by the operator, decided by bureau and operator together ====
    const q2 = (await ok("bank-chen", ["qualification", "apply", "--role", "二级开发主体", ...evidence])).id as number;
    await ok("operator-li", ["qualification", "review", String(q2), "--pass", "--report", "评审 review"]);
    await ok("bureau-zhang", ["qualification", "decide", String(q2), "--approve"]);
    await ok("operator-li", ["qualification", "decide", String(q2), "--approve"]);
    await advance(7 * DAY + 1);
    await ok("operator-li", ["qualification", "activate", String(q2), "--agreement", "开发协议", "--security-commitment", "承诺书", "--valid-for", "3y"]);

    // ==== The application for one scenario, through both reviews ====
    const app = (await ok("bank-chen", ["application", "submit", "--scenario", SCENARIO, "--resource", `${r2}:0,2`, "--resource", `${r1}:0-5`, "--plan", "方案 plan", "--purpose", "commercial"])).id as number;
    await ok("operator-li", ["application", "review", String(app), "--approve", "--report", "初审意见"]);
    await ok("bureau-zhang", ["application", "final-review", String(app), "--approve", "--report", "终审意见"]);
    expect((await ok(undefined, ["application", "show", String(app)])).application.state).to.equal("approved by the bureau");

    // refused: a developer cannot issue grants (no sub-licensing), and a child grant never outlasts its parent
    const terms = ["--agreement", "场景授权协议", "--fee-terms", "收费条款"];
    const byBank = await tdl("bank-chen", ["grant", "issue", "--application", String(app), "--parent", String(wholeGrant), "--term", "1y", ...terms]);
    expect(byBank.code).to.equal(1);
    expect(byBank.stderr.trim()).to.equal("REFUSED: Only the operator may do this; organisation 4 is a developer. [WrongOrganizationKind]");
    const outlasting = await tdl("operator-li", ["grant", "issue", "--application", String(app), "--parent", String(wholeGrant), "--term", "4y", ...terms, "--lang", "zh"]);
    expect(outlasting.code).to.equal(1);
    expect(outlasting.stderr).to.match(/^拒绝: 授权期 .* 超出上级授权期（.*）：下级授权不得超过上级授权。 \[GrantTermOutsideParent\]/);

    const grant = (await ok("operator-li", ["grant", "issue", "--application", String(app), "--parent", String(wholeGrant), "--term", "2y", ...terms])).id as number;

    // ==== The bank verifies its grant straight against the chain ====
    const live = await tdl("bank-chen", ["grant", "verify", String(grant), "--scenario", SCENARIO]);
    expect(live.code, live.stderr).to.equal(0);
    expect(live.stdout).to.match(/OK: grant 2 is live until \d{4}-\d\d-\d\dT[\d:]+Z \((about )?2 years left\)/);
    expect(live.stdout).to.match(/resource 1\s+fields 0,1,2,3,4,5 \(0x3f\)/);
    const verified = await ok("bank-chen", ["grant", "verify", String(grant)]);
    expect(verified.grant).to.deep.include({ grantee: bankOrg, grantor: operatorOrg, parent: wholeGrant, live: true });
    expect(verified.grant.scope).to.deep.equal([
      { resource: r1, fieldMask: "0x3f", fields: "0,1,2,3,4,5" },
      { resource: r2, fieldMask: "0x5", fields: "0,2" },
    ]);
    expect((await ok("bank-chen", ["grant", "list", "--mine"])).grants.map((g: { id: number }) => g.id)).to.deep.equal([grant]);
    await ok("operator-li", ["grant", "certificate", String(grant), "--out", "grant-2.json"]);
    expect((await ok("bank-chen", ["grant", "verify", String(grant), "--certificate", "grant-2.json"])).certificate).to.deep.equal({ matchesChain: true, signer: operator.address, signedByGrantor: true });

    // ==== Access through the operator's node: allowed and denied, anchored, the receipt verified ====
    await (await ledger.anchors.connect(zhang).registerLog(ORIGIN, operatorOrg, operator.address)).wait();
    const noteKey = generateNoteKey(ORIGIN);
    node = await startNode({
      dataDir: path.join(dir, "node"),
      origin: ORIGIN,
      noteSignerKey: noteKey.signerKey,
      noteVerifierKey: noteKey.verifierKey,
      chain: { rpcUrl, deploymentsDir, network: NETWORK, logId: 1, anchoringKey: operator.privateKey, everyEntries: 1_000, everySeconds: 3600 },
      gateway: { pollIntervalMs: 200, limits: NO_LIMITS },
      indexer: { pollIntervalMs: 200, confirmations: 0 },
      logger: pino({ level: "silent" }),
    });
    const access = ["access", "request", "--node", node.url, "--grant", String(grant), "--scenario", SCENARIO, "--resource", String(r1)];
    const allowed = await ok("bank-chen", [...access, "--fields", "0-3", "--receipt-out", "receipt.json"]);
    expect(allowed.decision).to.equal("allowed");
    const denied = await tdl("bank-chen", [...access, "--fields", "6"]);
    expect(denied.code).to.equal(1);
    expect(denied.stdout).to.match(/^FAIL: denied \(FIELDS_OUT_OF_SCOPE\): Some of the requested fields of resource 1 are not covered by grant 2 \(minimum necessary data\)\./);
    const index = JSON.parse(await readFile(path.join(dir, "receipt.json"), "utf8")).index as number;
    expect(index).to.be.a("number");
    await node.anchorer!.anchorNow();
    await ok("bank-chen", ["receipt", "fetch", String(index), "--node", node.url, "--out", "bundle.json"]);
    // a file kept is not replaced by a slip: refused (exit 2) unless --force
    const again = await tdl("bank-chen", ["receipt", "fetch", String(index), "--node", node.url, "--out", "bundle.json"]);
    expect([again.code, again.stderr.trim()]).to.deep.equal([2, "ERROR: bundle.json exists already: choose another file, or add --force to replace it [MALFORMED_INPUT]"]);
    await ok("bank-chen", ["receipt", "fetch", String(index), "--node", node.url, "--out", "bundle.json", "--force"]);
    const bundle = await tdl(undefined, ["verify", "bundle", "bundle.json"]);
    expect(bundle.code, bundle.stderr).to.equal(0);
    expect(bundle.stdout.trim()).to.match(new RegExp(`^OK: entry ${index} is in .*root anchored on chain 31337`));

    // ==== Documents: the source department updates its resource with a field-list file; the node stores both documents ====
    const fieldList = JSON.stringify([{ name: "统一社会信用代码", type: "VARCHAR", sensitive: false }]);
    await writeFile(path.join(dir, "fields-v2.json"), fieldList);
    const fieldListHash = ethers.sha256(ethers.toUtf8Bytes(fieldList));
    const updated = await ok("market-zhao", ["resource", "update", String(r1), "--metadata", "目录元数据 v2", "--field-list", "@fields-v2.json", "--fields", "12", "--classification", "2", "--node", node.url]);
    expect(updated.documents).to.deep.equal([ethers.sha256(ethers.toUtf8Bytes("目录元数据 v2")), fieldListHash]);
    const fetched = await ok(undefined, ["doc", "get", fieldListHash, "--node", node.url]);
    expect(fetched).to.include({ hash: fieldListHash, disclosure: "public" });
    expect(Buffer.from(fetched.bytes, "base64").toString("utf8")).to.equal(fieldList);
    const stray = await tdl("market-zhao", ["doc", "put", "receipt.json", "--node", node.url]);
    expect(stray.code).to.equal(2);
    expect(stray.stderr).to.match(/no chain record holds 0x[0-9a-f]{64}/);

    // ==== Publish: the bank's product through both release reviews ====
    const product = (await ok("bank-chen", ["product", "register", "--grant", String(grant), "--form", "data-verification", "--metadata", "企业信用核验 product", "--source", String(r1)])).id as number;
    await ok("bank-chen", ["product", "apply", String(product)]);
    await ok("bureau-zhang", ["product", "review", String(product), "--passed", "all", "--report", "实施机构审核"]);
    await ok("cac-sun", ["product", "review", String(product), "--passed", "all", "--report", "安全审核"]);
    expect((await ok(undefined, ["product", "show", String(product)])).product).to.include({ state: "published", usable: true });

    // ==== Suspend: the grant stops being live, and verify says why ====
    await ok("operator-li", ["grant", "suspend", String(grant), "--reason", "数据使用超出场景 misuse under review"]);
    const suspended = await tdl("bank-chen", ["grant", "verify", String(grant)]);
    expect(suspended.code).to.equal(1);
    expect(suspended.stdout.trim().split("\n").pop()).to.equal("FAIL: grant 2 is not live: Grant 2 is suspended; access is closed until it is reinstated.");
    const suspendedZh = await tdl("bank-chen", ["grant", "verify", String(grant)], { LANG: "zh_CN.UTF-8" });
    expect(suspendedZh.stdout.trim().split("\n").pop()).to.equal("未通过: 授权 2 无效：授权 2已暂停，恢复前不得访问。");
    // reinstated by a call the operator signed offline and a relay submitted
    await ok("operator-li", ["sign", "grant", "reinstate", String(grant), "--reason", "核查完毕 cleared", "--out", "reinstate.json"]);
    // a dry run decodes what would be relayed and asks the chain, sending nothing
    const dry = await tdl(undefined, ["submit", "reinstate.json", "--dry-run"]);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout.trim()).to.match(new RegExp(`^OK: dry run, nothing sent: GrantRegistry\\.reinstateGrant\\("grantId":"${grant}","reasonHash":"0x[0-9a-f]{64}"\\) signed by ${operator.address}, nonce \\d+, valid until .*; the chain would accept it now$`));
    expect((await tdl("bank-chen", ["grant", "verify", String(grant)])).code).to.equal(1); // still suspended
    await ok("relay", ["submit", "reinstate.json"]);
    expect((await ok("bank-chen", ["grant", "verify", String(grant)])).grant.live).to.equal(true);
    const spent = await tdl(undefined, ["submit", "reinstate.json", "--dry-run", "--json"]);
    expect(spent.code).to.equal(1);
    expect(JSON.parse(spent.stdout)).to.include({ ok: false, dryRun: true, accepted: false });
    expect(JSON.parse(spent.stdout).messageZh).to.match(/^模拟，未发送：.*链上当前会拒绝：/);

    // ==== Audit: the security supervisor inspects, reads the grant's history and exports the bank's ====
    await ok("cac-sun", ["inspection", "record", "--subject", String(bankOrg), "--passed", "--report", "安全检查报告"]);
    let events: { event: string }[] = [];
    for (let i = 0; i < 50 && !events.some((e) => e.event === "GrantReinstated"); i++) {
      await new Promise((r) => setTimeout(r, 200));
      events = (await ok("cac-sun", ["history", "grant", String(grant), "--node", node.url, "--all"])).events;
    }
    expect(events.map((e) => e.event)).to.include.members(["GrantIssued", "GrantSuspended", "GrantReinstated"]);
    const exported = await ok("cac-sun", ["export", "organization", String(bankOrg), "--node", node.url, "--format", "csv", "--out", "bank.csv"]);
    expect(exported.events).to.be.greaterThan(5);
    expect((await readFile(path.join(dir, "bank.csv"), "utf8")).split("\n")[0]).to.match(/block/i);
    // the history is for the bureau and supervisors: a developer is refused by the node
    const notForBank = await tdl("bank-chen", ["history", "grant", String(grant), "--node", node.url]);
    expect(notForBank.code).to.equal(1);
    expect(notForBank.stderr).to.match(/^REFUSED: the node says: the audit history is for .* \[FORBIDDEN\]/);

    // ==== 行业主管部门 (Art. 32): an industry authority orders a rectification; only it or the bureau closes it ====
    const financeOrg = await register("industry-authority", "区金融工作局 Financial Affairs", "11110000MB0000005B", finance.address);
    const order = (await ok("finance-qian", ["rectification", "issue", "--org", String(bankOrg), "--order", "整改通知 order", "--within", "30d"])).id as number;
    const shown = await tdl(undefined, ["rectification", "show", String(order)]);
    expect(shown.stdout.trim()).to.match(new RegExp(`^OK: rectification order ${order} to organisation ${bankOrg} 区农商银行 Rural Commercial Bank, issued by ${financeOrg} 区金融工作局 Financial Affairs: open, deadline `));
    const notIssuer = await tdl("cac-sun", ["rectification", "confirm", String(order), "--evidence", "整改材料 evidence"]);
    expect(notIssuer.code).to.equal(1);
    expect(notIssuer.stderr.trim()).to.equal(`REFUSED: Rectification order ${order} was issued by organisation ${financeOrg}; only it or the bureau may close it, not organisation ${cacOrg} (Art. 32). [SupervisionNotIssuer]`);
    await ok("finance-qian", ["rectification", "confirm", String(order), "--evidence", "整改材料 evidence"]);
    expect((await ok(undefined, ["rectification", "show", String(order)])).order).to.include({ issuer: financeOrg, issuerName: "区金融工作局 Financial Affairs", state: "corrected" });
  });
});

/**
 * The dashboard in headless Chromium (Debian's, driven by playwright-core) against a node on a real local
 * chain with the demo district: it is built with Vite, served by the node's web router, and each view is
 * checked on real data; the verify view accepts a good entry and rejects a tampered bundle, in the browser;
 * the language switch changes the labels; screenshots of every view are taken, into docs/screenshots/ only
 * with TDL_SCREENSHOTS=1 (`npm run screenshots`), else into the run's temp dir (tests leave the tree alone).
 *
 * Needs Chromium: `apt-get install -y chromium fonts-wqy-microhei` (the font draws the Chinese in the
 * screenshots), or CHROMIUM_PATH pointing at a Chromium binary.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { Interface, ethers, type Wallet } from "ethers";
import hre from "hardhat";
import pino from "pino";
import { chromium, type Browser, type Page } from "playwright-core";
import { anvilAccount, freePort, startAnvil, type RunningAnvil } from "../../scripts/lib/anvil";
import {
  DEMO_ANCHORING_ACCOUNT,
  createDemoDistrict,
  demoWallets,
  runDemoAccesses,
  type DemoDistrict,
  type DemoWallets,
} from "../../scripts/lib/demo";
import type { Ledger } from "../../server/chain/ledger";
import { signIn } from "../../server/cli/sign-in";
import { approvedApplication, issueScenarioGrant, latestTime, termsFrom } from "../../scripts/lib/procedures";
import { Purpose, TerminationReason } from "../../server/vocabulary";
import { createProvider, devChainTime } from "../../scripts/lib/stack";
import { ensureDemoLedger } from "../../scripts/lib/demo-ledger";
import { publishDemoDatasets, runDemoQueries, type QueryOutcome } from "../../scripts/lib/demo-data";
import { writeDemoDatasets } from "../../scripts/lib/demo-datasets";
import { createWebRouter, type WebConfig } from "../../server/http/web-routes";
import { generateNoteKey } from "../../server/log";
import { NO_LIMITS } from "../../server/http/rate-limit";
import { startNode, type RunningNode } from "../../server/node";
import { serve, type Served } from "../helpers/serve";
import { bundleSignedByAnotherKey } from "../helpers/lying-bundle";
import type { ProofBundle } from "../../server/log/bundle";
import { ANCHOR_FRAGMENTS } from "../../web/src/anchor-contract";

// The functions given to page.evaluate run in the page; this file compiles without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
type HTMLElement = any;
type HTMLInputElement = any;

const REPO = path.resolve(__dirname, "../..");
const DOC_SCREENSHOTS = path.join(REPO, "docs", "screenshots");
const NETWORK = "dashboard-e2e";
const CHAIN_ID = 31337;
const ORIGIN = "dashboard.e2e.tdl/operator-node";

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) {
    throw new Error(
      "The dashboard tests need Chromium: none at /usr/bin/chromium. Install it with `apt-get install -y chromium fonts-wqy-microhei` (Debian) or set CHROMIUM_PATH.",
    );
  }
  return found;
}

function buildDashboard(): void {
  const vite = path.join(REPO, "node_modules", "vite", "bin", "vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "web", "--logLevel", "warn"], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) throw new Error(`vite build web failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/** The node's app does not mount the web router yet: serve it in front of the node and pass everything else through. */
async function frontOf(nodeUrl: string, config: WebConfig): Promise<Served> {
  const app = express();
  app.use(createWebRouter({ config }));
  app.use((req, res) => {
    const upstream = http.request(new URL(req.originalUrl, nodeUrl), { method: req.method, headers: { ...req.headers, host: new URL(nodeUrl).host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.status(502).end());
    req.pipe(upstream);
  });
  return serve(app);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("dashboard in headless Chromium on a real chain", function () {
  this.timeout(240_000);
  let dir: string;
  let screenshots: string;
  let anvil: RunningAnvil | undefined;
  let provider: ReturnType<typeof createProvider> | undefined;
  let node: RunningNode | undefined;
  let front: Served | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;
  let district: DemoDistrict;
  let wallets: DemoWallets;
  let token: string;
  let config: WebConfig;
  let anchors: Ledger["anchors"];
  let extraGrants: { suspended: number; revoked: number; expired: number };
  let queries: QueryOutcome[];
  const consoleErrors: string[] = [];

  /** Three more scenario grants, so the tree shows every colour: one suspended by the operator, one revoked by the bureau, one expired. */
  async function grantsInEveryState(ledger: Ledger): Promise<{ suspended: number; revoked: number; expired: number }> {
    const { bank, insurer, operator } = wallets.cast;
    const official = wallets.officials[0];
    const grantFor = async (developerKey: Wallet, scenario: string, resource: number, days: number) => {
      const applicationId = await approvedApplication(ledger, { developerKey, operatorKey: operator, bureauKey: official, scenario, resources: [resource], fieldMasks: [0x3n], purpose: Purpose.PublicInterest });
      return issueScenarioGrant(ledger, { operatorKey: operator, applicationId, parentId: district.wholeGrant, terms: termsFrom(await latestTime(ledger), days, scenario) });
    };
    const suspended = await grantFor(bank, "micro-loan-monitoring", district.resources[0], 365);
    await (await ledger.grants.connect(operator).suspendGrant(suspended, ethers.id("暂停: 整改期间"))).wait();
    const revoked = await grantFor(insurer, "health-claims-analytics", district.resources[3], 365);
    await (await ledger.grants.connect(official).revokeGrant(revoked, TerminationReason.Breach, ethers.id("撤销: 违约使用"))).wait();
    const expired = await grantFor(bank, "supply-chain-finance", district.resources[4], 1);
    await devChainTime(provider!)(2 * 86_400);
    return { suspended, revoked, expired };
  }

  before(async function () {
    const executablePath = chromiumPath();
    buildDashboard();
    dir = await mkdtemp(path.join(tmpdir(), "tdl-dashboard-"));
    screenshots = process.env.TDL_SCREENSHOTS === "1" ? DOC_SCREENSHOTS : path.join(dir, "screenshots");
    await mkdir(screenshots, { recursive: true });

    // ==== chain, ledger, demo district ====
    anvil = await startAnvil({ port: await freePort(), chainId: CHAIN_ID, accounts: 20, genesisTimestamp: Math.floor(Date.now() / 1000) - 60 * 86_400 });
    provider = createProvider(anvil.url, CHAIN_ID);
    const deploymentsDir = path.join(dir, "deployments");
    const { ledger } = await ensureDemoLedger(provider, deploymentsDir, NETWORK);
    wallets = demoWallets(provider, (i) => anvilAccount(i));
    anchors = ledger.anchors;
    district = await createDemoDistrict({ ledger, wallets, advanceTime: devChainTime(provider), origin: ORIGIN });

    // ==== the operator's node; low aggregation limits so the bank's accesses raise a risk alert ====
    const noteKey = generateNoteKey(ORIGIN);
    node = await startNode({
      dataDir: path.join(dir, "node"),
      origin: ORIGIN,
      noteSignerKey: noteKey.signerKey,
      noteVerifierKey: noteKey.verifierKey,
      chain: {
        rpcUrl: anvil.url,
        deploymentsDir,
        network: NETWORK,
        logId: district.log.id,
        anchoringKey: anvilAccount(DEMO_ANCHORING_ACCOUNT).privateKey,
        everyEntries: 1000,
        everySeconds: 3600,
      },
      gateway: { risk: { windowMs: 60_000, maxResources: 2, maxClassificationSum: 10, maxLevel: 3, maxRatePerWindow: 6000 }, limits: NO_LIMITS },
      indexer: { pollIntervalMs: 200 },
      logger: pino({ level: "silent" }),
    });
    for (let round = 0; round < 3; round++) {
      await runDemoAccesses(node.url, district, wallets);
      await new Promise((r) => setTimeout(r, 1100));
    }
    // the data plane: the departments' datasets (small ones), the bank's and the insurer's queries
    const files = writeDemoDatasets(path.join(dir, "datasets"), { enterprises: 2000, settlements: 300 });
    await publishDemoDatasets(node.url, ledger, district, wallets, files);
    queries = await runDemoQueries(node.url, district, wallets);
    const anchored = await node.anchorer!.anchorNow();
    expect(anchored?.size).to.equal(30 + queries.length);
    extraGrants = await grantsInEveryState(ledger);

    config = {
      rpcUrl: anvil.url,
      chainId: CHAIN_ID,
      anchorContract: await ledger.anchors.getAddress(),
      logId: district.log.id,
      origin: ORIGIN,
    };
    const mounted = (await fetch(`${node.url}/api/v1/web-config`)).ok;
    if (mounted) {
      baseUrl = node.url;
    } else {
      const f = await frontOf(node.url, config);
      front = f;
      baseUrl = f.url;
    }

    // ==== a supervisor session (a bureau official), and the audit index caught up ====
    token = (await signIn(node.url, wallets.officials[0] as Wallet)).token;
    const head = await provider.getBlockNumber();
    await until("the indexer reaches the chain head", async () => {
      const r = await fetch(`${node!.url}/api/v1/history/grant/${district.grants.bank}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await r.json()) as { indexedHead: { number: number } | null };
      return body.indexedHead !== null && body.indexedHead.number >= head ? true : undefined;
    });

    browser = await chromium.launch({ executablePath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
  });

  after(async function () {
    await browser?.close();
    await front?.close();
    await node?.close();
    provider?.destroy();
    await anvil?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A full page load of a route (a hash change alone would not reload the page). */
  async function open(route: string, view: string): Promise<void> {
    await page.goto("about:blank");
    await page.goto(`${baseUrl}/#/${route}`);
    await page.waitForFunction((name) => document.body.dataset.rendered === name, view, { timeout: 20_000 });
  }

  const shot = (name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });

  it("calls AccessLogAnchor with fragments that match the compiled ABI", async function () {
    const compiled = new Interface((await hre.artifacts.readArtifact("AccessLogAnchor")).abi);
    const ours = new Interface([...ANCHOR_FRAGMENTS]);
    ours.forEachFunction((f) => {
      const theirs = compiled.getFunction(f.name);
      expect(theirs?.format("full"), f.name).to.equal(f.format("full"));
    });
    ours.forEachError((e) => expect(compiled.getError(e.name)?.format("full"), e.name).to.equal(e.format("full")));
  });

  it("serves the page with a content security policy that allows only itself and the chain's RPC", async function () {
    const response = await fetch(`${baseUrl}/`);
    expect(response.status).to.equal(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).to.include("script-src 'self'");
    expect(csp).to.include(`connect-src 'self' ${new URL(config.rpcUrl!).origin}`);
    expect(await (await fetch(`${baseUrl}/api/v1/web-config`)).json()).to.deep.include({ logId: district.log.id, origin: ORIGIN });
  });

  it("renders the public disclosure (no sign-in) from the chain", async function () {
    await open("disclosure", "disclosure");
    const orgs = page.locator("#section-organizations tbody tr");
    expect(await orgs.count()).to.equal(10);
    expect(await page.locator("#section-organizations").innerText()).to.include("某银行");
    expect(await page.locator("#section-grants tbody tr").count()).to.equal(6);
    expect(await page.locator("#section-products").innerText()).to.include(district.registrationNumbers.exchange);
    expect(await page.locator("#section-catalog tbody tr").count()).to.equal(5);
    await shot("disclosure");

    // Search and filter narrow the lists on the page.
    await page.fill("input[type=search]", "保险");
    expect(await page.locator("#section-organizations tbody tr").count()).to.equal(1);
    expect(await page.locator("#section-grants tbody tr").count()).to.equal(2);
    await page.fill("input[type=search]", "");
    await page.selectOption("select[name=grant]", "revoked");
    expect(await page.locator("#section-grants tbody tr").count()).to.equal(1);
    await page.selectOption("select[name=grant]", "");
    await page.fill("input[type=search]", "");
    await page.selectOption("select[name=kind]", "developer");
    expect(await page.locator("#section-organizations tbody tr").count()).to.equal(2);
  });

  it("switches between Chinese and English labels", async function () {
    await open("disclosure", "disclosure");
    expect(await page.locator("h2").innerText()).to.equal("公开披露");
    expect(await page.getAttribute("html", "lang")).to.equal("zh-CN");
    await page.click("[data-testid=lang-switch]");
    await page.waitForFunction(() => document.querySelector("h2")?.textContent === "Public disclosure");
    expect(await page.locator("nav").innerText()).to.include("Grant tree");
    expect(await page.locator("#section-organizations th").first().innerText()).to.equal("Id");
    expect(await page.getAttribute("html", "lang")).to.equal("en");
    await page.waitForFunction(() => document.body.dataset.rendered === "disclosure");
    await shot("disclosure-en");
    await page.click("[data-testid=lang-switch]");
    await page.waitForFunction(() => document.querySelector("h2")?.textContent === "公开披露");
    expect(await page.locator("nav").innerText()).to.include("授权树");
  });

  it("signs a supervisor in with a browser wallet (EIP-4361 against the node)", async function () {
    const official = wallets.officials[1] as Wallet;
    await page.exposeFunction("__tdlSign", (message: string) => official.signMessage(message));
    // A string, not a function: the test runner's transpiler would wrap a function in helpers the page does not have.
    await page.addInitScript({
      content: `window.ethereum = { request: async ({ method, params }) => {
        if (method === "eth_requestAccounts") return [${JSON.stringify(official.address.toLowerCase())}];
        if (method === "personal_sign") return window.__tdlSign(String(params[0]));
        throw new Error("unsupported " + method);
      } };`,
    });
    await open("disclosure", "disclosure");
    await page.click("details.session summary");
    await page.click("details.session button:has-text('用浏览器钱包签名登录')");
    await page.waitForFunction(() => document.querySelector(".session-status")?.textContent?.startsWith("已登录"));
    expect(await page.locator(".session-status").innerText()).to.include(`单位 ${district.orgs.bureau}`);
    // and with a pasted token, as a supervisor without a wallet would
    await page.click("details.session button:has-text('退出')");
    await page.waitForFunction(() => document.querySelector(".session-status")?.textContent?.startsWith("未登录"));
    await page.fill("details.session input[type=password]", token);
    await page.click("details.session button[type=submit]");
    await page.waitForFunction(() => document.querySelector(".session-status")?.textContent?.startsWith("已登录"));
    await page.click("details.session summary");
  });

  it("draws the grant tree coloured by status, with a grant's history on click", async function () {
    await open("grants", "grants");
    const nodes = page.locator("button.grant-node");
    expect(await nodes.count()).to.equal(6);
    expect(await page.locator(`button.grant-node[data-grant="${district.wholeGrant}"] + ul button.grant-node`).count()).to.equal(5);
    const states = Object.fromEntries(
      await nodes.evaluateAll((buttons) => buttons.map((b) => [(b as HTMLElement).dataset.grant, (b as HTMLElement).dataset.state])),
    ) as Record<string, string>;
    expect(states).to.deep.equal({
      [district.wholeGrant]: "live",
      [district.grants.bank]: "live",
      [district.grants.insurer]: "live",
      [extraGrants.suspended]: "suspended",
      [extraGrants.revoked]: "revoked",
      [extraGrants.expired]: "expired",
    });
    await page.click(`button.grant-node[data-grant="${district.grants.bank}"]`);
    await page.waitForSelector(".detail li[data-event=GrantIssued]");
    expect(await page.locator(".detail").innerText()).to.include(`资源 #${district.resources[0]}`);
    // keyboard: arrow keys move between grants
    await page.focus(`button.grant-node[data-grant="${district.wholeGrant}"]`);
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.grant)).to.equal(String(district.grants.bank));
    await shot("grant-tree");
  });

  it("shows an organisation's on-chain timeline a page at a time and checks an event on chain", async function () {
    await open(`timeline?kind=organization&id=${district.orgs.bank}`, "timeline");
    await page.waitForSelector("ol.events li");
    const first = await page.locator("ol.events > li").count();
    expect(first).to.be.greaterThan(3);
    expect(await page.locator("ol.events").innerText()).to.include("单位登记");
    await page.locator("ol.events > li").first().locator("button:has-text('链上核对')").click();
    await page.waitForSelector("ol.events > li .check-ok");
    expect(await page.locator("ol.events > li .check-ok").first().innerText()).to.match(/已核对：交易在区块 #\d+ 中执行成功/);
    await shot("timeline");

    // Paging: a page of 3, then older pages on request.
    await open(`timeline?kind=organization&id=${district.orgs.bank}&limit=3`, "timeline");
    await page.waitForSelector("ol.events li");
    expect(await page.locator("ol.events > li").count()).to.equal(3);
    await page.click("button:has-text('加载更早的事件')");
    await page.waitForFunction(() => document.querySelectorAll("ol.events > li").length === 6);
  });

  it("shows log health: entries, a checkpoint verified in the browser, anchoring, the decisions chart and risk alerts", async function () {
    await open("health", "health");
    await page.waitForSelector("[data-stat=checkpoint] .check-ok");
    expect(await page.locator("[data-stat=checkpoint] .check-ok").innerText()).to.match(new RegExp(`^✓ 签名已用链上为日志 ${district.log.id} 登记的第 0 号公钥验证（.+，区块 \\d+ 登记）$`));
    expect(await page.locator("[data-stat=entries] .value").innerText()).to.equal(String(30 + queries.length));
    expect(await page.locator("[data-stat=anchored] .value").innerText()).to.equal(String(30 + queries.length));
    await page.waitForSelector("svg.chart rect");
    expect(await page.locator(".chart-legend").first().innerText()).to.include(`允许: ${18 + queries.filter((q) => q.decision === "allowed").length}`);
    await page.waitForSelector("[data-stat=cost] .detail");
    expect(await page.locator("[data-stat=cost]").innerText()).to.match(/gas/);
    await page.waitForSelector("ul.alerts li");
    expect(await page.locator("ul.alerts").innerText()).to.include("关联汇聚风险").and.to.include("跨资源关联识别风险");
    await shot("health");
  });

  it("lists a grant's queries (who asked what, rows scanned and returned, groups suppressed, the answer's digest) and verifies one against the chain", async function () {
    await open(`queries?grant=${district.grants.bank}`, "queries");
    await page.waitForSelector("[data-testid=queries-result] tr[data-index]");
    const rows = page.locator("[data-testid=queries-result] tr[data-index]");
    const bank = queries.filter((q) => q.who === "bank");
    expect(await rows.count()).to.equal(bank.length);
    const denied = await page.locator("tr[data-decision=denied]").allInnerTexts();
    expect(denied.join("\n")).to.include("ROW_LEVEL_OUTPUT").and.to.include("RAW_EXPORT_REFUSED");
    const suppressed = bank.find((q) => q.groupsSuppressed > 0);
    expect(suppressed, "a bank query with groups under k").to.not.equal(undefined);
    expect(await page.locator(`td[data-suppressed="${suppressed!.groupsSuppressed}"]`).count()).to.be.greaterThan(0);
    await shot("queries");
    // the newest allowed query, checked in the browser against the root read from the chain
    await page.locator("tr[data-decision=allowed] a").first().click();
    await page.waitForFunction(() => document.body.dataset.rendered === "verify");
    await page.waitForSelector("[data-verdict]");
    expect(await page.getAttribute("[data-verdict]", "data-verdict")).to.equal("ok");
  });

  it("verifies an entry in the browser against the root read from the chain", async function () {
    await open("verify?index=13", "verify");
    await page.waitForSelector("[data-verdict]");
    expect(await page.getAttribute("[data-verdict]", "data-verdict")).to.equal("ok");
    const statuses = await page.locator("ol.checks li").evaluateAll((items) => items.map((li) => `${(li as HTMLElement).dataset.step}:${(li as HTMLElement).dataset.status}`));
    expect(statuses).to.deep.equal(
      ["fetch", "shape", "trusted", "leaf", "signature", "origin", "inclusion", "anchor", "chainId", "contract", "logOrigin", "chainRoot", "chainInclusion"].map((s) => `${s}:pass`),
    );
    expect(await page.locator("[data-verdict]").innerText()).to.include(`链 ${CHAIN_ID}`);
    // The trusted key is the chain's, and the page says where it came from.
    const chainKeyName = (await anchors.logKeys(district.log.id))[0].verifierKey.split("+").slice(0, 2).join("+");
    expect(await page.locator("li[data-step=trusted]").innerText()).to.include(`链上为日志 ${district.log.id} 登记的第 0 号公钥 ${chainKeyName}（来源：访问日志锚定合约 ${config.anchorContract}`);
    await shot("verify-ok");
  });

  it("rejects a tampered bundle, naming the check that failed", async function () {
    const bundle = (await (await fetch(`${baseUrl}/api/v1/log/bundles/4`, { headers: { authorization: `Bearer ${token}` } })).json()) as { entry: { decision: string; reason: string } };
    expect(bundle.entry.decision).to.equal("denied");
    const tampered = { ...bundle, entry: { ...bundle.entry, decision: "allowed", reason: "ALLOWED" } };
    await open("verify", "verify");
    await page.fill("[data-testid=verify-input]", JSON.stringify(tampered));
    await page.click("[data-testid=verify-button]");
    await page.waitForSelector("[data-verdict]");
    expect(await page.getAttribute("[data-verdict]", "data-verdict")).to.equal("bad");
    expect(await page.getAttribute("li[data-step=leaf]", "data-status")).to.equal("fail");
    expect(await page.getAttribute("li[data-step=chainRoot]", "data-status")).to.equal("skip");
    await shot("verify-tampered");

    // A receipt-sized lie about the root: the offline checks pass with the bundle's own anchor, the chain refuses it.
    const good = (await (await fetch(`${baseUrl}/api/v1/log/bundles/4`, { headers: { authorization: `Bearer ${token}` } })).json()) as { anchor: { logId: number } };
    await page.fill("[data-testid=verify-input]", JSON.stringify({ ...good, anchor: { ...good.anchor, logId: district.log.id + 1 } }));
    await page.click("[data-testid=verify-button]");
    await page.waitForFunction(() => document.querySelector("[data-verdict]")?.getAttribute("data-verdict") === "bad");
    expect(await page.getAttribute("li[data-step=leaf]", "data-status")).to.equal("pass");
  });

  it("refuses a bundle whose checkpoint the node signed with a key other than the chain's", async function () {
    const served = (await (await fetch(`${baseUrl}/api/v1/log/bundles/7`, { headers: { authorization: `Bearer ${token}` } })).json()) as ProofBundle;
    const { bundle: lying, verifierKey } = bundleSignedByAnotherKey(served);
    await open("verify", "verify");
    await page.fill("[data-testid=verify-input]", JSON.stringify(lying));
    await page.click("[data-testid=verify-button]");
    await page.waitForSelector("[data-verdict]");
    expect(await page.getAttribute("[data-verdict]", "data-verdict")).to.equal("bad");
    expect(await page.getAttribute("li[data-step=trusted]", "data-status")).to.equal("fail");
    expect(await page.getAttribute("li[data-step=signature]", "data-status")).to.equal("skip");
    const liarName = verifierKey.split("+").slice(0, 2).join("+");
    expect(await page.locator("li[data-step=trusted] .why").innerText()).to.match(new RegExp(`^UNKNOWN_KEY: 检查点由 ${liarName.replace("+", "\\+")} 签名，而链上为日志 ${district.log.id} 在 \\d+ 条处登记的公钥是 .+：节点提供的公钥不是链上登记的公钥$`));
  });

  it("is readable on a narrow screen and every form control has a label", async function () {
    await page.setViewportSize({ width: 390, height: 844 });
    await open("grants", "grants");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no sideways scrolling of the page").to.be.at.most(0);
    await shot("grant-tree-narrow");
    await open("disclosure", "disclosure");
    await shot("disclosure-narrow");
    for (const view of ["disclosure", "timeline", "verify"]) {
      await open(view, view);
      const unlabeled = await page.evaluate(() =>
        [...document.querySelectorAll("input, select, textarea")]
          .filter((el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute("aria-label"))
          .map((el) => el.outerHTML),
      );
      expect(unlabeled, view).to.deep.equal([]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(consoleErrors.filter((e) => !/favicon|401|Unauthorized/i.test(e))).to.deep.equal([]);
  });
});

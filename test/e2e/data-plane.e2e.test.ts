import { expect } from "chai";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import pino from "pino";
import { anvilAccount } from "../../scripts/lib/anvil";
import { createDemoDistrict, DEMO_ANCHORING_ACCOUNT, DEMO_CAST, DEMO_SCENARIOS, demoWallets, type DemoDistrict } from "../../scripts/lib/demo";
import { devChainTime } from "../../scripts/lib/stack";
import { ensureDemoLedger } from "../../scripts/lib/demo-ledger";
import { importKey } from "../../server/cli/keystore";
import { signIn } from "../../server/cli/sign-in";
import { encodeFieldList } from "../../server/data";
import { DEMO_FIELD_LISTS } from "../../scripts/lib/demo-fields";
import { demoProductManifest } from "../../scripts/lib/demo-product";
import { NO_LIMITS } from "../../server/http/rate-limit";
import { generateNoteKey } from "../../server/log";
import { startNode, type RunningNode } from "../../server/node";
import { startTestChain, type TestChain } from "../helpers/anvil";
import { okJson, runTdl, type TdlRun } from "../helpers/tdl";

/*
 * The data plane end to end, through `node bin/tdl.js` on anvil and the demo district: the market regulator
 * names its field list, publishes a dataset version to the operator's node and records it on chain; the bank
 * queries it under its scenario grant (aggregates over at least k = 10 rows, small groups suppressed, row-level
 * output refused), verifies the answer against the node's receipt, and a bad file is refused with its first bad
 * row and column while the published version stays the one queried.
 */

const NETWORK = "anvil-data-plane";
const ORIGIN = "ledger.example.gov.cn/data-plane";

/** The registry's field list, as the demo district registers it (12 fields; the last four sensitive). */
const FIELDS = DEMO_FIELD_LISTS[0].fields;

/** 40 companies in 街道A..D (10 each), 3 in 街道E (a group under k); capital in 万元. */
function csv(capital: (i: number) => string = (i) => String(100 + i)): string {
  const rows = Array.from({ length: 43 }, (_, i) => {
    const district = i < 40 ? `街道${"ABCD"[i % 4]}` : "街道E";
    return [`9131000000000${String(i).padStart(4, "0")}X`, district, "制造业", capital(i), "2020-01-15", "有限责任公司", "存续", `某区企业${i}有限公司`, `法人${i}`, `31010119900101${String(i).padStart(4, "0")}`, `某路${i}号`, `1380000${String(i).padStart(4, "0")}`].join(",");
  });
  return `${FIELDS.map((f) => f.name).join(",")}\n${rows.join("\n")}\n`;
}

describe("the data plane end to end: publish a dataset version, query it under a grant, verify the answer", function () {
  this.timeout(600_000);
  let anvil: TestChain | undefined;
  let node: RunningNode | undefined;
  let dir: string;
  let district: DemoDistrict;

  function tdl(key: string | undefined, args: string[]): Promise<TdlRun> {
    const global = ["--rpc", anvil!.url, "--deployments", path.join(dir, "deployments"), "--network", NETWORK, "--keystore", path.join(dir, "keys"), ...(key ? ["--key", key] : [])];
    return runTdl([...args, ...global], dir, { TDL_PASSWORD: "pw", TDL_NODE_URL: node!.url });
  }
  async function ok(key: string | undefined, args: string[]): Promise<Record<string, any>> {
    return okJson(await tdl(key, [...args, "--json"]), args.join(" "));
  }

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-data-plane-"));
    anvil = await startTestChain({ accounts: 20, genesisTimestamp: Math.floor(Date.now() / 1000) - 60 * 86_400 });
    const provider = anvil.provider;
    const wallets = demoWallets(provider, anvilAccount);
    const { ledger } = await ensureDemoLedger(provider, path.join(dir, "deployments"), NETWORK);
    district = await createDemoDistrict({ ledger, wallets, advanceTime: devChainTime(provider), origin: ORIGIN });
    for (const [name, role] of [["market-zhao", "marketRegulation"], ["bank-chen", "bank"]] as const) {
      await importKey(path.join(dir, "keys"), name, anvilAccount(DEMO_CAST[role].account).privateKey, "pw", { ...process.env, TDL_KEYSTORE_SCRYPT_N: "1024" });
    }
    const noteKey = generateNoteKey(ORIGIN);
    node = await startNode({
      dataDir: path.join(dir, "node"),
      origin: ORIGIN,
      noteSignerKey: noteKey.signerKey,
      noteVerifierKey: noteKey.verifierKey,
      chain: { rpcUrl: anvil.url, deploymentsDir: path.join(dir, "deployments"), network: NETWORK, logId: district.log.id, anchoringKey: anvilAccount(DEMO_ANCHORING_ACCOUNT).privateKey, everyEntries: 1_000, everySeconds: 3600 },
      gateway: { pollIntervalMs: 100, limits: NO_LIMITS },
      indexer: false,
      logger: pino({ level: "silent" }),
    });
  });

  after(async function () {
    await node?.close();
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves only aggregates over the published version, logs each query with its answer's digest, and keeps a refused file out", async function () {
    const r0 = district.resources[0];
    const grant = ["--grant", String(district.grants.bank), "--scenario", DEMO_SCENARIOS.bank.scenario];
    await writeFile(path.join(dir, "fields.json"), encodeFieldList({ version: 1, fields: FIELDS }));
    await writeFile(path.join(dir, "v1.csv"), csv());

    // before any version is published, a query is refused and says why
    const early = await tdl("bank-chen", ["query", ...grant, "--sql", `SELECT district, count(*) AS n FROM r${r0} GROUP BY district`]);
    expect(early.code, early.stderr).to.equal(1);
    expect(early.stdout + early.stderr).to.include("NO_DATASET_VERSION");

    // the source department names its field list (stored at the node) and publishes version 1
    await ok("market-zhao", ["resource", "update", String(r0), "--metadata", "企业登记信息 v2", "--field-list", "@fields.json", "--fields", "12", "--classification", "2"]);
    const v1 = await ok("market-zhao", ["resource", "publish", String(r0), "--file", "v1.csv", "--node", node!.url]);
    expect(v1).to.include({ resourceId: r0, datasetVersion: 1, rowCount: 43 });
    expect(v1.contentDigest).to.equal(ethers.sha256(await readFile(path.join(dir, "v1.csv"))));

    // only the source department publishes: the bank is refused before any byte is staged
    const byBank = await tdl("bank-chen", ["resource", "publish", String(r0), "--file", "v1.csv"]);
    expect(byBank.code).to.equal(1);
    expect(byBank.stderr).to.match(/only the data-source department of resource \d+ .* publishes its dataset versions.*\[FORBIDDEN\]/);

    // the bank's aggregate: four groups of 10 answered, 街道E (3 companies) suppressed under k = 10
    const answer = await ok("bank-chen", ["query", "--node", node!.url, ...grant, "--sql", `SELECT district, count(*) AS n FROM r${r0} GROUP BY district ORDER BY district`, "--out", "answer.json"]);
    expect(answer.decision).to.equal("allowed");
    expect(answer.rows).to.deep.equal([["街道A", 10], ["街道B", 10], ["街道C", 10], ["街道D", 10]]);
    expect(answer.groupsSuppressed).to.equal(1);
    const verified = await tdl(undefined, ["verify", "result", "answer.json"]);
    expect(verified.code, verified.stdout + verified.stderr).to.equal(0);

    // row-level output is refused and recorded (R1); so is a field outside the grant (legal_rep, field 8; R12)
    const rows = await tdl("bank-chen", ["query", ...grant, "--sql", `SELECT credit_code, registered_capital FROM r${r0}`]);
    expect(rows.code).to.equal(1);
    expect(rows.stdout + rows.stderr).to.match(/aggregate/i);
    const sensitive = await tdl("bank-chen", ["query", ...grant, "--sql", `SELECT legal_rep, count(*) FROM r${r0} GROUP BY legal_rep`]);
    expect(sensitive.code).to.equal(1);

    // a file with a value that is not a DOUBLE is refused naming row 37 and the column; version 1 stays live
    await writeFile(path.join(dir, "bad.csv"), csv((i) => (i === 36 ? "一百万" : String(100 + i))));
    const bad = await tdl("market-zhao", ["resource", "publish", String(r0), "--file", "bad.csv"]);
    expect(bad.code, bad.stderr).to.equal(2);
    expect(bad.stderr).to.match(/row 37, column "registered_capital" is not a DOUBLE.*\[DATASET_INVALID\]/);
    const still = await ok("bank-chen", ["query", ...grant, "--sql", `SELECT sum(registered_capital) AS capital FROM r${r0}`]);
    expect(still.rows).to.deep.equal([[43 * 100 + (42 * 43) / 2]]);

    // version 2 is a new version; queries read it, and the log says which version each query read
    await writeFile(path.join(dir, "v2.csv"), csv((i) => String(200 + i)));
    expect(await ok("market-zhao", ["resource", "publish", String(r0), "--file", "v2.csv"])).to.include({ datasetVersion: 2 });
    const after = await ok("bank-chen", ["query", ...grant, "--sql", `SELECT sum(registered_capital) AS capital FROM r${r0}`]);
    expect(after.rows).to.deep.equal([[43 * 200 + (42 * 43) / 2]]);
    // version 1 stays queryable by name, for reproducing an earlier answer; a version never published is refused
    const again = await ok("bank-chen", ["query", ...grant, "--sql", `SELECT sum(registered_capital) AS capital FROM r${r0}`, "--dataset-version", `r${r0}=1`]);
    expect(again.rows).to.deep.equal(still.rows);
    expect(again.resultDigest).to.equal(still.resultDigest);
    const never = await tdl("bank-chen", ["query", ...grant, "--sql", `SELECT count(*) FROM r${r0}`, "--dataset-version", `r${r0}=9`]);
    expect(never.code).to.equal(1);
    expect(never.stdout + never.stderr).to.include(`no dataset version 9 of resource ${r0}`).and.include("DATASET_VERSION_UNKNOWN");

    const token = (await signIn(node!.url, anvilAccount(DEMO_CAST.bank.account))).token;
    const listed = await fetch(`${node!.url}/api/v1/queries?grantId=${district.grants.bank}`, { headers: { authorization: `Bearer ${token}` } });
    expect(listed.status).to.equal(200);
    const { queries } = (await listed.json()) as { queries: { decision: string; query: { reads: { datasetVersion: number }[]; resultDigest: string | null } }[] };
    const answered = queries.filter((q) => q.decision === "allowed");
    expect(answered.map((q) => Number(q.query.reads[0].datasetVersion))).to.deep.equal([1, 2, 1, 1]); // newest first
    expect(answered.every((q) => /^[0-9a-f]{64}$/.test(q.query.resultDigest ?? ""))).to.equal(true);
    expect(queries.filter((q) => q.decision === "denied")).to.have.length(4);
  });
  it("runs a published product's approved template under its grant, logged with the product; nothing else runs as the product", async function () {
    // the bank stores its product's document (the templates its reviews approved; its hash is on chain)
    const product = demoProductManifest(district.resources);
    await writeFile(path.join(dir, "product.json"), product.bytes);
    expect(await ok("bank-chen", ["doc", "put", "product.json", "--node", node!.url])).to.include({ hash: product.hash });
    const id = String(district.product);

    const ran = await ok("bank-chen", ["product", "run", id, "--template", "capital-by-industry", "--param", "since=2000-01-01", "--node", node!.url, "--out", "product-answer.json"]);
    expect(ran.decision).to.equal("allowed");
    expect(ran.rows).to.deep.equal([["制造业", 43, 100 + 21 + 100]]); // version 2's capital: 200 + i, average 221
    expect((await tdl(undefined, ["verify", "result", "product-answer.json"])).code).to.equal(0);

    // the log names the product, its version, the template and the document's digest
    const token = (await signIn(node!.url, anvilAccount(DEMO_CAST.bank.account))).token;
    const listed = (await (await fetch(`${node!.url}/api/v1/queries?grantId=${district.grants.bank}&limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { queries: { query: { product?: unknown } }[] };
    expect(listed.queries[0].query.product).to.deep.equal({ productId: id, version: "1", template: "capital-by-industry", manifestDigest: product.hash.slice(2) });

    // a template the reviews did not approve, a bad parameter, and another organisation's key: refused, nothing run
    const unapproved = await tdl("bank-chen", ["product", "run", id, "--template", "everything", "--node", node!.url]);
    expect(unapproved.code).to.equal(1);
    expect(unapproved.stderr).to.match(/carries no approved template "everything".*\[FORBIDDEN\]/);
    const badDate = await tdl("bank-chen", ["product", "run", id, "--template", "capital-by-industry", "--param", "since=yesterday", "--node", node!.url]);
    expect(badDate.code).to.equal(2);
    expect(badDate.stderr).to.include("parameter since must be a date YYYY-MM-DD");
    const stranger = await tdl("market-zhao", ["product", "run", id, "--template", "capital-by-industry", "--param", "since=2000-01-01", "--node", node!.url]);
    expect(stranger.code).to.equal(1);
    expect(stranger.stderr).to.match(/only the developer that holds product \d+ \(version 1\)'s grant runs it/);
  });
});

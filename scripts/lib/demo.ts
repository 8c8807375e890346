/**
 * The demo district (示范区): a realistic cast walked through the real procedures of the implementation plan,
 * on whatever chain it is given (the local anvil of `npm start`, or a chain configured like production).
 *
 *   区大数据局 the bureau (3 officials, threshold 2) registers four data-source departments, one of them a
 *   power-supply company (a utility, R23), the operator, two developers and two supervisors; the departments
 *   catalog their resources; the operator is qualified by collective decision after a public notice in which
 *   an objection is lodged and dismissed (Art. 12); the bureau grants it the whole catalog; a bank and an
 *   insurer are qualified (Art. 13); they apply per scenario through both reviews, one application is refused
 *   at the first review, the others are granted (Art. 17, 18); the bank's 数据核验 product is reviewed by the
 *   bureau and the security supervisor, published, and registered (登记号, exchange number; Art. 19, 20); an
 *   inspection leads to a rectification order that the insurer corrects (Art. 32). The operator's node log is
 *   registered for anchoring; the accesses themselves go through the node's gateway (`runDemoAccesses`).
 *
 * Every key is one of anvil's default accounts: public test keys, never for a real chain.
 */
import { ethers, type ContractTransactionResponse, type JsonRpcProvider, type Wallet } from "ethers";
import type { Ledger } from "../../server/chain/ledger";
import { ALL_CLAUSES, ALL_FINDINGS, DAY, approveByOfficials, approvedApplication, evidenceOf, issueScenarioGrant, issueWholeGrant, latestTime, registerResource, termsFrom, type AdvanceTime } from "./procedures";
import { memberName, OrgKind, Purpose } from "../../server/vocabulary";
import { decisionId } from "../../server/chain/decisions";
import { signIn } from "../../server/cli/sign-in";
import { DEMO_FIELD_DOCUMENTS } from "./demo-fields";
import { demoProductManifest } from "./demo-product";

/** ProductForm.DataVerification and the five checks of Art. 19 (contracts/common/Types.sol). */
const DATA_VERIFICATION = 3;
const ALL_RELEASE_CHECKS = 31;
const SECURITY_INSPECTION = 1;


/** Who the demo district is, and which of anvil's default accounts acts for whom. */
export const DEMO_BUREAU = { nameZh: "区大数据局", nameEn: "District Big-Data Bureau", creditCode: "demo:区大数据局", officials: [1, 2, 3], threshold: 2 };
export const DEMO_DEPLOYER = 0;
export const DEMO_PUBLIC = 14;

export const DEMO_CAST = {
  marketRegulation: { nameZh: "区市场监管局", nameEn: "District Market Regulation Bureau", kind: OrgKind.DataSource, account: 4 },
  socialSecurity: { nameZh: "区人力社保局", nameEn: "District Human Resources and Social Security Bureau", kind: OrgKind.DataSource, account: 5 },
  medicalInsurance: { nameZh: "区医保局", nameEn: "District Medical Insurance Bureau", kind: OrgKind.DataSource, account: 6 },
  powerSupply: { nameZh: "国网某区供电公司", nameEn: "State Grid district power-supply company (a utility, R23)", kind: OrgKind.DataSource, account: 7 },
  operator: { nameZh: "某区数据运营有限公司", nameEn: "District Data Operation Co., Ltd. (first-level operator)", kind: OrgKind.Operator, account: 8 },
  bank: { nameZh: "某银行", nameEn: "A bank (developer)", kind: OrgKind.Developer, account: 10 },
  insurer: { nameZh: "某保险公司", nameEn: "An insurer (developer)", kind: OrgKind.Developer, account: 11 },
  cyberspace: { nameZh: "区网信办", nameEn: "District Cyberspace Administration (security supervisor)", kind: OrgKind.SecuritySupervisor, account: 12 },
  developmentReform: { nameZh: "区发改委", nameEn: "District Development and Reform Commission (business supervisor)", kind: OrgKind.BusinessSupervisor, account: 13 },
} as const;
export type CastRole = keyof typeof DEMO_CAST;
/** The operator node's anchoring key: a second staff key of the operator, so anchoring never races its staff's nonces. */
export const DEMO_ANCHORING_ACCOUNT = 9;
/** How many of anvil's default accounts the demo uses. */
export const DEMO_ACCOUNTS = 15;

export const DEMO_RESOURCES = [
  { code: "SCJG-QYDJ enterprise-registration", nameZh: "企业登记信息", nameEn: "enterprise registration", source: "marketRegulation", fieldCount: 12, classification: 2 },
  { code: "SCJG-QYXY enterprise-credit", nameZh: "企业信用信息", nameEn: "enterprise credit records", source: "marketRegulation", fieldCount: 8, classification: 3 },
  { code: "RSJ-SBJN social-insurance-contributions", nameZh: "社保缴纳记录", nameEn: "social-insurance contributions", source: "socialSecurity", fieldCount: 10, classification: 3 },
  { code: "YBJ-JSJL medical-insurance-settlements", nameZh: "医保结算记录", nameEn: "medical-insurance settlements", source: "medicalInsurance", fieldCount: 9, classification: 3 },
  { code: "GDGS-QYYD enterprise-electricity-usage", nameZh: "企业用电数据", nameEn: "enterprise electricity usage", source: "powerSupply", fieldCount: 6, classification: 2 },
] as const satisfies readonly { code: string; nameZh: string; nameEn: string; source: CastRole; fieldCount: number; classification: number }[];

export const DEMO_SCENARIOS = {
  bank: { scenario: "inclusive-finance-credit", nameZh: "普惠金融信贷", nameEn: "inclusive-finance credit", resources: [0, 1, 4], fieldMasks: [0x3fn, 0x0fn, 0x07n] },
  insurer: { scenario: "claims-verification", nameZh: "理赔核验", nameEn: "claims verification", resources: [2, 3], fieldMasks: [0x07n, 0x1fn] },
} as const;

/** The demo district as created on chain: saved by `npm start` so a restart knows it. */
export interface DemoDistrict {
  readonly chainId: number;
  readonly orgs: Record<CastRole | "bureau", number>;
  readonly resources: number[];
  readonly qualifications: { operator: number; bank: number; insurer: number };
  readonly wholeGrant: number;
  readonly grants: { bank: number; insurer: number };
  readonly refusedApplication: number;
  readonly product: number;
  readonly rectificationOrder: number;
  readonly log: { id: number; origin: string };
  readonly registrationNumbers: { product: string; exchange: string };
}

export interface DemoWallets {
  readonly officials: Wallet[];
  readonly cast: Record<CastRole, Wallet>;
  readonly anchoring: Wallet;
  readonly publicMember: Wallet;
}

/** The demo's wallets from a key source (anvil's default accounts by default), connected to `provider`. */
export function demoWallets(provider: JsonRpcProvider, account: (i: number) => { privateKey: string }): DemoWallets {
  const w = (i: number) => new ethers.Wallet(account(i).privateKey, provider);
  const cast = Object.fromEntries(Object.entries(DEMO_CAST).map(([role, c]) => [role, w(c.account)])) as Record<CastRole, Wallet>;
  return { officials: DEMO_BUREAU.officials.map(w), cast, anchoring: w(DEMO_ANCHORING_ACCOUNT), publicMember: w(DEMO_PUBLIC) };
}

async function mined(tx: Promise<ContractTransactionResponse>): Promise<ethers.TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction dropped");
  return receipt;
}

/** The first argument of the named event in the receipt (the new id). */
async function idFrom(tx: Promise<ContractTransactionResponse>, contract: { interface: ethers.Interface }, eventName: string): Promise<number> {
  const receipt = await mined(tx);
  for (const log of receipt.logs) {
    let parsed: ethers.LogDescription | null = null;
    try {
      parsed = contract.interface.parseLog(log);
    } catch {
      parsed = null;
    }
    if (parsed?.name === eventName) return Number(parsed.args[0]);
  }
  throw new Error(`no ${eventName} event in transaction ${receipt.hash}`);
}

const yearOf = (unixSeconds: number) => new Date(unixSeconds * 1000).getUTCFullYear();

export interface CreateDemoOptions {
  readonly ledger: Ledger;
  readonly wallets: DemoWallets;
  readonly advanceTime: AdvanceTime;
  /** The operator node's log origin (checkpoint origin line). */
  readonly origin: string;
  /** Told of each step, one line each. */
  readonly say?: (line: string) => void;
}

/** Walks the procedures on chain. About 80 transactions and two notice periods of chain time (15 days). */
export async function createDemoDistrict(options: CreateDemoOptions): Promise<DemoDistrict> {
  const { ledger, wallets, advanceTime, origin } = options;
  const say = options.say ?? (() => undefined);
  const [official1, official2, official3] = wallets.officials;
  const cast = wallets.cast;
  const q = ledger.qualifications;
  const provider = official1.provider as JsonRpcProvider;
  const chainId = Number((await provider.getNetwork()).chainId);

  // ==== Organisations (Art. 4, 5, 9; R23) ====
  say(`${DEMO_BUREAU.nameZh} registers the district's organisations`);
  const orgs = { bureau: Number(await ledger.organizations.bureau()) } as Record<CastRole | "bureau", number>;
  for (const [role, c] of Object.entries(DEMO_CAST) as [CastRole, (typeof DEMO_CAST)[CastRole]][]) {
    orgs[role] = await idFrom(
      ledger.organizations
        .connect(official1)
        .registerOrganization(c.kind, `${c.nameZh} ${c.nameEn}`, ethers.id(`demo-credit-code:${c.nameZh}`), cast[role].address),
      ledger.organizations,
      "OrganizationRegistered",
    );
    say(`  ${String(orgs[role]).padStart(2)} ${c.nameZh} ${c.nameEn} [${memberName("OrgKind", c.kind)}]`);
  }
  await mined(ledger.organizations.connect(cast.operator).addStaffKey(orgs.operator, wallets.anchoring.address));

  // ==== Catalog (Art. 6-8, 11; R2, R6, R23) ====
  say("the data-source departments catalog their resources (一数一源); the bureau records 登记号");
  const resources: number[] = [];
  for (const [i, r] of DEMO_RESOURCES.entries()) {
    const fields = { fieldCount: r.fieldCount, classification: r.classification, fieldListHash: DEMO_FIELD_DOCUMENTS[i].hash };
    resources.push(await registerResource(ledger, cast[r.source], r.code, fields));
  }
  const year = yearOf(await latestTime(ledger));
  for (const [i, id] of resources.entries()) {
    await mined(ledger.catalog.connect(official2).recordRegistration(id, `区数资登字〔${year}〕第${String(101 + i).padStart(4, "0")}号`));
  }
  await mined(ledger.catalog.connect(official1).setOperationScope(resources, true));

  // ==== The operator (Art. 12): application, expert review, collective decision, 公示 with an objection ====
  say(`${DEMO_CAST.operator.nameZh} applies for qualification; expert review; collective decision (2 of 3 officials)`);
  const operatorQ = await idFrom(q.connect(cast.operator).applyFor(OrgKind.Operator, evidenceOf("demo operator")), q, "QualificationApplied");
  await mined(q.connect(official1).review(operatorQ, true, ethers.id("专家评审意见 expert panel report: operator")));
  const decision = decisionId(await q.getAddress(), "decideOperator", ["uint32", "bool", "uint256"], [operatorQ, true, 0n]);
  await approveByOfficials(ledger, [official1, official2], decision);
  await mined(q.connect(official1).decideOperator(operatorQ, true, 0n));
  await advanceTime(2 * DAY);
  say("  公示 public notice: a member of the public lodges an objection on day 2; the bureau dismisses it on day 4");
  await mined(q.connect(wallets.publicMember).object(operatorQ, ethers.id("异议: the named security officer has left the company")));
  await advanceTime(2 * DAY);
  await mined(q.connect(official3).resolveObjection(operatorQ, 0, false, ethers.id("核查: a new security officer was appointed before the application")));
  await advanceTime(3 * DAY + 60);
  await activate(operatorQ, official1);
  say("  the operator's agreement (all 10 clauses of Art. 14) and security commitment take effect: qualified for 3 years");

  // ==== The whole grant and the authorized-operation catalog (Art. 9, 17) ====
  const wholeGrant = await issueWholeGrant(ledger, {
    officials: [official1, official2],
    operator: orgs.operator,
    terms: termsFrom(await latestTime(ledger), 4 * 365, "demo whole grant"),
  });
  for (const id of resources) await mined(ledger.catalog.connect(cast.operator).setOpenForDevelopment(id, true));
  say(`the bureau grants the whole catalog to the operator (grant ${wholeGrant}, 4 years, by collective decision); all ${resources.length} resources open for development`);

  // ==== Developers (Art. 13): the bank and the insurer, reviewed by the operator, decided by bureau and operator ====
  say(`${DEMO_CAST.bank.nameZh} and ${DEMO_CAST.insurer.nameZh} apply; operator review; decided by bureau and operator; 7-day 公示`);
  const developerQ = { bank: 0, insurer: 0 };
  for (const role of ["bank", "insurer"] as const) {
    developerQ[role] = await idFrom(q.connect(cast[role]).applyFor(OrgKind.Developer, evidenceOf(`demo ${role}`)), q, "QualificationApplied");
    await mined(q.connect(cast.operator).review(developerQ[role], true, ethers.id(`专家评审意见 expert review: ${role}`)));
    await mined(q.connect(official2).decideDeveloper(developerQ[role], true));
    await mined(q.connect(cast.operator).decideDeveloper(developerQ[role], true));
  }
  await advanceTime(7 * DAY + 60);
  for (const role of ["bank", "insurer"] as const) await activate(developerQ[role], cast.operator);

  // ==== Applications (Art. 17, 18): one scenario, one grant ====
  const grants = { bank: 0, insurer: 0 };
  for (const role of ["bank", "insurer"] as const) {
    const s = DEMO_SCENARIOS[role];
    const application = await approvedApplication(ledger, {
      developerKey: cast[role],
      operatorKey: cast.operator,
      bureauKey: official1,
      scenario: s.scenario,
      resources: s.resources.map((i) => resources[i]),
      fieldMasks: [...s.fieldMasks],
      purpose: Purpose.Commercial,
    });
    grants[role] = await issueScenarioGrant(ledger, {
      operatorKey: cast.operator,
      applicationId: application,
      parentId: wholeGrant,
      terms: termsFrom(await latestTime(ledger), 365, `demo ${s.scenario}`),
    });
    say(`${DEMO_CAST[role].nameZh}: ${s.nameZh} ${s.nameEn}: first review, final review, scenario grant ${grants[role]} (1 year)`);
  }
  const refusedApplication = await idFrom(
    ledger.applications
      .connect(cast.insurer)
      .submit(ethers.id("precision-marketing"), [resources[2]], [0x3ffn], ethers.id("precision-marketing:plan"), Purpose.Commercial, false),
    ledger.applications,
    "ApplicationSubmitted",
  );
  await mined(ledger.applications.connect(cast.operator).firstReview(refusedApplication, false, ALL_FINDINGS & ~0x2, ethers.id("初审意见: not minimum necessary; compliance fails")));
  say(`${DEMO_CAST.insurer.nameZh}: 精准营销 precision marketing on every social-insurance field: refused at the operator's first review (minimum necessary data)`);

  // ==== The bank's product (Art. 19, 20) ====
  const products = ledger.products;
  const product = await idFrom(
    products
      .connect(cast.bank)
      .registerProduct(grants.bank, DATA_VERIFICATION, demoProductManifest(resources).hash, [resources[0], resources[1]]),
    products,
    "ProductRegistered",
  );
  await mined(products.connect(cast.bank).applyForRelease(product));
  await mined(products.connect(official1).reviewRelease(product, ALL_RELEASE_CHECKS, ethers.id("区大数据局审核意见 bureau review")));
  await mined(products.connect(cast.cyberspace).reviewRelease(product, ALL_RELEASE_CHECKS, ethers.id("区网信办安全审查意见 security review")));
  const registrationNumbers = { product: `区数登字〔${year}〕第0019号`, exchange: `SZDE-${year}-CP-004512` };
  await mined(products.connect(official2).recordRegistration(product, registrationNumbers.product, false));
  await mined(products.connect(official2).recordRegistration(product, registrationNumbers.exchange, true));
  say(`${DEMO_CAST.bank.nameZh}: 数据核验 product ${product} "企业信用核验": bureau review + security review (5 checks each), published, ${registrationNumbers.product}, exchange ${registrationNumbers.exchange}`);

  // ==== Supervision (Art. 27, 31, 32) ====
  const supervision = ledger.supervision;
  await mined(supervision.connect(cast.operator).fileAgreement(orgs.bank, ethers.id("demo agreement: bank")));
  await mined(supervision.connect(cast.operator).fileAgreement(orgs.insurer, ethers.id("demo agreement: insurer")));
  await mined(supervision.connect(cast.cyberspace).recordEvaluation(orgs.insurer, SECURITY_INSPECTION, false, ethers.id("网信办检查: claims data kept beyond the agreed period")));
  const deadline = (await latestTime(ledger)) + 30 * DAY;
  const rectificationOrder = await idFrom(
    supervision.connect(official1).issueRectification(orgs.insurer, ethers.id("整改通知书: delete the retained data, fix retention"), deadline),
    supervision,
    "RectificationOrdered",
  );
  await advanceTime(3 * DAY);
  await mined(supervision.connect(official2).confirmRectification(rectificationOrder, ethers.id("整改报告: data deleted, retention job fixed")));
  say(`${DEMO_CAST.cyberspace.nameZh} inspects ${DEMO_CAST.insurer.nameZh}: finding; the bureau orders rectification (access closed at once), confirmed 3 days later (reinstated)`);

  // ==== The operator's node log (Art. 24; R17) ====
  const logId = await idFrom(ledger.anchors.connect(official1).registerLog(origin, orgs.operator, wallets.anchoring.address), ledger.anchors, "LogRegistered");
  say(`the bureau registers the operator node's access log ${logId} "${origin}" for anchoring`);

  return {
    chainId,
    orgs,
    resources,
    qualifications: { operator: operatorQ, bank: developerQ.bank, insurer: developerQ.insurer },
    wholeGrant,
    grants,
    refusedApplication,
    product,
    rectificationOrder,
    log: { id: logId, origin },
    registrationNumbers,
  };

  async function activate(id: number, activator: Wallet): Promise<void> {
    const validUntil = (await latestTime(ledger)) + 5 * 365 * DAY;
    await mined(q.connect(activator).activate(id, ethers.id(`demo agreement:${id}`), ALL_CLAUSES, ethers.id(`demo security commitment:${id}`), validUntil));
  }
}

// ==== Accesses through the node's gateway (Art. 22, 24; R1, R12, R16) ====

export interface DemoAccess {
  readonly who: CastRole;
  readonly what: string;
  readonly operation: string;
  readonly grant: "bank" | "insurer";
  readonly resource: number;
  readonly fields: bigint;
  readonly expect: "allowed" | "denied";
}

/** Accesses the demo makes: most allowed; denials for raw export, a resource outside the scenario, a field outside the mask, another's grant. */
export const DEMO_ACCESSES: readonly DemoAccess[] = [
  { who: "bank", what: "verifies a loan applicant's registration", operation: "query", grant: "bank", resource: 0, fields: 0x07n, expect: "allowed" },
  { who: "bank", what: "checks the applicant's credit standing", operation: "query", grant: "bank", resource: 1, fields: 0x03n, expect: "allowed" },
  { who: "bank", what: "scores repayment capacity from electricity usage", operation: "compute", grant: "bank", resource: 4, fields: 0x07n, expect: "allowed" },
  { who: "bank", what: "verifies a second applicant", operation: "query", grant: "bank", resource: 0, fields: 0x3fn, expect: "allowed" },
  { who: "bank", what: "tries to export enterprise registration records (raw data never leaves the domain)", operation: "export", grant: "bank", resource: 0, fields: 0x07n, expect: "denied" },
  { who: "bank", what: "asks for medical-insurance settlements, outside its scenario", operation: "query", grant: "bank", resource: 3, fields: 0x01n, expect: "denied" },
  { who: "insurer", what: "verifies a claim against settlement records", operation: "query", grant: "insurer", resource: 3, fields: 0x1fn, expect: "allowed" },
  { who: "insurer", what: "checks the claimant's insured status", operation: "query", grant: "insurer", resource: 2, fields: 0x05n, expect: "allowed" },
  { who: "insurer", what: "asks for social-insurance fields beyond its mask", operation: "query", grant: "insurer", resource: 2, fields: 0xf0n, expect: "denied" },
  { who: "insurer", what: "tries to use the bank's grant", operation: "query", grant: "bank", resource: 0, fields: 0x01n, expect: "denied" },
];

export interface AccessOutcome extends DemoAccess {
  readonly decision: "allowed" | "denied";
  readonly reason: string;
  readonly message: string;
  readonly index: number | null;
}

/** The demo's accesses, each through POST /api/v1/access after signing in; the gateway decides and logs each. */
export async function runDemoAccesses(
  nodeUrl: string,
  district: DemoDistrict,
  wallets: DemoWallets,
  say: (line: string) => void = () => undefined,
): Promise<AccessOutcome[]> {
  const tokens = new Map<CastRole, string>();
  const outcomes: AccessOutcome[] = [];
  for (const a of DEMO_ACCESSES) {
    if (!tokens.has(a.who)) tokens.set(a.who, (await signIn(nodeUrl, wallets.cast[a.who])).token);
    const body = {
      operation: a.operation,
      grantId: district.grants[a.grant],
      scenario: ethers.id(DEMO_SCENARIOS[a.grant].scenario),
      resourceId: district.resources[a.resource],
      fields: `0x${a.fields.toString(16)}`,
      request: { demo: a.what, resource: DEMO_RESOURCES[a.resource].code, n: outcomes.length },
    };
    const response = await fetch(`${nodeUrl}/api/v1/access`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens.get(a.who)}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST /api/v1/access: ${response.status} ${await response.text()}`);
    const result = (await response.json()) as { decision: "allowed" | "denied"; reason: string; message: string; receipt?: { index?: number } };
    outcomes.push({ ...a, decision: result.decision, reason: result.reason, message: result.message, index: result.receipt?.index ?? null });
    say(`  ${result.decision === "allowed" ? "allowed" : "DENIED "} ${DEMO_CAST[a.who].nameZh} ${a.what}: ${result.reason}`);
  }
  return outcomes;
}

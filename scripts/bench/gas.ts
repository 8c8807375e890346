/**
 * Gas of the ledger's main operations, beside the Ethereum Attestation Service doing the nearest
 * equivalent, both on the in-process Hardhat network in the same run:
 *   npm run bench:gas
 * EAS is deployed from the artifacts shipped in @ethereum-attestation-service/eas-contracts
 * (SchemaRegistry, then EAS(schemaRegistry)), with a schema carrying the same fields as our scenario
 * grant. Every figure is a receipt's gasUsed (21,000 intrinsic and calldata included) except the two
 * views, which are eth_estimateGas of a call. Each measured operation is the second of its kind, so
 * one-off first writes (zero-to-non-zero counters) are not counted on either side.
 * Signed calls: the operator signs `issueScenarioGrant` offline (EIP-712 SignedCall) and a relayer submits it
 * with `executeSigned`, beside EAS `attestByDelegation` of the same fields (EAS's EIP-712 `Attest` type, signed
 * by the attester, submitted by the same relayer). The first of each is reported too: it writes the signer's
 * nonce from zero on both sides.
 */
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import path from "node:path";
import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { TypedDataEncoder, type ContractTransactionResponse, type InterfaceAbi, type Signer } from "ethers";
import { deployLedger } from "../lib/ledger";
import { type Ledger } from "../../server/chain/ledger";
import { ALL_CLAUSES, ALL_FINDINGS, DAY, approvedApplication, authorizeLedgerContract, evidenceOf, qualifyOperator, registerOrganization, registerResource, termsFrom } from "../lib/procedures";
import { enumValues, OrgKind, Purpose, RELEASE_CHECKS, TerminationReason } from "../../server/vocabulary";
import { GRANT_TERMS_TYPE, decisionId } from "../../server/chain/decisions";
import { executeSignedArgs, inOfficialOrder, nextNonce, signCall, signDecisionApproval } from "../../server/chain/signing";

const EAS_ARTIFACTS = path.join(path.dirname(require.resolve("@ethereum-attestation-service/eas-contracts/package.json")), "artifacts/contracts");
/** The scenario grant's fields as an EAS schema. */
const GRANT_SCHEMA =
  "uint32 grantor,uint32 grantee,uint32 parent,bytes32 scenario,uint32[] resources,uint256[] fieldMasks,uint8 purpose,uint40 start,uint40 end,bytes32 agreementHash,bytes32 feeTermsHash";
const RESOURCES = 3;
/** Enum values and bits of contracts/common/Types.sol used here, from the vocabulary. */
const PRODUCT_FORM_DATA_VERIFICATION = enumValues("ProductForm").DataVerification;
const PRODUCT_STATE_PUBLISHED = BigInt(enumValues("ProductState").Published);
const RELEASE_CHECKS_ALL = (1 << RELEASE_CHECKS.en.length) - 1; // the five checks of Art. 19
const EVALUATION_SECURITY_INSPECTION = enumValues("EvaluationKind").SecurityInspection;
/** EAS 1.x delegated attestation (EIP1271Verifier's ATTEST_TYPEHASH), checked against `getAttestTypeHash()` below. */
const EAS_ATTEST_TYPES = {
  Attest: [
    { name: "attester", type: "address" },
    { name: "schema", type: "bytes32" },
    { name: "recipient", type: "address" },
    { name: "expirationTime", type: "uint64" },
    { name: "revocable", type: "bool" },
    { name: "refUID", type: "bytes32" },
    { name: "data", type: "bytes" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

interface Artifact {
  abi: InterfaceAbi;
  bytecode: string;
}
const easArtifact = (file: string, name: string): Artifact => JSON.parse(readFileSync(path.join(EAS_ARTIFACTS, file, `${name}.json`), "utf8")) as Artifact;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("no receipt");
  return receipt.gasUsed;
}

/** A signature deadline one day after the latest block. */
const deadlineIn1Day = async () => BigInt((await time.latest()) + DAY);

/** A product's release path step by step (Art. 19), each step's gas recorded: register, apply, both reviews (the second publishes), registration number, suspension. */
async function productMeasured(ledger: Ledger, keys: { developer: Signer; bureau: Signer; security: Signer }, grantId: number, sources: number[], label: string) {
  const p = ledger.products;
  const register = await gasOf(p.connect(keys.developer).registerProduct(grantId, PRODUCT_FORM_DATA_VERIFICATION, ethers.id(`${label}:metadata`), sources));
  const id = await p.productCount();
  const apply = await gasOf(p.connect(keys.developer).applyForRelease(id));
  const bureauReview = await gasOf(p.connect(keys.bureau).reviewRelease(id, RELEASE_CHECKS_ALL, ethers.id(`${label}:bureau-review`)));
  const securityReview = await gasOf(p.connect(keys.security).reviewRelease(id, RELEASE_CHECKS_ALL, ethers.id(`${label}:security-review`)));
  if ((await p.product(id)).state !== PRODUCT_STATE_PUBLISHED) throw new Error(`product ${id} not published after both reviews`);
  const registration = await gasOf(p.connect(keys.bureau).recordRegistration(id, `DP-2026-${String(id).padStart(6, "0")}`, false));
  const suspend = await gasOf(p.connect(keys.bureau).suspendProduct(id, ethers.id(`${label}:suspension`)));
  return { register, apply, bureauReview, securityReview, registration, suspend };
}

/** Supervision of one organisation step by step, each step's gas recorded: an inspection, an incident report, a rectification order (suspends it) and its confirmation (reinstates it). */
async function supervisionMeasured(ledger: Ledger, keys: { bureau: Signer; reporter: Signer }, subject: number, label: string) {
  const s = ledger.supervision.connect(keys.bureau);
  const evaluation = await gasOf(s.recordEvaluation(subject, EVALUATION_SECURITY_INSPECTION, true, ethers.id(`${label}:inspection`)));
  const incident = await gasOf(ledger.supervision.connect(keys.reporter).reportIncident(subject, 2, ethers.id(`${label}:incident`), false));
  const orderArgs = [subject, ethers.id(`${label}:order`), (await time.latest()) + 30 * DAY] as const;
  const orderId = await s.issueRectification.staticCall(...orderArgs);
  const order = await gasOf(s.issueRectification(...orderArgs));
  const [, suspended] = await ledger.organizations.statusOf(subject);
  const confirm = await gasOf(s.confirmRectification(orderId, ethers.id(`${label}:corrected`)));
  const [, reinstated] = await ledger.organizations.statusOf(subject);
  if (suspended !== 2n || reinstated !== 1n) throw new Error(`rectification order did not suspend then reinstate org ${subject} (${suspended}, ${reinstated})`);
  return { evaluation, incident, order, confirm };
}

/** A developer qualified step by step, each step's gas recorded. */
async function qualifyDeveloperMeasured(ledger: Ledger, bureauKey: Signer, operatorKey: Signer, developerKey: Signer) {
  const q = ledger.qualifications;
  const apply = await gasOf(q.connect(developerKey).applyFor(OrgKind.Developer, evidenceOf("developer")));
  const id = await q.currentQualification((await ledger.organizations.actorOf(await developerKey.getAddress())).org);
  const review = await gasOf(q.connect(operatorKey).review(id, true, ethers.id("developer expert review")));
  const bureauDecision = await gasOf(q.connect(bureauKey).decideDeveloper(id, true));
  const operatorDecision = await gasOf(q.connect(operatorKey).decideDeveloper(id, true));
  const notice = await q.qualification(id);
  await time.increaseTo(notice.noticeEndsAt + 1n);
  const validUntil = (await time.latest()) + 3 * 365 * DAY;
  const activate = await gasOf(q.connect(operatorKey).activate(id, ethers.id(`agreement:${id}`), ALL_CLAUSES, ethers.id(`security:${id}`), validUntil));
  return { apply, review, bureauDecision, operatorDecision, activate };
}

async function main() {
  const signers = await ethers.getSigners();
  const [deployer, official1, official2, official3, source, operatorKey, developerKey, developer2Key, securityKey, relayer] = signers;
  const officials = [official1, official2, official3];
  const { ledger } = await deployLedger(deployer, {
    name: "区大数据主管部门",
    creditCodeHash: ethers.id("bureau"),
    officials: await Promise.all(officials.map((o) => o.getAddress())),
    threshold: 2,
  });
  const o = ledger.organizations.connect(official1);
  await authorizeLedgerContract(ledger, officials, await ledger.supervision.getAddress());

  // Organisations: the second registration is the measured one.
  await registerOrganization(ledger, official1, OrgKind.DataSource, "区市场监管局", source.address);
  const registerOrg = await gasOf(o.registerOrganization(OrgKind.Operator, "数据运营公司", ethers.id("credit:operator"), operatorKey.address));
  const operator = Number(await ledger.organizations.organizationCount());
  await registerOrganization(ledger, official1, OrgKind.Developer, "某银行", developerKey.address);
  await registerOrganization(ledger, official1, OrgKind.Developer, "某保险", developer2Key.address);
  const developer2 = Number(await ledger.organizations.organizationCount());
  await registerOrganization(ledger, official1, OrgKind.SecuritySupervisor, "区网信办", securityKey.address);

  // The operator's qualification (Art. 12), walked by the shared procedure.
  await qualifyOperator(ledger, { officials, operatorKey, advanceTime: async (s) => void (await time.increase(s)) });

  // Developers: the second qualification is the measured one.
  await qualifyDeveloperMeasured(ledger, official1, operatorKey, developerKey);
  const dq = await qualifyDeveloperMeasured(ledger, official1, operatorKey, developer2Key);

  // Catalog: the second registration is measured; three resources open for development.
  const resources: number[] = [];
  resources.push(await registerResource(ledger, source, "enterprise-registration", { fieldCount: 12, classification: 2 }));
  const registerRes = await gasOf(
    ledger.catalog.connect(source).registerResource(ethers.id("enterprise-credit"), {
      metadataHash: ethers.id("enterprise-credit:metadata"),
      fieldListHash: ethers.id("enterprise-credit:fields"),
      fieldCount: 8,
      classification: 3,
      updateInterval: DAY,
      updatedAt: 0,
    }),
  );
  resources.push(Number(await ledger.catalog.resourceCount()));
  resources.push(await registerResource(ledger, source, "enterprise-tax-grade", { fieldCount: 5, classification: 3 }));
  await (await ledger.catalog.connect(official1).setOperationScope(resources, true)).wait();
  for (const r of resources) await (await ledger.catalog.connect(operatorKey).setOpenForDevelopment(r, true)).wait();

  // The whole grant, by collective decision: issued twice (salts 0 and 1), the second measured; the first is the parent below.
  const now = await time.latest();
  const wholeTerms = termsFrom(now, 4 * 365, "whole");
  const wholeDecision = async (salt: bigint) =>
    decisionId(await ledger.grants.getAddress(), "issueWholeGrant", ["uint32", GRANT_TERMS_TYPE, "uint256"], [operator, wholeTerms, salt]);
  let approvals: bigint[] = [];
  let wholeGrant = 0n;
  for (const salt of [0n, 1n]) {
    const id = await wholeDecision(salt);
    approvals = [await gasOf(o.approveDecision(id)), await gasOf(ledger.organizations.connect(official2).approveDecision(id))];
    wholeGrant = await gasOf(ledger.grants.connect(official1).issueWholeGrant(operator, wholeTerms, salt));
  }
  const wholeGrantId = 1;
  // The same decision adopted by k=2 officials' offline signatures in one relayed tx (salts 2 and 3; the second measured, officials' nonces already non-zero).
  let approvalBySignatures = 0n;
  for (const salt of [2n, 3n]) {
    const id = await wholeDecision(salt);
    const deadline = await deadlineIn1Day();
    const signed = await Promise.all(
      [official1, official2].map(async (k) => signDecisionApproval(k, ledger.organizations, id, { nonce: await nextNonce(ledger.organizations, k.address), deadline })),
    );
    approvalBySignatures = await gasOf(ledger.organizations.connect(relayer).approveDecisionBySignatures(id, inOfficialOrder(signed)));
    if (!(await ledger.organizations.isAdopted(id))) throw new Error("decision not adopted by signatures");
  }

  // Applications and scenario grants: two of each (two developers), the second measured.
  const masks = [0b1111_1111n, 0b1111n, 0b11n];
  const a = ledger.applications;
  let steps = { submit: 0n, first: 0n, final: 0n, grant: 0n };
  const directGrants: number[] = [];
  for (const [i, dev] of [developerKey, developer2Key].entries()) {
    const scenario = ethers.id(`scenario-${i}`);
    const submit = await gasOf(a.connect(dev).submit(scenario, resources, masks, ethers.id(`plan-${i}`), Purpose.Commercial, false));
    const id = await a.applicationCount();
    const first = await gasOf(a.connect(operatorKey).firstReview(id, true, ALL_FINDINGS, ethers.id(`first-${i}`)));
    const final = await gasOf(a.connect(official1).finalReview(id, true, ethers.id(`final-${i}`)));
    const start = await time.latest();
    const grant = await gasOf(ledger.grants.connect(operatorKey).issueScenarioGrant(id, wholeGrantId, termsFrom(start, 365, `scenario-${i}`)));
    steps = { submit, first, final, grant };
    directGrants.push(Number(await ledger.grants.grantCount()));
  }
  const grantId = directGrants[1];
  const grant = await ledger.grants.grant(grantId);

  // Signed scenario grants: the operator signs issueScenarioGrant offline, a relayer submits it. Scenarios 2 and 3
  // (developers 1 and 2); the first writes the operator's nonce lane from zero, the second is the measured one.
  const signedGrants: bigint[] = [];
  for (const [i, dev] of [[2, developerKey], [3, developer2Key]] as const) {
    const applicationId = await approvedApplication(ledger, { developerKey: dev, operatorKey, bureauKey: official1, scenario: `scenario-${i}`, resources, fieldMasks: masks });
    const data = ledger.grants.interface.encodeFunctionData("issueScenarioGrant", [applicationId, wholeGrantId, termsFrom(await time.latest(), 365, `scenario-${i}`)]);
    const call = await signCall(operatorKey, ledger.grants, data, { nonce: await nextNonce(ledger.grants, operatorKey.address), deadline: await deadlineIn1Day() });
    signedGrants.push(await gasOf(ledger.grants.connect(relayer).executeSigned(...executeSignedArgs(call))));
  }
  const signedGrantId = Number(await ledger.grants.grantCount());
  const signedGrant = await ledger.grants.grant(signedGrantId);
  if (signedGrant.grantee !== BigInt(developer2) || (await ledger.grants.checkAccess(developer2Key.address, signedGrantId, resources[0], 1n, await time.latest())) !== 0n) {
    throw new Error("the relayed grant is not developer 2's live grant");
  }

  const checkAccess = await ledger.grants.checkAccess.estimateGas(developer2Key.address, grantId, resources[0], 0b101n, await time.latest());
  const suspend = await gasOf(ledger.grants.connect(operatorKey).suspendGrant(grantId, ethers.id("suspension")));
  await (await ledger.grants.connect(operatorKey).reinstateGrant(grantId, ethers.id("reinstated"))).wait();
  const revoke = await gasOf(ledger.grants.connect(operatorKey).revokeGrant(grantId, TerminationReason.Breach, ethers.id("revocation")));

  // Products on the first developer's grant, 2 declared sources: two walked, the second measured.
  const productKeys = { developer: developerKey, bureau: official1, security: securityKey };
  await productMeasured(ledger, productKeys, directGrants[0], resources.slice(0, 2), "product-1");
  const product = await productMeasured(ledger, productKeys, directGrants[0], resources.slice(0, 2), "product-2");

  // Supervision of the second developer, reported on by the operator: twice, the second measured.
  const supervisionKeys = { bureau: official1, reporter: operatorKey };
  await supervisionMeasured(ledger, supervisionKeys, developer2, "supervision-1");
  const sup = await supervisionMeasured(ledger, supervisionKeys, developer2, "supervision-2");

  // The operator's annual reports (Art. 31): last year's, then this year's (measured).
  const thisYear = Number(await ledger.supervision.currentYear());
  let annualReport = 0n;
  for (const year of [thisYear - 1, thisYear]) {
    annualReport = await gasOf(ledger.supervision.connect(operatorKey).fileAnnualReport(year, ethers.id(`annual-report:${year}`)));
  }

  // ==== The EAS baseline, same network, same run ====
  const registryArtifact = easArtifact("SchemaRegistry.sol", "SchemaRegistry");
  const easArtifactJson = easArtifact("EAS.sol", "EAS");
  const registry = await new ethers.ContractFactory(registryArtifact.abi, registryArtifact.bytecode, deployer).deploy();
  await registry.waitForDeployment();
  const eas = await new ethers.ContractFactory(easArtifactJson.abi, easArtifactJson.bytecode, deployer).deploy(await registry.getAddress());
  await eas.waitForDeployment();
  const register = async (schema: string) => {
    const receipt = await (await registry.getFunction("register")(schema, ethers.ZeroAddress, true)).wait();
    return { uid: registry.interface.parseLog(receipt!.logs[0])!.args.uid as string, gas: receipt!.gasUsed };
  };
  type GrantRecord = typeof grant;
  const attestationOf = (g: GrantRecord, data: string) => ({ recipient: developer2Key.address, expirationTime: g.end, revocable: true, refUID: ethers.ZeroHash, data, value: 0n });
  const easGasAndUid = async (tx: Promise<unknown>) => {
    const receipt = await (await (tx as Promise<ContractTransactionResponse>)).wait();
    return { gas: receipt!.gasUsed, uid: eas.interface.parseLog(receipt!.logs[0])!.args.uid as string };
  };
  const attestGas = async (schemaUid: string, data: string, g: GrantRecord = grant) =>
    easGasAndUid(eas.getFunction("attest")({ schema: schemaUid, data: attestationOf(g, data) }));
  // Delegated: the operator (attester) signs EAS's Attest typed data at its EAS nonce, the relayer submits.
  const d = await eas.getFunction("eip712Domain")();
  const easDomain = { name: d.name as string, version: d.version as string, chainId: d.chainId as bigint, verifyingContract: d.verifyingContract as string };
  if (TypedDataEncoder.hashDomain(easDomain) !== (await eas.getFunction("getDomainSeparator")())) throw new Error("EAS domain mismatch");
  if (ethers.id(TypedDataEncoder.from(EAS_ATTEST_TYPES).encodeType("Attest")) !== (await eas.getFunction("getAttestTypeHash")())) throw new Error("EAS Attest type mismatch");
  const delegatedAttestGas = async (schemaUid: string, data: string, g: GrantRecord) => {
    const attestation = attestationOf(g, data);
    const attester = operatorKey.address;
    const deadline = await deadlineIn1Day();
    const nonce = (await eas.getFunction("getNonce")(attester)) as bigint;
    const sig = ethers.Signature.from(await operatorKey.signTypedData(easDomain, EAS_ATTEST_TYPES, { attester, schema: schemaUid, ...attestation, nonce, deadline }));
    const request = { schema: schemaUid, data: attestation, signature: { v: sig.v, r: sig.r, s: sig.s }, attester, deadline };
    return easGasAndUid((eas.connect(relayer) as typeof eas).getFunction("attestByDelegation")(request));
  };
  const grantFields = (g: GrantRecord, scenario: string) => [g.grantor, g.grantee, g.parent, ethers.id(scenario), resources, masks, g.purpose, g.start, g.end, g.agreementHash, g.feeTermsHash];
  const directRecords = await Promise.all(directGrants.map((id) => ledger.grants.grant(id)));
  const coder = ethers.AbiCoder.defaultAbiCoder();
  // the schema as the brief gives it (dynamic arrays: 19 ABI words), and with fixed-size arrays (15 words), the cheapest ABI form of all the fields
  const dynamic = await register(GRANT_SCHEMA);
  const fixed = await register(GRANT_SCHEMA.replace("uint32[] resources", `uint32[${RESOURCES}] resources`).replace("uint256[] fieldMasks", `uint256[${RESOURCES}] fieldMasks`));
  const dynamicTypes = ["uint32", "uint32", "uint32", "bytes32", "uint32[]", "uint256[]", "uint8", "uint40", "uint40", "bytes32", "bytes32"];
  const fixedTypes = dynamicTypes.map((t) => t.replace("[]", `[${RESOURCES}]`));
  let easAttest = 0n;
  let easAttestFixed = 0n;
  let uid = ethers.ZeroHash;
  for (const i of [0, 1]) {
    const fields = grantFields(directRecords[i], `scenario-${i}`);
    ({ gas: easAttest, uid } = await attestGas(dynamic.uid, coder.encode(dynamicTypes, fields), directRecords[i]));
    ({ gas: easAttestFixed } = await attestGas(fixed.uid, coder.encode(fixedTypes, fields), directRecords[i]));
  }
  // Delegated attestations of the signed grants' fields, in the order of the grants: the first (scenario 2, writes
  // the attester's EAS nonce from zero) and the second (scenario 3, the same data as the measured signed grant).
  const easDelegated: bigint[] = [];
  const easDelegatedFixed: bigint[] = [];
  for (const [i, g] of [[2, await ledger.grants.grant(signedGrantId - 1)], [3, signedGrant]] as const) {
    const fields = grantFields(g, `scenario-${i}`);
    easDelegated.push((await delegatedAttestGas(dynamic.uid, coder.encode(dynamicTypes, fields), g)).gas);
    easDelegatedFixed.push((await delegatedAttestGas(fixed.uid, coder.encode(fixedTypes, fields), g)).gas);
  }
  const easRegister = dynamic.gas;
  // attest gas by data size, to place the ~411k DESIGN.md quotes
  const bare = await register("bytes payload");
  const bySize: [number, bigint][] = [];
  for (const words of [10, 15, 19]) {
    await attestGas(bare.uid, ethers.hexlify(ethers.randomBytes(32 * words)));
    bySize.push([words, (await attestGas(bare.uid, ethers.hexlify(ethers.randomBytes(32 * words)))).gas]);
  }
  const easGet = await eas.getFunction("getAttestation").estimateGas(uid);
  const easRevoke = await gasOf(eas.getFunction("revoke")({ schema: dynamic.uid, data: { uid, value: 0n } }) as Promise<ContractTransactionResponse>);

  // ==== Report ====
  const fullPath = steps.submit + steps.first + steps.final + steps.grant;
  const fmt = (g: bigint) => g.toLocaleString("en");
  const ratio = (ours: bigint, base: bigint) => `${(Number(ours) / Number(base)).toFixed(2)}x`;
  type Row = [string, bigint | undefined, string, bigint | undefined];
  const rows: Row[] = [
    ["register organisation (with first staff key)", registerOrg, "", undefined],
    ["bureau official approves a collective decision (1st of k=2)", approvals[0], "", undefined],
    ["bureau official approves a collective decision (2nd, adopts it)", approvals[1], "", undefined],
    [`collective decision adopted by 2 officials' signatures, one relayed tx (approveDecisionBySignatures; on chain: ${fmt(approvals[0] + approvals[1])} in 2 txs)`, approvalBySignatures, "", undefined],
    ["developer qualification: apply (evidence hashes)", dq.apply, "", undefined],
    ["developer qualification: expert review recorded", dq.review, "", undefined],
    ["developer qualification: bureau's half of the decision", dq.bureauDecision, "", undefined],
    ["developer qualification: operator's half (opens the notice)", dq.operatorDecision, "", undefined],
    ["developer qualification: activate (agreement, commitment)", dq.activate, "", undefined],
    ["register resource", registerRes, "", undefined],
    ["submit application (3 resources)", steps.submit, "", undefined],
    ["first review (operator)", steps.first, "", undefined],
    ["final review (bureau)", steps.final, "", undefined],
    ["whole grant (the issue tx, after the 2 approvals above)", wholeGrant, "", undefined],
    ["scenario grant (3 resources), all checks", steps.grant, "EAS attest, same fields (schema as given: dynamic arrays, 19 words)", easAttest],
    ["scenario grant (3 resources), all checks", steps.grant, "EAS attest, same fields (fixed-size arrays, 15 words)", easAttestFixed],
    ["signed scenario grant, relayed (executeSigned), 1st: writes the operator's nonce lane", signedGrants[0], "EAS attestByDelegation, 1st of the attester: writes its nonce (schema as given)", easDelegated[0]],
    ["signed scenario grant, relayed (executeSigned), 2nd", signedGrants[1], "EAS attestByDelegation, same fields (schema as given: dynamic arrays, 19 words)", easDelegated[1]],
    ["signed scenario grant, relayed (executeSigned), 2nd", signedGrants[1], "EAS attestByDelegation, same fields (fixed-size arrays, 15 words)", easDelegatedFixed[1]],
    ["suspend grant", suspend, "", undefined],
    ["revoke grant", revoke, "EAS revoke", easRevoke],
    ["product: register (2 declared sources)", product.register, "", undefined],
    ["product: apply for release", product.apply, "", undefined],
    ["product: bureau review (5 checks pass)", product.bureauReview, "", undefined],
    ["product: security review (5 checks pass, publishes)", product.securityReview, "", undefined],
    ["product: record registration number", product.registration, "", undefined],
    ["product: suspend", product.suspend, "", undefined],
    ["supervision: record evaluation (security inspection)", sup.evaluation, "", undefined],
    ["supervision: report incident", sup.incident, "", undefined],
    ["supervision: issue rectification order (suspends the organisation)", sup.order, "", undefined],
    ["supervision: confirm rectification (reinstates it)", sup.confirm, "", undefined],
    ["operator files annual report", annualReport, "", undefined],
    ["checkAccess (eth_estimateGas)", checkAccess, "EAS getAttestation (eth_estimateGas; no tree, party or scope check)", easGet],
    ["full path: submit + first + final review + scenario grant", fullPath, "EAS attest, schema as given (records only the grant: no application, reviews or checks)", easAttest],
    ["EAS schema registration (one-off)", undefined, "EAS SchemaRegistry.register", easRegister],
  ];
  const solc = hre.config.solidity.compilers[0];
  console.log(`Contract gas, in-process Hardhat network "${hre.network.name}" (hardfork ${hre.config.networks.hardhat.hardfork}), solc ${solc.version}, optimizer ${JSON.stringify(solc.settings.optimizer)}, evm ${solc.settings.evmVersion}`);
  console.log(`EAS ${require("@ethereum-attestation-service/eas-contracts/package.json").version} from its shipped artifacts; schema: "${GRANT_SCHEMA}"`);
  console.log(`date ${new Date().toISOString()}, nproc ${execSync("nproc").toString().trim()}, node ${process.version}\n`);
  console.log("| operation | our gas | EAS baseline | EAS gas | ours / EAS |");
  console.log("| --- | ---: | --- | ---: | ---: |");
  for (const [op, ours, what, base] of rows) {
    console.log(`| ${op} | ${ours === undefined ? "-" : fmt(ours)} | ${what || "-"} | ${base === undefined ? "-" : fmt(base)} | ${ours !== undefined && base !== undefined ? ratio(ours, base) : "-"} |`);
  }
  console.log("");
  const target = (what: string, ours: bigint, factor: number, label: string, base: bigint) =>
    console.log(`Target ${what} <= ${factor}x ${label}: ${fmt(ours)} vs ${fmt(base)} = ${ratio(ours, base)} -> ${Number(ours) <= factor * Number(base) ? "met" : "NOT met"}`);
  for (const [label, base] of [["EAS attest, schema as given", easAttest], ["EAS attest, fixed-size arrays", easAttestFixed], ["the ~411k DESIGN.md quotes", 411_000n]] as const) {
    target("scenario grant", steps.grant, 0.5, label, base);
  }
  for (const [label, base] of [["EAS attestByDelegation, schema as given", easDelegated[1]], ["EAS attestByDelegation, fixed-size arrays", easDelegatedFixed[1]]] as const) {
    target("signed (relayed) scenario grant", signedGrants[1], 0.55, label, base);
  }
  console.log(
    `Signed grant, first (writes the nonce lane): ${fmt(signedGrants[0])} vs EAS's first delegated attestation ${fmt(easDelegated[0])} = ${ratio(signedGrants[0], easDelegated[0])}; ` +
      `relaying costs ${fmt(signedGrants[1] - steps.grant)} over the direct grant (signature check, nonce, calldata).`,
  );
  console.log(
    `Collective decision, k=2: by signatures ${fmt(approvalBySignatures)} in one tx vs ${fmt(approvals[0] + approvals[1])} in two on-chain approveDecision txs = ${ratio(approvalBySignatures, approvals[0] + approvals[1])}`,
  );
  console.log(`EAS attest gas by attestation data size (schema "bytes payload"): ${bySize.map(([w, g]) => `${w} words ${fmt(g)}`).join(", ")}`);
  console.log(
    `Full path (application, two reviews, grant: ${RESOURCES} resources) ${fmt(fullPath)} gas = ${ratio(fullPath, easAttest)} of one EAS attest; ` +
      "EAS records only the final grant and runs none of the procedure's checks.",
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * Gas of the ledger's main operations, beside the Ethereum Attestation Service doing the nearest
 * equivalent, both on the in-process Hardhat network in the same run:
 *   npm run bench:gas
 * EAS is deployed from the artifacts shipped in @ethereum-attestation-service/eas-contracts
 * (SchemaRegistry, then EAS(schemaRegistry)), with a schema carrying the same fields as our scenario
 * grant. Every figure is a receipt's gasUsed (21,000 intrinsic and calldata included) except the two
 * views, which are eth_estimateGas of a call. Each measured operation is the second of its kind, so
 * one-off first writes (zero-to-non-zero counters) are not counted on either side.
 */
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import path from "node:path";
import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, InterfaceAbi, Signer } from "ethers";
import { deployLedger, type Ledger } from "../lib/ledger";
import {
  ALL_CLAUSES,
  ALL_FINDINGS,
  DAY,
  GRANT_TERMS_TYPE,
  OrgKind,
  Purpose,
  TerminationReason,
  decisionId,
  evidenceOf,
  qualifyOperator,
  registerOrganization,
  registerResource,
  termsFrom,
} from "../lib/procedures";

const EAS_ARTIFACTS = path.join(path.dirname(require.resolve("@ethereum-attestation-service/eas-contracts/package.json")), "artifacts/contracts");
/** The scenario grant's fields as an EAS schema. */
const GRANT_SCHEMA =
  "uint32 grantor,uint32 grantee,uint32 parent,bytes32 scenario,uint32[] resources,uint256[] fieldMasks,uint8 purpose,uint40 start,uint40 end,bytes32 agreementHash,bytes32 feeTermsHash";
const RESOURCES = 3;

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
  const [deployer, official1, official2, official3, source, operatorKey, developerKey, developer2Key] = signers;
  const officials = [official1, official2, official3];
  const { ledger } = await deployLedger(deployer, {
    name: "区大数据主管部门",
    creditCodeHash: ethers.id("bureau"),
    officials: await Promise.all(officials.map((o) => o.getAddress())),
    threshold: 2,
  });
  const o = ledger.organizations.connect(official1);

  // Organisations: the second registration is the measured one.
  await registerOrganization(ledger, official1, OrgKind.DataSource, "区市场监管局", source.address);
  const registerOrg = await gasOf(o.registerOrganization(OrgKind.Operator, "数据运营公司", ethers.id("credit:operator"), operatorKey.address));
  const operator = Number(await ledger.organizations.organizationCount());
  await registerOrganization(ledger, official1, OrgKind.Developer, "某银行", developerKey.address);
  await registerOrganization(ledger, official1, OrgKind.Developer, "某保险", developer2Key.address);

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
  let approvals: bigint[] = [];
  let wholeGrant = 0n;
  for (const salt of [0n, 1n]) {
    const wholeDecision = decisionId(await ledger.grants.getAddress(), "issueWholeGrant", ["uint32", GRANT_TERMS_TYPE, "uint256"], [operator, wholeTerms, salt]);
    approvals = [await gasOf(o.approveDecision(wholeDecision)), await gasOf(ledger.organizations.connect(official2).approveDecision(wholeDecision))];
    wholeGrant = await gasOf(ledger.grants.connect(official1).issueWholeGrant(operator, wholeTerms, salt));
  }
  const wholeGrantId = 1;

  // Applications and scenario grants: two of each (two developers), the second measured.
  const masks = [0b1111_1111n, 0b1111n, 0b11n];
  const a = ledger.applications;
  let steps = { submit: 0n, first: 0n, final: 0n, grant: 0n };
  for (const [i, dev] of [developerKey, developer2Key].entries()) {
    const scenario = ethers.id(`scenario-${i}`);
    const submit = await gasOf(a.connect(dev).submit(scenario, resources, masks, ethers.id(`plan-${i}`), Purpose.Commercial, false));
    const id = await a.applicationCount();
    const first = await gasOf(a.connect(operatorKey).firstReview(id, true, ALL_FINDINGS, ethers.id(`first-${i}`)));
    const final = await gasOf(a.connect(official1).finalReview(id, true, ethers.id(`final-${i}`)));
    const start = await time.latest();
    const grant = await gasOf(ledger.grants.connect(operatorKey).issueScenarioGrant(id, wholeGrantId, termsFrom(start, 365, `scenario-${i}`)));
    steps = { submit, first, final, grant };
  }
  const grantId = Number(await ledger.grants.grantCount());
  const grant = await ledger.grants.grant(grantId);

  const checkAccess = await ledger.grants.checkAccess.estimateGas(developer2Key.address, grantId, resources[0], 0b101n, await time.latest());
  const suspend = await gasOf(ledger.grants.connect(operatorKey).suspendGrant(grantId, ethers.id("suspension")));
  await (await ledger.grants.connect(operatorKey).reinstateGrant(grantId, ethers.id("reinstated"))).wait();
  const revoke = await gasOf(ledger.grants.connect(operatorKey).revokeGrant(grantId, TerminationReason.Breach, ethers.id("revocation")));

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
  const attestGas = async (schemaUid: string, data: string) => {
    const request = { schema: schemaUid, data: { recipient: developer2Key.address, expirationTime: grant.end, revocable: true, refUID: ethers.ZeroHash, data, value: 0n } };
    const receipt = await (await eas.getFunction("attest")(request)).wait();
    return { gas: receipt!.gasUsed, uid: eas.interface.parseLog(receipt!.logs[0])!.args.uid as string };
  };
  const grantFields = (i: number) => [grant.grantor, grant.grantee + BigInt(i), grant.parent, ethers.id(`scenario-${i}`), resources, masks, grant.purpose, grant.start, grant.end, grant.agreementHash, grant.feeTermsHash];
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
    ({ gas: easAttest, uid } = await attestGas(dynamic.uid, coder.encode(dynamicTypes, grantFields(i))));
    ({ gas: easAttestFixed } = await attestGas(fixed.uid, coder.encode(fixedTypes, grantFields(i))));
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
    ["suspend grant", suspend, "", undefined],
    ["revoke grant", revoke, "EAS revoke", easRevoke],
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
  for (const [label, base] of [["EAS attest, schema as given", easAttest], ["EAS attest, fixed-size arrays", easAttestFixed], ["the ~411k DESIGN.md quotes", 411_000n]] as const) {
    const met = Number(steps.grant) <= 0.5 * Number(base);
    console.log(`Target scenario grant <= 0.5x ${label}: ${fmt(steps.grant)} vs ${fmt(base)} = ${ratio(steps.grant, base)} -> ${met ? "met" : "NOT met"}`);
  }
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

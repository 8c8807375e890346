/**
 * A district on a real local chain (anvil) over JSON-RPC, for the gateway's end-to-end tests and its
 * benchmark (on a chain from test/helpers/anvil.ts): the ledger deployed, deployments written, the
 * operator and a developer qualified, resources open, and scenario grants issued.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ethers, type HDNodeWallet, type JsonRpcProvider, type Signer } from "ethers";
import { anvilAccount as account } from "../../../scripts/lib/anvil";
import { writeDeployment } from "../../../scripts/lib/deployments";
import { deployLedger } from "../../../scripts/lib/ledger";
import { type Ledger } from "../../../server/chain/ledger";
import { approvedApplication, issueScenarioGrant, issueWholeGrant, latestTime, qualifyDeveloper, qualifyOperator, registerOrganization, registerResource, termsFrom } from "../../../scripts/lib/procedures";
import { OrgKind, Purpose } from "../../../server/vocabulary";
import { CHAIN_ID } from "../../helpers/anvil";

const ROOT = path.resolve(__dirname, "../../..");

const readArtifact = async (name: string): Promise<{ abi: unknown[] }> =>
  JSON.parse(await readFile(path.join(ROOT, "artifacts/contracts", `${name}.sol`, `${name}.json`), "utf8")) as { abi: unknown[] };

export interface District {
  readonly ledger: Ledger;
  readonly deploymentsDir: string;
  readonly network: string;
  readonly keys: {
    readonly official: HDNodeWallet;
    readonly operator: HDNodeWallet;
    readonly developer: HDNodeWallet;
    /** A developer organisation that never qualified. */
    readonly unqualified: HDNodeWallet;
    readonly supervisor: HDNodeWallet;
    readonly source: HDNodeWallet;
    /** Staff of an organisation the bureau suspended. */
    readonly suspended: HDNodeWallet;
  };
  readonly orgs: { readonly operator: number; readonly developer: number; readonly unqualified: number; readonly supervisor: number; readonly source: number; readonly suspended: number };
  readonly resources: readonly number[];
  readonly wholeGrant: number;
  /** Commercial, 365 days, resources 0 (fields 0b111) and 1 (0b11). */
  readonly grant: number;
  readonly scenario: string;
  /** Public-interest, 30 days, resource 0 field 0. */
  readonly shortGrant: number;
  readonly shortScenario: string;
  readonly advanceTime: (seconds: number) => Promise<void>;
  /** The node's log, registered on AccessLogAnchor, anchored by an operator staff key of its own. */
  readonly log: { readonly origin: string; readonly logId: number; readonly anchoringKey: string };
}

/** Deploys the ledger on `provider`'s chain and walks the district through the real procedures. */
export async function buildDistrict(provider: JsonRpcProvider, deploymentsDir: string, origin: string, network = "gateway-e2e"): Promise<District> {
  const wallet = (i: number) => account(i).connect(provider);
  const [deployer, official1, official2, official3, source, operator, developer, unqualified, supervisor, suspended] = Array.from({ length: 10 }, (_, i) => wallet(i));
  const officials: Signer[] = [official1, official2, official3];
  const advanceTime = async (seconds: number) => {
    await provider.send("evm_increaseTime", [seconds]);
    await provider.send("evm_mine", []);
  };
  const { ledger, deployed } = await deployLedger(deployer, {
    name: "区大数据主管部门",
    creditCodeHash: ethers.id("bureau"),
    officials: [official1.address, official2.address, official3.address],
    threshold: 2,
  });
  await writeDeployment(network, CHAIN_ID, deployed, readArtifact, deploymentsDir);
  const reg = (kind: number, name: string, key: HDNodeWallet) => registerOrganization(ledger, official1, kind, name, key.address);
  const orgs = {
    source: await reg(OrgKind.DataSource, "区市场监管局", source),
    operator: await reg(OrgKind.Operator, "数据运营公司", operator),
    developer: await reg(OrgKind.Developer, "某银行", developer),
    unqualified: await reg(OrgKind.Developer, "某保险", unqualified),
    supervisor: await reg(OrgKind.BusinessSupervisor, "区发改局", supervisor),
    suspended: await reg(OrgKind.Developer, "某暂停单位", suspended),
  };
  const anchoring = account(10);
  await (await ledger.organizations.connect(operator).addStaffKey(orgs.operator, anchoring.address)).wait();
  await (await ledger.anchors.connect(official1).registerLog(origin, orgs.operator, anchoring.address)).wait();
  await (await ledger.organizations.connect(official1).suspendOrganization(orgs.suspended, ethers.id("rectification"))).wait();
  await qualifyOperator(ledger, { officials, operatorKey: operator, advanceTime });
  const resources = [
    await registerResource(ledger, source, "enterprise-registration", { fieldCount: 12, classification: 2 }),
    await registerResource(ledger, source, "enterprise-credit", { fieldCount: 8, classification: 3 }),
    await registerResource(ledger, source, "enterprise-tax-grade", { fieldCount: 5, classification: 3 }),
  ];
  await (await ledger.catalog.connect(official1).setOperationScope(resources, true)).wait();
  for (const r of resources) await (await ledger.catalog.connect(operator).setOpenForDevelopment(r, true)).wait();
  const wholeGrant = await issueWholeGrant(ledger, { officials, operator: orgs.operator, terms: termsFrom(await latestTime(ledger), 4 * 365, "whole") });
  await qualifyDeveloper(ledger, { bureauKey: official1, operatorKey: operator, developerKey: developer, advanceTime });

  const scenario = "inclusive-finance-credit";
  const application = await approvedApplication(ledger, {
    developerKey: developer,
    operatorKey: operator,
    bureauKey: official1,
    scenario,
    resources: resources.slice(0, 2),
    fieldMasks: [0b111n, 0b11n],
  });
  const grant = await issueScenarioGrant(ledger, { operatorKey: operator, applicationId: application, parentId: wholeGrant, terms: termsFrom(await latestTime(ledger), 365, scenario) });

  const shortScenario = "public-health-pilot";
  const shortApplication = await approvedApplication(ledger, {
    developerKey: developer,
    operatorKey: operator,
    bureauKey: official1,
    scenario: shortScenario,
    resources: [resources[0]],
    fieldMasks: [0b1n],
    purpose: Purpose.PublicInterest,
  });
  const shortGrant = await issueScenarioGrant(ledger, {
    operatorKey: operator,
    applicationId: shortApplication,
    parentId: wholeGrant,
    terms: termsFrom(await latestTime(ledger), 30, shortScenario),
  });
  return {
    ledger,
    deploymentsDir,
    network,
    keys: { official: official1, operator, developer, unqualified, supervisor, source, suspended },
    orgs,
    resources,
    wholeGrant,
    grant,
    scenario: ethers.id(scenario),
    shortGrant,
    shortScenario: ethers.id(shortScenario),
    advanceTime,
    log: { origin, logId: 1, anchoringKey: anchoring.privateKey },
  };
}

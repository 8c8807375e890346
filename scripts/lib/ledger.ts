import type { Signer } from "ethers";
import { LEDGER_FACTORIES as F, type Ledger, type LedgerContractName } from "../../server/chain/ledger";

export interface BureauSetup {
  name: string;
  /** Hash of the bureau's unified social credit code. */
  creditCodeHash: string;
  officials: string[];
  threshold: number;
}

export interface DeployedContract {
  name: LedgerContractName;
  address: string;
  blockNumber: number;
}

/**
 * Deploys and wires the ledger in dependency order; reports each contract's address and deployment block.
 * One wiring step needs the bureau afterwards: a collective decision authorizing `Supervision` to suspend
 * organisations and revoke qualifications (`authorizeLedgerContract`, see scripts/lib/procedures.ts).
 */
export async function deployLedger(
  deployer: Signer,
  bureau: BureauSetup,
): Promise<{ ledger: Ledger; deployed: DeployedContract[] }> {
  const deployed: DeployedContract[] = [];
  async function record<T extends { waitForDeployment(): Promise<unknown>; getAddress(): Promise<string>; deploymentTransaction(): { wait(): Promise<{ blockNumber: number } | null> } | null }>(
    name: LedgerContractName,
    contract: T,
  ): Promise<T> {
    await contract.waitForDeployment();
    const receipt = await contract.deploymentTransaction()?.wait();
    deployed.push({ name, address: await contract.getAddress(), blockNumber: receipt?.blockNumber ?? 0 });
    return contract;
  }

  const organizations = await record(
    "OrganizationRegistry",
    await new F.OrganizationRegistry(deployer).deploy(bureau.name, bureau.creditCodeHash, bureau.officials, bureau.threshold),
  );
  const qualifications = await record(
    "QualificationRegistry",
    await new F.QualificationRegistry(deployer).deploy(organizations),
  );
  const catalog = await record("DataCatalog", await new F.DataCatalog(deployer).deploy(organizations, qualifications));
  const applications = await record(
    "DataApplications",
    await new F.DataApplications(deployer).deploy(organizations, qualifications, catalog),
  );
  const grants = await record(
    "GrantRegistry",
    await new F.GrantRegistry(deployer).deploy(organizations, qualifications, catalog, applications),
  );
  const products = await record(
    "ProductRegistry",
    await new F.ProductRegistry(deployer).deploy(organizations, grants, applications),
  );
  const supervision = await record("Supervision", await new F.Supervision(deployer).deploy(organizations, qualifications));
  const anchors = await record("AccessLogAnchor", await new F.AccessLogAnchor(deployer).deploy(organizations));
  return {
    ledger: { organizations, qualifications, catalog, applications, grants, products, supervision, anchors },
    deployed,
  };
}

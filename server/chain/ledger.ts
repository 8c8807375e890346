import type { ContractRunner, Interface } from "ethers";
import {
  AccessLogAnchor__factory,
  DataApplications__factory,
  DataCatalog__factory,
  GrantRegistry__factory,
  OrganizationRegistry__factory,
  ProductRegistry__factory,
  QualificationRegistry__factory,
  Supervision__factory,
} from "../../typechain-types";

/*
 * The one list of the ledger's contracts: each name as deployments/<network>/ records it, with its
 * typechain factory, in deployment order. Scripts, the CLI, the node and the tests take it from here.
 */

export const LEDGER_FACTORIES = {
  OrganizationRegistry: OrganizationRegistry__factory,
  QualificationRegistry: QualificationRegistry__factory,
  DataCatalog: DataCatalog__factory,
  DataApplications: DataApplications__factory,
  GrantRegistry: GrantRegistry__factory,
  ProductRegistry: ProductRegistry__factory,
  Supervision: Supervision__factory,
  AccessLogAnchor: AccessLogAnchor__factory,
} as const;

export type LedgerContractName = keyof typeof LEDGER_FACTORIES;
export type ContractOf<N extends LedgerContractName> = ReturnType<(typeof LEDGER_FACTORIES)[N]["connect"]>;

/** The contract names in deployment order. */
export const LEDGER_CONTRACTS = Object.keys(LEDGER_FACTORIES) as readonly LedgerContractName[];

/** The contract behind each field of `Ledger`, as deployments/<network>/ names it. */
export const LEDGER_CONTRACT_NAMES = {
  organizations: "OrganizationRegistry",
  qualifications: "QualificationRegistry",
  catalog: "DataCatalog",
  applications: "DataApplications",
  grants: "GrantRegistry",
  products: "ProductRegistry",
  supervision: "Supervision",
  anchors: "AccessLogAnchor",
} as const satisfies Record<string, LedgerContractName>;

type LedgerField = keyof typeof LEDGER_CONTRACT_NAMES;

/** The deployed ledger: one contract per domain, wired to the organisation registry. */
export type Ledger = { [F in LedgerField]: ContractOf<(typeof LEDGER_CONTRACT_NAMES)[F]> };

export function isLedgerContractName(name: string): name is LedgerContractName {
  return Object.prototype.hasOwnProperty.call(LEDGER_FACTORIES, name);
}

/** One contract at an address. */
export function connectContract<N extends LedgerContractName>(name: N, address: string, runner: ContractRunner | null): ContractOf<N> {
  return LEDGER_FACTORIES[name].connect(address, runner) as ContractOf<N>;
}

/** The ABI interface of a ledger contract. */
export function contractInterface(name: LedgerContractName): Interface {
  return LEDGER_FACTORIES[name].createInterface() as unknown as Interface;
}

/** The whole ledger, each contract at the address `addressOf` gives its name. */
export async function connectLedgerAt(addressOf: (name: LedgerContractName) => string | Promise<string>, runner: ContractRunner | null): Promise<Ledger> {
  const fields = Object.keys(LEDGER_CONTRACT_NAMES) as LedgerField[];
  const entries = await Promise.all(fields.map(async (field) => [field, connectContract(LEDGER_CONTRACT_NAMES[field], await addressOf(LEDGER_CONTRACT_NAMES[field]), runner)] as const));
  return Object.fromEntries(entries) as Ledger;
}

import type {
  AccessLogAnchor,
  DataApplications,
  DataCatalog,
  GrantRegistry,
  OrganizationRegistry,
  ProductRegistry,
  QualificationRegistry,
  Supervision,
} from "../../typechain-types";

/** The deployed ledger: one contract per domain, wired to the organisation registry. */
export interface Ledger {
  organizations: OrganizationRegistry;
  qualifications: QualificationRegistry;
  catalog: DataCatalog;
  applications: DataApplications;
  grants: GrantRegistry;
  products: ProductRegistry;
  supervision: Supervision;
  anchors: AccessLogAnchor;
}

export type LedgerContractName =
  | "OrganizationRegistry"
  | "QualificationRegistry"
  | "DataCatalog"
  | "DataApplications"
  | "GrantRegistry"
  | "ProductRegistry"
  | "Supervision"
  | "AccessLogAnchor";

/** The contract behind each field of `Ledger`, as deployments/<network>/ names it. */
export const LEDGER_CONTRACT_NAMES: Readonly<Record<keyof Ledger, LedgerContractName>> = {
  organizations: "OrganizationRegistry",
  qualifications: "QualificationRegistry",
  catalog: "DataCatalog",
  applications: "DataApplications",
  grants: "GrantRegistry",
  products: "ProductRegistry",
  supervision: "Supervision",
  anchors: "AccessLogAnchor",
};

import type { Provider } from "ethers";
import { TdlError } from "../errors";
import type { Deployments } from "./deployments";
import { allFields, readGrant, readOrganization, readProduct, readResource, toHexMask, type DisclosureContracts } from "./disclosure-records";
import type { Disclosure } from "./disclosure-types";
import { connectContract } from "./ledger";
import { onChain } from "./revert";

/*
 * The public disclosure (Art. 16, 31; R21) read straight from the chain: organisations with their
 * qualification terms, grants with scope and term, products, and the catalog's metadata. The chain
 * holds hashes where the law keeps documents off chain (agreements, metadata, credit codes); they are
 * disclosed as the hashes they are. One snapshot of everything is read at a time and kept for a short
 * while, so a burst of public requests costs one round of chain reads.
 */

export { DISCLOSURE_ENUMS } from "./disclosure-records";
export type * from "./disclosure-types";

export interface DisclosureReader {
  /** The latest snapshot, read again when older than the cache bound. Rejects with CHAIN_UNAVAILABLE when the chain cannot answer. */
  snapshot(): Promise<Disclosure>;
}

export interface DisclosureAddresses {
  readonly organizationRegistry: string;
  readonly qualificationRegistry: string;
  readonly dataCatalog: string;
  readonly dataApplications: string;
  readonly grantRegistry: string;
  readonly productRegistry: string;
}

export interface DisclosureReaderOptions {
  readonly provider: Provider;
  readonly addresses: DisclosureAddresses;
  /** How long a snapshot is served before the chain is read again. Default 5,000 ms. */
  readonly cacheMs?: number;
  /** Chain calls in flight at once while reading a snapshot. Default 16. */
  readonly concurrency?: number;
  readonly clock?: { now(): number };
}

/** The contract addresses the disclosure reads, from deployments/. */
export async function disclosureAddressesOf(deployments: Deployments): Promise<DisclosureAddresses> {
  const address = async (name: string): Promise<string> => (await deployments.contract(name)).address;
  const [organizationRegistry, qualificationRegistry, dataCatalog, dataApplications, grantRegistry, productRegistry] = await Promise.all(
    ["OrganizationRegistry", "QualificationRegistry", "DataCatalog", "DataApplications", "GrantRegistry", "ProductRegistry"].map(address),
  );
  return { organizationRegistry, qualificationRegistry, dataCatalog, dataApplications, grantRegistry, productRegistry };
}

/** 1..count mapped with at most `limit` calls in flight, results in id order. */
async function eachId<T>(count: number, limit: number, read: (id: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 1;
  const worker = async (): Promise<void> => {
    while (next <= count) {
      const id = next++;
      out[id - 1] = await read(id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

export function createDisclosureReader(options: DisclosureReaderOptions): DisclosureReader {
  const { provider, addresses } = options;
  const cacheMs = options.cacheMs ?? 5000;
  const limit = options.concurrency ?? 16;
  const clock = options.clock ?? { now: () => Date.now() };
  const contracts: DisclosureContracts = {
    organizations: connectContract("OrganizationRegistry", addresses.organizationRegistry, provider),
    qualifications: connectContract("QualificationRegistry", addresses.qualificationRegistry, provider),
    catalog: connectContract("DataCatalog", addresses.dataCatalog, provider),
    applications: connectContract("DataApplications", addresses.dataApplications, provider),
    grants: connectContract("GrantRegistry", addresses.grantRegistry, provider),
    products: connectContract("ProductRegistry", addresses.productRegistry, provider),
  };

  async function read(): Promise<Disclosure> {
    const block = await onChain("eth_getBlockByNumber(latest)", () => provider.getBlock("latest"));
    if (block === null) throw new TdlError("CHAIN_UNAVAILABLE", "the chain returned no latest block");
    const at = block.timestamp;
    const [orgCount, resourceCount, grantCount, productCount] = (
      await Promise.all([
        onChain("OrganizationRegistry.organizationCount", () => contracts.organizations.organizationCount()),
        onChain("DataCatalog.resourceCount", () => contracts.catalog.resourceCount()),
        onChain("GrantRegistry.grantCount", () => contracts.grants.grantCount()),
        onChain("ProductRegistry.productCount", () => contracts.products.productCount()),
      ])
    ).map(Number);

    const orgs = await eachId(orgCount, limit, (id) => readOrganization(contracts, id, at));
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    const nameOfOrg = (id: number): string | null => names.get(id) ?? null;
    const resources = (await eachId(resourceCount, limit, (id) => readResource(contracts, id))).map((r) => ({ ...r, sourceName: nameOfOrg(r.source) }));
    const inScope = resources
      .filter((r) => r.inOperationScope)
      .map((r) => ({ resourceId: r.id, fieldMask: toHexMask(allFields(r.fieldCount)), fieldCount: r.fieldCount }));
    const grantList = (await eachId(grantCount, limit, (id) => readGrant(contracts, id, at, inScope))).map((g) => ({
      ...g,
      grantorName: nameOfOrg(g.grantor),
      granteeName: nameOfOrg(g.grantee),
    }));
    const productList = (await eachId(productCount, limit, (id) => readProduct(contracts, id, at))).map((p) => ({ ...p, developerName: nameOfOrg(p.developer) }));
    return { block: { number: block.number, timestamp: at }, organizations: orgs, grants: grantList, products: productList, resources };
  }

  let cached: { at: number; value: Disclosure } | undefined;
  let reading: Promise<Disclosure> | undefined;

  return {
    snapshot() {
      if (cached && clock.now() - cached.at < cacheMs) return Promise.resolve(cached.value);
      // concurrent requests share one read; a failed read is not kept
      reading ??= read()
        .then((value) => {
          cached = { at: clock.now(), value };
          return value;
        })
        .finally(() => {
          reading = undefined;
        });
      return reading;
    },
  };
}

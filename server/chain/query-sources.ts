import type { Provider } from "ethers";
import { Parameter } from "../vocabulary";
import { connectContract } from "./ledger";
import { grantRecord, readApplicationScope, type ScopedField } from "./records";
import { onChain } from "./revert";

/*
 * The chain side of a query's scope (server/gateway/query-scope.ts): a grant's resources with the field
 * masks its approved application holds (Art. 18), each resource's classification from its current catalog
 * version, its published dataset versions (the latest, or one named; digest and the field list it was checked against) and the
 * k of each classification level (OrganizationRegistry parameters MinGroupLevel1..4, R24).
 *
 * `atLatestBlock()` (once per query) reads the latest block's number and gives the reads made at that block,
 * remembered for it, since state at a block never changes: a query costs one eth_blockNumber while no block
 * arrives, and still sees a version published a block ago. The plain reads are made at the latest state.
 */

export interface ChainScopeOptions {
  readonly provider: Provider;
  readonly addresses: {
    readonly grantRegistry: string;
    readonly dataApplications: string;
    readonly dataCatalog: string;
    readonly organizationRegistry: string;
  };
}

export interface ChainScopeReads {
  /** The grant's resources and masks; null for no such grant or the whole grant (application 0). */
  grantResources(grantId: number): Promise<readonly ScopedField[] | null>;
  /** The resource's source department and its current catalog version's classification and field-list hash (0x hex). */
  resourceVersion(resourceId: number): Promise<{ readonly source: number; readonly classification: number; readonly fieldListHash: string }>;
  /** The resource's dataset version `version` (the latest when absent), if it was published. */
  dataset(resourceId: number, version?: number): Promise<{ readonly datasetVersion: number; readonly contentDigest: string; readonly fieldListHash: string } | undefined>;
  /** k for a classification level 1..4: the MinGroupLevel<level> parameter. */
  minGroupSize(classification: number): Promise<number>;
}

export interface ChainScope extends ChainScopeReads {
  /** The same reads, made at the latest block (read now) and remembered while it is the latest. */
  atLatestBlock(): Promise<ChainScopeReads>;
}

/** The k parameter of each classification level; an unknown level gets the strictest. */
const K_PARAMETERS: Readonly<Record<number, number>> = {
  1: Parameter.MinGroupLevel1,
  2: Parameter.MinGroupLevel2,
  3: Parameter.MinGroupLevel3,
  4: Parameter.MinGroupLevel4,
};

type Reads = { [K in keyof ChainScopeReads]: (blockTag: number | "latest", ...args: Parameters<ChainScopeReads[K]>) => ReturnType<ChainScopeReads[K]> };

/** Reads at a block, remembered for the last block asked for (a failed read is tried again). */
function remembered(reads: Reads): (block: number) => ChainScopeReads {
  let current = -1;
  let memo = new Map<string, Promise<unknown>>();
  return (block) => {
    if (block !== current) [current, memo] = [block, new Map()];
    const forget = memo;
    const at = <K extends keyof ChainScopeReads>(name: K) =>
      ((...args: unknown[]) => {
        const key = `${name}|${args.map(String).join("|")}`;
        let read = forget.get(key);
        if (read === undefined) {
          read = (reads[name] as (tag: number, ...a: unknown[]) => Promise<unknown>)(block, ...args);
          read.catch(() => forget.delete(key));
          forget.set(key, read);
        }
        return read;
      }) as ChainScopeReads[K];
    return { grantResources: at("grantResources"), resourceVersion: at("resourceVersion"), dataset: at("dataset"), minGroupSize: at("minGroupSize") };
  };
}

export function createChainScopeReads({ provider, addresses }: ChainScopeOptions): ChainScope {
  const grants = connectContract("GrantRegistry", addresses.grantRegistry, provider);
  const applications = connectContract("DataApplications", addresses.dataApplications, provider);
  const catalog = connectContract("DataCatalog", addresses.dataCatalog, provider);
  const organizations = connectContract("OrganizationRegistry", addresses.organizationRegistry, provider);
  const reads: Reads = {
    async grantResources(blockTag, grantId) {
      const grant = grantRecord(await onChain(`GrantRegistry.grant(${grantId})`, () => grants.grant(grantId, { blockTag })));
      if (grant.status === 0 || grant.application === 0) return null;
      return (await readApplicationScope(applications, grant.application, blockTag)).resources;
    },
    async resourceVersion(blockTag, resourceId) {
      const resource = await onChain(`DataCatalog.resource(${resourceId})`, () => catalog.resource(resourceId, { blockTag }));
      const version = await onChain(`DataCatalog.resourceVersion(${resourceId}, ${resource.version})`, () => catalog.resourceVersion(resourceId, resource.version, { blockTag }));
      return { source: Number(resource.source), classification: Number(version.classification), fieldListHash: version.fieldListHash.toLowerCase() };
    },
    async dataset(blockTag, resourceId, version) {
      const count = Number(await onChain(`DataCatalog.datasetCount(${resourceId})`, () => catalog.datasetCount(resourceId, { blockTag })));
      const wanted = version ?? count;
      if (count === 0 || wanted < 1 || wanted > count) return undefined;
      const record = await onChain(`DataCatalog.dataset(${resourceId}, ${wanted})`, () => catalog.dataset(resourceId, wanted, { blockTag }));
      return { datasetVersion: wanted, contentDigest: record.contentDigest.toLowerCase(), fieldListHash: record.fieldListHash.toLowerCase() };
    },
    async minGroupSize(blockTag, classification) {
      const parameter = K_PARAMETERS[classification] ?? Parameter.MinGroupLevel4;
      return Number(await onChain(`OrganizationRegistry.parameter(${parameter})`, () => organizations.parameter(parameter, { blockTag })));
    },
  };
  const atBlock = remembered(reads);
  return {
    grantResources: (grantId) => reads.grantResources("latest", grantId),
    resourceVersion: (resourceId) => reads.resourceVersion("latest", resourceId),
    dataset: (resourceId, version) => reads.dataset("latest", resourceId, version),
    minGroupSize: (classification) => reads.minGroupSize("latest", classification),
    atLatestBlock: async () => atBlock(await onChain("eth_blockNumber", () => provider.getBlockNumber())),
  };
}

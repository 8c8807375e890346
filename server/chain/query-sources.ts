import type { Provider } from "ethers";
import { DataApplications__factory, DataCatalog__factory, GrantRegistry__factory, OrganizationRegistry__factory } from "../../typechain-types";
import { Parameter } from "../vocabulary";
import { onChain } from "./revert";

/*
 * The chain side of a query's scope (server/gateway/query-scope.ts): a grant's resources with the field
 * masks its approved application holds (Art. 18), each resource's classification from its current catalog
 * version, its latest published dataset version (digest and the field list it was checked against) and the
 * k of each classification level (OrganizationRegistry parameters MinGroupLevel1..4, R24). Every read is live: the policy's cached decision still gates the query,
 * and these reads only say what the query may see.
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
  grantResources(grantId: number): Promise<readonly { readonly resourceId: number; readonly fieldMask: bigint }[] | null>;
  /** The resource's source department and its current catalog version's classification and field-list hash (0x hex). */
  resourceVersion(resourceId: number): Promise<{ readonly source: number; readonly classification: number; readonly fieldListHash: string }>;
  /** The resource's latest dataset version, if any was published. */
  latestDataset(resourceId: number): Promise<{ readonly datasetVersion: number; readonly contentDigest: string; readonly fieldListHash: string } | undefined>;
  /** k for a classification level 1..4: the MinGroupLevel<level> parameter. */
  minGroupSize(classification: number): Promise<number>;
}

/** The k parameter of each classification level; an unknown level gets the strictest. */
const K_PARAMETERS: Readonly<Record<number, number>> = {
  1: Parameter.MinGroupLevel1,
  2: Parameter.MinGroupLevel2,
  3: Parameter.MinGroupLevel3,
  4: Parameter.MinGroupLevel4,
};

export function createChainScopeReads({ provider, addresses }: ChainScopeOptions): ChainScopeReads {
  const grants = GrantRegistry__factory.connect(addresses.grantRegistry, provider);
  const applications = DataApplications__factory.connect(addresses.dataApplications, provider);
  const catalog = DataCatalog__factory.connect(addresses.dataCatalog, provider);
  const organizations = OrganizationRegistry__factory.connect(addresses.organizationRegistry, provider);
  return {
    async grantResources(grantId) {
      const grant = await onChain(`GrantRegistry.grant(${grantId})`, () => grants.grant(grantId));
      const application = Number(grant.application);
      if (Number(grant.status) === 0 || application === 0) return null;
      const basis = await onChain(`DataApplications.grantBasis(${application})`, () => applications.grantBasis(application));
      const resources = basis[4].map(Number);
      const masks = await Promise.all(resources.map((r) => onChain(`DataApplications.fieldMask(${application}, ${r})`, () => applications.fieldMask(application, r))));
      return resources.map((resourceId, i) => ({ resourceId, fieldMask: masks[i] }));
    },
    async resourceVersion(resourceId) {
      const resource = await onChain(`DataCatalog.resource(${resourceId})`, () => catalog.resource(resourceId));
      const version = await onChain(`DataCatalog.resourceVersion(${resourceId}, ${resource.version})`, () => catalog.resourceVersion(resourceId, resource.version));
      return { source: Number(resource.source), classification: Number(version.classification), fieldListHash: version.fieldListHash.toLowerCase() };
    },
    async latestDataset(resourceId) {
      const count = Number(await onChain(`DataCatalog.datasetCount(${resourceId})`, () => catalog.datasetCount(resourceId)));
      if (count === 0) return undefined;
      const version = await onChain(`DataCatalog.dataset(${resourceId}, ${count})`, () => catalog.dataset(resourceId, count));
      return { datasetVersion: count, contentDigest: version.contentDigest.toLowerCase(), fieldListHash: version.fieldListHash.toLowerCase() };
    },
    async minGroupSize(classification) {
      const parameter = K_PARAMETERS[classification] ?? Parameter.MinGroupLevel4;
      return Number(await onChain(`OrganizationRegistry.parameter(${parameter})`, () => organizations.parameter(parameter)));
    },
  };
}

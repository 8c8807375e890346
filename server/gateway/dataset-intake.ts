import { TdlError } from "../errors";
import { parseFieldList, type DatasetFormat, type DatasetStore, type FieldList, type StagedDataset } from "../data";

/**
 * Publishing a dataset version, the node's half (Art. 6–8, R2): staff of the data-source department that is
 * a resource's one source hand the node a file; the node checks it against the field list the resource's
 * current catalog version names (the document must be in this node's document store) and stages it. The
 * department then records the version on chain (DataCatalog.publishDataset) with the digest and row count
 * the node answered; only a version on chain is ever read by a query.
 */

export interface PublishingResource {
  /** The data-source department the catalog names as the resource's one source. */
  readonly source: number;
  /** The current catalog version's field-list hash (0x hex). */
  readonly fieldListHash: string;
}

export interface DatasetIntakeDeps {
  readonly store: DatasetStore;
  /** The resource's source and field-list hash from the catalog; NOT_FOUND for an unknown resource. */
  readonly resource: (resourceId: number) => Promise<PublishingResource>;
  /** A stored document's bytes by hash, when this node holds it. */
  readonly document: (hash: string) => Promise<Uint8Array | undefined>;
}

export interface DatasetIntake {
  /** Refuses (FORBIDDEN) anyone but the resource's source department, before any byte is read. */
  checkPublisher(org: number, resourceId: number): Promise<PublishingResource>;
  /** Checks and stages an uploaded file (in the store's uploads directory) as a version of the resource. */
  stage(resourceId: number, resource: PublishingResource, file: string, format: DatasetFormat): Promise<StagedDataset>;
}

export function createDatasetIntake(deps: DatasetIntakeDeps): DatasetIntake {
  async function fieldListOf(resourceId: number, hash: string): Promise<FieldList> {
    const bytes = await deps.document(hash);
    if (bytes === undefined) {
      throw new TdlError("NOT_FOUND", `this node holds no field-list document ${hash} for resource ${resourceId}: store it first (tdl doc put), so the version can be checked against it (Art. 6–8, R2)`, {
        details: { zh: `本节点没有数据资源 ${resourceId} 的字段清单文件 ${hash}：请先存入（tdl doc put），以便按字段清单核对数据集版本（第六至八条，R2）` },
      });
    }
    return parseFieldList(bytes);
  }
  return {
    async checkPublisher(org, resourceId) {
      const resource = await deps.resource(resourceId);
      if (resource.source !== org) {
        throw new TdlError("FORBIDDEN", `only the data-source department of resource ${resourceId} (organisation ${resource.source}) publishes its dataset versions; you act for organisation ${org} (Art. 6–8)`, {
          details: { zh: `只有数据资源 ${resourceId} 的数源部门（组织 ${resource.source}）可以发布其数据集版本；您代表组织 ${org}（第六至八条）` },
        });
      }
      return resource;
    },
    async stage(resourceId, resource, file, format) {
      const fieldList = await fieldListOf(resourceId, resource.fieldListHash);
      return deps.store.stage({ resourceId, fieldList, fieldListHash: resource.fieldListHash, file, format });
    },
  };
}

import type { QueriedColumn } from "../access";
import type { GrantedResource } from "../data";
import { TdlError } from "../errors";

/**
 * What a grant lets a query read, assembled from the chain and the node's stores: the grant's resources
 * with their field masks (the approved application's, Art. 18), each resource's classification (which sets
 * k, R24), the dataset version a query reads (the catalog's latest, pinned by its content digest) and
 * that version's field list (names and sensitivity, from the field-list document whose hash the version
 * holds: fields are only appended, so a grant's mask bits mean the same fields in every version).
 */

/** One field of a resource's field list, in list order (field i is bit i of a field mask). */
export interface ListedField {
  readonly name: string;
  readonly sensitive: boolean;
  readonly quasiIdentifier?: boolean;
}

/** The reads the scope is built from; the node implements them over the chain, the document store and the dataset store. */
export interface ScopeSources {
  /** The grant's resources and field masks; null when the grant names none (unknown, or the whole grant). */
  grantResources(grantId: number): Promise<readonly { readonly resourceId: number; readonly fieldMask: bigint }[] | null>;
  /** The resource's classification level (1..4) in its current catalog version. */
  classification(resourceId: number): Promise<number>;
  /** The dataset version `version` the catalog records for the resource (the latest when absent), if any. */
  dataset(resourceId: number, version?: number): Promise<{ readonly datasetVersion: number; readonly contentDigest: string; readonly fieldListHash: string } | undefined>;
  /** A field-list document's fields; undefined when this node holds no such document. */
  fieldList(hash: string): Promise<readonly ListedField[] | undefined>;
  /** The engine table holding that version on this node, if staged here. */
  table(resourceId: number, contentDigest: string): Promise<string | undefined>;
  /** k: the least number of source rows an output group summarises, for a classification level (R24). */
  minGroupSize(classification: number): Promise<number>;
  /** The same sources fixed at one chain state, for one query's reads; absent: these are read as they are. */
  snapshot?(): Promise<ScopeSources>;
}

/** A grant's resource as a query sees it. `table` is "" when no dataset version can be read here. */
export interface ScopedResource extends GrantedResource {
  readonly resourceId: number;
  readonly classification: number;
  readonly fieldMask: bigint;
  readonly dataset?: { readonly datasetVersion: number; readonly contentDigest: string };
  /** Why it cannot be read, when it cannot. */
  readonly unavailable?: "FIELD_LIST_NOT_AVAILABLE" | "NO_DATASET_VERSION" | "DATASET_VERSION_UNKNOWN" | "DATASET_NOT_ON_NODE";
  /** The version the query asked for by name, when it named one. */
  readonly versionAsked?: number;
}

export interface GrantScope {
  readonly grantId: number;
  readonly resources: readonly ScopedResource[];
}

/** The alias a developer writes for a resource in SQL: `r` and its catalog id, e.g. `r12`. */
export const resourceAlias = (resourceId: number): string => `r${resourceId}`;

/** The scope of a grant; null when the grant names no resources a query could read. */
/**
 * The grant's resources as a query sees them, each at its latest dataset version or at the version `versions`
 * names for its alias (old versions stay queryable, for reproducibility).
 */
export async function readGrantScope(sources: ScopeSources, grantId: number, versions: Readonly<Record<string, number>> = {}): Promise<GrantScope | null> {
  const granted = await sources.grantResources(grantId);
  if (granted === null) return null;
  const resources = await Promise.all(granted.map(({ resourceId, fieldMask }) => scopedResource(sources, resourceId, fieldMask, versions[resourceAlias(resourceId)])));
  return { grantId, resources };
}

async function scopedResource(sources: ScopeSources, resourceId: number, fieldMask: bigint, version: number | undefined): Promise<ScopedResource> {
  const alias = resourceAlias(resourceId);
  const [classification, latest] = await Promise.all([sources.classification(resourceId), sources.dataset(resourceId, version)]);
  const none = { resourceId, alias, classification, fieldMask, fields: [], table: "", ...(version === undefined ? {} : { versionAsked: version }) };
  if (latest === undefined) return { ...none, unavailable: version === undefined ? "NO_DATASET_VERSION" : "DATASET_VERSION_UNKNOWN" };
  const dataset = { datasetVersion: latest.datasetVersion, contentDigest: latest.contentDigest };
  const [fields, table] = await Promise.all([sources.fieldList(latest.fieldListHash), sources.table(resourceId, latest.contentDigest)]);
  if (fields === undefined) return { ...none, dataset, unavailable: "FIELD_LIST_NOT_AVAILABLE" };
  const listed = fields.map((f, i) => ({ name: f.name, sensitive: f.sensitive, quasiIdentifier: f.quasiIdentifier ?? false, granted: ((fieldMask >> BigInt(i)) & 1n) === 1n }));
  if (table === undefined) return { ...none, dataset, fields: listed, unavailable: "DATASET_NOT_ON_NODE" };
  return { ...none, dataset, fields: listed, table };
}

/** The field mask of the columns a query touched in one resource ("alias.field" names). */
export function touchedMask(resource: ScopedResource, columnsTouched: readonly string[]): bigint {
  let mask = 0n;
  resource.fields.forEach((field, i) => {
    if (columnsTouched.includes(`${resource.alias}.${field.name}`)) mask |= 1n << BigInt(i);
  });
  return mask;
}

/** The columns a query touched ("alias.field") with their resources and quasi-identifier marks, for the risk monitor. */
export function queriedColumns(read: readonly ScopedResource[], columnsTouched: readonly string[]): QueriedColumn[] {
  return read.flatMap((r) => r.fields.filter((f) => columnsTouched.includes(`${r.alias}.${f.name}`)).map((f) => ({ resourceId: r.resourceId, field: f.name, quasiIdentifier: f.quasiIdentifier ?? false })));
}

/** k for the resources read: the largest of their classifications' minimum group sizes. */
export async function groupSizeFor(sources: ScopeSources, read: readonly ScopedResource[]): Promise<number> {
  const sizes = await Promise.all(read.map((r) => sources.minGroupSize(r.classification)));
  const k = Math.max(...sizes);
  if (!Number.isSafeInteger(k) || k < 1) throw new TdlError("CONFIG_INVALID", `the minimum group size read from the ledger is not a positive integer: ${k}`);
  return k;
}

import { createHmac } from "node:crypto";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Provider } from "ethers";
import type { AccessPolicy, RiskMonitor } from "../access";
import { createProductReads } from "../chain/product-reads";
import { createChainScopeReads, type ChainScopeReads } from "../chain/query-sources";
import { createProductRuns, type ProductRuns } from "../gateway/product-runs";
import { createDatasetStore, openDuckDbEngine, parseFieldList } from "../data";
import { createDatasetIntake } from "../gateway/dataset-intake";
import { createQueryService, type QueryService } from "../gateway/query-service";
import type { ListedField, ScopeSources } from "../gateway/query-scope";
import type { Recorder } from "../gateway/recorder";
import type { AccessLogEntry } from "../log";
import type { DocumentStore } from "../storage/documents";
import type { DatasetRouteDeps } from "../http/dataset-routes";
import type { Closers } from "./node-steps";
import { secretFile } from "./session-secret";

/*
 * The data plane of a node (issue 12): the datasets its source departments publish live in one DuckDB file
 * in the data directory; queries reach them only through the query service, under a grant, recorded by the
 * node's one log writer. The engine may touch no file but its own and the uploads directory.
 */

export interface DataPlaneConfig {
  /** DuckDB's memory ceiling (default "1GB"). */
  readonly memoryLimit?: string;
  /** Engine threads (default 2). */
  readonly threads?: number;
  /** Per-query time limit for developers' queries, ms (default 10,000). */
  readonly queryTimeLimitMs?: number;
  /** Time limit for staging one uploaded version, ms (default 30 minutes). */
  readonly stagingTimeLimitMs?: number;
  /** The largest dataset file accepted, bytes (default 4 GiB). */
  readonly maxUploadBytes?: number;
}

export interface DataPlaneDeps {
  readonly dataDir: string;
  readonly provider: Provider;
  readonly addresses: Parameters<typeof createChainScopeReads>[0]["addresses"] & { readonly productRegistry: string };
  readonly documents: DocumentStore;
  readonly policy: AccessPolicy;
  readonly recorder: Recorder;
  readonly origin: string;
  readonly risk?: RiskMonitor;
  readonly onDecision?: (entry: AccessLogEntry) => void;
}

export interface DataPlane {
  readonly queries: QueryService;
  readonly productRuns: ProductRuns;
  readonly datasets: Omit<DatasetRouteDeps, "sessions">;
}

/**
 * <data>/datasets/tdl.duckdb holds the versions; <data>/datasets/mask.secret the secret each grant's masking key
 * is derived from (kept, so a grant's masked values stay the same across restarts); <data>/uploads/ holds files
 * only while they are staged.
 */
export const dataPlanePaths = (dataDir: string) => {
  const root = path.resolve(dataDir);
  return { database: path.join(root, "datasets", "tdl.duckdb"), maskSecret: path.join(root, "datasets", "mask.secret"), uploads: path.join(root, "uploads") };
};

/** A grant's masking key: HMAC-SHA256 of the node's mask secret over the grant id (64 hex digits). */
export const grantMaskKey = (secret: Uint8Array, grantId: number): string => createHmac("sha256", secret).update(`tdl/mask/v1/grant/${grantId}`).digest("hex");

export async function startDataPlane(config: DataPlaneConfig, deps: DataPlaneDeps, closers: Closers): Promise<DataPlane> {
  const paths = dataPlanePaths(deps.dataDir);
  await mkdir(path.dirname(paths.database), { recursive: true, mode: 0o700 });
  await mkdir(paths.uploads, { recursive: true, mode: 0o700 });
  // an upload interrupted by a stop was never acknowledged: its file goes
  for (const name of await readdir(paths.uploads)) await rm(path.join(paths.uploads, name), { force: true });
  const maskSecret = await secretFile(paths.maskSecret, "masking secret");
  const engine = await openDuckDbEngine({
    path: paths.database,
    memoryLimit: config.memoryLimit ?? "1GB",
    threads: config.threads ?? 2,
    timeLimitMs: config.stagingTimeLimitMs ?? 30 * 60_000,
    allowedDirectories: [paths.uploads],
  });
  closers.push(() => engine.close());
  const store = await createDatasetStore(engine, { uploadsDir: paths.uploads });
  const chain = createChainScopeReads({ provider: deps.provider, addresses: deps.addresses });
  const document = async (hash: string) => (await deps.documents.get(hash))?.bytes;
  const fieldLists = new Map<string, readonly ListedField[]>(); // documents never change under their hash
  const tables = new Map<string, string>(); // nor does a staged version's table
  const sourcesAt = (reads: ChainScopeReads): ScopeSources => ({
    grantResources: (grantId) => reads.grantResources(grantId),
    classification: async (resourceId) => (await reads.resourceVersion(resourceId)).classification,
    dataset: (resourceId, version) => reads.dataset(resourceId, version),
    async fieldList(hash) {
      const known = fieldLists.get(hash);
      if (known !== undefined) return known;
      const bytes = await document(hash);
      if (bytes === undefined) return undefined;
      const fields = parseFieldList(bytes).fields.map((f) => ({ name: f.name, sensitive: f.sensitive, quasiIdentifier: f.quasiIdentifier }));
      fieldLists.set(hash, fields);
      return fields;
    },
    async table(resourceId, digest) {
      const key = `${resourceId}|${digest}`;
      const table = tables.get(key) ?? (await store.table(resourceId, digest));
      if (table !== undefined) tables.set(key, table);
      return table;
    },
    minGroupSize: (classification) => reads.minGroupSize(classification),
  });
  const sources: ScopeSources = { ...sourcesAt(chain), snapshot: async () => sourcesAt(await chain.atLatestBlock()) };
  const queries = createQueryService({
    policy: deps.policy,
    engine,
    sources,
    recorder: deps.recorder,
    origin: deps.origin,
    risk: deps.risk,
    maskKey: (grantId) => grantMaskKey(maskSecret, grantId),
    timeLimitMs: config.queryTimeLimitMs ?? 10_000,
    onDecision: deps.onDecision,
  });
  const intake = createDatasetIntake({ store, resource: (resourceId) => chain.resourceVersion(resourceId), document });
  const productRuns = createProductRuns({ queries, document, product: createProductReads({ provider: deps.provider, addresses: deps.addresses }) });
  return { queries, productRuns, datasets: { intake, uploadsDir: paths.uploads, maxBytes: config.maxUploadBytes } };
}

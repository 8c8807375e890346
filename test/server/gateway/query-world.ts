/**
 * A district on the Hardhat chain (test/contracts/fixtures.ts) with data: the bank's scenario grant covers
 * resource 0 (enterprise registration, fields 0b111) and resource 1 (enterprise credit, fields 0b11); both
 * have a dataset version in an in-memory DuckDB; the real policy, the real recorder on a memory log store.
 */
import { createHash } from "node:crypto";
import { ethers } from "hardhat";
import { createAccessPolicy } from "../../../server/access";
import { createChainGrantReader } from "../../../server/chain/grant-reader";
import { createChainScopeReads } from "../../../server/chain/query-sources";
import { openDuckDbEngine, type DataEngine } from "../../../server/data";
import { createQueryService, type QueryServiceDeps } from "../../../server/gateway/query-service";
import type { ListedField, ScopeSources } from "../../../server/gateway/query-scope";
import { createRecorder } from "../../../server/gateway/recorder";
import { generateNoteKey, parseSignerKey, rfc6962Sha256 } from "../../../server/log";
import { createGroupCommitAppender, createMemoryLogStore } from "../../../server/storage";
import { districtFixture } from "../../contracts/fixtures";

export const ORIGIN = "tdl.example.gov.cn/queries";
export const K = 3;
/** Rows of the enterprise table: 40 companies over 4 districts (10 each) and 7 industries. */
export const COMPANIES = 40;

const field = (name: string, sensitive = false, quasiIdentifier = false): ListedField => ({ name, sensitive, quasiIdentifier });
export const FIELDS: Record<number, ListedField[]> = {
  0: [field("credit_code", false, true), field("district"), field("industry"), field("legal_rep", true), ...Array.from({ length: 8 }, (_, i) => field(`extra_${i}`))],
  1: [field("credit_code", false, true), field("rating"), field("loan_balance"), ...Array.from({ length: 5 }, (_, i) => field(`credit_${i}`))],
};

async function loadTables(engine: DataEngine): Promise<void> {
  const extras = Array.from({ length: 8 }, (_, i) => `'x${i}' AS extra_${i}`).join(", ");
  await engine.run(`CREATE TABLE enterprises_v1 AS SELECT printf('91310000%010d', i) AS credit_code, 'district_' || (i % 4) AS district,
    'industry_' || (i % 7) AS industry, '法人' || i AS legal_rep, ${extras} FROM range(${COMPANIES}) t(i)`);
  const credits = Array.from({ length: 5 }, (_, i) => `${i} AS credit_${i}`).join(", ");
  await engine.run(`CREATE TABLE credit_v1 AS SELECT printf('91310000%010d', i) AS credit_code, CASE WHEN i % 3 = 0 THEN 'A' ELSE 'B' END AS rating,
    i * 1000 AS loan_balance, ${credits} FROM range(${COMPANIES}) t(i)`);
}

export const DIGESTS = ["0x" + "a1".repeat(32), "0x" + "b2".repeat(32)];
/** The field-list documents' hashes the two dataset versions were checked against. */
export const FIELD_LISTS = ["0x" + "f1".repeat(32), "0x" + "f2".repeat(32)];

export async function queryWorld(overrides: Partial<QueryServiceDeps> = {}, engineOptions: { timeLimitMs?: number } = {}) {
  const d = await districtFixture();
  const addresses = {
    grantRegistry: await d.ledger.grants.getAddress(),
    dataCatalog: await d.ledger.catalog.getAddress(),
    dataApplications: await d.ledger.applications.getAddress(),
    organizationRegistry: await d.ledger.organizations.getAddress(),
  };
  const policy = createAccessPolicy({ reader: createChainGrantReader({ provider: ethers.provider, addresses }) });
  const engine = await openDuckDbEngine({ memoryLimit: "256MB", threads: 1, timeLimitMs: engineOptions.timeLimitMs ?? 10_000 });
  await loadTables(engine);
  const chain = createChainScopeReads({ provider: ethers.provider, addresses });
  /** Datasets published per resource id; a test may delete one. */
  const datasets = new Map<number, { datasetVersion: number; contentDigest: string; fieldListHash: string; table: string }>([
    [d.resources[0], { datasetVersion: 1, contentDigest: DIGESTS[0], fieldListHash: FIELD_LISTS[0], table: "enterprises_v1" }],
    [d.resources[1], { datasetVersion: 1, contentDigest: DIGESTS[1], fieldListHash: FIELD_LISTS[1], table: "credit_v1" }],
  ]);
  const fieldLists = new Map(FIELD_LISTS.map((hash, i) => [hash, FIELDS[i]]));
  const sources: ScopeSources = {
    grantResources: (grantId) => chain.grantResources(grantId),
    classification: async (resourceId) => (await chain.resourceVersion(resourceId)).classification,
    dataset: async (resourceId, version) => {
      const latest = datasets.get(resourceId);
      return version === undefined || version === latest?.datasetVersion ? latest : undefined;
    },
    fieldList: async (hash) => fieldLists.get(hash),
    table: async (resourceId, digest) => (datasets.get(resourceId)?.contentDigest === digest ? datasets.get(resourceId)?.table : undefined),
    minGroupSize: async () => K,
  };
  const store = await createMemoryLogStore({ hasher: rfc6962Sha256 });
  const key = generateNoteKey(ORIGIN);
  const recorder = createRecorder({ appender: createGroupCommitAppender(store), hasher: rfc6962Sha256, noteSigner: parseSignerKey(key.signerKey), origin: ORIGIN, requestKey: new Uint8Array(32).fill(3) });
  const maskKey = (grantId: number) => createHash("sha256").update(`test mask key of grant ${grantId}`).digest("hex");
  const service = createQueryService({ policy, engine, sources, recorder, origin: ORIGIN, maskKey, ...overrides });
  const developer = { key: await d.keys.developer.getAddress(), org: d.orgs.developer };
  const aliases = d.resources.map((id) => `r${id}`);
  return { d, policy, engine, service, store, key, recorder, developer, datasets, aliases, maskKey, close: async () => { policy.close(); await engine.close(); } };
}

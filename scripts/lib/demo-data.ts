import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { ethers } from "ethers";
import type { Ledger } from "../../server/chain/ledger";
import { signIn } from "../../server/cli/sign-in";
import { DEMO_CAST, DEMO_RESOURCES, DEMO_SCENARIOS, type CastRole, type DemoDistrict, type DemoWallets } from "./demo";
import { creditCodeOf, type DemoDatasetFile } from "./demo-datasets";
import { DEMO_FIELD_DOCUMENTS } from "./demo-fields";
import { demoProductManifest } from "./demo-product";

/*
 * The demo district's data plane, through the real paths: each data-source department stores its field list
 * at the operator's node, uploads its dataset version (PUT /api/v1/resources/:id/datasets, checked and staged
 * by the node) and records it on chain (DataCatalog.publishDataset); then the bank and the insurer query under
 * their scenario grants (POST /api/v1/queries): aggregates with small groups suppressed, a verification, and
 * a row-level read and a raw export that are refused and recorded; and the bank's published product runs one of
 * its approved templates (POST /api/v1/products/:id/runs).
 */

type Say = (line: string) => void;

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

/** Sign-in tokens per cast member, made on first use. */
function sessions(nodeUrl: string, wallets: DemoWallets): (role: CastRole) => Promise<string> {
  const tokens = new Map<CastRole, Promise<string>>();
  return (role) => {
    if (!tokens.has(role)) tokens.set(role, signIn(nodeUrl, wallets.cast[role]).then((s) => s.token));
    return tokens.get(role)!;
  };
}

/** Publishes each file as the next version of its resource; returns the versions recorded on chain and how long the node took to receive, check and stage each. */
export async function publishDemoDatasets(
  nodeUrl: string,
  ledger: Ledger,
  district: DemoDistrict,
  wallets: DemoWallets,
  files: readonly DemoDatasetFile[],
  say: Say = () => undefined,
): Promise<{ resourceId: number; rowCount: number; contentDigest: string; stagedMs: number }[]> {
  const token = sessions(nodeUrl, wallets);
  const published = [];
  for (const file of files) {
    const r = DEMO_RESOURCES[file.resource];
    const resourceId = district.resources[file.resource];
    const auth = { authorization: `Bearer ${await token(r.source)}` };
    const document = DEMO_FIELD_DOCUMENTS[file.resource];
    await ok(await fetch(`${nodeUrl}/api/v1/documents/${document.hash}`, { method: "PUT", headers: auth, body: document.bytes }), "PUT the field list");
    const body = Readable.toWeb(createReadStream(file.file)) as ReadableStream<Uint8Array>;
    const headers = { ...auth, "content-type": "application/octet-stream", "content-length": String((await stat(file.file)).size) };
    const init = { method: "PUT", headers, body, duplex: "half" } as RequestInit;
    const started = performance.now();
    const staged = (await (await ok(await fetch(`${nodeUrl}/api/v1/resources/${resourceId}/datasets?format=csv`, init), "PUT the dataset")).json()) as { contentDigest: string; rowCount: number };
    const stagedMs = performance.now() - started;
    const tx = await ledger.catalog.connect(wallets.cast[r.source]).publishDataset(resourceId, staged.contentDigest, staged.rowCount);
    await tx.wait();
    published.push({ resourceId, rowCount: staged.rowCount, contentDigest: staged.contentDigest, stagedMs });
    say(`${DEMO_CAST[r.source].nameZh} publishes ${r.nameZh} (${r.nameEn}) version 1: ${staged.rowCount} rows, digest ${staged.contentDigest.slice(0, 10)}…`);
  }
  // the bank's product document: the query templates its reviews approved
  const product = demoProductManifest(district.resources);
  const bank = { authorization: `Bearer ${await token("bank")}` };
  await ok(await fetch(`${nodeUrl}/api/v1/documents/${product.hash}`, { method: "PUT", headers: bank, body: product.bytes }), "PUT the product document");
  return published;
}

export interface DemoQuery {
  readonly who: "bank" | "insurer";
  readonly what: string;
  readonly body: (resources: readonly number[]) => Record<string, unknown>;
  /** A product's run instead of a query under the grant. */
  readonly product?: true;
}

/** The queries the demo runs: the bank's credit analysis and checks, the insurer's settlement statistics. */
export function demoQueries(creditCodes: readonly string[] = [creditCodeOf(7), creditCodeOf(42), creditCodeOf(999_999)]): readonly DemoQuery[] {
  const sql = (text: string) => (r: readonly number[]) => ({ sql: text.replace(/\$(\d)/g, (_, i: string) => `r${r[Number(i)]}`) });
  return [
    { who: "bank", what: "enterprises by sub-district and industry", body: sql("SELECT district, industry, count(*) AS enterprises, round(avg(registered_capital), 1) AS avg_capital FROM $0 GROUP BY district, industry ORDER BY district, industry") },
    { who: "bank", what: "tax credit ratings across the registry", body: sql("SELECT c.tax_credit_rating, count(*) AS enterprises, round(avg(c.penalties_3y), 3) AS avg_penalties FROM $1 c GROUP BY c.tax_credit_rating ORDER BY 1") },
    { who: "bank", what: "electricity use by tax credit rating (a join inside the platform)", body: sql("SELECT c.tax_credit_rating, count(*) AS enterprises, round(avg(e.kwh)) AS avg_kwh FROM $1 c JOIN $4 e ON c.credit_code = e.credit_code GROUP BY 1 ORDER BY 1") },
    { who: "bank", what: "verifies three applicants' credit codes (数据核验)", body: (r) => ({ operation: "verify", resource: `r${r[0]}`, records: creditCodes.map((credit_code) => ({ credit_code })) }) },
    { who: "bank", what: "tries to read registry rows one by one", body: sql("SELECT credit_code, registered_capital FROM $0") },
    { who: "bank", what: "tries to export the registry (raw data never leaves the domain)", body: (r) => ({ operation: "export", sql: `SELECT * FROM r${r[0]}` }) },
    { who: "bank", what: "runs its product 企业信用核验's approved template rating-by-district for 东湖街道", product: true, body: () => ({ template: "rating-by-district", parameters: { district: "东湖街道" } }) },
    { who: "insurer", what: "settlements by hospital and visit category", body: sql("SELECT hospital, category, count(*) AS settlements, round(sum(total_amount)) AS total FROM $3 GROUP BY hospital, category ORDER BY 1, 2") },
  ];
}

export interface QueryOutcome {
  readonly who: "bank" | "insurer";
  readonly what: string;
  readonly decision: "allowed" | "denied";
  readonly reason: string;
  readonly rows: number;
  readonly groupsSuppressed: number;
  readonly rowsScanned: number;
}

/** Runs the demo's queries through POST /api/v1/queries; each is decided and logged by the node. */
export async function runDemoQueries(nodeUrl: string, district: DemoDistrict, wallets: DemoWallets, say: Say = () => undefined): Promise<QueryOutcome[]> {
  const token = sessions(nodeUrl, wallets);
  const outcomes: QueryOutcome[] = [];
  for (const q of demoQueries()) {
    const grant = { grantId: district.grants[q.who], scenario: ethers.id(DEMO_SCENARIOS[q.who].scenario) };
    const route = q.product ? `/api/v1/products/${district.product}/runs` : "/api/v1/queries";
    const body = q.body(district.resources);
    const response = await ok(
      await fetch(`${nodeUrl}${route}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await token(q.who)}` },
        body: JSON.stringify(q.product ? body : { ...grant, ...body }),
      }),
      `POST ${route}`,
    );
    const a = (await response.json()) as { decision: "allowed" | "denied"; reason: string; rows?: unknown[]; groupsSuppressed?: number; rowsScanned?: number };
    const outcome = { who: q.who, what: q.what, decision: a.decision, reason: a.reason, rows: a.rows?.length ?? 0, groupsSuppressed: a.groupsSuppressed ?? 0, rowsScanned: a.rowsScanned ?? 0 };
    outcomes.push(outcome);
    const matches = a.rows?.filter((row) => (row as unknown[])[1] === true).length;
    const answered = body.operation === "verify" ? `${matches} of ${outcome.rows} match` : `${outcome.rows} rows from ${outcome.rowsScanned} scanned, ${outcome.groupsSuppressed} groups under k suppressed`;
    const figures = a.decision === "allowed" ? answered : a.reason;
    say(`  ${a.decision === "allowed" ? "answered" : "REFUSED "} ${DEMO_CAST[q.who].nameZh} ${q.what}: ${figures}`);
  }
  return outcomes;
}

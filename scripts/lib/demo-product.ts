import { canonicalJson } from "../../server/log/canonical-json";
import { documentHash } from "../../server/storage/documents";
import type { ProductManifest } from "../../server/data/product-templates";

/*
 * The bank's data product 企业信用核验 (Art. 19): its metadata document carries the query templates the bureau's
 * and the security authority's reviews approve (the document's hash is the version's metadataHash on chain).
 * The SQL names the district's resource ids, so the document is made from them.
 */

export function demoProductManifest(resources: readonly number[]): { bytes: Uint8Array; hash: string; manifest: ProductManifest } {
  const [registry, credit] = [`r${resources[0]}`, `r${resources[1]}`];
  const manifest: ProductManifest = {
    version: 1,
    name: "企业信用核验 enterprise credit verification",
    templates: [
      {
        name: "rating-by-district",
        title: "一个街道的纳税信用等级分布 tax credit ratings of one sub-district's enterprises",
        sql: `SELECT c.tax_credit_rating, count(*) AS enterprises FROM ${credit} c JOIN ${registry} e ON c.credit_code = e.credit_code WHERE e.district = $district GROUP BY c.tax_credit_rating ORDER BY 1`,
        parameters: [{ name: "district", type: "VARCHAR" }],
      },
      {
        name: "capital-by-industry",
        title: "某日以来成立企业的注册资本 registered capital of enterprises established since a date, by industry",
        sql: `SELECT industry, count(*) AS enterprises, round(avg(registered_capital), 1) AS avg_capital FROM ${registry} WHERE established_on >= $since GROUP BY industry ORDER BY 1`,
        parameters: [{ name: "since", type: "DATE" }],
      },
    ],
  };
  const bytes = new TextEncoder().encode(canonicalJson(manifest as unknown as Parameters<typeof canonicalJson>[0]));
  return { bytes, hash: documentHash(bytes), manifest };
}

import type { ProductForRun } from "../chain/product-reads";
import { bindTemplate, parseProductManifest, type TemplateValue } from "../data/product-templates";
import { TdlError } from "../errors";
import { label } from "../vocabulary";
import type { Caller } from "./gateway";
import type { QueryAnswer, QueryService } from "./query-service";

/*
 * A data product's runs (Art. 19, R13): a published product runs only the query templates its reviewed
 * version carries (the document whose hash is the version's metadataHash on chain), under its own grant, by
 * its developer's staff; each run is a query of the query service, logged with the product, the version, the
 * template and that document's digest, so a supervisor sees which approved statement produced what left.
 */

export interface ProductRunRequest {
  readonly productId: number;
  readonly template: string;
  readonly parameters: Readonly<Record<string, TemplateValue>>;
}

export interface ProductRunDeps {
  readonly queries: QueryService;
  readonly product: (productId: number) => Promise<ProductForRun | null>;
  /** A document's bytes from the node's store, if it holds it. */
  readonly document: (hash: string) => Promise<Uint8Array | undefined>;
}

export interface ProductRuns {
  run(caller: Caller, request: ProductRunRequest): Promise<QueryAnswer>;
}

const refused = (en: string, zh: string) => new TdlError("FORBIDDEN", `${en} (Art. 19, R13)`, { details: { zh: `${zh}（第十九条，R13）` } });

export function createProductRuns(deps: ProductRunDeps): ProductRuns {
  return {
    async run(caller, request) {
      const product = await deps.product(request.productId);
      if (product === null) throw new TdlError("NOT_FOUND", `there is no product ${request.productId} on the ledger`, { details: { zh: `账本上没有数据产品 ${request.productId}` } });
      const name = `product ${product.productId} (version ${product.version})`;
      if (caller.org !== product.developer) {
        throw refused(`only the developer that holds ${name}'s grant runs it, and organisation ${caller.org} does not`, `仅持有数据产品 ${product.productId} 授权的开发主体可运行它，单位 ${caller.org} 不是`);
      }
      if (product.denial.product !== 0) {
        const why = { en: label("ProductDenial", product.denial.product, "en"), zh: label("ProductDenial", product.denial.product, "zh") };
        const grant = product.denial.access === 0 ? { en: "", zh: "" } : { en: ` (${label("AccessDenial", product.denial.access, "en")})`, zh: `（${label("AccessDenial", product.denial.access, "zh")}）` };
        throw refused(`${name} cannot run: ${why.en}${grant.en}`, `数据产品 ${product.productId} 不可运行：${why.zh}${grant.zh}`);
      }
      const bytes = await deps.document(product.metadataHash);
      if (bytes === undefined) {
        throw new TdlError("NOT_FOUND", `this node does not hold the document ${product.metadataHash} of ${name}, so its approved templates are unknown here`, {
          details: { zh: `本节点未持有数据产品 ${product.productId} 的文档 ${product.metadataHash}，无法得知其经审核的查询模板` },
        });
      }
      const template = parseProductManifest(bytes).templates.find((t) => t.name === request.template);
      if (template === undefined) {
        throw refused(`${name} carries no approved template "${request.template}": a product runs only the templates its reviews approved`, `数据产品 ${product.productId} 没有经审核的模板“${request.template}”：产品只能运行审核通过的模板`);
      }
      return deps.queries.handle(caller, {
        grantId: product.grantId,
        scenario: product.scenario,
        operation: "aggregate",
        sql: bindTemplate(template, request.parameters),
        product: { productId: String(product.productId), version: String(product.version), template: template.name, manifestDigest: product.metadataHash.slice(2) },
      });
    },
  };
}

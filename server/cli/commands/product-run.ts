import type { Command } from "commander";
import { PARAMETER_NAME } from "../../data/product-templates";
import { TdlError } from "../../errors";
import { collect, parseId } from "../arguments";
import { nodeOption } from "../config";
import { action, withExamples, type CliContext } from "../context";
import { baseUrl } from "../node-client";
import { sendQuery } from "../query-answer";

/*
 * tdl product run (Art. 19, R13): a published product runs one of the query templates its reviewed version
 * carries, under its grant, through the node (POST /api/v1/products/:id/runs); the answer is a query's,
 * logged with the product, its version and the template.
 */

/** "name=value" pairs; a value that reads as a number or true/false is sent as one (the node checks the declared types). */
function parameters(pairs: readonly string[]): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const name = pair.slice(0, at);
    if (at < 1 || !PARAMETER_NAME.test(name)) throw new TdlError("MALFORMED_INPUT", `--param "${pair}" is not <name>=<value>, e.g. district=东湖街道 / --param 应为 <名称>=<值>`);
    const text = pair.slice(at + 1);
    values[name] = text === "true" ? true : text === "false" ? false : /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text) ? Number(text) : text;
  }
  return values;
}

/** Adds `run` to the `tdl product` command. */
export function registerRun(product: Command, ctx: CliContext): void {
  withExamples(
    product
      .command("run")
      .description("run one of a published product's approved query templates under its grant, through the node (the developer); logged like a query / 运行数据产品的查询模板")
      .argument("<id>", "product id")
      .requiredOption("--template <name>", "a template the product's reviewed document carries")
      .option("--param <name=value>", "a template parameter (repeatable)", collect)
      .option("--out <file>", "write the answer: .csv for a table, else JSON with the receipt (for tdl verify result)")
      .option("--receipt-out <file>", "write the signed receipt here")
      .addOption(nodeOption()),
    `
  tdl product run 1 --template rating-by-district --param district=东湖街道 --node http://127.0.0.1:8080 --key bank-chen`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const body = { template: String(o.template), parameters: parameters((o.param as string[] | undefined) ?? []) };
      return sendQuery(run, baseUrl(o.node), `/api/v1/products/${parseId(id, "<id>")}/runs`, body, o);
    }),
  );
}

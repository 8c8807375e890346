import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { TdlError } from "../../errors";
import { collect, parseId, parseKeyText } from "../arguments";
import { nodeOption } from "../config";
import { action, withExamples, type CliContext } from "../context";
import { baseUrl } from "../node-client";
import { sendQuery } from "../query-answer";

/*
 * `tdl query`: a developer's query on a node's data under a grant (the data plane, POST /api/v1/queries).
 * The answer is aggregates only, or match / no match for verification; it comes with the node's signed
 * receipt, whose log entry holds the answer's digest: `tdl verify result` checks the two together.
 */

async function readRecords(file: string): Promise<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `--records: ${file} is not a readable JSON file`, { cause });
  }
  if (!Array.isArray(value)) throw new TdlError("MALFORMED_INPUT", `--records: ${file} must hold a JSON array of records such as [{"credit_code": "..."}]`);
  return value;
}

/** "r12=1" pairs as {r12: 1}; MALFORMED_INPUT naming the pair that is not one. */
function datasetVersions(pairs: readonly string[]): Record<string, number> {
  const versions: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^(r[0-9]{1,10})=([0-9]{1,10})$/.exec(pair.trim());
    if (match === null || Number(match[2]) < 1) {
      throw new TdlError("MALFORMED_INPUT", `--dataset-version "${pair}" is not <alias>=<version>, e.g. r12=1 / --dataset-version 应为 <别名>=<版本>，如 r12=1`);
    }
    versions[match[1]] = Number(match[2]);
  }
  return versions;
}

export function register(program: Command, ctx: CliContext): void {
  withExamples(
    program
      .command("query")
      .description(
        "query a node's data under your grant: aggregates over at least k rows only (可用不可见), or --verify records (数据核验); every query is logged with the digest of its answer (exit 1 when refused) / 授权查询",
      )
      .addOption(nodeOption())
      .requiredOption("--grant <id>", "your scenario grant")
      .requiredOption("--scenario <name>", "the grant's scenario (its name, or 0x + 64 hex)")
      .option("--sql <select>", "one SELECT over your grant's resources, written r<id> (e.g. r12) with the field-list names")
      .option("--verify <resource>", "check records against this resource (r<id>) instead: match or no match per record")
      .option("--records <file>", "with --verify: a JSON array of records of granted fields")
      .option("--operation <op>", "aggregate | verify (row-level output and export are refused and recorded, R1)")
      .option("--dataset-version <alias=version>", "read this dataset version of a resource instead of its latest, e.g. r12=1 (repeatable; for reproducing an earlier answer)", collect)
      .option("--out <file>", "write the answer: .csv for a table, else JSON with the receipt (for tdl verify result)")
      .option("--receipt-out <file>", "write the signed receipt here"),
    `
  tdl query --node http://127.0.0.1:8080 --key bank-chen --grant 2 --scenario "普惠金融信贷" \\
      --sql "SELECT r2.rating, count(*) AS n FROM r1 JOIN r2 ON r1.credit_code = r2.credit_code GROUP BY r2.rating" \\
      --out answer.json
  tdl verify result answer.json --verifier-key "$(cat verifier.key)"
  tdl query --grant 2 --scenario "普惠金融信贷" --verify r1 --records companies.json --key bank-chen
  tdl query --grant 2 --scenario "普惠金融信贷" --sql "SELECT district, count(*) FROM r1 GROUP BY district" --dataset-version r1=1 --key bank-chen`,
  ).action(
    action(ctx, async (run, o) => {
      const node = baseUrl(o.node);
      const verify = o.verify !== undefined;
      if (verify === (o.sql !== undefined)) throw new TdlError("MALFORMED_INPUT", "give exactly one of --sql and --verify / 请只给出 --sql 或 --verify 之一");
      if (verify && o.records === undefined) throw new TdlError("MALFORMED_INPUT", "--verify needs --records <file> / --verify 需要 --records <文件>");
      const body: Record<string, unknown> = {
        grantId: parseId(o.grant, "--grant"),
        scenario: parseKeyText(o.scenario, "--scenario"),
        operation: o.operation ?? (verify ? "verify" : "aggregate"),
        ...(verify ? { resource: String(o.verify), records: await readRecords(String(o.records)) } : { sql: String(o.sql) }),
        ...(o.datasetVersion === undefined ? {} : { versions: datasetVersions(o.datasetVersion as string[]) }),
      };
      return sendQuery(run, node, "/api/v1/queries", body, o);
    }),
  );
}

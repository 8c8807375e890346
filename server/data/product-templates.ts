/**
 * A data product's query templates (Art. 19, R13): the product's metadata document (its hash is the product
 * version's metadataHash on chain, the thing the bureau and the security authority review) names the SQL it
 * may run, with typed parameters written $name. A published product runs only those; a run binds the values
 * as SQL literals, so a value can never change the statement the reviews approved, and the bound SQL still
 * passes the query guard under the product's grant.
 */
import { z } from "zod";
import { TdlError } from "../errors";
import { MAX_SQL_LENGTH } from "./query-guard";

export const TEMPLATE_PARAMETER_TYPES = ["VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN", "DATE"] as const;
/** A template's name (rating-by-district) and a parameter's (district): the run route and the CLI check them too. */
export const TEMPLATE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
export const PARAMETER_NAME = /^[a-z][a-z0-9_]{0,62}$/;

const templateSchema = z.strictObject({
  name: z.string().regex(TEMPLATE_NAME, "a template name is lower-case letters, digits and -"),
  title: z.string().min(1).max(200),
  sql: z.string().min(1).max(MAX_SQL_LENGTH),
  parameters: z
    .array(z.strictObject({ name: z.string().regex(PARAMETER_NAME, "a parameter name is lower-case letters, digits and _"), type: z.enum(TEMPLATE_PARAMETER_TYPES) }))
    .max(32),
});

const manifestSchema = z
  .strictObject({ version: z.literal(1), name: z.string().min(1).max(200), templates: z.array(templateSchema).max(64) })
  .superRefine((manifest, context) => {
    const names = new Set<string>();
    manifest.templates.forEach((template, i) => {
      if (names.has(template.name)) context.addIssue({ code: "custom", path: ["templates", i, "name"], message: `the template name "${template.name}" repeats` });
      names.add(template.name);
      const declared = new Set(template.parameters.map((p) => p.name));
      for (const used of placeholders(template.sql)) {
        if (!declared.has(used)) context.addIssue({ code: "custom", path: ["templates", i, "sql"], message: `$${used} is not a declared parameter` });
      }
    });
  });

export type ProductManifest = z.output<typeof manifestSchema>;
export type QueryTemplate = ProductManifest["templates"][number];
export type TemplateValue = string | number | boolean;

/** Parses a product metadata document that carries templates; MALFORMED_INPUT naming what is wrong. */
export function parseProductManifest(bytes: Uint8Array): ProductManifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new TdlError("MALFORMED_INPUT", `the product document is not UTF-8 JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TdlError("MALFORMED_INPUT", `the product document is invalid at ${issue.path.join(".") || "its top"}: ${issue.message}`);
  }
  return parsed.data;
}

/** The SQL's pieces outside quoted strings and identifiers, and the $name placeholders in them. */
function* pieces(sql: string): Generator<{ text: string; quoted: boolean }> {
  const quote = /'(?:[^']|'')*'|"(?:[^"]|"")*"/g;
  let at = 0;
  for (const match of sql.matchAll(quote)) {
    yield { text: sql.slice(at, match.index), quoted: false };
    yield { text: match[0], quoted: true };
    at = match.index + match[0].length;
  }
  yield { text: sql.slice(at), quoted: false };
}
const PLACEHOLDER = /\$([a-z][a-z0-9_]{0,62})\b/g;
function placeholders(sql: string): Set<string> {
  const names = new Set<string>();
  for (const piece of pieces(sql)) if (!piece.quoted) for (const m of piece.text.matchAll(PLACEHOLDER)) names.add(m[1]);
  return names;
}

function literal(name: string, type: QueryTemplate["parameters"][number]["type"], value: unknown): string {
  const bad = (what: string) => new TdlError("MALFORMED_INPUT", `parameter ${name} must be ${what}, not ${JSON.stringify(value)} / 参数 ${name} 应为 ${what}`);
  switch (type) {
    case "VARCHAR":
      if (typeof value !== "string" || value.length > 1024) throw bad("a string of at most 1,024 characters");
      return `'${value.replaceAll("'", "''")}'`;
    case "BIGINT":
      if (!Number.isSafeInteger(value)) throw bad("a whole number");
      return String(value);
    case "DOUBLE":
      if (typeof value !== "number" || !Number.isFinite(value)) throw bad("a number");
      return String(value);
    case "BOOLEAN":
      if (typeof value !== "boolean") throw bad("true or false");
      return value ? "TRUE" : "FALSE";
    case "DATE":
      if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw bad("a date YYYY-MM-DD");
      return `'${value}'`;
  }
}

/** The template's SQL with each $name replaced by its value as a literal; every declared parameter must be given, no other. */
export function bindTemplate(template: QueryTemplate, values: Readonly<Record<string, unknown>>): string {
  const declared = new Map(template.parameters.map((p) => [p.name, p.type]));
  const extra = Object.keys(values).find((name) => !declared.has(name));
  if (extra !== undefined) throw new TdlError("MALFORMED_INPUT", `template ${template.name} takes no parameter ${extra} / 模板 ${template.name} 没有参数 ${extra}`);
  const missing = template.parameters.find((p) => !(p.name in values));
  if (missing !== undefined) throw new TdlError("MALFORMED_INPUT", `template ${template.name} needs parameter ${missing.name} (${missing.type}) / 模板 ${template.name} 需要参数 ${missing.name}`);
  let sql = "";
  for (const piece of pieces(template.sql)) {
    sql += piece.quoted ? piece.text : piece.text.replace(PLACEHOLDER, (whole, name: string) => literal(name, declared.get(name)!, values[name]));
  }
  return sql;
}

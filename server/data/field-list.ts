/**
 * A resource's field list document (Art. 6–8, R2): the names, types and marks of its fields, in order;
 * field i is bit i of a grant's field mask. The catalog holds the document's hash (`fieldListHash`, SHA-256
 * of its bytes as given); the node keeps the bytes and checks every published dataset version against it.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { TdlError } from "../errors";
import { canonicalJson } from "../log/canonical-json";

/** The column types a field may have: what a dataset's values are cast to. */
export const FIELD_TYPES = ["VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A field mask is 256 bits wide on chain. */
export const MAX_FIELDS = 256;

const fieldSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "a field name is lower-case letters, digits and _, starting with a letter, at most 63"),
  type: z.enum(FIELD_TYPES),
  sensitive: z.boolean(),
  quasiIdentifier: z.boolean(),
  title: z.string().min(1).max(200),
});

const fieldListSchema = z
  .strictObject({ version: z.literal(1), fields: z.array(fieldSchema).min(1).max(MAX_FIELDS) })
  .superRefine((list, context) => {
    const seen = new Set<string>();
    list.fields.forEach((field, index) => {
      if (seen.has(field.name)) context.addIssue({ code: "custom", path: ["fields", index, "name"], message: `the field name "${field.name}" repeats` });
      seen.add(field.name);
    });
  });

export type FieldList = z.output<typeof fieldListSchema>;
export type Field = FieldList["fields"][number];

/** Parses a field list document (UTF-8 JSON); MALFORMED_INPUT naming what is wrong. */
export function parseFieldList(bytes: Uint8Array): FieldList {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new TdlError("MALFORMED_INPUT", `the field list document is not UTF-8 JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = fieldListSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.join(".");
    throw new TdlError("MALFORMED_INPUT", `the field list document is invalid at ${where === "" ? "its top" : where}: ${issue.message}`, {
      details: { path: where },
    });
  }
  return parsed.data;
}

/** The hash the catalog records for a field list document: 0x + SHA-256 hex of the bytes as given. */
export function fieldListHash(bytes: Uint8Array): string {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

/** The canonical bytes of a field list (RFC 8785 JSON), for the demo and tests. */
export function encodeFieldList(list: FieldList): Uint8Array {
  const fields = list.fields.map((field) => ({ ...field }));
  return new TextEncoder().encode(canonicalJson({ version: list.version, fields }));
}

import { z } from "zod";
import type { MediaType, Parameter, Response, Schema } from "./openapi-types";

/* Building blocks of the OpenAPI document. */

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: Schema, example?: unknown): Readonly<Record<string, MediaType>> => ({
  "application/json": example === undefined ? { schema } : { schema, example },
});
export const ok = (description: string, schema: Schema): Response => ({ description, content: json(schema) });
export const errors = (...codes: string[]): Record<string, { $ref: string }> =>
  Object.fromEntries(codes.map((code) => [code, { $ref: `#/components/responses/E${code}` }]));
export const query = (name: string, schema: Schema, description: string): Parameter => ({ name, in: "query", required: false, description, schema });

export const HEX32 = "^0x[0-9a-f]{64}$";
export const ADDRESS = "^0x[0-9a-fA-F]{40}$";
export const CURSOR = "^[0-9]{1,15}-[0-9]{1,10}$";
export const uint: Schema = { type: "integer", minimum: 0 };
export const nullableString: Schema = { type: ["string", "null"] };
export const nullableInt: Schema = { type: ["integer", "null"] };
export const signedIn = [{ session: [] as string[] }];

export const list = (key: string, item: string): Schema => ({
  type: "object",
  required: ["block", "total", "offset", "limit", key],
  properties: { block: ref("BlockRef"), total: uint, offset: uint, limit: uint, [key]: { type: "array", items: ref(item) } },
});
export const single = (key: string, item: string): Schema => ({ type: "object", required: ["block", key], properties: { block: ref("BlockRef"), [key]: ref(item) } });

/** What a route's zod schema accepts (its input, before transforms) as JSON Schema 2020-12, the dialect of OpenAPI 3.1. */
export function acceptedBy(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...accepted } = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" });
  return accepted as Schema;
}

/** What a route's zod schema describes of its answer (its output) as JSON Schema 2020-12. */
export function producedBy(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...produced } = z.toJSONSchema(schema, { io: "output", target: "draft-2020-12" });
  return produced as Schema;
}

/** `accepted` with a description and one for each of its properties (the zod schemas carry none). */
export function described(accepted: Schema, description: string | undefined, properties: Readonly<Record<string, string>>): Schema {
  const described = Object.fromEntries(Object.entries(accepted.properties ?? {}).map(([name, schema]) => [name, name in properties ? { ...schema, description: properties[name] } : schema]));
  return { ...accepted, ...(description === undefined ? {} : { description }), properties: described };
}

/** The query or path parameters a route's zod object reads, each described here: the compiler asks for every field it has. */
export function parametersOf<S extends z.ZodObject>(schema: S, where: "query" | "path", descriptions: { readonly [K in keyof z.input<S> & string]-?: string }): Parameter[] {
  const accepted = acceptedBy(schema);
  const required = new Set(accepted.required ?? []);
  return Object.entries(accepted.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    description: (descriptions as Readonly<Record<string, string>>)[name],
    schema: property,
  }));
}

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
export const path = (name: string, schema: Schema, description: string): Parameter => ({ name, in: "path", required: true, description, schema });
export const named = (names: readonly string[]): Schema => ({ type: "string", enum: names.filter((n) => n !== "none") });

export const HEX32 = "^0x[0-9a-f]{64}$";
export const ADDRESS = "^0x[0-9a-fA-F]{40}$";
export const CURSOR = "^[0-9]{1,15}-[0-9]{1,10}$";
export const bool: Schema = { type: "string", enum: ["true", "false"] };
export const id: Schema = { type: "integer", minimum: 1, maximum: 4294967295 };
export const uint: Schema = { type: "integer", minimum: 0 };
export const nullableString: Schema = { type: ["string", "null"] };
export const nullableInt: Schema = { type: ["integer", "null"] };
export const signedIn = [{ session: [] as string[] }];

export const listParams = [
  query("limit", { type: "integer", minimum: 1, maximum: 500, default: 100 }, "Items per page."),
  query("offset", { type: "integer", minimum: 0, default: 0 }, "Items to skip."),
];

export const list = (key: string, item: string): Schema => ({
  type: "object",
  required: ["block", "total", "offset", "limit", key],
  properties: { block: ref("BlockRef"), total: uint, offset: uint, limit: uint, [key]: { type: "array", items: ref(item) } },
});
export const single = (key: string, item: string): Schema => ({ type: "object", required: ["block", key], properties: { block: ref("BlockRef"), [key]: ref(item) } });

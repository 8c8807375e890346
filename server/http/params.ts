import { z } from "zod";
import { TdlError } from "../errors";

/** A decimal index or size as it arrives in a path or query string. */
export const uintParam = z
  .string({ error: "is required" })
  .regex(/^(0|[1-9][0-9]*)$/, "must be a non-negative decimal integer")
  .transform(Number)
  .refine(Number.isSafeInteger, "must be at most 2^53 - 1");

/** An on-chain id (uint32) in a JSON body: a number or its decimal text. */
export const uint32Body = z
  .union([z.number(), z.string().regex(/^(0|[1-9][0-9]{0,9})$/, "must be a decimal integer").transform(Number)])
  .pipe(z.number().int("must be an integer").min(0).max(2 ** 32 - 1));

/** bytes32 as 0x hex, e.g. a scenario. */
export const bytes32Body = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be bytes32 0x hex");

/** Parses request input with `schema`; a failure is MALFORMED_INPUT naming the field at fault. */
export function parseRequest<T>(schema: z.ZodType<T>, input: unknown, where: string): T {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.join(".") || where;
  throw new TdlError("MALFORMED_INPUT", `${where} ${field}: ${issue.message}`, { details: { field } });
}

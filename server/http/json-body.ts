import express, { type RequestHandler } from "express";
import { TdlError } from "../errors";

/** The deepest JSON body the node accepts: deeper ones are refused at the edge with 400, before anything recurses. */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a parsed JSON value, without recursion (so an 8,000-level body cannot overflow the stack). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(item as Record<string, unknown>)) pending.push([child, depth + 1]);
  }
  return deepest;
}

const boundDepth: RequestHandler = (req, _res, next) => {
  if (depthOf(req.body) > MAX_JSON_DEPTH) {
    throw new TdlError("MALFORMED_INPUT", `body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`, { details: { field: "body", limit: MAX_JSON_DEPTH } });
  }
  next();
};

/** The JSON body parser of every route: at most `limit` bytes and MAX_JSON_DEPTH levels. */
export function jsonBody(limit: string): RequestHandler[] {
  return [express.json({ limit }), boundDepth];
}

import { Router } from "express";
import { z } from "zod";
import { DISCLOSURE_ENUMS, type Disclosure, type DisclosureReader } from "../chain/disclosure-reader";
import { TdlError } from "../errors";
import { parseRequest, uintParam } from "./params";

/*
 * The public disclosure (Art. 16, 31; R21), no sign-in: who is authorized, for what content and scope,
 * until when; the product and service list; the catalog's metadata. Lists filter by simple query
 * parameters and page by offset; every answer names the block its snapshot was read at.
 */

export interface DisclosureRouteDeps {
  readonly disclosure: DisclosureReader;
  /** max-age of the Cache-Control header, seconds. Default 5. */
  readonly maxAgeSeconds?: number;
}

export const MAX_LIST = 500;

const bool = z.enum(["true", "false"], { error: "must be true or false" }).transform((text) => text === "true");
const id = uintParam.refine((n) => n >= 1 && n <= 0xffffffff, "must be an id in 1..4294967295");
const search = z.string().min(1, "must not be empty").max(100, "must be at most 100 characters").transform((text) => text.toLowerCase());
const page = {
  limit: uintParam.refine((n) => n >= 1 && n <= MAX_LIST, `must be 1..${MAX_LIST}`).optional(),
  offset: uintParam.optional(),
};
const named = <T extends string>(names: readonly T[]) => {
  const values = names.filter((n) => n !== "none") as [T, ...T[]];
  return z.enum(values, { error: `must be one of ${values.join(", ")}` });
};

export const idParams = z.object({ id });

export const organizationQuery = z.object({
  kind: named(DISCLOSURE_ENUMS.orgKind).optional(),
  status: named(DISCLOSURE_ENUMS.orgStatus).optional(),
  qualified: bool.optional(),
  q: search.optional(),
  ...page,
});

export const grantQuery = z.object({
  grantee: id.optional(),
  grantor: id.optional(),
  status: named(DISCLOSURE_ENUMS.grantStatus).optional(),
  live: bool.optional(),
  purpose: named(DISCLOSURE_ENUMS.purpose).optional(),
  resource: id.optional(),
  ...page,
});

export const productQuery = z.object({
  state: z.union([named(DISCLOSURE_ENUMS.productState), z.literal("any")], { error: `must be one of ${DISCLOSURE_ENUMS.productState.slice(1).join(", ")}, any` }).optional(),
  developer: id.optional(),
  grant: id.optional(),
  form: named(DISCLOSURE_ENUMS.productForm).optional(),
  source: id.optional(),
  q: search.optional(),
  ...page,
});

export const catalogQuery = z.object({
  source: id.optional(),
  classification: uintParam.refine((n) => n >= 1 && n <= 4, "must be 1..4").optional(),
  open: bool.optional(),
  inScope: bool.optional(),
  q: search.optional(),
  ...page,
});

/** Keeps the items every given filter accepts; an absent filter accepts everything. */
function filtered<T>(items: readonly T[], tests: readonly (false | undefined | ((item: T) => boolean))[]): T[] {
  const active = tests.filter((t): t is (item: T) => boolean => typeof t === "function");
  return items.filter((item) => active.every((t) => t(item)));
}

function listed<T>(snapshot: Disclosure, key: string, items: T[], { limit = 100, offset = 0 }: { limit?: number; offset?: number }) {
  return { block: snapshot.block, total: items.length, offset, limit, [key]: items.slice(offset, offset + limit) };
}

function found<T>(item: T | undefined, what: string, id: number): T {
  if (item === undefined) throw new TdlError("NOT_FOUND", `no ${what} ${id} on chain`);
  return item;
}

/**
 * GET /organizations[?kind=&status=&qualified=&q=]         organisations with their qualification terms
 * GET /organizations/:id
 * GET /grants[?grantee=&grantor=&status=&live=&purpose=&resource=]   grants with scope, term, purpose, status
 * GET /grants/:id
 * GET /products[?state=published&developer=&grant=&form=&source=&q=] the product and service list
 * GET /products/:id
 * GET /catalog[?source=&classification=&open=&inScope=&q=]  catalog metadata (hashes stay hashes)
 * GET /catalog/:id
 * Every list also takes limit (1..500, default 100) and offset.
 */
export function disclosureRoutes(deps: DisclosureRouteDeps): Router {
  const { disclosure } = deps;
  const cacheControl = `public, max-age=${deps.maxAgeSeconds ?? 5}`;
  const router = Router();
  router.use((_req, res, next) => {
    res.set("Cache-Control", cacheControl);
    next();
  });

  router.get("/organizations", async (req, res) => {
    const query = parseRequest(organizationQuery, req.query, "query");
    const snapshot = await disclosure.snapshot();
    const items = filtered(snapshot.organizations, [
      query.kind !== undefined && ((o) => o.kind === query.kind),
      query.status !== undefined && ((o) => o.status === query.status),
      query.qualified !== undefined && ((o) => (o.qualification?.qualifiedNow ?? false) === query.qualified),
      query.q !== undefined && ((o) => o.name.toLowerCase().includes(query.q as string)),
    ]);
    res.json(listed(snapshot, "organizations", items, query));
  });

  router.get("/organizations/:id", async (req, res) => {
    const { id } = parseRequest(idParams, req.params, "path");
    const snapshot = await disclosure.snapshot();
    res.json({ block: snapshot.block, organization: found(snapshot.organizations.find((o) => o.id === id), "organization", id) });
  });

  router.get("/grants", async (req, res) => {
    const query = parseRequest(grantQuery, req.query, "query");
    const snapshot = await disclosure.snapshot();
    const items = filtered(snapshot.grants, [
      query.grantee !== undefined && ((g) => g.grantee === query.grantee),
      query.grantor !== undefined && ((g) => g.grantor === query.grantor),
      query.status !== undefined && ((g) => g.status === query.status),
      query.live !== undefined && ((g) => g.live === query.live),
      query.purpose !== undefined && ((g) => g.purpose === query.purpose),
      query.resource !== undefined && ((g) => g.scope.resources.some((r) => r.resourceId === query.resource)),
    ]);
    res.json(listed(snapshot, "grants", items, query));
  });

  router.get("/grants/:id", async (req, res) => {
    const { id } = parseRequest(idParams, req.params, "path");
    const snapshot = await disclosure.snapshot();
    res.json({ block: snapshot.block, grant: found(snapshot.grants.find((g) => g.id === id), "grant", id) });
  });

  router.get("/products", async (req, res) => {
    const query = parseRequest(productQuery, req.query, "query");
    const state = query.state ?? "published";
    const snapshot = await disclosure.snapshot();
    const items = filtered(snapshot.products, [
      state !== "any" && ((p) => p.state === state),
      query.developer !== undefined && ((p) => p.developer === query.developer),
      query.grant !== undefined && ((p) => p.grantId === query.grant),
      query.form !== undefined && ((p) => p.form === query.form),
      query.source !== undefined && ((p) => p.sources.includes(query.source as number)),
      query.q !== undefined &&
        ((p) => [p.registrationNumber, p.exchangeRegistrationNumber, p.developerName].some((text) => text?.toLowerCase().includes(query.q as string))),
    ]);
    res.json(listed(snapshot, "products", items, query));
  });

  router.get("/products/:id", async (req, res) => {
    const { id } = parseRequest(idParams, req.params, "path");
    const snapshot = await disclosure.snapshot();
    res.json({ block: snapshot.block, product: found(snapshot.products.find((p) => p.id === id), "product", id) });
  });

  router.get("/catalog", async (req, res) => {
    const query = parseRequest(catalogQuery, req.query, "query");
    const snapshot = await disclosure.snapshot();
    const items = filtered(snapshot.resources, [
      query.source !== undefined && ((r) => r.source === query.source),
      query.classification !== undefined && ((r) => r.classification === query.classification),
      query.open !== undefined && ((r) => r.openForDevelopment === query.open),
      query.inScope !== undefined && ((r) => r.inOperationScope === query.inScope),
      query.q !== undefined && ((r) => [r.code, r.registrationNumber, r.sourceName].some((text) => text?.toLowerCase().includes(query.q as string))),
    ]);
    res.json(listed(snapshot, "resources", items, query));
  });

  router.get("/catalog/:id", async (req, res) => {
    const { id } = parseRequest(idParams, req.params, "path");
    const snapshot = await disclosure.snapshot();
    res.json({ block: snapshot.block, resource: found(snapshot.resources.find((r) => r.id === id), "resource", id) });
  });

  return router;
}

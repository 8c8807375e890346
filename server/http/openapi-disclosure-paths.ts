import type { z } from "zod";
import { catalogQuery, grantQuery, idParams, MAX_LIST, organizationQuery, productQuery } from "./disclosure-routes";
import { errors, list, ok, parametersOf, single } from "./openapi-blocks";
import type { PathItem } from "./openapi-types";

/** The public disclosure's paths (Art. 16, 31; R21): for each record, a filtered list and one by id. */

const PAGE = { limit: `Items per page, 1..${MAX_LIST}; default 100.`, offset: "Items to skip; default 0." };

interface Disclosed<Q extends z.ZodObject> {
  readonly path: string;
  /** operationIds, e.g. disclosureOrganizations and disclosureOrganization. */
  readonly ids: readonly [string, string];
  /** The list's key and the single item's key in the answer, and the schema of one. */
  readonly keys: readonly [string, string];
  readonly schema: string;
  readonly summaries: readonly [string, string];
  readonly query: Q;
  readonly filters: { readonly [K in keyof Omit<z.input<Q>, "limit" | "offset"> & string]-?: string };
  readonly idText: string;
}

function disclosed<Q extends z.ZodObject>(d: Disclosed<Q>): Record<string, PathItem> {
  const descriptions = { ...d.filters, ...PAGE } as unknown as Parameters<typeof parametersOf<Q>>[2];
  return {
    [d.path]: {
      get: {
        operationId: d.ids[0],
        summary: d.summaries[0],
        tags: ["disclosure"],
        parameters: parametersOf(d.query, "query", descriptions),
        responses: { "200": ok(d.summaries[0], list(d.keys[0], d.schema)), ...errors("400", "429", "503") },
      },
    },
    [`${d.path}/{id}`]: {
      get: {
        operationId: d.ids[1],
        summary: d.summaries[1],
        tags: ["disclosure"],
        parameters: parametersOf(idParams, "path", { id: d.idText }),
        responses: { "200": ok(d.summaries[1], single(d.keys[1], d.schema)), ...errors("400", "404", "429", "503") },
      },
    },
  };
}

export const DISCLOSURE_PATHS: Readonly<Record<string, PathItem>> = {
  ...disclosed({
    path: "/api/v1/disclosure/organizations",
    ids: ["disclosureOrganizations", "disclosureOrganization"],
    keys: ["organizations", "organization"],
    schema: "Organization",
    summaries: ["Organisations with their current qualification and its term", "One organisation"],
    query: organizationQuery,
    filters: { kind: "Organisation kind.", status: "Organisation status.", qualified: "Qualified now (or not).", q: "Case-insensitive substring of the name." },
    idText: "Organisation id.",
  }),
  ...disclosed({
    path: "/api/v1/disclosure/grants",
    ids: ["disclosureGrants", "disclosureGrant"],
    keys: ["grants", "grant"],
    schema: "Grant",
    summaries: ["Who is authorized, for what content and scope, until when", "One grant"],
    query: grantQuery,
    filters: {
      grantee: "Grantee organisation.",
      grantor: "Grantor organisation.",
      status: "Stored status.",
      live: "Live now (status, term, both parties, the chain up to the bureau).",
      purpose: "Purpose.",
      resource: "Grants whose scope holds this resource.",
    },
    idText: "Grant id.",
  }),
  ...disclosed({
    path: "/api/v1/disclosure/products",
    ids: ["disclosureProducts", "disclosureProduct"],
    keys: ["products", "product"],
    schema: "Product",
    summaries: ["The published product and service list", "One product, whatever its state"],
    query: productQuery,
    filters: {
      state: "Product state; default published.",
      developer: "Developer organisation.",
      grant: "The scenario grant it is bound to.",
      form: "Product form (Art. 4).",
      source: "Products declaring this resource as a source.",
      q: "Case-insensitive substring of a registration number or the developer's name.",
    },
    idText: "Product id.",
  }),
  ...disclosed({
    path: "/api/v1/disclosure/catalog",
    ids: ["disclosureCatalog", "disclosureResource"],
    keys: ["resources", "resource"],
    schema: "Resource",
    summaries: ["The data-resource catalog, metadata only (hashes stay hashes)", "One resource"],
    query: catalogQuery,
    filters: {
      source: "Data-source department.",
      classification: "Classification level, 1..4.",
      open: "Open for development (in the authorized-operation catalog).",
      inScope: "Inside the operator's authorized scope.",
      q: "Case-insensitive substring of the code, registration number or source name.",
    },
    idText: "Resource id.",
  }),
};

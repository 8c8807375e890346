import { getJson, type CatalogList, type DisclosedGrant, type DisclosedOrganization, type DisclosedProduct, type DisclosedResource, type GrantList, type OrganizationList, type ProductList } from "../api";
import { h, replaceChildren, shortHash, uid } from "../dom";
import { GRANT_STATES, GRANT_STATE_TEXT, grantState } from "../grant-status";
import { displayName, formatDate, formatDateTime, t, word } from "../i18n";
import { CLASSIFICATION, ORG_KINDS, ORG_STATUSES, PRODUCT_FORMS, PRODUCT_STATES, PURPOSES, QUALIFICATION_STATES } from "../terms";
import { errorBox, loadingBox, routeHref, scrollTable, viewHeader, type ViewContext } from "../view";

/*
 * The public disclosure (Art. 31; R21): no sign-in. One search box filters all four lists; each list
 * has its own filter and pages on the page (the node answers up to 500 of each at once).
 */

const PAGE = 25;
const LIMIT = 500;

interface Data {
  organizations: OrganizationList;
  grants: GrantList;
  products: ProductList;
  catalog: CatalogList;
}

function yesNo(value: boolean): HTMLElement {
  return h("span", { class: value ? "yes" : "no" }, value ? t("yes") : t("no"));
}

function badge(state: string, text: string): HTMLElement {
  return h("span", { class: `badge badge-${state}` }, text);
}

function includes(query: string, ...texts: (string | number | null | undefined)[]): boolean {
  if (query === "") return true;
  return texts.some((text) => text !== null && text !== undefined && String(text).toLowerCase().includes(query));
}

async function fetchData(signal?: AbortSignal): Promise<Data> {
  const [organizations, grants, products, catalog] = await Promise.all([
    getJson<OrganizationList>(`/api/v1/disclosure/organizations?limit=${LIMIT}`, { signal }),
    getJson<GrantList>(`/api/v1/disclosure/grants?limit=${LIMIT}`, { signal }),
    getJson<ProductList>(`/api/v1/disclosure/products?state=any&limit=${LIMIT}`, { signal }),
    getJson<CatalogList>(`/api/v1/disclosure/catalog?limit=${LIMIT}`, { signal }),
  ]);
  return { organizations, grants, products, catalog };
}

/** Starts the requests before the view is drawn (the answers are reused from the short request cache). */
export function prefetchDisclosure(): void {
  fetchData().catch(() => undefined);
}

export async function renderDisclosure(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const body = h("div", null, loadingBox());
  replaceChildren(root, viewHeader(t("disclosureTitle"), t("disclosureIntro")), body);

  let data: Data;
  try {
    data = await fetchData(ctx.signal);
  } catch (error) {
    replaceChildren(body, errorBox(error));
    return;
  }
  const block = data.grants.block;
  const orgName = new Map(data.organizations.organizations.map((o) => [o.id, o.name]));
  const sourceOf = new Map(data.catalog.resources.map((r) => [r.id, r.sourceName]));

  // ==== filters ====
  const searchId = uid("search");
  const search = h("input", { id: searchId, type: "search", placeholder: t("searchPlaceholder"), value: ctx.params.get("q") ?? "", autocomplete: "off" });
  const select = (name: string, label: string, options: [string, string][], initial: string) => {
    const id = uid("filter");
    const el = h("select", { id, name }, options.map(([value, text]) => h("option", { value, selected: value === initial }, text)));
    return { el, field: h("div", { class: "field" }, h("label", { for: id }, label), el) };
  };
  const kinds = [...new Set(data.organizations.organizations.map((o) => o.kind))];
  const kindFilter = select("kind", t("filterKind"), [["", t("filterAll")], ...kinds.map((k): [string, string] => [k, word(ORG_KINDS, k)])], ctx.params.get("kind") ?? "");
  const grantFilter = select("grant", t("filterGrantStatus"), [["", t("filterAll")], ...GRANT_STATES.map((s): [string, string] => [s, t(GRANT_STATE_TEXT[s])])], ctx.params.get("grant") ?? "");
  const productFilter = select(
    "product",
    t("filterProductState"),
    [["", t("filterAll")], ...Object.keys(PRODUCT_STATES).filter((s) => s !== "none").map((s): [string, string] => [s, word(PRODUCT_STATES, s)])],
    ctx.params.get("product") ?? "published",
  );

  const sections = h("div", { class: "sections" });
  const filterBar = h(
    "form",
    { class: "filters", role: "search", onsubmit: (e: Event) => e.preventDefault() },
    h("div", { class: "field field-grow" }, h("label", { for: searchId }, t("search")), search),
    kindFilter.field,
    grantFilter.field,
    productFilter.field,
  );
  replaceChildren(
    body,
    h("p", { class: "meta" }, t("snapshotAt", { block: block.number, time: formatDateTime(block.timestamp * 1000) })),
    filterBar,
    sections,
  );

  const draw = () => {
    const query = search.value.trim().toLowerCase();
    const organizations = data.organizations.organizations.filter(
      (o) => (kindFilter.el.value === "" || o.kind === kindFilter.el.value) && includes(query, o.id, o.name, o.kind, word(ORG_KINDS, o.kind)),
    );
    const grants = data.grants.grants.filter(
      (g) =>
        (grantFilter.el.value === "" || grantState(g, block.timestamp) === grantFilter.el.value) &&
        includes(query, g.id, g.grantorName, g.granteeName, g.scenario, g.purpose, word(PURPOSES, g.purpose)),
    );
    const products = data.products.products.filter(
      (p) =>
        (productFilter.el.value === "" || p.state === productFilter.el.value) &&
        includes(query, p.id, p.developerName, p.registrationNumber, p.exchangeRegistrationNumber, p.form, word(PRODUCT_FORMS, p.form)),
    );
    const resources = data.catalog.resources.filter((r) => includes(query, r.id, r.code, r.sourceName, r.registrationNumber));
    replaceChildren(
      sections,
      section("organizations", t("organizations"), organizations, organizationTable, data.organizations),
      section("grants", t("grants"), grants, (items) => grantTable(items, block.timestamp, orgName, sourceOf), data.grants),
      section("products", t("products"), products, productTable, data.products),
      section("catalog", t("catalog"), resources, catalogTable, data.catalog),
    );
  };
  for (const el of [kindFilter.el, grantFilter.el, productFilter.el]) el.addEventListener("change", draw);
  search.addEventListener("input", draw);
  draw();
}

/** A titled list that shows PAGE rows and pages on with a button. */
function section<T>(id: string, title: string, items: T[], table: (items: T[]) => HTMLElement, list: { total: number; limit: number }): HTMLElement {
  const container = h("div");
  const status = h("p", { class: "meta", "aria-live": "polite" });
  let shown = Math.min(PAGE, items.length);
  const more = h("button", { type: "button", class: "secondary" }, t("more"));
  const draw = () => {
    replaceChildren(container, items.length === 0 ? h("p", { class: "empty" }, t("noMatches")) : table(items.slice(0, shown)));
    status.textContent = t("shownOf", { shown, total: items.length });
    more.hidden = shown >= items.length;
  };
  more.addEventListener("click", () => {
    shown = Math.min(items.length, shown + PAGE);
    draw();
  });
  draw();
  // Lists past the node's page size (500) are loaded in part; say so rather than look complete.
  const truncated = list.total > list.limit ? h("p", { class: "notice" }, t("truncated", { total: list.total, loaded: list.limit })) : null;
  return h(
    "section",
    { class: "card", "aria-labelledby": `h-${id}`, id: `section-${id}` },
    h("h3", { id: `h-${id}` }, title, " ", h("span", { class: "count" }, `(${items.length})`)),
    truncated,
    container,
    h("div", { class: "pager" }, status, more),
  );
}

function organizationTable(items: DisclosedOrganization[]): HTMLElement {
  const rows = items.map((o) => {
    const q = o.qualification;
    return h(
      "tr",
      null,
      h("td", { class: "num" }, h("a", { href: routeHref("timeline", { kind: "organization", id: String(o.id) }) }, `#${o.id}`)),
      h("td", { title: o.name }, displayName(o.name)),
      h("td", null, word(ORG_KINDS, o.kind)),
      h("td", null, badge(o.status === "active" ? "live" : o.status, word(ORG_STATUSES, o.status))),
      h(
        "td",
        null,
        q === null
          ? "—"
          : [
              t("qualifiedUntil", { state: word(QUALIFICATION_STATES, q.state), until: formatDate(q.validUntil) }),
              q.qualifiedNow ? [" ", badge("live", t("qualifiedNow"))] : null,
            ],
        o.renewal === null ? null : h("div", { class: "meta" }, t("renewalPending", { id: o.renewal.id, state: word(QUALIFICATION_STATES, o.renewal.state) })),
      ),
    );
  });
  return scrollTable(t("organizations"), [t("colId"), t("colName"), t("colKind"), t("colStatus"), t("colQualification")], rows);
}

function scopeList(grant: DisclosedGrant, sourceOf: Map<number, string | null>): HTMLElement {
  return h(
    "ul",
    { class: "scope" },
    grant.scope.resources.map((r) => {
      const source = sourceOf.get(r.resourceId);
      const vars = { id: r.resourceId, n: popCount(r.fieldMask), total: r.fieldCount };
      return h("li", null, source ? t("fieldsOfNamed", { ...vars, source: displayName(source) }) : t("fieldsOf", vars));
    }),
  );
}

function popCount(mask: string): number {
  let n = 0;
  for (let v = BigInt(mask); v > 0n; v >>= 1n) n += Number(v & 1n);
  return n;
}

function grantTable(items: DisclosedGrant[], blockTime: number, orgName: Map<number, string>, sourceOf: Map<number, string | null>): HTMLElement {
  const rows = items.map((g) => {
    const state = grantState(g, blockTime);
    return h(
      "tr",
      null,
      h("td", { class: "num" }, h("a", { href: routeHref("grants", { grant: String(g.id) }) }, `#${g.id}`)),
      h("td", null, displayName(g.grantorName ?? orgName.get(g.grantor))),
      h("td", null, displayName(g.granteeName ?? orgName.get(g.grantee))),
      h("td", { class: "hash", title: g.scenario ?? "" }, g.parent === null ? t("wholeCatalog") : shortHash(g.scenario)),
      h("td", null, word(PURPOSES, g.purpose)),
      h("td", { class: "nowrap" }, `${formatDate(g.start)} – ${formatDate(g.end)}`),
      h("td", null, badge(state, t(GRANT_STATE_TEXT[state]))),
      h("td", null, scopeList(g, sourceOf)),
    );
  });
  return scrollTable(t("grants"), [t("colId"), t("colGrantor"), t("colGrantee"), t("colScenario"), t("colPurpose"), t("colTerm"), t("colStatus"), t("colScope")], rows);
}

function productTable(items: DisclosedProduct[]): HTMLElement {
  const rows = items.map((p) =>
    h(
      "tr",
      null,
      h("td", { class: "num" }, h("a", { href: routeHref("timeline", { kind: "product", id: String(p.id) }) }, `#${p.id}`)),
      h("td", null, displayName(p.developerName)),
      h("td", null, word(PRODUCT_FORMS, p.form)),
      h("td", null, badge(p.state === "published" ? "live" : p.state, word(PRODUCT_STATES, p.state))),
      h("td", null, p.registrationNumber ?? "—"),
      h("td", null, p.exchangeRegistrationNumber ?? "—"),
      h("td", { class: "num" }, h("a", { href: routeHref("grants", { grant: String(p.grantId) }) }, `#${p.grantId}`)),
      h("td", null, p.sources.map((s) => `#${s}`).join(", ")),
    ),
  );
  return scrollTable(t("products"), [t("colId"), t("colDeveloper"), t("colForm"), t("colStatus"), t("colRegistration"), t("colExchange"), t("colGrant"), t("colSources")], rows);
}

function catalogTable(items: DisclosedResource[]): HTMLElement {
  const rows = items.map((r) =>
    h(
      "tr",
      null,
      h("td", { class: "num" }, h("a", { href: routeHref("timeline", { kind: "resource", id: String(r.id) }) }, `#${r.id}`)),
      h("td", null, displayName(r.sourceName)),
      h("td", null, r.registrationNumber ?? "—"),
      h("td", null, word(CLASSIFICATION, String(r.classification))),
      h("td", { class: "num" }, String(r.fieldCount)),
      h("td", { class: "num" }, String(r.version)),
      h("td", null, yesNo(r.inOperationScope)),
      h("td", null, yesNo(r.openForDevelopment)),
      h("td", { class: "nowrap" }, formatDate(r.updatedAt)),
      h("td", { class: "hash", title: r.code }, shortHash(r.code)),
    ),
  );
  return scrollTable(
    t("catalog"),
    [t("colId"), t("colSource"), t("colRegistration"), t("colClassification"), t("colFields"), t("colVersion"), t("colInScope"), t("colOpen"), t("colUpdated"), t("colCode")],
    rows,
  );
}

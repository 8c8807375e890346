import { getJson, sessionToken, type DisclosedGrant, type GrantList } from "../api";
import { h, replaceChildren, shortHash } from "../dom";
import { historyList } from "../events";
import { GRANT_STATES, GRANT_STATE_TEXT, grantState } from "../grant-status";
import { displayName, formatDate, formatDateTime, t, word } from "../i18n";
import { PURPOSES, REASON_SHORT } from "../terms";
import { errorBox, loadingBox, routeHref, viewHeader, type ViewContext } from "../view";

/*
 * The grant tree (Art. 9; R4): the bureau's whole grant to the operator at the root, every scenario
 * grant under it, each coloured by its state (and named in words, so colour is never the only cue).
 * Selecting a grant shows what it covers and its on-chain history (supervisors).
 */

export async function renderGrantTree(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const body = h("div", null, loadingBox());
  replaceChildren(root, viewHeader(t("grantTreeTitle"), t("grantTreeIntro")), body);
  let list: GrantList;
  try {
    list = await getJson<GrantList>("/api/v1/disclosure/grants?limit=500", { signal: ctx.signal });
  } catch (error) {
    replaceChildren(body, errorBox(error));
    return;
  }
  const blockTime = list.block.timestamp;
  const grants = list.grants;
  if (grants.length === 0) {
    replaceChildren(body, h("p", { class: "empty" }, t("noGrants")));
    return;
  }
  const byId = new Map(grants.map((g) => [g.id, g]));
  const children = new Map<number | null, DisclosedGrant[]>();
  for (const g of grants) {
    const parent = g.parent !== null && byId.has(g.parent) ? g.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), g]);
  }

  const detail = h("section", { class: "card detail", "aria-live": "polite", "aria-labelledby": "grant-detail-title" }, h("h3", { id: "grant-detail-title" }, t("grantHistory")), h("p", { class: "meta" }, t("selectGrant")));
  const buttons = new Map<number, HTMLButtonElement>();

  const select = (g: DisclosedGrant, focusDetail: boolean) => {
    for (const [id, b] of buttons) b.setAttribute("aria-current", id === g.id ? "true" : "false");
    showDetail(detail, g, blockTime, ctx);
    if (focusDetail) detail.scrollIntoView({ block: "nearest" });
    history.replaceState(null, "", routeHref("grants", { grant: String(g.id) }));
  };

  const node = (g: DisclosedGrant): HTMLLIElement => {
    const state = grantState(g, blockTime);
    const kids = children.get(g.id) ?? [];
    const button = h(
      "button",
      { type: "button", class: `grant-node state-${state}`, "data-grant": g.id, "data-state": state, "aria-current": "false" },
      h("span", { class: "who" }, t("grantNode", { id: g.id }), " · ", displayName(g.grantorName), " → ", displayName(g.granteeName)),
      h("span", { class: `badge badge-${state}` }, t(GRANT_STATE_TEXT[state])),
      h("span", { class: "term" }, g.parent === null ? t("wholeCatalog") : `${t("colScenario")} ${shortHash(g.scenario)}`, " · ", `${formatDate(g.start)} – ${formatDate(g.end)}`),
    );
    button.addEventListener("click", () => select(g, true));
    buttons.set(g.id, button);
    return h("li", null, button, kids.length === 0 ? null : h("ul", null, kids.map(node)));
  };

  const tree = h("ul", { class: "tree", "aria-label": t("grantTreeTitle") }, (children.get(null) ?? []).map(node));
  // Arrow keys move between grants, in the order they are drawn.
  tree.addEventListener("keydown", (event: KeyboardEvent) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const all = [...tree.querySelectorAll<HTMLButtonElement>("button.grant-node")];
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    event.preventDefault();
    all[Math.max(0, Math.min(all.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))].focus();
  });

  const legend = h(
    "ul",
    { class: "legend", "aria-label": t("legend") },
    h("li", { class: "meta" }, `${t("legend")}:`),
    GRANT_STATES.map((s) => h("li", null, h("span", { class: `badge badge-${s}` }, t(GRANT_STATE_TEXT[s])))),
  );
  replaceChildren(
    body,
    h("p", { class: "meta" }, t("snapshotAt", { block: list.block.number, time: formatDateTime(blockTime * 1000) })),
    legend,
    h("div", { class: "tree-layout" }, h("div", { class: "card" }, tree), detail),
  );
  const wanted = Number(ctx.params.get("grant"));
  const initial = byId.get(wanted);
  if (initial !== undefined) select(initial, false);
}

function showDetail(detail: HTMLElement, g: DisclosedGrant, blockTime: number, ctx: ViewContext): void {
  const state = grantState(g, blockTime);
  const fact = (name: string, value: Node | string) => [h("dt", null, name), h("dd", null, value)];
  replaceChildren(
    detail,
    h("h3", { id: "grant-detail-title" }, t("grantDetails", { id: g.id }), " ", h("span", { class: `badge badge-${state}` }, t(GRANT_STATE_TEXT[state]))),
    h(
      "dl",
      { class: "facts" },
      fact(t("colGrantor"), displayName(g.grantorName)),
      fact(t("colGrantee"), displayName(g.granteeName)),
      fact(t("colScenario"), g.parent === null ? t("wholeCatalog") : h("code", null, g.scenario ?? "—")),
      fact(t("colPurpose"), word(PURPOSES, g.purpose)),
      fact(t("colTerm"), `${formatDate(g.start)} – ${formatDate(g.end)}`),
      g.live ? null : fact(t("colStatus"), t("notLiveBecause", { reason: word(REASON_SHORT, g.denial) })),
      fact(t("colScope"), h("ul", { class: "scope" }, g.scope.resources.map((r) => h("li", null, t("fieldsOf", { id: r.resourceId, n: bits(r.fieldMask), total: r.fieldCount }))))),
      g.application === null ? null : fact(t("application"), `#${g.application}`),
      fact(t("agreementHash"), h("code", null, shortHash(g.agreementHash, 10))),
      g.feeTermsHash === null ? null : fact(t("feeTermsHash"), h("code", null, shortHash(g.feeTermsHash, 10))),
    ),
    h("h4", null, t("grantHistory"), " · ", h("a", { href: routeHref("timeline", { kind: "grant", id: String(g.id) }) }, t("openTimeline"))),
    sessionToken() === null ? h("p", { class: "notice", role: "status" }, t("sessionNeeded")) : historyList("grant", String(g.id), ctx.config, ctx.signal, 20),
  );
}

function bits(mask: string): number {
  let n = 0;
  for (let v = BigInt(mask); v > 0n; v >>= 1n) n += Number(v & 1n);
  return n;
}

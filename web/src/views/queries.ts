import { getJson, sessionToken } from "../api";
import { h, replaceChildren, shortHash, uid } from "../dom";
import { formatDateTime, formatNumber, t } from "../i18n";
import type { AccessLogEntry } from "../../../server/log";
import { errorBox, routeHref, scrollTable, viewHeader, type ViewContext } from "../view";

/*
 * Queries under a grant (数据查询): who asked what, the dataset versions read, rows scanned and returned,
 * groups suppressed and the digest of what left, as the node's log records them (GET /api/v1/queries);
 * each row links to the verify view, which checks the entry against the anchored log.
 */

type QueryEntry = AccessLogEntry & { readonly index: number };

interface QueryPage {
  readonly grant: number;
  readonly queries: readonly QueryEntry[];
  readonly next: string | null;
}

function row(q: QueryEntry): HTMLTableRowElement {
  const record = q.query;
  // a refused query read nothing: the log says "none" where a declared access names its resource
  const reads = record?.reads.map((r) => `${r.resourceId} (v${r.datasetVersion})`).join(", ") || (q.resourceId === "none" ? "—" : q.resourceId);
  const allowed = q.decision === "allowed";
  return h(
    "tr",
    { "data-index": q.index, "data-decision": q.decision },
    h("td", null, h("a", { href: routeHref("verify", { index: String(q.index) }), title: t("verifyAgainstLog") }, `#${q.index}`)),
    h("td", null, formatDateTime(Date.parse(q.time))),
    h("td", null, q.org, " / ", h("code", { title: q.key }, shortHash(q.key, 4))),
    h("td", null, q.operation),
    h("td", { class: allowed ? "ok" : "bad" }, allowed ? t("decisionAllowed") : `${t("decisionDenied")} · ${q.reason}`),
    h("td", null, reads),
    h("td", { class: "num" }, formatNumber(record?.rowsScanned ?? 0)),
    h("td", { class: "num" }, formatNumber(record?.rowsReturned ?? 0)),
    h("td", { class: "num", "data-suppressed": record?.groupsSuppressed ?? 0 }, formatNumber(record?.groupsSuppressed ?? 0)),
    h("td", null, record?.resultDigest ? h("code", { title: record.resultDigest }, shortHash(`0x${record.resultDigest}`)) : "—"),
  );
}

async function queriesList(grant: string, ctx: ViewContext): Promise<HTMLElement> {
  const page = await getJson<QueryPage>(`/api/v1/queries?grantId=${encodeURIComponent(grant)}`, { auth: true, signal: ctx.signal, fresh: true });
  if (page.queries.length === 0) return h("p", { class: "notice", role: "status" }, t("queriesNone"));
  const head = ["colEntry", "colTime", "colWho", "colOperation", "colDecision", "colResources", "colRowsScanned", "colRowsReturned", "colSuppressed", "colDigest"] as const;
  return scrollTable(t("queriesCaption", { grant }), head.map((k) => t(k)), page.queries.map(row));
}

export async function renderQueries(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const grant = ctx.params.get("grant") ?? "";
  const inputId = uid("grant");
  const input = h("input", { id: inputId, name: "grant", value: grant, required: true, pattern: "[0-9]{1,10}", inputmode: "numeric", size: 10, autocomplete: "off", "data-testid": "queries-grant" });
  const form = h(
    "form",
    {
      class: "timeline-form card",
      onsubmit: (event: Event) => {
        event.preventDefault();
        ctx.navigate("queries", { grant: input.value.trim() });
      },
    },
    h("div", { class: "field" }, h("label", { for: inputId }, t("queriesGrant")), input),
    h("button", { type: "submit" }, t("show")),
  );
  const results = h("section", { class: "card", "data-testid": "queries-result" });
  replaceChildren(root, viewHeader(t("queriesTitle"), t("queriesIntro")), form, results);
  if (grant === "") {
    results.hidden = true;
    return;
  }
  if (sessionToken() === null) {
    replaceChildren(results, h("p", { class: "notice", role: "status" }, t("queriesSessionNeeded")));
    return;
  }
  replaceChildren(results, await queriesList(grant, ctx).catch((error: unknown) => errorBox(error)));
}

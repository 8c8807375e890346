import { sessionToken } from "../api";
import { h, replaceChildren, uid } from "../dom";
import { historyList } from "../events";
import { t, type TextKey } from "../i18n";
import { routeHref, viewHeader, type ViewContext } from "../view";

/*
 * Timelines: the full on-chain history of one subject, newest first, paged by the node's cursor. The
 * history is the audit index (supervisors: bureau, business and security supervisors, industry authorities).
 */

const KINDS: readonly [string, TextKey][] = [
  ["organization", "kindOrganization"],
  ["grant", "kindGrant"],
  ["resource", "kindResource"],
  ["product", "kindProduct"],
  ["application", "kindApplication"],
  ["qualification", "kindQualification"],
  ["key", "kindKey"],
  ["order", "kindOrder"],
  ["incident", "kindIncident"],
  ["evaluation", "kindEvaluation"],
  ["decision", "kindDecision"],
  ["log", "kindLog"],
];

export async function renderTimeline(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const kind = KINDS.some(([k]) => k === ctx.params.get("kind")) ? (ctx.params.get("kind") as string) : "organization";
  const id = ctx.params.get("id") ?? "";
  const kindId = uid("kind");
  const idId = uid("subject-id");
  const kindSelect = h("select", { id: kindId, name: "kind" }, KINDS.map(([k, label]) => h("option", { value: k, selected: k === kind }, t(label))));
  const idInput = h("input", { id: idId, name: "id", value: id, required: true, pattern: "[0-9]{1,78}|0x[0-9a-fA-F]{1,64}", inputmode: "text", size: 24, autocomplete: "off" });
  const form = h(
    "form",
    {
      class: "timeline-form card",
      onsubmit: (event: Event) => {
        event.preventDefault();
        ctx.navigate("timeline", { kind: kindSelect.value, id: idInput.value.trim() });
      },
    },
    h("div", { class: "field" }, h("label", { for: kindId }, t("subjectKind")), kindSelect),
    h("div", { class: "field" }, h("label", { for: idId }, t("subjectId")), idInput),
    h("button", { type: "submit" }, t("show")),
  );
  const results = h("section", { class: "card", "aria-labelledby": "timeline-subject" });
  replaceChildren(root, viewHeader(t("timelineTitle"), t("timelineIntro")), form, results);
  if (id === "") {
    results.hidden = true;
    return;
  }
  const label = t(KINDS.find(([k]) => k === kind)?.[1] ?? "kindOrganization");
  replaceChildren(
    results,
    h("h3", { id: "timeline-subject" }, `${label} ${id}`, kind === "grant" ? [" · ", h("a", { href: routeHref("grants", { grant: id }) }, t("navGrants"))] : null),
    sessionToken() === null ? h("p", { class: "notice", role: "status" }, t("sessionNeeded")) : historyList(kind, id, ctx.config, ctx.signal, pageSize(ctx.params.get("limit"))),
  );
}

/** Events per page: 50, or ?limit= (1..500) in the route. */
function pageSize(text: string | null): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : 50;
}

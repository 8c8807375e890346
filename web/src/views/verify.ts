import { h, replaceChildren, uid } from "../dom";
import { t } from "../i18n";
import { verifyEntry, type VerifyOutcome } from "../verify-core";
import { errorBox, viewHeader, type ViewContext } from "../view";

/** Verify an entry: the form, then the verdict in one sentence and every check that ran, passed, failed or was skipped. */

function field(label: string, control: HTMLInputElement | HTMLTextAreaElement, help?: string): HTMLElement {
  const id = uid("verify");
  control.id = id;
  const helpId = help === undefined ? null : `${id}-help`;
  if (helpId !== null) control.setAttribute("aria-describedby", helpId);
  return h("div", { class: "field" }, h("label", { for: id }, label), control, help === undefined ? null : h("small", { id: helpId }, help));
}

function outcomeView(outcome: VerifyOutcome): HTMLElement[] {
  const mark = { pass: "✓", fail: "✗", skip: "–" } as const;
  const download =
    outcome.bundle === undefined
      ? null
      : h("a", { href: URL.createObjectURL(new Blob([JSON.stringify(outcome.bundle, null, 2)], { type: "application/json" })), download: `bundle-${outcome.bundle.index}.json` }, t("downloadBundle"));
  const parts: (HTMLElement | null)[] = [
    h("p", { class: `verdict ${outcome.ok ? "ok" : "bad"}`, role: "status", "data-verdict": outcome.ok ? "ok" : "bad" }, outcome.summary),
    outcome.bundle === undefined ? null : h("h3", null, outcome.ok ? t("entryContent") : t("entryClaimed")),
    outcome.bundle === undefined
      ? null
      : h("dl", { class: "facts entry" }, Object.entries(outcome.bundle.entry).flatMap(([name, value]) => [h("dt", null, name), h("dd", null, h("code", null, typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)))])),
    h("h3", null, t("whatWasChecked")),
    h(
      "ol",
      { class: "checks" },
      outcome.steps.map((s) =>
        h("li", { class: s.status, "data-step": s.id, "data-status": s.status }, h("span", { class: "mark", "aria-hidden": "true" }, mark[s.status]), h("span", null, h("span", { class: "visually-hidden" }, `${s.status}: `), s.text, s.why && s.status !== "pass" ? h("span", { class: "why" }, s.why) : null)),
      ),
    ),
    h("h3", null, t("notChecked")),
    h("p", null, t("notCheckedText")),
    download === null ? null : h("p", null, download),
  ];
  return parts.filter((x): x is HTMLElement => x !== null);
}

export async function renderVerify(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const input = h("textarea", { rows: 4, spellcheck: "false", name: "input", "data-testid": "verify-input" });
  input.value = ctx.params.get("index") ?? "";
  const rpcUrl = h("input", { type: "url", name: "rpc", value: ctx.config.rpcUrl ?? "", autocomplete: "off" });
  const trustedKey = h("input", { type: "text", name: "key", value: "", autocomplete: "off", spellcheck: "false" });
  const contract = h("input", { type: "text", name: "contract", value: ctx.config.anchorContract ?? "", autocomplete: "off", spellcheck: "false" });
  const button = h("button", { type: "submit", "data-testid": "verify-button" }, t("verifyButton"));
  const result = h("section", { class: "card result", "aria-live": "polite", "data-testid": "verify-result" });
  result.hidden = true;

  const run = async () => {
    button.setAttribute("disabled", "");
    result.hidden = false;
    replaceChildren(result, h("p", { class: "loading", role: "status" }, t("verifying")));
    try {
      const outcome = await verifyEntry({ input: input.value, rpcUrl: rpcUrl.value.trim(), trustedKey: trustedKey.value, anchorContract: contract.value });
      if (ctx.signal.aborted) return;
      replaceChildren(result, outcomeView(outcome));
    } catch (error) {
      replaceChildren(result, errorBox(error));
    } finally {
      button.removeAttribute("disabled");
    }
  };

  const form = h(
    "form",
    {
      class: "verify-form card",
      onsubmit: (event: Event) => {
        event.preventDefault();
        void run();
      },
    },
    field(t("verifyInput"), input, t("verifyInputHelp")),
    h("div", { class: "row" }, field(t("rpcUrl"), rpcUrl, t("rpcUrlHelp")), field(t("anchorContractLabel"), contract)),
    field(t("trustedKey"), trustedKey),
    h("div", null, button),
  );
  replaceChildren(root, viewHeader(t("verifyTitle"), t("verifyIntro")), form, result);
  if (input.value.trim() !== "") await run().catch((error: unknown) => replaceChildren(result, errorBox(error)));
}

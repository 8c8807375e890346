import type { WebConfig } from "./api";
import { ApiError } from "./api";
import { h } from "./dom";
import { refusalText } from "../../server/log/bundle-refusals";
import { lang, t } from "./i18n";

/** What every view gets: the route's parameters, the node's config, and a signal aborted when the reader leaves. */
export interface ViewContext {
  readonly params: URLSearchParams;
  readonly config: WebConfig;
  readonly signal: AbortSignal;
  /** Go to another route, e.g. navigate("timeline", { kind: "grant", id: "3" }). */
  navigate(route: string, params?: Record<string, string>): void;
}

export type View = (root: HTMLElement, ctx: ViewContext) => Promise<void>;

export function routeHref(route: string, params?: Record<string, string>): string {
  const query = params === undefined ? "" : new URLSearchParams(params).toString();
  return `#/${route}${query ? `?${query}` : ""}`;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = refusalText(error, lang());
    return typeof code === "string" ? `${code}: ${message}` : message;
  }
  return String(error);
}

export function errorBox(error: unknown): HTMLElement {
  if (error instanceof ApiError && (error.status === 401 || error.code === "UNAUTHENTICATED" || error.code === "SESSION_EXPIRED")) {
    return h("p", { class: "notice", role: "status" }, t("sessionNeeded"));
  }
  if (error instanceof ApiError && error.status === 403) {
    return h("p", { class: "notice", role: "status" }, t("sessionNeeded"), " ", error.message);
  }
  return h("p", { class: "error", role: "alert" }, t("errorPrefix"), errorText(error));
}

export function loadingBox(): HTMLElement {
  return h("p", { class: "loading", role: "status" }, t("loading"));
}

/** A heading with the intro paragraph every view starts with. */
export function viewHeader(title: string, intro: string): HTMLElement[] {
  return [h("h2", { id: "view-title", tabindex: -1 }, title), h("p", { class: "intro" }, intro)];
}

/** A table that scrolls sideways on a narrow screen, focusable so the keyboard can scroll it. */
export function scrollTable(caption: string, head: string[], rows: HTMLTableRowElement[]): HTMLElement {
  return h(
    "div",
    { class: "table-wrap", role: "region", "aria-label": t("tableScroll", { name: caption }), tabindex: 0 },
    h(
      "table",
      null,
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", null, h("tr", null, head.map((name) => h("th", { scope: "col" }, name)))),
      h("tbody", null, rows),
    ),
  );
}

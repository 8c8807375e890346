import "./styles.css";
import { webConfig, type WebConfig } from "./api";
import { h, replaceChildren } from "./dom";
import { lang, onLangChange, setLang, t, type TextKey } from "./i18n";
import { sessionControl } from "./session";
import { errorBox, loadingBox, type View, type ViewContext } from "./view";
import { prefetchDisclosure, renderDisclosure } from "./views/disclosure";

/*
 * The dashboard's shell: header, navigation, language switch and sign-in; one view at a time, chosen
 * by the URL hash (#/disclosure, #/grants, #/timeline?kind=grant&id=3, #/health, #/verify?index=13).
 * The public disclosure is bundled in; the other views load when first opened.
 */

interface Route {
  readonly name: string;
  readonly label: TextKey;
  readonly load: () => Promise<View>;
}

const ROUTES: readonly Route[] = [
  { name: "disclosure", label: "navDisclosure", load: async () => renderDisclosure },
  { name: "grants", label: "navGrants", load: async () => (await import("./views/grant-tree")).renderGrantTree },
  { name: "timeline", label: "navTimeline", load: async () => (await import("./views/timeline")).renderTimeline },
  { name: "queries", label: "navQueries", load: async () => (await import("./views/queries")).renderQueries },
  { name: "health", label: "navHealth", load: async () => (await import("./views/health")).renderHealth },
  { name: "verify", label: "navVerify", load: async () => (await import("./views/verify")).renderVerify },
];

function currentRoute(): { route: Route; params: URLSearchParams } {
  const match = /^#\/([a-z-]*)(?:\?(.*))?$/.exec(location.hash);
  const route = ROUTES.find((r) => r.name === match?.[1]) ?? ROUTES[0];
  return { route, params: new URLSearchParams(match?.[2] ?? "") };
}

const app = document.getElementById("app") as HTMLElement;
const main = h("main", { id: "main", tabindex: -1 });
const nav = h("nav", { "aria-label": t("mainNav") });
const header = h("header", { class: "top" });
let config: WebConfig | undefined;
let controller: AbortController | undefined;
let renderCount = 0;
let headerLang: string | undefined;

function drawHeader(): void {
  const { route } = currentRoute();
  nav.setAttribute("aria-label", t("mainNav"));
  replaceChildren(
    nav,
    h(
      "ul",
      null,
      ROUTES.map((r) => h("li", null, h("a", { href: `#/${r.name}`, "aria-current": r === route ? "page" : null, "data-route": r.name }, t(r.label)))),
    ),
  );
  // The header is rebuilt only when the language changes, so an open sign-in panel stays open.
  if (headerLang === lang()) return;
  headerLang = lang();
  const langButton = h(
    "button",
    { type: "button", class: "lang", lang: lang() === "zh" ? "en" : "zh", "aria-label": t("switchLanguageLabel"), "data-testid": "lang-switch", onclick: () => setLang(lang() === "zh" ? "en" : "zh") },
    t("switchLanguage"),
  );
  replaceChildren(
    header,
    h("div", { class: "brand" }, h("h1", null, t("appTitle")), h("p", { class: "subtitle" }, t("appSubtitle"))),
    h("div", { class: "tools" }, langButton, sessionControl(() => void render(false))),
  );
  const skip = document.querySelector(".skip-link");
  if (skip) skip.textContent = t("skipToContent");
}

async function render(focus: boolean): Promise<void> {
  controller?.abort();
  const mine = new AbortController();
  controller = mine;
  const count = ++renderCount;
  drawHeader();
  const { route, params } = currentRoute();
  document.title = `${t(route.label)} · ${t("appTitle")}`;
  replaceChildren(main, loadingBox());
  try {
    config ??= await webConfig();
    const view = await route.load();
    if (count !== renderCount) return;
    const ctx: ViewContext = {
      params,
      config,
      signal: mine.signal,
      navigate: (name, p) => {
        location.hash = `#/${name}${p === undefined ? "" : `?${new URLSearchParams(p).toString()}`}`;
      },
    };
    const section = h("div", { class: "view", "data-view": route.name });
    replaceChildren(main, section);
    await view(section, ctx);
  } catch (error) {
    if (mine.signal.aborted) return;
    replaceChildren(main, errorBox(error));
  }
  if (focus) (document.getElementById("view-title") ?? main).focus({ preventScroll: false });
  main.setAttribute("aria-busy", "false");
  // How long after navigation the first view had its data on screen (the dashboard aims at under a second).
  document.body.dataset.firstRenderMs ??= String(Math.round(performance.now()));
  document.body.dataset.rendered = route.name;
}

// The first view's data is asked for at once, alongside the node's config.
if (currentRoute().route.name === "disclosure") prefetchDisclosure();
replaceChildren(app, header, nav, main, h("footer", null, h("p", null, "Trusted Data Ledger · RFC 6962 · C2SP checkpoints · EIP-4361")));
document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
window.addEventListener("hashchange", () => void render(true));
onLangChange(() => void render(false));
void render(false);

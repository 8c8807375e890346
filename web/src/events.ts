import { label, noun, type EnumName } from "../../server/vocabulary";
import { getJson, type ChainEvent, type HistoryPage, type OrganizationList, type WebConfig } from "./api";
import { h, shortHash } from "./dom";
import { displayName, formatDateTime, formatNumber, lang, t, word } from "./i18n";
import { hexToNumber, rpc, type TxReceipt } from "./rpc";
import { EVENTS } from "./terms";
import { errorBox, errorText, routeHref } from "./view";

/*
 * One chain event as a timeline item: what happened, its arguments (organisations by name, enums in
 * the plan's words), when, and where on chain; with a button that checks the event against the chain
 * over JSON-RPC (the receipt holds it, in that block, and the block is still the chain's block there).
 */

/** Arguments that name a subject link to its timeline. */
const SUBJECT_ARGS: Record<string, string> = {
  org: "organization",
  byOrg: "organization",
  grantee: "organization",
  grantor: "organization",
  developer: "organization",
  counterparty: "organization",
  nodeOrg: "organization",
  grantId: "grant",
  parent: "grant",
  productId: "product",
  resourceId: "resource",
  applicationId: "application",
  application: "application",
  qualificationId: "qualification",
  orderId: "order",
};
const TIME_ARG = /(start|end|[uU]ntil|deadline|At|Time)$/;

/** Arguments that carry an enum value: by name, or by event and name where one name means two enums. */
const ENUM_ARGS: Readonly<Record<string, EnumName>> = {
  role: "OrgKind",
  purpose: "Purpose",
  reason: "TerminationReason",
  parameter: "Parameter",
  form: "ProductForm",
  "OrganizationRegistered.kind": "OrgKind",
  "EvaluationRecorded.kind": "EvaluationKind",
  "OrganizationStatusChanged.from": "OrgStatus",
  "OrganizationStatusChanged.to": "OrgStatus",
};

/** Organisation names by id, from the public disclosure. */
export type OrgNames = ReadonlyMap<number, string>;

/** The disclosure's organisation names (empty when it cannot be read: ids then show alone). */
export async function organizationNames(signal?: AbortSignal): Promise<OrgNames> {
  try {
    const list = await getJson<OrganizationList>("/api/v1/disclosure/organizations?limit=500", { signal });
    return new Map(list.organizations.map((o) => [o.id, o.name]));
  } catch {
    return new Map();
  }
}

function scalar(name: string, value: unknown, event: string, names: OrgNames): Node | string {
  const enumName = ENUM_ARGS[`${event}.${name}`] ?? ENUM_ARGS[name];
  if (enumName !== undefined && /^[0-9]+$/.test(String(value))) return `${noun(label(enumName, value, lang()))} (${String(value)})`;
  if (name === "renews" && String(value) === "0") return t("firstApplication");
  if (typeof value === "string" && /^0x[0-9a-f]{40,}$/i.test(value)) return h("code", { title: value }, shortHash(value));
  if (typeof value === "string" && /^[0-9]{9,10}$/.test(value) && TIME_ARG.test(name)) return formatDateTime(Number(value) * 1000);
  if (typeof value === "number" && value > 1e9 && value < 1e10 && TIME_ARG.test(name)) return formatDateTime(value * 1000);
  const kind = SUBJECT_ARGS[name];
  if (kind !== undefined && (typeof value === "string" || typeof value === "number") && /^[1-9][0-9]*$/.test(String(value))) {
    const orgName = kind === "organization" ? names.get(Number(value)) : undefined;
    return h("a", { href: routeHref("timeline", { kind, id: String(value) }) }, orgName === undefined ? `#${value}` : `#${value} ${displayName(orgName)}`);
  }
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ");
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function argView(name: string, value: unknown, event: string, names: OrgNames): HTMLElement[] {
  // A struct argument shows as its fields.
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).map(([field, v]) => h("span", null, h("strong", null, `${name}.${field}`), " ", scalar(field, v, event, names)));
  }
  return [h("span", null, h("strong", null, name), " ", scalar(name, value, event, names))];
}

/** Checks the event on chain; resolves with a sentence, rejects with the reason it does not hold. */
export async function checkEventOnChain(rpcUrl: string, event: ChainEvent): Promise<string> {
  const receipt = await rpc<TxReceipt | null>(rpcUrl, "eth_getTransactionReceipt", [event.txHash]);
  if (receipt === null) throw new Error(`the chain has no transaction ${event.txHash}`);
  if (hexToNumber(receipt.blockNumber) !== event.blockNumber) throw new Error(`the transaction is in block ${hexToNumber(receipt.blockNumber)}, not ${event.blockNumber}`);
  if (receipt.blockHash.toLowerCase() !== event.blockHash.toLowerCase()) throw new Error(`block ${event.blockNumber} has hash ${receipt.blockHash}, the index says ${event.blockHash}`);
  if (receipt.status !== "0x1") throw new Error("the transaction reverted");
  const log = receipt.logs.find((l) => hexToNumber(l.logIndex) === event.logIndex);
  if (log === undefined || log.address.toLowerCase() !== event.address.toLowerCase()) throw new Error(`no event of ${event.address} at log index ${event.logIndex}`);
  const block = await rpc<{ hash: string } | null>(rpcUrl, "eth_getBlockByNumber", [`0x${event.blockNumber.toString(16)}`, false]);
  if (block === null || block.hash.toLowerCase() !== event.blockHash.toLowerCase()) throw new Error(`block ${event.blockNumber} is no longer the one the index saw (a reorganisation?)`);
  return t("checkedOnChain", { block: event.blockNumber, logIndex: event.logIndex, gas: formatNumber(BigInt(receipt.gasUsed)) });
}

export function eventItem(event: ChainEvent, config: WebConfig, names: OrgNames = new Map()): HTMLLIElement {
  const args = Object.entries(event.args).filter(([name]) => !/^\d+$/.test(name));
  const result = h("p", { class: "check-result", "aria-live": "polite" });
  const explorer = config.explorerUrl ?? null;
  const txLabel = shortHash(event.txHash, 8);
  const tx = explorer ? h("a", { href: `${explorer}/tx/${event.txHash}`, rel: "noopener", target: "_blank", class: "hash", title: event.txHash }, txLabel) : h("code", { title: event.txHash }, txLabel);
  const block = explorer ? h("a", { href: `${explorer}/block/${event.blockNumber}`, rel: "noopener", target: "_blank" }, `#${event.blockNumber}`) : `#${event.blockNumber}`;
  const check = h("button", {
    type: "button",
    class: "secondary small",
    disabled: config.rpcUrl === null,
    "aria-label": `${t("checkOnChain")}: ${event.txHash}`,
    onclick: async () => {
      if (config.rpcUrl === null) return;
      check.setAttribute("disabled", "");
      result.className = "check-result";
      result.textContent = t("loading");
      try {
        result.textContent = `✓ ${await checkEventOnChain(config.rpcUrl, event)}`;
        result.classList.add("check-ok");
      } catch (error) {
        result.textContent = `✗ ${t("checkFailed", { reason: errorText(error) })}`;
        result.classList.add("check-bad");
      } finally {
        check.removeAttribute("disabled");
      }
    },
  }, t("checkOnChain"));
  return h(
    "li",
    { "data-event": event.event },
    h(
      "div",
      { class: "event-head" },
      h("span", { class: "event-name" }, word(EVENTS, event.event)),
      h("span", { class: "event-raw" }, `${event.contract}.${event.event}`),
      h("time", { datetime: new Date(event.blockTimestamp * 1000).toISOString(), class: "meta" }, formatDateTime(event.blockTimestamp * 1000)),
    ),
    args.length === 0 ? null : h("div", { class: "event-args" }, args.flatMap(([name, value]) => argView(name, value, event.event, names))),
    h("div", { class: "event-chain" }, h("span", null, `${t("colBlock")} `, block), h("span", null, `${t("colTx")} `, tx), check),
    result,
  );
}

/**
 * A subject's history, newest first, a page at a time (GET /api/v1/history/:kind/:id, cursor paging):
 * large histories never load whole.
 */
export function historyList(kind: string, id: string, config: WebConfig, signal: AbortSignal, pageSize = 50): HTMLElement {
  const list = h("ol", { class: "events", "aria-label": t("grantHistory") });
  const status = h("p", { class: "meta", "aria-live": "polite" });
  const more = h("button", { type: "button", class: "secondary" }, t("olderEvents"));
  const container = h("div", { class: "history", "data-subject": `${kind}/${id}` }, list, h("div", { class: "pager" }, status, more));
  let cursor: string | null = null;
  let shown = 0;
  more.hidden = true;
  const names = organizationNames(signal);
  const load = async () => {
    more.setAttribute("disabled", "");
    status.textContent = t("loading");
    try {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (cursor !== null) query.set("cursor", cursor);
      const page = await getJson<HistoryPage>(`/api/v1/history/${kind}/${encodeURIComponent(id)}?${query.toString()}`, { auth: true, signal, fresh: cursor !== null });
      const known = await names;
      for (const event of page.events) list.appendChild(eventItem(event, config, known));
      shown += page.events.length;
      cursor = page.next;
      const head = page.indexedHead === null ? "" : ` · ${t("indexedHead", { block: page.indexedHead.number })}`;
      status.textContent = shown === 0 ? t("noEvents") : `${t("eventCount", { n: shown })}${cursor === null ? ` · ${t("endOfHistory")}` : ""}${head}`;
      more.hidden = cursor === null;
    } catch (error) {
      if (signal.aborted) return;
      container.replaceChildren(errorBox(error));
    } finally {
      more.removeAttribute("disabled");
    }
  };
  more.addEventListener("click", () => void load());
  void load();
  return container;
}

import { parseVerifierKey, verifyNote } from "../../../server/log/note";
import { chainLogKey } from "../anchor-contract";
import { getJson, getText, mapLimit, sessionToken, type CheckpointJson, type Health, type RiskAlert } from "../api";
import { stackedBars, type Series } from "../chart";
import { h, replaceChildren, shortHash } from "../dom";
import { formatDateTime, formatNumber, locale, t, word } from "../i18n";
import { hexToNumber, rpc, type TxReceipt } from "../rpc";
import { REASON_SHORT } from "../terms";
import { errorBox, errorText, loadingBox, viewHeader, type ViewContext } from "../view";

/** The dashboard's label of each kind of risk alert. */
const ALERT_LABELS: Readonly<Record<string, "alertAggregation" | "alertRate" | "alertLinkage">> = { AGGREGATION: "alertAggregation", RATE: "alertRate", LINKAGE: "alertLinkage" };

/*
 * Log health: entries, the latest signed checkpoint (its signature verified here with the log's own
 * note code, against the key the chain registers for the log, never the node's), anchoring progress, lag and the cost of the last anchor (read from the chain), the
 * gateway's decisions over time from the latest log entries, and open risk alerts (supervisors).
 */

/** Entries read for the chart: the latest ones; the totals below it come from /metrics when the node serves it. */
const CHART_ENTRIES = 300;

interface EntryAnswer {
  readonly index: number;
  /** null when the entry is withheld: its contents are for the parties of its grant and supervisors. */
  readonly entry: { time: string; decision: "allowed" | "denied"; reason: string } | null;
}
type ReadEntry = EntryAnswer & { readonly entry: NonNullable<EntryAnswer["entry"]> };

const ALLOWED_COLOR = "#2da44e";
const DENIAL_COLORS = ["#cf222e", "#bf8700", "#8250df", "#0969da", "#bc4c00", "#57606a", "#a0115e", "#1b7c83"];

function stat(label: string, value: string | Node, detail?: string | Node | null, testid?: string): HTMLElement {
  return h("div", { class: "stat", "data-stat": testid ?? null }, h("div", { class: "label" }, label), h("div", { class: "value" }, value), detail ? h("div", { class: "detail" }, detail) : null);
}

export async function renderHealth(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const stats = h("div", { class: "stats" }, loadingBox());
  const chartCard = h("section", { class: "card", "aria-labelledby": "chart-title" }, h("h3", { id: "chart-title" }, t("decisionsChart")), loadingBox());
  const alertsCard = h("section", { class: "card", "aria-labelledby": "alerts-title" }, h("h3", { id: "alerts-title" }, t("alerts")), loadingBox());
  replaceChildren(root, viewHeader(t("healthTitle"), t("healthIntro")), stats, chartCard, alertsCard);

  const [health, checkpoint] = await Promise.all([
    getJson<Health>("/healthz", { fresh: true, signal: ctx.signal }).catch((e: unknown) => e as Error),
    getJson<CheckpointJson>("/api/v1/log/checkpoint?format=json", { fresh: true, signal: ctx.signal }).catch((e: unknown) => e as Error),
  ]);
  if (health instanceof Error) {
    replaceChildren(stats, errorBox(health));
  } else {
    await drawStats(stats, health, checkpoint, ctx);
  }
  void drawChart(chartCard, health instanceof Error ? 0 : health.logSize, ctx);
  void drawAlerts(alertsCard, ctx);
}

function checkpointSignature(checkpoint: CheckpointJson, trustedKey: string): string {
  const verified = verifyNote(checkpoint.note, [parseVerifierKey(trustedKey)]);
  return verified.verifiedBy.map((v) => `${v.name}+${v.keyId.toString(16).padStart(8, "0")}`).join(", ");
}

async function drawStats(stats: HTMLElement, health: Health, checkpoint: CheckpointJson | Error, ctx: ViewContext): Promise<void> {
  const cards: HTMLElement[] = [stat(t("entries"), formatNumber(health.logSize), null, "entries")];
  if (checkpoint instanceof Error) {
    cards.push(stat(t("checkpoint"), "—", errorText(checkpoint), "checkpoint"));
  } else {
    let signature: HTMLElement;
    try {
      const { rpcUrl, anchorContract } = ctx.config;
      if (!rpcUrl || !anchorContract) throw new Error(t("chainKeyUnread", { reason: t("notAnchoring") }));
      const key = await chainLogKey(rpcUrl, anchorContract, checkpoint.origin, checkpoint.size);
      const signedBy = checkpointSignature(checkpoint, key.verifierKey);
      signature = h("span", { class: "check-ok" }, `✓ ${t("checkpointSigned", { key: signedBy, logId: key.logId, index: key.keyIndex, block: key.setAtBlock })}`);
    } catch (error) {
      signature = h("span", { class: "check-bad" }, `✗ ${t("checkpointBad", { reason: errorText(error) })}`);
    }
    cards.push(stat(t("checkpoint"), formatNumber(checkpoint.size), h("span", null, `${checkpoint.origin} · ${t("root")} `, h("code", { title: checkpoint.root }, shortHash(checkpoint.root, 8)), h("br"), signature), "checkpoint"));
  }
  const a = health.anchoring;
  if (a === null) {
    cards.push(stat(t("anchored"), "—", t("notAnchoring"), "anchored"));
  } else {
    cards.push(stat(t("anchored"), formatNumber(a.anchoredSize), h("span", null, `${t("anchorState")}: ${a.state}`, a.txHash ? [" · ", h("code", { title: a.txHash }, shortHash(a.txHash, 8))] : null), "anchored"));
    cards.push(stat(t("anchorLag"), t("lagValue", { entries: formatNumber(a.lagEntries), seconds: formatNumber(Math.round(a.lagSeconds)) }), null, "lag"));
    const cost = stat(t("anchorCost"), "—", null, "cost");
    cards.push(cost);
    if (a.txHash && ctx.config.rpcUrl) {
      const rpcUrl = ctx.config.rpcUrl;
      const txHash = a.txHash;
      void (async () => {
        try {
          const receipt = await rpc<TxReceipt | null>(rpcUrl, "eth_getTransactionReceipt", [txHash]);
          if (receipt === null) return;
          const gas = BigInt(receipt.gasUsed);
          const price = BigInt(receipt.effectiveGasPrice ?? "0x0");
          const value = cost.querySelector(".value") as HTMLElement;
          value.textContent = formatNumber(gas);
          value.append(h("span", { class: "meta" }, " gas"));
          cost.append(
            h("div", { class: "detail" }, t("anchorCostValue", { gas: formatNumber(gas), price: (Number(price) / 1e9).toFixed(3), cost: (Number(gas * price) / 1e18).toFixed(8) }), ` · ${t("colBlock")} #${hexToNumber(receipt.blockNumber)}`),
          );
        } catch (error) {
          cost.append(h("div", { class: "detail" }, errorText(error)));
        }
      })();
    }
  }
  replaceChildren(stats, cards);
}

/** Buckets of a "nice" span so the chart has at most ~24 bars. */
function bucketSpan(rangeMs: number): number {
  const spans = [1, 5, 10, 30, 60, 300, 900, 1800, 3600, 10800, 21600, 43200, 86400, 604800].map((s) => s * 1000);
  return spans.find((s) => rangeMs / s <= 24) ?? spans[spans.length - 1];
}

async function drawChart(card: HTMLElement, size: number, ctx: ViewContext): Promise<void> {
  const title = card.querySelector("h3") as HTMLElement;
  if (size === 0) {
    replaceChildren(card, title, h("p", { class: "empty" }, t("noEntries")));
    return;
  }
  if (sessionToken() === null) {
    replaceChildren(card, title, h("p", { class: "notice", role: "status" }, t("chartSignIn")));
    return;
  }
  try {
    const from = Math.max(0, size - CHART_ENTRIES);
    const indices = Array.from({ length: size - from }, (_, i) => from + i);
    const read = await mapLimit(indices, 12, (i) => getJson<EntryAnswer>(`/api/v1/log/entries/${i}`, { signal: ctx.signal, auth: true }));
    const answers = read.filter((a): a is ReadEntry => a.entry !== null);
    if (answers.length === 0) {
      replaceChildren(card, title, h("p", { class: "notice", role: "status" }, t("chartSignIn")));
      return;
    }
    const times = answers.map((a) => Date.parse(a.entry.time));
    const start = Math.min(...times);
    const span = bucketSpan(Math.max(...times) - start + 1);
    const first = Math.floor(start / span) * span;
    const count = Math.floor((Math.max(...times) - first) / span) + 1;
    const keyOf = (a: ReadEntry) => (a.entry.decision === "allowed" ? "ALLOWED" : a.entry.reason);
    const keys = [...new Set(answers.map(keyOf))].sort((x, y) => (x === "ALLOWED" ? -1 : y === "ALLOWED" ? 1 : x.localeCompare(y)));
    const values = new Map(keys.map((k) => [k, new Array<number>(count).fill(0)]));
    answers.forEach((a, i) => {
      (values.get(keyOf(a)) as number[])[Math.floor((times[i] - first) / span)] += 1;
    });
    let denial = 0;
    const series: Series[] = keys.map((k) => ({
      key: k,
      label: k === "ALLOWED" ? t("allowed") : `${t("denied")}: ${word(REASON_SHORT, k)}`,
      color: k === "ALLOWED" ? ALLOWED_COLOR : DENIAL_COLORS[denial++ % DENIAL_COLORS.length],
      values: values.get(k) as number[],
    }));
    const labels = Array.from({ length: count }, (_, i) => {
      const d = new Date(first + i * span);
      return span >= 86_400_000
        ? d.toLocaleDateString(locale())
        : d.toLocaleTimeString(locale(), span >= 60_000 ? { hour: "2-digit", minute: "2-digit" } : { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    });
    replaceChildren(
      card,
      title,
      h("p", { class: "meta" }, `${t("decisionsChartDesc", { n: answers.length })} · ${formatDateTime(start)} – ${formatDateTime(Math.max(...times))}`),
      stackedBars({ title: t("decisionsChart"), description: t("decisionsChartDesc", { n: answers.length }), bucketLabels: labels, series }),
      await metricTotals(),
    );
  } catch (error) {
    if (ctx.signal.aborted) return;
    replaceChildren(card, title, errorBox(error));
  }
}

/** tdl_decisions_total from /metrics, when the node serves it. */
async function metricTotals(): Promise<HTMLElement | null> {
  let text: string;
  try {
    text = await getText("/metrics");
  } catch {
    return null;
  }
  const rows: [string, number][] = [];
  for (const line of text.split("\n")) {
    const m = /^tdl_decisions_total\{([^}]*)\}\s+([0-9.e+]+)$/.exec(line);
    if (m === null) continue;
    const outcome = /outcome="([^"]*)"/.exec(m[1])?.[1] ?? "?";
    const reason = /reason="([^"]*)"/.exec(m[1])?.[1] ?? "?";
    rows.push([outcome === "allowed" ? t("allowed") : `${t("denied")}: ${word(REASON_SHORT, reason)}`, Number(m[2])]);
  }
  if (rows.length === 0) return null;
  return h("div", null, h("h4", null, t("decisionsTotals")), h("ul", { class: "chart-legend" }, rows.map(([label, n]) => h("li", null, `${label}: ${formatNumber(n)}`))));
}

async function drawAlerts(card: HTMLElement, ctx: ViewContext): Promise<void> {
  const title = card.querySelector("h3") as HTMLElement;
  if (sessionToken() === null) {
    replaceChildren(card, title, h("p", { class: "notice", role: "status" }, t("sessionNeeded")));
    return;
  }
  try {
    const { alerts } = await getJson<{ alerts: RiskAlert[] }>("/api/v1/alerts", { auth: true, fresh: true, signal: ctx.signal });
    if (alerts.length === 0) {
      replaceChildren(card, title, h("p", { class: "empty" }, t("noAlerts")));
      return;
    }
    replaceChildren(
      card,
      title,
      h(
        "ul",
        { class: "alerts" },
        alerts.map((a) =>
          h(
            "li",
            null,
            h("strong", null, ALERT_LABELS[a.type] === undefined ? a.type : t(ALERT_LABELS[a.type])),
            ` · ${t("kindOrganization")} #${a.org} · ${formatDateTime(Date.parse(a.raisedAt))}`,
            h("div", { class: "meta" }, detailText(a.details)),
          ),
        ),
      ),
    );
  } catch (error) {
    replaceChildren(card, title, errorBox(error));
  }
}

function detailText(details: unknown): string {
  if (typeof details !== "object" || details === null) return "";
  return Object.entries(details as Record<string, unknown>)
    .filter(([name]) => name !== "kind")
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(", ") : typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(" · ");
}

import { h, svg, uid } from "./dom";
import { formatNumber } from "./i18n";

/** A stacked bar chart in plain SVG (no chart library): one bar per time bucket, one colour per series. */

export interface Series {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

export interface StackedBarsOptions {
  readonly title: string;
  readonly description: string;
  readonly bucketLabels: readonly string[];
  readonly series: readonly Series[];
}

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { left: 40, right: 10, top: 12, bottom: 42 };

/** A whole-number tick step giving at most 5 steps up to `n`. */
function tickStep(n: number): number {
  const raw = Math.max(1, n / 5);
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].map((f) => f * power).find((step) => step >= raw && Number.isInteger(step)) ?? 10 * power);
}

export function stackedBars(options: StackedBarsOptions): HTMLElement {
  const { bucketLabels, series } = options;
  const totals = bucketLabels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const step = tickStep(Math.max(1, ...totals));
  const max = Math.ceil(Math.max(1, ...totals) / step) * step;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, bucketLabels.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const titleId = uid("chart-title");
  const descId = uid("chart-desc");

  const ticks = Array.from({ length: max / step + 1 }, (_, i) => i * step);
  const grid = [...new Set(ticks)].map((v) =>
    svg("g", null, svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v), stroke: "#d0d7de", "stroke-width": 1 }), svg("text", { x: PAD.left - 6, y: y(v) + 4, "text-anchor": "end" }, String(v))),
  );
  const labelEvery = Math.ceil(bucketLabels.length / 8);
  const bars = bucketLabels.map((label, i) => {
    let base = 0;
    const x = PAD.left + i * slot + (slot - barW) / 2;
    const parts = series
      .filter((s) => (s.values[i] ?? 0) > 0)
      .map((s) => {
        const v = s.values[i];
        const rect = svg("rect", { x, y: y(base + v), width: barW, height: Math.max(0.5, y(base) - y(base + v)), fill: s.color }, svg("title", null, `${label} · ${s.label}: ${formatNumber(v)}`));
        base += v;
        return rect;
      });
    const tick = i % labelEvery === 0 ? svg("text", { x: x + barW / 2, y: HEIGHT - PAD.bottom + 16, "text-anchor": "middle" }, label) : null;
    return svg("g", null, parts, tick);
  });

  const chart = svg(
    "svg",
    { class: "chart", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-labelledby": `${titleId} ${descId}`, preserveAspectRatio: "xMidYMid meet" },
    svg("title", { id: titleId }, options.title),
    svg("desc", { id: descId }, options.description),
    grid,
    svg("line", { class: "axis", x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0) }),
    bars,
  );
  const legend = h(
    "ul",
    { class: "chart-legend" },
    series.map((s) => h("li", null, swatch(s.color), `${s.label}: ${formatNumber(s.values.reduce((a, b) => a + b, 0))}`)),
  );
  // The same numbers as a table for screen readers.
  const table = h(
    "table",
    { class: "visually-hidden" },
    h("caption", null, options.title),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "·"), series.map((s) => h("th", { scope: "col" }, s.label)))),
    h("tbody", null, bucketLabels.map((label, i) => h("tr", null, h("th", { scope: "row" }, label), series.map((s) => h("td", null, String(s.values[i] ?? 0)))))),
  );
  return h("figure", { class: "chart-figure" }, chart, legend, table);
}

function swatch(color: string): HTMLElement {
  const el = h("span", { class: "swatch", "aria-hidden": "true" });
  el.style.background = color;
  return el;
}

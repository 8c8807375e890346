/*
 * The CLI's two languages. Every message a person reads is written in both, side by side, in the
 * users' own words (REQUIREMENTS.md: 实施机构, 一级运营主体, 二级开发主体, 数源部门, ...). The language is
 * --lang zh|en, else the locale (LC_ALL, LC_MESSAGES, LANG starting with "zh"), else English.
 */
import type { Lang } from "../vocabulary";

export type { Lang } from "../vocabulary";

/** A message in both languages. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

export function resolveLang(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (option !== undefined) return option.toLowerCase().startsWith("zh") ? "zh" : "en";
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** Shorthand: both texts, picked later. */
export function bi(en: string, zh: string): Bilingual {
  return { en, zh };
}

/** Words the CLI's own output uses (prefixes, table headers, states). */
export const WORDS = {
  ok: bi("OK", "完成"),
  refused: bi("REFUSED", "拒绝"),
  failed: bi("FAIL", "未通过"),
  error: bi("ERROR", "错误"),
  yes: bi("yes", "是"),
  no: bi("no", "否"),
  live: bi("live", "有效"),
  notLive: bi("not live", "无效"),
  signedInto: bi("signed into", "已签名并写入"),
  submitHint: bi("anyone submits it with: tdl submit", "任何人均可提交：tdl submit"),
} as const;

/** Column widths count CJK characters as two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

/** A plain-text table: a header row, a rule, then the rows. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(widths[i] - displayWidth(c)))).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

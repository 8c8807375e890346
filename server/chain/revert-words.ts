import type { Lang } from "../vocabulary";

/*
 * What the revert sentences are made of: the decoded arguments of a custom error, a sentence in both
 * languages, and the words for the values errors carry (durations, chain times, hashes).
 */

/** The decoded arguments of a custom error, by name (and position). */
export type RevertArgs = Readonly<Record<string, unknown>>;

export interface RevertText {
  readonly en: (args: RevertArgs) => string;
  readonly zh: (args: RevertArgs) => string;
}

const DAY = 86_400;
const YEAR = 365 * DAY;

/** A duration in seconds as people say it: "5 years", "90 days", "3 hours", "42 seconds". */
export function duration(seconds: unknown, lang: Lang): string {
  const s = Number(seconds);
  const unit = (n: number, en: string, zh: string) => (lang === "zh" ? `${n}${zh}` : `${n} ${en}${n === 1 ? "" : "s"}`);
  if (s >= YEAR && s % YEAR === 0) return unit(s / YEAR, "year", "年");
  if (s >= YEAR) {
    const years = Math.round((s / YEAR) * 10) / 10;
    return lang === "zh" ? `约${years}年` : `about ${years} years`;
  }
  if (s >= DAY && s % DAY === 0) return unit(s / DAY, "day", "天");
  if (s >= DAY) {
    const days = Math.round((s / DAY) * 10) / 10;
    return lang === "zh" ? `约${days}天` : `about ${days} days`;
  }
  if (s >= 3600 && s % 3600 === 0) return unit(s / 3600, "hour", "小时");
  return unit(s, "second", "秒");
}

/** A chain time (seconds) as an ISO date-time in UTC. */
export function when(seconds: unknown): string {
  const s = Number(seconds);
  if (!Number.isFinite(s) || s < 0 || s > 253402300799) return `t=${String(seconds)}`;
  return new Date(s * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/** A 32-byte hash shortened for a sentence; anything else as it is. */
export const short = (hex: unknown): string => {
  const h = String(hex);
  return /^0x[0-9a-fA-F]{64}$/.test(h) ? `${h.slice(0, 10)}…${h.slice(-6)}` : h;
};


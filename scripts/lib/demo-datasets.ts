import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { DEMO_FIELD_LISTS } from "./demo-fields";
import { seededFloats } from "./random";

/*
 * The demo district's data: synthetic, seeded, nothing real. An enterprise registry (100,000 enterprises by
 * default, with unified social credit codes that pass GB 32100's and GB 11714's check characters, Chinese
 * names), their tax credit ratings, social-insurance headcounts and electricity bills, and medical-insurance
 * settlements, one CSV per resource in DEMO_RESOURCES order, the header being the field list's names.
 * Rare industries are drawn seldom, so that grouping by sub-district and industry leaves groups under k.
 */

export interface DemoDatasetFile {
  /** Index into DEMO_RESOURCES. */
  readonly resource: number;
  readonly file: string;
  readonly rows: number;
}

export interface DemoDatasetOptions {
  readonly seed?: number;
  readonly enterprises?: number;
  readonly settlements?: number;
}

export const DEMO_DATA_SEED = 20261208;
export const DEMO_ENTERPRISES = 100_000;
const SETTLEMENTS = 20_000;

const CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const charValue = (c: string): number => (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55);

/** GB 11714 organisation code: eight characters and their check character. */
function organisationCode(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + charValue(c) * weights[i], 0);
  const check = 11 - (sum % 11);
  return body + (check === 10 ? "X" : check === 11 ? "0" : String(check));
}

/** The n-th demo enterprise's unified social credit code (GB 32100): 9 (registered by market regulation), 1 (enterprise), a fictional division, its organisation code, the check character. */
export function creditCodeOf(n: number): string {
  const first17 = `91320599${organisationCode(`MA${String(n).padStart(6, "0")}`)}`;
  const sum = [...first17].reduce((s, c, i) => s + CODE_CHARS.indexOf(c) * (3 ** i % 31), 0);
  return first17 + CODE_CHARS[(31 - (sum % 31)) % 31];
}

/** A fictional resident ID number with its GB 11643 check digit. */
function idNumber(birth: string, serial: number): string {
  const first17 = `320599${birth.replaceAll("-", "")}${String(serial % 1000).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

const DISTRICTS = ["东湖街道", "西岭街道", "南桥街道", "北苑街道", "青溪街道", "云山街道", "临江街道", "新城镇"];
/** GB/T 4754 sections with weights; the last three are rare. */
const INDUSTRIES: readonly [string, number][] = [
  ["批发和零售业", 30], ["租赁和商务服务业", 16], ["制造业", 12], ["信息传输、软件和信息技术服务业", 10], ["科学研究和技术服务业", 8],
  ["建筑业", 7], ["住宿和餐饮业", 6], ["交通运输、仓储和邮政业", 4], ["居民服务、修理和其他服务业", 4], ["文化、体育和娱乐业", 3],
  ["农、林、牧、渔业", 0.04], ["采矿业", 0.02], ["电力、热力、燃气及水生产和供应业", 0.03],
];
const TYPES: readonly [string, number][] = [["有限责任公司", 72], ["股份有限公司", 4], ["个人独资企业", 9], ["合伙企业", 5], ["有限责任公司分公司", 10]];
const STATUSES: readonly [string, number][] = [["存续", 90], ["注销", 7], ["吊销", 3]];
const RATINGS: readonly [string, number][] = [["A", 30], ["B", 45], ["M", 15], ["C", 7], ["D", 3]];
const HOSPITALS = ["区人民医院", "区中医医院", "区妇幼保健院", "东湖社区卫生服务中心", "临江社区卫生服务中心", "云山社区卫生服务中心"];
const CATEGORIES: readonly [string, number][] = [["普通门诊", 70], ["门诊慢特病", 18], ["住院", 12]];
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玲";
const WORDS = "华泰鑫达恒丰瑞祥宏远嘉禾聚源博信立诚安和同创汇金佳德";
const ROADS = ["湖滨路", "青溪大道", "云山路", "临江路", "新城大道", "北苑路", "南桥街", "西岭路"];

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[] | string): T => list[Math.floor(rng() * list.length)] as T;
function weighted(rng: Rng, options: readonly [string, number][]): string {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [value, w] of options) if ((x -= w) < 0) return value;
  return options[options.length - 1][0];
}
const day = (from: string, days: number): string => new Date(Date.parse(from) + Math.floor(days) * 86_400_000).toISOString().slice(0, 10);
const money = (x: number): string => x.toFixed(2);
const person = (rng: Rng): string => pick<string>(rng, SURNAMES) + pick<string>(rng, GIVEN) + (rng() < 0.6 ? pick<string>(rng, GIVEN) : "");
const phone = (rng: Rng): string => `1${3 + Math.floor(rng() * 7)}${String(Math.floor(rng() * 1e9)).padStart(9, "0")}`;

/** Writes rows to a file in chunks; the header is the resource's field names. */
function csvWriter(file: string, resource: number) {
  const fd = openSync(file, "w");
  let chunk: string[] = [DEMO_FIELD_LISTS[resource].fields.map((f) => f.name).join(",")];
  let rows = 0;
  const flush = () => {
    writeSync(fd, `${chunk.join("\n")}\n`);
    chunk = [];
  };
  return {
    row(values: readonly (string | number | boolean)[]) {
      chunk.push(values.join(","));
      rows += 1;
      if (chunk.length >= 10_000) flush();
    },
    close(): DemoDatasetFile {
      if (chunk.length > 0) flush();
      closeSync(fd);
      return { resource, file, rows };
    },
  };
}

/** Writes the five datasets into `dir` (created if missing); the same options give the same bytes. */
export function writeDemoDatasets(dir: string, options: DemoDatasetOptions = {}): DemoDatasetFile[] {
  mkdirSync(dir, { recursive: true });
  const seed = options.seed ?? DEMO_DATA_SEED;
  const count = options.enterprises ?? DEMO_ENTERPRISES;
  const rng = seededFloats(seed, "demo-datasets");
  const out = (i: number, name: string) => csvWriter(path.join(dir, name), i);
  const [registry, credit, insurance, electricity] = [out(0, "enterprise-registration.csv"), out(1, "enterprise-credit.csv"), out(2, "social-insurance.csv"), out(4, "electricity-usage.csv")];
  for (let n = 0; n < count; n++) {
    const code = creditCodeOf(n);
    const district = pick<string>(rng, DISTRICTS);
    const industry = weighted(rng, INDUSTRIES);
    const size = Math.exp(rng() * 6); // 1 .. 400: drives capital, headcount and electricity together
    const rating = weighted(rng, RATINGS);
    const road = pick<string>(rng, ROADS);
    registry.row([
      code, district, industry, money(10 * size), day("2000-01-01", rng() * 9_500), weighted(rng, TYPES), weighted(rng, STATUSES),
      `${pick<string>(rng, WORDS)}${pick<string>(rng, WORDS)}${industry.slice(0, 2)}${n}有限公司`, person(rng),
      idNumber(day("1960-01-01", rng() * 14_000), n), `${district}${road}${1 + (n % 999)}号`, phone(rng),
    ]);
    const risky = rating === "C" || rating === "D";
    const penalties = risky ? Math.floor(rng() * 5) : rng() < 0.05 ? 1 : 0;
    credit.row([code, rating, risky && rng() < 0.3, penalties, 2025, risky && rng() < 0.1, money(penalties * rng() * 5), person(rng)]);
    const headcount = Math.max(1, Math.round(size * (0.5 + rng())));
    const base = headcount * (4_000 + rng() * 6_000);
    insurance.row([code, "2026-11", headcount, money(base), money(base * 0.16), money(base * 0.08), money(base * 0.005), risky && rng() < 0.4, person(rng), phone(rng)]);
    const kwh = size * (200 + rng() * 600) * (industry === "制造业" ? 8 : 1);
    electricity.row([code, "2026-11", kwh.toFixed(1), money(kwh * 0.65), !(risky && rng() < 0.5), `${district}${road}${1 + (n % 999)}号`]);
  }
  const medical = out(3, "medical-settlements.csv");
  for (let n = 0; n < (options.settlements ?? SETTLEMENTS); n++) {
    const category = weighted(rng, CATEGORIES);
    const total = (category === "住院" ? 8_000 : 150) * (0.3 + rng() * 3);
    const fund = total * (category === "普通门诊" ? 0.5 : 0.75);
    medical.row([
      `YB2026${String(n).padStart(7, "0")}`, pick(rng, HOSPITALS), day("2026-01-01", rng() * 330), category, money(total), money(fund), money(total - fund),
      person(rng), idNumber(day("1950-01-01", rng() * 25_000), n),
    ]);
  }
  return [registry.close(), credit.close(), insurance.close(), medical.close(), electricity.close()].sort((a, b) => a.resource - b.resource);
}

/**
 * Files a data-source department might publish for the enterprise registry (企业登记) resource, written into a
 * fresh temporary uploads directory: CSV and JSON Lines built from rows, raw bytes for what a spreadsheet or a
 * GBK editor leaves behind, and Parquet written by a separate DuckDB engine that may write there.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDuckDbEngine } from "../../../server/data/duckdb";
import { encodeFieldList, fieldListHash, type FieldList } from "../../../server/data/field-list";

export const REGISTRY: FieldList = {
  version: 1,
  fields: [
    { name: "credit_code", type: "VARCHAR", sensitive: false, quasiIdentifier: true, title: "统一社会信用代码" },
    { name: "company_name", type: "VARCHAR", sensitive: false, quasiIdentifier: false, title: "企业名称" },
    { name: "legal_representative", type: "VARCHAR", sensitive: true, quasiIdentifier: false, title: "法定代表人" },
    { name: "registered_capital", type: "DOUBLE", sensitive: false, quasiIdentifier: false, title: "注册资本（万元）" },
    { name: "founded", type: "DATE", sensitive: false, quasiIdentifier: false, title: "成立日期" },
    { name: "employees", type: "BIGINT", sensitive: false, quasiIdentifier: true, title: "从业人数" },
  ],
};
export const REGISTRY_HASH = fieldListHash(encodeFieldList(REGISTRY));
export const NAMES = REGISTRY.fields.map((field) => field.name);

export type Row = Record<string, string>;

/** Data row i (1-based) of a registry version; `edition` changes the values so versions differ. */
export function registryRow(i: number, edition = 1): Row {
  return {
    credit_code: `91330100${String(i).padStart(9, "0")}X`,
    company_name: `杭州第${i}科技有限公司`,
    legal_representative: `张${i}`,
    registered_capital: `${i * 100 + edition}.5`,
    founded: `2020-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
    employees: String(i * 3 + edition),
  };
}

export const registryRows = (count: number, edition = 1): Row[] => Array.from({ length: count }, (_, k) => registryRow(k + 1, edition));

const csvCell = (value: string): string => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function csvText(rows: readonly Row[], header: readonly string[] = NAMES): string {
  const lines = [header.join(","), ...rows.map((row) => header.map((name) => csvCell(row[name] ?? "")).join(","))];
  return `${lines.join("\n")}\n`;
}

export const jsonlText = (rows: readonly object[]): string => rows.map((row) => `${JSON.stringify(row)}\n`).join("");

/** A temporary uploads directory; `remove()` deletes it and everything in it. */
export class Uploads {
  readonly dir = mkdtempSync(join(tmpdir(), "tdl-datasets-"));

  write(name: string, content: string | Uint8Array): string {
    const file = join(this.dir, name);
    writeFileSync(file, content);
    return file;
  }

  /** Writes the rows as Parquet with DuckDB COPY, cast to the field list's types, from an engine of its own. */
  async parquet(name: string, rows: readonly Row[]): Promise<string> {
    const file = join(this.dir, name);
    const csv = this.write(`${name}.source.csv`, csvText(rows));
    const writer = await openDuckDbEngine({ memoryLimit: "256MB", threads: 1, timeLimitMs: 10_000, allowedDirectories: [this.dir] });
    try {
      const columns = REGISTRY.fields.map((field) => `CAST("${field.name}" AS ${field.type}) AS "${field.name}"`).join(", ");
      await writer.run(`COPY (SELECT ${columns} FROM read_csv('${csv}', header = true, all_varchar = true)) TO '${file}' (FORMAT parquet)`);
    } finally {
      await writer.close();
      rmSync(csv);
    }
    return file;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

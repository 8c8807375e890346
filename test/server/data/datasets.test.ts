import { expect } from "chai";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatasetStore, datasetTable, type DatasetFormat, type DatasetStore } from "../../../server/data/datasets";
import { openDuckDbEngine } from "../../../server/data/duckdb";
import type { DataEngine } from "../../../server/data/engine";
import { isTdlError, type TdlError } from "../../../server/errors";
import { csvText, jsonlText, NAMES, REGISTRY, REGISTRY_HASH, registryRow, registryRows, Uploads } from "./registry-files";

const RESOURCE = 7;
const ROWS = 40;
const sha256 = (file: string): string => `0x${createHash("sha256").update(readFileSync(file)).digest("hex")}`;
const gbk张三 = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]);

/** The text with its first `search` replaced by 张三 as a GBK editor saves it, and the byte offset of that. */
function withGbk(text: string, search: string): { bytes: Buffer; offset: number } {
  const at = text.indexOf(search);
  const before = Buffer.from(text.slice(0, at));
  return { bytes: Buffer.concat([before, gbk张三, Buffer.from(text.slice(at + search.length))]), offset: before.length };
}

/** JSON Lines the way an export writes them: numbers as numbers. */
const jsonRecords = (count: number, edition = 1): object[] =>
  registryRows(count, edition).map((row) => ({ ...row, registered_capital: Number(row.registered_capital), employees: Number(row.employees) }));

describe("the dataset store (Art. 6–8, R2)", () => {
  let uploads: Uploads;
  let engine: DataEngine;
  let store: DatasetStore;
  beforeEach(async () => {
    uploads = new Uploads();
    engine = await openDuckDbEngine({ memoryLimit: "256MB", threads: 1, timeLimitMs: 10_000, allowedDirectories: [uploads.dir] });
    store = await createDatasetStore(engine, { uploadsDir: uploads.dir });
  });
  afterEach(async () => {
    await engine.close();
    uploads.remove();
  });

  const stage = (file: string, format: DatasetFormat) => store.stage({ resourceId: RESOURCE, fieldList: REGISTRY, fieldListHash: REGISTRY_HASH, file, format });
  const count = async (sql: string): Promise<number> => Number((await engine.run(sql)).rows[0][0]);
  const stagingTables = () => count("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'tdl_staging_%'");
  const datasetTables = () => count("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'dataset_%'");

  async function refusal(promise: Promise<unknown>, code: "DATASET_INVALID" | "CONFIG_INVALID" = "DATASET_INVALID"): Promise<TdlError> {
    const error = await promise.then(
      () => expect.fail("expected the version to be refused"),
      (thrown: unknown) => thrown,
    );
    expect(isTdlError(error, code), String(error)).to.equal(true);
    return error as TdlError;
  }

  for (const format of ["csv", "jsonl", "parquet"] as const) {
    it(`stages a ${format} version into its own table with the field list's types, its digest what sha256sum prints`, async () => {
      const rows = registryRows(ROWS);
      const file =
        format === "csv" ? uploads.write("v1.csv", csvText(rows)) : format === "jsonl" ? uploads.write("v1.jsonl", jsonlText(jsonRecords(ROWS))) : await uploads.parquet("v1.parquet", rows);
      const staged = await stage(file, format);
      expect(staged).to.deep.equal({
        resourceId: RESOURCE,
        contentDigest: sha256(file),
        rowCount: ROWS,
        fieldListHash: REGISTRY_HASH,
        format,
        table: datasetTable(RESOURCE, sha256(file)),
      });
      const types = await engine.run("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position", [staged.table]);
      expect(types.rows).to.deep.equal(REGISTRY.fields.map((field) => [field.name, field.type]));
      const { rows: read } = await engine.run(`SELECT credit_code, company_name, registered_capital, CAST(founded AS VARCHAR), employees FROM ${staged.table} WHERE credit_code = $1`, [
        registryRow(37).credit_code,
      ]);
      expect(read).to.deep.equal([[registryRow(37).credit_code, "杭州第37科技有限公司", 3701.5, registryRow(37).founded, String(37 * 3 + 1)]]);
      expect(await store.table(RESOURCE, staged.contentDigest)).to.equal(staged.table);
    });
  }

  it("returns the same record for the same bytes staged twice, under any name, and makes no second table", async () => {
    const first = await stage(uploads.write("v1.csv", csvText(registryRows(ROWS))), "csv");
    expect(await stage(uploads.write("v1.csv", csvText(registryRows(ROWS))), "csv")).to.deep.equal(first);
    expect(await stage(uploads.write("again.csv", csvText(registryRows(ROWS))), "csv")).to.deep.equal(first);
    expect(await datasetTables()).to.equal(1);
    expect(await count("SELECT count(*) FROM tdl_datasets")).to.equal(1);
    expect(await stagingTables()).to.equal(0);
  });

  it("stages a second version into a second table and leaves the first as it was (nothing edited in place)", async () => {
    const first = await stage(uploads.write("v1.csv", csvText(registryRows(ROWS))), "csv");
    const second = await stage(uploads.write("v2.csv", csvText(registryRows(ROWS + 5, 2))), "csv");
    expect(second.table).to.not.equal(first.table);
    expect(second.rowCount).to.equal(ROWS + 5);
    expect(await datasetTables()).to.equal(2);
    expect(await count(`SELECT count(*) FROM ${first.table}`)).to.equal(ROWS);
    expect((await engine.run(`SELECT employees FROM ${first.table} WHERE credit_code = $1`, [registryRow(1).credit_code])).rows).to.deep.equal([["4"]]);
    expect((await engine.run(`SELECT employees FROM ${second.table} WHERE credit_code = $1`, [registryRow(1).credit_code])).rows).to.deep.equal([["5"]]);
    expect(await store.table(RESOURCE, first.contentDigest)).to.equal(first.table);
  });

  it("stages a spreadsheet's export (byte-order mark, CRLF, quoted commas and newlines) with the values as written", async () => {
    const rows = registryRows(ROWS).map((row, k) => (k === 9 ? { ...row, company_name: "杭州第10科技有限公司,滨江\n分公司" } : row));
    const staged = await stage(uploads.write("excel.csv", `\uFEFF${csvText(rows).replaceAll("\n", "\r\n")}`), "csv");
    expect(staged.rowCount).to.equal(ROWS);
    const { rows: read } = await engine.run(`SELECT company_name FROM ${staged.table} WHERE credit_code = $1`, [registryRow(10).credit_code]);
    expect(read).to.deep.equal([["杭州第10科技有限公司,滨江\r\n分公司"]]);
  });

  it("returns one record when the same version is staged twice at once", async () => {
    const file = uploads.write("v1.csv", csvText(registryRows(ROWS)));
    const [first, second] = await Promise.all([stage(file, "csv"), stage(file, "csv")]);
    expect(second).to.deep.equal(first);
    expect(await datasetTables()).to.equal(1);
    expect(await stagingTables()).to.equal(0);
  });

  it("does not know a version it never staged", async () => {
    expect(await store.table(RESOURCE, `0x${"ab".repeat(32)}`)).to.equal(undefined);
  });

  describe("refuses a version that does not match the field list, naming the first bad row and column", () => {
    const rows = registryRows(ROWS);
    const lines = csvText(rows).split("\n");
    const replaced = (index: number, line: string): string => [...lines.slice(0, index), line, ...lines.slice(index + 1)].join("\n");
    const header = (names: readonly string[]) => csvText(rows.map((row) => ({ ...row, legal_person: row.legal_representative, phone: "13800000000" })), names);
    const nonUtf8Csv = (): Buffer => withGbk(csvText(rows), "张5,").bytes;
    const nonUtf8Jsonl = (): Buffer => withGbk(jsonlText(jsonRecords(ROWS)), '"张4"').bytes;
    const cases: ReadonlyArray<{ what: string; name: string; format: DatasetFormat; content: () => string | Buffer; reason: string; row: number; column: string | null }> = [
      { what: "a wrong column name in the header", name: "wrong.csv", format: "csv", content: () => header(NAMES.map((name) => (name === "legal_representative" ? "legal_person" : name))), reason: "COLUMNS_MISMATCH", row: 0, column: "legal_person" },
      { what: "a missing column", name: "missing.csv", format: "csv", content: () => header(NAMES.filter((name) => name !== "employees")), reason: "COLUMNS_MISMATCH", row: 0, column: "employees" },
      { what: "an extra column", name: "extra.csv", format: "csv", content: () => header([...NAMES, "phone"]), reason: "COLUMNS_MISMATCH", row: 0, column: "phone" },
      { what: "columns out of order", name: "order.csv", format: "csv", content: () => header([NAMES[1], NAMES[0], ...NAMES.slice(2)]), reason: "COLUMNS_MISMATCH", row: 0, column: "company_name" },
      { what: "a title line above the header", name: "title.csv", format: "csv", content: () => `企业登记信息\n${csvText(rows)}`, reason: "COLUMNS_MISMATCH", row: 0, column: "企业登记信息" },
      { what: "a value that is not its field's type", name: "cast.csv", format: "csv", content: () => replaced(37, lines[37].replace("3701.5", "一百万")), reason: "VALUE_NOT_CASTABLE", row: 37, column: "registered_capital" },
      { what: "a non-UTF-8 byte in a CSV", name: "gbk.csv", format: "csv", content: nonUtf8Csv, reason: "NOT_UTF8", row: 5, column: "legal_representative" },
      { what: "a non-UTF-8 byte in JSON Lines", name: "gbk.jsonl", format: "jsonl", content: nonUtf8Jsonl, reason: "NOT_UTF8", row: 4, column: null },
      { what: "an empty file", name: "empty.csv", format: "csv", content: () => "", reason: "EMPTY_FILE", row: 0, column: null },
      { what: "a header-only CSV", name: "header.csv", format: "csv", content: () => `${lines[0]}\n`, reason: "EMPTY_FILE", row: 0, column: null },
      { what: "a JSON Lines record with an extra member", name: "member.jsonl", format: "jsonl", content: () => jsonlText(jsonRecords(ROWS).map((record, k) => (k === 2 ? { ...record, phone: "13800000000" } : record))), reason: "COLUMNS_MISMATCH", row: 3, column: "phone" },
      { what: "a JSON Lines record missing a member", name: "absent.jsonl", format: "jsonl", content: () => jsonlText(jsonRecords(ROWS).map((record, k) => (k === 5 ? { ...record, founded: undefined } : record))), reason: "COLUMNS_MISMATCH", row: 6, column: "founded" },
      { what: "an unterminated quote", name: "quote.csv", format: "csv", content: () => replaced(6, lines[6].replace("杭州", '"杭州')), reason: "UNREADABLE", row: 6, column: null },
      { what: "a row with a field too few", name: "short.csv", format: "csv", content: () => replaced(4, lines[4].split(",").slice(0, 5).join(",")), reason: "UNREADABLE", row: 4, column: null },
      { what: "a JSON Lines record that is not JSON", name: "broken.jsonl", format: "jsonl", content: () => jsonlText(jsonRecords(ROWS)).replace(`{"credit_code":"${registryRow(3).credit_code}"`, "{credit_code"), reason: "UNREADABLE", row: 3, column: null },
      { what: "a value that is not its type after an empty line", name: "blank.jsonl", format: "jsonl", content: () => `\n${jsonlText(jsonRecords(ROWS)).replace('"employees":31', '"employees":"三十一"')}`, reason: "VALUE_NOT_CASTABLE", row: 10, column: "employees" },
    ];
    for (const bad of cases) {
      it(`${bad.what}: ${bad.reason} at row ${bad.row}${bad.column === null ? "" : ` column ${bad.column}`}, the previous version still answering`, async () => {
        const previous = await stage(uploads.write("v1.csv", csvText(rows)), "csv");
        const error = await refusal(stage(uploads.write(bad.name, bad.content()), bad.format));
        expect(error.details).to.deep.include({ reason: bad.reason, row: bad.row, column: bad.column });
        expect(await count(`SELECT count(*) FROM ${previous.table}`)).to.equal(ROWS);
        expect(await stagingTables()).to.equal(0);
        expect(await datasetTables()).to.equal(1);
        expect(await count("SELECT count(*) FROM tdl_datasets")).to.equal(1);
      });
    }
  });

  it("says in English and Chinese which row and column are wrong", async () => {
    const lines = csvText(registryRows(ROWS)).split("\n");
    lines[37] = lines[37].replace("3701.5", "一百万");
    const cast = await refusal(stage(uploads.write("cast.csv", lines.join("\n")), "csv"));
    expect(cast.message).to.contain('data row 37, column "registered_capital" is not a DOUBLE').and.contain("Art. 6–8, R2");
    expect(cast.details?.zh).to.contain("第 37 行数据“registered_capital”列的值不是 DOUBLE 类型").and.contain("R2");
    const named = await refusal(stage(uploads.write("wrong.csv", csvText(registryRows(3), ["credit_code", "name", ...NAMES.slice(2)])), "csv"));
    expect(named.message).to.contain('in the header, column "name"');
    expect(named.details?.zh).to.contain("表头“name”列与字段清单不符");
    const { bytes, offset } = withGbk(csvText(registryRows(ROWS)), "张5");
    const gbk = await refusal(stage(uploads.write("gbk.csv", bytes), "csv"));
    expect(gbk.message).to.contain(`not UTF-8 at data row 5, column "legal_representative" (byte offset ${offset})`);
    expect(gbk.details?.zh).to.contain("第 5 行数据“legal_representative”列含有非 UTF-8 字节");
    const quote = await refusal(stage(uploads.write("quote.csv", lines.map((line, k) => (k === 6 ? line.replace("杭州", '"杭州') : line)).join("\n")), "csv"));
    expect(quote.message).to.contain("cannot be read at data row 6: Value with unterminated quote found.").and.not.contain(uploads.dir);
  });

  it("refuses a file outside the uploads directory with CONFIG_INVALID, before reading it", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "tdl-elsewhere-"));
    try {
      writeFileSync(join(elsewhere, "v1.csv"), csvText(registryRows(3)));
      await refusal(stage(join(elsewhere, "v1.csv"), "csv"), "CONFIG_INVALID");
      await refusal(stage(join(uploads.dir, "..", elsewhere.split("/").pop() as string, "v1.csv"), "csv"), "CONFIG_INVALID");
      await refusal(stage(`${uploads.dir}-sibling/v1.csv`, "csv"), "CONFIG_INVALID");
      expect(await count("SELECT count(*) FROM tdl_datasets")).to.equal(0);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

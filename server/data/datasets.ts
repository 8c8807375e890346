/**
 * The dataset store (Art. 6–8, R2): each version a data-source department publishes for a resource is
 * checked against the resource's field list and loaded into its own table, named from the resource and the
 * version's content digest; a bookkeeping table (tdl_datasets) records the versions staged. Nothing is
 * edited in place: a new digest is a new table, and the old one stays queryable.
 *
 * Checking happens before anything becomes visible: the file is read as text (VARCHAR) into a staging table,
 * its columns compared with the field list (names and order), every value tried against its field's type
 * (TRY_CAST, the first bad row and column named), and only then cast into the version's table and recorded,
 * in one transaction.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { isTdlError, TdlError } from "../errors";
import { csvHeader, firstMalformedRecord, scanDatasetFile } from "./dataset-file";
import { datasetInvalid } from "./dataset-refusals";
import type { DataEngine } from "./engine";
import type { FieldList } from "./field-list";

export type DatasetFormat = "csv" | "jsonl" | "parquet";
export const DATASET_FORMATS: readonly DatasetFormat[] = ["csv", "jsonl", "parquet"];

export interface StagedDataset {
  readonly resourceId: number;
  /** 0x + SHA-256 hex of the uploaded file's bytes. */
  readonly contentDigest: string;
  readonly rowCount: number;
  readonly fieldListHash: string;
  readonly format: DatasetFormat;
  readonly table: string;
}

export interface StageInput {
  readonly resourceId: number;
  readonly fieldList: FieldList;
  readonly fieldListHash: string;
  /** The uploaded file, inside the store's uploads directory. */
  readonly file: string;
  readonly format: DatasetFormat;
}

export interface DatasetStore {
  /** Loads and checks a file against the field list into its own table; idempotent per (resourceId, digest). */
  stage(input: StageInput): Promise<StagedDataset>;
  /** The table holding that version, when this node staged it. */
  table(resourceId: number, contentDigest: string): Promise<string | undefined>;
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS tdl_datasets (
  resource_id BIGINT NOT NULL, content_digest VARCHAR NOT NULL, row_count BIGINT NOT NULL, field_list_hash VARCHAR NOT NULL,
  format VARCHAR NOT NULL, table_name VARCHAR NOT NULL UNIQUE, staged_at TIMESTAMP NOT NULL DEFAULT now(),
  PRIMARY KEY (resource_id, content_digest))`;

const quoted = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The table of a version: dataset_<resource>_<first 16 hex digits of the digest>. */
export const datasetTable = (resourceId: number, contentDigest: string): string => `dataset_${resourceId}_${contentDigest.slice(2, 18)}`;

/** Opens the store on an engine whose allowed directories include `uploadsDir`. */
export async function createDatasetStore(engine: DataEngine, options: { uploadsDir: string }): Promise<DatasetStore> {
  const uploadsDir = path.resolve(options.uploadsDir) + path.sep;
  await engine.run(BOOKKEEPING);

  async function recorded(resourceId: number, contentDigest: string): Promise<StagedDataset | undefined> {
    const { rows } = await engine.run(
      "SELECT row_count, field_list_hash, format, table_name FROM tdl_datasets WHERE resource_id = $1 AND content_digest = $2",
      [resourceId, contentDigest],
    );
    if (rows.length === 0) return undefined;
    const [rowCount, fieldListHash, format, table] = rows[0];
    return { resourceId, contentDigest, rowCount: Number(rowCount), fieldListHash: String(fieldListHash), format: format as DatasetFormat, table: String(table) };
  }

  async function stage(input: StageInput): Promise<StagedDataset> {
    const file = path.resolve(input.file);
    if (!file.startsWith(uploadsDir)) throw new TdlError("CONFIG_INVALID", `a dataset file must be staged from the uploads directory ${uploadsDir}`);
    if (!Number.isSafeInteger(input.resourceId) || input.resourceId < 0) throw new TdlError("MALFORMED_INPUT", `"${input.resourceId}" is not a resource id`);
    const names = input.fieldList.fields.map((field) => field.name);
    const scan = await scanDatasetFile(file, { binary: input.format === "parquet", csv: input.format === "csv" });
    if (scan.size === 0) throw datasetInvalid("EMPTY_FILE", { row: 0, column: null, detail: "0 bytes" });
    if (scan.badByte !== undefined) {
      const { row, columnIndex, offset } = scan.badByte;
      const column = columnIndex === null ? null : (names[columnIndex] ?? `#${columnIndex + 1}`);
      throw datasetInvalid("NOT_UTF8", { row, column, detail: `byte offset ${offset}` });
    }
    const known = await recorded(input.resourceId, scan.contentDigest);
    if (known !== undefined) return known;

    const staging = `tdl_staging_${randomBytes(8).toString("hex")}`;
    try {
      await load(engine, staging, file, input);
      const rowCount = await check(engine, staging, input.fieldList);
      // one commit at a time: the same version uploaded twice at once is checked twice and recorded once
      return await serially(async () => (await recorded(input.resourceId, scan.contentDigest)) ?? (await commit(staging, scan.contentDigest, rowCount, input)));
    } finally {
      await engine.run(`DROP TABLE IF EXISTS ${staging}`);
    }
  }

  let commits: Promise<unknown> = Promise.resolve();
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const next = commits.then(task, task);
    commits = next.catch(() => undefined);
    return next;
  }

  /** Casts the checked staging table into the version's table and records it, in one transaction. */
  async function commit(staging: string, contentDigest: string, rowCount: number, input: StageInput): Promise<StagedDataset> {
    const table = datasetTable(input.resourceId, contentDigest);
    const columns = input.fieldList.fields.map((field) => `CAST(${quoted(field.name)} AS ${field.type}) AS ${quoted(field.name)}`).join(", ");
    await engine.run(
      `BEGIN TRANSACTION;
       CREATE TABLE ${quoted(table)} AS SELECT ${columns} FROM ${staging} ORDER BY rowid;
       INSERT INTO tdl_datasets (resource_id, content_digest, row_count, field_list_hash, format, table_name)
         VALUES (${input.resourceId}, ${literal(contentDigest)}, ${rowCount}, ${literal(input.fieldListHash)}, ${literal(input.format)}, ${literal(table)});
       COMMIT`,
    );
    return { resourceId: input.resourceId, contentDigest, rowCount, fieldListHash: input.fieldListHash, format: input.format, table };
  }

  return {
    stage,
    async table(resourceId, contentDigest) {
      return (await recorded(resourceId, contentDigest))?.table;
    },
  };
}

/**
 * Reads the file into the staging table as text, in file order (rowid + 1 is the 1-based data row). A CSV's
 * header is checked here, and the file then read with the field names as its columns and no dialect guessing
 * (the sniffer would skip a title line above the header, and refuse a short row without naming it).
 */
async function load(engine: DataEngine, staging: string, file: string, input: StageInput): Promise<void> {
  const names = input.fieldList.fields.map((field) => field.name);
  if (input.format === "csv") checkHeader(await csvHeader(file), names);
  const columns = `{${names.map((name) => `${literal(name)}: 'VARCHAR'`).join(", ")}}`;
  const source =
    input.format === "csv"
      ? `read_csv(${literal(file)}, header = true, auto_detect = false, columns = ${columns}, delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false)`
      : input.format === "parquet"
        ? `read_parquet(${literal(file)})`
        : `read_json_objects(${literal(file)}, format = 'newline_delimited')`;
  try {
    if (input.format === "jsonl") {
      const members = names.map((name) => `json ->> ${literal(name)} AS ${quoted(name)}`).join(", ");
      await engine.run(`CREATE TABLE ${staging} AS SELECT json_keys(json) AS tdl_keys, ${members} FROM ${source}`);
    } else {
      await engine.run(`CREATE TABLE ${staging} AS SELECT * FROM ${source}`);
    }
  } catch (error) {
    if (!isTdlError(error, "QUERY_FAILED")) throw error;
    throw datasetInvalid("UNREADABLE", { row: await unreadableRow(file, input.format, error.message), column: null, detail: readFailure(error.message) }, error);
  }
}

/** The engine's reason a read failed, without the server's path or the engine's own line count. */
function readFailure(message: string): string {
  const lines = message.replace(/^the data engine failed the query: /, "").split("\n");
  const reason = lines.find((line) => /^(Value with|Expected Number of Columns)/.test(line.trim())) ?? lines[0];
  return reason.replace(/ in file "[^"]*"/, "").replace(/, at byte \d+ in line \d+/, "").trim();
}

/** The data row a read failed at: a CSV's from the engine's line (the header is line 1), JSON Lines' by parsing. */
async function unreadableRow(file: string, format: DatasetFormat, message: string): Promise<number> {
  if (format === "jsonl") return firstMalformedRecord(file);
  const line = /\bline:? (\d+)/i.exec(message);
  return format === "csv" && line !== null ? Math.max(0, Number(line[1]) - 1) : 0;
}

/** Checks the staging table against the field list; returns its row count or refuses naming the first bad row. */
async function check(engine: DataEngine, staging: string, fieldList: FieldList): Promise<number> {
  const names = fieldList.fields.map((field) => field.name);
  const shape = await engine.run(`SELECT * FROM ${staging} LIMIT 0`);
  const rowCount = Number((await engine.run(`SELECT count(*) FROM ${staging}`)).rows[0][0]);
  if (rowCount === 0) throw datasetInvalid("EMPTY_FILE", { row: 0, column: null, detail: "no data rows" });
  if (shape.columns.includes("tdl_keys")) await checkMembers(engine, staging, names);
  else checkHeader(shape.columns, names);
  const typed = fieldList.fields.filter((field) => field.type !== "VARCHAR");
  if (typed.length === 0) return rowCount;
  const failing = (name: string, type: string): string => `(${quoted(name)} IS NOT NULL AND TRY_CAST(CAST(${quoted(name)} AS VARCHAR) AS ${type}) IS NULL)`;
  const which = typed.map((field) => `WHEN ${failing(field.name, field.type)} THEN ${literal(field.name)}`).join(" ");
  const bad = await engine.run(
    `SELECT rowid + 1, CASE ${which} END FROM ${staging} WHERE ${typed.map((field) => failing(field.name, field.type)).join(" OR ")} ORDER BY rowid LIMIT 1`,
  );
  if (bad.rows.length > 0) {
    const [row, column] = bad.rows[0];
    const field = fieldList.fields.find((candidate) => candidate.name === column);
    throw datasetInvalid("VALUE_NOT_CASTABLE", { row: Number(row), column: String(column), detail: String(field?.type) });
  }
  return rowCount;
}

/** CSV and Parquet: the columns are exactly the field names, in order. */
function checkHeader(columns: readonly string[], names: readonly string[]): void {
  const wrong = columns.findIndex((column, index) => column !== names[index]);
  if (wrong < 0 && columns.length === names.length) return;
  const index = wrong >= 0 ? wrong : Math.min(columns.length, names.length);
  throw datasetInvalid("COLUMNS_MISMATCH", {
    row: 0,
    column: columns[index] ?? names[index],
    detail: `expected ${names.join(", ")}; found ${columns.join(", ")}`,
  });
}

/** JSON Lines: every record's members are exactly the field names. */
async function checkMembers(engine: DataEngine, staging: string, names: readonly string[]): Promise<void> {
  const expected = `[${[...names].sort().map(literal).join(", ")}]`;
  const { rows } = await engine.run(`SELECT rowid + 1, tdl_keys FROM ${staging} WHERE list_sort(tdl_keys) IS DISTINCT FROM ${expected}::VARCHAR[] ORDER BY rowid LIMIT 1`);
  if (rows.length === 0) return;
  const keys = (rows[0][1] as string[] | null) ?? [];
  const extra = keys.find((key) => !names.includes(key));
  const missing = names.find((name) => !keys.includes(name));
  throw datasetInvalid("COLUMNS_MISMATCH", {
    row: Number(rows[0][0]),
    column: extra ?? missing ?? null,
    detail: extra !== undefined ? `"${extra}" is not a field` : `"${String(missing)}" is missing`,
  });
}

/**
 * Data verification (数据核验, a product form of Art. 4): the developer sends records to check against one
 * granted resource, e.g. a company's name and credit code; the answer is match or no match per record, never
 * a stored value. Every field a record names must be granted; the check reads a view of the granted columns
 * only, as the query guard does.
 */
import { randomBytes } from "node:crypto";
import type { DataEngine, SqlParameter, SqlValue } from "./engine";
import { queryRefused } from "./refusals";
import type { GrantedResource } from "./sql-check";

/** At most this many records per verification request. */
export const MAX_VERIFY_RECORDS = 1000;

export type VerifyRecord = Readonly<Record<string, string | number | boolean | null>>;

export interface VerifyAnswer {
  /** ["record", "match"]: the record's position and whether some row has every named value. */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlValue[])[];
  /** Rows of the resource each check read, summed. */
  readonly rowsScanned: number;
  /** Granted columns the records named, as "alias.field", sorted. */
  readonly columnsTouched: readonly string[];
}

const quoted = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** Refuses records that name nothing, too many records, or fields not granted; returns the fields named. */
export function checkVerifyRecords(resource: GrantedResource, records: readonly VerifyRecord[]): readonly string[] {
  if (records.length === 0 || records.length > MAX_VERIFY_RECORDS) {
    throw queryRefused("CONSTRUCT_NOT_ALLOWED", `a verification of ${records.length} records (1 to ${MAX_VERIFY_RECORDS} are answered)`);
  }
  const granted = new Set(resource.fields.filter((f) => f.granted).map((f) => f.name));
  const named = new Set<string>();
  for (const record of records) {
    const names = Object.keys(record);
    if (names.length === 0) throw queryRefused("CONSTRUCT_NOT_ALLOWED", "a record to verify that names no field");
    for (const name of names) {
      if (!granted.has(name)) throw queryRefused("FIELD_NOT_GRANTED", `${resource.alias}.${name}`);
      named.add(name);
    }
  }
  return [...named].sort().map((name) => `${resource.alias}.${name}`);
}

/** Answers match / no match per record, reading a per-request view of the granted columns only. */
export async function verifyRecords(engine: DataEngine, resource: GrantedResource, records: readonly VerifyRecord[]): Promise<VerifyAnswer> {
  const columnsTouched = checkVerifyRecords(resource, records);
  const schema = `tdl_verify_${randomBytes(8).toString("hex")}`;
  const view = `${quoted(schema)}.${quoted(resource.alias)}`;
  const columns = resource.fields.filter((f) => f.granted).map((f) => quoted(f.name));
  await engine.run(`CREATE SCHEMA ${quoted(schema)}`);
  try {
    await engine.run(`CREATE VIEW ${view} AS SELECT ${columns.join(", ")} FROM ${quoted(resource.table)}`);
    const { rows: counted } = await engine.run(`SELECT count(*) FROM ${view}`);
    const rows: SqlValue[][] = [];
    for (const [i, record] of records.entries()) {
      const names = Object.keys(record);
      // compared as text, so a credit code sent as a number or a count sent as a string still matches
      const where = names.map((name, j) => `CAST(${quoted(name)} AS VARCHAR) IS NOT DISTINCT FROM CAST($${j + 1} AS VARCHAR)`).join(" AND ");
      const values: SqlParameter[] = names.map((name) => record[name]);
      const { rows: found } = await engine.run(`SELECT EXISTS (SELECT 1 FROM ${view} WHERE ${where})`, values);
      rows.push([i, found[0][0] === true]);
    }
    return { columns: ["record", "match"], rows, rowsScanned: Number(counted[0][0]) * records.length, columnsTouched };
  } finally {
    await engine.run(`DROP SCHEMA ${quoted(schema)} CASCADE`);
  }
}

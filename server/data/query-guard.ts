/**
 * The query guard: answers a developer's SQL under a grant with aggregates only (可用不可见, R1; minimum
 * necessary data, R12, Art. 18). Two walls: the parser wall (./sql-check.ts, on DuckDB's own syntax tree) and
 * the view wall (the rewritten query reads temporary views exposing only the granted columns, made on the
 * query's own connection just before it and gone with that connection). The view wall also masks: a field marked sensitive is seen by the query only
 * as the grant's keyed hash of its value (SHA-256 over the grant's secret key and the value, 64 hex digits), so it
 * can be counted, grouped and joined within the grant, never read, and two grants' answers cannot be joined on it
 * (R1, R18). The aggregate rule: each output group also counts its source rows, and groups with fewer than k are
 * suppressed; the answer says how many were.
 */
import { TdlError } from "../errors";
import type { DataEngine, SqlValue } from "./engine";
import { queryRefused } from "./refusals";
import { checkSelect, SOURCE_ROWS, type GrantedResource } from "./sql-check";

export type { GrantedField, GrantedResource } from "./sql-check";

/** The output rule of one query: k and the grant's masking key. */
export interface OutputRule {
  /** The least number of source rows an output group must summarise. */
  readonly k: number;
  /** The grant's secret masking key, 64 hex digits (never shown; a different key per grant). */
  readonly maskKey: string;
  /** Stop the query after this many milliseconds; the engine's default when absent. */
  readonly timeLimitMs?: number;
}

/** What a grant lets a query see: its resources (fields with granted and sensitive marks), k and its masking key. */
export interface QueryScope extends OutputRule {
  readonly resources: readonly GrantedResource[];
}

export interface GuardedAnswer {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlValue[])[];
  /** Groups left out because they summarise fewer than k source rows. */
  readonly groupsSuppressed: number;
  /** Source rows that entered the aggregation (after WHERE and joins), summed over every group, shown or not. */
  readonly rowsScanned: number;
  /** The aliases of the resources read, sorted. */
  readonly resourcesRead: readonly string[];
  /** Granted columns the query touched, as "alias.field", sorted. */
  readonly columnsTouched: readonly string[];
}

/** Developer SQL longer than this is refused before parsing. */
export const MAX_SQL_LENGTH = 20_000;

type Tree = Record<string, unknown>;

const quoted = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;
const MASK_KEY = /^[0-9a-f]{64}$/;

/** A granted column as the view shows it: itself, or for a sensitive field the grant's keyed hash of it. */
function viewColumn(field: { name: string; sensitive: boolean }, maskKey: string): string {
  if (!field.sensitive) return quoted(field.name);
  return `sha256('${maskKey}' || CAST(${quoted(field.name)} AS VARCHAR)) AS ${quoted(field.name)}`;
}

/**
 * The parser's answers, remembered: the same text always parses to the same tree, and the same tree always
 * prints as the same SQL. A developer's dashboard asks the same few queries again and again.
 */
const REMEMBERED = 512;
function remembered(engine: DataEngine, sql: string): (input: string) => Promise<string> {
  const memo = new Map<string, string>();
  return async (input) => {
    const hit = memo.get(input);
    if (hit !== undefined) return hit;
    const { rows } = await engine.run(sql, [input]);
    const output = String(rows[0][0]);
    if (memo.size >= REMEMBERED) memo.delete(memo.keys().next().value as string);
    memo.set(input, output);
    return output;
  };
}
type Parser = { readonly serialize: (sql: string) => Promise<string>; readonly deserialize: (tree: string) => Promise<string> };
const parsers = new WeakMap<DataEngine, Parser>();
function parser(engine: DataEngine): Parser {
  let p = parsers.get(engine);
  if (p === undefined) {
    p = { serialize: remembered(engine, "SELECT json_serialize_sql($1::VARCHAR)"), deserialize: remembered(engine, "SELECT json_deserialize_sql($1::JSON)") };
    parsers.set(engine, p);
  }
  return p;
}

/** Parses with DuckDB's parser and returns the one SELECT_NODE, or refuses. */
async function parseOneSelect(engine: DataEngine, sql: string): Promise<Tree> {
  if (sql.length > MAX_SQL_LENGTH) throw queryRefused("SQL_TOO_LONG", String(sql.length));
  // "no location" is 2^64 - 1, beyond a JavaScript number; it would not survive the round trip to json_deserialize_sql
  const text = (await parser(engine).serialize(sql)).replace(/"query_location":\d{16,}/g, '"query_location":0');
  const parsed = JSON.parse(text) as { error: boolean; error_type?: string; error_message?: string; statements?: { node: Tree }[] };
  if (parsed.error) {
    if (parsed.error_type === "not implemented") throw queryRefused("NOT_ONE_SELECT", "a statement that is not a SELECT");
    throw queryRefused("MALFORMED_SQL", String(parsed.error_message));
  }
  const statements = parsed.statements ?? [];
  if (statements.length !== 1) throw queryRefused("NOT_ONE_SELECT", `${statements.length} statements`);
  const node = statements[0].node;
  if (node.type === "SET_OPERATION_NODE") throw queryRefused("CONSTRUCT_NOT_ALLOWED", "UNION, INTERSECT or EXCEPT");
  if (node.type !== "SELECT_NODE") throw queryRefused("CONSTRUCT_NOT_ALLOWED", `the query form ${String(node.type)}`);
  return node;
}

/** A query the parser wall accepted, not yet run: what it will read and touch. */
export interface QueryPlan {
  /** The rewritten SQL, reading the query's temporary views (temp.main.<alias>). */
  readonly sql: string;
  /** The resources it reads, each once. */
  readonly read: readonly GrantedResource[];
  /** Granted columns it touches, as "alias.field", sorted. */
  readonly columnsTouched: readonly string[];
}

/** Checks the SQL against the grant's resources and rewrites it; refusals are QUERY_REFUSED and nothing is read. */
export async function planQuery(engine: DataEngine, resources: readonly GrantedResource[], sql: string): Promise<QueryPlan> {
  const node = await parseOneSelect(engine, sql);
  const checked = checkSelect(node, resources);
  const read = [...new Map(checked.tables.map((t) => [t.resource.alias, t.resource])).values()];
  for (const { ref, resource } of checked.tables) {
    ref.alias = ref.alias || ref.table_name;
    ref.catalog_name = "temp";
    ref.schema_name = "main";
    ref.table_name = resource.alias;
  }
  (node.select_list as Tree[]).push(countStar(SOURCE_ROWS));
  const rewritten = await parser(engine).deserialize(JSON.stringify({ error: false, statements: [{ node, named_param_map: [] }] }));
  return { sql: rewritten, read, columnsTouched: checked.columnsTouched };
}

/**
 * Runs a plan on views of the granted columns only, made as temporary views on the query's own connection in
 * the same run (no other query sees them; they go with the connection), and suppresses groups under k.
 */
export async function runPlan(engine: DataEngine, plan: QueryPlan, rule: OutputRule): Promise<GuardedAnswer> {
  const { k, maskKey, timeLimitMs } = rule;
  if (!Number.isSafeInteger(k) || k < 1) throw new TdlError("CONFIG_INVALID", `k must be a positive integer, not ${k}`);
  if (!MASK_KEY.test(maskKey)) throw new TdlError("CONFIG_INVALID", "a grant's masking key is 64 lower-case hex digits");
  const views = plan.read.map((resource) => {
    const columns = resource.fields.filter((f) => f.granted).map((f) => viewColumn(f, maskKey));
    return `CREATE TEMP VIEW ${quoted(resource.alias)} AS SELECT ${columns.join(", ")} FROM ${quoted(resource.table)};`;
  });
  const answer = await engine.run([...views, plan.sql].join("\n"), [], timeLimitMs === undefined ? {} : { timeLimitMs });
  return suppress(answer.columns, answer.rows, k, {
    resourcesRead: plan.read.map((r) => r.alias).sort(),
    columnsTouched: plan.columnsTouched,
  });
}

/** Checks the SQL against the scope and answers it with suppression; refusals are QUERY_REFUSED before anything is read. */
export async function guardedQuery(engine: DataEngine, scope: QueryScope, sql: string): Promise<GuardedAnswer> {
  if (!Number.isSafeInteger(scope.k) || scope.k < 1) throw new TdlError("CONFIG_INVALID", `k must be a positive integer, not ${scope.k}`);
  return runPlan(engine, await planQuery(engine, scope.resources, sql), scope);
}

function suppress(
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  k: number,
  read: Pick<GuardedAnswer, "resourcesRead" | "columnsTouched">,
): GuardedAnswer {
  const at = columns.length - 1;
  let rowsScanned = 0;
  let groupsSuppressed = 0;
  const shown: SqlValue[][] = [];
  for (const row of rows) {
    const sourceRows = Number(row[at]);
    rowsScanned += sourceRows;
    if (sourceRows < k) groupsSuppressed += 1;
    else shown.push(row.slice(0, at));
  }
  return { columns: columns.slice(0, at), rows: shown, groupsSuppressed, rowsScanned, ...read };
}

function countStar(alias: string): Tree {
  return {
    class: "FUNCTION", type: "FUNCTION", alias, query_location: 0, function_name: "count_star", schema: "", children: [],
    filter: null, order_bys: { type: "ORDER_MODIFIER", orders: [] }, distinct: false, is_operator: false, export_state: false, catalog: "",
  };
}

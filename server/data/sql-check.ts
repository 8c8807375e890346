/**
 * The parser wall of the query guard: checks the syntax tree DuckDB's own parser gives for one SELECT
 * (`json_serialize_sql`) against a grant's resources and fields. Every expression node and table reference
 * of the tree must be visited and accepted; a node this check does not know is refused, never skipped.
 * Refused outright in this version: subqueries, CTEs, set operations, window functions, `*` and COLUMNS(),
 * table functions, SAMPLE, time travel, column renames in FROM, DISTINCT, GROUP BY ALL, QUALIFY, parameters.
 */
import { queryRefused } from "./refusals";

export interface GrantedField {
  readonly name: string;
  readonly granted: boolean;
  readonly sensitive: boolean;
  /** Marked a quasi-identifier in the field list: combining it across resources links their records (R18). */
  readonly quasiIdentifier?: boolean;
}

/** One resource of a grant: the alias the developer writes, the engine table it reads, its fields. */
export interface GrantedResource {
  readonly alias: string;
  readonly table: string;
  readonly fields: readonly GrantedField[];
}

type Tree = Record<string, unknown>;

/** Aggregates: an output row computed by one of these summarises its group. */
const AGGREGATES = new Set(["count", "count_star", "sum", "avg", "mean", "min", "max", "median", "stddev", "stddev_pop", "stddev_samp", "var_pop", "var_samp", "variance", "approx_count_distinct"]);
const SCALARS = new Set([
  "round", "abs", "floor", "ceil", "lower", "upper", "trim", "length", "coalesce", "nullif", "greatest", "least",
  "date_trunc", "date_part", "year", "month", "day", "quarter", "dayofweek", "concat",
  "+", "-", "*", "/", "//", "%", "||", "~~", "!~~", "~~*", "!~~*",
]);
const OPERATORS = new Set(["OPERATOR_NOT", "OPERATOR_IS_NULL", "OPERATOR_IS_NOT_NULL", "COMPARE_IN", "COMPARE_NOT_IN", "OPERATOR_COALESCE"]);
/** The name the rewrite gives the per-group source row count; the developer may not use it. */
export const SOURCE_ROWS = "__tdl_source_rows";

export interface CheckedSelect {
  /** The SELECT_NODE, accepted. */
  readonly node: Tree;
  /** The BASE_TABLE nodes, each with the resource it reads. */
  readonly tables: readonly { readonly ref: Tree; readonly resource: GrantedResource }[];
  /** Granted columns touched, as "alias.field", sorted. */
  readonly columnsTouched: readonly string[];
}

const lower = (value: unknown): string => String(value ?? "").toLowerCase();
const isTree = (value: unknown): value is Tree => typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): Tree[] => (Array.isArray(value) ? value.filter(isTree) : []);

/** Checks one parsed SELECT_NODE; throws QUERY_REFUSED naming the first thing refused. */
export function checkSelect(node: Tree, resources: readonly GrantedResource[]): CheckedSelect {
  const byAlias = new Map(resources.map((r) => [lower(r.alias), r]));
  const visited = new Set<Tree>();
  const tables: { ref: Tree; resource: GrantedResource }[] = [];
  const inScope = new Map<string, GrantedResource>();
  const touched = new Set<string>();
  const selectAliases = new Set(list(node.select_list).map((e) => lower(e.alias)).filter((a) => a !== ""));
  if (selectAliases.has(SOURCE_ROWS)) throw queryRefused("CONSTRUCT_NOT_ALLOWED", `the output name ${SOURCE_ROWS}`);

  const refuse = (what: string): never => {
    throw queryRefused("CONSTRUCT_NOT_ALLOWED", what);
  };

  function tableRef(ref: Tree): void {
    visited.add(ref);
    if (ref.type === "JOIN") {
      tableRef(ref.left as Tree);
      tableRef(ref.right as Tree);
      for (const column of (ref.using_columns as unknown[]) ?? []) resolveColumn([String(column)]);
      if (ref.condition) expression(ref.condition as Tree);
      return;
    }
    if (ref.type === "TABLE_FUNCTION") throw queryRefused("FUNCTION_NOT_ALLOWED", String((ref.function as Tree)?.function_name ?? "a table function"));
    if (ref.type === "SUBQUERY") refuse("a subquery in FROM");
    if (ref.type === "SHOW_REF") throw queryRefused("NOT_ONE_SELECT", "DESCRIBE, SHOW or SUMMARIZE");
    if (ref.type === "EMPTY") throw queryRefused("ROW_LEVEL_OUTPUT", "a SELECT without FROM reads no granted resource");
    if (ref.type !== "BASE_TABLE") refuse(`the table reference ${String(ref.type)}`);
    const named = [ref.catalog_name, ref.schema_name].filter((part) => part !== "" && part !== undefined && part !== null);
    const resource = byAlias.get(lower(ref.table_name));
    if (named.length > 0 || !resource) throw queryRefused("RESOURCE_NOT_GRANTED", [...named, ref.table_name].join("."));
    if ((ref.column_name_alias as unknown[] | undefined)?.length) refuse("renaming columns in FROM");
    if (ref.sample) refuse("SAMPLE");
    if (ref.at_clause) refuse("AT (time travel)");
    const name = lower(ref.alias) || lower(ref.table_name);
    if (inScope.has(name)) refuse(`the table name ${name} used twice`);
    inScope.set(name, resource);
    tables.push({ ref, resource });
  }

  function resolveColumn(names: readonly string[]): void {
    const parts = names.map(lower);
    let candidates: { alias: string; resource: GrantedResource }[];
    let field: string;
    if (parts.length === 1) {
      field = parts[0];
      const having = [...inScope].filter(([, r]) => r.fields.some((f) => lower(f.name) === field));
      if (having.length === 0 && selectAliases.has(field)) return; // a name the select list gave
      candidates = having.map(([alias, resource]) => ({ alias, resource }));
    } else if (parts.length === 2 && inScope.has(parts[0])) {
      field = parts[1];
      candidates = [{ alias: parts[0], resource: inScope.get(parts[0])! }];
    } else {
      throw queryRefused("FIELD_NOT_GRANTED", names.join("."));
    }
    const fields = candidates.map((c) => ({ resource: c.resource, field: c.resource.fields.find((f) => lower(f.name) === field) }));
    const granted = fields.filter((c) => c.field?.granted);
    if (granted.length === 0 || granted.length !== fields.length) throw queryRefused("FIELD_NOT_GRANTED", names.join("."));
    // a sensitive field may stand anywhere: the view wall shows it only as the grant's keyed hash (query-guard.ts)
    // named by the resource's alias (r12), whatever the query called the table
    for (const c of granted) touched.add(`${c.resource.alias}.${c.field!.name}`);
  }

  function expression(e: Tree): void {
    if (!isTree(e)) refuse("an expression the guard does not know");
    visited.add(e);
    const each = (children: unknown): void => list(children).forEach((child) => expression(child));
    switch (e.class) {
      case "COLUMN_REF":
        return resolveColumn((e.column_names as string[]) ?? []);
      case "CONSTANT":
        return;
      case "FUNCTION": {
        const name = lower(e.function_name);
        if (e.schema || e.catalog || !(AGGREGATES.has(name) || SCALARS.has(name))) throw queryRefused("FUNCTION_NOT_ALLOWED", String(e.function_name));
        if (e.export_state) refuse("EXPORT_STATE");
        each(e.children);
        if (e.filter) expression(e.filter as Tree);
        const orders = e.order_bys as Tree | undefined;
        if (orders) visited.add(orders);
        list(orders?.orders).forEach((order) => (visited.add(order), expression(order.expression as Tree)));
        return;
      }
      case "COMPARISON":
        return each([e.left, e.right]);
      case "CONJUNCTION":
        return each(e.children);
      case "OPERATOR":
        if (!OPERATORS.has(String(e.type))) refuse(`the operator ${String(e.type)}`);
        return each(e.children);
      case "CASE":
        list(e.case_checks).forEach((check) => (visited.add(check), each([check.when_expr, check.then_expr])));
        return each([e.else_expr]);
      case "CAST":
        return each([e.child]);
      case "BETWEEN":
        return each([e.input, e.lower, e.upper]);
      case "SUBQUERY":
        return refuse("a subquery");
      case "WINDOW":
        return refuse("a window function");
      case "STAR":
        return refuse("* or COLUMNS(); name the granted fields");
      case "PARAMETER":
        return refuse("a parameter");
      default:
        return refuse(`the expression ${String(e.class)}`);
    }
  }

  visited.add(node);
  if (list((node.cte_map as Tree)?.map as unknown).length > 0) refuse("a WITH (common table expression)");
  if (node.aggregate_handling !== "STANDARD_HANDLING") refuse("GROUP BY ALL");
  if (node.sample) refuse("SAMPLE");
  if (node.qualify) refuse("QUALIFY");
  tableRef(node.from_table as Tree);
  list(node.select_list).forEach((e) => expression(e));
  list(node.group_expressions).forEach((e) => expression(e));
  if (node.where_clause) expression(node.where_clause as Tree);
  if (node.having) expression(node.having as Tree);
  for (const modifier of list(node.modifiers)) {
    visited.add(modifier);
    if (modifier.type === "ORDER_MODIFIER") list(modifier.orders).forEach((o) => (visited.add(o), expression(o.expression as Tree)));
    else if (modifier.type === "LIMIT_MODIFIER") [modifier.limit, modifier.offset].filter(isTree).forEach((e) => expression(e));
    else refuse(modifier.type === "DISTINCT_MODIFIER" ? "DISTINCT" : `the modifier ${String(modifier.type)}`);
  }
  everyNodeVisited(node, visited);
  aggregateRule(node);
  return { node, tables, columnsTouched: [...touched].sort() };
}

/** The safety net: an expression, table reference or query node the walk above did not accept is refused. */
function everyNodeVisited(value: unknown, visited: Set<Tree>): void {
  if (Array.isArray(value)) return value.forEach((item) => everyNodeVisited(item, visited));
  if (!isTree(value)) return;
  const structural = typeof value.class === "string" || value.type === "SELECT_NODE" || ["BASE_TABLE", "JOIN", "SUBQUERY", "TABLE_FUNCTION"].includes(String(value.type));
  if (structural && !visited.has(value)) throw queryRefused("CONSTRUCT_NOT_ALLOWED", `the SQL construct ${String(value.class ?? value.type)}`);
  for (const child of Object.values(value)) everyNodeVisited(child, visited);
}

/** Without GROUP BY, every selected expression must be built from aggregates only (one group of all rows). */
function aggregateRule(node: Tree): void {
  if (list(node.group_expressions).length > 0) return;
  for (const item of list(node.select_list)) {
    const shape = aggregateShape(item);
    if (shape.bare || !shape.aggregated) throw queryRefused("ROW_LEVEL_OUTPUT", "no GROUP BY and a selected expression that is not an aggregate");
  }
}

/** Whether an expression holds an aggregate, and whether it touches a column outside any aggregate. */
function aggregateShape(e: unknown): { aggregated: boolean; bare: boolean } {
  if (Array.isArray(e)) return e.map(aggregateShape).reduce((a, b) => ({ aggregated: a.aggregated || b.aggregated, bare: a.bare || b.bare }), { aggregated: false, bare: false });
  if (!isTree(e)) return { aggregated: false, bare: false };
  if (e.class === "FUNCTION" && AGGREGATES.has(lower(e.function_name))) return { aggregated: true, bare: false };
  if (e.class === "COLUMN_REF") return { aggregated: false, bare: true };
  return aggregateShape(Object.values(e));
}

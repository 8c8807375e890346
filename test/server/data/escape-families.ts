/**
 * Escape attempts against the query guard, in families. Each attempt is SQL a developer under SCOPE
 * (./world.ts) might send to read more than the grant allows, with the reason it must be refused for.
 */
import type { QueryRefusalReason } from "../../../server/data/refusals";

export interface EscapeAttempt {
  readonly family: string;
  readonly sql: string;
  readonly reason: QueryRefusalReason;
}

const family = (name: string, reason: QueryRefusalReason, sqls: readonly string[]): EscapeAttempt[] =>
  sqls.map((sql) => ({ family: name, sql, reason }));

const UNGRANTED_TABLES = [
  "src_secret_v1", "src_enterprises_v1", "src_permits_v2", "secret", "main.enterprises", "memory.main.enterprises",
  "temp.main.enterprises", "system.main.duckdb_tables", "information_schema.tables", "information_schema.columns",
  "information_schema.schemata", "pg_catalog.pg_class", "duckdb_tables", "duckdb_settings", "sqlite_master",
  '"src_secret_v1"', '"enterprises "', "'/etc/passwd'", "'data.csv'", "'s3://bucket/x.parquet'",
];
const TABLE_FUNCTIONS = [
  "duckdb_tables()", "duckdb_columns()", "duckdb_settings()", "duckdb_views()", "duckdb_databases()", "duckdb_extensions()",
  "duckdb_functions()", "duckdb_secrets()", "read_csv('/etc/passwd')", "read_csv_auto('/etc/hosts')",
  "read_parquet('x.parquet')", "read_json('x.json')", "read_text('/etc/passwd')", "read_blob('/etc/shadow')",
  "glob('/*')", "range(10)", "generate_series(1, 10)", "query_table('src_secret_v1')", "sniff_csv('/etc/passwd')",
  "pragma_table_info('src_enterprises_v1')", "parquet_scan('x.parquet')", "query('SELECT * FROM src_secret_v1')",
  "unnest([1, 2])", "which_secret('s3://x', 's3')",
];
const FUNCTIONS = [
  "current_setting('enable_external_access')", "version()", "getenv('HOME')", "md5(credit_code)", "sha256(name)", "hash(name)",
  "string_agg(name, ',')", "array_agg(name)", "list(name)", "histogram(name)", "first(name)", "any_value(name)", "arg_max(name, revenue)",
  "json_group_array(name)", "current_database()", "current_schema()", "typeof(name)", "random()", "nextval('s')", "regexp_extract(name, '.*')",
  "main.sum(revenue)", "system.main.sum(revenue)", "mode(name)", "list_filter([1], x -> x > 1)", "substring(name, 1, 4)", "list_distinct(array_agg(name))", "to_json(name)",
];
const STATEMENTS = [
  "COPY src_enterprises_v1 TO '/tmp/out.csv'", "COPY (SELECT 1) TO '/tmp/out.parquet' (FORMAT parquet)", "ATTACH '/tmp/other.db' AS other",
  "DETACH other", "INSTALL httpfs", "LOAD httpfs", "FORCE INSTALL httpfs", "PRAGMA table_info('src_enterprises_v1')", "PRAGMA show_tables",
  "SET enable_external_access = true", "SET lock_configuration = false", "RESET memory_limit", "CREATE TABLE leak AS SELECT 1",
  "INSERT INTO src_secret_v1 VALUES ('x')", "UPDATE src_enterprises_v1 SET name = 'x'", "DELETE FROM src_enterprises_v1",
  "DROP TABLE src_enterprises_v1", "ALTER TABLE src_enterprises_v1 RENAME TO y", "EXPORT DATABASE '/tmp/dump'", "CALL duckdb_tables()",
  "CHECKPOINT", "VACUUM", "USE memory", "SHOW TABLES", "BEGIN TRANSACTION", "CREATE MACRO leak(x) AS x", "PREPARE p AS SELECT 1",
  "CREATE SECRET (TYPE s3)", "CREATE VIEW v AS SELECT * FROM src_secret_v1", "EXPLAIN SELECT * FROM src_secret_v1",
  "SHOW src_enterprises_v1", "DESCRIBE src_enterprises_v1", "SUMMARIZE src_enterprises_v1", "", "\u0000SELECT 1",
];
const SECOND_STATEMENTS = ["SELECT count(*) FROM enterprises", "SELECT * FROM src_secret_v1", "COPY src_secret_v1 TO '/tmp/x.csv'", "SET threads = 8", "ATTACH ':memory:' AS m", "PRAGMA version"];
const UNGRANTED_FIELD = [
  "SELECT owner_phone, count(*) FROM enterprises GROUP BY owner_phone", "SELECT count(owner_phone) FROM enterprises",
  "SELECT count(*) FROM enterprises WHERE owner_phone LIKE '138%'", "SELECT district, count(*) FROM enterprises GROUP BY district HAVING min(owner_phone) > '0'",
  "SELECT district, count(*) FROM enterprises GROUP BY district ORDER BY max(owner_phone)", "SELECT count(*) FROM enterprises e WHERE e.owner_phone IS NOT NULL",
  "SELECT count(*) FROM enterprises WHERE enterprises.owner_phone = '1'", "SELECT sum(CASE WHEN owner_phone > '5' THEN 1 ELSE 0 END) FROM enterprises",
  "SELECT count(*) FROM enterprises WHERE CAST(owner_phone AS BIGINT) > 0", "SELECT count(*) FROM enterprises WHERE length(owner_phone) = 11",
  "SELECT count(*) FROM enterprises WHERE owner_phone BETWEEN '1' AND '2'", "SELECT count(*) FROM enterprises WHERE owner_phone IN ('1', '2')",
  "SELECT count(*) FILTER (WHERE owner_phone > '1') FROM enterprises", "SELECT count(*) FROM enterprises JOIN permits ON permits.inspector = enterprises.name",
  "SELECT kind, count(*) FROM permits GROUP BY kind HAVING count(DISTINCT inspector) > 1", "SELECT count(*) FROM enterprises e JOIN permits p USING (inspector)",
  "SELECT count(*) FROM enterprises WHERE \"owner_phone\" > '1'", "SELECT count(*) FROM enterprises WHERE \"OWNER_PHONE\" > '1'",
  "SELECT count(*) FROM enterprises WHERE enterprises.\"owner_phone\" > '1'", "SELECT count(*) FROM enterprises WHERE missing_field > 1",
  "SELECT count(*) FROM enterprises e WHERE permits.kind = 'x'", "SELECT count(*) FROM enterprises WHERE main.enterprises.id > 1",
  "SELECT count(*) FROM enterprises WHERE src_enterprises_v1.id > 1", "SELECT count(*) FROM enterprises WHERE rowid > 1",
];
const ALIASED_UNGRANTED = [
  "SELECT owner_phone AS district, count(*) FROM enterprises GROUP BY 1", "SELECT count(*) AS n FROM enterprises GROUP BY owner_phone",
  "SELECT max(owner_phone) AS name FROM enterprises", "SELECT district, max(owner_phone) AS revenue FROM enterprises GROUP BY district",
  "SELECT upper(owner_phone) AS id, count(*) FROM enterprises GROUP BY id", "SELECT inspector AS kind, count(*) FROM permits GROUP BY 1",
];
/** Sensitive values asked for in output: answered (or failed by the engine) showing only the grant's keyed hashes. */
export const SENSITIVE_IN_OUTPUT: readonly string[] = [
  "SELECT credit_code, count(*) FROM enterprises GROUP BY credit_code", "SELECT min(credit_code) FROM enterprises",
  "SELECT max(credit_code) FROM enterprises", "SELECT district, max(credit_code) FROM enterprises GROUP BY district",
  "SELECT count(*) FROM enterprises GROUP BY credit_code", "SELECT upper(credit_code), count(*) FROM enterprises GROUP BY 1",
  "SELECT district, count(*) FROM enterprises GROUP BY district ORDER BY min(credit_code)", "SELECT length(credit_code) AS l, count(*) FROM enterprises GROUP BY l",
  "SELECT e.credit_code AS code, count(*) FROM enterprises e GROUP BY code", "SELECT lower(credit_code), count(*) FROM enterprises GROUP BY 1",
  "SELECT median(credit_code) FROM enterprises", "SELECT coalesce(credit_code, 'x'), count(*) FROM enterprises GROUP BY 1",
];
const ROW_LEVEL = [
  "SELECT name FROM enterprises", "SELECT id, name, revenue FROM enterprises", "SELECT 1 FROM enterprises", "SELECT revenue + 1 FROM enterprises",
  "SELECT count(*), name FROM enterprises", "SELECT revenue * sum(revenue) FROM enterprises", "SELECT 1", "SELECT count(*)",
  "SELECT name FROM enterprises ORDER BY revenue DESC LIMIT 1", "SELECT e.name FROM enterprises e JOIN permits p ON p.enterprise_id = e.id",
];
const CONSTRUCTS = [
  "SELECT * FROM enterprises", "SELECT e.* FROM enterprises e", "SELECT COLUMNS('.*') FROM enterprises", "SELECT count(*) FROM enterprises WHERE id IN (SELECT id FROM enterprises)",
  "SELECT count(*) FROM (SELECT * FROM src_secret_v1)", "WITH s AS (SELECT * FROM src_secret_v1) SELECT count(*) FROM s",
  "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", "SELECT count(*) FROM enterprises UNION SELECT count(*) FROM src_secret_v1",
  "SELECT count(*) FROM enterprises EXCEPT SELECT 1", "SELECT district, count(*) OVER () FROM enterprises", "SELECT DISTINCT district, count(*) FROM enterprises GROUP BY district",
  "SELECT district, count(*) FROM enterprises GROUP BY ALL", "SELECT count(*) FROM enterprises QUALIFY count(*) > 1", "SELECT count(*) FROM enterprises USING SAMPLE 10",
  "SELECT count(*) FROM enterprises e(credit, code)", "SELECT count(*) FROM enterprises WHERE id > $1", "SELECT count(*) FROM enterprises WHERE id > ?",
  "SELECT count(*) FROM enterprises, enterprises", "SELECT count(*) FROM enterprises WHERE EXISTS (SELECT 1 FROM src_secret_v1)",
  "SELECT (SELECT count(*) FROM src_secret_v1) FROM enterprises", "SELECT count(*) AS __tdl_source_rows FROM enterprises", "SELECT count(*) FROM enterprises WHERE name COLLATE nocase = 'x'",
"FROM enterprises SELECT count(*) UNION ALL FROM src_secret_v1 SELECT count(*)",
  "SELECT count(*) FROM enterprises e POSITIONAL JOIN (SELECT 1) s", "SELECT count(*) FROM enterprises PIVOT (count(*) FOR district IN ('a'))",
];
const COMMENTS_AND_QUOTES = [
  "SELECT count(*) FROM /* enterprises */ src_secret_v1", "SELECT count(*) FROM enterprises; -- harmless\nSELECT * FROM src_secret_v1",
  "SELECT count(*) FROM enterprises /*; DROP TABLE src_enterprises_v1 */ WHERE owner_phone > '1'", "SELECT count(*) FROM \"src_secret_v1\" -- enterprises",
  "SELECT count(*) FROM \"main\".\"src_secret_v1\"", "SELECT count(*) FROM enterprises WHERE name = ''';SELECT * FROM src_secret_v1;--'; SELECT 1",
  "SELECT count(*) FROM enterprises\n;\nCOPY src_secret_v1 TO '/tmp/x'", "SELECT count(*) FROM \"enterprises\"\"\"",
  "SELECT count(*) FROM `src_secret_v1`", "SELECT count(*) FROM [src_secret_v1]",
];
const LOOKALIKES = [
  ["SELECT count(*) FROM еnterprises", "RESOURCE_NOT_GRANTED"], ["SELECT count(*) FROM enterprisеs", "RESOURCE_NOT_GRANTED"],
  ["SELECT count(*) FROM ｅnterprises", "RESOURCE_NOT_GRANTED"], ["SELECT count(*) FROM \"enter\u200bprises\"", "RESOURCE_NOT_GRANTED"],
  ["SELECT count(*) FROM \"ENTERPRISES\u0301\"", "RESOURCE_NOT_GRANTED"], ["SELECT count(*) FROM enterprises WHERE оwner_phone > '1'", "FIELD_NOT_GRANTED"],
  ["SELECT count(*) FROM enterprises WHERE \"owner\u00adphone\" > '1'", "FIELD_NOT_GRANTED"], ["SELECT cоunt(*) FROM enterprises", "FUNCTION_NOT_ALLOWED"],
  ["SELECT ѕum(revenue) FROM enterprises", "FUNCTION_NOT_ALLOWED"], ["SELECT count(*) FROM enterprises WHERE \"ｉｄ\" > 1", "FIELD_NOT_GRANTED"],
] as const;
const MALFORMED = [
  "SELEC count(*) FROM enterprises", "SELECT count(* FROM enterprises", "SELECT count(*) FROM enterprises WHERE name = 'open", "SELECT FROM WHERE",
  "SELECT count(*) FROM enterprises GROUP", "SELECT count(*) FROM \"enterprises", "'; DROP TABLE src_secret_v1; --", "SELECT count(*) FROM enterprises WHERE )",
  "SELECT sum(revenue FROM enterprises",
];

export const ESCAPES: readonly EscapeAttempt[] = [
  ...family("ungranted table", "RESOURCE_NOT_GRANTED", UNGRANTED_TABLES.flatMap((t) => [`SELECT count(*) FROM ${t}`, `SELECT count(*) FROM enterprises JOIN ${t} ON true`])),
  ...family("table function", "FUNCTION_NOT_ALLOWED", TABLE_FUNCTIONS.map((f) => `SELECT count(*) FROM ${f}`)),
  ...family("function outside the allowlist", "FUNCTION_NOT_ALLOWED", FUNCTIONS.map((f) => `SELECT district, ${f} AS v FROM enterprises GROUP BY district`)),
  ...family("statement other than SELECT", "NOT_ONE_SELECT", STATEMENTS),
  ...family("several statements", "NOT_ONE_SELECT", SECOND_STATEMENTS.map((s) => `SELECT count(*) FROM enterprises; ${s}`)),
  ...family("ungranted field", "FIELD_NOT_GRANTED", [...UNGRANTED_FIELD, ...ALIASED_UNGRANTED]),
  ...family("row-level output", "ROW_LEVEL_OUTPUT", ROW_LEVEL),
  ...family("construct refused in this version", "CONSTRUCT_NOT_ALLOWED", CONSTRUCTS),
  ...family("malformed SQL", "MALFORMED_SQL", MALFORMED),
  ...LOOKALIKES.map(([sql, reason]) => ({ family: "unicode lookalike", sql, reason })),
  ...family("very long SQL", "SQL_TOO_LONG", [`SELECT count(*) FROM enterprises WHERE ${"id > 0 AND ".repeat(2000)}true`, `SELECT count(*) FROM enterprises -- ${"x".repeat(20_001)}`]),
];

/** Comments and quoting tricks: each must be refused, for whichever reason the trick lands on. */
export const TRICKS: readonly string[] = COMMENTS_AND_QUOTES;

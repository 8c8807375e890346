/**
 * A small data world for the query guard's tests, on the real engine in memory: a granted resource
 * `enterprises` (one ungranted field, one sensitive field), a granted resource `permits`, and a table no
 * grant names. A recording engine keeps every SQL text the guard ran, to show a refusal read nothing.
 */
import { openDuckDbEngine } from "../../../server/data/duckdb";
import type { DataEngine } from "../../../server/data/engine";
import type { QueryScope } from "../../../server/data/query-guard";

export const ENTERPRISE_ROWS = 120;

/** The grant's masking key in these tests (any 64 hex digits; the node derives one per grant). */
export const MASK_KEY = "5e".repeat(32);

export const SCOPE: QueryScope = {
  k: 10,
  maskKey: MASK_KEY,
  resources: [
    {
      alias: "enterprises",
      table: "src_enterprises_v1",
      fields: [
        { name: "id", granted: true, sensitive: false },
        { name: "name", granted: true, sensitive: false },
        { name: "district", granted: true, sensitive: false },
        { name: "revenue", granted: true, sensitive: false },
        { name: "founded", granted: true, sensitive: false },
        { name: "credit_code", granted: true, sensitive: true },
        { name: "owner_phone", granted: false, sensitive: true },
      ],
    },
    {
      alias: "permits",
      table: "src_permits_v2",
      fields: [
        { name: "enterprise_id", granted: true, sensitive: false },
        { name: "kind", granted: true, sensitive: false },
        { name: "inspector", granted: false, sensitive: false },
      ],
    },
  ],
};

export interface RecordingEngine extends DataEngine {
  readonly ran: string[];
}

/** An in-memory engine holding the world's tables, recording what runs after setup. */
export async function openWorld(timeLimitMs = 5000): Promise<RecordingEngine> {
  const engine = await openDuckDbEngine({ memoryLimit: "256MB", threads: 1, timeLimitMs });
  await engine.run(`CREATE TABLE src_enterprises_v1 AS SELECT i AS id, 'enterprise ' || i AS name, 'district ' || (i % 5) AS district,
    (i * 37) % 1000 AS revenue, DATE '2000-01-01' + INTERVAL (i * 30) DAY AS founded,
    '91' || lpad(CAST(i AS VARCHAR), 16, '0') AS credit_code, '138' || lpad(CAST(i AS VARCHAR), 8, '0') AS owner_phone
    FROM range(${ENTERPRISE_ROWS}) r(i)`);
  await engine.run(`CREATE TABLE src_permits_v2 AS SELECT i % ${ENTERPRISE_ROWS} AS enterprise_id, 'kind ' || (i % 3) AS kind, 'inspector ' || i AS inspector FROM range(300) r(i)`);
  await engine.run("CREATE TABLE src_secret_v1 AS SELECT 'secret ' || i AS secret FROM range(50) r(i)");
  const ran: string[] = [];
  return {
    ran,
    run: (sql, parameters, options) => {
      ran.push(sql);
      return engine.run(sql, parameters, options);
    },
    close: () => engine.close(),
  };
}

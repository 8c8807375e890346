import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import { guardedQuery, type QueryScope } from "../../../server/data/query-guard";
import type { SqlValue } from "../../../server/data/engine";
import { openWorld, type RecordingEngine } from "./world";

useSeed("server/data/guard.property.test.ts");

const row = fc.record({ region: fc.integer({ min: 0, max: 4 }), sector: fc.constantFrom("a", "b", "c"), amount: fc.integer({ min: -100, max: 100 }) });
const AGGREGATES = ["count(*)", "sum(amount)", "min(amount)", "max(amount)", "avg(amount)", "count(DISTINCT sector)"];
const query = fc.record({
  rows: fc.array(row, { minLength: 0, maxLength: 120 }),
  keys: fc.subarray(["region", "sector"]),
  aggregates: fc.subarray(AGGREGATES, { minLength: 1 }),
  above: fc.option(fc.integer({ min: -100, max: 100 }), { nil: undefined }),
  k: fc.integer({ min: 1, max: 15 }),
});

const sorted = (rows: readonly (readonly SqlValue[])[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

describe("the query guard's aggregate rule (property)", () => {
  let engine: RecordingEngine;
  let tables = 0;
  before(async () => {
    engine = await openWorld();
  });
  after(() => engine.close());

  it("answers DuckDB's direct result minus the groups under k, and every shown group has at least k source rows", async () => {
    await fc.assert(
      fc.asyncProperty(query, async ({ rows, keys, aggregates, above, k }) => {
        const table = `src_random_${tables++}`;
        await engine.run(`CREATE TABLE ${table} (region INTEGER, sector VARCHAR, amount INTEGER)`);
        for (const r of rows) await engine.run(`INSERT INTO ${table} VALUES ($1, $2, $3)`, [r.region, r.sector, r.amount]);
        const scope: QueryScope = {
          k,
          maskKey: "0f".repeat(32),
          resources: [{ alias: "ledger", table, fields: ["region", "sector", "amount"].map((name) => ({ name, granted: true, sensitive: false })) }],
        };
        const select = [...keys, ...aggregates].join(", ");
        const where = above === undefined ? "" : ` WHERE amount > ${above}`;
        const groupBy = keys.length === 0 ? "" : ` GROUP BY ${keys.join(", ")}`;
        const answer = await guardedQuery(engine, scope, `SELECT ${select} FROM ledger${where}${groupBy}`);

        const direct = await engine.run(`SELECT ${select}, count(*) FROM ${table}${where}${groupBy}`);
        const at = direct.columns.length - 1;
        const kept = direct.rows.filter((r) => Number(r[at]) >= k);
        expect(sorted(answer.rows)).to.deep.equal(sorted(kept.map((r) => r.slice(0, at))));
        expect(answer.groupsSuppressed).to.equal(direct.rows.length - kept.length);
        expect(answer.rowsScanned).to.equal(direct.rows.reduce((sum, r) => sum + Number(r[at]), 0));
        const sizes = new Map<string, number[]>();
        for (const r of direct.rows) sizes.set(JSON.stringify(r.slice(0, at)), [...(sizes.get(JSON.stringify(r.slice(0, at))) ?? []), Number(r[at])]);
        for (const shown of answer.rows) expect(sizes.get(JSON.stringify(shown))!.shift()).to.be.at.least(k);
        await engine.run(`DROP TABLE ${table}`);
      }),
      { numRuns: 40 },
    );
  });
});

import { expect } from "chai";
import { guardedQuery } from "../../../server/data/query-guard";
import { canonicalResult, resultDigest } from "../../../server/data/result-digest";
import { isTdlError } from "../../../server/errors";
import { ENTERPRISE_ROWS, openWorld, SCOPE, type RecordingEngine } from "./world";

describe("the query guard answers aggregates under a grant", () => {
  let engine: RecordingEngine;
  before(async () => {
    engine = await openWorld();
  });
  after(() => engine.close());

  it("answers a grouped aggregate with each group's values, as DuckDB computes them on the source", async () => {
    const sql = "SELECT district, count(*) AS n, sum(revenue) AS total FROM enterprises GROUP BY district ORDER BY district";
    const answer = await guardedQuery(engine, SCOPE, sql);
    const direct = await engine.run("SELECT district, count(*) AS n, sum(revenue) AS total FROM src_enterprises_v1 GROUP BY district ORDER BY district");
    expect(answer.columns).to.deep.equal(["district", "n", "total"]);
    expect(answer.rows).to.deep.equal(direct.rows);
    expect(answer).to.include({ groupsSuppressed: 0, rowsScanned: ENTERPRISE_ROWS });
    expect(answer.resourcesRead).to.deep.equal(["enterprises"]);
    expect(answer.columnsTouched).to.deep.equal(["enterprises.district", "enterprises.revenue"]);
  });

  it("suppresses every group under k and says how many (GROUP BY a unique key leaks nothing)", async () => {
    const answer = await guardedQuery(engine, SCOPE, "SELECT id, count(*) FROM enterprises GROUP BY id");
    expect(answer.rows).to.deep.equal([]);
    expect(answer.groupsSuppressed).to.equal(ENTERPRISE_ROWS);
    expect(answer.rowsScanned).to.equal(ENTERPRISE_ROWS);
  });

  it("suppresses a lone aggregate over fewer than k rows", async () => {
    const answer = await guardedQuery(engine, SCOPE, "SELECT avg(revenue) FROM enterprises WHERE id < 9");
    expect(answer).to.deep.include({ rows: [], groupsSuppressed: 1, rowsScanned: 9 });
  });

  it("joins two granted resources by their aliases and counts a sensitive field without showing it", async () => {
    const answer = await guardedQuery(
      engine,
      SCOPE,
      "SELECT p.kind, count(DISTINCT e.credit_code) AS firms FROM enterprises AS e JOIN permits p ON p.enterprise_id = e.id GROUP BY p.kind ORDER BY 1",
    );
    // permit i is of kind i % 3 for enterprise i % 120, so each kind reaches the 40 enterprises of its residue
    expect(answer.rows).to.deep.equal([["kind 0", "40"], ["kind 1", "40"], ["kind 2", "40"]]);
    expect(answer.resourcesRead).to.deep.equal(["enterprises", "permits"]);
    expect(answer.rowsScanned).to.equal(300);
  });

  it("runs on temporary views of the granted columns only, on the query's own connection (the second wall)", async () => {
    engine.ran.length = 0;
    await guardedQuery(engine, SCOPE, "SELECT count(*) FROM enterprises");
    const run = engine.ran.find((sql) => sql.startsWith("CREATE TEMP VIEW"))!;
    const [view, query] = run.split("\n");
    expect(query).to.include(" FROM \"temp\".main.enterprises AS enterprises");
    // the sensitive credit_code only as the grant's keyed hash
    expect(view).to.match(/AS SELECT "id", "name", "district", "revenue", "founded", sha256\('(5e){32}' \|\| CAST\("credit_code" AS VARCHAR\)\) AS "credit_code" FROM "src_enterprises_v1";$/);
    // another connection sees no such view: it went with the query's connection
    const left = await engine.run("SELECT count(*) FROM duckdb_views() WHERE view_name = 'enterprises'");
    expect(left.rows).to.deep.equal([["0"]]);
  });

  it("refuses a masking key that is not 64 hex digits", async () => {
    const error = await guardedQuery(engine, { ...SCOPE, maskKey: "' || 'x" }, "SELECT count(*) FROM enterprises").catch((e: unknown) => e);
    expect(isTdlError(error, "CONFIG_INVALID")).to.equal(true);
  });

  it("refuses k that is not a positive integer", async () => {
    const error = await guardedQuery(engine, { ...SCOPE, k: 0 }, "SELECT count(*) FROM enterprises").catch((e: unknown) => e);
    expect(isTdlError(error, "CONFIG_INVALID")).to.equal(true);
  });
});

describe("resultDigest", () => {
  it("is SHA-256 over the canonical JSON with struct keys sorted", () => {
    expect(canonicalResult(["a", "b"], [["1", { z: 1, a: [null, true] }]])).to.equal('{"columns":["a","b"],"rows":[["1",{"a":[null,true],"z":1}]]}');
    expect(resultDigest(["a"], [[1]])).to.equal("5a485a6072b57f2ac44dfbe9b37405ac93d8eb3326e52bc4df1a1181f9e729af");
    expect(resultDigest(["a"], [["1"]])).to.not.equal(resultDigest(["a"], [[1]]));
  });
});

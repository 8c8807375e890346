import { expect } from "chai";
import { guardedQuery } from "../../../server/data/query-guard";
import { isTdlError, type TdlError } from "../../../server/errors";
import { ESCAPES, TRICKS } from "./escape-families";
import { ENTERPRISE_ROWS, openWorld, SCOPE, type RecordingEngine } from "./world";

const PARSE_ONLY = "SELECT json_serialize_sql($1::VARCHAR)";

async function refusal(engine: RecordingEngine, sql: string): Promise<TdlError> {
  engine.ran.length = 0;
  const error = await guardedQuery(engine, SCOPE, sql).then(
    (answer) => expect.fail(`answered ${JSON.stringify(answer.rows)}`),
    (e: unknown) => e,
  );
  if (!isTdlError(error, "QUERY_REFUSED")) throw error;
  return error;
}

describe("escape attempts against the query guard", () => {
  let engine: RecordingEngine;
  before(async () => {
    engine = await openWorld();
  });
  after(() => engine.close());

  it(`holds at least 200 named attempts`, () => {
    expect(ESCAPES.length + TRICKS.length).to.be.at.least(200);
  });

  for (const [index, attempt] of ESCAPES.entries()) {
    it(`${attempt.family} #${index}: ${JSON.stringify(attempt.sql.slice(0, 90))} -> ${attempt.reason}`, async () => {
      const error = await refusal(engine, attempt.sql);
      expect(error.details?.reason, error.message).to.equal(attempt.reason);
      expect(error.message).to.match(/\((R1|R12)[^)]*(Art\. (3|18))\)/);
      expect(String(error.details?.zh)).to.match(/（R1[^）]*第(三|十八)条）/);
      expect(engine.ran.every((sql) => sql === PARSE_ONLY), "only the parser ran").to.equal(true);
    });
  }

  for (const [index, sql] of TRICKS.entries()) {
    it(`comment or quoting trick #${index}: ${JSON.stringify(sql.slice(0, 90))} is refused, nothing read`, async () => {
      await refusal(engine, sql);
      expect(engine.ran.every((ran) => ran === PARSE_ONLY)).to.equal(true);
    });
  }

  it("GROUP BY a unique key answers no group: all are under k", async () => {
    const answer = await guardedQuery(engine, SCOPE, "SELECT name, count(*) FROM enterprises GROUP BY name");
    expect(answer).to.deep.include({ rows: [], groupsSuppressed: ENTERPRISE_ROWS });
  });

  it("a runaway cross join is stopped by the time limit and its views are dropped", async () => {
    const limited = await openWorld(300);
    try {
      const sql = "SELECT count(*) FROM enterprises a, enterprises b, enterprises c, enterprises d, enterprises e, enterprises f";
      const error = await guardedQuery(limited, SCOPE, sql).catch((e: unknown) => e);
      expect(isTdlError(error, "QUERY_TIME_LIMIT")).to.equal(true);
      const left = await limited.run("SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE 'tdl_query_%'");
      expect(left.rows).to.deep.equal([["0"]]);
    } finally {
      await limited.close();
    }
  });
});

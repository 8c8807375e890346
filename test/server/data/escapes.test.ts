import { expect } from "chai";
import { createHash } from "node:crypto";
import { guardedQuery } from "../../../server/data/query-guard";
import { isTdlError, type TdlError } from "../../../server/errors";
import { ESCAPES, SENSITIVE_IN_OUTPUT, TRICKS } from "./escape-families";
import { ENTERPRISE_ROWS, MASK_KEY, openWorld, SCOPE, type RecordingEngine } from "./world";

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
    expect(ESCAPES.length + TRICKS.length + SENSITIVE_IN_OUTPUT.length).to.be.at.least(200);
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

  // credit_code is the sensitive field: its values are '91' and 16 digits; the view shows sha256(key || value)
  const plaintext = (value: unknown): boolean => /91\d{16}/.test(JSON.stringify(value));
  for (const [index, sql] of SENSITIVE_IN_OUTPUT.entries()) {
    it(`sensitive field in output #${index}: ${JSON.stringify(sql)} shows only keyed hashes, never a value`, async () => {
      const answer = await guardedQuery(engine, SCOPE, sql).catch((e: unknown) => {
        if (isTdlError(e, "QUERY_FAILED")) return undefined; // the engine could not compute it over hashes: nothing shown
        throw e;
      });
      if (answer === undefined) return;
      expect(plaintext(answer.rows), JSON.stringify(answer.rows)).to.equal(false);
      for (const row of answer.rows) for (const cell of row) if (typeof cell === "string" && cell.length === 64) expect(cell).to.match(/^[0-9a-f]{64}$/);
    });
  }

  it("masks a sensitive field with the grant's key: the hash of its value under that key, another grant's key gives another", async () => {
    const ask = (maskKey: string) => guardedQuery(engine, { ...SCOPE, k: 1, maskKey }, "SELECT credit_code, count(*) FROM enterprises WHERE id = 7 GROUP BY credit_code");
    const mine = await ask(MASK_KEY);
    const expected = createHash("sha256").update(`${MASK_KEY}91${"7".padStart(16, "0")}`).digest("hex");
    expect(mine.rows).to.deep.equal([[expected, "1"]]);
    const theirs = await ask("a7".repeat(32));
    expect(theirs.rows[0][0]).to.not.equal(expected);
  });

  it("GROUP BY a unique key answers no group: all are under k", async () => {
    const answer = await guardedQuery(engine, SCOPE, "SELECT name, count(*) FROM enterprises GROUP BY name");
    expect(answer).to.deep.include({ rows: [], groupsSuppressed: ENTERPRISE_ROWS });
  });

  it("a runaway cross join is stopped by the time limit and its views go with its connection", async () => {
    const limited = await openWorld(300);
    try {
      const sql = "SELECT count(*) FROM enterprises a, enterprises b, enterprises c, enterprises d, enterprises e, enterprises f";
      const error = await guardedQuery(limited, SCOPE, sql).catch((e: unknown) => e);
      expect(isTdlError(error, "QUERY_TIME_LIMIT")).to.equal(true);
      const left = await limited.run("SELECT count(*) FROM duckdb_views() WHERE view_name = 'enterprises'");
      expect(left.rows).to.deep.equal([["0"]]);
    } finally {
      await limited.close();
    }
  });
});

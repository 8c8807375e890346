import { createRiskMonitor } from "../../../server/access";
import { expect } from "chai";
import { ethers } from "hardhat";
import { verifyReceipt } from "../../../server/access/receipt";
import { resultDigest } from "../../../server/data";
import { parseEntry, rfc6962Sha256, type AccessLogEntry } from "../../../server/log";
import type { QueryAnswer, QueryRequest } from "../../../server/gateway/query-service";
import { COMPANIES, DIGESTS, K, queryWorld } from "./query-world";

type World = Awaited<ReturnType<typeof queryWorld>>;

/** The log entry a receipt names, read back from the store. */
async function logged(w: World, answer: QueryAnswer): Promise<AccessLogEntry> {
  const entry = parseEntry(await w.store.getEntry(answer.receipt.index));
  expect(entry).to.deep.equal(answer.receipt.entry);
  return entry;
}

function expectDenied(answer: QueryAnswer, reason: string) {
  expect(answer.reason, answer.message).to.equal(reason);
  expect(answer).to.deep.include({ decision: "denied", columns: [], rows: [], resultDigest: null });
  expect(answer.messageZh).to.match(/[\u4e00-\u9fff]/);
}

describe("queries under a grant (POST /api/v1/queries' service)", () => {
  let w: World;
  before(async () => {
    w = await queryWorld();
  });
  after(() => w.close());

  const ask = (over: Partial<QueryRequest> = {}, caller = w.developer) =>
    w.service.handle(caller, { grantId: w.d.scenarioGrant, scenario: w.d.scenario, operation: "aggregate", ...over });

  it("answers a grouped aggregate as DuckDB would, records it with what it read and the result digest, and receipts it", async () => {
    const [r0] = w.aliases;
    const answer = await ask({ sql: `SELECT district, count(*) AS n FROM ${r0} GROUP BY district ORDER BY district` });
    expect(answer.decision, answer.message).to.equal("allowed");
    expect(answer.columns).to.deep.equal(["district", "n"]);
    expect(answer.rows).to.deep.equal([0, 1, 2, 3].map((i) => [`district_${i}`, "10"]));
    expect(answer).to.deep.include({ groupsSuppressed: 0, rowsScanned: COMPANIES });
    expect(answer.resultDigest).to.equal(resultDigest(answer.columns, answer.rows));
    const entry = await logged(w, answer);
    expect(entry).to.deep.include({ operation: "aggregate", decision: "allowed", reason: "ALLOWED", resourceId: String(w.d.resources[0]), fields: "0x2", scenario: w.d.scenario });
    expect(entry.query).to.deep.equal({
      // keyed (HMAC under the node's request key): the SQL cannot be guessed back from the log
      sqlDigest: w.recorder.digestOf(`SELECT district, count(*) AS n FROM ${r0} GROUP BY district ORDER BY district`),
      reads: [{ resourceId: String(w.d.resources[0]), datasetVersion: "1", contentDigest: DIGESTS[0].slice(2) }],
      columns: [`${r0}.district`],
      rowsScanned: COMPANIES,
      rowsReturned: 4,
      groupsSuppressed: 0,
      resultDigest: answer.resultDigest,
    });
    const verified = verifyReceipt(answer.receipt, w.key.verifierKey, rfc6962Sha256);
    expect(verified.index).to.equal(answer.receipt.index);
  });

  it("suppresses groups under k and says how many, and the entry counts them", async () => {
    // industry_0..6 over 40 rows: 6 each for 0..4 and 5 for 5,6; with a filter some fall under k = 3
    const answer = await ask({ sql: `SELECT industry, count(*) FROM ${w.aliases[0]} WHERE district = 'district_0' GROUP BY industry` });
    expect(answer.decision).to.equal("allowed");
    const direct = await w.engine.run("SELECT industry, count(*) FROM enterprises_v1 WHERE district = 'district_0' GROUP BY industry");
    const under = direct.rows.filter((r) => Number(r[1]) < K).length;
    expect(under).to.be.greaterThan(0);
    expect(answer.groupsSuppressed).to.equal(under);
    expect(answer.rows.length).to.equal(direct.rows.length - under);
    for (const row of answer.rows) expect(Number(row[1])).to.be.at.least(K);
    expect((await logged(w, answer)).query).to.deep.include({ groupsSuppressed: under, rowsReturned: answer.rows.length, rowsScanned: 10 });
  });

  it("joins two granted resources: one entry naming both, with the fields touched in each", async () => {
    const [r0, r1] = w.aliases;
    const answer = await ask({ sql: `SELECT ${r1}.rating, count(*) FROM ${r0} JOIN ${r1} ON ${r0}.credit_code = ${r1}.credit_code GROUP BY ${r1}.rating ORDER BY 1` });
    expect(answer.decision, answer.message).to.equal("allowed");
    expect(answer.rows).to.deep.equal([["A", "14"], ["B", "26"]]);
    const entry = await logged(w, answer);
    expect(entry).to.deep.include({ resourceId: `${w.d.resources[0]},${w.d.resources[1]}`, fields: "0x1,0x3" });
    expect(entry.query?.reads.map((r) => r.contentDigest)).to.deep.equal(DIGESTS.map((d) => d.slice(2)));
  });

  it("raises a linkage alert when a query joins two resources on their quasi-identifiers, and none for one resource (R18)", async () => {
    const risk = createRiskMonitor({ windowMs: 60_000 });
    const watched = await queryWorld({ risk });
    try {
      const [r0, r1] = watched.aliases;
      await watched.service.handle(watched.developer, { grantId: watched.d.scenarioGrant, scenario: watched.d.scenario, operation: "aggregate", sql: `SELECT district, count(*) FROM ${r0} GROUP BY district` });
      expect(risk.alerts({ type: "LINKAGE" })).to.deep.equal([]);
      const sql = `SELECT c.rating, count(*) FROM ${r0} e JOIN ${r1} c ON e.credit_code = c.credit_code GROUP BY c.rating`;
      await watched.service.handle(watched.developer, { grantId: watched.d.scenarioGrant, scenario: watched.d.scenario, operation: "aggregate", sql });
      const [alert] = risk.alerts({ type: "LINKAGE" });
      expect(alert).to.deep.include({ org: watched.developer.org });
      expect(alert.details).to.deep.equal({ kind: "LINKAGE", resources: watched.d.resources.slice(0, 2).sort((a, b) => a - b), columns: [`${r0}.credit_code`, `${r1}.credit_code`].sort() });
    } finally {
      await watched.close();
    }
  });

  it("refuses an ungranted field with the guard's reason, reads nothing, and records the refusal", async () => {
    const before = await w.store.size();
    const answer = await ask({ sql: `SELECT legal_rep, count(*) FROM ${w.aliases[0]} GROUP BY legal_rep` });
    expectDenied(answer, "FIELD_NOT_GRANTED");
    expect(answer.message).to.include("R12");
    const entry = await logged(w, answer);
    expect(entry).to.deep.include({ decision: "denied", reason: "FIELD_NOT_GRANTED", resourceId: "none" });
    expect(entry.query).to.deep.include({ reads: [], rowsReturned: 0, resultDigest: null });
    expect(await w.store.size()).to.equal(before + 1);
  });

  it("refuses row-level output and export (R1), recorded", async () => {
    for (const operation of ["rows", "export"]) {
      const answer = await ask({ operation, sql: `SELECT credit_code FROM ${w.aliases[0]}` });
      expectDenied(answer, "RAW_EXPORT_REFUSED");
      expect((await logged(w, answer)).operation).to.equal(operation);
    }
  });

  it("refuses a row-level SELECT under aggregate (R1)", async () => {
    expectDenied(await ask({ sql: `SELECT credit_code FROM ${w.aliases[0]}` }), "ROW_LEVEL_OUTPUT");
  });

  it("refuses the wrong scenario and another organisation's key, by the same policy as declared access", async () => {
    expectDenied(await ask({ scenario: ethers.id("another-scenario"), sql: `SELECT count(*) FROM ${w.aliases[0]}` }), "SCENARIO_MISMATCH");
    const stranger = { key: await w.d.keys.supervisor.getAddress(), org: w.d.orgs.supervisor };
    expectDenied(await ask({ sql: `SELECT count(*) FROM ${w.aliases[0]}` }, stranger), "KEY_NOT_OF_GRANTEE");
  });

  it("refuses an unknown grant and the whole grant", async () => {
    expectDenied(await ask({ grantId: 999, sql: "SELECT 1" }), "UNKNOWN_GRANT");
    const operator = { key: await w.d.keys.operator.getAddress(), org: w.d.orgs.operator };
    const whole = await ask({ grantId: w.d.wholeGrant, scenario: ethers.ZeroHash, sql: "SELECT 1" }, operator);
    expect(whole.decision).to.equal("denied");
  });

  it("verifies records: match or no match per record, never a stored value", async () => {
    const answer = await ask({
      operation: "verify",
      resource: w.aliases[0],
      records: [
        { credit_code: "913100000000000007", district: "district_3" },
        { credit_code: "913100000000000007", district: "district_0" },
        { credit_code: "nonexistent" },
      ],
    });
    expect(answer.decision, answer.message).to.equal("allowed");
    expect(answer.columns).to.deep.equal(["record", "match"]);
    expect(answer.rows).to.deep.equal([[0, true], [1, false], [2, false]]);
    const entry = await logged(w, answer);
    expect(entry).to.deep.include({ operation: "verify", fields: "0x3" });
    expect(entry.query?.resultDigest).to.equal(answer.resultDigest);
  });

  it("refuses verification against an ungranted field", async () => {
    expectDenied(await ask({ operation: "verify", resource: w.aliases[0], records: [{ legal_rep: "法人7" }] }), "FIELD_NOT_GRANTED");
  });

  it("reads a dataset version named by alias, and refuses one never published or a resource outside the grant", async () => {
    const sql = `SELECT count(*) AS n FROM ${w.aliases[0]}`;
    const named = await ask({ sql, versions: { [w.aliases[0]]: 1 } });
    expect(named.decision, named.message).to.equal("allowed");
    expect((await logged(w, named)).query?.reads.map((r) => r.datasetVersion)).to.deep.equal(["1"]);
    const never = await ask({ sql, versions: { [w.aliases[0]]: 2 } });
    expectDenied(never, "DATASET_VERSION_UNKNOWN");
    expect(never.message).to.include(`no dataset version 2 of resource ${w.d.resources[0]}`);
    expectDenied(await ask({ sql, versions: { r999: 1 } }), "RESOURCE_NOT_GRANTED");
  });

  it("refuses a resource with no dataset version and names it", async () => {
    const saved = w.datasets.get(w.d.resources[1]);
    w.datasets.delete(w.d.resources[1]);
    try {
      const answer = await ask({ sql: `SELECT rating, count(*) FROM ${w.aliases[1]} GROUP BY rating` });
      expectDenied(answer, "NO_DATASET_VERSION");
      expect(answer.message).to.include(`resource ${w.d.resources[1]}`);
    } finally {
      if (saved) w.datasets.set(w.d.resources[1], saved);
    }
  });
});

describe("a runaway query under a grant", () => {
  it("is stopped by the time limit, answered nothing and recorded", async () => {
    const w = await queryWorld({ timeLimitMs: 200 });
    try {
      const r0 = w.aliases[0];
      const sql = `SELECT count(*) FROM ${r0} a, ${r0} b, ${r0} c, ${r0} d, ${r0} e, ${r0} f, ${r0} g`;
      const answer = await w.service.handle(w.developer, { grantId: w.d.scenarioGrant, scenario: w.d.scenario, operation: "aggregate", sql });
      expectDenied(answer, "QUERY_TIME_LIMIT");
      expect(answer.message).to.include("200 ms");
      expect(parseEntry(await w.store.getEntry(answer.receipt.index)).reason).to.equal("QUERY_TIME_LIMIT");
    } finally {
      await w.close();
    }
  });
});

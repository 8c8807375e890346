import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDuckDbEngine } from "../../../server/data/duckdb";
import type { DataEngine } from "../../../server/data/engine";
import { isTdlError } from "../../../server/errors";

const LIMITS = { memoryLimit: "256MB", threads: 1, timeLimitMs: 2000 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (error: unknown) => error,
  );
}

const error = (value: unknown): string => (value as Error).message;

describe("the DuckDB data engine", () => {
  let engine: DataEngine;
  beforeEach(async () => {
    engine = await openDuckDbEngine(LIMITS);
  });
  afterEach(() => engine.close());

  it("runs SQL with bound parameters and returns JSON-safe rows", async () => {
    await engine.run("CREATE TABLE t AS SELECT i AS a, i % 3 AS b, 'x' || i AS s FROM range(10) r(i)");
    const result = await engine.run("SELECT b, count(*) AS n, sum(a) AS total FROM t WHERE a >= $1 GROUP BY b ORDER BY b", [3]);
    expect(result.columns).to.deep.equal(["b", "n", "total"]);
    expect(result.rows).to.deep.equal([["0", "3", "18"], ["1", "2", "11"], ["2", "2", "13"]]);
  });

  it("refuses file reads, file writes, ATTACH and INSTALL (external access is off)", async () => {
    for (const sql of ["SELECT * FROM read_csv('/etc/passwd')", "COPY (SELECT 1) TO '/tmp/tdl-engine-leak.csv'", "ATTACH '/tmp/x.db'", "INSTALL httpfs"]) {
      const error = await rejection(engine.run(sql));
      expect(isTdlError(error, "QUERY_FAILED"), sql).to.equal(true);
    }
  });

  it("refuses every SET once running (the configuration is locked)", async () => {
    for (const sql of ["SET enable_external_access = true", "SET memory_limit = '8GB'", "SET lock_configuration = false"]) {
      const error = await rejection(engine.run(sql));
      expect(isTdlError(error, "QUERY_FAILED"), sql).to.equal(true);
      expect((error as Error).message).to.match(/locked/);
    }
    const { rows } = await engine.run("SELECT current_setting('enable_external_access')");
    expect(rows).to.deep.equal([[false]]);
  });

  it("stops a runaway query at its time limit with QUERY_TIME_LIMIT", async () => {
    const started = Date.now();
    const error = await rejection(engine.run("SELECT count(*) FROM range(100000000) a, range(100000000) b", [], { timeLimitMs: 200 }));
    expect(isTdlError(error, "QUERY_TIME_LIMIT")).to.equal(true);
    expect(Date.now() - started).to.be.below(5000);
    expect((await engine.run("SELECT 42")).rows).to.deep.equal([[42]]);
  });

  it("reports a failed query as QUERY_FAILED and refuses runs after close", async () => {
    expect(isTdlError(await rejection(engine.run("SELECT * FROM missing")), "QUERY_FAILED")).to.equal(true);
    await engine.close();
    expect(isTdlError(await rejection(engine.run("SELECT 1")), "QUERY_FAILED")).to.equal(true);
  });

  it("keeps its tables in a file across openings when file-backed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tdl-engine-"));
    try {
      const first = await openDuckDbEngine({ ...LIMITS, path: join(dir, "data.duckdb") });
      await first.run("CREATE TABLE kept AS SELECT 7 AS v");
      await first.close();
      const second = await openDuckDbEngine({ ...LIMITS, path: join(dir, "data.duckdb") });
      expect((await second.run("SELECT v FROM kept")).rows).to.deep.equal([[7]]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads and writes only under its allowed directories, which a SET cannot widen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tdl-engine-"));
    const uploads = join(dir, "uploads");
    mkdirSync(uploads);
    writeFileSync(join(uploads, "v.csv"), "a\n1\n2\n");
    writeFileSync(join(dir, "outside.csv"), "a\n3\n");
    writeFileSync(join(dir, "uploads-sibling.csv"), "a\n4\n");
    const opened = await openDuckDbEngine({ ...LIMITS, allowedDirectories: [uploads] });
    try {
      expect((await opened.run(`SELECT count(*) FROM read_csv('${join(uploads, "v.csv")}')`)).rows).to.deep.equal([["2"]]);
      for (const file of [join(dir, "outside.csv"), join(dir, "uploads-sibling.csv"), join(uploads, "..", "outside.csv"), "/etc/passwd"]) {
        const error = await rejection(opened.run(`SELECT count(*) FROM read_csv('${file}')`));
        expect(isTdlError(error, "QUERY_FAILED"), file).to.equal(true);
        expect((error as Error).message, file).to.match(/Permission Error/);
      }
      expect((error(await rejection(opened.run("SET allowed_directories = ['/']"))))).to.match(/locked/);
      expect((await opened.run("SELECT current_setting('enable_external_access')")).rows).to.deep.equal([[false]]);
    } finally {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a relative allowed directory", async () => {
    expect(isTdlError(await rejection(openDuckDbEngine({ ...LIMITS, allowedDirectories: ["uploads"] })), "CONFIG_INVALID")).to.equal(true);
  });

  it("refuses a non-positive time limit or thread count", async () => {
    for (const bad of [{ ...LIMITS, timeLimitMs: 0 }, { ...LIMITS, threads: 0 }]) {
      expect(isTdlError(await rejection(openDuckDbEngine(bad)), "CONFIG_INVALID")).to.equal(true);
    }
  });
});

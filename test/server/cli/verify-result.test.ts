import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../../server/cli/main";
import { generateNoteKey } from "../../../server/log";
import { queryWorld } from "../gateway/query-world";

type World = Awaited<ReturnType<typeof queryWorld>>;

/** `tdl <args> --json` in process: its exit code and the JSON it printed. */
async function tdl(...args: string[]): Promise<{ exitCode: number; result: Record<string, unknown> }> {
  const lines: string[] = [];
  const exitCode = await main(["node", "tdl", ...args, "--json"], { out: (l) => lines.push(l), err: (l) => lines.push(l) }, {});
  return { exitCode, result: JSON.parse(lines.join("\n")) as Record<string, unknown> };
}

describe("tdl verify result: a query's answer against its receipt (Art. 24, R17)", function () {
  this.timeout(60_000);
  let w: World;
  let dir: string;
  let answer: Record<string, unknown>;
  const file = (name: string) => path.join(dir, name);

  before(async () => {
    w = await queryWorld();
    dir = await mkdtemp(path.join(tmpdir(), "tdl-verify-result-"));
    const sql = `SELECT district, count(*) AS n FROM ${w.aliases[0]} GROUP BY district ORDER BY district`;
    answer = { ...(await w.service.handle(w.developer, { grantId: w.d.scenarioGrant, scenario: w.d.scenario, operation: "aggregate", sql })) };
    expect(answer.decision).to.equal("allowed");
    await writeFile(file("answer.json"), JSON.stringify(answer));
    await writeFile(file("receipt.json"), JSON.stringify(answer.receipt));
  });
  after(async () => {
    await w.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("holds for the answer as received, with the node's key pinned (exit 0), naming the entry and its digest", async () => {
    const { exitCode, result } = await tdl("verify", "result", file("answer.json"), "--verifier-key", w.key.verifierKey);
    expect(exitCode, JSON.stringify(result)).to.equal(0);
    expect(result).to.deep.include({ ok: true, index: (answer.receipt as { index: number }).index, resultDigest: answer.resultDigest, rows: 4 });
  });

  it("takes the receipt from a second file", async () => {
    const { columns, rows } = answer;
    await writeFile(file("bare.json"), JSON.stringify({ columns, rows }));
    const { exitCode } = await tdl("verify", "result", file("bare.json"), file("receipt.json"), "--verifier-key", w.key.verifierKey);
    expect(exitCode).to.equal(0);
  });

  it("fails (exit 1, RECEIPT_MISMATCH) when one cell of the answer was changed", async () => {
    const rows = (answer.rows as unknown[][]).map((r) => [...r]);
    rows[2][1] = "11";
    await writeFile(file("changed.json"), JSON.stringify({ ...answer, rows }));
    const { exitCode, result } = await tdl("verify", "result", file("changed.json"), "--verifier-key", w.key.verifierKey);
    expect(exitCode).to.equal(1);
    expect(result).to.deep.include({ ok: false, code: "RECEIPT_MISMATCH" });
    expect(String(result.message)).to.include(String(answer.resultDigest));
  });

  it("fails (exit 1) under another node's key", async () => {
    const other = generateNoteKey("tdl.example.gov.cn/queries");
    const { exitCode, result } = await tdl("verify", "result", file("answer.json"), "--verifier-key", other.verifierKey);
    expect(exitCode, JSON.stringify(result)).to.equal(1);
  });

  it("refuses without a key to check against (exit 2), and a file that holds no answer", async () => {
    expect((await tdl("verify", "result", file("answer.json"))).exitCode).to.equal(2);
    await writeFile(file("nothing.json"), JSON.stringify({ hello: 1 }));
    const { exitCode, result } = await tdl("verify", "result", file("nothing.json"), file("receipt.json"), "--verifier-key", w.key.verifierKey);
    expect(exitCode).to.equal(2);
    expect(String(result.message)).to.include("columns");
  });
});

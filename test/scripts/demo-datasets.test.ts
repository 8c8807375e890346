import { expect } from "chai";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_RESOURCES, DEMO_SCENARIOS } from "../../scripts/lib/demo";
import { creditCodeOf, writeDemoDatasets, type DemoDatasetFile } from "../../scripts/lib/demo-datasets";
import { DEMO_FIELD_DOCUMENTS, DEMO_FIELD_LISTS } from "../../scripts/lib/demo-fields";
import { createDatasetStore } from "../../server/data/datasets";
import { openDuckDbEngine } from "../../server/data/duckdb";

/* The demo district's synthetic data: deterministic, valid credit codes, and accepted by the real dataset store. */

const CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** GB 32100-2015's check: the weighted sum of all 18 characters, check included, is 0 mod 31. */
const creditCodeValid = (code: string): boolean =>
  /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code) &&
  [...code.slice(0, 17)].reduce((s, c, i) => s + CHARS.indexOf(c) * (3 ** i % 31), 0) % 31 === (31 - CHARS.indexOf(code[17])) % 31;
/** GB 11714's check of the organisation code inside it (characters 9–17). */
function organisationCodeValid(code: string): boolean {
  const value = (c: string) => (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  const sum = [...code.slice(8, 16)].reduce((s, c, i) => s + value(c) * [3, 7, 9, 10, 5, 8, 4, 2][i], 0);
  const check = 11 - (sum % 11);
  return code[16] === (check === 10 ? "X" : check === 11 ? "0" : String(check));
}

describe("the demo district's datasets (scripts/lib/demo-datasets.ts)", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "tdl-demo-datasets-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const digests = (files: DemoDatasetFile[]) => files.map((f) => createHash("sha256").update(readFileSync(f.file)).digest("hex"));

  it("has one field list per resource, as long as the catalog's field count, and no sensitive field inside a scenario's mask", () => {
    expect(DEMO_FIELD_LISTS.map((l) => l.fields.length)).to.deep.equal(DEMO_RESOURCES.map((r) => r.fieldCount));
    for (const s of Object.values(DEMO_SCENARIOS)) {
      s.resources.forEach((resource, i) => {
        const masked = DEMO_FIELD_LISTS[resource].fields.filter((f, bit) => (s.fieldMasks[i] >> BigInt(bit)) & 1n);
        expect(masked.filter((f) => f.sensitive).map((f) => f.name), `${s.scenario}, resource ${resource}`).to.deep.equal([]);
      });
    }
  });

  it("gives credit codes that pass GB 32100's and GB 11714's checks (the standard's example passes the same checks)", () => {
    expect(creditCodeValid("91350100M000100Y43") && organisationCodeValid("91350100M000100Y43")).to.equal(true);
    expect(creditCodeValid("91350100M000100Y44")).to.equal(false);
    for (const n of [0, 1, 7, 42, 99_999, 123_456, 999_999]) {
      const code = creditCodeOf(n);
      expect(creditCodeValid(code) && organisationCodeValid(code), code).to.equal(true);
    }
    expect(new Set(Array.from({ length: 5000 }, (_, n) => creditCodeOf(n))).size).to.equal(5000);
  });

  it("writes the same bytes from the same seed and other bytes from another", () => {
    const a = writeDemoDatasets(path.join(dir, "a"), { enterprises: 500, settlements: 100 });
    const b = writeDemoDatasets(path.join(dir, "b"), { enterprises: 500, settlements: 100 });
    const c = writeDemoDatasets(path.join(dir, "c"), { enterprises: 500, settlements: 100, seed: 7 });
    expect(a.map((f) => f.rows)).to.deep.equal([500, 500, 500, 100, 500]);
    expect(digests(a)).to.deep.equal(digests(b));
    for (const [i, digest] of digests(c).entries()) expect(digest).to.not.equal(digests(a)[i]);
  });

  it("is accepted by the node's dataset store against each resource's field list, every row", async () => {
    const uploads = path.join(dir, "uploads");
    const files = writeDemoDatasets(uploads, { enterprises: 2000, settlements: 300 });
    const engine = await openDuckDbEngine({ memoryLimit: "256MB", threads: 1, timeLimitMs: 30_000, allowedDirectories: [uploads] });
    try {
      const store = await createDatasetStore(engine, { uploadsDir: uploads });
      for (const f of files) {
        const staged = await store.stage({ resourceId: f.resource + 1, fieldList: DEMO_FIELD_LISTS[f.resource], fieldListHash: DEMO_FIELD_DOCUMENTS[f.resource].hash, file: f.file, format: "csv" });
        expect(staged.rowCount, f.file).to.equal(f.rows);
      }
      const codes = await engine.run(`SELECT credit_code FROM "${await store.table(1, `0x${digests(files)[0]}`)}"`);
      expect(codes.rows.every(([code]) => creditCodeValid(String(code)))).to.equal(true);
    } finally {
      await engine.close();
    }
  });
});

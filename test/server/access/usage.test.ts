import { expect } from "chai";
import { entryGrantId, usageStatements, type IndexedAccessEntry } from "../../../server/access";
import type { AccessLogEntry } from "../../../server/log/entry";
import { expectTdlError } from "../log/expect-error";
import { digestOf } from "./helpers";

const G2 = entryGrantId(2);
const G3 = entryGrantId(3);

function entry(over: Partial<AccessLogEntry>): AccessLogEntry {
  return {
    time: "2025-03-01T08:00:00.000Z",
    origin: "node.operator.example/log",
    org: "4",
    key: "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
    operation: "query",
    grantId: G2,
    scenario: "0x" + "ab".repeat(32),
    resourceId: "1",
    fields: "0x7",
    decision: "allowed",
    reason: "ALLOWED",
    requestDigest: digestOf(JSON.stringify(over)),
    ...over,
  };
}

function queried(rowsScanned: number, rowsReturned: number): NonNullable<AccessLogEntry["query"]> {
  return {
    sqlDigest: "cd".repeat(32),
    reads: rowsReturned === 0 ? [] : [{ resourceId: "1", datasetVersion: "1", contentDigest: "ef".repeat(32) }],
    columns: ["r1.credit_code"],
    rowsScanned,
    rowsReturned,
    groupsSuppressed: 0,
    resultDigest: rowsReturned === 0 ? null : "01".repeat(32),
  };
}

const MARCH = { from: Date.parse("2025-03-01T00:00:00Z"), to: Date.parse("2025-04-01T00:00:00Z") };

describe("usageStatements", () => {
  const log: IndexedAccessEntry[] = [
    { index: 0, entry: entry({}) },
    { index: 1, entry: entry({ operation: "compute" }) },
    { index: 2, entry: entry({ decision: "denied", reason: "FIELDS_OUT_OF_SCOPE", fields: "0x8" }) },
    { index: 3, entry: entry({ resourceId: "2", fields: "0x3" }) },
    { index: 4, entry: entry({ operation: "export", decision: "denied", reason: "RAW_EXPORT_REFUSED" }) },
    { index: 5, entry: entry({ time: "2025-02-28T23:59:59.999Z" }) },
    { index: 6, entry: entry({ time: "2025-04-01T00:00:00.000Z" }) },
    { index: 7, entry: entry({ grantId: G3, operation: "download" }) },
    { index: 8, entry: entry({ grantId: null, decision: "denied", reason: "UNKNOWN_GRANT" }) },
    { index: 9, entry: entry({ time: "2025-03-31T23:59:59.999Z" }) },
    { index: 10, entry: entry({ resourceId: "10", time: "2025-03-15T00:00:00.000Z" }) },
    // queries the node answered from its data: their rows scanned and returned are summed
    { index: 11, entry: entry({ operation: "aggregate", resourceId: "1,2", fields: "0x1,0x3", query: queried(1000, 4) }) },
    { index: 12, entry: entry({ operation: "aggregate", resourceId: "1,2", fields: "0x1,0x1", query: queried(250, 3) }) },
    { index: 13, entry: entry({ operation: "aggregate", resourceId: "none", fields: "0x0", decision: "denied", reason: "FIELD_NOT_GRANTED", query: queried(0, 0) }) },
  ];

  context("when a month of one log is asked for", () => {
    it("counts allowed operations per grant by resource and operation, each line with its log indices", () => {
      const statements = usageStatements(log, MARCH);
      expect(statements).to.deep.equal([
        {
          origin: "node.operator.example/log",
          grantId: G2,
          period: { from: "2025-03-01T00:00:00.000Z", to: "2025-04-01T00:00:00.000Z" },
          lines: [
            { resourceId: "1", operation: "compute", count: 1, rowsScanned: 0, rowsReturned: 0, logIndices: [1] },
            { resourceId: "1", operation: "query", count: 2, rowsScanned: 0, rowsReturned: 0, logIndices: [0, 9] },
            { resourceId: "1,2", operation: "aggregate", count: 2, rowsScanned: 1250, rowsReturned: 7, logIndices: [11, 12] },
            { resourceId: "2", operation: "query", count: 1, rowsScanned: 0, rowsReturned: 0, logIndices: [3] },
            { resourceId: "10", operation: "query", count: 1, rowsScanned: 0, rowsReturned: 0, logIndices: [10] },
          ],
          total: 7,
        },
        {
          origin: "node.operator.example/log",
          grantId: G3,
          period: { from: "2025-03-01T00:00:00.000Z", to: "2025-04-01T00:00:00.000Z" },
          lines: [{ resourceId: "1", operation: "download", count: 1, rowsScanned: 0, rowsReturned: 0, logIndices: [7] }],
          total: 1,
        },
      ]);
    });

    it("lines' indices point at allowed entries of that grant, resource and operation, and at no other", () => {
      const byIndex = new Map(log.map((e) => [e.index, e.entry]));
      for (const statement of usageStatements(log, MARCH)) {
        for (const line of statement.lines) {
          for (const i of line.logIndices) {
            const e = byIndex.get(i) as AccessLogEntry;
            expect([e.decision, e.grantId, e.resourceId, e.operation]).to.deep.equal(["allowed", statement.grantId, line.resourceId, line.operation]);
          }
        }
      }
    });
  });

  context("when only some grants are asked for", () => {
    it("gives those, even without usage", () => {
      const statements = usageStatements(log, { from: 0, to: 1 }, { grantIds: [G3] });
      expect(statements).to.have.length(1);
      expect(statements[0]).to.deep.include({ grantId: G3, lines: [], total: 0 });
    });
  });

  context("when the input cannot make a provable statement", () => {
    it("throws MALFORMED_INPUT for entries of two logs", () => {
      expectTdlError(() => usageStatements([...log, { index: 11, entry: entry({ origin: "node.bureau.example/log" }) }], MARCH), "MALFORMED_INPUT");
    });

    it("throws MALFORMED_INPUT for an index given twice or a malformed entry", () => {
      expectTdlError(() => usageStatements([...log, { index: 3, entry: entry({}) }], MARCH), "MALFORMED_INPUT");
      expectTdlError(() => usageStatements([{ index: 0, entry: entry({ fields: "7" }) }], MARCH), "MALFORMED_INPUT");
      expectTdlError(() => usageStatements(log, { from: 2, to: 1 }), "MALFORMED_INPUT");
    });
  });

  describe("entryGrantId", () => {
    it("writes a uint32 grant id as the log's bytes32", () => {
      expect(entryGrantId(2)).to.equal("0x" + "0".repeat(63) + "2");
      expectTdlError(() => entryGrantId(2 ** 32), "MALFORMED_INPUT");
    });
  });
});

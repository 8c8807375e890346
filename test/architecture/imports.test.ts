import { expect } from "chai";
import path from "node:path";
import { importSpecifiers, readImports, type ImportEdge } from "./import-graph";
import { ruleBreaks, roomCycles } from "./import-rules";

const ROOT = path.resolve(__dirname, "../..");

function edge(file: string, target: string, typeOnly = false): ImportEdge {
  return { file, specifier: target, target, typeOnly };
}

describe("architecture: who may import whom", () => {
  const edges = readImports(ROOT, ["server", "web/src", "scripts"]);

  it("reads the imports of the whole tree", () => {
    expect(edges.length).to.be.greaterThan(300);
    expect(edges.some((e) => e.file === "server/node/node.ts" && e.target === "server/http/app")).to.equal(true);
  });

  it("every import follows the rule table", () => {
    expect(ruleBreaks(edges)).to.deep.equal([]);
  });

  it("no circle between folders", () => {
    expect(roomCycles(edges)).to.deep.equal([]);
  });

  describe("the checker", () => {
    it("reads static, type-only, re-export, dynamic and require imports, and skips comments", () => {
      const source = [
        'import { a } from "./a";',
        'import type { B } from "../b";',
        "import {\n  c,\n  d,\n} from 'c';",
        'export * from "./e";',
        'const f = await import("./f");',
        'const g = require("g");',
        'import "./side-effect";',
        '// import { no } from "./commented";',
        '/* import { no } from "./block"; */',
        'const text = "import nothing";',
      ].join("\n");
      expect(importSpecifiers(source)).to.deep.equal([
        { specifier: "./a", typeOnly: false },
        { specifier: "../b", typeOnly: true },
        { specifier: "c", typeOnly: false },
        { specifier: "./e", typeOnly: false },
        { specifier: "./f", typeOnly: false },
        { specifier: "g", typeOnly: false },
        { specifier: "./side-effect", typeOnly: false },
      ]);
    });

    it("flags an upward import, a wrong package owner, an impure log and a value import where only types may go", () => {
      const breaks = ruleBreaks([
        edge("server/log/tree.ts", "server/storage/log-store"),
        edge("server/http/app.ts", "server/cli/main"),
        edge("server/chain/client.ts", "scripts/lib/demo"),
        edge("web/src/api.ts", "scripts/lib/demo"),
        edge("server/access/policy.ts", "level"),
        edge("server/chain/indexer.ts", "express"),
        edge("server/storage/audit.ts", "@duckdb/node-api"),
        edge("server/log/tree.ts", "node:fs"),
        edge("web/src/api.ts", "server/http/web-routes"),
        edge("server/cli/main.ts", "test/helpers/serve"),
      ]);
      expect(breaks).to.have.length(10);
      expect(breaks[0]).to.contain("server/log may not import server/storage");
      expect(breaks[4]).to.contain("only server/storage may import level");
      expect(breaks[7]).to.contain("server/log is pure");
    });

    it("allows what the table allows", () => {
      expect(
        ruleBreaks([
          edge("web/src/api.ts", "server/http/web-routes", true),
          edge("server/storage/audit.ts", "level"),
          edge("scripts/deploy.ts", "server/chain/ledger"),
          edge("server/log/tree.ts", "server/log/hasher"),
        ]),
      ).to.deep.equal([]);
    });

    it("finds a circle between folders", () => {
      const cycles = roomCycles([
        edge("server/access/policy.ts", "server/chain/client"),
        edge("server/chain/client.ts", "server/access/reader"),
      ]);
      expect(cycles).to.deep.equal(["server/access -> server/chain -> server/access"]);
    });
  });
});

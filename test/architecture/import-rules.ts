// Who may import whom: the layering of DESIGN.md "Layers" and docs/ARCHITECTURE.md, as data. Each room
// names the project rooms it may import (its own files are always allowed); a room missing from the table
// may import nothing of the project. Dependencies point downward only:
//
//   server/errors   -> (nothing)
//   server/vocabulary -> (nothing)             (the enums of Types.sol with their labels; everyone, web too, may import it)
//   server/log      -> errors                      (pure: no I/O; only node:crypto and @noble primitives)
//   server/storage  -> log, errors                 (the only importer of `level`)
//   server/access   -> log, errors                 (the decision; declares the reader ports chain implements)
//   server/chain    -> access, storage, log, errors, typechain-types
//   server/data     -> log, errors                 (the engine port, its DuckDB adapter, the query guard; the only importer of `@duckdb/node-api`)
//   server/gateway  -> access, data, storage, chain, log, errors   (declared access and queries: one policy, one log writer)
//   server/http     -> gateway, access, chain, storage, log, errors   (the only importer of `express`)
//   server/node     -> http, gateway, data, access, chain, storage, log, errors   (wires the node)
//   server/cli      -> node, gateway, access, chain, storage, log, errors, typechain-types   (never http)
//   web             -> log, errors; chain, storage, http for types only (`import type`)
//   scripts         -> server/*, typechain-types, test (benchmarks reuse test worlds); nothing imports scripts
import { PROJECT_FOLDERS, roomOf, type ImportEdge } from "./import-graph";

const SERVER_BELOW_NODE = ["server/http", "server/gateway", "server/data", "server/access", "server/chain", "server/storage", "server/log", "server/errors", "server/vocabulary"];

export const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  "server/errors": [],
  "server/vocabulary": [],
  "server/log": ["server/errors"],
  "server/storage": ["server/log", "server/errors", "server/vocabulary"],
  "server/access": ["server/log", "server/errors", "server/vocabulary"],
  "server/chain": ["server/access", "server/storage", "server/log", "server/errors", "server/vocabulary", "typechain-types"],
  "server/data": ["server/log", "server/errors"],
  "server/gateway": ["server/access", "server/data", "server/storage", "server/chain", "server/log", "server/errors", "server/vocabulary"],
  "server/http": ["server/gateway", "server/access", "server/chain", "server/storage", "server/log", "server/errors", "server/vocabulary"],
  "server/node": SERVER_BELOW_NODE,
  "server/cli": ["server/node", ...SERVER_BELOW_NODE.filter((room) => room !== "server/http"), "typechain-types"],
  web: ["server/log", "server/errors", "server/vocabulary"],
  scripts: [
    "server/errors", "server/vocabulary", "server/log", "server/storage", "server/access", "server/chain", "server/data",
    "server/gateway", "server/http", "server/node", "server/cli", "typechain-types", "deployments", "test",
  ],
};

/** Rooms a room may import with `import type` only (erased from the bundle). */
export const MAY_IMPORT_TYPES: Readonly<Record<string, readonly string[]>> = {
  web: ["server/chain", "server/storage", "server/http"],
};

/** Packages only some rooms may import. */
export const PACKAGE_OWNERS: Readonly<Record<string, readonly string[]>> = {
  level: ["server/storage"],
  express: ["server/http", "scripts"], // scripts/bench stands up a stand-in data source
  "express-rate-limit": ["server/http"],
  helmet: ["server/http"],
  "swagger-ui-express": ["server/http"],
  commander: ["server/cli"],
  "@duckdb/node-api": ["server/data"],
};

/** The only packages the pure log code may import. */
export const LOG_PACKAGES: readonly string[] = ["node:crypto", "@noble/hashes", "@noble/curves"];

/** A project room is a server folder or a top-level folder; a package name is neither. */
function isProjectRoom(room: string): boolean {
  return room.startsWith("server/") || PROJECT_FOLDERS.includes(room);
}

/** One line per import that breaks a rule. */
export function ruleBreaks(edges: readonly ImportEdge[]): string[] {
  const breaks: string[] = [];
  for (const edge of edges) {
    const from = roomOf(edge.file);
    const to = roomOf(edge.target);
    const where = `${edge.file} imports "${edge.specifier}"`;
    if (from === to) continue;
    if (isProjectRoom(to)) {
      const allowed = MAY_IMPORT[from] ?? [];
      const typesAllowed = MAY_IMPORT_TYPES[from] ?? [];
      if (!allowed.includes(to) && !(edge.typeOnly && typesAllowed.includes(to))) {
        breaks.push(`${where}: ${from} may not import ${to}`);
      }
      continue;
    }
    const owners = PACKAGE_OWNERS[to];
    if (owners && !owners.includes(from)) breaks.push(`${where}: only ${owners.join(", ")} may import ${to}`);
    if (from === "server/log" && !LOG_PACKAGES.includes(to)) breaks.push(`${where}: server/log is pure`);
  }
  return breaks;
}

/** Circles between rooms, each as "a -> b -> ... -> a" (found by depth-first search over the room graph). */
export function roomCycles(edges: readonly ImportEdge[]): string[] {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    const from = roomOf(edge.file);
    const to = roomOf(edge.target);
    if (from === to || !isProjectRoom(to)) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (room: string, trail: string[]): void => {
    const seen = trail.indexOf(room);
    if (seen >= 0) {
      cycles.push([...trail.slice(seen), room].join(" -> "));
      return;
    }
    if (done.has(room)) return;
    for (const next of graph.get(room) ?? []) visit(next, [...trail, room]);
    done.add(room);
  };
  for (const room of [...graph.keys()].sort()) visit(room, []);
  return cycles;
}

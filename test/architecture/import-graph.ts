// Reads the imports of every .ts file under the given roots (a regex over the source, relative paths
// resolved) and names each file's "room": its folder under server/ (server/log, server/http, ...),
// a top-level project folder (web, scripts, test, typechain-types, ...), or a package name.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface ImportEdge {
  file: string; // repository-relative path of the importing file
  specifier: string; // as written
  target: string; // repository-relative resolved path, or the package name
  typeOnly: boolean; // `import type ... from` / `export type ... from`: erased at build time
}

const IMPORT =
  /(?:^|[^\w$.])(?:import|export)\s+(type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|(?:^|[^\w$.])import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w$.])require\(\s*['"]([^'"]+)['"]\s*\)/gm;

export interface ImportSpecifier {
  specifier: string;
  typeOnly: boolean;
}

/** Every import specifier in one source text (static, dynamic, require, re-export), comments skipped. */
export function importSpecifiers(source: string): ImportSpecifier[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:'"`])\/\/.*$/gm, "$1");
  const found: ImportSpecifier[] = [];
  for (const match of withoutComments.matchAll(IMPORT)) {
    found.push({ specifier: match[2] ?? match[3] ?? match[4], typeOnly: match[1] !== undefined });
  }
  return found;
}

/** The package a bare specifier names: `@scope/name` or `name` (`node:fs` stays whole). */
export function packageOf(specifier: string): string {
  if (specifier.startsWith("node:")) return specifier;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

export function resolveTarget(file: string, specifier: string): string {
  if (!specifier.startsWith(".")) return packageOf(specifier);
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

export const PROJECT_FOLDERS = ["web", "scripts", "test", "typechain-types", "deployments", "artifacts", "contracts", "package.json"];

/** The room a repository-relative path (or package name) belongs to. */
export function roomOf(target: string): string {
  const parts = target.split("/");
  if (parts[0] === "server") {
    if (parts.length === 2) return "server/" + parts[1].replace(/\.ts$/, "");
    return "server/" + parts[1];
  }
  if (PROJECT_FOLDERS.includes(parts[0])) return parts[0];
  return target;
}

function tsFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const relative = path.posix.join(dir, name);
    if (statSync(path.join(root, relative)).isDirectory()) out.push(...tsFiles(root, relative));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(relative);
  }
  return out;
}

export function readImports(root: string, dirs: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const dir of dirs) {
    for (const file of tsFiles(root, dir)) {
      for (const { specifier, typeOnly } of importSpecifiers(readFileSync(path.join(root, file), "utf8"))) {
        edges.push({ file, specifier, target: resolveTarget(file, specifier), typeOnly });
      }
    }
  }
  return edges;
}

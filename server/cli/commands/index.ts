import type { Command } from "commander";
import type { CliContext } from "../context";
import * as application from "./application";
import * as completion from "./completion";
import * as config from "./config";
import * as decision from "./decision";
import * as doc from "./doc";
import * as grant from "./grant";
import * as key from "./key";
import * as node from "./node";
import * as nodeStart from "./node-start";
import * as org from "./org";
import * as param from "./param";
import * as product from "./product";
import * as qualification from "./qualification";
import * as query from "./query";
import * as resource from "./resource";
import * as signed from "./signed";
import * as supervision from "./supervision";

/** Every command group, in the order `tdl --help` lists them (by role: keys, bureau and operator, sources, developers, supervisors). */
const GROUPS: readonly { register(program: Command, ctx: CliContext): void }[] = [
  key,
  org,
  qualification,
  decision,
  param,
  resource,
  doc,
  application,
  grant,
  product,
  supervision,
  node,
  query,
  nodeStart,
  signed,
  config,
  completion,
];

export function registerAll(program: Command, ctx: CliContext): void {
  for (const group of GROUPS) group.register(program, ctx);
}

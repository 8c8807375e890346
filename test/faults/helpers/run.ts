/**
 * What every fault suite shares: short (CI) or long (TDL_FAULTS=long) trial counts, a seeded random
 * source from the run's seed, printed so a failing run can be replayed (TDL_SEED), the in-process
 * `tdl log audit`, and one printed line of figures per suite (also appended as JSON to
 * TDL_FAULTS_REPORT when set), which docs/RELIABILITY.md quotes.
 */
import { appendFileSync } from "node:fs";
import os from "node:os";
import { logAuditCommand, type AuditArgs } from "../../../server/cli/audit";
import { random, seed } from "../../helpers/seed";

export const LONG = process.env.TDL_FAULTS === "long";

/** The short count in CI, the long one under TDL_FAULTS=long. */
export const trials = (short: number, long: number): number => (LONG ? long : short);

/** The run's seeded random source for placing faults (test/helpers/seed.ts: fixed in CI, TDL_SEED replays), per suite label. */
export function seededRandom(label: string): { next(): number; int(below: number): number; pick<T>(list: readonly T[]): T; seed: number } {
  const next = random(`faults:${label}`);
  console.log(`      [${label}] seed ${seed} (replay with TDL_SEED=${seed})`);
  const int = (below: number): number => Math.floor(next() * below);
  return { next, int, pick: (list) => list[int(list.length)], seed };
}

export interface SuiteFigures {
  readonly suite: string;
  readonly trials: number;
  /** Faults the system failed to handle (must be 0). */
  readonly failures: number;
  /** Acknowledged entries missing afterwards (must be 0). */
  readonly entriesLost: number;
  readonly [detail: string]: unknown;
}

/** Prints the suite's figures on one line and appends them to TDL_FAULTS_REPORT if set. */
export function reportFigures(figures: SuiteFigures): void {
  const line = { ...figures, mode: LONG ? "long" : "short", date: new Date().toISOString(), machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}` };
  console.log(`      FIGURES ${JSON.stringify(line)}`);
  if (process.env.TDL_FAULTS_REPORT) appendFileSync(process.env.TDL_FAULTS_REPORT, `${JSON.stringify(line)}\n`);
}

export interface AuditOutcome {
  readonly ok: boolean;
  readonly exitCode: number;
  readonly result: Record<string, unknown>;
}

/** `tdl log audit --data <dir> --json [--rpc ...]`, run in this process. */
export async function tdlLogAudit(args: AuditArgs): Promise<AuditOutcome> {
  const lines: string[] = [];
  const exitCode = await logAuditCommand({ out: (l) => lines.push(l), err: (l) => lines.push(l) }, { ...args, json: true });
  const result = JSON.parse(lines.join("\n")) as Record<string, unknown>;
  return { ok: exitCode === 0, exitCode, result };
}

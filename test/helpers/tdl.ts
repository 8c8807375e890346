import { expect } from "chai";
import { execFile } from "node:child_process";
import path from "node:path";

/** `node bin/tdl.js` as a user runs it: a child process, its exit code and both streams. */
export const TDL_BIN = path.resolve(__dirname, "../../bin/tdl.js");

export interface TdlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs tdl with `args` in `cwd`, English unless `env` says otherwise; never rejects (the exit code is the answer). */
export function runTdl(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<TdlRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [TDL_BIN, ...args], { cwd, timeout: 120_000, env: { ...process.env, LANG: "en_US.UTF-8", LC_ALL: "", TDL_RPC_URL: "", ...env } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr }),
    );
  });
}

/** A --json run that must succeed: its last line, parsed. */
export function okJson(run: TdlRun, what: string): Record<string, any> {
  expect(run.code, `tdl ${what}\n${run.stdout}\n${run.stderr}`).to.equal(0);
  const result = JSON.parse(run.stdout.trim().split("\n").pop()!);
  expect(result.ok).to.equal(true);
  return result;
}

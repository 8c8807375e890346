/** Starts and kills the node child process (node-main.ts). */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import path from "node:path";
import type { NodeConfig } from "../../../server/node";

const REPO = path.resolve(__dirname, "../../..");
const MAIN = path.join(__dirname, "node-main.ts");

export interface NodeProcess {
  readonly url: string;
  readonly pid: number;
  readonly exited: Promise<void>;
  kill(signal: "SIGKILL" | "SIGTERM"): Promise<void>;
}

/** Every node child still running, so a failing suite can kill them in `after`. */
export const runningNodes = new Set<ChildProcess>();

export async function killAllNodes(): Promise<void> {
  for (const child of runningNodes) child.kill("SIGKILL");
  runningNodes.clear();
}

export async function startNodeProcess(config: Omit<NodeConfig, "logger">, logFile: string, timeoutMs = 60_000): Promise<NodeProcess> {
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: REPO,
    env: { ...process.env, TDL_FAULT_NODE_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "pipe", log],
  });
  closeSync(log);
  runningNodes.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => runningNodes.delete(child));
  const kill = async (signal: "SIGKILL" | "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the node did not start within ${timeoutMs} ms (see ${logFile})`)), timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /READY (\S+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the node exited (${code ?? signal}) before it was ready (see ${logFile})`));
    });
  }).catch(async (error) => {
    await kill("SIGKILL");
    throw error;
  });
  return { url, pid: child.pid as number, exited, kill };
}

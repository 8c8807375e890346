/**
 * A local chain for the running stack and the end-to-end tests: anvil from npm, its platform binary spawned
 * directly (the npm wrapper script orphans the node when it is killed hard), with its state kept in a file
 * (`--state <file> --state-interval 1`; never `--preserve-historical-states`, see ../shared/DESIGN.md).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { HDNodeWallet, Mnemonic } from "ethers";

/** anvil's default mnemonic: its accounts and private keys are public test keys, never for a real chain. */
export const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

/** The i-th account of anvil's default mnemonic (m/44'/60'/0'/0/i), as anvil funds it. */
export function anvilAccount(i: number): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(ANVIL_MNEMONIC), `m/44'/60'/0'/0/${i}`);
}

/** The platform binary shipped in @foundry-rs/anvil-<os>-<arch>. */
export function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const os = process.platform === "win32" ? "windows" : process.platform;
  const bin = path.resolve(__dirname, `../../node_modules/@foundry-rs/anvil-${os}-${arch}/bin/anvil${os === "windows" ? ".exe" : ""}`);
  if (!existsSync(bin)) {
    throw new Error(`anvil binary not found at ${bin}: run \`npm ci\` (without --omit=optional; anvil arrives as an optional dependency)`);
  }
  return bin;
}

export interface AnvilOptions {
  readonly port: number;
  readonly host?: string;
  readonly chainId?: number;
  /** Chain state file: loaded when it exists, dumped every `stateInterval` seconds and on exit. */
  readonly stateFile?: string;
  readonly stateInterval?: number;
  /** Genesis block timestamp (Unix seconds); only meaningful for a fresh chain. */
  readonly genesisTimestamp?: number;
  /** Interval mining, seconds; without it every transaction is mined at once. */
  readonly blockTime?: number;
  readonly gasPrice?: bigint;
  readonly baseFee?: bigint;
  /** Initial balance of the dev accounts, in ether. */
  readonly balance?: number;
  /** Dev accounts to fund from the default mnemonic (anvil's default is 10). */
  readonly accounts?: number;
  /** Where anvil's own output goes (appended); discarded when absent. */
  readonly logFile?: string;
  readonly extraArgs?: readonly string[];
  /**
   * Own process group: a terminal's Ctrl-C then reaches only the parent, which closes what uses the chain
   * before it stops anvil (an orphan left by a hard kill is the parent's to clean up, e.g. by pid file).
   */
  readonly detached?: boolean;
}

export interface RunningAnvil {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process is gone. */
  readonly exited: Promise<number | string | null>;
  /** SIGTERM (anvil dumps its state and exits), SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export function anvilArgs(options: AnvilOptions): string[] {
  const args = ["--port", String(options.port), "--host", options.host ?? "127.0.0.1"];
  if (options.chainId !== undefined) args.push("--chain-id", String(options.chainId));
  if (options.stateFile !== undefined) args.push("--state", options.stateFile, "--state-interval", String(options.stateInterval ?? 1));
  if (options.genesisTimestamp !== undefined) args.push("--timestamp", String(options.genesisTimestamp));
  if (options.blockTime !== undefined) args.push("--block-time", String(options.blockTime));
  if (options.gasPrice !== undefined) args.push("--gas-price", options.gasPrice.toString());
  if (options.baseFee !== undefined) args.push("--base-fee", options.baseFee.toString());
  if (options.balance !== undefined) args.push("--balance", String(options.balance));
  if (options.accounts !== undefined) args.push("--accounts", String(options.accounts));
  args.push(...(options.extraArgs ?? []));
  return args;
}

export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A port the OS has just handed out (free now; another process could still take it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function rpcAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(1000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Spawns anvil and resolves once it answers JSON-RPC. Refuses a port that is already taken, so the
 * caller never ends up talking to someone else's chain.
 */
export async function startAnvil(options: AnvilOptions, readyTimeoutMs = 30_000): Promise<RunningAnvil> {
  const host = options.host ?? "127.0.0.1";
  if (!(await isPortFree(options.port, host))) {
    throw new Error(`port ${options.port} on ${host} is in use: is another chain running? (set TDL_RPC_PORT to use another port)`);
  }
  if (options.stateFile !== undefined) mkdirSync(path.dirname(options.stateFile), { recursive: true });
  let out: number | "ignore" = "ignore";
  if (options.logFile !== undefined) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    out = openSync(options.logFile, "a");
  }
  const child = spawn(anvilBinary(), anvilArgs(options), { stdio: ["ignore", out, out], detached: options.detached ?? false });
  if (typeof out === "number") closeSync(out);
  const exited = new Promise<number | string | null>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal));
    child.once("error", () => resolve(child.exitCode));
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://${host}:${options.port}`;

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (gone) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (gone) {
      const tail = options.logFile !== undefined && existsSync(options.logFile) ? readFileSync(options.logFile, "utf8").split("\n").slice(-10).join("\n") : "";
      throw new Error(`anvil exited before it was ready (${await exited})${tail ? `:\n${tail}` : ""}`);
    }
    if (await rpcAnswers(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`anvil did not answer on ${url} within ${readyTimeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.pid === undefined) throw new Error("anvil has no pid");
  return { url, port: options.port, pid: child.pid, child, exited, stop };
}

/** Whether a process with this pid exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true;
  }
}

/** The command line of a live process (Linux /proc), or undefined. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return undefined;
  }
}

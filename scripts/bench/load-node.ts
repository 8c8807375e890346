/**
 * The load benchmark's node: `startNode` in a child process of its own (`--expose-gc`, request log at info
 * level to a file, no abuse limits), reporting its memory every second and its retained heap on request.
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import pino from "pino";
import { NO_LIMITS } from "../../server/http/rate-limit";
import { startNode, type NodeConfig } from "../../server/node";

export interface MemorySample {
  readonly t: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  /** Node CPU time (user + system) since its start, µs. */
  readonly cpu: number;
  /** Entries in the log (retained samples only). */
  readonly logSize?: number;
}

export type ChildMessage =
  | { type: "ready"; url: string }
  | { type: "sample"; sample: MemorySample }
  | { type: "retained"; label: string; sample: MemorySample }
  | { type: "error"; message: string };

export type ParentMessage = { type: "retained"; label: string } | { type: "stop" };

function sampleNow(start: number): MemorySample {
  const m = process.memoryUsage();
  const c = process.cpuUsage();
  return { t: (Date.now() - start) / 1000, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, cpu: c.user + c.system };
}

export async function nodeChild(): Promise<void> {
  const send = (message: ChildMessage) => process.send?.(message);
  const config = JSON.parse(process.env.TDL_LOAD_NODE_CONFIG ?? "{}") as Omit<NodeConfig, "logger"> & { logFile: string };
  const start = Date.now();
  const logger = pino({ level: "info" }, pino.destination({ dest: config.logFile, sync: false }));
  // a load run measures the node, not its abuse limits
  const node = await startNode({ ...config, gateway: { ...config.gateway, limits: NO_LIMITS }, logger });
  const timer = setInterval(() => send({ type: "sample", sample: sampleNow(start) }), 1000);
  process.on("message", (message: ParentMessage) => {
    if (message.type === "retained") {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc === undefined) throw new Error("run the node child with --expose-gc");
      gc();
      const sample = sampleNow(start);
      void node.data.store.size().then((logSize) => send({ type: "retained", label: message.label, sample: { ...sample, logSize } }));
    } else if (message.type === "stop") {
      clearInterval(timer);
      void node.close().then(() => process.exit(0));
    }
  });
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready", url: node.url });
}

export interface NodeHandle {
  readonly url: string;
  readonly child: ChildProcess;
  readonly samples: MemorySample[];
  retained(label: string): Promise<MemorySample>;
  stop(): Promise<void>;
}

export async function spawnNode(config: Omit<NodeConfig, "logger"> & { logFile: string }): Promise<NodeHandle> {
  const child = fork(path.join(__dirname, "load.ts"), ["--node-child"], {
    execArgv: [...process.execArgv, "--expose-gc"],
    env: { ...process.env, TDL_LOAD_NODE_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const samples: MemorySample[] = [];
  const waiting = new Map<string, (sample: MemorySample) => void>();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the node exited (${code}) before it was ready`)));
    child.on("message", (message: ChildMessage) => {
      if (message.type === "ready") resolve(message.url);
      else if (message.type === "sample") samples.push(message.sample);
      else if (message.type === "retained") waiting.get(message.label)?.(message.sample);
      else if (message.type === "error") reject(new Error(message.message));
    });
  });
  return {
    url,
    child,
    samples,
    retained: (label) =>
      new Promise((resolve) => {
        waiting.set(label, resolve);
        child.send({ type: "retained", label } satisfies ParentMessage);
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: "stop" } satisfies ParentMessage);
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}


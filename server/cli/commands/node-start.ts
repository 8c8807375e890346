import path from "node:path";
import type { Command } from "commander";
import pino from "pino";
import { TdlError } from "../../errors";
import { startNode } from "../../node";
import { loadNoteKey, nodeConfigOf, readLaunchConfig, type LaunchConfig } from "../../node/launch-config";
import { action, withExamples, type CliContext } from "../context";
import { bi } from "../i18n";
import { keystoreDir, readPassword, unlockKey } from "../keystore";

/*
 * `tdl node start --config <file>`: the production launcher. It starts an agency's node against an
 * existing chain from one checked config file (server/node/launch-config.ts), with nothing of the demo,
 * logs JSON lines to stderr, and stops cleanly on SIGTERM or SIGINT (exit 0): the log is synced and
 * closed, the anchorer and pollers stopped.
 */

/** The anchoring key's hex private key, from the variable or the keystore the config names. */
async function anchoringKeyOf(c: LaunchConfig, env: NodeJS.ProcessEnv): Promise<string> {
  const source = c.chain.anchoringKey;
  if ("env" in source) {
    const value = env[source.env];
    if (value === undefined || !/^(0x)?[0-9a-fA-F]{64}$/.test(value)) {
      throw new TdlError("MALFORMED_INPUT", `chain.anchoringKey: the variable ${source.env} must hold the anchoring key's private key (64 hex digits) / 环境变量 ${source.env} 应为锚定密钥`);
    }
    return value.startsWith("0x") ? value : `0x${value}`;
  }
  const dir = keystoreDir(source.keystoreDir, env);
  return (await unlockKey(dir, source.keystore, await readPassword(env, "unlock", source.keystore))).privateKey;
}

/** Resolves when the process is asked to stop. */
const stopSignal = (): Promise<string> =>
  new Promise((resolve) => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => resolve(signal));
  });

export function register(program: Command, ctx: CliContext): void {
  const node = program.command("node").description("run an agency's node (节点) against an existing chain");
  withExamples(
    node
      .command("start")
      .requiredOption("--config <file>", "the node config (JSON; see docs/DEPLOY.md)")
      .description("start the node from its config file and serve until SIGTERM / SIGINT (exit 0) / 启动节点"),
    `
  TDL_ANCHORING_KEY=0x... tdl node start --config /etc/tdl/node.json`,
  ).action(
    action(ctx, async (run, opts) => {
      const config = await readLaunchConfig(String(opts.config));
      const anchoringKey = await anchoringKeyOf(config, ctx.env);
      const noteKey = await loadNoteKey(config.noteKeyFile ?? path.join(config.dataDir, "note.key"), config.origin);
      const logger = pino({ level: config.logLevel }, pino.destination(2));
      const stopped = stopSignal();
      const running = await startNode({ ...nodeConfigOf(config, { ...noteKey, anchoringKey }), logger });
      const ready = { url: running.url, origin: config.origin, dataDir: config.dataDir, verifierKey: noteKey.verifierKey };
      if (run.json) ctx.io.out(JSON.stringify({ ok: true, event: "listening", ...ready }));
      else run.line(run.say(bi(`node ${config.origin} listening on ${running.url} (checkpoint key ${noteKey.verifierKey})`, `节点 ${config.origin} 已在 ${running.url} 监听（检查点公钥 ${noteKey.verifierKey}）`)));
      const signal = await stopped;
      await running.close();
      return run.ok(bi(`stopped on ${signal}`, `收到 ${signal}，已停止`), { event: "stopped", signal });
    }),
  );
}

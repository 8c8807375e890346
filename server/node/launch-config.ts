/*
 * The production launcher's config (`tdl node start --config <file>`): one JSON file an agency keeps
 * beside its systemd unit, naming the chain (RPC URL, deployments, network, log id), the node's own keys
 * (the checkpoint key in a 0600 file, generated at first start; the anchoring key from an environment
 * variable or the tdl keystore, never in the file), where it listens, its data directory, limits and
 * anchoring policy. Checked in full before anything starts; every refusal names the field.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { TdlError } from "../errors";
import { generateNoteKey } from "../log";
import type { NodeConfig } from "./node";

const rule = z.strictObject({ limit: z.number().int().positive(), windowMs: z.number().int().positive().optional() });

const anchoringKey = z.union([
  z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name") }),
  z.strictObject({ keystore: z.string().min(1), keystoreDir: z.string().min(1).optional() }),
]);

export const launchConfigSchema = z.strictObject({
  dataDir: z.string().min(1),
  origin: z.string().regex(/^[^\s+]{1,200}$/, "a log origin line such as ledger.example.gov.cn/operator (no spaces or +)"),
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(0).max(65_535).default(8080),
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The checkpoint (note) key file; default <dataDir>/note.key, generated at first start. */
  noteKeyFile: z.string().min(1).optional(),
  chain: z.strictObject({
    rpcUrl: z.url({ protocol: /^https?$/ }),
    publicRpcUrl: z.url({ protocol: /^https?$/ }).optional(),
    deploymentsDir: z.string().min(1),
    network: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    logId: z.number().int().positive(),
    anchoringKey,
    everyEntries: z.number().int().positive().optional(),
    everySeconds: z.number().int().positive().optional(),
  }),
  gateway: z
    .strictObject({
      maxStalenessMs: z.number().int().positive().optional(),
      pollIntervalMs: z.number().int().positive().optional(),
      sessionTtlSeconds: z.number().int().positive().optional(),
      limits: z
        .strictObject({
          accessPerKey: rule.optional(),
          accessPerOrg: rule.optional(),
          noncePerClient: rule.optional(),
          signInPerClient: rule.optional(),
          signInPerAddress: rule.optional(),
          outstandingNoncesPerClient: z.number().int().positive().optional(),
        })
        .optional(),
    })
    .optional(),
  indexer: z.strictObject({ confirmations: z.number().int().min(0).optional(), pollIntervalMs: z.number().int().positive().optional() }).optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type LaunchConfig = z.infer<typeof launchConfigSchema>;

/** Reads and checks the config file; paths in it are relative to the file. */
export async function readLaunchConfig(file: string): Promise<LaunchConfig> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new TdlError("MALFORMED_INPUT", `the node config ${file} cannot be read as JSON: ${(error as Error).message} / 节点配置文件无法读取`);
  }
  const parsed = launchConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".") || "(top level)";
    throw new TdlError("MALFORMED_INPUT", `the node config ${file}: ${field}: ${issue.message} / 节点配置有误：${field}`, { details: { field } });
  }
  const base = path.dirname(path.resolve(file));
  const at = (p: string): string => path.resolve(base, p);
  const c = parsed.data;
  return {
    ...c,
    dataDir: at(c.dataDir),
    noteKeyFile: c.noteKeyFile === undefined ? undefined : at(c.noteKeyFile),
    chain: {
      ...c.chain,
      deploymentsDir: at(c.chain.deploymentsDir),
      anchoringKey: "keystoreDir" in c.chain.anchoringKey && c.chain.anchoringKey.keystoreDir !== undefined ? { ...c.chain.anchoringKey, keystoreDir: at(c.chain.anchoringKey.keystoreDir) } : c.chain.anchoringKey,
    },
  };
}

/** The checkpoint key pair: read from its file, or generated there (0600) at first start. */
export async function loadNoteKey(file: string, origin: string): Promise<{ signerKey: string; verifierKey: string }> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    const fresh = generateNoteKey(origin);
    await writeFile(file, `${fresh.signerKey}\n${fresh.verifierKey}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new TdlError("CONFIG_INVALID", `cannot write the checkpoint key ${file}`, { cause: error });
  }
  await chmod(file, 0o600);
  const lines = (await readFile(file, "utf8")).split("\n").map((l) => l.trim());
  const signerKey = lines.find((l) => l.startsWith("PRIVATE+KEY+"));
  const verifierKey = lines.find((l) => l !== "" && !l.startsWith("PRIVATE+KEY+"));
  if (signerKey === undefined || verifierKey === undefined) throw new TdlError("CONFIG_INVALID", `${file} must hold the checkpoint signer key and its verifier key, one per line`);
  if (!signerKey.startsWith(`PRIVATE+KEY+${origin}+`)) throw new TdlError("CONFIG_INVALID", `the checkpoint key in ${file} is not for origin ${origin}`);
  return { signerKey, verifierKey };
}

/** The NodeConfig startNode takes, once the keys are at hand. */
export function nodeConfigOf(c: LaunchConfig, keys: { signerKey: string; verifierKey: string; anchoringKey: string }): Omit<NodeConfig, "logger"> {
  return {
    dataDir: c.dataDir,
    origin: c.origin,
    noteSignerKey: keys.signerKey,
    noteVerifierKey: keys.verifierKey,
    host: c.host,
    port: c.port,
    chain: { ...c.chain, anchoringKey: keys.anchoringKey },
    gateway: { ...c.gateway, publicUrl: c.publicUrl },
    indexer: c.indexer,
  };
}

/*
 * The tdl config file: named profiles of the settings a person would otherwise type on every command
 * (chain RPC, node URL, deployments, network, key, keystore, language). Where a setting comes from, first
 * match wins: the command-line flag, then its environment variable (TDL_RPC_URL, TDL_NODE_URL, ...),
 * then the profile in the config file, then the built-in default. The file is JSON at TDL_CONFIG, else
 * ~/.tdl/config.json; the profile is --profile, else TDL_PROFILE, else the file's `profile`, else
 * "default". It holds no secrets (passwords stay in TDL_PASSWORD or the prompt), and is written 0600.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { Option, type Command } from "commander";
import { z } from "zod";
import { TdlError } from "../errors";

const httpUrl = z.url({ protocol: /^https?$/, error: "an http(s) URL" });

/** Every setting a profile may hold, with the check its value must pass. */
export const SETTINGS = {
  rpc: httpUrl,
  node: httpUrl,
  deployments: z.string().min(1),
  network: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ or -"),
  key: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "a keystore key name"),
  keystore: z.string().min(1),
  lang: z.enum(["zh", "en"]),
} as const;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

const profileSchema = z.strictObject(Object.fromEntries(SETTING_NAMES.map((name) => [name, SETTINGS[name].optional()])) as {
  [N in SettingName]: z.ZodOptional<(typeof SETTINGS)[N]>;
});
export type Profile = z.infer<typeof profileSchema>;

const PROFILE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const configSchema = z.strictObject({
  profile: z.string().regex(PROFILE_NAME).optional(),
  profiles: z.record(z.string().regex(PROFILE_NAME), profileSchema).default({}),
});
export type ConfigFile = z.infer<typeof configSchema>;

/** The config file's path: TDL_CONFIG, else ~/.tdl/config.json (HOME from the given environment). */
export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.TDL_CONFIG) return path.resolve(env.TDL_CONFIG);
  return path.join(env.HOME || homedir(), ".tdl", "config.json");
}

/** Reads the config file; a missing file is an empty config, a malformed one a clear error naming the file. */
export async function readConfig(file: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { profiles: {} };
    throw new TdlError("MALFORMED_INPUT", `cannot read the config file ${file}: ${(error as Error).message} / 无法读取配置文件`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TdlError("MALFORMED_INPUT", `the config file ${file} is not JSON: fix or delete it / 配置文件不是 JSON，请修正或删除`);
  }
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TdlError("MALFORMED_INPUT", `the config file ${file}: ${issue.path.join(".") || "(top)"}: ${issue.message} / 配置文件有误`);
  }
  return parsed.data;
}

/** Writes the config atomically (a temporary file renamed over it), readable by its owner only. */
export async function writeConfig(file: string, config: ConfigFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

/** The profile to use: the flag, TDL_PROFILE, the file's own choice, "default". */
export function profileName(flag: string | undefined, env: NodeJS.ProcessEnv, config: ConfigFile): string {
  const name = flag ?? env.TDL_PROFILE ?? config.profile ?? "default";
  if (!PROFILE_NAME.test(name)) throw new TdlError("MALFORMED_INPUT", `profile "${name}": use letters, digits, _ or - / 配置名只能含字母、数字、_ 或 -`);
  return name;
}

/** Checks a setting's name, with a sentence listing the names there are. */
export function checkSettingName(name: string): SettingName {
  if (!(SETTING_NAMES as string[]).includes(name)) {
    throw new TdlError("MALFORMED_INPUT", `unknown setting "${name}": one of ${SETTING_NAMES.join(", ")} / 未知设置项`);
  }
  return name as SettingName;
}

/** Checks one setting's name and value, with a sentence naming what is allowed. */
export function checkSetting(name: string, value: string): { name: SettingName; value: string } {
  const setting = checkSettingName(name);
  const parsed = SETTINGS[setting].safeParse(value);
  if (!parsed.success) throw new TdlError("MALFORMED_INPUT", `${name}: "${value}" is not ${parsed.error.issues[0].message} / 设置值无效`);
  return { name: setting, value: parsed.data };
}

/** The flag `--profile <name>` scanned from argv before commander parses (it decides the defaults). */
export function profileFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--profile") return argv[i + 1];
    if (argv[i].startsWith("--profile=")) return argv[i].slice("--profile=".length);
  }
  return undefined;
}

/**
 * Gives every option of the program named like a setting the profile's value, as commander's
 * "config" source: a flag or an environment variable still wins, and a mandatory option is met.
 */
export function applyProfile(program: Command, profile: Profile): void {
  const visit = (command: Command): void => {
    for (const option of command.options) {
      const name = option.attributeName() as SettingName;
      const value = profile[name];
      if (value !== undefined && (SETTING_NAMES as string[]).includes(name)) command.setOptionValueWithSource(name, value, "config");
    }
    command.commands.forEach(visit);
  };
  visit(program);
}

/** `--node <url>`: mandatory, from the flag, TDL_NODE_URL or the profile. */
export function nodeOption(): Option {
  return new Option("--node <url>", "the node's base URL (or TDL_NODE_URL, or the profile's node)").env("TDL_NODE_URL").makeOptionMandatory();
}

import { randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { TdlError } from "../errors";

/** Where a node keeps the secret its session tokens are signed with, when config and env give none. */
export const sessionSecretPath = (dataDir: string): string => path.join(path.resolve(dataDir), "session.secret");

function parseSecret(text: string, where: string, what = "session secret"): Uint8Array {
  const hex = text.trim().replace(/^0x/, "");
  if (!/^([0-9a-fA-F]{2}){32,}$/.test(hex)) throw new TdlError("CONFIG_INVALID", `the ${what} in ${where} must be at least 32 bytes of hex`);
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** A node secret kept in a file: generated when absent (32 random bytes, hex, mode 0600), never logged. */
export async function secretFile(file: string, what: string): Promise<Uint8Array> {
  try {
    await writeFile(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new TdlError("CONFIG_INVALID", `cannot write ${file}`, { cause: error });
  }
  await chmod(file, 0o600);
  return parseSecret(await readFile(file, "utf8"), file, what);
}

/**
 * The session secret: from the config, else TDL_SESSION_SECRET, else <data>/session.secret, generated
 * (32 random bytes, hex, mode 0600) when absent. The secret is never logged and never in a response.
 */
export async function loadSessionSecret(dataDir: string, configured?: string, env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  if (configured !== undefined) return parseSecret(configured, "the node config");
  if (env.TDL_SESSION_SECRET !== undefined && env.TDL_SESSION_SECRET !== "") return parseSecret(env.TDL_SESSION_SECRET, "TDL_SESSION_SECRET");
  return secretFile(sessionSecretPath(dataDir), "session secret");
}

import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { Wallet, encryptKeystoreJson, getAddress } from "ethers";
import { TdlError } from "../errors";

/*
 * Staff keys as encrypted JSON keystores (Web3 Secret Storage, scrypt + AES-128-CTR, as ethers writes
 * them): one file <name>.json per staff member in a directory (default ~/.tdl/keys, or TDL_KEYSTORE_DIR).
 * Passwords and private keys come from a prompt without echo or the environment (TDL_PASSWORD), never
 * from an argument: arguments show in `ps` and in shell history.
 */

export const DEFAULT_KEYSTORE_DIR = path.join(homedir(), ".tdl", "keys");

export interface KeyEntry {
  readonly name: string;
  readonly address: string;
  readonly file: string;
}

/** The keystore directory: the option, else TDL_KEYSTORE_DIR, else ~/.tdl/keys. */
export function keystoreDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(option ?? env.TDL_KEYSTORE_DIR ?? DEFAULT_KEYSTORE_DIR);
}

function checkName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) {
    throw new TdlError("MALFORMED_INPUT", `"${name}" is not a key name: letters, digits, ".", "_" and "-", at most 64`);
  }
  return name;
}

/**
 * scrypt cost: ethers' default (N = 2^17) unless TDL_KEYSTORE_SCRYPT_N lowers it (tests; small devices).
 * Anything below 2^10 is refused.
 */
function scryptN(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.TDL_KEYSTORE_SCRYPT_N;
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1024 || (n & (n - 1)) !== 0) {
    throw new TdlError("CONFIG_INVALID", `TDL_KEYSTORE_SCRYPT_N must be a power of two of at least 1024, not "${raw}"`);
  }
  return n;
}

async function save(dir: string, name: string, wallet: Wallet, password: string, env: NodeJS.ProcessEnv): Promise<KeyEntry> {
  if (password.length === 0) throw new TdlError("MALFORMED_INPUT", "the password must not be empty");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${checkName(name)}.json`);
  const n = scryptN(env);
  const json = await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, password, n === undefined ? {} : { scrypt: { N: n } });
  try {
    await writeFile(file, json + "\n", { flag: "wx", mode: 0o600 });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "EEXIST") {
      throw new TdlError("MALFORMED_INPUT", `a key named "${name}" already exists in ${dir}`, { cause });
    }
    throw new TdlError("STORAGE_FAILURE", `cannot write ${file}: ${(cause as Error).message}`, { cause });
  }
  await chmod(file, 0o600);
  return { name, address: wallet.address, file };
}

/** Creates a new random key and stores it encrypted. */
export async function createKey(dir: string, name: string, password: string, env: NodeJS.ProcessEnv = process.env): Promise<KeyEntry> {
  return save(dir, name, Wallet.createRandom() as unknown as Wallet, password, env);
}

/** Stores an existing private key (0x + 64 hex) encrypted. */
export async function importKey(dir: string, name: string, privateKey: string, password: string, env: NodeJS.ProcessEnv = process.env): Promise<KeyEntry> {
  const key = privateKey.trim();
  const hex = key.startsWith("0x") ? key : `0x${key}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new TdlError("MALFORMED_INPUT", "a private key is 64 hex digits (with or without 0x)");
  let wallet: Wallet;
  try {
    wallet = new Wallet(hex);
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", "not a valid secp256k1 private key", { cause });
  }
  return save(dir, name, wallet, password, env);
}

/** The keys in the directory, by name, with their addresses (read without decrypting). */
export async function listKeys(dir: string): Promise<KeyEntry[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new TdlError("STORAGE_FAILURE", `cannot read ${dir}`, { cause });
  }
  const entries: KeyEntry[] = [];
  for (const f of files.filter((x) => x.endsWith(".json")).sort()) {
    try {
      entries.push(await keyEntry(dir, f.slice(0, -5)));
    } catch {
      // not a keystore: skip it
    }
  }
  return entries;
}

/** One key's name, address and file, read without decrypting. */
export async function keyEntry(dir: string, name: string): Promise<KeyEntry> {
  const file = path.join(dir, `${checkName(name)}.json`);
  let json: { address?: unknown };
  try {
    json = JSON.parse(await readFile(file, "utf8")) as { address?: unknown };
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `no key named "${name}" in ${dir} (tdl key list shows the keys)`, { cause });
  }
  if (typeof json.address !== "string") throw new TdlError("MALFORMED_INPUT", `${file} is not a keystore`);
  return { name, address: getAddress(json.address.startsWith("0x") ? json.address : `0x${json.address}`), file };
}

/** Decrypts a key. A wrong password is a MALFORMED_INPUT (exit 2), not a chain failure. */
export async function unlockKey(dir: string, name: string, password: string): Promise<Wallet> {
  const { file } = await keyEntry(dir, name);
  const json = await readFile(file, "utf8");
  try {
    const wallet = await Wallet.fromEncryptedJson(json, password);
    return wallet as unknown as Wallet;
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `cannot unlock key "${name}": wrong password, or the file is damaged`, { cause });
  }
}

// ==== Secrets from a terminal or the environment ====

/** Reads one line from the terminal without echoing it. */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!input.isTTY) {
      reject(new TdlError("MALFORMED_INPUT", "no terminal to ask for a secret: set TDL_PASSWORD, or pipe the private key to stdin"));
      return;
    }
    output.write(question);
    let value = "";
    input.setRawMode(true);
    input.resume();
    input.setEncoding("utf8");
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener("data", onData);
      output.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new TdlError("MALFORMED_INPUT", "cancelled"));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on("data", onData);
  });
}

/** The keystore password: TDL_PASSWORD, else a prompt (twice when creating). */
export async function readPassword(env: NodeJS.ProcessEnv, purpose: "unlock" | "create", keyName: string): Promise<string> {
  if (env.TDL_PASSWORD !== undefined) return env.TDL_PASSWORD;
  const first = await promptHidden(`Password for key "${keyName}" / 密钥“${keyName}”的密码: `);
  if (purpose === "create") {
    const again = await promptHidden("Repeat the password / 再次输入密码: ");
    if (again !== first) throw new TdlError("MALFORMED_INPUT", "the two passwords differ");
  }
  return first;
}

/** A private key: piped on stdin, else a prompt without echo. */
export async function readPrivateKey(input: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (input.isTTY) return promptHidden("Private key (hex) / 私钥（十六进制）: ", input);
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") throw new TdlError("MALFORMED_INPUT", "no private key on stdin");
  return text;
}

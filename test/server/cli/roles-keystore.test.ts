import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet } from "ethers";
import { failureExit } from "../../../server/cli/context";
import { unlockKey } from "../../../server/cli/keystore";
import { TdlError } from "../../../server/errors";

const BIN = path.resolve(__dirname, "../../../bin/tdl.js");
// anvil's first default account: a well-known test key, never a secret
const ANVIL_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const ANVIL_ADDRESS_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function tdl(env: NodeJS.ProcessEnv, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { cwd: tmpdir(), timeout: 60_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
    child.stdin?.end(stdin ?? "");
  });
}

describe("tdl key (keystores)", function () {
  this.timeout(120_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-keys-"));
    env = { TDL_KEYSTORE_DIR: dir, TDL_PASSWORD: "correct horse", TDL_KEYSTORE_SCRYPT_N: "1024", LANG: "en_US.UTF-8" };
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates a key, encrypted, readable only by its owner", async function () {
    const run = await tdl(env, ["key", "create", "bureau-zhang", "--json"]);
    expect(run.code, run.stderr).to.equal(0);
    const out = JSON.parse(run.stdout);
    expect(out).to.include({ ok: true, name: "bureau-zhang" });
    expect(out.address).to.match(/^0x[0-9a-fA-F]{40}$/);
    const file = path.join(dir, "bureau-zhang.json");
    const json = JSON.parse(await readFile(file, "utf8"));
    expect(json.crypto ?? json.Crypto).to.have.property("ciphertext");
    expect(JSON.stringify(json)).to.not.match(/privateKey/i);
    expect((await stat(file)).mode & 0o077).to.equal(0);
    expect((await unlockKey(dir, "bureau-zhang", "correct horse")).address).to.equal(out.address);
  });

  it("imports a private key piped on stdin (never an argument) and lists both keys", async function () {
    const imported = await tdl(env, ["key", "import", "operator-li"], `${ANVIL_KEY_0}\n`);
    expect(imported.code, imported.stderr).to.equal(0);
    expect(imported.stdout).to.match(new RegExp(`^OK: key "operator-li" imported: ${ANVIL_ADDRESS_0}`));
    const list = await tdl(env, ["key", "list", "--json"]);
    expect(list.code).to.equal(0);
    expect(JSON.parse(list.stdout).keys.map((k: { name: string; address: string }) => [k.name, k.address])).to.deep.include(["operator-li", ANVIL_ADDRESS_0]);
    const table = await tdl({ ...env, LANG: "zh_CN.UTF-8" }, ["key", "list"]);
    expect(table.stdout).to.match(/中的密钥/).and.match(/operator-li\s+0xf39F/);
    const wallet = await unlockKey(dir, "operator-li", "correct horse");
    expect(wallet.privateKey).to.equal(new Wallet(ANVIL_KEY_0).privateKey);
  });

  it("refuses a second key of the same name, a malformed key and a wrong password with exit 2", async function () {
    const again = await tdl(env, ["key", "create", "bureau-zhang"]);
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/already exists/);
    const malformed = await tdl(env, ["key", "import", "bad"], "0x1234\n");
    expect(malformed.code).to.equal(2);
    expect(malformed.stderr).to.match(/64 hex digits/);
    const wrong = await unlockKey(dir, "operator-li", "wrong").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(wrong).to.be.instanceOf(TdlError).and.include({ code: "MALFORMED_INPUT" });
    expect(failureExit(wrong)).to.equal(2);
    expect((wrong as Error).message).to.match(/wrong password/);
  });

  it("asks for no password when TDL_PASSWORD is missing and there is no terminal: exit 2 with how to fix it", async function () {
    const run = await tdl({ TDL_KEYSTORE_DIR: dir, TDL_PASSWORD: undefined, TDL_KEYSTORE_SCRYPT_N: "1024" }, ["key", "create", "no-password"]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/TDL_PASSWORD/);
  });
});

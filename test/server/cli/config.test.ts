import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const BIN = path.resolve(__dirname, "../../../bin/tdl.js");
const PACKAGE = path.resolve(__dirname, "../../../package.json");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/tdl.js with a config file of the test's own and no TDL_* variables of the caller. */
function tdl(env: Record<string, string>, ...args: string[]): Promise<Result> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TDL_")));
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: tmpdir(), env: { ...clean, LANG: "C", ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

describe("tdl config, --version and completion (issue 14 item 4)", function () {
  this.timeout(120_000);
  let dir: string;
  let env: Record<string, string>;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tdl-config-"));
    file = path.join(dir, "config.json");
    env = { TDL_CONFIG: file };
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(await readFile(PACKAGE, "utf8")) as { version: string };
    const result = await tdl(env, "--version");
    expect(result.code).to.equal(0);
    expect(result.stdout.trim()).to.equal(`tdl ${version}`);
  });

  it("set writes one profile's setting (0600), get reads it back, --json says the same", async () => {
    expect((await tdl(env, "config", "set", "node", "http://127.0.0.1:8080")).code).to.equal(0);
    expect((await tdl(env, "config", "set", "key", "bank-chen", "--profile", "bank")).code).to.equal(0);
    expect(JSON.parse(await readFile(file, "utf8"))).to.deep.equal({
      profiles: { default: { node: "http://127.0.0.1:8080" }, bank: { key: "bank-chen" } },
    });
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    expect((await tdl(env, "config", "get", "node")).stdout.trim()).to.equal("http://127.0.0.1:8080");
    const bank = JSON.parse((await tdl(env, "config", "get", "--profile", "bank", "--json")).stdout) as Record<string, unknown>;
    expect(bank).to.include({ ok: true, profile: "bank" });
    expect(bank.settings).to.deep.equal({ key: "bank-chen" });
    const unset = await tdl(env, "config", "get", "rpc");
    expect(unset.code).to.equal(1);
    expect(unset.stdout).to.contain("rpc is not set in profile default");
  });

  it("refuses a bad name or value with a sentence and writes nothing", async () => {
    const badValue = await tdl(env, "config", "set", "node", "ftp://example");
    expect(badValue.code).to.equal(2);
    expect(badValue.stderr).to.contain('node: "ftp://example" is not an http(s) URL');
    const badName = await tdl(env, "config", "set", "colour", "red");
    expect(badName.code).to.equal(2);
    expect(badName.stderr).to.contain("unknown setting \"colour\": one of rpc, node, deployments, network, key, keystore, lang");
    const badLang = await tdl(env, "config", "set", "lang", "fr");
    expect(badLang.code).to.equal(2);
    await stat(file).then(
      () => expect.fail("a refused setting must not create the config file"),
      (error: NodeJS.ErrnoException) => expect(error.code).to.equal("ENOENT"),
    );
  });

  it("a malformed config file is named, with what to do, and nothing runs", async () => {
    await writeFile(file, "{not json");
    const result = await tdl(env, "--version");
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain(`the config file ${file} is not JSON: fix or delete it`);
  });

  it("the profile's node is used when no flag or TDL_NODE_URL is given; the variable, then the flag, win", async () => {
    const out = path.join(dir, "bundle.json");
    const fetchWith = async (extraEnv: Record<string, string>, ...flags: string[]) =>
      (await tdl({ ...env, ...extraEnv }, "receipt", "fetch", "1", "--out", out, ...flags)).stderr;
    expect(await fetchWith({})).to.contain("required option '--node <url>' not specified");
    await tdl(env, "config", "set", "node", "http://127.0.0.1:9");
    expect(await fetchWith({})).to.contain("the node at http://127.0.0.1:9 cannot be reached");
    expect(await fetchWith({ TDL_NODE_URL: "http://127.0.0.1:7" })).to.contain("the node at http://127.0.0.1:7 cannot be reached");
    expect(await fetchWith({ TDL_NODE_URL: "http://127.0.0.1:7" }, "--node", "http://127.0.0.1:5")).to.contain("the node at http://127.0.0.1:5 cannot be reached");
  });

  it("config use makes a profile the default, and refuses one that does not exist", async () => {
    await tdl(env, "config", "set", "lang", "zh", "--profile", "zh-desk");
    expect((await tdl(env, "config", "use", "nope")).stderr).to.contain('no profile "nope"');
    expect((await tdl(env, "config", "use", "zh-desk")).code).to.equal(0);
    expect((await tdl(env, "config", "get", "lang")).stdout.trim()).to.equal("zh");
    // The profile's language is the language of messages.
    expect((await tdl(env, "config", "get", "rpc")).stdout).to.contain("未设置 rpc");
  });

  it("the bash completion script, run in bash, completes commands, subcommands and options", async () => {
    const script = (await tdl(env, "completion", "bash")).stdout;
    const complete = (words: string[]): Promise<string> =>
      new Promise((resolve, reject) => {
        const probe = `${script}\nCOMP_WORDS=(${words.map((w) => `"${w}"`).join(" ")}); COMP_CWORD=${words.length - 1}; _tdl; echo "\${COMPREPLY[@]}"`;
        execFile("bash", ["-c", probe], (error, stdout) => (error ? reject(error) : resolve(stdout.trim())));
      });
    expect(await complete(["tdl", "gra"])).to.equal("grant");
    expect((await complete(["tdl", "grant", ""])).split(" ")).to.include.members(["issue", "show", "verify"]);
    expect((await complete(["tdl", "grant", "show", "--j"])).split(" ")).to.deep.equal(["--json"]);
    expect((await complete(["tdl", "config", "s"])).split(" ")).to.deep.equal(["set"]);
    const zsh = await tdl(env, "completion", "zsh");
    expect(zsh.stdout.split("\n")[0]).to.equal("#compdef tdl");
    const fish = await tdl(env, "completion", "fish");
    expect(fish.code).to.equal(2);
    expect(fish.stderr).to.contain('completion for "fish": bash or zsh');
  });
});

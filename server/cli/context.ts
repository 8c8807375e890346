/*
 * What every `tdl` command shares: the global options (chain, deployments, key, language, --json), a
 * lazily opened chain client and keystore key (one Run per command), and one error path that turns any
 * revert into the plain sentence of the rule that refused (never raw revert data) with a documented
 * exit code. Command files under commands/ stay thin: parse arguments (arguments.ts), call sendTx
 * (send.ts) or read views, print.
 */
import { Option, type Command } from "commander";
import { getAddress, type Wallet } from "ethers";
import { connectContract, createChainClient, onChain, readDeployments, type ChainClient, type ContractOf, type Deployments, type LedgerContractName } from "../chain";
import { TdlError } from "../errors";
import { DEFAULT_DEPLOYMENTS_DIR } from "./chain-options";
import { renderTable, resolveLang, WORDS, type Bilingual, type Lang } from "./i18n";
import { keyEntry, keystoreDir, readPassword, unlockKey } from "./keystore";
import { EXIT, exitCodeOf, type ExitCode, type Io } from "./output";

// ==== Context and global options ====

export interface CliContext {
  readonly io: Io;
  setExit(code: ExitCode): void;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadStream;
  /** Under `tdl sign ... --out <file>`: transactions are signed into the file instead of sent. */
  readonly signOnly?: { readonly out: string; readonly validFor: string };
  /** Runs a whole tdl command line in sign-only mode (set by main, used by `tdl sign`). */
  readonly runSigned?: (argv: string[], signOnly: { out: string; validFor: string }) => Promise<void>;
}

export interface GlobalOptions {
  rpc?: string;
  deployments: string;
  network: string;
  key?: string;
  keystore?: string;
  lang?: string;
  profile?: string;
  json?: boolean;
  force?: boolean;
}

/** The options every command takes, declared once on the program (commander reads them before or after the command). */
export function addGlobalOptions(program: Command): Command {
  return program
    .addOption(new Option("--rpc <url>", "JSON-RPC URL of the chain").env("TDL_RPC_URL"))
    .addOption(new Option("--deployments <dir>", "deployments directory holding <network>/<Contract>.json").env("TDL_DEPLOYMENTS_DIR").default(DEFAULT_DEPLOYMENTS_DIR, "the repository's deployments/"))
    .addOption(new Option("--network <name>", "network name under the deployments directory").env("TDL_NETWORK").default("localhost"))
    .addOption(new Option("--key <name>", "the keystore key (staff member) that signs").env("TDL_KEY"))
    .addOption(new Option("--keystore <dir>", "keystore directory (default ~/.tdl/keys)").env("TDL_KEYSTORE_DIR"))
    .addOption(new Option("--lang <lang>", "language of messages: zh or en (default: from LANG / LC_ALL)").choices(["zh", "en"]))
    .addOption(new Option("--profile <name>", "the config profile (tdl config; default: the file's choice, else \"default\")").env("TDL_PROFILE"))
    .option("--json", "print one JSON object (for scripts)")
    .option("--force", "replace a file a command writes (--out, --receipt-out) when it exists");
}

/** The global options, as commander forwards them to a sub-run (`tdl sign`). */
export function globalArgs(opts: GlobalOptions): string[] {
  const args: string[] = [];
  if (opts.rpc !== undefined) args.push("--rpc", opts.rpc);
  args.push("--deployments", opts.deployments, "--network", opts.network);
  if (opts.key !== undefined) args.push("--key", opts.key);
  if (opts.keystore !== undefined) args.push("--keystore", opts.keystore);
  if (opts.lang !== undefined) args.push("--lang", opts.lang);
  if (opts.profile !== undefined) args.push("--profile", opts.profile);
  if (opts.json) args.push("--json");
  if (opts.force) args.push("--force");
  return args;
}

export const EXIT_CODES_TEXT = `
Exit codes / 退出码:
  0  done; the thing checked holds (grant live, proof verified)      完成；所查验的事项成立
  1  the ledger refused (the rule is named in a sentence), or the    账本拒绝（以一句话说明所依据的规则），
     thing checked does not hold (grant not live, proof fails)        或所查验的事项不成立
  2  bad input: arguments, files, keys, passwords, deployments       输入有误：参数、文件、密钥、密码、部署信息
  3  the chain or the node is unavailable, or another error          链或节点不可用，或其他错误`;

/** Adds examples and the exit codes to a command's --help. */
export function withExamples(command: Command, examples: string): Command {
  return command.addHelpText("after", `\nExamples / 示例:\n${examples.replace(/^\n+|\n+$/g, "")}\n${EXIT_CODES_TEXT}`);
}

// ==== One run of one command ====

export class Run {
  readonly lang: Lang;
  readonly json: boolean;
  private deploymentsCache?: Promise<Deployments>;
  private chainCache?: Promise<ChainClient>;
  private walletCache?: Promise<Wallet>;

  constructor(
    readonly ctx: CliContext,
    readonly opts: GlobalOptions,
  ) {
    this.lang = resolveLang(opts.lang, ctx.env);
    this.json = opts.json === true;
  }

  say(text: Bilingual): string {
    return text[this.lang];
  }

  /** Human output (suppressed under --json). */
  line(text: string): void {
    if (!this.json) this.ctx.io.out(text);
  }

  table(headers: Bilingual[], rows: string[][]): void {
    for (const l of renderTable(headers.map((h) => this.say(h)), rows)) this.line(l);
  }

  /** Success: "OK: <message>" for people, {"ok": true, ...result} with --json. */
  ok(message: Bilingual, result: Record<string, unknown> = {}): ExitCode {
    if (this.json) this.ctx.io.out(jsonText({ ok: true, message: message.en, messageZh: message.zh, ...result }));
    else this.ctx.io.out(`${this.say(WORDS.ok)}: ${this.say(message)}`);
    return EXIT.OK;
  }

  /** The thing checked does not hold (exit 1): "FAIL: <message>". */
  notHolding(message: Bilingual, result: Record<string, unknown> = {}): ExitCode {
    if (this.json) this.ctx.io.out(jsonText({ ok: false, exitCode: EXIT.FAILED, message: message.en, messageZh: message.zh, ...result }));
    else this.ctx.io.out(`${this.say(WORDS.failed)}: ${this.say(message)}`);
    return EXIT.FAILED;
  }

  deployments(): Promise<Deployments> {
    this.deploymentsCache ??= readDeployments(this.opts.deployments, this.opts.network);
    return this.deploymentsCache;
  }

  hasChain(): boolean {
    return this.opts.rpc !== undefined && this.opts.rpc !== "";
  }

  chain(): Promise<ChainClient> {
    if (!this.hasChain()) {
      throw new TdlError("MALFORMED_INPUT", "no chain to talk to: give --rpc <url> or set TDL_RPC_URL / 未指定链：请使用 --rpc 或设置 TDL_RPC_URL");
    }
    this.chainCache ??= this.deployments().then((deployments) => createChainClient({ rpcUrl: this.opts.rpc!, deployments, pollingInterval: 200 }));
    return this.chainCache;
  }

  async address(name: LedgerContractName): Promise<string> {
    return getAddress((await (await this.deployments()).contract(name)).address);
  }

  /** A contract of the ledger, read-only on the chain's provider. */
  async contract<N extends LedgerContractName>(name: N): Promise<ContractOf<N>> {
    const [address, chain] = await Promise.all([this.address(name), this.chain()]);
    return connectContract(name, address, chain.provider);
  }

  keyName(): string {
    if (this.opts.key === undefined || this.opts.key === "") {
      throw new TdlError("MALFORMED_INPUT", "which staff key? give --key <name> or set TDL_KEY (tdl key list) / 请用 --key 指定密钥");
    }
    return this.opts.key;
  }

  keystoreDir(): string {
    return keystoreDir(this.opts.keystore, this.ctx.env);
  }

  /** The address of the --key key, read without its password. */
  async keyAddress(): Promise<string> {
    return (await keyEntry(this.keystoreDir(), this.keyName())).address;
  }

  /** The --key key, unlocked with TDL_PASSWORD or a prompt. */
  wallet(): Promise<Wallet> {
    this.walletCache ??= (async () => {
      const name = this.keyName();
      await keyEntry(this.keystoreDir(), name); // a missing key fails before asking for a password
      return unlockKey(this.keystoreDir(), name, await readPassword(this.ctx.env, "unlock", name));
    })();
    return this.walletCache;
  }

  /** The chain's time (latest block) when a chain is given, else the local clock. */
  async now(): Promise<number> {
    if (!this.hasChain()) return Math.floor(Date.now() / 1000);
    const chain = await this.chain();
    const block = await onChain("eth_getBlockByNumber", () => chain.provider.getBlock("latest"));
    if (block === null) throw new TdlError("CHAIN_UNAVAILABLE", "the chain returned no latest block");
    return block.timestamp;
  }

  /** The organisation the --key key acts for (0 if none). */
  async myOrg(): Promise<number> {
    const orgs = await this.contract("OrganizationRegistry");
    const [org] = await onChain("actorOf", () => orgs.actorOf(this.keyAddress()));
    return Number(org);
  }

  /** An organisation's registered name, "" when there is none (id 0 or unregistered). */
  async orgName(id: number): Promise<string> {
    if (id === 0) return "";
    const orgs = await this.contract("OrganizationRegistry");
    return (await onChain("organization", () => orgs.organization(id))).name;
  }

  close(): void {
    void this.chainCache?.then((c) => c.close(), () => undefined);
  }
}

/** JSON with bigints as decimal strings. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

type Action = (run: Run, opts: Record<string, unknown>, args: unknown[]) => Promise<ExitCode | void>;

/** A commander action: builds the Run, runs `fn`, turns any failure into a sentence and an exit code. */
export function action(ctx: CliContext, fn: Action): (...params: unknown[]) => Promise<void> {
  return async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const opts = command.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
    const run = new Run(ctx, opts);
    try {
      ctx.setExit((await fn(run, opts, params.slice(0, -2))) ?? EXIT.OK);
    } catch (error) {
      ctx.setExit(reportFailure(run, error));
    } finally {
      run.close();
    }
  };
}

/** Codes that mean a rule said no: the ledger (a revert) or the node (sign-in, role, session). */
const REFUSALS: ReadonlySet<string> = new Set(["CHAIN_REVERT", "FORBIDDEN", "UNAUTHENTICATED", "SESSION_EXPIRED"]);

/** Exit code of a failure: a refusal by the ledger or by the node is 1; otherwise as for every tdl command. */
export function failureExit(error: unknown): ExitCode {
  if (error instanceof TdlError && (REFUSALS.has(error.code) || error.code.startsWith("AUTH_"))) return EXIT.FAILED;
  return exitCodeOf(error);
}

/** Prints a failure: a revert as the sentence of the rule that refused, anything else as one line. */
export function reportFailure(run: Run, error: unknown): ExitCode {
  const exit = failureExit(error);
  const io = run.ctx.io;
  const code = error instanceof TdlError ? error.code : "INTERNAL";
  const details = (error instanceof TdlError ? error.details : undefined) ?? {};
  const revertName = typeof details.error === "string" ? details.error : undefined;
  if (code === "CHAIN_REVERT" && revertName !== undefined && typeof details.sentence === "string") {
    const sentence = { en: details.sentence, zh: typeof details.sentenceZh === "string" ? details.sentenceZh : details.sentence };
    if (run.json) {
      io.out(jsonText({ ok: false, exitCode: exit, code, error: revertName, args: details.args, message: sentence.en, messageZh: sentence.zh }));
    } else {
      io.err(`${run.say(WORDS.refused)}: ${run.say(sentence)} [${revertName}]`);
    }
    return exit;
  }
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
  const messageZh = typeof details.zh === "string" ? details.zh : undefined;
  if (run.json) io.out(jsonText({ ok: false, exitCode: exit, code, message, ...(messageZh === undefined ? {} : { messageZh }) }));
  else if (run.lang === "zh" && messageZh !== undefined) io.err(`${run.say(exit === EXIT.FAILED ? WORDS.refused : WORDS.error)}: ${messageZh} [${code}]`);
  else io.err(`${run.say(exit === EXIT.FAILED ? WORDS.refused : WORDS.error)}: ${message} [${code}]`);
  return exit;
}

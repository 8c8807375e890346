/*
 * What every `tdl` command shares: the global options (chain, deployments, key, language, --json), a
 * lazily opened chain client and keystore key, one `sendTx` that sends a registry call or, under
 * `tdl sign`, signs it offline into a file (EIP-712 SignedCall), and one error path that turns any
 * revert into the plain sentence of the rule that refused (never raw revert data) with a documented
 * exit code. Command files under commands/ stay thin: parse arguments, call sendTx or read views, print.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Option, type Command } from "commander";
import { getAddress, hexlify, keccak256, randomBytes, id as textHash, type Interface, type TypedDataDomain, type Wallet } from "ethers";
import {
  AccessLogAnchor__factory,
  DataApplications__factory,
  DataCatalog__factory,
  GrantRegistry__factory,
  OrganizationRegistry__factory,
  ProductRegistry__factory,
  QualificationRegistry__factory,
  Supervision__factory,
} from "../../typechain-types";
import { createChainClient, onChain, readDeployments, type ChainClient, type Deployments } from "../chain";
import { TdlError } from "../errors";
import { keyedNonce, signCall, toJson, type SignedCall } from "../chain/signing";
import { DEFAULT_DEPLOYMENTS_DIR } from "./chain-options";
import { bi, renderTable, resolveLang, WORDS, type Bilingual, type Lang } from "./i18n";
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
  json?: boolean;
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
    .option("--json", "print one JSON object (for scripts)");
}

/** The global options, as commander forwards them to a sub-run (`tdl sign`). */
export function globalArgs(opts: GlobalOptions): string[] {
  const args: string[] = [];
  if (opts.rpc !== undefined) args.push("--rpc", opts.rpc);
  args.push("--deployments", opts.deployments, "--network", opts.network);
  if (opts.key !== undefined) args.push("--key", opts.key);
  if (opts.keystore !== undefined) args.push("--keystore", opts.keystore);
  if (opts.lang !== undefined) args.push("--lang", opts.lang);
  if (opts.json) args.push("--json");
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

// ==== The ledger's contracts ====

const FACTORIES = {
  OrganizationRegistry: OrganizationRegistry__factory,
  QualificationRegistry: QualificationRegistry__factory,
  DataCatalog: DataCatalog__factory,
  DataApplications: DataApplications__factory,
  GrantRegistry: GrantRegistry__factory,
  ProductRegistry: ProductRegistry__factory,
  Supervision: Supervision__factory,
  AccessLogAnchor: AccessLogAnchor__factory,
} as const;

export type ContractName = keyof typeof FACTORIES;
export type ContractOf<N extends ContractName> = ReturnType<(typeof FACTORIES)[N]["connect"]>;

export function isContractName(name: string): name is ContractName {
  return Object.prototype.hasOwnProperty.call(FACTORIES, name);
}

export function contractInterface(name: ContractName): Interface {
  return FACTORIES[name].createInterface() as unknown as Interface;
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

  async address(name: ContractName): Promise<string> {
    return getAddress((await (await this.deployments()).contract(name)).address);
  }

  /** A contract of the ledger, read-only on the chain's provider. */
  async contract<N extends ContractName>(name: N): Promise<ContractOf<N>> {
    const [address, chain] = await Promise.all([this.address(name), this.chain()]);
    return FACTORIES[name].connect(address, chain.provider) as ContractOf<N>;
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
  if (run.json) io.out(jsonText({ ok: false, exitCode: exit, code, message }));
  else io.err(`${run.say(exit === EXIT.FAILED ? WORDS.refused : WORDS.error)}: ${message} [${code}]`);
  return exit;
}

// ==== Sending, or signing offline ====

export interface TxEvent {
  readonly name: string;
  readonly args: Record<string, unknown>;
}

export interface TxResult {
  readonly tx: string;
  readonly block: number;
  readonly events: TxEvent[];
}

/** What `sendTx` reports: done on chain, or signed into a file for someone to submit. */
export type Sent = ({ mode: "sent" } & TxResult) | { mode: "signed"; file: string; call: SignedCall };

/** The first argument of the first event named `name`, as a number (new ids: org, qualification, grant, ...). */
export function newId(result: TxResult, name: string): number | undefined {
  const event = result.events.find((e) => e.name === name);
  if (event === undefined) return undefined;
  const first = Object.values(event.args)[0];
  return first === undefined ? undefined : Number(first);
}

function eventArgs(fragmentInputs: readonly { name: string }[], values: readonly unknown[]): Record<string, unknown> {
  const plain = (v: unknown): unknown =>
    typeof v === "bigint" ? v.toString() : Array.isArray(v) ? v.map(plain) : v !== null && typeof v === "object" && "toArray" in v ? plain((v as { toArray(): unknown[] }).toArray()) : v;
  return Object.fromEntries(fragmentInputs.map((input, i) => [input.name || String(i), plain(values[i])]));
}

/** Decodes the logs a contract emitted in a receipt. */
export function decodeEvents(iface: Interface, address: string, logs: readonly { address: string; topics: readonly string[]; data: string }[]): TxEvent[] {
  const events: TxEvent[] = [];
  for (const log of logs) {
    if (getAddress(log.address) !== getAddress(address)) continue;
    try {
      const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
      if (parsed) events.push({ name: parsed.name, args: eventArgs(parsed.fragment.inputs, parsed.args) });
    } catch {
      // an event of another ABI: not ours to show
    }
  }
  return events;
}

/** Sends `data` to a contract from the --key key and waits for it; any revert becomes a TdlError with its sentence. */
export async function sendData(run: Run, name: ContractName, data: string, what: string): Promise<TxResult> {
  const [chain, wallet, to] = await Promise.all([run.chain(), run.wallet(), run.address(name)]);
  const signer = wallet.connect(chain.provider);
  const response = await onChain(what, () => signer.sendTransaction({ to, data }));
  const receipt = await onChain(what, () => response.wait());
  if (receipt === null) throw new TdlError("CHAIN_UNAVAILABLE", `${what}: no receipt for ${response.hash}`);
  return { tx: response.hash, block: receipt.blockNumber, events: decodeEvents(contractInterface(name), to, receipt.logs) };
}

/**
 * The one way a command changes the ledger: `contract.method(...args)` from the --key key. Under
 * `tdl sign ... --out <file>` the call is signed offline instead (EIP-712 SignedCall on a fresh random
 * nonce lane, so no chain read is needed) and written to the file; `tdl submit <file>` relays it.
 */
export async function sendTx(run: Run, name: ContractName, method: string, args: readonly unknown[]): Promise<Sent> {
  const iface = contractInterface(name);
  const data = iface.encodeFunctionData(method, args);
  const signOnly = run.ctx.signOnly;
  if (signOnly === undefined) return { mode: "sent", ...(await sendData(run, name, data, `${name}.${method}`)) };

  const deployments = await run.deployments();
  const verifyingContract = await run.address(name);
  const domain: TypedDataDomain = { name: `TDL ${name}`, version: "1", chainId: deployments.chainId, verifyingContract };
  const deadline = BigInt((await run.now()) + parseDuration(signOnly.validFor));
  const lane = BigInt(hexlify(randomBytes(24)));
  const call = await signCall(await run.wallet(), domain, data, { nonce: keyedNonce(lane, 0n), deadline });
  const fragment = iface.getFunction(method)!;
  const file: SignedCallFile = {
    type: SIGNED_CALL_TYPE,
    network: deployments.network,
    chainId: deployments.chainId,
    contract: name,
    function: fragment.format("sighash"),
    args: eventArgs(fragment.inputs, args) as Record<string, unknown>,
    call,
  };
  await writeSecretless(signOnly.out, toJson(file));
  return { mode: "signed", file: signOnly.out, call };
}

export const SIGNED_CALL_TYPE = "tdl/signed-call@1";
export const DECISION_APPROVAL_TYPE = "tdl/decision-approval@1";

export interface SignedCallFile {
  type: typeof SIGNED_CALL_TYPE;
  network: string;
  chainId: number;
  contract: ContractName;
  function: string;
  args: Record<string, unknown>;
  call: SignedCall;
}

async function writeSecretless(file: string, text: string): Promise<void> {
  try {
    await writeFile(path.resolve(file), text + "\n", { flag: "wx" });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new TdlError("MALFORMED_INPUT", code === "EEXIST" ? `${file} exists already; choose another --out` : `cannot write ${file}: ${(cause as Error).message}`, { cause });
  }
}

export { writeSecretless as writeNewFile };

/**
 * Reports the outcome of sendTx: the done sentence (with the new id, the tx and the block) when sent,
 * or where the signature went when signed.
 */
export function reportSent(run: Run, sent: Sent, done: Bilingual, extra: Record<string, unknown> = {}): ExitCode {
  if (sent.mode === "signed") {
    const message = bi(
      `${done.en.replace(/\.$/, "")}: ${WORDS.signedInto.en} ${sent.file}, not sent; ${WORDS.submitHint.en} ${sent.file}`,
      `${done.zh.replace(/。$/, "")}：${WORDS.signedInto.zh} ${sent.file}，未发送；${WORDS.submitHint.zh} ${sent.file}`,
    );
    return run.ok(message, { signed: sent.file, signer: sent.call.signer, nonce: sent.call.nonce, deadline: sent.call.deadline, ...extra });
  }
  const message = bi(`${done.en} (tx ${sent.tx}, block ${sent.block})`, `${done.zh}（交易 ${sent.tx}，区块 ${sent.block}）`);
  return run.ok(message, { tx: sent.tx, block: sent.block, events: sent.events, ...extra });
}

/** sendTx then reportSent, with the id of `idEvent`'s first argument named in the sentence. */
export async function transact(
  run: Run,
  name: ContractName,
  method: string,
  args: readonly unknown[],
  done: (id: number | undefined) => Bilingual,
  idEvent?: string,
): Promise<ExitCode> {
  const sent = await sendTx(run, name, method, args);
  const id = sent.mode === "sent" && idEvent !== undefined ? newId(sent, idEvent) : undefined;
  return reportSent(run, sent, done(id), id === undefined ? {} : { id });
}

// ==== Parsing arguments (everything from outside is parsed, then trusted) ====

function bad(message: string): TdlError {
  return new TdlError("MALFORMED_INPUT", message);
}

export function parseUint(text: unknown, what: string, max = 2 ** 32 - 1): number {
  const s = String(text);
  if (!/^\d+$/.test(s) || Number(s) > max) throw bad(`${what}: "${s}" is not a whole number from 0 to ${max}`);
  return Number(s);
}

export function parseId(text: unknown, what: string): number {
  const n = parseUint(text, what);
  if (n === 0) throw bad(`${what}: ids start at 1`);
  return n;
}

export function parseBigUint(text: unknown, what: string): bigint {
  const s = String(text);
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(s)) throw bad(`${what}: "${s}" is not a whole number`);
  return BigInt(s);
}

export function parseAddress(text: unknown, what: string): string {
  try {
    return getAddress(String(text));
  } catch {
    throw bad(`${what}: "${String(text)}" is not an address (0x + 40 hex digits)`);
  }
}

export function parseBytes32(text: unknown, what: string): string {
  const s = String(text);
  if (!/^0x[0-9a-fA-F]{64}$/.test(s)) throw bad(`${what}: "${s}" is not 0x + 64 hex digits`);
  return s.toLowerCase();
}

/**
 * A document the ledger records by hash (report, reason, agreement...): 0x + 64 hex is taken as the
 * hash itself, @path hashes the file's bytes (keccak256), any other text hashes its UTF-8 (keccak256).
 */
export async function parseDocument(text: unknown, what: string): Promise<string> {
  const s = String(text ?? "");
  if (s === "") throw bad(`${what}: give a document: 0x<64 hex>, @file, or text`);
  if (/^0x[0-9a-fA-F]{64}$/.test(s)) return s.toLowerCase();
  if (s.startsWith("@")) {
    try {
      return keccak256(await readFile(s.slice(1)));
    } catch (cause) {
      throw new TdlError("MALFORMED_INPUT", `${what}: cannot read ${s.slice(1)}`, { cause });
    }
  }
  return textHash(s);
}

/** A name the ledger keys by hash (scenario, catalog code): 0x + 64 hex as is, else keccak256 of the text. */
export function parseKeyText(text: unknown, what: string): string {
  const s = String(text ?? "");
  if (s === "") throw bad(`${what}: must not be empty`);
  return /^0x[0-9a-fA-F]{64}$/.test(s) ? s.toLowerCase() : textHash(s);
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 7 * 86_400, y: 365 * 86_400 };

/** "5y", "90d", "12h", "30m", "45s" or plain seconds. A year is 365 days, as the contracts count. */
export function parseDuration(text: unknown): number {
  const s = String(text).trim();
  const m = /^(\d+)([smhdwy]?)$/.exec(s);
  if (!m) throw bad(`"${s}" is not a duration (e.g. 5y, 90d, 12h, 3600)`);
  return Number(m[1]) * UNITS[m[2] || "s"];
}

/** "now", unix seconds, or an ISO date / date-time (UTC unless it says otherwise). */
export async function parseTime(run: Run, text: unknown, what: string): Promise<number> {
  const s = String(text).trim();
  if (s === "now") return run.now();
  if (/^\d+$/.test(s)) return Number(s);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  if (Number.isNaN(ms)) throw bad(`${what}: "${s}" is not a time (now, unix seconds, or 2030-01-31 / 2030-01-31T12:00:00Z)`);
  return Math.floor(ms / 1000);
}

/** One of a table's names (English words with dashes, or the Chinese term) to its enum number. */
export function parseChoice(text: unknown, what: string, table: Readonly<Record<string, number>>): number {
  const s = String(text).trim().toLowerCase();
  if (Object.prototype.hasOwnProperty.call(table, s)) return table[s];
  const names = Object.keys(table).filter((k) => /^[a-z]/.test(k));
  throw bad(`${what}: "${String(text)}" is not one of ${names.join(", ")}`);
}

/** Exactly one of two flags (e.g. --approve / --reject). */
export function eitherFlag(opts: Record<string, unknown>, yes: string, no: string): boolean {
  const y = opts[yes] === true;
  const n = opts[no] === true;
  if (y === n) throw bad(`give exactly one of --${yes} and --${no}`);
  return y;
}

/** Bits named by a comma list of names or indexes, "all", or a number (0x.. or decimal). */
export function parseBits(text: unknown, what: string, names: readonly string[], width = names.length): number {
  const s = String(text).trim().toLowerCase();
  if (s === "all") return (1 << width) - 1;
  if (/^(0x[0-9a-f]+|\d+)$/.test(s) && !names.includes(s)) {
    const n = Number(s);
    if (n >= 1 << width) throw bad(`${what}: ${s} has bits beyond the ${width} defined`);
    return n;
  }
  let mask = 0;
  for (const part of s.split(",").map((p) => p.trim()).filter(Boolean)) {
    const i = names.indexOf(part);
    if (i < 0) throw bad(`${what}: "${part}" is not one of all, ${names.join(", ")}`);
    mask |= 1 << i;
  }
  return mask;
}

/** A field mask: 0x hex or decimal, or field indexes and ranges "0-3,7". */
export function parseFieldMask(text: string, what: string): bigint {
  const s = text.trim();
  if (/^0x[0-9a-fA-F]+$/.test(s)) return BigInt(s);
  let mask = 0n;
  for (const part of s.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw bad(`${what}: "${text}" is not a field mask (0x0f) or a field list (0-3,7)`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to > 255) throw bad(`${what}: field range ${part} is out of 0-255`);
    for (let i = from; i <= to; i++) mask |= 1n << BigInt(i);
  }
  return mask;
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A chain time for people: ISO date-time in UTC. */
export function isoTime(seconds: number | bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/** A hash shortened for a table. */
export function shortHash(hash: string): string {
  return /^0x[0-9a-fA-F]{64}$/.test(hash) ? `${hash.slice(0, 10)}…` : hash;
}

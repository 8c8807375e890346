import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError } from "commander";
import { logAuditCommand } from "./audit";
import { applyProfile, configPath, profileFlag, profileName, readConfig, type Profile } from "./config";
import { registerAll } from "./commands";
import { addGlobalOptions, EXIT_CODES_TEXT, type CliContext } from "./context";
import { EXIT, processIo, type ExitCode, type Io } from "./output";
import { verifyBundleCommand, verifyConsistencyCommand, verifyInclusionCommand } from "./verify";
import { verifyResultCommand } from "./verify-result";

const EXIT_CODES_HELP = `
Exit codes:
  0  the proof / bundle / audit holds
  1  verification failed (the reason is printed on one line)
  2  malformed input (bad hex, bad number, unreadable file, bad options)
  3  the chain is unavailable, or another error`;

/*
 * --rpc, --deployments, --network and --json are global options (context.ts): commander reads them
 * before or after the command, so the verify and log commands take them from optsWithGlobals().
 */
const globals = <T>(command: Command): T => command.optsWithGlobals() as T;

export interface ProgramOptions {
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadStream;
  /** Set by `tdl sign`: registry calls are signed into this file instead of sent. */
  signOnly?: CliContext["signOnly"];
  /** Settings from the config file's profile (config.ts): below flags and environment variables. */
  profile?: Profile;
}

/** The package's version, for `tdl --version`. */
const VERSION = (JSON.parse(readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")) as { version: string }).version;

/** The `tdl` program; every action stores its exit code in `exit`. */
export function buildProgram(io: Io, setExit: (code: ExitCode) => void, options: ProgramOptions = {}): Command {
  const program = addGlobalOptions(
    new Command("tdl")
      .description(
        "Trusted Data Ledger (可信数据账本): every role's work on the ledger from the command line (实施机构、一级运营主体、数源部门、二级开发主体、监管部门), " +
          "and verification of access-log proofs and bundles",
      )
      .version(`tdl ${VERSION}`, "-V, --version", "print tdl's version / 显示版本")
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
      .configureHelp({ showGlobalOptions: true })
      .showHelpAfterError("(run with --help for usage)"),
  ).addHelpText("after", EXIT_CODES_TEXT);
  const ctx: CliContext = {
    io,
    setExit,
    env: options.env ?? process.env,
    stdin: options.stdin ?? process.stdin,
    signOnly: options.signOnly,
    runSigned: async (argv, signOnly) => {
      const inner = buildProgram(io, setExit, { ...options, signOnly });
      await inner.parseAsync(["node", "tdl", ...argv]);
    },
  };

  const verify = program.command("verify").description("verify proofs and proof bundles (offline, or against the chain with --rpc)");

  verify
    .command("inclusion")
    .description("check that a leaf is in a tree of a given size and root (RFC 6962 / RFC 9162 2.1.3)")
    .requiredOption("--leaf-hash <hex>", "leaf hash, SHA-256(0x00 || entry bytes)")
    .requiredOption("--index <n>", "the leaf's index")
    .requiredOption("--size <n>", "tree size")
    .requiredOption("--root <hex>", "the tree's root at that size")
    .requiredOption("--proof <hex,hex,...>", 'inclusion proof hashes, comma-separated; "" for an empty proof')
    .addHelpText(
      "after",
      `
Example:
  tdl verify inclusion --leaf-hash 96a2...e7 --index 3 --size 8 \\
      --root 5dc9...28 --proof "bc1a...,a73c...,9e1f..."
${EXIT_CODES_HELP}`,
    )
    .action(async (_options, command: Command) => setExit(await verifyInclusionCommand(io, globals(command))));

  verify
    .command("consistency")
    .description("check that the tree of size2 extends the tree of size1 (RFC 9162 2.1.4)")
    .requiredOption("--size1 <n>", "the older tree size")
    .requiredOption("--size2 <n>", "the newer tree size")
    .requiredOption("--root1 <hex>", "root at size1")
    .requiredOption("--root2 <hex>", "root at size2")
    .requiredOption("--proof <hex,hex,...>", 'consistency proof hashes, comma-separated; "" for an empty proof')
    .addHelpText(
      "after",
      `
Example:
  tdl verify consistency --size1 4 --size2 8 --root1 d7bd...b0 --root2 5dc9...28 --proof "1c3f...,..."
${EXIT_CODES_HELP}`,
    )
    .action(async (_options, command: Command) => setExit(await verifyConsistencyCommand(io, globals(command))));

  verify
    .command("bundle")
    .description("check a proof bundle: entry hash and origin, inclusion proof, checkpoint signature and, with --rpc, the checkpoint key the chain registers for the log, the root anchored on chain and the anchor's transaction")
    .argument("<file>", "the bundle JSON, as GET /api/v1/log/bundles/<index> serves it (tdl receipt fetch)")
    .option("--verifier-key <key>", "pin the checkpoint key (<name>+<hex id>+<base64>) offline; with --rpc the key must also be the chain's")
    .addHelpText(
      "after",
      `
Examples:
  curl -s http://127.0.0.1:8080/api/v1/log/bundles/42 > bundle.json
  tdl verify bundle bundle.json
  tdl verify bundle bundle.json --rpc http://127.0.0.1:8545 --network localhost
${EXIT_CODES_HELP}`,
    )
    .action(async (file: string, _options, command: Command) => setExit(await verifyBundleCommand(io, file, globals(command))));

  verify
    .command("result")
    .description("check a query's answer against its receipt: the answer's digest is the one the node's log entry records, and the receipt is signed by the node's log key (pinned, or the chain's with --rpc) / 核验查询结果")
    .argument("<result>", "the answer as tdl query --out answer.json writes it")
    .argument("[receipt]", "the receipt (tdl query --receipt-out); default: the one inside the answer file")
    .option("--verifier-key <key>", "the node's log key (<name>+<hex id>+<base64>); or give --rpc to take the key the chain registers")
    .addHelpText(
      "after",
      `
Examples:
  tdl verify result answer.json --verifier-key "$(cat data/verifier.key)"
  tdl verify result answer.json receipt.json --rpc http://127.0.0.1:8545 --network localhost
${EXIT_CODES_HELP}`,
    )
    .action(async (file: string, receipt: string | undefined, _options, command: Command) => setExit(await verifyResultCommand(io, file, receipt, globals(command))));

  const log = program.command("log").description("work on a node's access log");
  log
    .command("audit")
    .description(
      "re-hash every stored leaf, rebuild every node and root, check every checkpoint (and its signature) and every anchor record, and with --rpc the chain; names the first mismatch",
    )
    .requiredOption("--data <dir>", "the node's data directory (holding log/ and anchors/)")
    .option("--verifier-key <key>", "checkpoint verifier key; default: <data>/verifier.key")
    .addHelpText(
      "after",
      `
Examples:
  tdl log audit --data ./data
  tdl log audit --data ./data --rpc http://127.0.0.1:8545 --network localhost --json
Stop the node first: LevelDB admits one process at a time.
${EXIT_CODES_HELP}`,
    )
    .action(async (_options, command: Command) => setExit(await logAuditCommand(io, globals(command))));

  registerAll(program, ctx);
  applyProfile(program, options.profile ?? {});
  return program;
}

/** Runs tdl on `argv` (process.argv shape) and resolves with the exit code. */
export async function main(argv: readonly string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  let exit: ExitCode = EXIT.OK;
  let profile: Profile;
  try {
    const config = await readConfig(configPath(env));
    profile = config.profiles[profileName(profileFlag(argv), env, config)] ?? {};
  } catch (error) {
    io.err(`ERROR: ${(error as Error).message}`);
    return EXIT.BAD_INPUT;
  }
  const program = buildProgram(
    io,
    (code) => {
      exit = code;
    },
    { env, profile },
  );
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; anything else commander refuses is a usage error.
      return error.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
    }
    io.err(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.UNAVAILABLE;
  }
  return exit;
}

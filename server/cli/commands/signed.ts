import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { getAddress, type TransactionDescription } from "ethers";
import { executeSignedArgs, parseSignedCall, type SignedCall } from "../../chain/signing";
import { TdlError } from "../../errors";
import { contractInterface, isLedgerContractName } from "../../chain";
import { chainError } from "../../chain";
import { action, globalArgs, jsonText, withExamples, type CliContext, type Run } from "../context";
import { isoTime } from "../output";
import { reportSent, sendData, SIGNED_CALL_TYPE } from "../send";
import { bi } from "../i18n";

/** tdl sign <command...> --out <file> and tdl submit <file>: any registry call signed offline (EIP-712), relayed by anyone. */
export function register(program: Command, ctx: CliContext): void {
  const sign = program
    .command("sign")
    .description("sign any ledger command offline as an EIP-712 SignedCall into a file instead of sending it; anyone submits the file (tdl submit) / 离线签名任一命令")
    .argument("<command...>", "the tdl command to sign, with its arguments and options")
    .requiredOption("--out <file>", "where to write the signed call (must not exist)")
    .option("--valid-for <duration>", "how long the signature may be used", "7d")
    .allowUnknownOption()
    .helpOption(false);
  withExamples(
    sign,
    `
  tdl sign grant suspend 2 --reason "安全检查不合格" --out suspend-2.json --key bureau-zhang
  tdl sign qualification decide 2 --approve --out decide-2.json --key operator-li
  tdl submit suspend-2.json --key relay`,
  ).action(async (command: string[], options: { out: string; validFor: string }, cmd: Command) => {
    if (command.length === 0 || command[0] === "--help" || command[0] === "-h") {
      cmd.outputHelp();
      return;
    }
    if (ctx.runSigned === undefined || ctx.signOnly !== undefined) throw new TdlError("MALFORMED_INPUT", "tdl sign cannot be nested");
    const globals = globalArgs(cmd.optsWithGlobals() as never);
    await ctx.runSigned([...command, ...globals], { out: options.out, validFor: options.validFor });
  });

  withExamples(
    program
      .command("submit")
      .description("relay a signed call (tdl sign) to the chain: it runs as its signer, with the same checks and events; anyone may submit / 提交离线签名")
      .argument("<file>", "the signed call file")
      .option("--dry-run", "show the decoded call, its signer and validity, and whether the chain would accept it now; send nothing / 仅解码并模拟，不发送"),
    `
  tdl submit suspend-2.json --dry-run
  tdl submit suspend-2.json --key relay --rpc http://127.0.0.1:8545`,
  ).action(
    action(ctx, async (run, o_, [file]) => {
      if (ctx.signOnly !== undefined) throw new TdlError("MALFORMED_INPUT", "a submission cannot itself be signed");
      let o: { type?: unknown; contract?: unknown; chainId?: unknown; call?: unknown };
      try {
        o = JSON.parse(await readFile(String(file), "utf8")) as typeof o;
      } catch (cause) {
        throw new TdlError("MALFORMED_INPUT", `cannot read ${String(file)} as JSON`, { cause });
      }
      const name = String(o.contract);
      if (o.type !== SIGNED_CALL_TYPE || !isLedgerContractName(name)) throw new TdlError("MALFORMED_INPUT", `${String(file)} is not a signed call (tdl sign)`);
      let call;
      try {
        call = parseSignedCall(JSON.stringify(o.call));
      } catch (cause) {
        throw new TdlError("MALFORMED_INPUT", `${String(file)}: ${(cause as Error).message}`, { cause });
      }
      const deployments = await run.deployments();
      if (Number(o.chainId) !== deployments.chainId) throw new TdlError("MALFORMED_INPUT", `${String(file)} was signed for chain ${String(o.chainId)}, these deployments are chain ${deployments.chainId}`);
      const iface = contractInterface(name);
      let parsed: TransactionDescription | null;
      try {
        parsed = iface.parseTransaction({ data: call.data });
      } catch (cause) {
        throw new TdlError("MALFORMED_INPUT", `${String(file)}: the signed data is not a call of ${name}`, { cause });
      }
      const described = parsed === null ? "a call" : `${name}.${parsed.name}`;
      const data = iface.encodeFunctionData("executeSigned", executeSignedArgs(call));
      if (o_.dryRun === true) return dryRun(run, name, data, call, parsed, described);
      const result = await sendData(run, name, data, `${described} signed by ${call.signer}`);
      return reportSent(run, { mode: "sent", ...result }, bi(`${described} signed by ${getAddress(call.signer)} submitted and executed`, `已提交并执行 ${getAddress(call.signer)} 签名的 ${described}`), { signer: call.signer });
    }),
  );
}

/** The decoded call and what the chain says of it now (eth_call of executeSigned): nothing is sent. */
async function dryRun(run: Run, name: string, data: string, call: SignedCall, parsed: TransactionDescription | null, described: string) {
  const args = parsed === null ? {} : Object.fromEntries(parsed.fragment.inputs.map((input, i) => [input.name || `arg${i}`, parsed.args[i]]));
  const chain = await run.chain();
  const to = await run.address(name as Parameters<Run["address"]>[0]);
  let verdict: { accepted: boolean; reason?: string; reasonZh?: string; error?: string };
  try {
    await chain.provider.call({ to, data });
    verdict = { accepted: true };
  } catch (cause) {
    const refused = chainError(cause, described);
    if (refused.code !== "CHAIN_REVERT") throw refused; // the chain cannot be reached: exit 3, not a verdict
    const d = (refused.details ?? {}) as { error?: string; sentence?: string; sentenceZh?: string };
    const tag = d.error === undefined ? "" : ` [${d.error}]`;
    verdict = { accepted: false, error: d.error, reason: `${d.sentence ?? refused.message}${tag}`, reasonZh: `${d.sentenceZh ?? d.sentence ?? refused.message}${tag}` };
  }
  const validUntil = isoTime(Number(call.deadline));
  const head = `${described}(${jsonText(args).slice(1, -1)}) signed by ${getAddress(call.signer)}, nonce ${call.nonce}, valid until ${validUntil}`;
  const headZh = `${described}（${jsonText(args).slice(1, -1)}），签名人 ${getAddress(call.signer)}，nonce ${call.nonce}，有效期至 ${validUntil}`;
  const result = { dryRun: true, contract: name, function: parsed?.name ?? null, args, signer: getAddress(call.signer), nonce: call.nonce, deadline: Number(call.deadline), ...verdict };
  if (verdict.accepted) return run.ok(bi(`dry run, nothing sent: ${head}; the chain would accept it now`, `模拟，未发送：${headZh}；链上当前会接受`), result);
  return run.notHolding(bi(`dry run, nothing sent: ${head}; the chain would refuse it now: ${verdict.reason}`, `模拟，未发送：${headZh}；链上当前会拒绝：${verdict.reasonZh}`), result);
}

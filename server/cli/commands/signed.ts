import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { getAddress } from "ethers";
import { executeSignedArgs, parseSignedCall } from "../../chain/signing";
import { TdlError } from "../../errors";
import { contractInterface, isLedgerContractName } from "../../chain";
import { action, globalArgs, withExamples, type CliContext } from "../context";
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
      .argument("<file>", "the signed call file"),
    `
  tdl submit suspend-2.json --key relay --rpc http://127.0.0.1:8545`,
  ).action(
    action(ctx, async (run, _o, [file]) => {
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
      let described: string;
      try {
        const parsed = iface.parseTransaction({ data: call.data });
        described = parsed === null ? "a call" : `${name}.${parsed.name}`;
      } catch (cause) {
        throw new TdlError("MALFORMED_INPUT", `${String(file)}: the signed data is not a call of ${name}`, { cause });
      }
      const data = iface.encodeFunctionData("executeSigned", executeSignedArgs(call));
      const result = await sendData(run, name, data, `${described} signed by ${call.signer}`);
      return reportSent(run, { mode: "sent", ...result }, bi(`${described} signed by ${getAddress(call.signer)} submitted and executed`, `已提交并执行 ${getAddress(call.signer)} 签名的 ${described}`), { signer: call.signer });
    }),
  );
}

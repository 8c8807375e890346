import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { getAddress, hexlify, randomBytes, type TypedDataDomain } from "ethers";
import { onChain } from "../../chain";
import { TdlError } from "../../errors";
import { Parameter } from "../../vocabulary";
import { decisionId, GRANT_TERMS_TYPE } from "../../chain/decisions";
import { inOfficialOrder, keyedNonce, signDecisionApproval, toJson, type SignedApproval } from "../../chain/signing";
import { eitherFlag, parseAddress, parseBigUint, parseBytes32, parseChoice, parseDuration, parseId } from "../arguments";
import { action, withExamples, type CliContext, type Run } from "../context";
import { writeOutFile } from "../out-file";
import { DECISION_APPROVAL_TYPE, reportSent, sendTx } from "../send";
import { bi } from "../i18n";
import { parseGrantTerms, withTermOptions } from "./grant-terms";
import { parseParameterValue } from "./param";
import { PARAMETERS } from "./words";

const SALT_HELP = "the decision's salt: a carried-out decision cannot run twice, a new one needs a new salt";

interface DecisionApprovalFile {
  type: typeof DECISION_APPROVAL_TYPE;
  network: string;
  chainId: number;
  verifyingContract: string;
  decisionId: string;
  approval: SignedApproval;
}

async function organizationsDomain(run: Run): Promise<TypedDataDomain> {
  const deployments = await run.deployments();
  return { name: "TDL OrganizationRegistry", version: "1", chainId: deployments.chainId, verifyingContract: await run.address("OrganizationRegistry") };
}

function parseApprovalFile(text: string, file: string): DecisionApprovalFile {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `${file} is not JSON`, { cause });
  }
  const a = (o.approval ?? {}) as Record<string, unknown>;
  if (o.type !== DECISION_APPROVAL_TYPE || typeof a.signature !== "string") throw new TdlError("MALFORMED_INPUT", `${file} is not a signed decision approval (tdl decision sign)`);
  return {
    type: DECISION_APPROVAL_TYPE,
    network: String(o.network),
    chainId: Number(o.chainId),
    verifyingContract: getAddress(String(o.verifyingContract)),
    decisionId: parseBytes32(o.decisionId, `${file}: decisionId`),
    approval: {
      official: parseAddress(a.official, `${file}: official`),
      nonce: parseBigUint(a.nonce, `${file}: nonce`),
      deadline: parseBigUint(a.deadline, `${file}: deadline`),
      signature: String(a.signature),
    },
  };
}

/** tdl decision: the bureau's k-of-n collective decisions ("三重一大", Art. 12), online or signed offline. */
export function register(program: Command, ctx: CliContext): void {
  const decision = program
    .command("decision")
    .description("the bureau's collective decisions (三重一大集体决策): compute a decision id, approve it, or sign approvals offline and submit k of them / 集体决策");

  // ---- ids ----
  const id = decision.command("id").description("compute the id of a collective decision (what the officials approve) / 计算集体决策编号");
  const show = (run: Run, what: { en: string; zh: string }, value: string) =>
    run.json ? run.ok(what, { decisionId: value }) : (run.ctx.io.out(value), run.line(run.say(what)), undefined);

  withExamples(
    id.command("decide-operator").description("the decision on the operator's qualification").argument("<qualification>", "qualification id").option("--approve").option("--reject").option("--salt <n>", SALT_HELP, "0"),
    `
  tdl decision id decide-operator 1 --approve`,
  ).action(
    action(ctx, async (run, o, [q]) => {
      const value = decisionId(await run.address("QualificationRegistry"), "decideOperator", ["uint32", "bool", "uint256"], [parseId(q, "<qualification>"), eitherFlag(o, "approve", "reject"), parseBigUint(o.salt, "--salt")]);
      return show(run, bi(`decision id of decideOperator(${String(q)})`, `一级运营主体资格决定 ${String(q)} 的决策编号`), value);
    }),
  );

  withExamples(
    withTermOptions(id.command("issue-whole-grant").description("the decision on the bureau's whole-catalog grant to the operator").argument("<operator>", "the operator's organisation id"), undefined).option("--salt <n>", SALT_HELP, "0"),
    `
  tdl decision id issue-whole-grant 4 --start 2026-01-01 --term 5y --agreement @agreement.pdf --fee-terms @fees.pdf`,
  ).action(
    action(ctx, async (run, o, [operator]) => {
      const terms = await parseGrantTerms(run, o);
      const value = decisionId(await run.address("GrantRegistry"), "issueWholeGrant", ["uint32", GRANT_TERMS_TYPE, "uint256"], [parseId(operator, "<operator>"), terms, parseBigUint(o.salt, "--salt")]);
      return show(run, bi(`decision id of the whole grant to organisation ${String(operator)}`, `对单位 ${String(operator)} 整体授权的决策编号`), value);
    }),
  );

  withExamples(
    id.command("set-parameter").description("the decision to change a rule (R24)").argument("<name>", Object.keys(PARAMETERS).filter((k) => /^[a-z]/.test(k)).join(" | ")).argument("<value>", "a duration (5y, 90d) or, for decision-threshold and min-group-level-N, a number").option("--salt <n>", SALT_HELP, "0"),
    `
  tdl decision id set-parameter notice-period 10d`,
  ).action(
    action(ctx, async (run, o, [name, value]) => {
      const parameter = parseChoice(name, "<name>", PARAMETERS);
      const v = parseParameterValue(parameter, value);
      const idValue = decisionId(await run.address("OrganizationRegistry"), "setParameter", ["uint8", "uint64", "uint256"], [parameter, v, parseBigUint(o.salt, "--salt")]);
      return show(run, bi(`decision id of setting ${String(name)} to ${v}`, `将${String(name)}设为 ${v} 的决策编号`), idValue);
    }),
  );

  for (const [verb, method, en] of [
    ["add-official", "addOfficial", "adding official"],
    ["remove-official", "removeOfficial", "removing official"],
    ["authorize-ledger-contract", "authorizeLedgerContract", "authorizing ledger contract"],
  ] as const) {
    withExamples(
      id.command(verb).description(`the decision on ${en}`).argument("<address>", "the key or contract").option("--salt <n>", SALT_HELP, "0"),
      `
  tdl decision id ${verb} 0x976E...0aa9`,
    ).action(
      action(ctx, async (run, o, [address]) => {
        const value = decisionId(await run.address("OrganizationRegistry"), method, ["address", "uint256"], [parseAddress(address, "<address>"), parseBigUint(o.salt, "--salt")]);
        return show(run, bi(`decision id of ${en} ${String(address)}`, `${verb} ${String(address)} 的决策编号`), value);
      }),
    );
  }

  // ---- approving ----
  withExamples(
    decision.command("approve").description("approve a decision as a bureau official (online) / 官员批准集体决策").argument("<id>", "decision id (0x + 64 hex)"),
    `
  tdl decision approve 0x5c1e...9a --key bureau-zhang`,
  ).action(
    action(ctx, async (run, _o, [value]) => {
      const idValue = parseBytes32(value, "<id>");
      const sent = await sendTx(run, "OrganizationRegistry", "approveDecision", [idValue]);
      const approved = sent.mode === "sent" ? sent.events.find((e) => e.name === "DecisionApproved")?.args.approvals : undefined;
      const adopted = sent.mode === "sent" && sent.events.some((e) => e.name === "DecisionAdopted");
      return reportSent(
        run,
        sent,
        bi(
          `decision ${idValue} approved${approved === undefined ? "" : ` (${String(approved)} approvals${adopted ? ", adopted" : ""})`}`,
          `已批准决策 ${idValue}${approved === undefined ? "" : `（已获 ${String(approved)} 票${adopted ? "，已通过" : ""}）`}`,
        ),
        { approvals: approved, adopted },
      );
    }),
  );

  withExamples(
    decision
      .command("sign")
      .description("sign your approval of a decision offline (EIP-712 DecisionApproval) into a file; no chain needed / 离线签署批准")
      .argument("<id>", "decision id (0x + 64 hex)")
      .requiredOption("--out <file>", "where to write the signed approval (must not exist)")
      .option("--valid-for <duration>", "how long the signature may be used", "7d"),
    `
  tdl decision sign 0x5c1e...9a --out zhang.json --key bureau-zhang
  tdl decision sign 0x5c1e...9a --out wang.json --key bureau-wang
  tdl decision submit zhang.json wang.json --key anyone`,
  ).action(
    action(ctx, async (run, o, [value]) => {
      const idValue = parseBytes32(value, "<id>");
      const deadline = BigInt((await run.now()) + parseDuration(o.validFor));
      const nonce = keyedNonce(BigInt(hexlify(randomBytes(24))), 0n); // a fresh lane: no chain read needed
      const domain = await organizationsDomain(run);
      const approval = await signDecisionApproval(await run.wallet(), domain, idValue, { nonce, deadline });
      const deployments = await run.deployments();
      const file: DecisionApprovalFile = { type: DECISION_APPROVAL_TYPE, network: deployments.network, chainId: deployments.chainId, verifyingContract: String(domain.verifyingContract), decisionId: idValue, approval };
      await writeOutFile(String(o.out), toJson(file), run.opts.force === true);
      return run.ok(bi(`approval of decision ${idValue} by ${approval.official} signed into ${String(o.out)}; submit k of them with: tdl decision submit`, `官员 ${approval.official} 对决策 ${idValue} 的批准已签名并写入 ${String(o.out)}；集齐后用 tdl decision submit 提交`), { file: o.out, official: approval.official, deadline });
    }),
  );

  withExamples(
    decision.command("submit").description("submit officials' signed approvals together (approveDecisionBySignatures); anyone may / 提交离线签署的批准").argument("<files...>", "signed approval files of one decision"),
    `
  tdl decision submit zhang.json wang.json --key operator-li`,
  ).action(
    action(ctx, async (run, _o, [files]) => {
      const list = files as string[];
      const parsed: DecisionApprovalFile[] = [];
      for (const f of list) {
        let text: string;
        try {
          text = await readFile(f, "utf8");
        } catch (cause) {
          throw new TdlError("MALFORMED_INPUT", `cannot read ${f}`, { cause });
        }
        parsed.push(parseApprovalFile(text, f));
      }
      const idValue = parsed[0].decisionId;
      const domain = await organizationsDomain(run);
      for (const [i, p] of parsed.entries()) {
        if (p.decisionId !== idValue) throw new TdlError("MALFORMED_INPUT", `${list[i]} approves decision ${p.decisionId}, not ${idValue}`);
        if (p.chainId !== Number(domain.chainId) || p.verifyingContract !== domain.verifyingContract) {
          throw new TdlError("MALFORMED_INPUT", `${list[i]} was signed for chain ${p.chainId} and ${p.verifyingContract}, not this ledger (chain ${String(domain.chainId)}, ${String(domain.verifyingContract)})`);
        }
      }
      const approvals = inOfficialOrder(parsed.map((p) => p.approval));
      const sent = await sendTx(run, "OrganizationRegistry", "approveDecisionBySignatures", [idValue, approvals]);
      const adopted = sent.mode === "sent" && sent.events.some((e) => e.name === "DecisionAdopted");
      return reportSent(run, sent, bi(`${approvals.length} signed approvals of decision ${idValue} recorded${adopted ? "; the decision is adopted" : ""}`, `已记录决策 ${idValue} 的 ${approvals.length} 份签名批准${adopted ? "；决策已通过" : ""}`), { adopted });
    }),
  );

  withExamples(
    decision.command("status").description("approvals a decision has, and whether it is adopted / 决策状态").argument("<id>", "decision id"),
    `
  tdl decision status 0x5c1e...9a`,
  ).action(
    action(ctx, async (run, _o, [value]) => {
      const idValue = parseBytes32(value, "<id>");
      const orgs = await run.contract("OrganizationRegistry");
      const [approvals, adopted, threshold] = await onChain("decision status", () => Promise.all([orgs.approvals(idValue), orgs.isAdopted(idValue), orgs.parameter(Parameter.DecisionThreshold)]));
      const message = bi(
        `decision ${idValue}: ${approvals} of ${threshold} approvals, ${adopted ? "adopted" : "not adopted"}`,
        `决策 ${idValue}：已获 ${approvals} 票，需 ${threshold} 票，${adopted ? "已通过" : "未通过"}`,
      );
      return run.ok(message, { decisionId: idValue, approvals: Number(approvals), threshold: Number(threshold), adopted });
    }),
  );
}

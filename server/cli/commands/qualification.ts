import type { Command } from "commander";
import { onChain } from "../../chain";
import { label } from "../../vocabulary";
import { eitherFlag, parseBigUint, parseBits, parseChoice, parseDocument, parseDuration, parseId, parseTime, parseUint } from "../arguments";
import { action, withExamples, type CliContext, type Run } from "../context";
import { isoTime, shortHash } from "../output";
import { reportSent, sendTx, transact } from "../send";
import { TdlError } from "../../errors";
import { bi } from "../i18n";
import { CLAUSE_NAMES, DOC_HELP, GROUNDS, ROLES } from "./words";

const CLAUSES_HELP = `clauses of Art. 14 the agreement carries: all, or a comma list of ${CLAUSE_NAMES.join(", ")} (all ten are required)`;

/** --until <time> or --valid-for <duration> (from now, chain time). */
async function validUntil(run: Run, o: Record<string, unknown>): Promise<number> {
  if (o.until !== undefined) return parseTime(run, o.until, "--until");
  if (o.validFor !== undefined) return (await run.now()) + parseDuration(o.validFor);
  throw new TdlError("MALFORMED_INPUT", "give --until <time> or --valid-for <duration>");
}

const Q = "QualificationRegistry";

/** tdl qualification: the qualification procedure of the operator and developers (Art. 10-15). */
export function register(program: Command, ctx: CliContext): void {
  const q = program
    .command("qualification")
    .description("qualification of the operator (一级运营主体) and developers (二级开发主体): apply, review, decide, public notice (公示), activate, suspend, end; renewal is a new application (Art. 15) / 资格认定");

  withExamples(
    q
      .command("apply")
      .description("apply for qualification, filing the evidence of Art. 10 (the applicant's own staff); a holder renews by applying again inside the window before expiry, through every step (Art. 15) / 提出资格申请（续期即重新申请）")
      .requiredOption("--role <role>", "operator | developer (一级运营主体 | 二级开发主体)")
      .requiredOption("--eligibility <doc>", `declarations: compliance, no major violation, not on dishonest or tax lists; ${DOC_HELP}`)
      .requiredOption("--team <doc>", "the development or operation team")
      .requiredOption("--security-system <doc>", "the data-security management system")
      .requiredOption("--security-officer <doc>", "the named person responsible for data security"),
    `
  tdl qualification apply --role developer --eligibility @declarations.pdf --team @team.pdf \\
      --security-system @security.pdf --security-officer "王五 security officer" --key bank-chen`,
  ).action(
    action(ctx, async (run, o) => {
      const role = parseChoice(o.role, "--role", ROLES);
      const evidence = {
        eligibility: await parseDocument(o.eligibility, "--eligibility"),
        team: await parseDocument(o.team, "--team"),
        securitySystem: await parseDocument(o.securitySystem, "--security-system"),
        securityOfficer: await parseDocument(o.securityOfficer, "--security-officer"),
      };
      return transact(run, Q, "applyFor", [role, evidence], (id) => bi(`qualification ${id ?? "?"} applied for (${label("OrgKind", role, "en")}); a holder's application inside the renewal window renews its qualification once activated`, `已提出资格申请 ${id ?? "?"}（${label("OrgKind", role, "zh")}）；持有者在续期窗口内的申请生效后即为续期`), "QualificationApplied");
    }),
  );

  withExamples(
    q
      .command("review")
      .description("record the expert review: bureau staff for the operator, the qualified operator for developers / 专家评审")
      .argument("<id>", "qualification id")
      .option("--pass", "the review passed")
      .option("--fail", "the review failed (rejects the application)")
      .requiredOption("--report <doc>", `the expert review report; ${DOC_HELP}`),
    `
  tdl qualification review 2 --pass --report @expert-review.pdf --key operator-li`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const qid = parseId(id, "<id>");
      const passed = eitherFlag(o, "pass", "fail");
      return transact(run, Q, "review", [qid, passed, await parseDocument(o.report, "--report")], () =>
        bi(`qualification ${qid} reviewed: ${passed ? "passed" : "failed"}`, `资格 ${qid} 评审${passed ? "通过" : "未通过"}`),
      );
    }),
  );

  withExamples(
    q
      .command("decide")
      .description(
        "decide: for the operator, the bureau's collective decision (三重一大; approve the decision id first: tdl decision id decide-operator); for a developer, one half of the joint decision (bureau or operator staff) / 决定",
      )
      .argument("<id>", "qualification id")
      .option("--approve", "approve")
      .option("--reject", "reject")
      .option("--salt <n>", "salt of the collective decision (operator only)", "0")
      .option("--role <role>", "operator | developer: the applicant's role, when signing offline without --rpc"),
    `
  tdl decision id decide-operator 1 --approve          # the id the officials approve
  tdl qualification decide 1 --approve --key bureau-zhang
  tdl qualification decide 2 --approve --key operator-li   # the operator's half for a developer`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const qid = parseId(id, "<id>");
      const approved = eitherFlag(o, "approve", "reject");
      let role: number;
      if (o.role !== undefined) role = parseChoice(o.role, "--role", ROLES);
      else {
        const quals = await run.contract(Q);
        role = Number((await onChain("qualification", () => quals.qualification(qid))).role);
      }
      const word = bi(approved ? "approved" : "rejected", approved ? "批准" : "不予批准");
      if (role === 3) {
        const salt = parseBigUint(o.salt, "--salt");
        return transact(run, Q, "decideOperator", [qid, approved, salt], () => bi(`qualification ${qid} of the operator ${word.en} by collective decision`, `一级运营主体资格 ${qid} 经集体决策${word.zh}`));
      }
      return transact(run, Q, "decideDeveloper", [qid, approved], () => bi(`decision on developer qualification ${qid} recorded: ${word.en}`, `已记录对开发主体资格 ${qid} 的决定：${word.zh}`));
    }),
  );

  withExamples(
    q.command("object").description("lodge an objection during the public notice (公示); anyone may / 公示期异议").argument("<id>", "qualification id").requiredOption("--objection <doc>", DOC_HELP),
    `
  tdl qualification object 2 --objection @objection.pdf --key citizen-1`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const qid = parseId(id, "<id>");
      const sent = await sendTx(run, Q, "object", [qid, await parseDocument(o.objection, "--objection")]);
      const index = sent.mode === "sent" ? sent.events.find((e) => e.name === "QualificationObjectionLodged")?.args.objectionIndex : undefined;
      return reportSent(run, sent, bi(`objection ${String(index ?? "?")} lodged against qualification ${qid}`, `已对资格 ${qid} 提出异议 ${String(index ?? "?")}`), { objectionIndex: index });
    }),
  );

  withExamples(
    q
      .command("resolve-objection")
      .description("resolve an objection (bureau staff); an upheld objection rejects the application / 处理异议")
      .argument("<id>", "qualification id")
      .argument("<index>", "objection index")
      .option("--uphold", "the objection holds: the application is rejected")
      .option("--dismiss", "the objection does not hold")
      .requiredOption("--resolution <doc>", DOC_HELP),
    `
  tdl qualification resolve-objection 2 0 --dismiss --resolution @finding.pdf --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o, [id, index]) => {
      const qid = parseId(id, "<id>");
      const i = parseUint(index, "<index>");
      const upheld = eitherFlag(o, "uphold", "dismiss");
      return transact(run, Q, "resolveObjection", [qid, i, upheld, await parseDocument(o.resolution, "--resolution")], () =>
        bi(`objection ${i} to qualification ${qid} ${upheld ? "upheld" : "dismissed"}`, `资格 ${qid} 的异议 ${i} ${upheld ? "成立" : "不成立"}`),
      );
    }),
  );

  withExamples(
    q
      .command("activate")
      .description("after the notice, with no open objection: the agreement and security commitment take effect (bureau for the operator, operator for developers) / 签订协议，资格生效")
      .argument("<id>", "qualification id")
      .requiredOption("--agreement <doc>", `the signed agreement; ${DOC_HELP}`)
      .option("--clauses <list>", CLAUSES_HELP, "all")
      .requiredOption("--security-commitment <doc>", "the data-security commitment letter")
      .option("--until <time>", "end of the term (at most the maximum term, 5 years)")
      .option("--valid-for <duration>", "term from now, e.g. 3y"),
    `
  tdl qualification activate 2 --agreement @agreement.pdf --security-commitment @commitment.pdf --valid-for 3y --key operator-li`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const qid = parseId(id, "<id>");
      const until = await validUntil(run, o);
      const args = [qid, await parseDocument(o.agreement, "--agreement"), parseBits(o.clauses, "--clauses", CLAUSE_NAMES), await parseDocument(o.securityCommitment, "--security-commitment"), until];
      return transact(run, Q, "activate", args, () => bi(`qualification ${qid} active until ${isoTime(until)}`, `资格 ${qid} 已生效，有效期至 ${isoTime(until)}`));
    }),
  );

  for (const [verb, method, en, zh] of [
    ["suspend", "suspend", "suspended", "已暂停"],
    ["reinstate", "reinstate", "reinstated", "已恢复"],
  ] as const) {
    withExamples(
      q.command(verb).description(`${verb} an active qualification (bureau staff) / ${zh}`).argument("<id>", "qualification id").requiredOption("--reason <doc>", DOC_HELP),
      `
  tdl qualification ${verb} 2 --reason "..." --key bureau-zhang`,
    ).action(
      action(ctx, async (run, o, [id]) => {
        const qid = parseId(id, "<id>");
        return transact(run, Q, method, [qid, await parseDocument(o.reason, "--reason")], () => bi(`qualification ${qid} ${en}`, `资格 ${qid} ${zh}`));
      }),
    );
  }

  withExamples(
    q
      .command("terminate")
      .description("end a qualification for a ground of Art. 15 other than a violation (bureau; the holder on its own request) / 终止资格")
      .argument("<id>", "qualification id")
      .requiredOption("--ground <ground>", "expiry | own-request | failed-capability-assessment | change-of-law (期满、主动申请、能力评估不合格、法律法规变化)")
      .requiredOption("--reason <doc>", DOC_HELP),
    `
  tdl qualification terminate 2 --ground own-request --reason "业务调整" --key bank-chen`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const qid = parseId(id, "<id>");
      const ground = parseChoice(o.ground, "--ground", GROUNDS);
      return transact(run, Q, "terminate", [qid, ground, await parseDocument(o.reason, "--reason")], () =>
        bi(`qualification ${qid} terminated (${label("TerminationReason", ground, "en")})`, `资格 ${qid} 已终止（${label("TerminationReason", ground, "zh")}）`),
      );
    }),
  );

  withExamples(
    q
      .command("revoke")
      .description("revoke for a violation (bureau staff): unlawful use, breach or security risk; starts the 3-year bar / 撤销资格")
      .argument("<id>", "qualification id")
      .requiredOption("--ground <ground>", "unlawful-use | breach | security-risk (违法违规使用、违反协议、安全风险)")
      .requiredOption("--reason <doc>", DOC_HELP),
    `
  tdl qualification revoke 2 --ground breach --reason @finding.pdf --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const qid = parseId(id, "<id>");
      const ground = parseChoice(o.ground, "--ground", GROUNDS);
      return transact(run, Q, "revoke", [qid, ground, await parseDocument(o.reason, "--reason")], () =>
        bi(`qualification ${qid} revoked (${label("TerminationReason", ground, "en")})`, `资格 ${qid} 已撤销（${label("TerminationReason", ground, "zh")}）`),
      );
    }),
  );

  withExamples(
    q.command("show").description("a qualification's state, notice, term and findings / 查看资格").argument("[id]", "qualification id").option("--org <org>", "the organisation's current qualification instead"),
    `
  tdl qualification show 2
  tdl qualification show --org 5 --json`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const quals = await run.contract(Q);
      let qid: number;
      if (o.org !== undefined) qid = Number(await onChain("currentQualification", () => quals.currentQualification(parseId(o.org, "--org"))));
      else if (id !== undefined) qid = parseId(id, "<id>");
      else throw new TdlError("MALFORMED_INPUT", "give a qualification id or --org <org>");
      if (qid === 0) return run.notHolding(bi(`organisation ${String(o.org)} has no qualification`, `单位 ${String(o.org)} 没有资格记录`));
      const r = await onChain("qualification", () => quals.qualification(qid));
      if (Number(r.state) === 0) return run.notHolding(bi(`there is no qualification ${qid}`, `不存在资格 ${qid}`));
      const now = await run.now();
      const qualified = await onChain("isQualifiedAt", () => quals.isQualifiedAt(r.org, now));
      const record = {
        id: qid,
        org: Number(r.org),
        role: label("OrgKind", r.role, "en"),
        state: label("QualificationState", r.state, "en"),
        qualifiedNow: qualified,
        endReason: label("TerminationReason", r.endReason, "en"),
        bureauApproved: r.bureauApproved,
        operatorApproved: r.operatorApproved,
        renews: Number(r.renews),
        openObjections: Number(r.openObjections),
        noticeEndsAt: Number(r.noticeEndsAt),
        validFrom: Number(r.validFrom),
        validUntil: Number(r.validUntil),
        reviewReportHash: r.reviewReportHash,
        agreementHash: r.agreementHash,
        securityCommitmentHash: r.securityCommitmentHash,
      };
      if (run.json) return run.ok(bi(`qualification ${qid}`, `资格 ${qid}`), { qualification: record });
      const t = (s: number) => (s === 0 ? "-" : isoTime(s));
      run.table(
        [bi("field", "项目"), bi("value", "内容")],
        [
          [run.say(bi("qualification", "资格")), String(qid)],
          [run.say(bi("organisation", "单位")), String(record.org)],
          [run.say(bi("role", "角色")), label("OrgKind", r.role, run.lang)],
          [run.say(bi("renews", "续期自")), record.renews === 0 ? "-" : String(record.renews)],
          [run.say(bi("state", "状态")), label("QualificationState", r.state, run.lang)],
          [run.say(bi("qualified now", "当前具备资格")), run.say(qualified ? bi("yes", "是") : bi("no", "否"))],
          [run.say(bi("notice ends", "公示截止")), t(record.noticeEndsAt)],
          [run.say(bi("open objections", "待处理异议")), String(record.openObjections)],
          [run.say(bi("valid", "有效期")), `${t(record.validFrom)} .. ${t(record.validUntil)}`],
          [run.say(bi("ended for", "终止事由")), Number(r.endReason) === 0 ? "-" : label("TerminationReason", r.endReason, run.lang)],
          [run.say(bi("review report", "评审报告")), shortHash(r.reviewReportHash)],
          [run.say(bi("agreement", "协议")), shortHash(r.agreementHash)],
        ],
      );
    }),
  );
}

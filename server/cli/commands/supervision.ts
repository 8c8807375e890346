import type { Command } from "commander";
import { onChain } from "../../chain";
import { label } from "../../vocabulary";
import { eitherFlag, parseChoice, parseDocument, parseDuration, parseId, parseTime, parseUint } from "../arguments";
import { action, withExamples, type CliContext } from "../context";
import { isoTime } from "../output";
import { transact } from "../send";
import { bi } from "../i18n";
import { DOC_HELP, EVALUATION_KINDS } from "./words";

const S = "Supervision";

/** tdl rectification | incident | inspection | evaluation | report: supervision (Art. 8, 24-32). */
export function register(program: Command, ctx: CliContext): void {
  // ---- rectification orders (R22) ----
  const rect = program.command("rectification").description("rectification orders: access closes at once; corrected → restored; lapsed → qualification revoked (Art. 32) / 整改通知");

  withExamples(
    rect
      .command("issue")
      .description("order a correction by a deadline; the organisation's access is suspended at once (the bureau, or an industry authority in its domain, Art. 32) / 下发整改通知（实施机构或行业主管部门）")
      .requiredOption("--org <org>", "the organisation")
      .requiredOption("--order <doc>", DOC_HELP)
      .option("--deadline <time>", "the deadline")
      .option("--within <duration>", "deadline from now", "30d"),
    `
  tdl rectification issue --org 6 --order @order.pdf --within 30d --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o) => {
      const org = parseId(o.org, "--org");
      const deadline = o.deadline !== undefined ? await parseTime(run, o.deadline, "--deadline") : (await run.now()) + parseDuration(o.within);
      return transact(run, S, "issueRectification", [org, await parseDocument(o.order, "--order"), deadline], (id) =>
        bi(`rectification order ${id ?? "?"} issued to organisation ${org}, to correct by ${isoTime(deadline)}; its access is suspended`, `已向单位 ${org} 下发整改通知 ${id ?? "?"}，整改期限 ${isoTime(deadline)}；其访问已暂停`), "RectificationOrdered");
    }),
  );

  withExamples(
    rect.command("confirm").description("confirm the correction before the deadline; access is restored when no other order is open (the issuing authority or the bureau) / 确认整改（下达单位或实施机构）").argument("<order>", "order id").requiredOption("--evidence <doc>", DOC_HELP),
    `
  tdl rectification confirm 1 --evidence @correction.pdf --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const oid = parseId(id, "<order>");
      return transact(run, S, "confirmRectification", [oid, await parseDocument(o.evidence, "--evidence")], () => bi(`rectification order ${oid} confirmed corrected`, `整改通知 ${oid} 已确认整改完成`));
    }),
  );

  withExamples(
    rect.command("revoke").description("after the deadline without correction: revoke the qualification for breach (the issuing authority or the bureau) / 逾期未整改，撤销资格").argument("<order>", "order id"),
    `
  tdl rectification revoke 1 --key bureau-zhang`,
  ).action(
    action(ctx, async (run, _o, [id]) => {
      const oid = parseId(id, "<order>");
      return transact(run, S, "revokeAfterDeadline", [oid], () => bi(`rectification order ${oid} lapsed: the qualification is revoked for breach`, `整改通知 ${oid} 逾期未整改：资格已因违反协议被撤销`));
    }),
  );

  withExamples(
    rect.command("show").description("a rectification order: whom it binds, who issued it, its deadline and state / 查看整改通知").argument("<order>", "order id"),
    `
  tdl rectification show 1`,
  ).action(
    action(ctx, async (run, _o, [id]) => {
      const oid = parseId(id, "<order>");
      const sup = await run.contract(S);
      const r = await onChain("rectificationOrder", () => sup.rectificationOrder(oid));
      if (Number(r.state) === 0) return run.notHolding(bi(`there is no rectification order ${oid}`, `不存在整改通知 ${oid}`));
      const [issuer, org] = await Promise.all([run.orgName(Number(r.issuer)), run.orgName(Number(r.org))]);
      return run.ok(
        bi(
          `rectification order ${oid} to organisation ${r.org} ${org}, issued by ${r.issuer} ${issuer}: ${label("RectificationState", r.state, "en")}, deadline ${isoTime(r.deadline)}`,
          `整改通知 ${oid}：下达单位 ${r.issuer} ${issuer}，整改单位 ${r.org} ${org}，${label("RectificationState", r.state, "zh")}，整改期限 ${isoTime(r.deadline)}`,
        ),
        { order: { id: oid, org: Number(r.org), orgName: org, issuer: Number(r.issuer), issuerName: issuer, state: label("RectificationState", r.state, "en"), deadline: Number(r.deadline), orderHash: r.orderHash } },
      );
    }),
  );

  // ---- incidents (R20) ----
  const incident = program.command("incident").description("security incidents: any participant reports; the bureau handles and closes (Art. 28) / 安全事件");

  withExamples(
    incident
      .command("report")
      .description("report an incident at once; with --stop-own-access your organisation's access stops / 报告安全事件")
      .requiredOption("--subject <org>", "the organisation concerned (may be your own)")
      .requiredOption("--severity <1-4>", "1 (minor) .. 4 (most severe)")
      .requiredOption("--report <doc>", DOC_HELP)
      .option("--stop-own-access", "suspend your own organisation's access at once"),
    `
  tdl incident report --subject 6 --severity 3 --report "关联汇聚风险 linkage risk found" --stop-own-access --key bank-chen`,
  ).action(
    action(ctx, async (run, o) => {
      const subject = parseId(o.subject, "--subject");
      const severity = parseUint(o.severity, "--severity", 255);
      return transact(run, S, "reportIncident", [subject, severity, await parseDocument(o.report, "--report"), o.stopOwnAccess === true], (id) =>
        bi(`incident ${id ?? "?"} reported about organisation ${subject} (severity ${severity})`, `已报告关于单位 ${subject} 的安全事件 ${id ?? "?"}（严重程度 ${severity}）`), "IncidentReported");
    }),
  );

  for (const [verb, method, field, en, zh] of [
    ["handle", "handleIncident", "handling", "handling recorded", "已记录处置"],
    ["close", "closeIncident", "closure", "closed", "已关闭"],
  ] as const) {
    withExamples(
      incident.command(verb).description(`${verb} an incident (bureau staff) / ${zh}`).argument("<id>", "incident id").requiredOption(`--${field} <doc>`, DOC_HELP),
      `
  tdl incident ${verb} 1 --${field} @${field}.pdf --key bureau-zhang`,
    ).action(
      action(ctx, async (run, o, [id]) => {
        const iid = parseId(id, "<id>");
        return transact(run, S, method, [iid, await parseDocument(o[field], `--${field}`)], () => bi(`incident ${iid}: ${en}`, `安全事件 ${iid}：${zh}`));
      }),
    );
  }

  withExamples(
    incident.command("show").description("an incident / 查看安全事件").argument("<id>", "incident id"),
    `
  tdl incident show 1`,
  ).action(
    action(ctx, async (run, _o, [id]) => {
      const iid = parseId(id, "<id>");
      const sup = await run.contract(S);
      const i = await onChain("incident", () => sup.incident(iid));
      if (Number(i.state) === 0) return run.notHolding(bi(`there is no incident ${iid}`, `不存在安全事件 ${iid}`));
      return run.ok(
        bi(`incident ${iid}: reported by ${i.reporter} about ${i.subject}, severity ${i.severity}, ${label("IncidentState", i.state, "en")}, at ${isoTime(i.reportedAt)}`, `安全事件 ${iid}：单位 ${i.reporter} 报告，涉及单位 ${i.subject}，严重程度 ${i.severity}，${label("IncidentState", i.state, "zh")}，${isoTime(i.reportedAt)}`),
        { incident: { id: iid, reporter: Number(i.reporter), subject: Number(i.subject), severity: Number(i.severity), state: label("IncidentState", i.state, "en"), accessStopped: i.accessStopped, reportedAt: Number(i.reportedAt), reportHash: i.reportHash } },
      );
    }),
  );

  // ---- inspections and evaluations (R19) ----
  const record = (group: string, zh: string, kinds: string, fixedKind?: number) => {
    const cmd = program.command(group).description(`${group}s recorded against an organisation (the bureau, supervisors, named assessors; Art. 27, 30) / ${zh}`);
    const rec = cmd
      .command("record")
      .description(`record a ${group} / 记录${zh}`)
      .requiredOption("--subject <org>", "the organisation")
      .option("--passed", "it passed")
      .option("--failed", "it failed (a failed capability evaluation is a termination ground)")
      .requiredOption("--report <doc>", DOC_HELP);
    if (fixedKind === undefined) rec.requiredOption("--kind <kind>", kinds);
    withExamples(
      rec,
      `
  tdl ${group} record --subject 6 ${fixedKind === undefined ? "--kind capability-evaluation " : ""}--passed --report @${group}.pdf --key cac-sun`,
    ).action(
      action(ctx, async (run, o) => {
        const subject = parseId(o.subject, "--subject");
        const kind = fixedKind ?? parseChoice(o.kind, "--kind", EVALUATION_KINDS);
        const passed = eitherFlag(o, "passed", "failed");
        return transact(run, S, "recordEvaluation", [subject, kind, passed, await parseDocument(o.report, "--report")], (id) =>
          bi(`${label("EvaluationKind", kind, "en")} ${id ?? "?"} of organisation ${subject} recorded: ${passed ? "passed" : "failed"}`, `已记录单位 ${subject} 的${label("EvaluationKind", kind, "zh")} ${id ?? "?"}：${passed ? "合格" : "不合格"}`), "EvaluationRecorded");
      }),
    );
  };
  record("inspection", "安全检查", "", 1);
  record("evaluation", "评估", "security-evaluation | capability-evaluation (安全评估 | 能力评估)");

  // ---- filings and annual reports (R21) ----
  const report = program.command("report").description("the operator's filings (备案) and annual operating reports (Art. 31) / 备案与年度报告");

  withExamples(
    report.command("file-annual").description("file the annual operating report for a year (the operator) / 报送年度报告").requiredOption("--year <year>", "the year reported on").requiredOption("--report <doc>", DOC_HELP),
    `
  tdl report file-annual --year 2025 --report @annual-2025.pdf --key operator-li`,
  ).action(
    action(ctx, async (run, o) => {
      const year = parseUint(o.year, "--year", 65535);
      return transact(run, S, "fileAnnualReport", [year, await parseDocument(o.report, "--report")], () => bi(`annual report for ${year} filed`, `已报送 ${year} 年度报告`));
    }),
  );

  withExamples(
    report.command("file-agreement").description("file an agreement the operator signed (备案) / 协议备案").requiredOption("--counterparty <org>", "the other party").requiredOption("--agreement <doc>", DOC_HELP),
    `
  tdl report file-agreement --counterparty 6 --agreement @agreement.pdf --key operator-li`,
  ).action(
    action(ctx, async (run, o) => {
      const counterparty = parseId(o.counterparty, "--counterparty");
      return transact(run, S, "fileAgreement", [counterparty, await parseDocument(o.agreement, "--agreement")], () => bi(`agreement with organisation ${counterparty} filed`, `已备案与单位 ${counterparty} 的协议`));
    }),
  );

  withExamples(
    report.command("missing").description("whether an organisation's annual report for a past year is missing (exit 1 when missing) / 查询年度报告是否缺报").requiredOption("--org <org>", "the organisation").requiredOption("--year <year>", "a past year"),
    `
  tdl report missing --org 4 --year 2025`,
  ).action(
    action(ctx, async (run, o) => {
      const org = parseId(o.org, "--org");
      const year = parseUint(o.year, "--year", 65535);
      const sup = await run.contract(S);
      const [missing, hash] = await onChain("annual report", () => Promise.all([sup.isAnnualReportMissing(org, year), sup.annualReport(org, year)]));
      const filed = /^0x0+$/.test(hash) ? undefined : hash;
      if (missing) return run.notHolding(bi(`organisation ${org} has not filed its annual report for ${year}`, `单位 ${org} 未报送 ${year} 年度报告`), { org, year, missing });
      return run.ok(
        filed ? bi(`organisation ${org} filed its annual report for ${year}`, `单位 ${org} 已报送 ${year} 年度报告`) : bi(`the report of organisation ${org} for ${year} is not due yet`, `单位 ${org} 的 ${year} 年度报告尚未到期`),
        { org, year, missing, reportHash: filed },
      );
    }),
  );
}

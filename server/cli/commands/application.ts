import type { Command } from "commander";
import { onChain } from "../../chain";
import { bitNames, FINDINGS } from "../../vocabulary";
import { label } from "../../vocabulary";
import { TdlError } from "../../errors";
import { collect, eitherFlag, parseBits, parseChoice, parseDocument, parseFieldMask, parseId, parseKeyText } from "../arguments";
import { action, withExamples, type CliContext } from "../context";
import { isoTime, shortHash } from "../output";
import { transact } from "../send";
import { bi } from "../i18n";
import { DOC_HELP, FINDING_NAMES, PURPOSES } from "./words";

const A = "DataApplications";

/** "<resource>:<mask>" pairs, sorted by resource id as the contract requires. */
function parseScope(values: string[]): { resources: number[]; fieldMasks: bigint[] } {
  if (values.length === 0) throw new TdlError("MALFORMED_INPUT", "give at least one --resource <id>:<fields>");
  const pairs = values.map((v) => {
    const i = v.indexOf(":");
    if (i < 0) throw new TdlError("MALFORMED_INPUT", `--resource ${v}: write <id>:<fields>, e.g. 3:0-4 or 3:0x1f`);
    return { id: parseId(v.slice(0, i), "--resource"), mask: parseFieldMask(v.slice(i + 1), `--resource ${v}`) };
  });
  pairs.sort((a, b) => a.id - b.id);
  return { resources: pairs.map((p) => p.id), fieldMasks: pairs.map((p) => p.mask) };
}

/** tdl application: a developer's data application for one scenario, and its two reviews (Art. 17-18). */
export function register(program: Command, ctx: CliContext): void {
  const app = program.command("application").description("data applications per scenario: the developer applies, the operator reviews first (初审), the bureau reviews last (终审) / 数据申请");

  withExamples(
    app
      .command("submit")
      .description("apply for data for one scenario with the minimum necessary fields (a qualified developer) / 提交数据申请")
      .requiredOption("--scenario <name>", "the one scenario, e.g. \"普惠金融信用评估 inclusive-finance credit\" (recorded by hash)")
      .requiredOption("--resource <id:fields>", "a resource and its fields: 3:0-4,7 or 3:0x9f; repeat per resource", collect, [])
      .requiredOption("--plan <doc>", `scope, scenario, market research, technical route, expected results, revenue sharing; ${DOC_HELP}`)
      .requiredOption("--purpose <purpose>", "public-interest | commercial (公益 | 商业)")
      .option("--fuses-social-data", "the development fuses social data (needs the operator's confirmation)"),
    `
  tdl application submit --scenario "普惠金融信用评估" --resource 1:0-5 --resource 2:0,2 \\
      --plan @plan.pdf --purpose commercial --key bank-chen`,
  ).action(
    action(ctx, async (run, o) => {
      const { resources, fieldMasks } = parseScope(o.resource as string[]);
      const purpose = parseChoice(o.purpose, "--purpose", PURPOSES);
      const args = [parseKeyText(o.scenario, "--scenario"), resources, fieldMasks, await parseDocument(o.plan, "--plan"), purpose, o.fusesSocialData === true];
      return transact(run, A, "submit", args, (id) => bi(`data application ${id ?? "?"} submitted for scenario "${String(o.scenario)}"`, `已提交数据申请 ${id ?? "?"}（场景“${String(o.scenario)}”）`), "ApplicationSubmitted");
    }),
  );

  withExamples(
    app
      .command("review")
      .description("the operator's first review (初审): feasibility, compliance, risk, value; approval needs all four / 运营主体初审")
      .argument("<id>", "application id")
      .option("--approve", "approve (all four findings passed)")
      .option("--reject", "reject (ends the application)")
      .option("--findings <list>", `findings passed: all, or a comma list of ${FINDING_NAMES.join(", ")}`, "all")
      .requiredOption("--report <doc>", DOC_HELP),
    `
  tdl application review 1 --approve --report @first-review.pdf --key operator-li
  tdl application review 2 --reject --findings feasibility,value --report "合规性不足" --key operator-li`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const aid = parseId(id, "<id>");
      const approved = eitherFlag(o, "approve", "reject");
      const findings = parseBits(o.findings, "--findings", FINDING_NAMES);
      return transact(run, A, "firstReview", [aid, approved, findings, await parseDocument(o.report, "--report")], () =>
        bi(`first review of application ${aid}: ${approved ? "approved" : "rejected"}`, `数据申请 ${aid} 初审${approved ? "通过" : "未通过"}`),
      );
    }),
  );

  withExamples(
    app
      .command("final-review")
      .description("the bureau's final review (终审) / 实施机构终审")
      .argument("<id>", "application id")
      .option("--approve")
      .option("--reject")
      .requiredOption("--report <doc>", DOC_HELP),
    `
  tdl application final-review 1 --approve --report @final-review.pdf --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const aid = parseId(id, "<id>");
      const approved = eitherFlag(o, "approve", "reject");
      return transact(run, A, "finalReview", [aid, approved, await parseDocument(o.report, "--report")], () =>
        bi(`final review of application ${aid}: ${approved ? "approved" : "rejected"}`, `数据申请 ${aid} 终审${approved ? "通过" : "未通过"}`),
      );
    }),
  );

  withExamples(
    app.command("confirm-fusion").description("the operator confirms the fusion of social data (Art. 18) / 确认融合社会数据").argument("<id>", "application id").requiredOption("--confirmation <doc>", DOC_HELP),
    `
  tdl application confirm-fusion 3 --confirmation @fusion.pdf --key operator-li`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const aid = parseId(id, "<id>");
      return transact(run, A, "confirmFusion", [aid, await parseDocument(o.confirmation, "--confirmation")], () => bi(`fusion of social data confirmed for application ${aid}`, `已确认数据申请 ${aid} 的社会数据融合`));
    }),
  );

  withExamples(
    app.command("show").description("an application: scope, purpose, state and findings / 查看数据申请").argument("<id>", "application id"),
    `
  tdl application show 1 --json`,
  ).action(
    action(ctx, async (run, _o, [id]) => {
      const aid = parseId(id, "<id>");
      const apps = await run.contract(A);
      const a = await onChain("application", () => apps.application(aid));
      if (Number(a.state) === 0) return run.notHolding(bi(`there is no application ${aid}`, `不存在数据申请 ${aid}`));
      const masks = await onChain("fieldMask", () => Promise.all(a.resources.map((r) => apps.fieldMask(aid, r))));
      const record = {
        id: aid,
        developer: Number(a.developer),
        state: label("ApplicationState", a.state, "en"),
        purpose: label("Purpose", a.purpose, "en"),
        scenario: a.scenario,
        fusesSocialData: a.fusesSocialData,
        fusionConfirmed: a.fusionConfirmed,
        firstReviewFindings: Number(a.firstReviewFindings),
        submittedAt: Number(a.submittedAt),
        planHash: a.planHash,
        scope: a.resources.map((r, i) => ({ resource: Number(r), fieldMask: `0x${masks[i].toString(16)}` })),
      };
      if (run.json) return run.ok(bi(`application ${aid}`, `数据申请 ${aid}`), { application: record });
      run.table(
        [bi("field", "项目"), bi("value", "内容")],
        [
          [run.say(bi("application", "数据申请")), String(aid)],
          [run.say(bi("developer", "开发主体")), String(record.developer)],
          [run.say(bi("state", "状态")), label("ApplicationState", a.state, run.lang)],
          [run.say(bi("purpose", "用途")), label("Purpose", a.purpose, run.lang)],
          [run.say(bi("scenario", "场景")), shortHash(a.scenario)],
          [run.say(bi("scope", "数据范围")), record.scope.map((s) => `${s.resource}:${s.fieldMask}`).join(" ")],
          [run.say(bi("first-review findings", "初审结论")), bitNames(FINDINGS, a.firstReviewFindings, run.lang)],
          [run.say(bi("social data fused", "融合社会数据")), a.fusesSocialData ? run.say(a.fusionConfirmed ? bi("yes, confirmed", "是，已确认") : bi("yes, unconfirmed", "是，未确认")) : run.say(bi("no", "否"))],
          [run.say(bi("submitted", "提交时间")), isoTime(record.submittedAt)],
        ],
      );
    }),
  );
}

import type { Command } from "commander";
import { label } from "../../vocabulary";
import { onChain } from "../../chain";
import { parseAddress, parseChoice, parseDocument, parseId } from "../arguments";
import { action, withExamples, type CliContext, type Run } from "../context";
import { isoTime, shortHash } from "../output";
import { transact } from "../send";
import { id as textHash } from "ethers";
import { bi } from "../i18n";
import { DOC_HELP, ORG_KINDS } from "./words";

async function orgRow(run: Run, id: number) {
  const orgs = await run.contract("OrganizationRegistry");
  const o = await onChain("organization", () => orgs.organization(id));
  return { id, name: o.name, kind: Number(o.kind), status: Number(o.status), keyCount: Number(o.keyCount), registeredAt: Number(o.registeredAt), creditCodeHash: o.creditCodeHash };
}

/** tdl org: organisations and their staff keys (bureau staff). */
export function register(program: Command, ctx: CliContext): void {
  const org = program.command("org").description("organisations and their staff keys (实施机构 registers; every action names organisation and key) / 单位与工作人员密钥");

  withExamples(
    org
      .command("register")
      .description("register an organisation with its first staff key (bureau staff) / 登记单位")
      .requiredOption("--kind <kind>", `one of ${Object.keys(ORG_KINDS).join(", ")}`)
      .requiredOption("--name <name>", "public name, e.g. \"区市场监督管理局 District Market Regulation\"")
      .requiredOption("--credit-code <code>", "unified social credit code (统一社会信用代码); recorded by hash")
      .requiredOption("--first-key <address>", "the first staff key's address"),
    `
  tdl org register --kind data-source --name "区市场监督管理局" --credit-code 11110000MB0000001X \\
      --first-key 0x90F7...b906 --key bureau-zhang --rpc http://127.0.0.1:8545
  tdl org register --kind 一级运营主体 --name "数据运营公司" --credit-code 91110000MA0000002Y --first-key 0x15d3...6A65 --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o) => {
      const kind = parseChoice(o.kind, "--kind", ORG_KINDS);
      const name = String(o.name);
      const args = [kind, name, textHash(String(o.creditCode)), parseAddress(o.firstKey, "--first-key")];
      return transact(
        run,
        "OrganizationRegistry",
        "registerOrganization",
        args,
        (id) => bi(`organisation ${id ?? "?"} "${name}" registered as ${label("OrgKind", kind, "en")}`, `已登记单位 ${id ?? "?"}“${name}”（${label("OrgKind", kind, "zh")}）`),
        "OrganizationRegistered",
      );
    }),
  );

  for (const [verb, method, en, zh] of [
    ["suspend", "suspendOrganization", "suspended: every check involving it fails at once", "已暂停：涉及该单位的所有校验立即失效"],
    ["reinstate", "reinstateOrganization", "reinstated", "已恢复"],
  ] as const) {
    withExamples(
      org
        .command(verb)
        .description(`${verb} an organisation (bureau staff) / ${verb === "suspend" ? "暂停单位" : "恢复单位"}`)
        .argument("<org>", "organisation id")
        .requiredOption("--reason <doc>", DOC_HELP),
      `
  tdl org ${verb} 7 --reason "${verb === "suspend" ? "安全检查不合格 failed security inspection" : "整改完成 corrected"}" --key bureau-zhang`,
    ).action(
      action(ctx, async (run, o, [id]) => {
        const orgId = parseId(id, "<org>");
        return transact(run, "OrganizationRegistry", method, [orgId, await parseDocument(o.reason, "--reason")], () =>
          bi(`organisation ${orgId} ${en}`, `单位 ${orgId} ${zh}`),
        );
      }),
    );
  }

  withExamples(
    org.command("add-key").description("add a staff key to an organisation (its own staff or the bureau) / 添加工作人员密钥").argument("<org>", "organisation id").argument("<address>", "the new key"),
    `
  tdl org add-key 4 0x9965...A4dc --key operator-li`,
  ).action(
    action(ctx, async (run, _o, [id, address]) => {
      const orgId = parseId(id, "<org>");
      const key = parseAddress(address, "<address>");
      return transact(run, "OrganizationRegistry", "addStaffKey", [orgId, key], () => bi(`key ${key} now acts for organisation ${orgId}`, `密钥 ${key} 现代表单位 ${orgId}`));
    }),
  );

  withExamples(
    org.command("remove-key").description("remove a staff key (its organisation's staff or the bureau) / 移除工作人员密钥").argument("<address>", "the key to remove"),
    `
  tdl org remove-key 0x9965...A4dc --key operator-li`,
  ).action(
    action(ctx, async (run, _o, [address]) => {
      const key = parseAddress(address, "<address>");
      return transact(run, "OrganizationRegistry", "removeStaffKey", [key], () => bi(`key ${key} no longer acts for its organisation`, `密钥 ${key} 不再代表其单位`));
    }),
  );

  withExamples(
    org.command("show").description("an organisation's record and its current qualification / 查看单位").argument("<org>", "organisation id"),
    `
  tdl org show 4
  tdl org show 4 --json --lang zh`,
  ).action(
    action(ctx, async (run, _o, [id]) => {
      const orgId = parseId(id, "<org>");
      const orgs = await run.contract("OrganizationRegistry");
      const count = Number(await onChain("organizationCount", () => orgs.organizationCount()));
      if (orgId > count) return run.notHolding(bi(`there is no organisation ${orgId} (${count} registered)`, `不存在单位 ${orgId}（共登记 ${count} 个）`));
      const row = await orgRow(run, orgId);
      const quals = await run.contract("QualificationRegistry");
      const qualificationId = Number(await onChain("currentQualification", () => quals.currentQualification(orgId)));
      const qualified = await onChain("isQualifiedAt", async () => quals.isQualifiedAt(orgId, await run.now()));
      const result = { ...row, kindName: label("OrgKind", row.kind, "en"), statusName: label("OrgStatus", row.status, "en"), qualificationId, qualifiedNow: qualified };
      if (run.json) return run.ok(bi(`organisation ${orgId}`, `单位 ${orgId}`), { organization: result });
      run.table(
        [bi("field", "项目"), bi("value", "内容")],
        [
          [run.say(bi("id", "编号")), String(orgId)],
          [run.say(bi("name", "名称")), row.name],
          [run.say(bi("kind", "类型")), label("OrgKind", row.kind, run.lang)],
          [run.say(bi("status", "状态")), label("OrgStatus", row.status, run.lang)],
          [run.say(bi("staff keys", "工作人员密钥数")), String(row.keyCount)],
          [run.say(bi("registered", "登记时间")), isoTime(row.registeredAt)],
          [run.say(bi("credit code hash", "信用代码哈希")), shortHash(row.creditCodeHash)],
          [run.say(bi("qualification", "资格")), qualificationId === 0 ? "-" : `${qualificationId} (${run.say(qualified ? bi("qualified now", "当前具备资格") : bi("not qualified now", "当前不具备资格"))})`],
        ],
      );
    }),
  );

  withExamples(
    org.command("list").description("every organisation on the ledger / 单位列表"),
    `
  tdl org list
  tdl org list --json`,
  ).action(
    action(ctx, async (run) => {
      const orgs = await run.contract("OrganizationRegistry");
      const count = Number(await onChain("organizationCount", () => orgs.organizationCount()));
      const rows = [];
      for (let i = 1; i <= count; i++) rows.push(await orgRow(run, i));
      if (run.json) return run.ok(bi(`${count} organisations`, `${count} 个单位`), { organizations: rows });
      run.table(
        [bi("id", "编号"), bi("kind", "类型"), bi("status", "状态"), bi("keys", "密钥"), bi("name", "名称")],
        rows.map((r) => [String(r.id), label("OrgKind", r.kind, run.lang), label("OrgStatus", r.status, run.lang), String(r.keyCount), r.name]),
      );
    }),
  );
}

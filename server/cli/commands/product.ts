import type { Command } from "commander";
import { onChain } from "../../chain";
import { bitNames, RELEASE_CHECKS } from "../../vocabulary";
import { label } from "../../vocabulary";
import { parseBits, parseChoice, parseDocument, parseId } from "../arguments";
import { action, withExamples, type CliContext } from "../context";
import { shortHash } from "../output";
import { transact } from "../send";
import { bi } from "../i18n";
import { registerRun } from "./product-run";
import { CHECK_NAMES, DOC_HELP, PRODUCT_FORMS } from "./words";

const P = "ProductRegistry";

/** tdl product: data products bound to a scenario grant, and their release review (Art. 19-20). */
export function register(program: Command, ctx: CliContext): void {
  const product = program.command("product").description("data products: the developer registers and applies for release; the bureau and a security supervisor review the five checks (Art. 19) / 数据产品");
  registerRun(product, ctx);

  withExamples(
    product
      .command("register")
      .description("register a product bound for life to your live scenario grant (the developer) / 登记数据产品")
      .requiredOption("--grant <id>", "your scenario grant")
      .requiredOption("--form <form>", Object.keys(PRODUCT_FORMS).filter((k) => /^[a-z]/.test(k)).join(" | "))
      .requiredOption("--metadata <doc>", `the product's description; ${DOC_HELP}`)
      .requiredOption("--source <ids...>", "declared data sources: resources inside the grant's scope"),
    `
  tdl product register --grant 2 --form data-verification --metadata @product.json --source 1 2 --key bank-chen`,
  ).action(
    action(ctx, async (run, o) => {
      const grant = parseId(o.grant, "--grant");
      const form = parseChoice(o.form, "--form", PRODUCT_FORMS);
      const sources = (o.source as string[]).map((s) => parseId(s, "--source")).sort((a, b) => a - b);
      return transact(run, P, "registerProduct", [grant, form, await parseDocument(o.metadata, "--metadata"), sources], (id) =>
        bi(`product ${id ?? "?"} (${label("ProductForm", form, "en")}) registered under grant ${grant}`, `已在授权 ${grant} 下登记数据产品 ${id ?? "?"}（${label("ProductForm", form, "zh")}）`), "ProductRegistered");
    }),
  );

  withExamples(
    product.command("version").description("register a new version; it is reviewed again before publication (the developer) / 登记新版本").argument("<id>", "product id").requiredOption("--metadata <doc>", DOC_HELP).requiredOption("--source <ids...>", "declared data sources"),
    `
  tdl product version 1 --metadata @product-v2.json --source 1 2 --key bank-chen`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const pid = parseId(id, "<id>");
      const sources = (o.source as string[]).map((s) => parseId(s, "--source")).sort((a, b) => a - b);
      return transact(run, P, "registerVersion", [pid, await parseDocument(o.metadata, "--metadata"), sources], () => bi(`new version of product ${pid} registered`, `数据产品 ${pid} 已登记新版本`));
    }),
  );

  withExamples(
    product.command("apply").description("apply for release of the current version (the developer) / 申请发布").argument("<id>", "product id"),
    `
  tdl product apply 1 --key bank-chen`,
  ).action(
    action(ctx, async (run, _o, [id]) => {
      const pid = parseId(id, "<id>");
      return transact(run, P, "applyForRelease", [pid], () => bi(`release of product ${pid} applied for`, `已申请发布数据产品 ${pid}`));
    }),
  );

  withExamples(
    product
      .command("review")
      .description("record a release review: bureau staff (bureau review) or a security supervisor (security review); published when both pass all five checks / 发布审核")
      .argument("<id>", "product id")
      .requiredOption("--passed <checks>", `checks passed: all, or a comma list of ${CHECK_NAMES.join(", ")}`)
      .requiredOption("--report <doc>", DOC_HELP),
    `
  tdl product review 1 --passed all --report @bureau-review.pdf --key bureau-zhang
  tdl product review 1 --passed purpose-and-scope,sources-lawful,no-other-risk --report @security.pdf --key cac-sun`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const pid = parseId(id, "<id>");
      const passed = parseBits(o.passed, "--passed", CHECK_NAMES);
      return transact(run, P, "reviewRelease", [pid, passed, await parseDocument(o.report, "--report")], () =>
        bi(`release review of product ${pid} recorded: passed ${bitNames(RELEASE_CHECKS, passed, "en")}`, `已记录数据产品 ${pid} 的发布审核：通过 ${bitNames(RELEASE_CHECKS, passed, "zh")}`),
      );
    }),
  );

  for (const [verb, method, en, zh] of [
    ["suspend", "suspendProduct", "suspended", "已暂停"],
    ["reinstate", "reinstateProduct", "reinstated", "已恢复"],
    ["delist", "delistProduct", "delisted for good", "已永久下架"],
  ] as const) {
    withExamples(
      product.command(verb).description(`${verb} a product (bureau staff) / ${zh}`).argument("<id>", "product id").requiredOption("--reason <doc>", DOC_HELP),
      `
  tdl product ${verb} 1 --reason "..." --key bureau-zhang`,
    ).action(
      action(ctx, async (run, o, [id]) => {
        const pid = parseId(id, "<id>");
        return transact(run, P, method, [pid, await parseDocument(o.reason, "--reason")], () => bi(`product ${pid} ${en}`, `数据产品 ${pid} ${zh}`));
      }),
    );
  }

  withExamples(
    product
      .command("registration")
      .description("record the product's registration number (登记号), or with --exchange the data exchange's (bureau staff) / 登记号")
      .argument("<id>", "product id")
      .argument("<number>", "registration number")
      .option("--exchange", "the licensed exchange's registration number (Art. 20)"),
    `
  tdl product registration 1 "CP-2026-0001" --key bureau-zhang
  tdl product registration 1 "SZ-DEX-88" --exchange --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o, [id, number]) => {
      const pid = parseId(id, "<id>");
      const exchange = o.exchange === true;
      return transact(run, P, "recordRegistration", [pid, String(number), exchange], () =>
        bi(`${exchange ? "exchange " : ""}registration number ${String(number)} recorded for product ${pid}`, `已为数据产品 ${pid} 记录${exchange ? "交易所" : ""}登记号 ${String(number)}`),
      );
    }),
  );

  withExamples(
    product.command("show").description("a product: grant, version, state, reviews, registration, and whether it may be used now / 查看数据产品").argument("<id>", "product id"),
    `
  tdl product show 1`,
  ).action(
    action(ctx, async (run, _o, [id]) => {
      const pid = parseId(id, "<id>");
      const products = await run.contract(P);
      const p = await onChain("product", () => products.product(pid));
      if (Number(p.state) === 0) return run.notHolding(bi(`there is no product ${pid}`, `不存在数据产品 ${pid}`));
      const [denial, grantDenial] = await onChain("usability", async () => products.usability(pid, await run.now()));
      const usable = Number(denial) === 0;
      const record = {
        id: pid,
        developer: Number(p.developer),
        grantId: Number(p.grantId),
        version: Number(p.version),
        form: label("ProductForm", p.form, "en"),
        state: label("ProductState", p.state, "en"),
        bureauReviewed: p.bureauReviewed,
        bureauChecks: Number(p.bureauChecks),
        securityReviewed: p.securityReviewed,
        securityChecks: Number(p.securityChecks),
        registrationNumber: p.registrationNumber,
        exchangeRegistrationNumber: p.exchangeRegistrationNumber,
        sources: p.sources.map(Number),
        metadataHash: p.metadataHash,
        usable,
        grantDenial: label("AccessDenial", grantDenial, "en"),
      };
      if (run.json) return run.ok(bi(`product ${pid}`, `数据产品 ${pid}`), { product: record });
      run.table(
        [bi("field", "项目"), bi("value", "内容")],
        [
          [run.say(bi("product", "数据产品")), `${pid} v${record.version}`],
          [run.say(bi("form", "形态")), label("ProductForm", p.form, run.lang)],
          [run.say(bi("developer / grant", "开发主体 / 授权")), `${record.developer} / ${record.grantId}`],
          [run.say(bi("state", "状态")), label("ProductState", p.state, run.lang)],
          [run.say(bi("bureau review", "实施机构审核")), p.bureauReviewed ? bitNames(RELEASE_CHECKS, p.bureauChecks, run.lang) : "-"],
          [run.say(bi("security review", "安全审核")), p.securityReviewed ? bitNames(RELEASE_CHECKS, p.securityChecks, run.lang) : "-"],
          [run.say(bi("sources", "数据来源")), record.sources.join(", ")],
          [run.say(bi("registration / exchange", "登记号 / 交易所登记号")), `${p.registrationNumber || "-"} / ${p.exchangeRegistrationNumber || "-"}`],
          [run.say(bi("usable now", "当前可用")), usable ? run.say(bi("yes", "是")) : `${run.say(bi("no", "否"))}${Number(grantDenial) === 0 ? "" : `: ${label("AccessDenial", grantDenial, run.lang)}`}`],
          [run.say(bi("metadata", "产品说明")), shortHash(p.metadataHash)],
        ],
      );
    }),
  );
}

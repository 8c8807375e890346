import type { Command } from "commander";
import { onChain } from "../../chain";
import { duration } from "../../chain/revert-sentences";
import { ENUM_MEMBERS, Parameter, label } from "../../vocabulary";
import { parseBigUint, parseChoice, parseDuration, parseUint } from "../arguments";
import { action, withExamples, type CliContext } from "../context";
import { transact } from "../send";
import { bi } from "../i18n";
import { PARAMETERS } from "./words";

/** The rules that are counts (the decision threshold, the minimum group sizes); the others are durations. */
const isCount = (parameter: number) => parameter === Parameter.DecisionThreshold || parameter >= Parameter.MinGroupLevel1;

/** A rule's value: a duration for the four durations, a count for the decision threshold and the minimum group sizes. */
export function parseParameterValue(parameter: number, text: unknown): number {
  if (parameter === Parameter.DecisionThreshold) return parseUint(text, "<value>", 1000);
  return isCount(parameter) ? parseUint(text, "<value>") : parseDuration(text);
}

const show = (parameter: number, value: number, lang: "en" | "zh") => (isCount(parameter) ? String(value) : duration(value, lang));

/** tdl param: the bureau's numeric rules (R24), changed only by collective decision. */
export function register(program: Command, ctx: CliContext): void {
  const param = program.command("param").description("the bureau's rules (maximum term, renewal window, re-application bar, notice period, decision threshold, minimum group size per classification level), changed by collective decision / 规则参数");

  withExamples(
    param
      .command("set")
      .description("change a rule; needs the adopted decision (tdl decision id set-parameter <name> <value>) / 经集体决策修改规则")
      .argument("<name>", Object.keys(PARAMETERS).filter((k) => /^[a-z]/.test(k)).join(" | "))
      .argument("<value>", "a duration (5y, 90d, 12h) or, for decision-threshold and min-group-level-N, a number")
      .option("--salt <n>", "the decision's salt", "0"),
    `
  tdl decision id set-parameter notice-period 10d          # the officials approve this id
  tdl param set notice-period 10d --key bureau-zhang
  tdl param set min-group-level-3 30 --key bureau-zhang    # k for level-3 resources (R24)`,
  ).action(
    action(ctx, async (run, o, [name, value]) => {
      const parameter = parseChoice(name, "<name>", PARAMETERS);
      const v = parseParameterValue(parameter, value);
      return transact(run, "OrganizationRegistry", "setParameter", [parameter, v, parseBigUint(o.salt, "--salt")], () =>
        bi(`${label("Parameter", parameter, "en")} set to ${show(parameter, v, "en")} by collective decision`, `${label("Parameter", parameter, "zh")}经集体决策设为${show(parameter, v, "zh")}`),
      );
    }),
  );

  withExamples(
    param.command("show").description("the rules in force / 现行规则"),
    `
  tdl param show --lang zh`,
  ).action(
    action(ctx, async (run) => {
      const orgs = await run.contract("OrganizationRegistry");
      const values = await onChain("parameter", () => Promise.all(ENUM_MEMBERS.Parameter.map((_, p) => orgs.parameter(p))));
      const rows = values.map((v, p) => ({ name: Object.keys(PARAMETERS)[p], value: Number(v), text: show(p, Number(v), run.lang) }));
      if (run.json) return run.ok(bi("rules in force", "现行规则"), { parameters: rows.map(({ name, value }) => ({ name, value })) });
      run.table([bi("rule", "规则"), bi("name", "参数名"), bi("value", "取值")], rows.map((r, p) => [label("Parameter", p, run.lang), r.name, r.text]));
    }),
  );
}

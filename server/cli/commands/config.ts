import type { Command } from "commander";
import { TdlError } from "../../errors";
import { checkSetting, checkSettingName, configPath, profileName, readConfig, SETTING_NAMES, writeConfig } from "../config";
import { action, withExamples, type CliContext, type Run } from "../context";
import { bi } from "../i18n";

/*
 * `tdl config`: the profiles of the config file (config.ts). `set` and `unset` change one setting of one
 * profile and write the file atomically; `get` shows a profile's settings; `use` makes a profile the
 * default. Values are checked before anything is written: a bad value changes nothing.
 */

async function opened(run: Run) {
  const file = configPath(run.ctx.env);
  const config = await readConfig(file);
  const profile = profileName(run.opts.profile, run.ctx.env, config);
  return { file, config, profile, settings: config.profiles[profile] ?? {} };
}

export function register(program: Command, ctx: CliContext): void {
  const config = program
    .command("config")
    .description(`profiles of settings (${SETTING_NAMES.join(", ")}) so commands need fewer flags; a flag or TDL_* variable still wins / 配置档案`);

  withExamples(
    config.command("path").description("print the config file's path (TDL_CONFIG, else ~/.tdl/config.json) / 显示配置文件路径"),
    "  tdl config path",
  ).action(
    action(ctx, async (run) => {
      const file = configPath(run.ctx.env);
      if (run.json) return run.ok(bi("config file", "配置文件"), { path: file });
      run.line(file);
    }),
  );

  withExamples(
    config
      .command("get")
      .argument("[name]", `one setting: ${SETTING_NAMES.join(" | ")}`)
      .description("show the profile's settings, or one of them (exit 1 when it is not set) / 查看配置"),
    `
  tdl config get
  tdl config get node --profile bank`,
  ).action(
    action(ctx, async (run, _opts, [name]) => {
      const { profile, settings } = await opened(run);
      if (name === undefined) {
        if (run.json) return run.ok(bi(`profile ${profile}`, `配置档案 ${profile}`), { profile, settings });
        run.line(`# profile ${profile}`);
        for (const setting of SETTING_NAMES) if (settings[setting] !== undefined) run.line(`${setting} = ${settings[setting]}`);
        return;
      }
      const setting = checkSettingName(String(name));
      const value = settings[setting];
      if (value === undefined) return run.notHolding(bi(`${setting} is not set in profile ${profile}`, `配置档案 ${profile} 未设置 ${setting}`), { profile, name: setting });
      if (run.json) return run.ok(bi(`${setting} = ${value}`, `${setting} = ${value}`), { profile, name: setting, value });
      run.line(value);
    }),
  );

  withExamples(
    config
      .command("set")
      .argument("<name>", `the setting: ${SETTING_NAMES.join(" | ")}`)
      .argument("<value>", "its value (checked before it is written)")
      .description("set one setting of the profile / 设置配置项"),
    `
  tdl config set node http://127.0.0.1:8080
  tdl config set key bank-chen --profile bank
  tdl config set lang zh`,
  ).action(
    action(ctx, async (run, _opts, [name, value]) => {
      const { file, config, profile, settings } = await opened(run);
      const checked = checkSetting(String(name), String(value));
      await writeConfig(file, { ...config, profiles: { ...config.profiles, [profile]: { ...settings, [checked.name]: checked.value } } });
      return run.ok(bi(`${checked.name} = ${checked.value} in profile ${profile} (${file})`, `已设置 ${checked.name} = ${checked.value}（配置档案 ${profile}，${file}）`), { profile, ...checked, path: file });
    }),
  );

  withExamples(
    config.command("unset").argument("<name>", "the setting").description("remove one setting from the profile / 删除配置项"),
    "  tdl config unset rpc",
  ).action(
    action(ctx, async (run, _opts, [name]) => {
      const { file, config, profile, settings } = await opened(run);
      const setting = checkSettingName(String(name));
      const rest = Object.fromEntries(Object.entries(settings).filter(([key]) => key !== setting));
      await writeConfig(file, { ...config, profiles: { ...config.profiles, [profile]: rest } });
      return run.ok(bi(`${setting} removed from profile ${profile}`, `已从配置档案 ${profile} 删除 ${setting}`), { profile, name: setting });
    }),
  );

  withExamples(
    config.command("use").argument("<profile>", "the profile commands use when no --profile or TDL_PROFILE is given").description("choose the default profile / 选择默认配置档案"),
    "  tdl config use bank",
  ).action(
    action(ctx, async (run, _opts, [name]) => {
      const file = configPath(run.ctx.env);
      const config = await readConfig(file);
      const profile = profileName(String(name), {}, config);
      if (config.profiles[profile] === undefined) {
        throw new TdlError("MALFORMED_INPUT", `no profile "${profile}" in ${file}: create it with tdl config set <name> <value> --profile ${profile} / 配置档案不存在`);
      }
      await writeConfig(file, { ...config, profile });
      return run.ok(bi(`profile ${profile} is the default`, `默认配置档案为 ${profile}`), { profile, path: file });
    }),
  );
}

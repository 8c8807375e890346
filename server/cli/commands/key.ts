import type { Command } from "commander";
import { action, withExamples, type CliContext } from "../context";
import { bi } from "../i18n";
import { createKey, importKey, keystoreDir, listKeys, readPassword, readPrivateKey } from "../keystore";

/** tdl key create|import|list: one encrypted keystore per staff member. */
export function register(program: Command, ctx: CliContext): void {
  const key = program
    .command("key")
    .description("staff keys: encrypted JSON keystores, one per staff member (password from a prompt or TDL_PASSWORD, never an argument) / 工作人员密钥");

  withExamples(
    key.command("create").description("create a new random key and store it encrypted / 新建密钥").argument("<name>", "a name for the key, e.g. bureau-zhang"),
    `
  tdl key create bureau-zhang                    # asks for the password twice
  TDL_PASSWORD=... tdl key create operator-li --keystore ./keys`,
  ).action(
    action(ctx, async (run, _opts, [name]) => {
      const dir = keystoreDir(run.opts.keystore, ctx.env);
      const entry = await createKey(dir, String(name), await readPassword(ctx.env, "create", String(name)), ctx.env);
      return run.ok(bi(`key "${entry.name}" created: ${entry.address}, stored in ${entry.file}`, `已新建密钥“${entry.name}”：${entry.address}，保存于 ${entry.file}`), { ...entry });
    }),
  );

  withExamples(
    key
      .command("import")
      .description("store an existing private key, read from stdin or a prompt without echo (never an argument) / 导入私钥")
      .argument("<name>", "a name for the key"),
    `
  tdl key import operator-li                     # asks for the private key, then the password
  printf '%s' "$PRIVATE_KEY" | TDL_PASSWORD=... tdl key import operator-li`,
  ).action(
    action(ctx, async (run, _opts, [name]) => {
      const dir = keystoreDir(run.opts.keystore, ctx.env);
      const privateKey = await readPrivateKey(ctx.stdin);
      const entry = await importKey(dir, String(name), privateKey, await readPassword(ctx.env, "create", String(name)), ctx.env);
      return run.ok(bi(`key "${entry.name}" imported: ${entry.address}, stored in ${entry.file}`, `已导入密钥“${entry.name}”：${entry.address}，保存于 ${entry.file}`), { ...entry });
    }),
  );

  withExamples(
    key.command("list").description("list the keys in the keystore directory (no password needed) / 列出密钥"),
    `
  tdl key list
  tdl key list --keystore ./keys --json`,
  ).action(
    action(ctx, async (run) => {
      const dir = keystoreDir(run.opts.keystore, ctx.env);
      const keys = await listKeys(dir);
      if (run.json) return run.ok(bi(`${keys.length} keys`, `${keys.length} 个密钥`), { dir, keys });
      run.line(run.say(bi(`Keys in ${dir}:`, `${dir} 中的密钥：`)));
      run.table([bi("name", "名称"), bi("address", "地址")], keys.map((k) => [k.name, k.address]));
    }),
  );
}

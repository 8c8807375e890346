import type { Command } from "commander";
import { TdlError } from "../../errors";
import { action, withExamples, type CliContext } from "../context";

/*
 * `tdl completion bash|zsh`: a shell completion script drawn from the program's own command tree, so it
 * cannot fall behind the commands. For each command path it lists the subcommands, else the options
 * (its own and the global ones);
 * zsh runs the same function through bashcompinit.
 */

/** Every command path ("" for tdl itself, "grant show", ...) with the words that may follow it. */
function wordsByPath(root: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const flags = (command: Command): string[] => command.options.flatMap((o) => [o.long, o.short]).filter((flag): flag is string => flag !== undefined);
  const globals = flags(root);
  const visit = (command: Command, path: string): void => {
    const children = command.commands.map((c) => c.name());
    table.set(path, children.length > 0 ? [...children, "--help"] : [...flags(command), ...globals, "--help"]);
    for (const child of command.commands) visit(child, path === "" ? child.name() : `${path} ${child.name()}`);
  };
  visit(root, "");
  return table;
}

export function bashCompletion(root: Command): string {
  const cases = [...wordsByPath(root)].map(([path, words]) => `    "${path}") echo "${words.join(" ")}" ;;`);
  return `# tdl completion for bash: source <(tdl completion bash)
_tdl_words() {
  case "$1" in
${cases.join("\n")}
  esac
}
_tdl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" next i
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ "\${COMP_WORDS[i]}" == -* ]] && continue
    next="\${path:+$path }\${COMP_WORDS[i]}"
    [[ -n "$(_tdl_words "$next")" ]] && path="$next"
  done
  COMPREPLY=($(compgen -W "$(_tdl_words "$path")" -- "$cur"))
}
complete -F _tdl tdl
`;
}

export function zshCompletion(root: Command): string {
  return `#compdef tdl
# tdl completion for zsh: source <(tdl completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(root)}`;
}

export function register(program: Command, ctx: CliContext): void {
  withExamples(
    program
      .command("completion")
      .argument("<shell>", "bash | zsh")
      .description("print a shell completion script for tdl's commands and options / 输出命令补全脚本"),
    `
  source <(tdl completion bash)        # in ~/.bashrc
  source <(tdl completion zsh)         # in ~/.zshrc`,
  ).action(
    action(ctx, async (_run, _opts, [shell]) => {
      if (shell === "bash") ctx.io.out(bashCompletion(program).trimEnd());
      else if (shell === "zsh") ctx.io.out(zshCompletion(program).trimEnd());
      else throw new TdlError("MALFORMED_INPUT", `completion for "${String(shell)}": bash or zsh / 仅支持 bash 或 zsh`);
    }),
  );
}

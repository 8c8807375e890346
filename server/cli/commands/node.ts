import { createWriteStream } from "node:fs";
import type { Command } from "commander";
import { TdlError } from "../../errors";
import { parseFieldMask, parseId, parseKeyText, parseUint } from "../arguments";
import { action, withExamples, type CliContext, type Run } from "../context";
import { claimOutFile, writeOutFile } from "../out-file";
import { bi } from "../i18n";
import { baseUrl, call, callSigningInWhenAsked, signInWithKey } from "../node-client";
import { progressBar } from "../progress";
import { nodeOption } from "../config";

/*
 * The commands that talk to a node over HTTP (server/http): sign in with the keystore key (EIP-4361,
 * Sign-In with Ethereum), request access through the gateway, fetch proof bundles (receipts), read and
 * export the audit history. The chain is never trusted through the node: `tdl verify bundle --rpc`
 * checks what `receipt fetch` brought.
 */

const SUBJECT_KINDS = "organization | key | grant | resource | product | application | qualification | log | decision | incident | order | evaluation";

export function register(program: Command, ctx: CliContext): void {
  // ---- access ----
  const access = program.command("access").description("data access through a node's gateway: every request is checked against the grant and logged, allowed or not / 通过节点访问数据");
  withExamples(
    access
      .command("request")
      .description("sign in with your key, then ask the gateway for one access; prints the decision, its reason and the receipt (exit 1 when denied) / 申请访问")
      .addOption(nodeOption())
      .requiredOption("--grant <id>", "your scenario grant")
      .requiredOption("--scenario <name>", "the scenario (its name, or 0x + 64 hex)")
      .requiredOption("--resource <id>", "the data resource")
      .requiredOption("--fields <fields>", "the fields: 0-3,7 or a 0x mask")
      .option("--operation <op>", "query | compute | download | export ...", "query")
      .option("--request-digest <hex>", "SHA-256 of the request (the node records the digest only); default: of the fields above")
      .option("--receipt-out <file>", "write the signed receipt here"),
    `
  tdl access request --node http://127.0.0.1:8080 --grant 2 --scenario "普惠金融信用评估" \\
      --resource 1 --fields 0-3 --operation query --receipt-out receipt.json --key bank-chen`,
  ).action(
    action(ctx, async (run, o) => {
      const node = baseUrl(o.node);
      const grantId = parseId(o.grant, "--grant");
      const resourceId = parseId(o.resource, "--resource");
      const fields = parseFieldMask(String(o.fields), "--fields");
      const scenario = parseKeyText(o.scenario, "--scenario");
      const operation = String(o.operation);
      const session = await signInWithKey(run, node);
      const body: Record<string, unknown> = { operation, grantId, scenario, resourceId, fields: `0x${fields.toString(16)}` };
      if (o.requestDigest !== undefined) body.requestDigest = String(o.requestDigest);
      else body.request = { operation, grantId, scenario, resourceId, fields: `0x${fields.toString(16)}` };
      const response = await call(node, "/api/v1/access", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${session.token}` },
        body: JSON.stringify(body),
      });
      const result = (await response.json()) as { decision: string; reason: string; message: string; messageZh: string; receipt: { index?: number } & Record<string, unknown> };
      if (o.receiptOut !== undefined) await writeOutFile(String(o.receiptOut), JSON.stringify(result.receipt, null, 2), run.opts.force === true);
      const index = result.receipt.index;
      const where = bi(index === undefined ? "" : ` (log entry ${index}; tdl receipt fetch ${index})`, index === undefined ? "" : `（日志第 ${index} 条；tdl receipt fetch ${index}）`);
      const extra = { decision: result.decision, reason: result.reason, receipt: result.receipt, org: session.org };
      if (result.decision === "allowed") return run.ok(bi(`${result.message}${where.en}`, `${result.messageZh}${where.zh}`), extra);
      return run.notHolding(bi(`denied (${result.reason}): ${result.message}${where.en}`, `拒绝（${result.reason}）：${result.messageZh}${where.zh}`), extra);
    }),
  );

  // ---- receipts ----
  const receipt = program.command("receipt").description("receipts of accesses: proof bundles from a node's log, to check with tdl verify bundle / 访问回执");
  withExamples(
    receipt
      .command("fetch")
      .description("fetch the proof bundle of a log entry (entry, inclusion proof, signed checkpoint, anchor) into a file, signed in with --key as a party of the entry's grant or a supervisor / 获取证明包（以授权当事方或监管部门身份登录）")
      .argument("<index>", "the log entry index (the receipt's index)")
      .addOption(nodeOption())
      .requiredOption("--out <file>", "where to write the bundle (must not exist)"),
    `
  tdl receipt fetch 42 --node http://127.0.0.1:8080 --out bundle-42.json --key bank-chen
  tdl verify bundle bundle-42.json --rpc http://127.0.0.1:8545`,
  ).action(
    action(ctx, async (run, o, [index]) => {
      const i = parseUint(index, "<index>", Number.MAX_SAFE_INTEGER);
      const text = await (await callSigningInWhenAsked(run, baseUrl(o.node), `/api/v1/log/bundles/${i}`)).text();
      await writeOutFile(String(o.out), text.trimEnd(), run.opts.force === true);
      return run.ok(bi(`proof bundle of entry ${i} written to ${String(o.out)}; check it with: tdl verify bundle ${String(o.out)} --rpc <url>`, `第 ${i} 条的证明包已写入 ${String(o.out)}；核验：tdl verify bundle ${String(o.out)} --rpc <url>`), { index: i, file: o.out });
    }),
  );

  // ---- history and export (supervisors) ----
  withExamples(
    program
      .command("history")
      .description("the on-chain history of an organisation, key, grant, resource, product... as a node indexed it (bureau and supervisors sign in) / 链上历史")
      .argument("<kind>", SUBJECT_KINDS)
      .argument("<id>", "decimal id, or 0x address / hash")
      .addOption(nodeOption())
      .option("--limit <n>", "events per page", "100")
      .option("--all", "follow every page"),
    `
  tdl history grant 2 --node http://127.0.0.1:8080 --key cac-sun
  tdl history organization 6 --node http://127.0.0.1:8080 --all --json --key cac-sun`,
  ).action(
    action(ctx, async (run, o, [kind, id]) => {
      const node = baseUrl(o.node);
      const session = await signInWithKey(run, node);
      const events: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      do {
        const q = new URLSearchParams({ limit: String(parseUint(o.limit, "--limit", 1000)) });
        if (cursor) q.set("cursor", cursor);
        const page = (await (await call(node, `/api/v1/history/${encodeURIComponent(String(kind))}/${encodeURIComponent(String(id))}?${q}`, { headers: { authorization: `Bearer ${session.token}` } })).json()) as {
          events: Record<string, unknown>[];
          next: string | null;
        };
        events.push(...page.events);
        cursor = o.all === true ? page.next : null;
      } while (cursor);
      if (run.json) return run.ok(bi(`${events.length} events of ${String(kind)} ${String(id)}`, `${String(kind)} ${String(id)} 的 ${events.length} 条事件`), { events });
      run.table(
        [bi("block", "区块"), bi("time", "时间"), bi("contract", "合约"), bi("event", "事件"), bi("by key", "操作密钥")],
        events.map((e) => {
          const args = (e.args ?? {}) as Record<string, unknown>;
          return [String(e.blockNumber), new Date(Number(e.blockTimestamp) * 1000).toISOString().replace(/\.000Z$/, "Z"), String(e.contract), String(e.event), String(args.byKey ?? args.official ?? args.signer ?? "-")];
        }),
      );
      return run.ok(bi(`${events.length} events of ${String(kind)} ${String(id)}`, `${String(kind)} ${String(id)} 的 ${events.length} 条事件`));
    }),
  );

  withExamples(
    program
      .command("export")
      .description("stream the whole history of a subject into a file as JSON Lines or CSV, with a progress bar on stderr / 导出历史")
      .argument("<kind>", SUBJECT_KINDS)
      .argument("<id>", "decimal id, or 0x address / hash")
      .addOption(nodeOption())
      .requiredOption("--out <file>", "where to write (must not exist)")
      .option("--format <format>", "jsonl | csv", "jsonl")
      .option("--no-progress", "no progress bar"),
    `
  tdl export organization 6 --node http://127.0.0.1:8080 --format csv --out org-6.csv --key cac-sun`,
  ).action(
    action(ctx, async (run, o, [kind, id]) => {
      const format = String(o.format);
      if (format !== "jsonl" && format !== "csv") throw new TdlError("MALFORMED_INPUT", "--format must be jsonl or csv");
      const node = baseUrl(o.node);
      const session = await signInWithKey(run, node);
      const response = await call(node, `/api/v1/history/${encodeURIComponent(String(kind))}/${encodeURIComponent(String(id))}/export?format=${format}`, { headers: { authorization: `Bearer ${session.token}` } });
      const out = await claimOutFile(String(o.out), run.opts.force === true);
      const total = Number(response.headers.get("content-length") ?? "0");
      const stream = createWriteStream(out);
      const progress = o.progress !== false ? progressBar(total) : undefined;
      let bytes = 0;
      let lines = 0;
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          for (const b of chunk) if (b === 10) lines++;
          if (!stream.write(chunk)) await new Promise<void>((r) => stream.once("drain", () => r()));
          progress?.(bytes, `${lines} lines`);
        }
      }
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
      progress?.(bytes, `${lines} lines`, true);
      const records = format === "csv" ? Math.max(0, lines - 1) : lines;
      return run.ok(bi(`${records} events of ${String(kind)} ${String(id)} exported to ${String(o.out)} (${bytes} bytes)`, `已将 ${String(kind)} ${String(id)} 的 ${records} 条事件导出至 ${String(o.out)}（${bytes} 字节）`), { file: o.out, events: records, bytes });
    }),
  );
}

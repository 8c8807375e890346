import { readFile } from "node:fs/promises";
import path from "node:path";
import { Option, type Command } from "commander";
import { onChain } from "../../chain";
import { TdlError } from "../../errors";
import { documentHash } from "../../storage/documents";
import { eitherFlag, parseDocument, parseDuration, parseId, parseKeyText, parseTime, parseUint } from "../arguments";
import { action, withExamples, type CliContext, type Run } from "../context";
import { isoTime, shortHash } from "../output";
import { newId, reportSent, sendTx, transact } from "../send";
import { bi, type Bilingual } from "../i18n";
import { baseUrl } from "../node-client";
import { uploadDocuments } from "./doc";
import { registerPublish } from "./resource-publish";
import { DOC_HELP } from "./words";

const C = "DataCatalog";

const CATALOG_DOC_HELP = "0x<64 hex> (its SHA-256), @file or text (SHA-256 of its bytes; uploaded to --node)";

function withVersionOptions(command: Command): Command {
  return command
    .requiredOption("--metadata <doc>", `the catalog entry's metadata document: ${CATALOG_DOC_HELP}`)
    .requiredOption("--field-list <doc>", `the ordered field list (field i is bit i of a field mask): ${CATALOG_DOC_HELP}`)
    .requiredOption("--fields <n>", "number of fields (1-256; fields are only ever appended)")
    .requiredOption("--classification <level>", "分级: 1 (public) .. 4 (most sensitive)")
    .option("--update-interval <duration>", "time between scheduled updates (0: on change)", "1d")
    .addOption(new Option("--node <url>", "store the metadata and field-list documents at this node once the transaction is mined (or TDL_NODE_URL)").env("TDL_NODE_URL"));
}

/** A catalog document as given: its SHA-256, and its bytes unless only the hash was given. */
async function catalogDocument(text: unknown, what: string): Promise<{ hash: string; bytes?: Uint8Array }> {
  const s = String(text ?? "");
  if (s === "") throw new TdlError("MALFORMED_INPUT", `${what}: give a document: 0x<64 hex>, @file, or text`);
  if (/^0x[0-9a-fA-F]{64}$/.test(s)) return { hash: s.toLowerCase() };
  let bytes: Uint8Array;
  try {
    bytes = s.startsWith("@") ? new Uint8Array(await readFile(path.resolve(s.slice(1)))) : new TextEncoder().encode(s);
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `${what}: cannot read ${s.slice(1)}`, { cause });
  }
  return { hash: documentHash(bytes), bytes };
}

/**
 * Sends the catalog transaction, then (sent, not signed offline, with --node) stores the documents it hashes at
 * the node: the catalog holds their hashes by then. The report names each document stored.
 */
async function sendVersion(run: Run, o: Record<string, unknown>, method: string, args: (v: Awaited<ReturnType<typeof version>>) => unknown[], done: (id: number | undefined) => Bilingual) {
  const v = await version(o);
  const sent = await sendTx(run, C, method, args(v));
  const id = sent.mode === "sent" && method === "registerResource" ? newId(sent, "ResourceRegistered") : undefined;
  const documents = [v.metadata, v.fieldList].filter((d): d is { hash: string; bytes: Uint8Array } => d.bytes !== undefined);
  const stored = sent.mode === "sent" && o.node !== undefined ? await uploadDocuments(run, baseUrl(o.node), documents.map((d) => d.bytes)) : [];
  const note = stored.length === 0 ? bi("", "") : bi(`; ${stored.length} document(s) stored at ${String(o.node)}`, `；${stored.length} 份文档已存入 ${String(o.node)}`);
  const message = done(id);
  return reportSent(run, sent, bi(`${message.en}${note.en}`, `${message.zh}${note.zh}`), { ...(id === undefined ? {} : { id }), documents: stored.map((d) => d.hash) });
}

async function version(o: Record<string, unknown>) {
  return {
    metadata: await catalogDocument(o.metadata, "--metadata"),
    fieldList: await catalogDocument(o.fieldList, "--field-list"),
    fieldCount: parseUint(o.fields, "--fields", 256),
    classification: parseUint(o.classification, "--classification", 255),
    updateInterval: parseDuration(o.updateInterval),
  };
}

/** The version as the contract takes it. */
function onChainVersion(v: Awaited<ReturnType<typeof version>>) {
  const { fieldCount, classification, updateInterval } = v;
  return { metadataHash: v.metadata.hash, fieldListHash: v.fieldList.hash, fieldCount, classification, updateInterval, updatedAt: 0 };
}

async function resourceRecord(run: Run, id: number) {
  const catalog = await run.contract(C);
  const r = await onChain("resource", () => catalog.resource(id));
  const v = await onChain("resourceVersion", () => catalog.resourceVersion(id, r.version));
  return {
    id,
    code: r.code,
    source: Number(r.source),
    version: Number(r.version),
    inOperationScope: r.inOperationScope,
    openForDevelopment: r.openForDevelopment,
    registrationNumber: r.registrationNumber,
    fieldCount: Number(v.fieldCount),
    classification: Number(v.classification),
    metadataHash: v.metadataHash,
    updatedAt: Number(v.updatedAt),
  };
}

/** tdl resource / tdl ticket: the unified catalog (数源部门 register and update; the bureau scopes; the operator opens). */
export function register(program: Command, ctx: CliContext): void {
  const resource = program.command("resource").description("data resources in the unified catalog: one data, one source (一数一源) / 数据资源目录");
  registerPublish(resource, ctx);

  withExamples(
    withVersionOptions(resource.command("register").description("register a resource your department is the one source of (数源部门) / 登记数据资源").requiredOption("--code <code>", "the catalog code, unique across all sources")),
    `
  tdl resource register --code SCJG-0001 --metadata @meta.json --field-list @fields.json --fields 12 \\
      --classification 2 --key market-zhao`,
  ).action(
    action(ctx, async (run, o) => {
      const code = String(o.code);
      return sendVersion(run, o, "registerResource", (v) => [parseKeyText(code, "--code"), onChainVersion(v)], (id) => bi(`resource ${id ?? "?"} (${code}) registered`, `已登记数据资源 ${id ?? "?"}（${code}）`));
    }),
  );

  withExamples(
    withVersionOptions(resource.command("update").description("publish a new version; old versions stay readable (the source department) / 更新数据资源").argument("<id>", "resource id")),
    `
  tdl resource update 1 --metadata @meta-v2.json --field-list @fields-v2.json --fields 14 --classification 2 --key market-zhao`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const rid = parseId(id, "<id>");
      return sendVersion(run, o, "updateResource", (v) => [rid, onChainVersion(v)], () => bi(`resource ${rid} updated to a new version`, `数据资源 ${rid} 已发布新版本`));
    }),
  );

  withExamples(
    resource
      .command("scope")
      .description("put resources inside (or take them out of) the operator's authorized scope (bureau staff) / 调整授权运营范围")
      .argument("<ids...>", "resource ids")
      .option("--in", "inside the scope")
      .option("--out", "outside the scope"),
    `
  tdl resource scope 1 2 3 --in --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o, [ids]) => {
      const list = (ids as string[]).map((i) => parseId(i, "<ids>"));
      const inScope = eitherFlag(o, "in", "out");
      return transact(run, C, "setOperationScope", [list, inScope], () =>
        bi(`resources ${list.join(", ")} ${inScope ? "put inside" : "taken out of"} the operator's authorized scope`, `数据资源 ${list.join("、")} 已${inScope ? "纳入" : "移出"}授权运营范围`),
      );
    }),
  );

  for (const [verb, open, en, zh] of [
    ["open", true, "opened for development in the authorized-operation catalog", "已在授权运营目录中开放开发"],
    ["withdraw", false, "withdrawn from the authorized-operation catalog", "已移出授权运营目录"],
  ] as const) {
    withExamples(
      resource.command(verb).description(`${en.split(" in ")[0]} (the qualified operator) / ${zh}`).argument("<id>", "resource id"),
      `
  tdl resource ${verb} 1 --key operator-li`,
    ).action(
      action(ctx, async (run, _o, [id]) => {
        const rid = parseId(id, "<id>");
        return transact(run, C, "setOpenForDevelopment", [rid, open], () => bi(`resource ${rid} ${en}`, `数据资源 ${rid} ${zh}`));
      }),
    );
  }

  withExamples(
    resource.command("registration").description("record the resource's registration number (登记号, Art. 11; bureau staff) / 登记号").argument("<id>", "resource id").argument("<number>", "registration number"),
    `
  tdl resource registration 1 "DJ-2026-0001" --key bureau-zhang`,
  ).action(
    action(ctx, async (run, _o, [id, number]) => {
      const rid = parseId(id, "<id>");
      return transact(run, C, "recordRegistration", [rid, String(number)], () => bi(`registration number ${String(number)} recorded for resource ${rid}`, `已为数据资源 ${rid} 记录登记号 ${String(number)}`));
    }),
  );

  withExamples(
    resource.command("show").description("a resource: its source, current version, classification, scope / 查看数据资源").argument("<id>", "resource id"),
    `
  tdl resource show 1`,
  ).action(
    action(ctx, async (run, _o, [id]) => {
      const r = await resourceRecord(run, parseId(id, "<id>"));
      if (r.version === 0) return run.notHolding(bi(`there is no resource ${r.id}`, `不存在数据资源 ${r.id}`));
      if (run.json) return run.ok(bi(`resource ${r.id}`, `数据资源 ${r.id}`), { resource: r });
      const yes = (b: boolean) => run.say(b ? bi("yes", "是") : bi("no", "否"));
      run.table(
        [bi("field", "项目"), bi("value", "内容")],
        [
          [run.say(bi("resource", "数据资源")), String(r.id)],
          [run.say(bi("code", "目录编码")), shortHash(r.code)],
          [run.say(bi("source department", "数源部门")), String(r.source)],
          [run.say(bi("version", "版本")), `${r.version} (${isoTime(r.updatedAt)})`],
          [run.say(bi("fields", "字段数")), String(r.fieldCount)],
          [run.say(bi("classification", "分级")), String(r.classification)],
          [run.say(bi("in authorized scope", "在授权运营范围内")), yes(r.inOperationScope)],
          [run.say(bi("open for development", "开放开发")), yes(r.openForDevelopment)],
          [run.say(bi("registration number", "登记号")), r.registrationNumber || "-"],
        ],
      );
    }),
  );

  const ticket = program.command("ticket").description("quality tickets: the bureau orders a fix by a deadline; the source department closes it (R3) / 数据质量问题工单");

  withExamples(
    ticket
      .command("open")
      .description("order the source department to fix a quality problem by a deadline (bureau staff) / 下发质量问题工单")
      .argument("<resource>", "resource id")
      .requiredOption("--issue <doc>", DOC_HELP)
      .option("--deadline <time>", "the deadline")
      .option("--within <duration>", "the deadline from now, e.g. 30d", "30d"),
    `
  tdl ticket open 1 --issue "字段缺失 missing values in field 3" --within 15d --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o, [resourceId]) => {
      const rid = parseId(resourceId, "<resource>");
      const deadline = o.deadline !== undefined ? await parseTime(run, o.deadline, "--deadline") : (await run.now()) + parseDuration(o.within);
      return transact(run, C, "openQualityTicket", [rid, await parseDocument(o.issue, "--issue"), deadline], (id) =>
        bi(`quality ticket ${id ?? "?"} opened on resource ${rid}, to fix by ${isoTime(deadline)}`, `已对数据资源 ${rid} 下发质量问题工单 ${id ?? "?"}，整改期限 ${isoTime(deadline)}`), "QualityTicketOpened");
    }),
  );

  withExamples(
    ticket.command("close").description("close a quality ticket with the fix (the source department) / 关闭工单").argument("<id>", "ticket id").requiredOption("--fix <doc>", DOC_HELP),
    `
  tdl ticket close 1 --fix @fix-report.pdf --key market-zhao`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const tid = parseId(id, "<id>");
      return transact(run, C, "closeQualityTicket", [tid, await parseDocument(o.fix, "--fix")], () => bi(`quality ticket ${tid} closed`, `质量问题工单 ${tid} 已关闭`));
    }),
  );

  withExamples(
    ticket.command("show").description("a quality ticket and whether it is overdue / 查看工单").argument("<id>", "ticket id"),
    `
  tdl ticket show 1`,
  ).action(
    action(ctx, async (run, _o, [id]) => {
      const tid = parseId(id, "<id>");
      const catalog = await run.contract(C);
      const t = await onChain("qualityTicket", () => catalog.qualityTicket(tid));
      if (Number(t.state) === 0) return run.notHolding(bi(`there is no quality ticket ${tid}`, `不存在质量问题工单 ${tid}`));
      const overdue = await onChain("isOverdue", () => catalog.isOverdue(tid));
      const state = Number(t.state) === 1 ? (overdue ? bi("open, overdue", "未关闭，已逾期") : bi("open", "未关闭")) : bi("closed", "已关闭");
      return run.ok(bi(`quality ticket ${tid} on resource ${t.resourceId}: ${state.en}, deadline ${isoTime(t.deadline)}`, `数据资源 ${t.resourceId} 的质量问题工单 ${tid}：${state.zh}，期限 ${isoTime(t.deadline)}`), {
        ticket: { id: tid, resourceId: Number(t.resourceId), open: Number(t.state) === 1, overdue, deadline: Number(t.deadline), closedAt: Number(t.closedAt), issueHash: t.issueHash, fixHash: t.fixHash },
      });
    }),
  );
}

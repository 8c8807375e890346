import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { getAddress } from "ethers";
import { grantRecord, onChain, readApplicationScope } from "../../chain";
import { duration } from "../../chain/revert-sentences";
import { label } from "../../vocabulary";
import { denialCode, explain } from "../../access/reasons";
import { TdlError } from "../../errors";
import { grantCertificate, grantCertificateHash, parseGrantCertificate, signGrantCertificate, toJson, type GrantCertificate } from "../../chain/signing";
import { parseBigUint, parseChoice, parseDocument, parseId, parseKeyText, parseTime } from "../arguments";
import { action, withExamples, type CliContext, type Run } from "../context";
import { isoTime, shortHash } from "../output";
import { writeOutFile } from "../out-file";
import { transact } from "../send";
import { bi, type Bilingual } from "../i18n";
import { parseGrantTerms, withTermOptions } from "./grant-terms";
import { DOC_HELP, GROUNDS } from "./words";

const G = "GrantRegistry";
const CERTIFICATE_TYPE = "tdl/grant-certificate@1";

/** Everything the chain says about a grant at `at`: record, liveness and why not, scope. */
async function readGrant(run: Run, grantId: number, at: number) {
  const [grants, applications] = await Promise.all([run.contract(G), run.contract("DataApplications")]);
  const g = grantRecord(await onChain("grant", () => grants.grant(grantId)));
  if (g.status === 0) return undefined;
  const denial = Number(await onChain("denialOf", () => grants.denialOf(grantId, at)));
  const basis = g.application === 0 ? undefined : await readApplicationScope(applications, g.application);
  const parentDenial = g.parent !== 0 && denial === 7 ? Number(await onChain("denialOf", () => grants.denialOf(g.parent, at))) : undefined;
  return {
    id: grantId,
    ...g,
    scenario: basis?.scenario ?? `0x${"00".repeat(32)}`,
    scope: (basis?.resources ?? []).map((r) => ({ resource: r.resourceId, fieldMask: r.fieldMask })),
    denial,
    parentDenial,
  };
}
type GrantView = NonNullable<Awaited<ReturnType<typeof readGrant>>>;

const fields = (mask: bigint): string => {
  const list: number[] = [];
  for (let i = 0; i < 256; i++) if ((mask >> BigInt(i)) & 1n) list.push(i);
  return list.join(",");
};

function jsonGrant(g: GrantView) {
  return {
    ...g,
    statusName: label("GrantStatus", g.status, "en"),
    purposeName: label("Purpose", g.purpose, "en"),
    live: g.denial === 0,
    denialName: denialCode(g.denial),
    scope: g.scope.map((s) => ({ resource: s.resource, fieldMask: `0x${s.fieldMask.toString(16)}`, fields: fields(s.fieldMask) })),
  };
}

/** Why a grant is not live, in plain words (the gateway's own sentences, R16). */
function whyNot(g: GrantView): Bilingual {
  const text = explain(denialCode(g.denial), { grantId: g.id, grantStart: g.start, grantEnd: g.end });
  if (g.parentDenial === undefined) return bi(text.message, text.messageZh);
  const parent = explain(denialCode(g.parentDenial), { grantId: g.parent, grantStart: undefined, grantEnd: undefined });
  return bi(`${text.message} ${parent.message}`, `${text.messageZh}${parent.messageZh}`);
}

/** tdl grant: the two-level grant tree (Art. 9, 18): whole grant to the operator, scenario grants to developers. */
export function register(program: Command, ctx: CliContext): void {
  const grant = program.command("grant").description("grants: the bureau's whole grant to the operator, the operator's scenario grants to developers (一场景一授权); verify one straight against the chain / 授权");

  withExamples(
    withTermOptions(grant.command("issue-whole").description("the bureau's whole-catalog grant to the qualified operator, by collective decision / 整体授权").requiredOption("--operator <org>", "the operator's organisation id"), undefined).option(
      "--salt <n>",
      "the decision's salt",
      "0",
    ),
    `
  tdl decision id issue-whole-grant 4 --start 1767225600 --term 5y --agreement @whole.pdf --fee-terms @fees.pdf
  tdl grant issue-whole --operator 4 --start 1767225600 --term 5y --agreement @whole.pdf --fee-terms @fees.pdf --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o) => {
      const operator = parseId(o.operator, "--operator");
      const terms = await parseGrantTerms(run, o);
      return transact(run, G, "issueWholeGrant", [operator, terms, parseBigUint(o.salt, "--salt")], (id) =>
        bi(`whole grant ${id ?? "?"} issued to operator ${operator}, ${isoTime(terms.start)} to ${isoTime(terms.end)}`, `已向运营主体 ${operator} 签发整体授权 ${id ?? "?"}，期限 ${isoTime(terms.start)} 至 ${isoTime(terms.end)}`), "GrantIssued");
    }),
  );

  withExamples(
    withTermOptions(
      grant
        .command("issue")
        .description("the operator's scenario grant from a finally approved application, under its whole grant / 场景授权")
        .requiredOption("--application <id>", "the approved data application")
        .requiredOption("--parent <grant>", "the operator's whole grant"),
      "now",
    ),
    `
  tdl grant issue --application 1 --parent 1 --term 2y --agreement @agreement.pdf --fee-terms @fees.pdf --key operator-li`,
  ).action(
    action(ctx, async (run, o) => {
      const application = parseId(o.application, "--application");
      const parent = parseId(o.parent, "--parent");
      const terms = await parseGrantTerms(run, o);
      return transact(run, G, "issueScenarioGrant", [application, parent, terms], (id) =>
        bi(`scenario grant ${id ?? "?"} issued on application ${application}, until ${isoTime(terms.end)}`, `已依数据申请 ${application} 签发场景授权 ${id ?? "?"}，有效期至 ${isoTime(terms.end)}`), "GrantIssued");
    }),
  );

  for (const [verb, method, en, zh] of [
    ["suspend", "suspendGrant", "suspended: it and the grants under it stop being live", "已暂停：该授权及其下级授权随即失效"],
    ["reinstate", "reinstateGrant", "reinstated", "已恢复"],
  ] as const) {
    withExamples(
      grant.command(verb).description(`${verb} a grant (its grantor's staff or the bureau) / ${verb === "suspend" ? "暂停授权" : "恢复授权"}`).argument("<id>", "grant id").requiredOption("--reason <doc>", DOC_HELP),
      `
  tdl grant ${verb} 2 --reason "..." --key operator-li`,
    ).action(
      action(ctx, async (run, o, [id]) => {
        const gid = parseId(id, "<id>");
        return transact(run, G, method, [gid, await parseDocument(o.reason, "--reason")], () => bi(`grant ${gid} ${en}`, `授权 ${gid} ${zh}`));
      }),
    );
  }

  withExamples(
    grant
      .command("revoke")
      .description("revoke a grant for a ground of Art. 15 (its grantor's staff or the bureau); history is kept / 撤销授权")
      .argument("<id>", "grant id")
      .requiredOption("--ground <ground>", Object.keys(GROUNDS).filter((k) => /^[a-z]/.test(k)).join(" | "))
      .requiredOption("--reason <doc>", DOC_HELP),
    `
  tdl grant revoke 2 --ground breach --reason @finding.pdf --key bureau-zhang`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const gid = parseId(id, "<id>");
      const ground = parseChoice(o.ground, "--ground", GROUNDS);
      return transact(run, G, "revokeGrant", [gid, ground, await parseDocument(o.reason, "--reason")], () =>
        bi(`grant ${gid} revoked (${label("TerminationReason", ground, "en")})`, `授权 ${gid} 已撤销（${label("TerminationReason", ground, "zh")}）`),
      );
    }),
  );

  withExamples(
    grant.command("list").description("grants, live or not / 授权列表").option("--mine", "only grants held by the --key key's organisation").option("--grantee <org>", "only grants held by this organisation"),
    `
  tdl grant list --mine --key bank-chen
  tdl grant list --grantee 6 --json`,
  ).action(
    action(ctx, async (run, o) => {
      const grants = await run.contract(G);
      const count = Number(await onChain("grantCount", () => grants.grantCount()));
      const grantee = o.mine === true ? await run.myOrg() : o.grantee !== undefined ? parseId(o.grantee, "--grantee") : undefined;
      if (o.mine === true && grantee === 0) throw new TdlError("MALFORMED_INPUT", `key ${await run.keyAddress()} acts for no organisation`);
      const now = await run.now();
      const rows: GrantView[] = [];
      for (let i = 1; i <= count; i++) {
        const g = await readGrant(run, i, now);
        if (g !== undefined && (grantee === undefined || g.grantee === grantee)) rows.push(g);
      }
      if (run.json) return run.ok(bi(`${rows.length} grants`, `${rows.length} 项授权`), { at: now, grants: rows.map(jsonGrant) });
      run.table(
        [bi("grant", "授权"), bi("grantor", "授权方"), bi("grantee", "被授权方"), bi("parent", "上级"), bi("status", "状态"), bi("live now", "当前有效"), bi("until", "有效期至")],
        rows.map((g) => [String(g.id), String(g.grantor), String(g.grantee), g.parent === 0 ? "-" : String(g.parent), label("GrantStatus", g.status, run.lang), g.denial === 0 ? run.say(bi("yes", "是")) : `${run.say(bi("no", "否"))}: ${label("AccessDenial", g.denial, run.lang)}`, isoTime(g.end)]),
      );
    }),
  );

  withExamples(
    grant
      .command("verify")
      .description(
        "straight against the chain, trusting no server: is this grant live, what it covers (resources, fields, scenario), until when, and why not if not; with --certificate also whether the certificate matches the chain and was signed by the grantor / 直接在链上核验授权",
      )
      .argument("<id>", "grant id")
      .option("--certificate <file>", "a grant certificate file (tdl grant certificate) to check against the chain")
      .option("--scenario <name>", "check that the grant is for this scenario")
      .option("--at <time>", "check at this time instead of now"),
    `
  tdl grant verify 2 --rpc http://127.0.0.1:8545
  tdl grant verify 2 --certificate grant-2.json --scenario "普惠金融信用评估" --lang zh
  tdl grant verify 2 --json        # exit 0: live; exit 1: not live (the reason is named)`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const gid = parseId(id, "<id>");
      const at = o.at !== undefined ? await parseTime(run, o.at, "--at") : await run.now();
      const g = await readGrant(run, gid, at);
      if (g === undefined) {
        const text = explain("UNKNOWN_GRANT", { grantId: gid });
        return run.notHolding(bi(text.message, text.messageZh), { grant: { id: gid, live: false, denialName: "UNKNOWN_GRANT" } });
      }
      const problems: Bilingual[] = [];
      let scenarioMatches: boolean | undefined;
      if (o.scenario !== undefined) {
        scenarioMatches = parseKeyText(o.scenario, "--scenario") === g.scenario.toLowerCase();
        if (!scenarioMatches) problems.push(bi(`Grant ${gid} is for another scenario than "${String(o.scenario)}": one scenario, one authorization.`, `授权 ${gid} 不是为场景“${String(o.scenario)}”签发的：一场景一授权。`));
      }
      let certificate: { matchesChain: boolean; signer: string; signedByGrantor: boolean } | undefined;
      if (o.certificate !== undefined) {
        certificate = await checkCertificate(run, gid, String(o.certificate));
        if (!certificate.matchesChain) problems.push(bi("The certificate's contents differ from what the chain records for this grant.", "证书内容与链上记录的该授权不一致。"));
        if (!certificate.signedByGrantor) problems.push(bi(`The certificate was not signed by a current staff key of the grantor (signer ${certificate.signer}).`, `证书并非由授权方现任工作人员密钥签署（签名者 ${certificate.signer}）。`));
      }
      const live = g.denial === 0;
      const result = { at, grant: jsonGrant(g), scenarioMatches, certificate };
      if (!run.json) printGrant(run, g, at);
      if (live && problems.length === 0) {
        return run.ok(
          bi(`grant ${gid} is live until ${isoTime(g.end)} (${duration(Math.max(0, g.end - at), "en")} left)`, `授权 ${gid} 有效，至 ${isoTime(g.end)}（剩余${duration(Math.max(0, g.end - at), "zh")}）`),
          result,
        );
      }
      const reasons = [...(live ? [] : [whyNot(g)]), ...problems];
      return run.notHolding(
        bi(`grant ${gid} ${live ? "is live, but" : "is not live:"} ${reasons.map((r) => r.en).join(" ")}`, `授权 ${gid} ${live ? "有效，但" : "无效："}${reasons.map((r) => r.zh).join("")}`),
        result,
      );
    }),
  );

  withExamples(
    grant.command("show").description("a grant's record and whether it is live now / 查看授权").argument("<id>", "grant id"),
    `
  tdl grant show 1`,
  ).action(
    action(ctx, async (run, _o, [id]) => {
      const gid = parseId(id, "<id>");
      const now = await run.now();
      const g = await readGrant(run, gid, now);
      if (g === undefined) return run.notHolding(bi(`there is no grant ${gid}`, `不存在授权 ${gid}`));
      if (run.json) return run.ok(bi(`grant ${gid}`, `授权 ${gid}`), { at: now, grant: jsonGrant(g) });
      printGrant(run, g, now);
    }),
  );

  withExamples(
    grant
      .command("certificate")
      .description("sign the certificate of a grant as the grantor's staff (EIP-712 GrantCertificate, built from what the chain records) / 签发授权证书")
      .argument("<id>", "grant id")
      .requiredOption("--out <file>", "where to write the certificate (must not exist)"),
    `
  tdl grant certificate 2 --out grant-2.json --key operator-li
  tdl grant verify 2 --certificate grant-2.json`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const gid = parseId(id, "<id>");
      const [grants, applications] = await Promise.all([run.contract(G), run.contract("DataApplications")]);
      const cert = await onChain("grant certificate", () => grantCertificate({ grants, applications }, gid));
      const wallet = await run.wallet();
      const signature = await signGrantCertificate(wallet, cert);
      await writeOutFile(String(o.out), toJson({ type: CERTIFICATE_TYPE, certificate: cert, signer: wallet.address, signature }), run.opts.force === true);
      return run.ok(bi(`certificate of grant ${gid} signed by ${wallet.address} into ${String(o.out)}`, `授权 ${gid} 的证书已由 ${wallet.address} 签署并写入 ${String(o.out)}`), { file: o.out, digest: grantCertificateHash(cert) });
    }),
  );
}

async function checkCertificate(run: Run, gid: number, file: string): Promise<{ matchesChain: boolean; signer: string; signedByGrantor: boolean }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `cannot read ${file}`, { cause });
  }
  let o: { type?: unknown; certificate?: unknown; signer?: unknown; signature?: unknown };
  let cert: GrantCertificate;
  try {
    o = JSON.parse(text) as typeof o;
    cert = parseGrantCertificate(JSON.stringify(o.certificate));
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `${file} is not a grant certificate (tdl grant certificate)`, { cause });
  }
  if (o.type !== CERTIFICATE_TYPE || typeof o.signature !== "string" || typeof o.signer !== "string") throw new TdlError("MALFORMED_INPUT", `${file} is not a grant certificate (tdl grant certificate)`);
  if (cert.value.grantId !== gid) throw new TdlError("MALFORMED_INPUT", `${file} is the certificate of grant ${cert.value.grantId}, not ${gid}`);
  const grants = await run.contract(G);
  const digest = await onChain("grantCertificateDigest", () => grants.grantCertificateDigest(gid));
  const signer = getAddress(o.signer);
  const [signedByGrantor] = await onChain("verifyGrantCertificate", () => grants.verifyGrantCertificate(gid, signer, String(o.signature)));
  return { matchesChain: grantCertificateHash(cert) === digest, signer, signedByGrantor };
}

function printGrant(run: Run, g: GrantView, at: number): void {
  const live = g.denial === 0;
  run.table(
    [bi("field", "项目"), bi("value", "内容")],
    [
      [run.say(bi("grant", "授权")), `${g.id} (${g.parent === 0 ? run.say(bi("whole grant", "整体授权")) : run.say(bi("scenario grant", "场景授权"))})`],
      [run.say(bi("grantor → grantee", "授权方 → 被授权方")), `${g.grantor} → ${g.grantee}`],
      [run.say(bi("parent", "上级授权")), g.parent === 0 ? "-" : String(g.parent)],
      [run.say(bi("status", "状态")), label("GrantStatus", g.status, run.lang)],
      [run.say(bi("live at", "有效性（时点）")), `${live ? run.say(bi("live", "有效")) : `${run.say(bi("not live", "无效"))}: ${label("AccessDenial", g.denial, run.lang)}`} (${isoTime(at)})`],
      [run.say(bi("term", "期限")), `${isoTime(g.start)} .. ${isoTime(g.end)}`],
      [run.say(bi("purpose", "用途")), label("Purpose", g.purpose, run.lang)],
      [run.say(bi("application", "数据申请")), g.application === 0 ? "-" : String(g.application)],
      [run.say(bi("scenario", "场景")), g.parent === 0 ? run.say(bi("whole catalog", "整个授权运营目录")) : shortHash(g.scenario)],
      ...g.scope.map((s) => [`${run.say(bi("resource", "数据资源"))} ${s.resource}`, `${run.say(bi("fields", "字段"))} ${fields(s.fieldMask)} (0x${s.fieldMask.toString(16)})`]),
      [run.say(bi("agreement", "协议")), shortHash(g.agreementHash)],
    ],
  );
}

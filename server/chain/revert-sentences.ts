/*
 * A plain sentence, in English and in Chinese, for every custom error of every contract of the ledger
 * (contracts/interfaces/*.sol, ILedgerErrors.sol, SignedCalls.sol, RFC6962.sol and OpenZeppelin's errors
 * our contracts can raise). Each sentence names the rule that refused, with the policy's requirement
 * number (R1-R24 of REQUIREMENTS.md) where one applies. Pure: no I/O; the decoder in revert.ts feeds it
 * the decoded arguments (uints arrive as bigint).
 */

import { label, type Lang } from "../vocabulary";
import { DATASET_REVERT_TEXTS, MIN_GROUP_FLOOR_TEXT, isMinGroupSize } from "./revert-sentences-datasets";

/** The decoded arguments of a custom error, by name (and position). */
export type RevertArgs = Readonly<Record<string, unknown>>;


export interface RevertText {
  readonly en: (args: RevertArgs) => string;
  readonly zh: (args: RevertArgs) => string;
}

// ==== Labels of the bit sets of contracts/common/Types.sol, in both languages (index = bit) ====

type Labels = { readonly en: readonly string[]; readonly zh: readonly string[] };

/** The ten clauses of Art. 14 (bit i of a clause manifest). */
export const CLAUSES: Labels = {
  en: ["rights and duties", "data scope", "term", "asset ownership", "revenue sharing", "security and emergency duties", "performance evaluation", "breach liability", "exit", "dispute resolution"],
  zh: ["权利义务", "数据范围", "期限", "资产归属", "收益分配", "安全与应急责任", "绩效评估", "违约责任", "退出机制", "争议解决"],
};

/** The four evidence items of a qualification application (Art. 10), by their index in the error. */
const EVIDENCE: Labels = {
  en: ["eligibility (compliance, no major violation, not on the dishonest or tax lists)", "the team", "the data-security system", "the named data-security officer"],
  zh: ["基本条件（合规、无重大违法记录、未列入失信及税收违法名单）", "专业团队", "数据安全保障制度", "数据安全负责人"],
};

/** The four findings of the operator's first review (Art. 17). */
export const FINDINGS: Labels = { en: ["feasibility", "compliance", "risk", "value"], zh: ["可行性", "合规性", "风险", "价值"] };

/** The five checks of a release review (Art. 19). */
export const RELEASE_CHECKS: Labels = {
  en: ["(1) matches the applied purpose and scope", "(2) sources named and lawful", "(3) no raw or sensitive data exposed", "(4) no personal information or trade secret leaked", "(5) no other risk"],
  zh: ["（1）与申请用途和范围一致", "（2）数据来源明确合法", "（3）未暴露原始或敏感数据", "（4）未泄露个人信息或商业秘密", "（5）无其他风险"],
};

/** Names of the bits set in `mask`, joined. */
export function bitNames(table: Labels, mask: unknown, lang: Lang): string {
  const m = BigInt(mask as bigint | number | string);
  const names = table[lang].filter((_, i) => (m >> BigInt(i)) & 1n);
  return names.join(lang === "zh" ? "、" : ", ") || (lang === "zh" ? "无" : "none");
}

const DAY = 86_400;
const YEAR = 365 * DAY;

/** A duration in seconds as people say it: "5 years", "90 days", "3 hours", "42 seconds". */
export function duration(seconds: unknown, lang: Lang): string {
  const s = Number(seconds);
  const unit = (n: number, en: string, zh: string) => (lang === "zh" ? `${n}${zh}` : `${n} ${en}${n === 1 ? "" : "s"}`);
  if (s >= YEAR && s % YEAR === 0) return unit(s / YEAR, "year", "年");
  if (s >= YEAR) {
    const years = Math.round((s / YEAR) * 10) / 10;
    return lang === "zh" ? `约${years}年` : `about ${years} years`;
  }
  if (s >= DAY && s % DAY === 0) return unit(s / DAY, "day", "天");
  if (s >= DAY) {
    const days = Math.round((s / DAY) * 10) / 10;
    return lang === "zh" ? `约${days}天` : `about ${days} days`;
  }
  if (s >= 3600 && s % 3600 === 0) return unit(s / 3600, "hour", "小时");
  return unit(s, "second", "秒");
}

/** A chain time (seconds) as an ISO date-time in UTC. */
export function when(seconds: unknown): string {
  const s = Number(seconds);
  if (!Number.isFinite(s) || s < 0 || s > 253402300799) return `t=${String(seconds)}`;
  return new Date(s * 1000).toISOString().replace(/\.000Z$/, "Z");
}

const short = (hex: unknown): string => {
  const h = String(hex);
  return /^0x[0-9a-fA-F]{64}$/.test(h) ? `${h.slice(0, 10)}…${h.slice(-6)}` : h;
};

// ==== The sentences ====

export const REVERT_TEXTS: Readonly<Record<string, RevertText>> = {
  ...DATASET_REVERT_TEXTS,
  // ---- shared by every registry (ILedgerErrors) ----
  UnknownKey: {
    en: (a) => `Key ${a.key} is not a staff key of any organisation: only registered staff act on the ledger (R17).`,
    zh: (a) => `密钥 ${a.key} 不是任何单位的工作人员密钥：只有已登记的工作人员才能在账本上操作。`,
  },
  OrganizationNotActive: {
    en: (a) => `Organisation ${a.org} is ${label("OrgStatus", a.status, "en")}, so its staff may not act until it is reinstated (R22).`,
    zh: (a) => `单位 ${a.org} 当前状态为“${label("OrgStatus", a.status, "zh")}”，恢复前其工作人员不得操作。`,
  },
  WrongOrganizationKind: {
    en: (a) => `Only ${label("OrgKind", a.expected, "en")} may do this; organisation ${a.org} is ${label("OrgKind", a.actual, "en")}.`,
    zh: (a) => `此操作只能由${label("OrgKind", a.expected, "zh")}进行；单位 ${a.org} 是${label("OrgKind", a.actual, "zh")}。`,
  },
  DecisionNotAdopted: {
    en: (a) => `Collective decision ${short(a.decisionId)} has ${a.approvals} of the ${a.threshold} officials' approvals it needs ("三重一大", R7).`,
    zh: (a) => `集体决策 ${short(a.decisionId)} 仅获 ${a.approvals} 名官员批准，需 ${a.threshold} 名（“三重一大”集体决策）。`,
  },
  DecisionAlreadyExecuted: {
    en: (a) => `Collective decision ${short(a.decisionId)} was already carried out; a new decision needs a new salt.`,
    zh: (a) => `集体决策 ${short(a.decisionId)} 已执行过；新的决策需使用新的 salt。`,
  },

  // ---- signed calls (SignedCalls.sol) and OpenZeppelin ----
  SignatureExpired: {
    en: (a) => `The signature expired at ${when(a.deadline)}; the chain's time is ${when(a.now_)}. Ask the signer to sign again.`,
    zh: (a) => `签名已于 ${when(a.deadline)} 过期（链上时间 ${when(a.now_)}），请签名人重新签名。`,
  },
  SignatureInvalid: {
    en: (a) => `The signature does not verify for ${a.signer}: it was made by another key, for another contract or chain, or the data was changed.`,
    zh: (a) => `签名无法验证为 ${a.signer} 所签：签名密钥、合约或链不符，或内容已被改动。`,
  },
  SignedCallNested: {
    en: () => "A signed call may not contain another signed call.",
    zh: () => "离线签名调用中不得嵌套另一个离线签名调用。",
  },
  InvalidAccountNonce: {
    en: (a) => `This signature's nonce is used up or out of turn for ${a.account} (the lane is at ${a.currentNonce}): it was submitted already, or cancelled.`,
    zh: (a) => `该签名的序号对 ${a.account} 已失效或顺序不对（当前为 ${a.currentNonce}）：它已被提交过，或已被作废。`,
  },
  InvalidShortString: {
    en: () => "A contract name string is malformed (EIP-712 domain).",
    zh: () => "合约名称字符串格式错误（EIP-712 域）。",
  },
  StringTooLong: {
    en: (a) => `The string "${a.str}" is too long for an EIP-712 short string.`,
    zh: (a) => `字符串“${a.str}”过长，超出 EIP-712 短字符串限制。`,
  },

  // ---- OrganizationRegistry ----
  OrgKindNotRegistrable: {
    en: (a) => `An organisation of kind "${label("OrgKind", a.kind, "en")}" cannot be registered: there is exactly one bureau, created at deployment.`,
    zh: (a) => `不能登记“${label("OrgKind", a.kind, "zh")}”类单位：实施机构有且仅有一个，在部署时设立。`,
  },
  OrgCreditCodeTaken: {
    en: (a) => `Organisation ${a.org} is already registered with this unified social credit code; one organisation, one record.`,
    zh: (a) => `该统一社会信用代码已由单位 ${a.org} 登记；一个单位只能登记一次。`,
  },
  OrgUnknown: {
    en: (a) => `No organisation has id ${a.org}.`,
    zh: (a) => `不存在编号为 ${a.org} 的单位。`,
  },
  OrgKeyAlreadyRegistered: {
    en: (a) => `Key ${a.key} already acts for organisation ${a.org}; a key acts for exactly one organisation (R17).`,
    zh: (a) => `密钥 ${a.key} 已属于单位 ${a.org}；一个密钥只能代表一个单位。`,
  },
  OrgKeyManagerUnauthorized: {
    en: (a) => `Key ${a.caller} may not manage the keys of organisation ${a.org}: only its own staff or the bureau may.`,
    zh: (a) => `密钥 ${a.caller} 无权管理单位 ${a.org} 的密钥：只有该单位本身或实施机构可以。`,
  },
  OrgBureauKeysByDecisionOnly: {
    en: () => `Bureau officials are added or removed only by collective decision ("三重一大", R7).`,
    zh: () => "实施机构官员的增减只能通过集体决策（“三重一大”）。",
  },
  OrgTooFewOfficials: {
    en: (a) => `Removing this official would leave ${a.remaining} officials, fewer than the decision threshold of ${a.threshold}.`,
    zh: (a) => `移除该官员后仅剩 ${a.remaining} 名官员，少于集体决策门槛 ${a.threshold}。`,
  },
  OrgNotOfficial: {
    en: (a) => `Key ${a.key} is not a bureau official, so it cannot approve collective decisions.`,
    zh: (a) => `密钥 ${a.key} 不是实施机构官员，不能批准集体决策。`,
  },
  OrgDecisionAlreadyApproved: {
    en: (a) => `Official ${a.official} has already approved decision ${short(a.decisionId)}; each official counts once.`,
    zh: (a) => `官员 ${a.official} 已批准过决策 ${short(a.decisionId)}；每名官员只计一次。`,
  },
  OrgSignaturesBelowThreshold: {
    en: (a) => `${a.provided} signed approvals were given; a collective decision needs at least ${a.threshold} (R7).`,
    zh: (a) => `仅提交了 ${a.provided} 份签名批准；集体决策至少需要 ${a.threshold} 份。`,
  },
  OrgSignerDuplicateOrUnordered: {
    en: (a) => `Signed approvals must come from distinct officials in ascending key order; ${a.signer} repeats or is out of order.`,
    zh: (a) => `签名批准须来自不同官员并按密钥升序排列；${a.signer} 重复或顺序不对。`,
  },
  OrgParameterOutOfRange: {
    en: (a) =>
      isMinGroupSize(a) ? MIN_GROUP_FLOOR_TEXT.en(a) : Number(a.parameter) === 4
        ? `A decision threshold of ${a.value} is not allowed: a collective decision ("三重一大") needs at least 2 officials and at most the number of officials (Art. 12, R24).`
        : `A ${label("Parameter", a.parameter, "en")} of ${duration(a.value, "en")} is not allowed: a rule may be changed but not abolished (never zero), stays within ten years, and a term is at least a day and at most 5 years (Art. 9, 36, R24).`,
    zh: (a) =>
      isMinGroupSize(a) ? MIN_GROUP_FLOOR_TEXT.zh(a) : Number(a.parameter) === 4
        ? `集体决策门槛不能为 ${a.value}：“三重一大”集体决策至少需 2 名官员，且不超过官员人数（第十二条）。`
        : `${label("Parameter", a.parameter, "zh")}不能设为${duration(a.value, "zh")}：规则可以调整但不能取消（不得为零），不超过十年；授权期限至少一天、不超过5年（第九条、第三十六条）。`,
  },
  OrgStatusTransitionInvalid: {
    en: (a) => `Organisation ${a.org} cannot go from ${label("OrgStatus", a.from, "en")} to ${label("OrgStatus", a.to, "en")} (the bureau itself is never suspended).`,
    zh: (a) => `单位 ${a.org} 不能从“${label("OrgStatus", a.from, "zh")}”变为“${label("OrgStatus", a.to, "zh")}”（实施机构本身不可暂停）。`,
  },
  OrgSuspensionHeld: {
    en: (a) => `Organisation ${a.org} is suspended by an open rectification order (${a.holder}); access returns only when the order is confirmed corrected by its deadline (Art. 32, R22).`,
    zh: (a) => `单位 ${a.org} 因未关闭的整改通知（${a.holder}）被暂停；只有在期限内确认整改完成、关闭该通知后才能恢复（第三十二条）。`,
  },
  OrgLedgerContractUnauthorized: {
    en: (a) => `${a.caller} is not a ledger contract the bureau authorized to change organisation status.`,
    zh: (a) => `${a.caller} 不是经实施机构授权可变更单位状态的账本合约。`,
  },

  // ---- QualificationRegistry ----
  QualificationRoleInvalid: {
    en: (a) => `Qualification is for the operator or developers, not for ${label("OrgKind", a.role, "en")}; and each step applies to one of the two only.`,
    zh: (a) => `资格认定只针对一级运营主体或二级开发主体，不适用于${label("OrgKind", a.role, "zh")}；各步骤只适用于其中一类。`,
  },
  QualificationUnknown: {
    en: (a) => `No qualification has id ${a.qualificationId}.`,
    zh: (a) => `不存在编号为 ${a.qualificationId} 的资格申请。`,
  },
  QualificationStateInvalid: {
    en: (a) => `Qualification ${a.qualificationId} is ${label("QualificationState", a.state, "en")}; this step does not apply in that state (R7).`,
    zh: (a) => `资格 ${a.qualificationId} 当前为“${label("QualificationState", a.state, "zh")}”，此步骤不适用于该状态。`,
  },
  QualificationAlreadyPending: {
    en: (a) => `Organisation ${a.org} already has qualification ${a.qualificationId} in procedure or in force.`,
    zh: (a) => `单位 ${a.org} 已有在办或有效的资格 ${a.qualificationId}。`,
  },
  QualificationApplicantBarred: {
    en: (a) => `Organisation ${a.org} was revoked for a violation and may not be qualified again before ${when(a.barredUntil)} (3-year bar, R9).`,
    zh: (a) => `单位 ${a.org} 因违规被撤销资格，${when(a.barredUntil)} 前不得再次申请（三年限制，第十五条）。`,
  },
  QualificationReviewerInvalid: {
    en: (a) => `Organisation ${a.reviewerOrg} may not take this step on qualification ${a.qualificationId}: the bureau reviews the operator; the qualified operator reviews developers (R7).`,
    zh: (a) => `单位 ${a.reviewerOrg} 无权对资格 ${a.qualificationId} 进行此步骤：运营主体由实施机构评审，开发主体由具备资格的运营主体评审。`,
  },
  QualificationNoticeOpen: {
    en: (a) => `The public notice (公示) of qualification ${a.qualificationId} runs until ${when(a.noticeEndsAt)}; it cannot be activated before (R7).`,
    zh: (a) => `资格 ${a.qualificationId} 的公示期至 ${when(a.noticeEndsAt)} 结束，之前不得生效。`,
  },
  QualificationNoticeClosed: {
    en: (a) => `The public notice of qualification ${a.qualificationId} ended at ${when(a.noticeEndsAt)}; objections are no longer taken (R7).`,
    zh: (a) => `资格 ${a.qualificationId} 的公示期已于 ${when(a.noticeEndsAt)} 结束，不再受理异议。`,
  },
  QualificationObjectionsOpen: {
    en: (a) => `Qualification ${a.qualificationId} has ${a.openObjections} unresolved objection(s); the bureau must resolve them before activation (R7).`,
    zh: (a) => `资格 ${a.qualificationId} 尚有 ${a.openObjections} 项异议未处理；实施机构处理后方可生效。`,
  },
  QualificationObjectionUnknown: {
    en: (a) => `Qualification ${a.qualificationId} has no open objection number ${a.objectionIndex}.`,
    zh: (a) => `资格 ${a.qualificationId} 没有编号为 ${a.objectionIndex} 的待处理异议。`,
  },
  QualificationAgreementIncomplete: {
    en: (a) => `The agreement lacks the clauses: ${bitNames(CLAUSES, a.missing, "en")}; an agreement must carry all ten clauses of Art. 14 (R8).`,
    zh: (a) => `协议缺少以下条款：${bitNames(CLAUSES, a.missing, "zh")}；协议须载明第十四条规定的全部十项内容。`,
  },
  QualificationTermInvalid: {
    en: (a) => `A qualification valid until ${when(a.validUntil)} is not allowed: it must end in the future and no later than ${when(a.latestAllowed)} (maximum term, R4).`,
    zh: (a) => `资格有效期不能至 ${when(a.validUntil)}：须晚于当前时间且不晚于 ${when(a.latestAllowed)}（最长期限）。`,
  },
  QualificationOutsideRenewalWindow: {
    en: (a) =>
      `Renewal of qualification ${a.qualificationId} is a new application, filed only between ${when(a.windowOpens)} and its expiry at ${when(a.validUntil)} (Art. 15, R9).`,
    zh: (a) => `资格 ${a.qualificationId} 的续期须重新申请，且只能在 ${when(a.windowOpens)} 至到期日 ${when(a.validUntil)} 之间提出（第十五条）。`,
  },
  QualificationReasonInvalid: {
    en: (a) =>
      `"${label("TerminationReason", a.reason, "en")}" is not a ground for this step: violations (unlawful use, breach, security risk) are revoked, other grounds terminated; expiry only after the term, the holder only on its own request (R9).`,
    zh: (a) =>
      `“${label("TerminationReason", a.reason, "zh")}”不是此操作的法定事由：违规（违法违规使用、违反协议、安全风险）应撤销，其他事由应终止；期满须在期限届满后，持有者只能主动申请终止。`,
  },
  QualificationNotHolder: {
    en: (a) => `Organisation ${a.caller} does not hold qualification ${a.qualificationId}; only the holder may do this.`,
    zh: (a) => `单位 ${a.caller} 不是资格 ${a.qualificationId} 的持有者；只有持有者可以操作。`,
  },

  QualificationEvidenceMissing: {
    en: (a) => `The application lacks its evidence of ${EVIDENCE.en[Number(a.item)] ?? a.item}: eligibility is shown by evidence, not by silence (Art. 10, 12, R5).`,
    zh: (a) => `申请缺少${EVIDENCE.zh[Number(a.item)] ?? a.item}的佐证材料：资格条件须有材料证明（第十条、第十二条）。`,
  },
  QualificationCommitmentMissing: {
    en: (a) => `Qualification ${a.qualificationId} cannot take effect without the data-security commitment letter (Art. 12 (5), 13 (5), R7).`,
    zh: (a) => `资格 ${a.qualificationId} 未提交数据安全承诺书，不能生效（第十二条第五项、第十三条第五项）。`,
  },
  QualificationRecentIncident: {
    en: (a) => `A security incident about organisation ${a.org} was reported on ${when(a.incidentAt)}; it may be qualified only from ${when(a.eligibleFrom)} (no incident in the last 3 years, Art. 10 (4), R5).`,
    zh: (a) => `单位 ${a.org} 于 ${when(a.incidentAt)} 被报告发生安全事件，${when(a.eligibleFrom)} 起方可取得资格（近3年未发生网络安全或数据安全事件，第十条第四项）。`,
  },
  QualificationIncidentSourceInvalid: {
    en: (a) => `${a.caller} is not a ledger contract the bureau authorized; only Supervision records security incidents (Art. 28).`,
    zh: (a) => `${a.caller} 不是主管部门授权的账本合约；只有监督合约可以记录安全事件（第二十八条）。`,
  },

  // ---- DataCatalog ----
  CatalogCodeTaken: {
    en: (a) => `Catalog code ${short(a.code)} is already resource ${a.resourceId}: one data, one source (R2).`,
    zh: (a) => `目录编码 ${short(a.code)} 已被数据资源 ${a.resourceId} 使用：一数一源。`,
  },
  CatalogResourceUnknown: {
    en: (a) => `No data resource has id ${a.resourceId}.`,
    zh: (a) => `不存在编号为 ${a.resourceId} 的数据资源。`,
  },
  CatalogNotSource: {
    en: (a) => `Organisation ${a.caller} is not the source department of resource ${a.resourceId}: only its one source may change it (R2).`,
    zh: (a) => `单位 ${a.caller} 不是数据资源 ${a.resourceId} 的数源部门：只有其唯一数源部门可以修改。`,
  },
  CatalogFieldCountInvalid: {
    en: (a) => `A field count of ${a.fieldCount} is not allowed: it must be 1 to 256 and at least ${a.minimum} (fields are only ever appended).`,
    zh: (a) => `字段数 ${a.fieldCount} 无效：须在1至256之间且不少于 ${a.minimum}（字段只能追加）。`,
  },
  CatalogClassificationInvalid: {
    en: (a) => `Classification level ${a.classification} does not exist: levels run from 1 (public) to 4 (most sensitive) (分类分级, R17).`,
    zh: (a) => `分级 ${a.classification} 不存在：分级为1（公开）至4（最敏感）。`,
  },
  CatalogVersionUnknown: {
    en: (a) => `Resource ${a.resourceId} has no version ${a.version}.`,
    zh: (a) => `数据资源 ${a.resourceId} 没有第 ${a.version} 版。`,
  },
  CatalogTicketUnknown: {
    en: (a) => `No quality ticket has id ${a.ticketId}.`,
    zh: (a) => `不存在编号为 ${a.ticketId} 的质量问题工单。`,
  },
  CatalogTicketClosed: {
    en: (a) => `Quality ticket ${a.ticketId} is already closed.`,
    zh: (a) => `质量问题工单 ${a.ticketId} 已关闭。`,
  },
  CatalogDeadlinePassed: {
    en: (a) => `The deadline ${when(a.deadline)} is not in the future (R3).`,
    zh: (a) => `整改期限 ${when(a.deadline)} 不是未来的时间。`,
  },
  CatalogNotQualifiedOperator: {
    en: (a) => `Organisation ${a.caller} is not a qualified operator at present, so it cannot manage the authorized-operation catalog (R11).`,
    zh: (a) => `单位 ${a.caller} 目前不是具备资格的一级运营主体，不能管理授权运营目录。`,
  },
  CatalogNotInOperationScope: {
    en: (a) => `Resource ${a.resourceId} is outside the operator's authorized scope; the bureau must put it in scope first (R4).`,
    zh: (a) => `数据资源 ${a.resourceId} 不在运营主体的授权范围内；须先由实施机构纳入范围。`,
  },
  CatalogGapUnknown: {
    en: (a) => `No catalog-gap request has id ${a.requestId}.`,
    zh: (a) => `不存在编号为 ${a.requestId} 的目录外数据申请。`,
  },
  CatalogGapResourceInScope: {
    en: (a) => `Resource ${a.resourceId} is already in the authorized scope; no catalog-gap request is needed (R12).`,
    zh: (a) => `数据资源 ${a.resourceId} 已在授权范围内，无需申请目录外数据。`,
  },
  CatalogGapApproverInvalid: {
    en: (a) => `Organisation ${a.caller} may not approve catalog-gap request ${a.requestId}: only the bureau and the named industry authority may (Art. 18, R12).`,
    zh: (a) => `单位 ${a.caller} 无权审批目录外数据申请 ${a.requestId}：只有实施机构和指定的行业主管部门可以。`,
  },
  CatalogGapCompleted: {
    en: (a) => `Catalog-gap request ${a.requestId} is already complete; the resource joined the scope.`,
    zh: (a) => `目录外数据申请 ${a.requestId} 已完成，数据资源已纳入范围。`,
  },

  // ---- DataApplications ----
  ApplicationUnknown: {
    en: (a) => `No data application has id ${a.applicationId}.`,
    zh: (a) => `不存在编号为 ${a.applicationId} 的数据申请。`,
  },
  ApplicationStateInvalid: {
    en: (a) => `Data application ${a.applicationId} is ${label("ApplicationState", a.state, "en")}; this review does not apply now (first review by the operator, then the bureau's final review, R11).`,
    zh: (a) => `数据申请 ${a.applicationId} 当前为“${label("ApplicationState", a.state, "zh")}”，此审核现在不适用（先由运营主体初审，再由实施机构终审）。`,
  },
  ApplicationDeveloperNotQualified: {
    en: (a) => `Organisation ${a.developer} is not a qualified developer at present, so it cannot apply for data (R11).`,
    zh: (a) => `单位 ${a.developer} 目前不是具备资格的二级开发主体，不能申请数据。`,
  },
  ApplicationScopeInvalid: {
    en: (a) => `The data scope is malformed at position ${a.index}: 1 to 16 resources in strictly increasing order, each with one field mask.`,
    zh: (a) => `数据范围在第 ${a.index} 项处格式错误：须为1至16个按编号严格递增的数据资源，每个对应一个字段掩码。`,
  },
  ApplicationResourceNotOpen: {
    en: (a) => `Resource ${a.resourceId} is not open for development in the authorized-operation catalog (R11).`,
    zh: (a) => `数据资源 ${a.resourceId} 未在授权运营目录中开放开发。`,
  },
  ApplicationFieldsInvalid: {
    en: (a) => `Field mask ${a.fieldMask} of resource ${a.resourceId} is empty or names fields beyond its ${a.fieldCount} fields (minimum necessary data, R12).`,
    zh: (a) => `数据资源 ${a.resourceId} 的字段掩码 ${a.fieldMask} 为空或超出其 ${a.fieldCount} 个字段（最小必要原则）。`,
  },
  ApplicationPurposeInvalid: {
    en: () => "An application must state its purpose: public interest or commercial (R15).",
    zh: () => "数据申请须说明用途：公益或产业/商业。",
  },
  ApplicationFindingsIncomplete: {
    en: (a) => `An approving first review needs all four findings passed (feasibility, compliance, risk, value); passed: ${bitNames(FINDINGS, a.findings, "en")} (R11).`,
    zh: (a) => `初审通过须四项审查（可行性、合规性、风险、价值）全部通过；已通过：${bitNames(FINDINGS, a.findings, "zh")}。`,
  },
  ApplicationFusionUnconfirmed: {
    en: (a) => `Data application ${a.applicationId} fuses social data; the operator must confirm the fusion before the final approval (Art. 18, R12).`,
    zh: (a) => `数据申请 ${a.applicationId} 涉及融合社会数据，终审通过前须由运营主体确认。`,
  },
  ApplicationNotQualifiedOperator: {
    en: (a) => `Organisation ${a.caller} is not a qualified operator at present, so it cannot review applications (R11).`,
    zh: (a) => `单位 ${a.caller} 目前不是具备资格的一级运营主体，不能审核数据申请。`,
  },

  // ---- GrantRegistry ----
  GrantUnknown: {
    en: (a) => `No grant has id ${a.grantId}.`,
    zh: (a) => `不存在编号为 ${a.grantId} 的授权。`,
  },
  GrantStatusInvalid: {
    en: (a) => `Grant ${a.grantId} is ${label("GrantStatus", a.status, "en")}; this change does not apply to it (a revoked grant stays revoked).`,
    zh: (a) => `授权 ${a.grantId} 当前为“${label("GrantStatus", a.status, "zh")}”，不适用此变更（已撤销的授权不可恢复）。`,
  },
  GrantNotGrantor: {
    en: (a) => `Organisation ${a.caller} is not the grantor of grant ${a.grantId} (nor the bureau): only the one who granted may suspend, reinstate or revoke it, and only the operator holding the whole grant issues under it (R4, R16).`,
    zh: (a) => `单位 ${a.caller} 不是授权 ${a.grantId} 的授权方（也不是实施机构）：只有授权方可暂停、恢复或撤销，只有持有整体授权的运营主体可在其下授权。`,
  },
  GrantParentNotLive: {
    en: (a) => `The whole grant ${a.parentId} is not live (${label("AccessDenial", a.reason, "en")}), so nothing can be issued under it (R4).`,
    zh: (a) => `整体授权 ${a.parentId} 已失效（${label("AccessDenial", a.reason, "zh")}），不能在其下授权。`,
  },
  GrantParentNotWhole: {
    en: (a) => `Grant ${a.parentId} is itself a scenario grant; scenario grants hang directly under the operator's whole grant, and developers cannot sub-license (R4, R16).`,
    zh: (a) => `授权 ${a.parentId} 本身是场景授权；场景授权只能直接挂在运营主体的整体授权之下，开发主体不得转授权。`,
  },
  GrantApplicationNotApproved: {
    en: (a) => `Data application ${a.applicationId} has not passed the bureau's final review, so no grant can rest on it (R11).`,
    zh: (a) => `数据申请 ${a.applicationId} 未通过实施机构终审，不能据此授权。`,
  },
  GrantApplicationAlreadyGranted: {
    en: (a) => `Data application ${a.applicationId} is already the basis of grant ${a.grantId}; one application, one grant.`,
    zh: (a) => `数据申请 ${a.applicationId} 已据以签发授权 ${a.grantId}；一份申请只能授权一次。`,
  },
  GrantScenarioAlreadyGranted: {
    en: (a) => `Developer ${a.developer} already holds grant ${a.grantId} for this scenario: one scenario, one authorization (一场景一授权, R12).`,
    zh: (a) => `开发主体 ${a.developer} 已持有该场景的授权 ${a.grantId}：一场景一授权。`,
  },
  GrantGranteeNotQualified: {
    en: (a) => `Organisation ${a.grantee} is not qualified at present, so it cannot be granted data (R5, R7).`,
    zh: (a) => `单位 ${a.grantee} 目前不具备资格，不能获得授权。`,
  },
  GrantTermInvalid: {
    en: (a) => `A grant from ${when(a.start)} to ${when(a.end)} is not allowed: the term must end after it starts and in the future.`,
    zh: (a) => `授权期 ${when(a.start)} 至 ${when(a.end)} 无效：结束时间须晚于开始时间且晚于当前时间。`,
  },
  GrantTermTooLong: {
    en: (a) => `The grant's term of ${duration(a.requested, "en")} exceeds the maximum of ${duration(a.maximum, "en")} (R4).`,
    zh: (a) => `授权期限${duration(a.requested, "zh")}超过上限${duration(a.maximum, "zh")}。`,
  },
  GrantTermOutsideParent: {
    en: (a) => `A grant from ${when(a.start)} to ${when(a.end)} outlasts its parent grant (${when(a.parentStart)} to ${when(a.parentEnd)}): a child grant never outlasts its parent (R4).`,
    zh: (a) => `授权期 ${when(a.start)} 至 ${when(a.end)} 超出上级授权期（${when(a.parentStart)} 至 ${when(a.parentEnd)}）：下级授权不得超过上级授权。`,
  },
  GrantResourceOutOfScope: {
    en: (a) => `Resource ${a.resourceId} is no longer open for development in the authorized-operation catalog, so it cannot be granted (R4, R12).`,
    zh: (a) => `数据资源 ${a.resourceId} 已不在授权运营目录中开放开发，不能授权。`,
  },
  GrantAgreementIncomplete: {
    en: (a) => `The agreement lacks the clauses: ${bitNames(CLAUSES, a.missing, "en")}; a grant needs an agreement with all ten clauses of Art. 14 (R8).`,
    zh: (a) => `协议缺少以下条款：${bitNames(CLAUSES, a.missing, "zh")}；授权须以载明第十四条全部十项内容的协议为基础。`,
  },
  GrantOutlivesQualification: {
    en: (a) => `The grant would end on ${when(a.end)}, after organisation ${a.org}'s qualification ends on ${when(a.qualifiedUntil)}: a grant cannot outlive what it rests on (Art. 9, R4).`,
    zh: (a) => `授权将于 ${when(a.end)} 到期，晚于单位 ${a.org} 的资格到期日 ${when(a.qualifiedUntil)}：授权不得超出其所依托资格的期限（第九条）。`,
  },
  GrantSuspendedByHigherAuthority: {
    en: (a) => `Grant ${a.grantId} was suspended by organisation ${a.suspender}; only it or the bureau may lift the suspension, not organisation ${a.caller} (Art. 22, 32, R16).`,
    zh: (a) => `授权 ${a.grantId} 由单位 ${a.suspender} 暂停；只有该单位或区大数据主管部门可以恢复，单位 ${a.caller} 不能（第二十二条、第三十二条）。`,
  },
  GrantReasonInvalid: {
    en: () => "A revocation must name its ground of Art. 15 (R9).",
    zh: () => "撤销授权须说明第十五条规定的事由。",
  },

  // ---- ProductRegistry ----
  ProductUnknown: {
    en: (a) => `No data product has id ${a.productId}.`,
    zh: (a) => `不存在编号为 ${a.productId} 的数据产品。`,
  },
  ProductStateInvalid: {
    en: (a) => `Product ${a.productId} is ${label("ProductState", a.state, "en")}; this step does not apply in that state (R13).`,
    zh: (a) => `数据产品 ${a.productId} 当前为“${label("ProductState", a.state, "zh")}”，此步骤不适用于该状态。`,
  },
  ProductNotDeveloper: {
    en: (a) => `Organisation ${a.caller} did not register product ${a.productId}; only its developer may version it or apply for its release.`,
    zh: (a) => `单位 ${a.caller} 不是数据产品 ${a.productId} 的登记开发主体；只有该开发主体可更新版本或申请发布。`,
  },
  ProductFormInvalid: {
    en: () => "A product must be one of the six forms: data component, model, verification, service, tool or report (Art. 4).",
    zh: () => "数据产品须为六种形态之一：数据组件、数据模型、数据核验、数据服务、数据工具、数据报告。",
  },
  ProductGrantNotLive: {
    en: (a) => `Grant ${a.grantId} is not live (${label("AccessDenial", a.reason, "en")}); a product is only registered or versioned under a live scenario grant (R13).`,
    zh: (a) => `授权 ${a.grantId} 已失效（${label("AccessDenial", a.reason, "zh")}）；数据产品只能在有效的场景授权下登记或更新版本。`,
  },
  ProductGrantNotHeld: {
    en: (a) => `Organisation ${a.caller} does not hold scenario grant ${a.grantId}; a product is bound to its developer's own scenario grant (R13).`,
    zh: (a) => `单位 ${a.caller} 不持有场景授权 ${a.grantId}；数据产品须绑定开发主体自己的场景授权。`,
  },
  ProductSourceOutOfScope: {
    en: (a) => `Resource ${a.resourceId} is not in the scope of grant ${a.grantId}; a product's declared sources must be granted data (R13).`,
    zh: (a) => `数据资源 ${a.resourceId} 不在授权 ${a.grantId} 的范围内；产品声明的数据来源须为已授权数据。`,
  },
  ProductSourcesInvalid: {
    en: () => "A product must declare 1 to 16 data sources, each once, in increasing order of resource id (R13).",
    zh: () => "数据产品须声明1至16个数据来源，不得重复，并按资源编号递增排列。",
  },
  ProductReviewerInvalid: {
    en: (a) => `Organisation ${a.caller} may not review product ${a.productId}: only the bureau and a security supervisor review releases (Art. 19, R13).`,
    zh: (a) => `单位 ${a.caller} 无权审核数据产品 ${a.productId}：发布审核只能由实施机构和安全监管部门进行。`,
  },
  ProductAlreadyReviewed: {
    en: (a) => `This version of product ${a.productId} already has the review of this side (organisation ${a.reviewer}); each side reviews once per version.`,
    zh: (a) => `数据产品 ${a.productId} 的本版本已由该方（单位 ${a.reviewer}）审核过；每方每个版本只审核一次。`,
  },
  ProductChecksInvalid: {
    en: (a) => `Check bits ${a.checks} are not among the five checks of Art. 19 (bits 1 to 16, at most 31).`,
    zh: (a) => `审核项 ${a.checks} 不属于第十九条的五项审核（取值最大为31）。`,
  },

  // ---- Supervision ----
  SupervisionEvaluatorInvalid: {
    en: (a) => `Organisation ${a.caller} may not record evaluations: only the bureau, supervisors and assessors the bureau named may (R19).`,
    zh: (a) => `单位 ${a.caller} 无权记录检查评估：只有实施机构、监管部门和实施机构指定的评估机构可以。`,
  },
  SupervisionKindInvalid: {
    en: () => "An evaluation must be a security inspection, a security evaluation or a capability evaluation (R19).",
    zh: () => "检查评估须为安全检查、安全评估或能力评估之一。",
  },
  SupervisionOrgUnknown: {
    en: (a) => `No organisation has id ${a.org}.`,
    zh: (a) => `不存在编号为 ${a.org} 的单位。`,
  },
  SupervisionSeverityInvalid: {
    en: (a) => `Severity ${a.severity} does not exist: it runs from 1 (minor) to 4 (most severe) (R20).`,
    zh: (a) => `严重程度 ${a.severity} 不存在：取值为1（轻微）至4（最严重）。`,
  },
  SupervisionIncidentUnknown: {
    en: (a) => `No incident has id ${a.incidentId}.`,
    zh: (a) => `不存在编号为 ${a.incidentId} 的安全事件。`,
  },
  SupervisionIncidentStateInvalid: {
    en: (a) => `Incident ${a.incidentId} is ${label("IncidentState", a.state, "en")}; this step does not apply (reported, then handled, then closed; R20).`,
    zh: (a) => `安全事件 ${a.incidentId} 当前为“${label("IncidentState", a.state, "zh")}”，此步骤不适用（先报告，再处置，后关闭）。`,
  },
  SupervisionOrderUnknown: {
    en: (a) => `No rectification order has id ${a.orderId}.`,
    zh: (a) => `不存在编号为 ${a.orderId} 的整改通知。`,
  },
  SupervisionOrderStateInvalid: {
    en: (a) => `Rectification order ${a.orderId} is ${label("RectificationState", a.state, "en")}, no longer open (R22).`,
    zh: (a) => `整改通知 ${a.orderId} 当前为“${label("RectificationState", a.state, "zh")}”，已不在整改中。`,
  },
  SupervisionDeadlineInvalid: {
    en: (a) => `The deadline ${when(a.deadline)} is not in the future (R22).`,
    zh: (a) => `整改期限 ${when(a.deadline)} 不是未来的时间。`,
  },
  SupervisionDeadlinePassed: {
    en: (a) => `Rectification order ${a.orderId} was not corrected by its deadline ${when(a.deadline)}: a late correction does not restore access; the authorization is revoked (Art. 32, R22).`,
    zh: (a) => `整改通知 ${a.orderId} 未在期限 ${when(a.deadline)} 前完成整改：逾期整改不能恢复权限，应取消授权（第三十二条）。`,
  },
  SupervisionNotIssuer: {
    en: (a) => `Rectification order ${a.orderId} was issued by organisation ${a.issuer}; only it or the bureau may close it, not organisation ${a.caller} (Art. 32).`,
    zh: (a) => `整改通知 ${a.orderId} 由单位 ${a.issuer} 下达；只有该单位或区大数据主管部门可以关闭，单位 ${a.caller} 不能（第三十二条）。`,
  },
  SupervisionDeadlineNotPassed: {
    en: (a) => `Rectification order ${a.orderId} runs until ${when(a.deadline)}; revocation is only possible after the deadline has passed uncorrected (R22).`,
    zh: (a) => `整改通知 ${a.orderId} 的期限至 ${when(a.deadline)}；只有逾期未整改才可撤销资格。`,
  },
  SupervisionReportYearInvalid: {
    en: (a) => `An annual report for ${a.year} cannot be filed: the year must be from 2000 to the current year ${a.currentYear} (R21).`,
    zh: (a) => `不能报送 ${a.year} 年度报告：年份须在2000年至当前年份 ${a.currentYear} 之间。`,
  },
  SupervisionReportEmpty: {
    en: () => "A filing needs the hash of its report; the zero hash would read as \"not filed\" (R21).",
    zh: () => "报送须附报告的哈希；零哈希会被视为“未报送”。",
  },
  SupervisionReportAlreadyFiled: {
    en: (a) => `Organisation ${a.org} has already filed its annual report for ${a.year} (R21).`,
    zh: (a) => `单位 ${a.org} 已报送 ${a.year} 年度报告。`,
  },

  // ---- AccessLogAnchor (English sentences as before; tools match on them) ----
  AnchorLogUnknown: {
    en: (a) => `No access log is registered with id ${a.logId}.`,
    zh: (a) => `不存在编号为 ${a.logId} 的访问日志。`,
  },
  AnchorOriginEmpty: {
    en: () => "A log origin must not be empty.",
    zh: () => "日志来源标识不能为空。",
  },
  AnchorOriginTaken: {
    en: (a) => `The origin "${a.origin}" is already registered as log ${a.logId}.`,
    zh: (a) => `来源标识“${a.origin}”已登记为日志 ${a.logId}。`,
  },
  AnchorKeyNotOfNode: {
    en: (a) =>
      Number(a.keyOrg) === 0
        ? `Key ${a.key} is not a staff key of any organisation, so it cannot anchor for organisation ${a.nodeOrg}.`
        : `Key ${a.key} acts for organisation ${a.keyOrg}, not for the node's organisation ${a.nodeOrg}.`,
    zh: (a) =>
      Number(a.keyOrg) === 0
        ? `密钥 ${a.key} 不属于任何单位，不能为单位 ${a.nodeOrg} 锚定日志。`
        : `密钥 ${a.key} 属于单位 ${a.keyOrg}，而非节点所属单位 ${a.nodeOrg}。`,
  },
  AnchorKeyUnauthorized: {
    en: (a) => `Key ${a.key} is not the anchoring key of log ${a.logId}; the bureau registers or rotates that key.`,
    zh: (a) => `密钥 ${a.key} 不是日志 ${a.logId} 的锚定密钥；锚定密钥由实施机构登记或更换。`,
  },
  AnchorLogRetired: {
    en: (a) => `Log ${a.logId} is retired and takes no more anchors.`,
    zh: (a) => `日志 ${a.logId} 已停用，不再接受锚定。`,
  },
  AnchorSizeNotGrowing: {
    en: (a) => `Log ${a.logId} is already anchored at size ${a.lastSize}; a new anchor must be larger than that, not ${a.newSize}.`,
    zh: (a) => `日志 ${a.logId} 已锚定至 ${a.lastSize} 条；新的锚定须大于此数，而非 ${a.newSize}。`,
  },
  AnchorRootZero: {
    en: (a) => `The zero hash is not a tree root (log ${a.logId}).`,
    zh: (a) => `零哈希不是有效的树根（日志 ${a.logId}）。`,
  },
  AnchorInconsistent: {
    en: (a) =>
      `The consistency proof does not show the tree of ${a.newSize} entries extending the anchored tree of ${a.lastSize} entries of log ${a.logId}: the log was rewritten, or the proof is wrong.`,
    zh: (a) => `一致性证明不能表明日志 ${a.logId} 的 ${a.newSize} 条记录树是已锚定的 ${a.lastSize} 条记录树的延续：日志被改写，或证明有误（R17）。`,
  },
  AnchorSizeNotAnchored: {
    en: (a) => `Log ${a.logId} has no root anchored at size ${a.size}.`,
    zh: (a) => `日志 ${a.logId} 没有在 ${a.size} 条处锚定的树根。`,
  },
  AnchorNotLogOrg: {
    en: (a) => `Only organisation ${a.nodeOrg}, which keeps log ${a.logId}, sets its checkpoint key; organisation ${a.actorOrg} cannot (R17).`,
    zh: (a) => `日志 ${a.logId} 的检查点公钥只能由保管该日志的单位 ${a.nodeOrg} 设置，单位 ${a.actorOrg} 无权设置（R17）。`,
  },
  AnchorLogKeyEmpty: {
    en: (a) => `A checkpoint key of log ${a.logId} must not be empty.`,
    zh: (a) => `日志 ${a.logId} 的检查点公钥不能为空。`,
  },
  AnchorLogKeyUnchanged: {
    en: (a) => `That key is already the checkpoint key of log ${a.logId} (key ${a.keyIndex}).`,
    zh: (a) => `该公钥已是日志 ${a.logId} 现行的检查点公钥（第 ${a.keyIndex} 号）。`,
  },
  AnchorLogKeyNone: {
    en: (a) => `Log ${a.logId} has no checkpoint key on chain for size ${a.size}: its checkpoints cannot be trusted yet (R17).`,
    zh: (a) => `日志 ${a.logId} 在链上没有适用于 ${a.size} 条的检查点公钥：其检查点尚不可信（R17）。`,
  },

  // ---- RFC6962 proofs ----
  RFC6962IndexOutOfRange: {
    en: (a) => `Entry index ${a.index} is not below the tree size ${a.size}.`,
    zh: (a) => `记录序号 ${a.index} 不小于树的大小 ${a.size}。`,
  },
  RFC6962ProofLengthInvalid: {
    en: (a) => `The proof has ${a.length} hashes; these sizes need ${a.expected}.`,
    zh: (a) => `证明含 ${a.length} 个哈希，此大小需要 ${a.expected} 个。`,
  },
  RFC6962SizesDecreasing: {
    en: (a) => `Tree size ${a.size2} is smaller than ${a.size1}: a log never shrinks.`,
    zh: (a) => `树的大小 ${a.size2} 小于 ${a.size1}：日志只增不减。`,
  },
};

/** The sentence for a decoded error in a language, or undefined when the error is not ours. */
export function revertSentence(name: string, args: RevertArgs, lang: Lang): string | undefined {
  const text = REVERT_TEXTS[name];
  return text === undefined ? undefined : text[lang](args);
}

import { bitNames, CLAUSES, EVIDENCE, label } from "../vocabulary";
import { when, type RevertText } from "./revert-words";

/*
 * Sentences, in English and in Chinese, for the errors of QualificationRegistry (Art. 10-13, 15; R5-R9).
 * Spread into REVERT_TEXTS by revert-sentences.ts.
 */

export const QUALIFICATION_REVERT_TEXTS: Readonly<Record<string, RevertText>> = {
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
};

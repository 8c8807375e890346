import { bitNames, CLAUSES, FINDINGS, label } from "../vocabulary";
import { duration, short, when, type RevertText } from "./revert-words";

/*
 * Sentences, in English and in Chinese, for the errors of DataCatalog, DataApplications and
 * GrantRegistry (the catalog, one scenario one authorization, the grant tree; Art. 6-9, 14, 17-18).
 * Spread into REVERT_TEXTS by revert-sentences.ts.
 */

export const GRANT_REVERT_TEXTS: Readonly<Record<string, RevertText>> = {
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
};

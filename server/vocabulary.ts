/*
 * The one vocabulary of the ledger's enums and bit sets (contracts/common/Types.sol): each enum's members in order
 * (value = index) and their labels in English and Chinese, in the plan's words (REQUIREMENTS.md).
 * Pure: no I/O, no ethers. The CLI, HTTP, disclosure, revert sentences, scripts and tests take enum
 * values and labels from here; test/server/vocabulary.test.ts checks it against Types.sol.
 */

export type Lang = "en" | "zh";

type Labels = { readonly en: readonly string[]; readonly zh: readonly string[] };

/** The members of every enum of Types.sol, in declaration order. */
export const ENUM_MEMBERS = {
  OrgKind: ["None", "Bureau", "DataSource", "Operator", "Developer", "BusinessSupervisor", "SecuritySupervisor", "IndustryAuthority", "Platform", "Assessor"],
  OrgStatus: ["None", "Active", "Suspended", "Closed"],
  QualificationState: ["None", "Applied", "Reviewed", "Decided", "InNotice", "Active", "Suspended", "Terminated", "Revoked", "Rejected"],
  TerminationReason: ["None", "Expiry", "OwnRequest", "UnlawfulUse", "Breach", "SecurityRisk", "FailedCapabilityAssessment", "ChangeOfLaw"],
  Parameter: ["MaxTerm", "RenewalWindow", "ReapplyBar", "NoticePeriod", "DecisionThreshold", "MinGroupLevel1", "MinGroupLevel2", "MinGroupLevel3", "MinGroupLevel4"],
  Purpose: ["None", "PublicInterest", "Commercial"],
  ApplicationState: ["None", "Submitted", "FirstReviewed", "Approved", "Rejected"],
  GrantStatus: ["None", "Active", "Suspended", "Revoked"],
  AccessDenial: ["None", "UnknownGrant", "KeyNotOfGrantee", "GrantNotYetValid", "GrantExpired", "GrantSuspended", "GrantRevoked", "ParentNotLive", "GranteeNotQualified", "GrantorNotQualified", "OrganizationSuspended", "ResourceOutOfScope", "FieldsOutOfScope", "ResourceWithdrawn"],
  ProductForm: ["None", "DataComponent", "DataModel", "DataVerification", "DataService", "DataTool", "DataReport"],
  ProductState: ["None", "Registered", "InReview", "Published", "Rejected", "Suspended", "Delisted"],
  ProductDenial: ["None", "UnknownProduct", "NotPublished", "Suspended", "Delisted", "GrantNotLive"],
  EvaluationKind: ["None", "SecurityInspection", "SecurityEvaluation", "CapabilityEvaluation"],
  IncidentState: ["None", "Reported", "Handling", "Closed"],
  RectificationState: ["None", "Open", "Corrected", "Revoked"],
} as const;

export type EnumName = keyof typeof ENUM_MEMBERS;

/** `{ Member: value }` of an enum, e.g. `enumValues("OrgKind").Developer === 4`. */
export function enumValues<N extends EnumName>(name: N): { readonly [M in (typeof ENUM_MEMBERS)[N][number]]: number } {
  return Object.fromEntries(ENUM_MEMBERS[name].map((member, i) => [member, i])) as { readonly [M in (typeof ENUM_MEMBERS)[N][number]]: number };
}

export const OrgKind = enumValues("OrgKind");
export const OrgStatus = enumValues("OrgStatus");
export const Purpose = enumValues("Purpose");
export const TerminationReason = enumValues("TerminationReason");
export const Parameter = enumValues("Parameter");

/** The member name of an enum value, or `<Enum>#<n>` for a value the enum does not have. */
export function memberName(name: EnumName, value: unknown): string {
  const list: readonly string[] = ENUM_MEMBERS[name];
  const i = Number(value);
  return Number.isInteger(i) && i >= 0 && i < list.length ? list[i] : `${name}#${String(value)}`;
}

/** The name an enum member goes by in JSON: lower camel case ("DataSource" -> "dataSource"). */
export function jsonName(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

const JSON_NAMES = Object.fromEntries(Object.entries(ENUM_MEMBERS).map(([name, members]) => [name, Object.freeze(members.map(jsonName))])) as Record<EnumName, readonly string[]>;

/** The JSON names of an enum's members, index = value ("none", "bureau", "dataSource", ...). */
export function jsonNames<N extends EnumName>(name: N): readonly string[] {
  return JSON_NAMES[name];
}

/** Labels of the enums (index = enum value), in both languages. */
export const LABELS = {
  OrgKind: {
    en: ["no kind", "the bureau (implementing agency)", "a data-source department", "the operator", "a developer", "a business supervisor", "a security supervisor", "an industry authority", "a big-data platform", "an assessor"],
    zh: ["未知类型", "实施机构（区大数据主管部门）", "数源部门", "一级运营主体", "二级开发主体", "业务监管部门", "安全监管部门", "行业主管部门", "大数据平台", "第三方评估机构"],
  },
  OrgStatus: { en: ["unregistered", "active", "suspended", "closed"], zh: ["未登记", "正常", "已暂停", "已注销"] },
  QualificationState: {
    en: ["none", "applied", "reviewed", "decided", "in public notice", "active", "suspended", "terminated", "revoked", "rejected"],
    zh: ["无", "已申请", "已评审", "已决定", "公示中", "有效", "已暂停", "已终止", "已撤销", "已驳回"],
  },
  TerminationReason: {
    en: ["no reason", "expiry", "own request", "unlawful use", "breach of the agreement", "security risk", "failed capability assessment", "change of law"],
    zh: ["无理由", "期满", "主动申请", "违法违规使用", "违反协议", "安全风险", "能力评估不合格", "法律法规变化"],
  },
  Parameter: {
    en: ["maximum term", "renewal window", "re-application bar", "public notice period", "decision threshold", "minimum group size, level 1", "minimum group size, level 2", "minimum group size, level 3", "minimum group size, level 4"],
    zh: ["最长期限", "续期申请窗口", "重新申请限制期", "公示期", "集体决策门槛", "一级数据最小聚合行数", "二级数据最小聚合行数", "三级数据最小聚合行数", "四级数据最小聚合行数"],
  },
  Purpose: { en: ["no purpose", "public interest", "commercial"], zh: ["未指定", "公益", "产业/商业"] },
  ApplicationState: {
    en: ["none", "submitted", "first-reviewed by the operator", "approved by the bureau", "rejected"],
    zh: ["无", "已提交", "运营主体已初审", "实施机构已终审通过", "已驳回"],
  },
  GrantStatus: { en: ["none", "active", "suspended", "revoked"], zh: ["无", "有效", "已暂停", "已撤销"] },
  ProductDenial: {
    en: ["usable", "no such product", "not published", "suspended", "delisted", "its grant is not live"],
    zh: ["可用", "无此产品", "未发布", "已暂停", "已下架", "所依授权不在有效状态"],
  },
  AccessDenial: {
    en: [
      "live",
      "no such grant",
      "the key does not act for the grantee",
      "its term has not started",
      "its term has ended",
      "it is suspended",
      "it is revoked",
      "the grant above it is not live",
      "the grantee is not qualified",
      "the grantor is not qualified",
      "an organisation party to it is suspended or closed",
      "the resource is outside its scope",
      "the fields are outside its scope",
      "the resource left the authorized-operation catalog",
    ],
    zh: [
      "有效",
      "授权不存在",
      "该密钥不属于被授权单位",
      "授权期尚未开始",
      "授权期已届满",
      "授权已暂停",
      "授权已撤销",
      "上级授权已失效",
      "被授权单位不具备资格",
      "授权单位不具备资格",
      "一方单位已暂停或注销",
      "数据资源不在授权范围内",
      "字段超出授权范围",
      "数据资源已移出授权运营目录",
    ],
  },
  ProductForm: {
    en: ["no form", "data component", "data model", "data verification", "data service", "data tool", "data report"],
    zh: ["未指定", "数据组件", "数据模型", "数据核验", "数据服务", "数据工具", "数据报告"],
  },
  ProductState: {
    en: ["none", "registered", "in review", "published", "rejected", "suspended", "delisted"],
    zh: ["无", "已登记", "审核中", "已发布", "已驳回", "已暂停", "已下架"],
  },
  EvaluationKind: {
    en: ["no kind", "security inspection", "security evaluation", "capability evaluation"],
    zh: ["未指定", "安全检查", "安全评估", "能力评估"],
  },
  IncidentState: { en: ["none", "reported", "being handled", "closed"], zh: ["无", "已报告", "处置中", "已关闭"] },
  RectificationState: { en: ["none", "open", "corrected", "revoked"], zh: ["无", "整改中", "已整改", "已撤销"] },
} as const satisfies Record<string, Labels>;

/** A label as a noun on its own, for tables and badges: "a developer" -> "developer". */
export function noun(label: string): string {
  return label.replace(/^(a|an|the) /, "");
}

/** The label of an enum value in a language; an unknown value shows as "#<n>". */
export function label(kind: keyof typeof LABELS, value: unknown, lang: Lang): string {
  const list: readonly string[] = LABELS[kind][lang];
  const i = Number(value);
  return Number.isInteger(i) && i >= 0 && i < list.length ? list[i] : `#${String(value)}`;
}

// ==== The bit sets of contracts/common/Types.sol, in both languages (index = bit) ====

/** The ten clauses of Art. 14 (bit i of a clause manifest). */
export const CLAUSES: Labels = {
  en: ["rights and duties", "data scope", "term", "asset ownership", "revenue sharing", "security and emergency duties", "performance evaluation", "breach liability", "exit", "dispute resolution"],
  zh: ["权利义务", "数据范围", "期限", "资产归属", "收益分配", "安全与应急责任", "绩效评估", "违约责任", "退出机制", "争议解决"],
};

/** The four evidence items of a qualification application (Art. 10), by their index in the error. */
export const EVIDENCE: Labels = {
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

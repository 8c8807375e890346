import { ENUM_MEMBERS, jsonName, LABELS, noun } from "../../server/vocabulary";

/**
 * The plan's words (REQUIREMENTS.md), Chinese first: the chain's enums from server/vocabulary.ts (the one
 * source the CLI and the node use too), and the dashboard's own short names of reasons and events.
 */

type Terms = Readonly<Record<string, readonly [string, string]>>;

/** An enum's words keyed by the JSON name of each member ("dataSource"), from the one vocabulary. */
function enumTerms(name: keyof typeof LABELS): Terms {
  const { zh, en } = LABELS[name];
  return Object.fromEntries(ENUM_MEMBERS[name].map((member, i) => [jsonName(member), [zh[i], noun(en[i])] as const]));
}

export const ORG_KINDS = enumTerms("OrgKind");
export const ORG_STATUSES = enumTerms("OrgStatus");
export const QUALIFICATION_STATES = enumTerms("QualificationState");
export const PURPOSES = enumTerms("Purpose");
export const PRODUCT_FORMS = enumTerms("ProductForm");
export const PRODUCT_STATES = enumTerms("ProductState");

export const CLASSIFICATION: Terms = {
  "1": ["一级（公开）", "level 1 (public)"],
  "2": ["二级", "level 2"],
  "3": ["三级", "level 3"],
  "4": ["四级（最敏感）", "level 4 (most sensitive)"],
};

/** Short names of the gateway's reason codes (server/access/reasons.ts holds the full sentences). */
export const REASON_SHORT: Terms = {
  ALLOWED: ["允许", "allowed"],
  UNKNOWN_GRANT: ["无此授权", "unknown grant"],
  KEY_NOT_OF_GRANTEE: ["非被授权单位密钥", "key not of grantee"],
  GRANT_NOT_YET_VALID: ["授权未生效", "grant not yet valid"],
  GRANT_EXPIRED: ["授权已过期", "grant expired"],
  GRANT_SUSPENDED: ["授权已暂停", "grant suspended"],
  GRANT_REVOKED: ["授权已撤销", "grant revoked"],
  PARENT_NOT_LIVE: ["上级授权失效", "parent grant not live"],
  GRANTEE_NOT_QUALIFIED: ["被授权方无资格", "grantee not qualified"],
  GRANTOR_NOT_QUALIFIED: ["授权方无资格", "grantor not qualified"],
  ORGANIZATION_SUSPENDED: ["单位已暂停", "organisation suspended"],
  RESOURCE_OUT_OF_SCOPE: ["资源超出范围", "resource out of scope"],
  FIELDS_OUT_OF_SCOPE: ["字段超出范围", "fields out of scope"],
  RESOURCE_WITHDRAWN: ["资源已移出目录", "resource withdrawn"],
  UNKNOWN_DENIAL: ["未知拒绝原因", "unknown denial"],
  RAW_EXPORT_REFUSED: ["拒绝原始数据导出", "raw export refused"],
  SCENARIO_MISMATCH: ["场景不符", "scenario mismatch"],
  OPERATION_NOT_COVERED: ["操作不在授权内", "operation not covered"],
  UNKNOWN_OPERATION: ["未知操作", "unknown operation"],
};

export const EVENTS: Terms = {
  OrganizationRegistered: ["单位登记", "organisation registered"],
  OrganizationStatusChanged: ["单位状态变更", "organisation status changed"],
  StaffKeyAdded: ["增加工作人员密钥", "staff key added"],
  StaffKeyRemoved: ["移除工作人员密钥", "staff key removed"],
  QualificationApplied: ["资格申请", "qualification applied for"],
  QualificationReviewed: ["专家评审", "qualification reviewed"],
  QualificationDecisionRecorded: ["资格决定", "qualification decided"],
  QualificationNoticeStarted: ["开始公示", "public notice started"],
  QualificationObjectionLodged: ["提出异议", "objection lodged"],
  QualificationObjectionResolved: ["异议处理", "objection resolved"],
  QualificationActivated: ["资格生效（协议与安全承诺）", "qualification activated (agreement and commitment)"],
  QualificationRejected: ["资格未通过", "qualification rejected"],
  QualificationSuspended: ["资格暂停", "qualification suspended"],
  QualificationReinstated: ["资格恢复", "qualification reinstated"],
  QualificationTerminated: ["资格终止", "qualification terminated"],
  QualificationRevoked: ["资格撤销", "qualification revoked"],
  TerminationGroundRecorded: ["记录终止事由", "termination ground recorded"],
  DecisionApproved: ["集体决策签署", "decision approved"],
  DecisionAdopted: ["集体决策通过", "decision adopted"],
  DecisionExecuted: ["集体决策执行", "decision executed"],
  ParameterChanged: ["规则参数变更", "parameter changed"],
  LedgerContractAuthorized: ["合约授权", "ledger contract authorized"],
  AssessorNamed: ["指定评估机构", "assessor named"],
  ResourceRegistered: ["数据资源编目", "resource registered"],
  ResourceUpdated: ["数据资源更新", "resource updated"],
  ResourceRegistrationRecorded: ["记录资源登记号", "resource registration recorded"],
  ResourceScopeChanged: ["授权运营范围变更", "operation scope changed"],
  ResourceDevelopmentChanged: ["开放开发变更", "development opening changed"],
  DatasetPublished: ["发布数据集版本", "dataset version published"],
  QualityTicketOpened: ["质量问题整改单", "quality ticket opened"],
  QualityTicketClosed: ["质量问题关闭", "quality ticket closed"],
  CatalogGapRequested: ["目录外数据申请", "catalog gap requested"],
  CatalogGapApproved: ["目录外数据批准", "catalog gap approved"],
  ApplicationSubmitted: ["数据申请提交", "application submitted"],
  ApplicationFirstReviewed: ["运营主体初审", "operator's first review"],
  ApplicationFinalReviewed: ["实施机构终审", "bureau's final review"],
  ApplicationFusionConfirmed: ["社会数据融合确认", "fusion confirmed"],
  GrantIssued: ["签发授权", "grant issued"],
  GrantSuspended: ["授权暂停", "grant suspended"],
  GrantReinstated: ["授权恢复", "grant reinstated"],
  GrantRevoked: ["授权撤销", "grant revoked"],
  ProductRegistered: ["产品登记", "product registered"],
  ProductVersioned: ["产品新版本", "product versioned"],
  ProductReleaseApplied: ["申请发布", "release applied for"],
  ProductReviewed: ["产品审核", "product reviewed"],
  ProductPublished: ["产品发布", "product published"],
  ProductRejected: ["产品未通过", "product rejected"],
  ProductRegistrationRecorded: ["记录产品登记号", "product registration recorded"],
  ProductSuspended: ["产品暂停", "product suspended"],
  ProductReinstated: ["产品恢复", "product reinstated"],
  ProductDelisted: ["产品下架", "product delisted"],
  AgreementFiled: ["协议备案", "agreement filed"],
  AnnualReportFiled: ["年度报告备案", "annual report filed"],
  EvaluationRecorded: ["检查评估记录", "evaluation recorded"],
  IncidentReported: ["安全事件报告", "incident reported"],
  IncidentHandling: ["安全事件处置", "incident handling"],
  IncidentClosed: ["安全事件关闭", "incident closed"],
  RectificationOrdered: ["责令整改（关闭访问）", "rectification ordered (access closed)"],
  RectificationConfirmed: ["整改确认", "rectification confirmed"],
  RectificationLapsed: ["逾期未改（撤销）", "rectification lapsed (revoked)"],
  LogRegistered: ["访问日志登记", "access log registered"],
  AnchoringKeyRotated: ["锚定密钥轮换", "anchoring key rotated"],
  LogKeyRotated: ["检查点公钥登记或轮换", "checkpoint key set or rotated"],
  LogRetired: ["访问日志停用", "access log retired"],
  LogRootAnchored: ["日志根上链锚定", "log root anchored"],
};

import { label } from "../vocabulary";
import { when, type RevertText } from "./revert-words";

/*
 * Sentences, in English and in Chinese, for the errors of ProductRegistry, Supervision, AccessLogAnchor
 * and the RFC 6962 proofs (Art. 19-20, 29-32; R17-R22).
 * Spread into REVERT_TEXTS by revert-sentences.ts.
 */

export const SUPERVISION_REVERT_TEXTS: Readonly<Record<string, RevertText>> = {
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

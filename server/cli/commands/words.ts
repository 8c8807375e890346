/*
 * The names a person types for the ledger's enums: English words with dashes, and the Chinese terms of
 * REQUIREMENTS.md, each mapped to the enum number of contracts/common/Types.sol.
 */
export const ORG_KINDS: Readonly<Record<string, number>> = {
  "data-source": 2,
  operator: 3,
  developer: 4,
  "business-supervisor": 5,
  "security-supervisor": 6,
  "industry-authority": 7,
  platform: 8,
  assessor: 9,
  数源部门: 2,
  一级运营主体: 3,
  二级开发主体: 4,
  业务监管部门: 5,
  安全监管部门: 6,
  行业主管部门: 7,
  大数据平台: 8,
  第三方评估机构: 9,
};

export const ROLES: Readonly<Record<string, number>> = { operator: 3, developer: 4, 一级运营主体: 3, 二级开发主体: 4 };

/** Grounds of Art. 15 (TerminationReason). */
export const GROUNDS: Readonly<Record<string, number>> = {
  expiry: 1,
  "own-request": 2,
  "unlawful-use": 3,
  breach: 4,
  "security-risk": 5,
  "failed-capability-assessment": 6,
  "change-of-law": 7,
  期满: 1,
  主动申请: 2,
  违法违规使用: 3,
  违反协议: 4,
  安全风险: 5,
  能力评估不合格: 6,
  法律法规变化: 7,
};

export const PURPOSES: Readonly<Record<string, number>> = { "public-interest": 1, commercial: 2, 公益: 1, 商业: 2, 产业: 2 };

export const PARAMETERS: Readonly<Record<string, number>> = {
  "max-term": 0,
  "renewal-window": 1,
  "reapply-bar": 2,
  "notice-period": 3,
  "decision-threshold": 4,
  "min-group-level-1": 5,
  "min-group-level-2": 6,
  "min-group-level-3": 7,
  "min-group-level-4": 8,
  最长期限: 0,
  续期申请窗口: 1,
  重新申请限制期: 2,
  公示期: 3,
  集体决策门槛: 4,
  一级数据最小聚合行数: 5,
  二级数据最小聚合行数: 6,
  三级数据最小聚合行数: 7,
  四级数据最小聚合行数: 8,
};

export const PRODUCT_FORMS: Readonly<Record<string, number>> = {
  "data-component": 1,
  "data-model": 2,
  "data-verification": 3,
  "data-service": 4,
  "data-tool": 5,
  "data-report": 6,
  数据组件: 1,
  数据模型: 2,
  数据核验: 3,
  数据服务: 4,
  数据工具: 5,
  数据报告: 6,
};

export const EVALUATION_KINDS: Readonly<Record<string, number>> = {
  "security-inspection": 1,
  "security-evaluation": 2,
  "capability-evaluation": 3,
  安全检查: 1,
  安全评估: 2,
  能力评估: 3,
};

/** Names of the bits of an agreement's clause manifest (Art. 14), for --clauses. */
export const CLAUSE_NAMES = [
  "rights-and-duties",
  "data-scope",
  "term",
  "asset-ownership",
  "revenue-sharing",
  "security-and-emergency",
  "performance-evaluation",
  "breach-liability",
  "exit",
  "dispute-resolution",
] as const;

/** Names of the operator's first-review findings (Art. 17), for --findings. */
export const FINDING_NAMES = ["feasibility", "compliance", "risk", "value"] as const;

/** Names of the five release checks (Art. 19), for --passed. */
export const CHECK_NAMES = ["purpose-and-scope", "sources-lawful", "no-raw-or-sensitive", "no-personal-or-secret", "no-other-risk"] as const;

export const DOC_HELP = "a document recorded by its hash: 0x<64 hex>, @file (hashed), or text (hashed)";

import { label } from "../vocabulary";
import { isMinGroupSize, MIN_GROUP_FLOOR_TEXT } from "./revert-sentences-datasets";
import { duration, short, when, type RevertText } from "./revert-words";

/*
 * Sentences, in English and in Chinese, for the errors every registry shares (ILedgerErrors), signed calls
 * and OpenZeppelin's, and OrganizationRegistry's (organisations, staff keys, collective decisions, R17, R24).
 * Spread into REVERT_TEXTS by revert-sentences.ts.
 */

export const ORGANIZATION_REVERT_TEXTS: Readonly<Record<string, RevertText>> = {
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
};

/**
 * Every reason the gateway gives, in one place: the chain's AccessDenial numbers (contracts/common/Types.sol)
 * mapped to codes, and the gateway's own rules, each with a sentence in English and in Chinese.
 */

/** The codes a decision can carry. The first fourteen mirror AccessDenial; the rest are the gateway's rules. */
export type ReasonCode =
  | "ALLOWED"
  | "UNKNOWN_GRANT"
  | "KEY_NOT_OF_GRANTEE"
  | "GRANT_NOT_YET_VALID"
  | "GRANT_EXPIRED"
  | "GRANT_SUSPENDED"
  | "GRANT_REVOKED"
  | "PARENT_NOT_LIVE"
  | "GRANTEE_NOT_QUALIFIED"
  | "GRANTOR_NOT_QUALIFIED"
  | "ORGANIZATION_SUSPENDED"
  | "RESOURCE_OUT_OF_SCOPE"
  | "FIELDS_OUT_OF_SCOPE"
  | "RESOURCE_WITHDRAWN"
  // a denial number this code does not know (a newer contract): refused, never guessed
  | "UNKNOWN_DENIAL"
  // gateway rules
  | "RAW_EXPORT_REFUSED"
  | "SCENARIO_MISMATCH"
  | "OPERATION_NOT_COVERED"
  | "UNKNOWN_OPERATION";

/** What a sentence may mention. Every field is optional: a rule refused before the chain was read knows little. */
export interface ReasonContext {
  readonly grantId?: number;
  readonly resourceId?: number;
  readonly operation?: string;
  /** The grant's term end, chain seconds. */
  readonly grantEnd?: number;
  readonly grantStart?: number;
  /** The grant's purpose, as words. */
  readonly purpose?: string;
  readonly purposeZh?: string;
  readonly sessionOrg?: number;
  readonly grantee?: number;
  readonly denial?: number;
}

type Sentence = (c: ReasonContext) => string;

interface ReasonText {
  readonly en: Sentence;
  readonly zh: Sentence;
}

const when = (seconds: number | undefined): string =>
  seconds === undefined ? "" : new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
const grant = (c: ReasonContext): string => (c.grantId === undefined ? "the grant" : `grant ${c.grantId}`);
const grantZh = (c: ReasonContext): string => (c.grantId === undefined ? "该授权" : `授权 ${c.grantId}`);
const resource = (c: ReasonContext): string => (c.resourceId === undefined ? "the resource" : `resource ${c.resourceId}`);
const resourceZh = (c: ReasonContext): string => (c.resourceId === undefined ? "该数据资源" : `数据资源 ${c.resourceId}`);

/** The sentences of every reason. */
export const REASONS: Readonly<Record<ReasonCode, ReasonText>> = {
  ALLOWED: {
    en: (c) => `Allowed: ${grant(c)} is live and covers this ${c.operation ?? "operation"} on ${resource(c)}.`,
    zh: (c) => `允许：${grantZh(c)}有效，且涵盖对${resourceZh(c)}的此项操作。`,
  },
  UNKNOWN_GRANT: {
    en: (c) => `There is no ${grant(c)} on the ledger.`,
    zh: (c) => `链上不存在${grantZh(c)}。`,
  },
  KEY_NOT_OF_GRANTEE: {
    en: (c) =>
      c.sessionOrg !== undefined && c.grantee !== undefined && c.sessionOrg !== c.grantee
        ? `You act for organisation ${c.sessionOrg}; ${grant(c)} was issued to organisation ${c.grantee}.`
        : `This key is not a staff key of the organisation ${grant(c)} was issued to.`,
    zh: (c) => `该密钥不属于${grantZh(c)}的被授权单位。`,
  },
  GRANT_NOT_YET_VALID: {
    en: (c) => `${cap(grant(c))} is not valid yet${c.grantStart === undefined ? "" : `: its term starts ${when(c.grantStart)}`}.`,
    zh: (c) => `${grantZh(c)}尚未生效${c.grantStart === undefined ? "" : `，授权期自 ${when(c.grantStart)} 起`}。`,
  },
  GRANT_EXPIRED: {
    en: (c) => `${cap(grant(c))} has expired${c.grantEnd === undefined ? "" : `: its term ended ${when(c.grantEnd)}`}.`,
    zh: (c) => `${grantZh(c)}已过期${c.grantEnd === undefined ? "" : `，授权期已于 ${when(c.grantEnd)} 届满`}。`,
  },
  GRANT_SUSPENDED: {
    en: (c) => `${cap(grant(c))} is suspended; access is closed until it is reinstated.`,
    zh: (c) => `${grantZh(c)}已暂停，恢复前不得访问。`,
  },
  GRANT_REVOKED: {
    en: (c) => `${cap(grant(c))} has been revoked.`,
    zh: (c) => `${grantZh(c)}已被撤销。`,
  },
  PARENT_NOT_LIVE: {
    en: (c) => `The operator's grant above ${grant(c)} is not live (suspended, revoked or expired), so ${grant(c)} is not either.`,
    zh: (c) => `${grantZh(c)}的上级授权（运营主体的整体授权）已失效，本授权随之失效。`,
  },
  GRANTEE_NOT_QUALIFIED: {
    en: (c) => `The organisation holding ${grant(c)} is not qualified at present.`,
    zh: (c) => `${grantZh(c)}的被授权单位当前不具备资格。`,
  },
  GRANTOR_NOT_QUALIFIED: {
    en: (c) => `The organisation that issued ${grant(c)} is not qualified at present.`,
    zh: (c) => `签发${grantZh(c)}的单位当前不具备资格。`,
  },
  ORGANIZATION_SUSPENDED: {
    en: (c) => `An organisation party to ${grant(c)} is suspended or closed.`,
    zh: (c) => `${grantZh(c)}的一方单位已被暂停或注销。`,
  },
  RESOURCE_OUT_OF_SCOPE: {
    en: (c) => `${cap(resource(c))} is not in the scope of ${grant(c)}.`,
    zh: (c) => `${resourceZh(c)}不在${grantZh(c)}的范围内。`,
  },
  FIELDS_OUT_OF_SCOPE: {
    en: (c) => `Some of the requested fields of ${resource(c)} are not covered by ${grant(c)} (minimum necessary data).`,
    zh: (c) => `所请求的${resourceZh(c)}字段超出${grantZh(c)}的授权范围（最小必要原则）。`,
  },
  RESOURCE_WITHDRAWN: {
    en: (c) => `${cap(resource(c))} has been withdrawn from the authorized-operation catalog.`,
    zh: (c) => `${resourceZh(c)}已移出授权运营目录。`,
  },
  UNKNOWN_DENIAL: {
    en: (c) => `The ledger refused this access for a reason this node does not know (code ${c.denial ?? "?"}).`,
    zh: (c) => `链上拒绝了此次访问，原因代码 ${c.denial ?? "?"} 本节点无法识别。`,
  },
  RAW_EXPORT_REFUSED: {
    en: () => "Raw data never leaves the domain: exporting raw data is refused, and the refusal is recorded.",
    zh: () => "原始数据不出域：拒绝导出原始数据，且该拒绝已记录在案。",
  },
  SCENARIO_MISMATCH: {
    en: (c) => `${cap(grant(c))} is for another scenario: one scenario, one authorization.`,
    zh: (c) => `${grantZh(c)}不是为该场景签发的：一场景一授权。`,
  },
  OPERATION_NOT_COVERED: {
    en: (c) => `A ${c.purpose ?? "grant"} grant does not cover the operation "${c.operation ?? "?"}".`,
    zh: (c) => `${c.purposeZh ?? "该"}用途的授权不涵盖“${c.operation ?? "?"}”操作。`,
  },
  UNKNOWN_OPERATION: {
    en: (c) => `"${c.operation ?? "?"}" is not an operation this gateway knows.`,
    zh: (c) => `本网关不支持“${c.operation ?? "?"}”操作。`,
  },
};

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** AccessDenial, index = the enum's number. Append only, as the enum is. */
export const DENIAL_CODES: readonly ReasonCode[] = [
  "ALLOWED", //                None
  "UNKNOWN_GRANT", //          UnknownGrant
  "KEY_NOT_OF_GRANTEE", //     KeyNotOfGrantee
  "GRANT_NOT_YET_VALID", //    GrantNotYetValid
  "GRANT_EXPIRED", //          GrantExpired
  "GRANT_SUSPENDED", //        GrantSuspended
  "GRANT_REVOKED", //          GrantRevoked
  "PARENT_NOT_LIVE", //        ParentNotLive
  "GRANTEE_NOT_QUALIFIED", //  GranteeNotQualified
  "GRANTOR_NOT_QUALIFIED", //  GrantorNotQualified
  "ORGANIZATION_SUSPENDED", // OrganizationSuspended
  "RESOURCE_OUT_OF_SCOPE", //  ResourceOutOfScope
  "FIELDS_OUT_OF_SCOPE", //    FieldsOutOfScope
  "RESOURCE_WITHDRAWN", //     ResourceWithdrawn
];

/** The code of an AccessDenial number; a number past the table is UNKNOWN_DENIAL (refused). */
export function denialCode(denial: number): ReasonCode {
  return Number.isInteger(denial) && denial >= 0 && denial < DENIAL_CODES.length ? DENIAL_CODES[denial] : "UNKNOWN_DENIAL";
}

/** Both sentences of a reason. */
export function explain(code: ReasonCode, context: ReasonContext = {}): { message: string; messageZh: string } {
  const text = REASONS[code];
  return { message: text.en(context), messageZh: text.zh(context) };
}

// SPDX-License-Identifier: Apache-2.0
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

/// @notice The kinds of organisation that take part ("N + 1 + 1 + N", Art. 4, 5, 9).
/// @dev Append only: the numeric values are part of the ABI and of every indexed event.
enum OrgKind {
    None,
    Bureau, //                 实施机构 / 区大数据主管部门: the implementing agency, exactly one
    DataSource, //             数源部门: a department or a utility company (R23)
    Operator, //               一级运营主体
    Developer, //              二级开发主体
    BusinessSupervisor, //     业务监管部门
    SecuritySupervisor, //     安全监管部门 (网信、网安、国家安全、保密)
    IndustryAuthority, //      行业主管部门
    Platform, //               the district or city big-data platform
    Assessor //                a third-party evaluator named by the bureau
}

/// @notice Whether an organisation may act at all.
enum OrgStatus {
    None,
    Active,
    Suspended, // access closed at once, e.g. by a rectification order (Art. 32)
    Closed
}

/// @notice Qualification lifecycle of an operator or developer (Art. 10-15).
enum QualificationState {
    None,
    Applied, //      evidence filed
    Reviewed, //     expert review recorded by the reviewing body
    Decided, //      collective (operator) or joint (developer) decision taken
    InNotice, //     公示: the objection window is open
    Active, //       agreement and security commitment signed; valid until a date
    Suspended,
    Terminated, //   ended for a reason of Art. 15
    Revoked, //      revoked for a violation: starts the re-application bar
    Rejected //      refused at review, decision or objection
}

/// @notice Termination grounds of Art. 15 (R9).
enum TerminationReason {
    None,
    Expiry, //                    期满
    OwnRequest, //                主动申请
    UnlawfulUse, //               违法违规使用
    Breach, //                    违反协议
    SecurityRisk, //              安全风险
    FailedCapabilityAssessment, //能力评估不合格
    ChangeOfLaw //                法律法规变化
}

/// @notice The bureau's rules that only a collective decision may change (R24).
/// @dev Append only: the numeric values are part of the ABI, of every collective decision id and of ParameterChanged.
enum Parameter {
    MaxTerm, //          longest qualification or grant term (5 years)
    RenewalWindow, //    renewal only inside this window before expiry (3 months)
    ReapplyBar, //       no new application for this long after a revocation for violations (3 years)
    NoticePeriod, //     length of the public notice (公示)
    DecisionThreshold, // k of the bureau's k-of-n collective decisions
    MinGroupLevel1, //   fewest source rows an output group of a level-1 resource must summarise (5)
    MinGroupLevel2, //   ... of a level-2 resource (10)
    MinGroupLevel3, //   ... of a level-3 resource (20)
    MinGroupLevel4 //    ... of a level-4 (most sensitive) resource (50)
}

/// @notice Purpose of a data use (Art. 21, R15).
enum Purpose {
    None,
    PublicInterest, // 公益
    Commercial //      产业/商业
}

/// @notice Data-application lifecycle (Art. 17-18).
enum ApplicationState {
    None,
    Submitted,
    FirstReviewed, // the operator's first review passed
    Approved, //      the bureau's final review passed
    Rejected
}

/// @notice Grant status as stored; "live" is derived (status Active, inside term, chain and parties live).
enum GrantStatus {
    None,
    Active,
    Suspended,
    Revoked
}

/// @notice Why an access check said no. 0 means allowed.
enum AccessDenial {
    None,
    UnknownGrant,
    KeyNotOfGrantee, //       the key does not act for the grant's grantee
    GrantNotYetValid,
    GrantExpired,
    GrantSuspended,
    GrantRevoked,
    ParentNotLive, //         the parent grant (up to the bureau) is not live
    GranteeNotQualified,
    GrantorNotQualified,
    OrganizationSuspended, // either party's organisation is suspended or closed
    ResourceOutOfScope,
    FieldsOutOfScope,
    ResourceWithdrawn //      the resource left the authorized-operation catalog
}

/// @notice The ten clauses an agreement must carry (Art. 14, R8), as bits of a manifest.
library AgreementClauses {
    uint16 internal constant RIGHTS_AND_DUTIES = 1 << 0;
    uint16 internal constant DATA_SCOPE = 1 << 1;
    uint16 internal constant TERM = 1 << 2;
    uint16 internal constant ASSET_OWNERSHIP = 1 << 3;
    uint16 internal constant REVENUE_SHARING = 1 << 4;
    uint16 internal constant SECURITY_AND_EMERGENCY = 1 << 5;
    uint16 internal constant PERFORMANCE_EVALUATION = 1 << 6;
    uint16 internal constant BREACH_LIABILITY = 1 << 7;
    uint16 internal constant EXIT = 1 << 8;
    uint16 internal constant DISPUTE_RESOLUTION = 1 << 9;
    uint16 internal constant ALL = (1 << 10) - 1;
}

/// @notice The six forms of data product (Art. 4).
enum ProductForm {
    None,
    DataComponent, //    数据组件
    DataModel, //        数据模型
    DataVerification, // 数据核验
    DataService, //      数据服务
    DataTool, //         数据工具
    DataReport //        数据报告
}

/// @notice Product lifecycle (Art. 19-20).
enum ProductState {
    None,
    Registered, // registered (or a new version), not yet under review
    InReview, //   release applied for; the bureau and the security authority review
    Published, //  both reviews cleared all five checks
    Rejected, //   a review failed a check; a new version may be registered
    Suspended,
    Delisted //    permanently withdrawn
}

/// @notice Why a product may not be used now. 0 means usable.
enum ProductDenial {
    None,
    UnknownProduct,
    NotPublished,
    Suspended,
    Delisted,
    GrantNotLive // see the grant's AccessDenial for the reason
}

/// @notice The five checks of a release review (Art. 19), as bits.
library ReleaseChecks {
    uint8 internal constant PURPOSE_AND_SCOPE = 1 << 0; //     (1) matches the applied purpose and scope
    uint8 internal constant SOURCES_LAWFUL = 1 << 1; //        (2) sources named and lawful
    uint8 internal constant NO_RAW_OR_SENSITIVE = 1 << 2; //   (3) no raw or sensitive data exposed
    uint8 internal constant NO_PERSONAL_OR_SECRET = 1 << 3; // (4) no personal information or trade secret leaked
    uint8 internal constant NO_OTHER_RISK = 1 << 4; //         (5) no other risk
    uint8 internal constant ALL = (1 << 5) - 1;
}

/// @notice Supervision records against an organisation (Art. 27, 30).
enum EvaluationKind {
    None,
    SecurityInspection, //   安全检查
    SecurityEvaluation, //   安全评估
    CapabilityEvaluation //  能力评估: a failure is a termination ground (Art. 15)
}

/// @notice Incident handling (Art. 28).
enum IncidentState {
    None,
    Reported,
    Handling,
    Closed
}

/// @notice Rectification orders (Art. 32).
enum RectificationState {
    None,
    Open, //      access suspended until corrected
    Corrected, // correction confirmed, access restored
    Revoked //    not corrected by the deadline: qualification revoked
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OrgKind, QualificationState, TerminationReason} from "../common/Types.sol";
import {ILedgerErrors} from "./ILedgerErrors.sol";

/// @title IQualificationRegistry
/// @notice The qualification of the operator and of developers (Art. 10-15, R5, R7, R8, R9):
/// application with evidence -> expert review -> decision -> public notice with objections ->
/// agreement and security commitment -> active until a date at most the maximum term away; renewal is a new
/// application through the same steps, filed inside the window before expiry (Art. 15).
interface IQualificationRegistry is ILedgerErrors {
    /// @notice Hashes of the evidence an applicant files (Art. 10).
    struct Evidence {
        bytes32 eligibility; //     declarations: compliance, no major violation, not on dishonest or tax lists
        bytes32 team; //            the development or operation team
        bytes32 securitySystem; //  data-security management system
        bytes32 securityOfficer; // the named person responsible for data security
    }

    struct Qualification {
        uint32 org; //               the applicant
        OrgKind role; //             Operator or Developer
        QualificationState state; // stored state; "expired" is derived from validUntil
        TerminationReason endReason; // why it ended, when Terminated or Revoked
        bool bureauApproved; //      developer decisions: the bureau's half
        bool operatorApproved; //    developer decisions: the operator's half
        uint16 openObjections; //    objections not yet resolved
        uint32 renews; //            the qualification this application renews (0 for a first application)
        uint64 noticeEndsAt; //      end of the public notice (公示)
        uint64 validFrom; //         activation time
        uint64 validUntil; //        end of the qualification term
        bytes32 reviewReportHash; // expert review report
        bytes32 agreementHash; //    the signed agreement (Art. 14)
        bytes32 securityCommitmentHash; // the data-security commitment letter
    }

    // ==== Errors ====

    error QualificationRoleInvalid(OrgKind role);
    error QualificationUnknown(uint32 qualificationId);
    error QualificationStateInvalid(uint32 qualificationId, QualificationState state);
    error QualificationAlreadyPending(uint32 org, uint32 qualificationId);
    error QualificationApplicantBarred(uint32 org, uint64 barredUntil);
    error QualificationReviewerInvalid(uint32 qualificationId, uint32 reviewerOrg);
    error QualificationNoticeOpen(uint32 qualificationId, uint64 noticeEndsAt);
    error QualificationNoticeClosed(uint32 qualificationId, uint64 noticeEndsAt);
    error QualificationObjectionsOpen(uint32 qualificationId, uint16 openObjections);
    error QualificationObjectionUnknown(uint32 qualificationId, uint32 objectionIndex);
    error QualificationAgreementIncomplete(uint16 manifest, uint16 missing);
    error QualificationTermInvalid(uint64 validUntil, uint64 latestAllowed);
    error QualificationOutsideRenewalWindow(uint32 qualificationId, uint64 windowOpens, uint64 validUntil);
    error QualificationReasonInvalid(TerminationReason reason);
    error QualificationNotHolder(uint32 qualificationId, uint32 caller);
    /// @notice Art. 10, 12 (2): an evidence item (0 eligibility, 1 team, 2 security system, 3 security officer) is empty.
    error QualificationEvidenceMissing(uint8 item);
    /// @notice Art. 12 (5), 13 (5): activation needs the data-security commitment letter.
    error QualificationCommitmentMissing(uint32 qualificationId);
    /// @notice Art. 10 (4): a security incident about the organisation was reported on the ledger in the last 3 years.
    error QualificationRecentIncident(uint32 org, uint64 incidentAt, uint64 eligibleFrom);
    /// @notice Only a ledger contract the bureau authorized (Supervision) records incidents here.
    error QualificationIncidentSourceInvalid(address caller);

    // ==== Events ====

    /// @param qualificationId the qualification's id
    /// @param org the organisation's id
    /// @param role the role applied for
    /// @param renews the qualification this application renews (0 for a first application)
    /// @param evidence the evidence hashes
    /// @param byKey the key that acted
    event QualificationApplied(uint32 indexed qualificationId, uint32 indexed org, OrgKind role, uint32 renews, Evidence evidence, address indexed byKey);
    /// @param qualificationId the qualification's id
    /// @param passed whether it passed
    /// @param reportHash hash of the report
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event QualificationReviewed(uint32 indexed qualificationId, bool passed, bytes32 reportHash, uint32 indexed byOrg, address indexed byKey);
    /// @param qualificationId the qualification's id
    /// @param approved true if approved, false if refused
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event QualificationDecisionRecorded(uint32 indexed qualificationId, bool approved, uint32 indexed byOrg, address indexed byKey);
    /// @param qualificationId the qualification's id
    /// @param noticeEndsAt when the public notice ends (unix seconds)
    event QualificationNoticeStarted(uint32 indexed qualificationId, uint64 noticeEndsAt);
    /// @param qualificationId the qualification's id
    /// @param objectionIndex the objection's index
    /// @param objectionHash hash of the objection
    /// @param byKey the key that acted
    event QualificationObjectionLodged(uint32 indexed qualificationId, uint32 objectionIndex, bytes32 objectionHash, address indexed byKey);
    /// @param qualificationId the qualification's id
    /// @param objectionIndex the objection's index
    /// @param upheld whether the objection was upheld
    /// @param resolutionHash hash of the resolution
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event QualificationObjectionResolved(uint32 indexed qualificationId, uint32 objectionIndex, bool upheld, bytes32 resolutionHash, uint32 indexed byOrg, address indexed byKey);
    /// @param qualificationId the qualification's id
    /// @param org the organisation's id
    /// @param validUntil the end of validity (unix seconds)
    /// @param agreementHash hash of the signed agreement
    /// @param clauseManifest bits of the agreement's clauses
    /// @param securityCommitmentHash hash of the security commitment
    /// @param byOrg the organisation that acted (the bureau for the operator, the operator for a developer)
    /// @param byKey the key that acted
    event QualificationActivated(uint32 indexed qualificationId, uint32 indexed org, uint64 validUntil, bytes32 agreementHash, uint16 clauseManifest, bytes32 securityCommitmentHash, uint32 byOrg, address byKey);
    /// @param qualificationId the qualification's id
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event QualificationRejected(uint32 indexed qualificationId, bytes32 reasonHash, uint32 indexed byOrg, address indexed byKey);
    /// @param qualificationId the qualification's id
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event QualificationSuspended(uint32 indexed qualificationId, bytes32 reasonHash, uint32 indexed byOrg, address indexed byKey);
    /// @param qualificationId the qualification's id
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event QualificationReinstated(uint32 indexed qualificationId, bytes32 reasonHash, uint32 indexed byOrg, address indexed byKey);
    /// @param qualificationId the qualification's id
    /// @param reason the reason
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event QualificationTerminated(uint32 indexed qualificationId, TerminationReason reason, bytes32 reasonHash, uint32 indexed byOrg, address indexed byKey);
    /// @param qualificationId the qualification's id
    /// @param reason the reason
    /// @param barredUntil the time until which the organisation may not apply again
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event QualificationRevoked(uint32 indexed qualificationId, TerminationReason reason, uint64 barredUntil, uint32 indexed byOrg, address indexed byKey);

    // ==== Procedure ====

    /// @notice An operator or developer applies, filing its evidence. Its own staff only. A holder whose
    /// qualification is in force applies again to renew it (Art. 15), only inside the window before expiry; the
    /// renewal goes through every step of a first application and takes the old one's place when it activates.
    /// @param role the role applied for
    /// @param evidence the evidence hashes
    /// @return qualificationId the qualification's id
    function applyFor(OrgKind role, Evidence calldata evidence) external returns (uint32 qualificationId);

    /// @notice Records the expert review: bureau staff for the operator, the qualified operator for developers.
    /// @param qualificationId the qualification's id
    /// @param passed whether it passed
    /// @param reportHash hash of the report
    function review(uint32 qualificationId, bool passed, bytes32 reportHash) external;

    /// @notice The bureau's collective decision on the operator ("三重一大").
    /// Needs the adopted decision `keccak256(abi.encode(this, "decideOperator", qualificationId, approved, salt))`.
    /// @param qualificationId the qualification's id
    /// @param approved true if approved, false if refused
    /// @param salt the decision's salt
    function decideOperator(uint32 qualificationId, bool approved, uint256 salt) external;

    /// @notice One half of the joint decision on a developer: bureau staff or the qualified operator's staff.
    /// @param qualificationId the qualification's id
    /// @param approved true if approved, false if refused
    function decideDeveloper(uint32 qualificationId, bool approved) external;

    /// @notice Anyone lodges an objection during the public notice; it blocks activation until resolved.
    /// @param qualificationId the qualification's id
    /// @param objectionHash hash of the objection
    /// @return objectionIndex the objection's index
    function object(uint32 qualificationId, bytes32 objectionHash) external returns (uint32 objectionIndex);

    /// @notice Bureau staff resolve an objection; an upheld objection rejects the application.
    /// @param qualificationId the qualification's id
    /// @param objectionIndex the objection's index
    /// @param upheld whether the objection was upheld
    /// @param resolutionHash hash of the resolution
    function resolveObjection(uint32 qualificationId, uint32 objectionIndex, bool upheld, bytes32 resolutionHash) external;

    /// @notice After the notice, with no open objection, the agreement takes effect (bureau for the operator, operator for developers).
    /// @param qualificationId the qualification's id
    /// @param agreementHash hash of the signed agreement
    /// @param clauseManifest bits of the agreement's clauses
    /// @param securityCommitmentHash hash of the security commitment
    /// @param validUntil the end of validity (unix seconds)
    function activate(
        uint32 qualificationId,
        bytes32 agreementHash,
        uint16 clauseManifest,
        bytes32 securityCommitmentHash,
        uint64 validUntil
    ) external;

    /// @notice Bureau staff suspend an active qualification.
    /// @param qualificationId the qualification's id
    /// @param reasonHash hash of the reason
    function suspend(uint32 qualificationId, bytes32 reasonHash) external;

    /// @notice Bureau staff lift a suspension.
    /// @param qualificationId the qualification's id
    /// @param reasonHash hash of the reason
    function reinstate(uint32 qualificationId, bytes32 reasonHash) external;

    /// @notice Ends a qualification for a ground of Art. 15 other than a violation (those go through `revoke`):
    /// bureau staff for any such ground, the holder on its own request.
    /// @param qualificationId the qualification's id
    /// @param reason the reason
    /// @param reasonHash hash of the reason
    function terminate(uint32 qualificationId, TerminationReason reason, bytes32 reasonHash) external;

    /// @notice Bureau staff (or a ledger contract the bureau authorized, for a lapsed rectification order) revoke
    /// for a violation (unlawful use, breach, security risk); starts the re-application bar.
    /// @param qualificationId the qualification's id
    /// @param reason the reason
    /// @param reasonHash hash of the reason
    function revoke(uint32 qualificationId, TerminationReason reason, bytes32 reasonHash) external;

    /// @notice Supervision records that a security incident about `org` was reported (Art. 10 item 4, Art. 28):
    /// for 3 years the organisation may not apply for or activate a qualification.
    /// @param org the organisation concerned
    function noteIncident(uint32 org) external;

    // ==== Views ====

    /// @param qualificationId the qualification's id
    /// @return the qualification
    function qualification(uint32 qualificationId) external view returns (Qualification memory);

    /// @notice The organisation's latest qualification id (0 if none).
    /// @param org the organisation's id
    /// @return the current qualification's id (0 if none)
    function currentQualification(uint32 org) external view returns (uint32);

    /// @notice The organisation's renewal application still in progress (0 if none).
    /// @param org the organisation's id
    /// @return the renewal application's id (0 if none)
    function pendingRenewal(uint32 org) external view returns (uint32);

    /// @notice The end of the organisation's qualification in force (0 if none is active).
    /// @param org the organisation's id
    /// @return the end of the term (unix seconds)
    function qualifiedUntil(uint32 org) external view returns (uint64);

    /// @notice Whether the organisation's qualification is active and inside its term at `at`.
    /// @param org the organisation's id
    /// @param at the time asked about (unix seconds)
    /// @return whether the organisation is qualified at that time
    function isQualifiedAt(uint32 org, uint64 at) external view returns (bool);

    /// @notice When the last security incident about the organisation was reported (0 if never).
    /// @param org the organisation's id
    /// @return the report's time (unix seconds)
    function lastIncidentAt(uint32 org) external view returns (uint64);

    /// @notice Until when an organisation revoked for violations may not apply.
    /// @param org the organisation's id
    /// @return until when the organisation may not apply (0 if not barred)
    function barredUntil(uint32 org) external view returns (uint64);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OrgKind, Parameter, QualificationState, TerminationReason} from "./common/Types.sol";
import {RegistryClient} from "./common/RegistryClient.sol";
import {QualificationRecords} from "./records/QualificationRecords.sol";
import {IOrganizationRegistry} from "./interfaces/IOrganizationRegistry.sol";
import {IQualificationRegistry} from "./interfaces/IQualificationRegistry.sol";

/// @title QualificationRegistry
/// @notice Qualifies the first-level operator and second-level developers (Art. 10-15).
contract QualificationRegistry is QualificationRecords {
    constructor(IOrganizationRegistry orgs_) RegistryClient(orgs_, "TDL QualificationRegistry") {}

    // ==== Application, review, decision ====

    /// @inheritdoc IQualificationRegistry
    function applyFor(OrgKind role, Evidence calldata evidence) external returns (uint32 qualificationId) {
        if (role != OrgKind.Operator && role != OrgKind.Developer) revert QualificationRoleInvalid(role);
        uint32 org = _actorOfKind(role);
        _requireEvidence(evidence);
        _requireIncidentFree(org);
        uint32 renewing = _renewal[org];
        if (renewing != 0 && _isPending(_qualifications[renewing])) revert QualificationAlreadyPending(org, renewing);
        uint32 previous = _current[org];
        Qualification storage p = _qualifications[previous];
        uint32 renews;
        if (p.state == QualificationState.Active && block.timestamp <= p.validUntil) {
            // Art. 15: renewal is a new application, only within the window before expiry
            uint64 opens = p.validUntil - _rule(Parameter.RenewalWindow);
            if (block.timestamp < opens) revert QualificationOutsideRenewalWindow(previous, opens, p.validUntil);
            renews = previous;
        } else if (previous != 0 && _isPending(p)) {
            revert QualificationAlreadyPending(org, previous);
        }
        uint64 bar = _barredUntil[org];
        if (block.timestamp < bar) revert QualificationApplicantBarred(org, bar);
        qualificationId = ++_count;
        Qualification storage q = _qualifications[qualificationId];
        q.org = org;
        q.role = role;
        q.state = QualificationState.Applied;
        if (renews == 0) {
            _current[org] = qualificationId;
        } else {
            q.renews = renews;
            _renewal[org] = qualificationId;
        }
        emit QualificationApplied(qualificationId, org, role, renews, evidence, _sender());
    }

    /// @inheritdoc IQualificationRegistry
    function review(uint32 qualificationId, bool passed, bytes32 reportHash) external {
        Qualification storage q = _inState(qualificationId, QualificationState.Applied);
        uint32 reviewer = _reviewer(q.role, qualificationId);
        q.reviewReportHash = reportHash;
        emit QualificationReviewed(qualificationId, passed, reportHash, reviewer, _sender());
        if (passed) {
            q.state = QualificationState.Reviewed;
        } else {
            _reject(q, qualificationId, reportHash, reviewer);
        }
    }

    /// @inheritdoc IQualificationRegistry
    function decideOperator(uint32 qualificationId, bool approved, uint256 salt) external {
        Qualification storage q = _inState(qualificationId, QualificationState.Reviewed);
        if (q.role != OrgKind.Operator) revert QualificationRoleInvalid(q.role);
        _executeDecision(keccak256(abi.encode(address(this), "decideOperator", qualificationId, approved, salt)));
        uint32 bureauOrg = _orgs.bureau();
        emit QualificationDecisionRecorded(qualificationId, approved, bureauOrg, _sender());
        if (approved) {
            _startNotice(q, qualificationId);
        } else {
            _reject(q, qualificationId, bytes32(0), bureauOrg);
        }
    }

    /// @inheritdoc IQualificationRegistry
    function decideDeveloper(uint32 qualificationId, bool approved) external {
        Qualification storage q = _inState(qualificationId, QualificationState.Reviewed);
        if (q.role != OrgKind.Developer) revert QualificationRoleInvalid(q.role);
        (uint32 org, OrgKind kind) = _actor();
        if (kind == OrgKind.Bureau) {
            q.bureauApproved = approved;
        } else if (kind == OrgKind.Operator && _qualifiedNow(org)) {
            q.operatorApproved = approved;
        } else {
            revert QualificationReviewerInvalid(qualificationId, org);
        }
        emit QualificationDecisionRecorded(qualificationId, approved, org, _sender());
        if (!approved) {
            _reject(q, qualificationId, bytes32(0), org);
        } else if (q.bureauApproved && q.operatorApproved) {
            _startNotice(q, qualificationId);
        }
    }

    // ==== Public notice (公示) ====

    /// @inheritdoc IQualificationRegistry
    function object(uint32 qualificationId, bytes32 objectionHash) external returns (uint32 objectionIndex) {
        // the notice is public (公示): anyone may object, and every objection is on record with its key
        Qualification storage q = _inState(qualificationId, QualificationState.InNotice);
        if (block.timestamp >= q.noticeEndsAt) revert QualificationNoticeClosed(qualificationId, q.noticeEndsAt);
        objectionIndex = _objectionCount[qualificationId]++;
        _objectionOpen[qualificationId][objectionIndex] = true;
        q.openObjections++;
        emit QualificationObjectionLodged(qualificationId, objectionIndex, objectionHash, _sender());
    }

    /// @inheritdoc IQualificationRegistry
    function resolveObjection(uint32 qualificationId, uint32 objectionIndex, bool upheld, bytes32 resolutionHash) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        Qualification storage q = _inState(qualificationId, QualificationState.InNotice);
        if (!_objectionOpen[qualificationId][objectionIndex]) {
            revert QualificationObjectionUnknown(qualificationId, objectionIndex);
        }
        _objectionOpen[qualificationId][objectionIndex] = false;
        q.openObjections--;
        emit QualificationObjectionResolved(qualificationId, objectionIndex, upheld, resolutionHash, bureauOrg, _sender());
        if (upheld) _reject(q, qualificationId, resolutionHash, bureauOrg);
    }

    /// @inheritdoc IQualificationRegistry
    function activate(
        uint32 qualificationId,
        bytes32 agreementHash,
        uint16 clauseManifest,
        bytes32 securityCommitmentHash,
        uint64 validUntil
    ) external {
        Qualification storage q = _inState(qualificationId, QualificationState.InNotice);
        uint32 activator = _reviewer(q.role, qualificationId);
        if (block.timestamp < q.noticeEndsAt) revert QualificationNoticeOpen(qualificationId, q.noticeEndsAt);
        if (q.openObjections != 0) revert QualificationObjectionsOpen(qualificationId, q.openObjections);
        // a revocation of an earlier qualification during this procedure bars this one too
        uint64 bar = _barredUntil[q.org];
        if (block.timestamp < bar) revert QualificationApplicantBarred(q.org, bar);
        _requireIncidentFree(q.org);
        if (securityCommitmentHash == bytes32(0)) revert QualificationCommitmentMissing(qualificationId);
        _requireCompleteAgreement(clauseManifest);
        uint64 termStart = uint64(block.timestamp);
        if (q.renews != 0) termStart = _replaceRenewed(q, qualificationId, termStart);
        _requireTerm(termStart, validUntil);
        q.state = QualificationState.Active;
        q.validFrom = uint64(block.timestamp);
        q.validUntil = validUntil;
        q.agreementHash = agreementHash;
        q.securityCommitmentHash = securityCommitmentHash;
        emit QualificationActivated(qualificationId, q.org, validUntil, agreementHash, clauseManifest, securityCommitmentHash, activator, _sender());
    }

    // ==== Suspension and the end of a qualification ====

    /// @inheritdoc IQualificationRegistry
    function suspend(uint32 qualificationId, bytes32 reasonHash) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        _inState(qualificationId, QualificationState.Active).state = QualificationState.Suspended;
        emit QualificationSuspended(qualificationId, reasonHash, bureauOrg, _sender());
    }

    /// @inheritdoc IQualificationRegistry
    function reinstate(uint32 qualificationId, bytes32 reasonHash) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        _inState(qualificationId, QualificationState.Suspended).state = QualificationState.Active;
        emit QualificationReinstated(qualificationId, reasonHash, bureauOrg, _sender());
    }

    /// @inheritdoc IQualificationRegistry
    function terminate(uint32 qualificationId, TerminationReason reason, bytes32 reasonHash) external {
        Qualification storage q = _liveOrSuspended(qualificationId);
        (uint32 org, OrgKind kind) = _actor();
        if (reason == TerminationReason.None) revert QualificationReasonInvalid(reason);
        if (kind != OrgKind.Bureau) {
            if (org != q.org) revert QualificationNotHolder(qualificationId, org);
            if (reason != TerminationReason.OwnRequest) revert QualificationReasonInvalid(reason);
        }
        if (reason == TerminationReason.Expiry && block.timestamp <= q.validUntil) revert QualificationReasonInvalid(reason);
        // violations end a qualification only through revoke, which starts the re-application bar
        if (_isViolation(reason)) revert QualificationReasonInvalid(reason);
        q.state = QualificationState.Terminated;
        q.endReason = reason;
        emit QualificationTerminated(qualificationId, reason, reasonHash, org, _sender());
    }

    /// @inheritdoc IQualificationRegistry
    function revoke(uint32 qualificationId, TerminationReason reason, bytes32 reasonHash) external {
        // a rectification order that lapsed revokes through the Supervision contract, for the bureau
        uint32 bureauOrg = _orgs.isLedgerContract(msg.sender) ? _orgs.bureau() : _actorOfKind(OrgKind.Bureau);
        Qualification storage q = _liveOrSuspended(qualificationId);
        if (!_isViolation(reason)) revert QualificationReasonInvalid(reason);
        q.state = QualificationState.Revoked;
        q.endReason = reason;
        uint64 bar = uint64(block.timestamp) + _rule(Parameter.ReapplyBar);
        _barredUntil[q.org] = bar;
        emit QualificationRevoked(qualificationId, reason, bar, bureauOrg, _sender());
        emit QualificationTerminated(qualificationId, reason, reasonHash, bureauOrg, _sender());
    }

    // ==== Security incidents (Art. 10 item 4) ====

    /// @inheritdoc IQualificationRegistry
    function noteIncident(uint32 org) external {
        if (!_orgs.isLedgerContract(msg.sender)) revert QualificationIncidentSourceInvalid(msg.sender);
        _lastIncidentAt[org] = uint64(block.timestamp);
    }
}

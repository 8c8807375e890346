// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AgreementClauses, OrgKind, Parameter, QualificationState, TerminationReason} from "../common/Types.sol";
import {RegistryClient} from "../common/RegistryClient.sol";
import {IQualificationRegistry} from "../interfaces/IQualificationRegistry.sol";

/// @title QualificationRecords
/// @notice The records of QualificationRegistry, their views and the rules its steps share (Art. 10-15);
/// the steps themselves (apply, review, decide, notice, activate, suspend, end) are in QualificationRegistry.
abstract contract QualificationRecords is IQualificationRegistry, RegistryClient {
    /// @dev Art. 10 (4): no network- or data-security incident in the last 3 years.
    uint64 internal constant _INCIDENT_FREE_PERIOD = 3 * 365 days;

    mapping(uint32 qualificationId => Qualification) internal _qualifications;
    mapping(uint32 org => uint32 qualificationId) internal _current;
    /// @dev A renewal application in progress; `_current` keeps the qualification in force until it activates.
    mapping(uint32 org => uint32 qualificationId) internal _renewal;
    mapping(uint32 org => uint64 until) internal _barredUntil;
    mapping(uint32 org => uint64 at) internal _lastIncidentAt;
    mapping(uint32 qualificationId => mapping(uint32 objectionIndex => bool open)) internal _objectionOpen;
    mapping(uint32 qualificationId => uint32 count) internal _objectionCount;
    uint32 internal _count;

    // ==== Views ====

    /// @inheritdoc IQualificationRegistry
    function qualification(uint32 qualificationId) external view returns (Qualification memory) {
        return _qualifications[qualificationId];
    }

    /// @inheritdoc IQualificationRegistry
    function currentQualification(uint32 org) external view returns (uint32) {
        return _current[org];
    }

    /// @inheritdoc IQualificationRegistry
    function pendingRenewal(uint32 org) external view returns (uint32) {
        uint32 id = _renewal[org];
        return _isPending(_qualifications[id]) ? id : 0;
    }

    /// @inheritdoc IQualificationRegistry
    function qualifiedUntil(uint32 org) external view returns (uint64) {
        Qualification storage q = _qualifications[_current[org]];
        return q.state == QualificationState.Active ? q.validUntil : 0;
    }

    /// @inheritdoc IQualificationRegistry
    function isQualifiedAt(uint32 org, uint64 at) public view returns (bool) {
        Qualification storage q = _qualifications[_current[org]];
        return q.state == QualificationState.Active && at >= q.validFrom && at <= q.validUntil;
    }

    /// @inheritdoc IQualificationRegistry
    function lastIncidentAt(uint32 org) external view returns (uint64) {
        return _lastIncidentAt[org];
    }

    /// @inheritdoc IQualificationRegistry
    function barredUntil(uint32 org) external view returns (uint64) {
        return _barredUntil[org];
    }

    // ==== Internals ====

    /// @dev A renewal takes the place of the qualification it renews, which must still be in force (not
    /// suspended or ended); its term counts from the old expiry. Returns the start of the new term.
    function _replaceRenewed(Qualification storage q, uint32 qualificationId, uint64 now_) internal returns (uint64) {
        Qualification storage old = _qualifications[q.renews];
        if (old.state != QualificationState.Active) revert QualificationStateInvalid(q.renews, old.state);
        _current[q.org] = qualificationId;
        delete _renewal[q.org];
        return old.validUntil > now_ ? old.validUntil : now_;
    }

    function _requireEvidence(Evidence calldata e) internal pure {
        if (e.eligibility == bytes32(0)) revert QualificationEvidenceMissing(0);
        if (e.team == bytes32(0)) revert QualificationEvidenceMissing(1);
        if (e.securitySystem == bytes32(0)) revert QualificationEvidenceMissing(2);
        if (e.securityOfficer == bytes32(0)) revert QualificationEvidenceMissing(3);
    }

    function _requireIncidentFree(uint32 org) internal view {
        uint64 at = _lastIncidentAt[org];
        if (at != 0 && block.timestamp < at + _INCIDENT_FREE_PERIOD) {
            revert QualificationRecentIncident(org, at, at + _INCIDENT_FREE_PERIOD);
        }
    }

    function _qualifiedNow(uint32 org) internal view returns (bool) {
        return isQualifiedAt(org, uint64(block.timestamp));
    }

    /// @dev The reviewing body: the bureau for the operator; a qualified operator for developers.
    function _reviewer(OrgKind role, uint32 qualificationId) internal view returns (uint32 org) {
        OrgKind kind;
        (org, kind) = _actor();
        bool ok = role == OrgKind.Operator
            ? kind == OrgKind.Bureau
            : kind == OrgKind.Operator && _qualifiedNow(org);
        if (!ok) revert QualificationReviewerInvalid(qualificationId, org);
    }

    function _inState(uint32 qualificationId, QualificationState expected) internal view returns (Qualification storage q) {
        q = _qualifications[qualificationId];
        if (q.state == QualificationState.None) revert QualificationUnknown(qualificationId);
        if (q.state != expected) revert QualificationStateInvalid(qualificationId, q.state);
    }

    function _liveOrSuspended(uint32 qualificationId) internal view returns (Qualification storage q) {
        q = _qualifications[qualificationId];
        if (q.state == QualificationState.None) revert QualificationUnknown(qualificationId);
        if (q.state != QualificationState.Active && q.state != QualificationState.Suspended) {
            revert QualificationStateInvalid(qualificationId, q.state);
        }
    }

    function _startNotice(Qualification storage q, uint32 qualificationId) internal {
        uint64 endsAt = uint64(block.timestamp) + _rule(Parameter.NoticePeriod);
        q.state = QualificationState.InNotice;
        q.noticeEndsAt = endsAt;
        emit QualificationNoticeStarted(qualificationId, endsAt);
    }

    function _reject(Qualification storage q, uint32 qualificationId, bytes32 reasonHash, uint32 byOrg) internal {
        q.state = QualificationState.Rejected;
        emit QualificationRejected(qualificationId, reasonHash, byOrg, _sender());
    }

    function _requireTerm(uint64 from, uint64 validUntil) internal view {
        uint64 latest = from + _rule(Parameter.MaxTerm);
        if (validUntil <= block.timestamp || validUntil > latest) revert QualificationTermInvalid(validUntil, latest);
    }

    /// @dev A qualification still in procedure or in force blocks a new application; an ended or expired one does not.
    function _isPending(Qualification storage q) internal view returns (bool) {
        QualificationState s = q.state;
        if (s == QualificationState.Active) return block.timestamp <= q.validUntil;
        return s != QualificationState.Terminated && s != QualificationState.Revoked && s != QualificationState.Rejected;
    }

    function _isViolation(TerminationReason reason) internal pure returns (bool) {
        return reason == TerminationReason.UnlawfulUse || reason == TerminationReason.Breach || reason == TerminationReason.SecurityRisk;
    }

    function _requireCompleteAgreement(uint16 manifest) internal pure {
        uint16 missing = AgreementClauses.ALL & ~manifest;
        if (missing != 0) revert QualificationAgreementIncomplete(manifest, missing);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EvaluationKind, IncidentState, OrgKind, OrgStatus, QualificationState, RectificationState, TerminationReason} from "./common/Types.sol";
import {RegistryClient} from "./common/RegistryClient.sol";
import {IOrganizationRegistry} from "./interfaces/IOrganizationRegistry.sol";
import {IQualificationRegistry} from "./interfaces/IQualificationRegistry.sol";
import {ISupervision} from "./interfaces/ISupervision.sol";
import {ISuspensionHolder} from "./interfaces/IOrganizationRegistry.sol";

/// @title Supervision
/// @notice Inspections, evaluations, incidents, rectification orders, filings and annual reports.
/// @dev The bureau authorizes this contract (a collective decision) to suspend and reinstate organisations
/// and to revoke qualifications, so that an order closes access in the same transaction that issues it.
contract Supervision is ISupervision, ISuspensionHolder, RegistryClient {
    uint8 private constant _MAX_SEVERITY = 4;

    IQualificationRegistry private immutable _qualifications;

    mapping(uint32 evaluationId => Evaluation) private _evaluations;
    mapping(uint32 incidentId => Incident) private _incidents;
    mapping(uint32 orderId => RectificationOrder) private _orders;
    mapping(uint32 org => uint32 count) private _openOrders;
    /// @dev True while the organisation's suspension is this contract's own, from its open orders: only then
    /// does confirming the last order lift it. A suspension for another reason, or after a lapsed order, stays.
    mapping(uint32 org => bool) private _suspendedByOrders;
    mapping(uint32 org => uint32 evaluationId) private _terminationGround;
    mapping(uint32 org => bool) private _assessors;
    mapping(uint32 org => mapping(uint16 year => bytes32 reportHash)) private _annualReports;
    uint32 private _evaluationCount;
    uint32 private _incidentCount;
    uint32 private _orderCount;

    constructor(IOrganizationRegistry orgs_, IQualificationRegistry qualifications_) RegistryClient(orgs_, "TDL Supervision") {
        _qualifications = qualifications_;
    }

    // ==== Inspections and evaluations ====

    /// @inheritdoc ISupervision
    function nameAssessor(uint32 assessor, bool named) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        (OrgKind kind, ) = _orgs.statusOf(assessor);
        if (kind != OrgKind.Assessor) revert WrongOrganizationKind(assessor, kind, OrgKind.Assessor);
        _assessors[assessor] = named;
        emit AssessorNamed(assessor, named, bureauOrg, _sender());
    }

    /// @inheritdoc ISupervision
    function recordEvaluation(uint32 subject, EvaluationKind kind, bool passed, bytes32 reportHash) external returns (uint32 evaluationId) {
        (uint32 evaluator, OrgKind evaluatorKind) = _actor();
        bool allowed = evaluatorKind == OrgKind.Bureau ||
            evaluatorKind == OrgKind.IndustryAuthority || // Art. 29, 30
            evaluatorKind == OrgKind.BusinessSupervisor ||
            evaluatorKind == OrgKind.SecuritySupervisor ||
            _assessors[evaluator];
        if (!allowed) revert SupervisionEvaluatorInvalid(evaluator);
        if (kind == EvaluationKind.None) revert SupervisionKindInvalid(kind);
        _requireOrg(subject);
        evaluationId = ++_evaluationCount;
        _evaluations[evaluationId] = Evaluation(subject, evaluator, kind, passed, uint64(block.timestamp), reportHash);
        emit EvaluationRecorded(evaluationId, subject, kind, passed, reportHash, evaluator, _sender());
        if (kind == EvaluationKind.CapabilityEvaluation && !passed) {
            _terminationGround[subject] = evaluationId;
            emit TerminationGroundRecorded(subject, evaluationId);
        }
    }

    // ==== Incidents ====

    /// @inheritdoc ISupervision
    function reportIncident(uint32 subject, uint8 severity, bytes32 reportHash, bool stopOwnAccess) external returns (uint32 incidentId) {
        (uint32 reporter, ) = _actor();
        if (severity == 0 || severity > _MAX_SEVERITY) revert SupervisionSeverityInvalid(severity);
        _requireOrg(subject);
        incidentId = ++_incidentCount;
        _incidents[incidentId] = Incident(reporter, subject, severity, IncidentState.Reported, stopOwnAccess, uint64(block.timestamp), reportHash);
        emit IncidentReported(incidentId, subject, severity, reportHash, stopOwnAccess, reporter, _sender());
        _qualifications.noteIncident(subject);
        if (stopOwnAccess) _orgs.suspendOrganization(reporter, reportHash);
    }

    /// @inheritdoc ISupervision
    function handleIncident(uint32 incidentId, bytes32 handlingHash) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        Incident storage i = _incident(incidentId);
        if (i.state != IncidentState.Reported) revert SupervisionIncidentStateInvalid(incidentId, i.state);
        i.state = IncidentState.Handling;
        emit IncidentHandling(incidentId, handlingHash, bureauOrg, _sender());
    }

    /// @inheritdoc ISupervision
    function closeIncident(uint32 incidentId, bytes32 closureHash) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        Incident storage i = _incident(incidentId);
        if (i.state == IncidentState.Closed) revert SupervisionIncidentStateInvalid(incidentId, i.state);
        i.state = IncidentState.Closed;
        emit IncidentClosed(incidentId, closureHash, bureauOrg, _sender());
    }

    // ==== Rectification orders ====

    /// @inheritdoc ISupervision
    function issueRectification(uint32 org, bytes32 orderHash, uint64 deadline) external returns (uint32 orderId) {
        uint32 issuer = _orderAuthority();
        _requireOrg(org);
        if (deadline <= block.timestamp) revert SupervisionDeadlineInvalid(deadline);
        orderId = ++_orderCount;
        _orders[orderId] = RectificationOrder(org, RectificationState.Open, deadline, issuer, orderHash);
        emit RectificationOrdered(orderId, org, orderHash, deadline, issuer, _sender());
        _openOrders[org]++;
        (, OrgStatus status) = _orgs.statusOf(org);
        if (status == OrgStatus.Active) {
            _suspendedByOrders[org] = true;
            _orgs.suspendOrganization(org, orderHash);
        }
    }

    /// @inheritdoc ISupervision
    function confirmRectification(uint32 orderId, bytes32 evidenceHash) external {
        RectificationOrder storage o = _openOrder(orderId);
        uint32 byOrg = _issuerOrBureau(o, orderId);
        // Art. 32: a correction after the deadline does not restore access; the order lapses into revocation
        if (block.timestamp > o.deadline) revert SupervisionDeadlinePassed(orderId, o.deadline);
        o.state = RectificationState.Corrected;
        emit RectificationConfirmed(orderId, o.org, evidenceHash, byOrg, _sender());
        if (--_openOrders[o.org] == 0 && _suspendedByOrders[o.org]) {
            _suspendedByOrders[o.org] = false;
            (, OrgStatus status) = _orgs.statusOf(o.org);
            if (status == OrgStatus.Suspended) _orgs.reinstateOrganization(o.org, evidenceHash);
        }
    }

    /// @inheritdoc ISupervision
    function revokeAfterDeadline(uint32 orderId) external {
        RectificationOrder storage o = _openOrder(orderId);
        uint32 byOrg = _issuerOrBureau(o, orderId);
        if (block.timestamp <= o.deadline) revert SupervisionDeadlineNotPassed(orderId, o.deadline);
        o.state = RectificationState.Revoked;
        _openOrders[o.org]--;
        _suspendedByOrders[o.org] = false; // a lapsed order leaves the organisation suspended for good
        uint32 qualificationId = _qualifications.currentQualification(o.org);
        QualificationState state = _qualifications.qualification(qualificationId).state;
        if (state == QualificationState.Active || state == QualificationState.Suspended) {
            _qualifications.revoke(qualificationId, TerminationReason.Breach, o.orderHash);
        } else {
            qualificationId = 0;
        }
        emit RectificationLapsed(orderId, o.org, qualificationId, byOrg, _sender());
    }

    // ==== Filings and annual reports ====

    /// @inheritdoc ISupervision
    function fileAgreement(uint32 counterparty, bytes32 agreementHash) external {
        uint32 operator = _actorOfKind(OrgKind.Operator);
        _requireOrg(counterparty);
        emit AgreementFiled(operator, counterparty, agreementHash, _sender());
    }

    /// @inheritdoc ISupervision
    function fileAnnualReport(uint16 year, bytes32 reportHash) external {
        uint32 operator = _actorOfKind(OrgKind.Operator);
        uint16 thisYear = currentYear();
        if (year > thisYear || year < 2000) revert SupervisionReportYearInvalid(year, thisYear);
        if (reportHash == bytes32(0)) revert SupervisionReportEmpty(); // a zero hash would read as "not filed"
        if (_annualReports[operator][year] != bytes32(0)) revert SupervisionReportAlreadyFiled(operator, year);
        _annualReports[operator][year] = reportHash;
        emit AnnualReportFiled(operator, year, reportHash, _sender());
    }

    // ==== Views ====

    /// @inheritdoc ISupervision
    function evaluation(uint32 evaluationId) external view returns (Evaluation memory) {
        return _evaluations[evaluationId];
    }

    /// @inheritdoc ISupervision
    function incident(uint32 incidentId) external view returns (Incident memory) {
        return _incidents[incidentId];
    }

    /// @inheritdoc ISupervision
    function rectificationOrder(uint32 orderId) external view returns (RectificationOrder memory) {
        return _orders[orderId];
    }

    /// @inheritdoc ISupervision
    function isRectificationOverdue(uint32 orderId) external view returns (bool) {
        RectificationOrder storage o = _orders[orderId];
        return o.state == RectificationState.Open && block.timestamp > o.deadline;
    }

    /// @inheritdoc ISupervision
    function terminationGround(uint32 org) external view returns (uint32) {
        return _terminationGround[org];
    }

    /// @inheritdoc ISupervision
    function annualReport(uint32 org, uint16 year) external view returns (bytes32) {
        return _annualReports[org][year];
    }

    /// @inheritdoc ISupervision
    function isAnnualReportMissing(uint32 org, uint16 year) external view returns (bool) {
        return year < currentYear() && _annualReports[org][year] == bytes32(0);
    }

    /// @inheritdoc ISupervision
    function currentYear() public view returns (uint16) {
        // civil-from-days (Howard Hinnant), UTC
        int256 z = int256(block.timestamp / 1 days) + 719468;
        int256 era = z / 146097;
        int256 doe = z - era * 146097;
        int256 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        int256 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int256 mp = (5 * doy + 2) / 153;
        int256 year = yoe + era * 400 + (mp >= 10 ? int256(1) : int256(0));
        return uint16(uint256(year));
    }

    /// @inheritdoc ISuspensionHolder
    function holdsSuspension(uint32 org) external view returns (bool) {
        return _openOrders[org] != 0;
    }

    /// @inheritdoc ISupervision
    function isAssessor(uint32 org) external view returns (bool) {
        return _assessors[org];
    }

    // ==== Internals ====

    /// @dev Art. 32: the bureau and the industry authorities order correction.
    function _orderAuthority() private view returns (uint32 org) {
        OrgKind kind;
        (org, kind) = _actor();
        if (kind != OrgKind.Bureau && kind != OrgKind.IndustryAuthority) revert WrongOrganizationKind(org, kind, OrgKind.Bureau);
    }

    /// @dev An order is closed by the authority that issued it, or by the bureau above it.
    function _issuerOrBureau(RectificationOrder storage o, uint32 orderId) private view returns (uint32 org) {
        OrgKind kind;
        (org, kind) = _actor();
        if (org != o.issuer && kind != OrgKind.Bureau) revert SupervisionNotIssuer(orderId, org, o.issuer);
    }

    function _requireOrg(uint32 org) private view {
        (OrgKind kind, ) = _orgs.statusOf(org);
        if (kind == OrgKind.None) revert SupervisionOrgUnknown(org);
    }

    function _incident(uint32 incidentId) private view returns (Incident storage i) {
        i = _incidents[incidentId];
        if (i.state == IncidentState.None) revert SupervisionIncidentUnknown(incidentId);
    }

    function _openOrder(uint32 orderId) private view returns (RectificationOrder storage o) {
        o = _orders[orderId];
        if (o.state == RectificationState.None) revert SupervisionOrderUnknown(orderId);
        if (o.state != RectificationState.Open) revert SupervisionOrderStateInvalid(orderId, o.state);
    }
}

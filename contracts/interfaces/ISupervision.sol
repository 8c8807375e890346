// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EvaluationKind, IncidentState, RectificationState} from "../common/Types.sol";
import {ILedgerErrors} from "./ILedgerErrors.sol";

/// @title ISupervision
/// @notice Supervision (Art. 8, 24-32; R3, R18-R22): inspections and evaluations, incident reports,
/// rectification orders that close access at once, and the operator's filings and annual reports.
interface ISupervision is ILedgerErrors {
    struct Evaluation {
        uint32 subject; //      the organisation evaluated
        uint32 evaluator; //    the bureau, a supervisor, or an assessor the bureau named
        EvaluationKind kind;
        bool passed;
        uint64 recordedAt;
        bytes32 reportHash;
    }

    struct Incident {
        uint32 reporter;
        uint32 subject; //      the organisation concerned (may be the reporter)
        uint8 severity; //      1 (minor) .. 4 (most severe)
        IncidentState state;
        bool accessStopped; //  the reporter asked for its own access to stop at once
        uint64 reportedAt;
        bytes32 reportHash;
    }

    struct RectificationOrder {
        uint32 org;
        RectificationState state;
        uint64 deadline;
        uint32 issuer; //       the bureau or an industry authority (Art. 32)
        bytes32 orderHash;
    }

    // ==== Errors ====

    error SupervisionEvaluatorInvalid(uint32 caller);
    error SupervisionKindInvalid(EvaluationKind kind);
    error SupervisionOrgUnknown(uint32 org);
    error SupervisionSeverityInvalid(uint8 severity);
    error SupervisionIncidentUnknown(uint32 incidentId);
    error SupervisionIncidentStateInvalid(uint32 incidentId, IncidentState state);
    error SupervisionOrderUnknown(uint32 orderId);
    error SupervisionOrderStateInvalid(uint32 orderId, RectificationState state);
    error SupervisionDeadlineInvalid(uint64 deadline);
    error SupervisionDeadlineNotPassed(uint32 orderId, uint64 deadline);
    /// @notice Art. 32: the deadline passed uncorrected; the order lapses into revocation, not correction.
    error SupervisionDeadlinePassed(uint32 orderId, uint64 deadline);
    /// @notice Only the authority that issued the order, or the bureau, closes it.
    error SupervisionNotIssuer(uint32 orderId, uint32 caller, uint32 issuer);
    error SupervisionReportYearInvalid(uint16 year, uint16 currentYear);
    error SupervisionReportAlreadyFiled(uint32 org, uint16 year);
    error SupervisionReportEmpty();

    // ==== Events ====

    /// @param assessor the assessor organisation
    /// @param named whether the assessor is named (true) or removed (false)
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event AssessorNamed(uint32 indexed assessor, bool named, uint32 indexed byOrg, address indexed byKey);
    /// @param evaluationId the evaluation's id
    /// @param subject the organisation concerned
    /// @param kind the kind
    /// @param passed whether it passed
    /// @param reportHash hash of the report
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event EvaluationRecorded(uint32 indexed evaluationId, uint32 indexed subject, EvaluationKind kind, bool passed, bytes32 reportHash, uint32 indexed byOrg, address byKey);
    /// @param subject the organisation concerned
    /// @param evaluationId the evaluation's id
    event TerminationGroundRecorded(uint32 indexed subject, uint32 indexed evaluationId);
    /// @param incidentId the incident's id
    /// @param subject the organisation concerned
    /// @param severity the severity level
    /// @param reportHash hash of the report
    /// @param accessStopped whether the subject's own data access was stopped
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event IncidentReported(uint32 indexed incidentId, uint32 indexed subject, uint8 severity, bytes32 reportHash, bool accessStopped, uint32 indexed byOrg, address byKey);
    /// @param incidentId the incident's id
    /// @param handlingHash hash of the handling report
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event IncidentHandling(uint32 indexed incidentId, bytes32 handlingHash, uint32 indexed byOrg, address indexed byKey);
    /// @param incidentId the incident's id
    /// @param closureHash hash of the closure report
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event IncidentClosed(uint32 indexed incidentId, bytes32 closureHash, uint32 indexed byOrg, address indexed byKey);
    /// @param orderId the rectification order's id
    /// @param org the organisation's id
    /// @param orderHash hash of the rectification order
    /// @param deadline the deadline (unix seconds)
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event RectificationOrdered(uint32 indexed orderId, uint32 indexed org, bytes32 orderHash, uint64 deadline, uint32 byOrg, address indexed byKey);
    /// @param orderId the rectification order's id
    /// @param org the organisation's id
    /// @param evidenceHash hash of the evidence
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event RectificationConfirmed(uint32 indexed orderId, uint32 indexed org, bytes32 evidenceHash, uint32 byOrg, address indexed byKey);
    /// @param orderId the rectification order's id
    /// @param org the organisation's id
    /// @param qualificationRevoked whether the qualification was revoked
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event RectificationLapsed(uint32 indexed orderId, uint32 indexed org, uint32 qualificationRevoked, uint32 byOrg, address indexed byKey);
    /// @param org the organisation's id
    /// @param counterparty the other party
    /// @param agreementHash hash of the signed agreement
    /// @param byKey the key that acted
    event AgreementFiled(uint32 indexed org, uint32 indexed counterparty, bytes32 agreementHash, address indexed byKey);
    /// @param org the organisation's id
    /// @param year the year
    /// @param reportHash hash of the report
    /// @param byKey the key that acted
    event AnnualReportFiled(uint32 indexed org, uint16 indexed year, bytes32 reportHash, address indexed byKey);

    // ==== Inspections and evaluations ====

    /// @notice Bureau staff name (or un-name) a third-party assessor allowed to record evaluations.
    /// @param assessor the assessor organisation
    /// @param named whether the assessor is named (true) or removed (false)
    function nameAssessor(uint32 assessor, bool named) external;

    /// @notice The bureau, an industry authority (Art. 29, 30), a supervisor or a named assessor records an inspection or evaluation.
    /// @param subject the organisation concerned
    /// @param kind the kind
    /// @param passed whether it passed
    /// @param reportHash hash of the report
    /// @return evaluationId the evaluation's id
    function recordEvaluation(uint32 subject, EvaluationKind kind, bool passed, bytes32 reportHash) external returns (uint32 evaluationId);

    // ==== Incidents ====

    /// @notice Any participant reports an incident; with `stopOwnAccess` its own organisation is suspended at once.
    /// @param subject the organisation concerned
    /// @param severity the severity level
    /// @param reportHash hash of the report
    /// @param stopOwnAccess whether to stop the reporter's own data access
    /// @return incidentId the incident's id
    function reportIncident(uint32 subject, uint8 severity, bytes32 reportHash, bool stopOwnAccess) external returns (uint32 incidentId);

    /// @notice Bureau staff record the handling of an incident.
    /// @param incidentId the incident's id
    /// @param handlingHash hash of the handling report
    function handleIncident(uint32 incidentId, bytes32 handlingHash) external;

    /// @notice Bureau staff close an incident.
    /// @param incidentId the incident's id
    /// @param closureHash hash of the closure report
    function closeIncident(uint32 incidentId, bytes32 closureHash) external;

    // ==== Rectification orders ====

    /// @notice Bureau or industry-authority staff (Art. 32) order a correction by a deadline; the organisation's access is
    /// suspended at once, and no one lifts that suspension but by closing the order.
    /// @param org the organisation's id
    /// @param orderHash hash of the rectification order
    /// @param deadline the deadline (unix seconds)
    /// @return orderId the rectification order's id
    function issueRectification(uint32 org, bytes32 orderHash, uint64 deadline) external returns (uint32 orderId);

    /// @notice The issuing authority or the bureau confirms the correction, only by the deadline (Art. 32); access is
    /// restored when no other order is open.
    /// @param orderId the rectification order's id
    /// @param evidenceHash hash of the evidence
    function confirmRectification(uint32 orderId, bytes32 evidenceHash) external;

    /// @notice After the deadline without correction, the issuing authority or the bureau revokes: the qualification is revoked for breach
    /// (starting the re-application bar) and the organisation stays suspended.
    /// @param orderId the rectification order's id
    function revokeAfterDeadline(uint32 orderId) external;

    // ==== Filings (备案) and annual reports ====

    /// @notice The operator files an agreement it signed.
    /// @param counterparty the other party
    /// @param agreementHash hash of the signed agreement
    function fileAgreement(uint32 counterparty, bytes32 agreementHash) external;

    /// @notice The operator files its annual operating report for a year (at most the current year).
    /// @param year the year
    /// @param reportHash hash of the report
    function fileAnnualReport(uint16 year, bytes32 reportHash) external;

    // ==== Views ====

    /// @param evaluationId the evaluation's id
    /// @return the evaluation
    function evaluation(uint32 evaluationId) external view returns (Evaluation memory);

    /// @param incidentId the incident's id
    /// @return the incident
    function incident(uint32 incidentId) external view returns (Incident memory);

    /// @param orderId the rectification order's id
    /// @return the order
    function rectificationOrder(uint32 orderId) external view returns (RectificationOrder memory);

    /// @notice An open order past its deadline.
    /// @param orderId the rectification order's id
    /// @return whether the order is overdue
    function isRectificationOverdue(uint32 orderId) external view returns (bool);

    /// @notice The id of the latest failed capability evaluation of an organisation (0 if none): a termination ground.
    /// @param org the organisation's id
    /// @return evaluationId the evaluation's id
    function terminationGround(uint32 org) external view returns (uint32 evaluationId);

    /// @param org the organisation's id
    /// @param year the year
    /// @return reportHash hash of the report
    function annualReport(uint32 org, uint16 year) external view returns (bytes32 reportHash);

    /// @notice Whether the report of a past year is missing.
    /// @param org the organisation's id
    /// @param year the year
    /// @return whether the annual report is missing
    function isAnnualReportMissing(uint32 org, uint16 year) external view returns (bool);

    /// @notice The current calendar year (UTC) of the chain's clock.
    /// @return the current year
    function currentYear() external view returns (uint16);

    /// @param org the organisation's id
    /// @return whether the organisation is a named assessor
    function isAssessor(uint32 org) external view returns (bool);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ApplicationState, Purpose} from "../common/Types.sol";
import {ILedgerErrors} from "./ILedgerErrors.sol";

/// @title IDataApplications
/// @notice A developer's data application for one scenario (Art. 17-18, R11, R12, R15): resources and the
/// minimum necessary fields of each, the plan's hash and the purpose; the operator's first review, the
/// operator's confirmation when social data is fused, and the bureau's final review.
interface IDataApplications is ILedgerErrors {
    /// @notice The operator's first-review findings, one bit each (set = passed).
    /// FEASIBILITY = 1, COMPLIANCE = 2, RISK = 4, VALUE = 8.
    struct Application {
        uint32 developer; //        the applicant
        ApplicationState state;
        Purpose purpose; //         public-interest or commercial (R15)
        bool fusesSocialData; //    fusing social data needs the operator's confirmation
        bool fusionConfirmed;
        uint8 firstReviewFindings; // bits of the four first-review findings
        uint64 submittedAt;
        bytes32 scenario; //        the one scenario this application is for
        bytes32 planHash; //        scope, scenario, market research, technical route, expected results, revenue sharing
        uint32[] resources; //      strictly increasing resource ids
    }

    // ==== Errors ====

    error ApplicationUnknown(uint32 applicationId);
    error ApplicationStateInvalid(uint32 applicationId, ApplicationState state);
    error ApplicationDeveloperNotQualified(uint32 developer);
    error ApplicationScopeInvalid(uint256 index);
    error ApplicationResourceNotOpen(uint32 resourceId);
    error ApplicationFieldsInvalid(uint32 resourceId, uint256 fieldMask, uint16 fieldCount);
    error ApplicationPurposeInvalid();
    error ApplicationFindingsIncomplete(uint8 findings);
    error ApplicationFusionUnconfirmed(uint32 applicationId);
    error ApplicationNotQualifiedOperator(uint32 caller);

    // ==== Events ====

    /// @param applicationId the application's id
    /// @param developer the developer organisation
    /// @param scenario the scenario (hash)
    /// @param resources the resource ids, strictly increasing
    /// @param fieldMasks per-resource field masks, in the order of the resources
    /// @param planHash hash of the application plan
    /// @param purpose the purpose (public-interest or commercial)
    /// @param fusesSocialData whether social data is fused
    /// @param byKey the key that acted
    event ApplicationSubmitted(
        uint32 indexed applicationId,
        uint32 indexed developer,
        bytes32 indexed scenario,
        uint32[] resources,
        uint256[] fieldMasks,
        bytes32 planHash,
        Purpose purpose,
        bool fusesSocialData,
        address byKey
    );
    /// @param applicationId the application's id
    /// @param approved true if approved, false if refused
    /// @param findings bits of the first-review findings (set = passed)
    /// @param reportHash hash of the report
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ApplicationFirstReviewed(uint32 indexed applicationId, bool approved, uint8 findings, bytes32 reportHash, uint32 indexed byOrg, address indexed byKey);
    /// @param applicationId the application's id
    /// @param confirmationHash hash of the confirmation document
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ApplicationFusionConfirmed(uint32 indexed applicationId, bytes32 confirmationHash, uint32 indexed byOrg, address indexed byKey);
    /// @param applicationId the application's id
    /// @param approved true if approved, false if refused
    /// @param reportHash hash of the report
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ApplicationFinalReviewed(uint32 indexed applicationId, bool approved, bytes32 reportHash, uint32 indexed byOrg, address indexed byKey);

    // ==== Procedure ====

    /// @notice A qualified developer applies for one scenario with resources (strictly increasing ids) and per-resource field masks.
    /// @param scenario the scenario (hash)
    /// @param resources the resource ids, strictly increasing
    /// @param fieldMasks per-resource field masks, in the order of the resources
    /// @param planHash hash of the application plan
    /// @param purpose the purpose (public-interest or commercial)
    /// @param fusesSocialData whether social data is fused
    /// @return applicationId the application's id
    function submit(
        bytes32 scenario,
        uint32[] calldata resources,
        uint256[] calldata fieldMasks,
        bytes32 planHash,
        Purpose purpose,
        bool fusesSocialData
    ) external returns (uint32 applicationId);

    /// @notice The qualified operator's first review. Approval needs all four findings passed; a rejection ends the application.
    /// @param applicationId the application's id
    /// @param approved true if approved, false if refused
    /// @param findings bits of the first-review findings (set = passed)
    /// @param reportHash hash of the report
    function firstReview(uint32 applicationId, bool approved, uint8 findings, bytes32 reportHash) external;

    /// @notice The qualified operator confirms the fusion of social data (Art. 18).
    /// @param applicationId the application's id
    /// @param confirmationHash hash of the confirmation document
    function confirmFusion(uint32 applicationId, bytes32 confirmationHash) external;

    /// @notice The bureau's final review; a rejection ends the application.
    /// @param applicationId the application's id
    /// @param approved true if approved, false if refused
    /// @param reportHash hash of the report
    function finalReview(uint32 applicationId, bool approved, bytes32 reportHash) external;

    // ==== Views ====

    /// @param applicationId the application's id
    /// @return the application
    function application(uint32 applicationId) external view returns (Application memory);

    /// @notice The field mask granted for a resource by an application (0 when the resource is not in it).
    /// @param applicationId the application's id
    /// @param resourceId the resource's id
    /// @return the resource's field mask in the application
    function fieldMask(uint32 applicationId, uint32 resourceId) external view returns (uint256);

    /// @notice What a grant needs from its application: developer, scenario, purpose, whether it is approved, and its resources.
    /// @param applicationId the application's id
    /// @return developer the developer organisation
    /// @return scenario the scenario (hash)
    /// @return purpose the purpose (public-interest or commercial)
    /// @return approved true if approved, false if refused
    /// @return resources the resource ids, strictly increasing
    function grantBasis(uint32 applicationId)
        external
        view
        returns (uint32 developer, bytes32 scenario, Purpose purpose, bool approved, uint32[] memory resources);

    /// @return the number of applications
    function applicationCount() external view returns (uint32);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ApplicationState, OrgKind, Purpose} from "./common/Types.sol";
import {RegistryClient} from "./common/RegistryClient.sol";
import {IDataApplications} from "./interfaces/IDataApplications.sol";
import {IDataCatalog} from "./interfaces/IDataCatalog.sol";
import {IOrganizationRegistry} from "./interfaces/IOrganizationRegistry.sol";
import {IQualificationRegistry} from "./interfaces/IQualificationRegistry.sol";

/// @title DataApplications
/// @notice Developers' per-scenario data applications and their two reviews.
contract DataApplications is IDataApplications, RegistryClient {
    uint8 private constant _ALL_FINDINGS = 0x0f;
    uint256 private constant _MAX_RESOURCES = 16;

    IQualificationRegistry private immutable _qualifications;
    IDataCatalog private immutable _catalog;

    mapping(uint32 applicationId => Application) private _applications;
    mapping(uint32 applicationId => mapping(uint32 resourceId => uint256 mask)) private _fieldMasks;
    uint32 private _count;

    constructor(
        IOrganizationRegistry orgs_,
        IQualificationRegistry qualifications_,
        IDataCatalog catalog_
    ) RegistryClient(orgs_, "TDL DataApplications") {
        _qualifications = qualifications_;
        _catalog = catalog_;
    }

    // ==== Procedure ====

    /// @inheritdoc IDataApplications
    function submit(
        bytes32 scenario,
        uint32[] calldata resources,
        uint256[] calldata fieldMasks,
        bytes32 planHash,
        Purpose purpose,
        bool fusesSocialData
    ) external returns (uint32 applicationId) {
        uint32 developer = _actorOfKind(OrgKind.Developer);
        if (!_qualifiedNow(developer)) revert ApplicationDeveloperNotQualified(developer);
        if (purpose == Purpose.None) revert ApplicationPurposeInvalid();
        uint256 n = resources.length;
        if (n == 0 || n > _MAX_RESOURCES || fieldMasks.length != n) revert ApplicationScopeInvalid(n);
        applicationId = ++_count;
        for (uint256 i = 0; i < n; i++) {
            uint32 resourceId = resources[i];
            if (i > 0 && resourceId <= resources[i - 1]) revert ApplicationScopeInvalid(i);
            _checkFields(resourceId, fieldMasks[i]);
            _fieldMasks[applicationId][resourceId] = fieldMasks[i];
        }
        Application storage a = _applications[applicationId];
        a.developer = developer;
        a.state = ApplicationState.Submitted;
        a.purpose = purpose;
        a.fusesSocialData = fusesSocialData;
        a.submittedAt = uint64(block.timestamp);
        a.scenario = scenario;
        a.planHash = planHash;
        a.resources = resources;
        emit ApplicationSubmitted(applicationId, developer, scenario, resources, fieldMasks, planHash, purpose, fusesSocialData, _sender());
    }

    /// @inheritdoc IDataApplications
    function firstReview(uint32 applicationId, bool approved, uint8 findings, bytes32 reportHash) external {
        uint32 operator = _qualifiedOperator();
        Application storage a = _inState(applicationId, ApplicationState.Submitted);
        if (approved && findings != _ALL_FINDINGS) revert ApplicationFindingsIncomplete(findings);
        a.firstReviewFindings = findings;
        a.state = approved ? ApplicationState.FirstReviewed : ApplicationState.Rejected;
        emit ApplicationFirstReviewed(applicationId, approved, findings, reportHash, operator, _sender());
    }

    /// @inheritdoc IDataApplications
    function confirmFusion(uint32 applicationId, bytes32 confirmationHash) external {
        uint32 operator = _qualifiedOperator();
        Application storage a = _application(applicationId);
        if (!a.fusesSocialData || (a.state != ApplicationState.Submitted && a.state != ApplicationState.FirstReviewed)) {
            revert ApplicationStateInvalid(applicationId, a.state);
        }
        a.fusionConfirmed = true;
        emit ApplicationFusionConfirmed(applicationId, confirmationHash, operator, _sender());
    }

    /// @inheritdoc IDataApplications
    function finalReview(uint32 applicationId, bool approved, bytes32 reportHash) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        Application storage a = _inState(applicationId, ApplicationState.FirstReviewed);
        if (approved && a.fusesSocialData && !a.fusionConfirmed) revert ApplicationFusionUnconfirmed(applicationId);
        a.state = approved ? ApplicationState.Approved : ApplicationState.Rejected;
        emit ApplicationFinalReviewed(applicationId, approved, reportHash, bureauOrg, _sender());
    }

    // ==== Views ====

    /// @inheritdoc IDataApplications
    function application(uint32 applicationId) external view returns (Application memory) {
        return _applications[applicationId];
    }

    /// @inheritdoc IDataApplications
    function fieldMask(uint32 applicationId, uint32 resourceId) external view returns (uint256) {
        return _fieldMasks[applicationId][resourceId];
    }

    /// @inheritdoc IDataApplications
    function grantBasis(uint32 applicationId) external view returns (uint32, bytes32, Purpose, bool, uint32[] memory) {
        Application storage a = _applications[applicationId];
        return (a.developer, a.scenario, a.purpose, a.state == ApplicationState.Approved, a.resources);
    }

    /// @inheritdoc IDataApplications
    function applicationCount() external view returns (uint32) {
        return _count;
    }

    // ==== Internals ====

    function _qualifiedNow(uint32 org) private view returns (bool) {
        return _qualifications.isQualifiedAt(org, uint64(block.timestamp));
    }

    function _qualifiedOperator() private view returns (uint32 operator) {
        operator = _actorOfKind(OrgKind.Operator);
        if (!_qualifiedNow(operator)) revert ApplicationNotQualifiedOperator(operator);
    }

    /// @dev Minimum necessary data: a non-empty mask inside the resource's fields, on a resource open for development.
    function _checkFields(uint32 resourceId, uint256 mask) private view {
        (, bool open, uint16 fieldCount, ) = _catalog.developmentView(resourceId);
        if (!open) revert ApplicationResourceNotOpen(resourceId);
        if (mask == 0 || (fieldCount < 256 && mask >> fieldCount != 0)) {
            revert ApplicationFieldsInvalid(resourceId, mask, fieldCount);
        }
    }

    function _application(uint32 applicationId) private view returns (Application storage a) {
        a = _applications[applicationId];
        if (a.state == ApplicationState.None) revert ApplicationUnknown(applicationId);
    }

    function _inState(uint32 applicationId, ApplicationState expected) private view returns (Application storage a) {
        a = _application(applicationId);
        if (a.state != expected) revert ApplicationStateInvalid(applicationId, a.state);
    }
}

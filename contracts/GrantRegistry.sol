// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {GrantStatus, OrgKind, Purpose, TerminationReason} from "./common/Types.sol";
import {RegistryClient} from "./common/RegistryClient.sol";
import {GrantRecords} from "./records/GrantRecords.sol";
import {IDataApplications} from "./interfaces/IDataApplications.sol";
import {IDataCatalog} from "./interfaces/IDataCatalog.sol";
import {IGrantRegistry} from "./interfaces/IGrantRegistry.sol";
import {IOrganizationRegistry} from "./interfaces/IOrganizationRegistry.sol";
import {IQualificationRegistry} from "./interfaces/IQualificationRegistry.sol";

/// @title GrantRegistry
/// @notice Issues and checks the grant tree. A grant is live only if it, its parent and both parties'
/// qualifications and organisations are live and the time is inside its term: checked at issue and at every use.
contract GrantRegistry is GrantRecords {
    constructor(
        IOrganizationRegistry orgs_,
        IQualificationRegistry qualifications_,
        IDataCatalog catalog_,
        IDataApplications applications_
    ) RegistryClient(orgs_, "TDL GrantRegistry") GrantRecords(qualifications_, catalog_, applications_) {}

    // ==== Issuing ====

    /// @inheritdoc IGrantRegistry
    function issueWholeGrant(uint32 operator, GrantTerms calldata terms, uint256 salt) external returns (uint32 grantId) {
        _executeDecision(keccak256(abi.encode(address(this), "issueWholeGrant", operator, terms, salt)));
        (OrgKind kind, ) = _orgs.statusOf(operator);
        if (kind != OrgKind.Operator) revert WrongOrganizationKind(operator, kind, OrgKind.Operator);
        if (!_qualifications.isQualifiedAt(operator, uint64(block.timestamp))) revert GrantGranteeNotQualified(operator);
        _requireTerms(terms);
        _requireWithinQualification(operator, terms.end);
        grantId = _store(_orgs.bureau(), operator, 0, 0, Purpose.None, terms);
        emit GrantIssued(grantId, operator, 0, _orgs.bureau(), 0, bytes32(0), Purpose.None, terms, _sender());
    }

    /// @inheritdoc IGrantRegistry
    function issueScenarioGrant(uint32 applicationId, uint32 parentId, GrantTerms calldata terms)
        external
        returns (uint32 grantId)
    {
        uint32 operator = _actorOfKind(OrgKind.Operator);
        _requireLiveParent(parentId, operator, terms);
        _requireTerms(terms);
        (uint32 developer, bytes32 scenario, Purpose purpose) = _requireGrantable(applicationId);
        _requireWithinQualification(developer, terms.end);
        _requireWithinQualification(operator, terms.end);
        bytes32 slot = _developerScenario(developer, scenario);
        uint32 holder = _grantFor[slot];
        if (holder != 0) {
            // a scenario's grants come from ever newer applications, so no application is granted twice
            Grant storage held = _grants[holder];
            if (applicationId <= held.application) revert GrantApplicationAlreadyGranted(applicationId, holder);
            if (held.status != GrantStatus.Revoked && block.timestamp <= held.end) {
                revert GrantScenarioAlreadyGranted(developer, scenario, holder);
            }
        }

        grantId = _store(operator, developer, parentId, applicationId, purpose, terms);
        _grantFor[slot] = grantId;
        emit GrantIssued(grantId, developer, parentId, operator, applicationId, scenario, purpose, terms, _sender());
    }

    // ==== Status ====

    /// @inheritdoc IGrantRegistry
    function suspendGrant(uint32 grantId, bytes32 reasonHash) external {
        uint32 byOrg = _moveStatus(grantId, GrantStatus.Active, GrantStatus.Suspended);
        _suspendedBy[grantId] = byOrg;
        emit GrantSuspended(grantId, reasonHash, byOrg, _sender());
    }

    /// @inheritdoc IGrantRegistry
    function reinstateGrant(uint32 grantId, bytes32 reasonHash) external {
        uint32 byOrg = _moveStatus(grantId, GrantStatus.Suspended, GrantStatus.Active);
        // R16, R22: only the authority that suspended, or the bureau above it, lifts a suspension
        uint32 suspender = _suspendedBy[grantId];
        if (byOrg != suspender && byOrg != _orgs.bureau()) revert GrantSuspendedByHigherAuthority(grantId, suspender, byOrg);
        emit GrantReinstated(grantId, reasonHash, byOrg, _sender());
    }

    /// @inheritdoc IGrantRegistry
    function revokeGrant(uint32 grantId, TerminationReason reason, bytes32 reasonHash) external {
        if (reason == TerminationReason.None) revert GrantReasonInvalid(reason);
        GrantStatus from = _existing(grantId).status;
        if (from == GrantStatus.Revoked) revert GrantStatusInvalid(grantId, from);
        uint32 byOrg = _moveStatus(grantId, from, GrantStatus.Revoked);
        emit GrantRevoked(grantId, reason, reasonHash, byOrg, _sender());
    }
}

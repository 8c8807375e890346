// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OrgKind, OrgStatus, Parameter} from "../common/Types.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {LedgerGuard} from "../common/LedgerGuard.sol";
import {IOrganizationRegistry} from "../interfaces/IOrganizationRegistry.sol";

/// @title OrganizationRecords
/// @notice OrganizationRegistry's records (organisations, staff keys, officials, approvals, the rules), their
/// views and the rules its steps share (R17, R24); registering, keys, status and decisions are in OrganizationRegistry.
abstract contract OrganizationRecords is IOrganizationRegistry, LedgerGuard {
    using EnumerableSet for EnumerableSet.AddressSet;

    uint32 internal constant _BUREAU = 1;
    bytes32 internal constant _DECISION_APPROVAL_TYPEHASH =
        keccak256("DecisionApproval(bytes32 decisionId,uint256 nonce,uint64 deadline)");
    uint64 internal constant _DAY = 1 days;

    /// @dev Art. 9: every authorization term is at most 5 years.
    uint64 internal constant _MAX_TERM_CEILING = 5 * 365 * 86400;
    mapping(uint32 org => Organization) internal _organizations;
    mapping(address key => uint32 org) internal _keyOrg;
    mapping(Parameter parameter => uint64 value) internal _parameters;
    mapping(bytes32 decisionId => mapping(address official => bool)) internal _approved;
    /// @dev Approvals count only while their official is still one: a removed official's votes drop out.
    EnumerableSet.AddressSet internal _officials;
    mapping(address ledger => bool) internal _ledgerContracts;
    /// @dev The ledger contract whose suspension an organisation is under (R16, R22): only it lifts it while it holds.
    mapping(uint32 org => address holder) internal _suspendedBy;
    mapping(bytes32 creditCodeHash => uint32 org) internal _byCreditCode;
    uint32 internal _orgCount;

    // ==== Views ====

    /// @inheritdoc IOrganizationRegistry
    function bureau() external pure returns (uint32) {
        return _BUREAU;
    }

    /// @inheritdoc IOrganizationRegistry
    function actorOf(address key) public view returns (uint32 org, OrgKind kind, OrgStatus status) {
        org = _keyOrg[key];
        Organization storage o = _organizations[org];
        return (org, o.kind, o.status);
    }

    /// @inheritdoc IOrganizationRegistry
    function statusOf(uint32 org) external view returns (OrgKind, OrgStatus) {
        Organization storage o = _organizations[org];
        return (o.kind, o.status);
    }

    /// @inheritdoc IOrganizationRegistry
    function organization(uint32 org) external view returns (Organization memory) {
        return _organizations[org];
    }

    /// @inheritdoc IOrganizationRegistry
    function organizationCount() external view returns (uint32) {
        return _orgCount;
    }

    /// @inheritdoc IOrganizationRegistry
    function parameter(Parameter parameter_) external view returns (uint64) {
        return _parameters[parameter_];
    }

    /// @inheritdoc IOrganizationRegistry
    function approvals(bytes32 decisionId) external view returns (uint256) {
        return _countApprovals(decisionId);
    }

    /// @inheritdoc IOrganizationRegistry
    function isAdopted(bytes32 decisionId) external view returns (bool) {
        return _countApprovals(decisionId) >= _parameters[Parameter.DecisionThreshold];
    }

    /// @inheritdoc IOrganizationRegistry
    function isOfficial(address key) public view returns (bool) {
        return _officials.contains(key);
    }

    /// @inheritdoc IOrganizationRegistry
    function isLedgerContract(address ledger) external view returns (bool) {
        return _ledgerContracts[ledger];
    }

    // ==== Internals ====

    function _countApprovals(bytes32 decisionId) internal view returns (uint256 count) {
        uint256 n = _officials.length();
        for (uint256 i = 0; i < n; i++) {
            if (_approved[decisionId][_officials.at(i)]) count++;
        }
    }

    function _approve(bytes32 decisionId, address official) internal {
        if (!isOfficial(official)) revert OrgNotOfficial(official);
        if (_approved[decisionId][official]) revert OrgDecisionAlreadyApproved(decisionId, official);
        _approved[decisionId][official] = true;
        uint256 count = _countApprovals(decisionId);
        emit DecisionApproved(decisionId, official, count);
        uint256 threshold = _parameters[Parameter.DecisionThreshold];
        if (count == threshold) emit DecisionAdopted(decisionId, count, threshold);
    }

    function _actorOf(address key) internal view override returns (uint32, OrgKind, OrgStatus) {
        return actorOf(key);
    }

    function _decisionStatus(bytes32 decisionId) internal view override returns (uint256, uint256) {
        return (_countApprovals(decisionId), _parameters[Parameter.DecisionThreshold]);
    }

    /// @dev Keys of a non-bureau organisation are managed by its own staff or by bureau staff.
    function _keyManager(uint32 org) internal view returns (uint32 byOrg) {
        if (org == 0 || org > _orgCount) revert OrgUnknown(org);
        (byOrg, ) = _actor();
        if (org == _BUREAU) revert OrgBureauKeysByDecisionOnly(_sender());
        if (byOrg != org && byOrg != _BUREAU) revert OrgKeyManagerUnauthorized(_sender(), org);
    }

    function _addKey(uint32 org, address key, uint32 byOrg) internal {
        if (key == address(0)) revert UnknownKey(key);
        uint32 existing = _keyOrg[key];
        if (existing != 0) revert OrgKeyAlreadyRegistered(key, existing);
        _keyOrg[key] = org;
        _organizations[org].keyCount++;
        if (org == _BUREAU) _officials.add(key);
        emit StaffKeyAdded(org, key, byOrg, _sender());
    }

    function _removeKey(uint32 org, address key, uint32 byOrg) internal {
        delete _keyOrg[key];
        _organizations[org].keyCount--;
        if (org == _BUREAU) _officials.remove(key);
        emit StaffKeyRemoved(org, key, byOrg, _sender());
    }

    /// @dev Bureau staff, or a ledger contract the bureau authorized, move an organisation between statuses.
    function _changeStatus(uint32 org, OrgStatus from, OrgStatus to, bytes32 reasonHash) internal {
        uint32 byOrg;
        if (_ledgerContracts[msg.sender]) { // a ledger contract acts for the bureau, never through a signature
            byOrg = _BUREAU;
        } else {
            byOrg = _actorOfKind(OrgKind.Bureau);
        }
        if (org == 0 || org > _orgCount) revert OrgUnknown(org);
        Organization storage o = _organizations[org];
        if (org == _BUREAU || o.status != from) revert OrgStatusTransitionInvalid(org, o.status, to);
        o.status = to;
        emit OrganizationStatusChanged(org, from, to, reasonHash, byOrg, _sender());
    }

    /// @dev R24: a collective decision may tighten or loosen a rule but not abolish it: a collective decision needs
    /// at least two officials, a notice, renewal window and bar last at least a second, a term is at least a day
    /// and at most the plan's 5 years (Art. 9), and an output group summarises at least two source rows (R1).
    function _checkParameter(Parameter parameter_, uint64 value) internal view {
        bool ok;
        if (parameter_ == Parameter.DecisionThreshold) {
            ok = value >= 2 && value <= _organizations[_BUREAU].keyCount;
        } else if (parameter_ == Parameter.MaxTerm) {
            ok = value >= _DAY && value <= _MAX_TERM_CEILING;
        } else if (parameter_ >= Parameter.MinGroupLevel1) {
            ok = value >= 2;
        } else {
            ok = value >= 1 && value <= 10 * 365 * _DAY;
        }
        if (!ok) revert OrgParameterOutOfRange(parameter_, value);
    }
}

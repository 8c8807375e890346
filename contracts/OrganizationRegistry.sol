// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OrgKind, OrgStatus, Parameter} from "./common/Types.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {LedgerGuard} from "./common/LedgerGuard.sol";
import {IOrganizationRegistry, ISuspensionHolder} from "./interfaces/IOrganizationRegistry.sol";

/// @title OrganizationRegistry
/// @notice Organisations and staff keys; the bureau's officials, their k-of-n collective decisions and the rules.
contract OrganizationRegistry is IOrganizationRegistry, LedgerGuard {
    using EnumerableSet for EnumerableSet.AddressSet;

    uint32 private constant _BUREAU = 1;
    bytes32 private constant _DECISION_APPROVAL_TYPEHASH =
        keccak256("DecisionApproval(bytes32 decisionId,uint256 nonce,uint64 deadline)");
    uint64 private constant _DAY = 1 days;

    /// @dev Art. 9: every authorization term is at most 5 years.
    uint64 private constant _MAX_TERM_CEILING = 5 * 365 * 86400;
    mapping(uint32 org => Organization) private _organizations;
    mapping(address key => uint32 org) private _keyOrg;
    mapping(Parameter parameter => uint64 value) private _parameters;
    mapping(bytes32 decisionId => mapping(address official => bool)) private _approved;
    /// @dev Approvals count only while their official is still one: a removed official's votes drop out.
    EnumerableSet.AddressSet private _officials;
    mapping(address ledger => bool) private _ledgerContracts;
    /// @dev The ledger contract whose suspension an organisation is under (R16, R22): only it lifts it while it holds.
    mapping(uint32 org => address holder) private _suspendedBy;
    mapping(bytes32 creditCodeHash => uint32 org) private _byCreditCode;
    uint32 private _orgCount;

    /// @param name the bureau's name
    /// @param creditCodeHash hash of the bureau's unified social credit code
    /// @param officials the bureau's officials, whose approvals make collective decisions
    /// @param threshold k: approvals a collective decision needs
    constructor(string memory name, bytes32 creditCodeHash, address[] memory officials, uint64 threshold)
        LedgerGuard("TDL OrganizationRegistry")
    {
        _parameters[Parameter.MaxTerm] = 5 * 365 * _DAY;
        _parameters[Parameter.RenewalWindow] = 90 * _DAY;
        _parameters[Parameter.ReapplyBar] = 3 * 365 * _DAY;
        _parameters[Parameter.NoticePeriod] = 7 * _DAY;
        // R24, R1 (可用不可见): the fewest source rows an output group may summarise, by classification level
        _parameters[Parameter.MinGroupLevel1] = 5;
        _parameters[Parameter.MinGroupLevel2] = 10;
        _parameters[Parameter.MinGroupLevel3] = 20;
        _parameters[Parameter.MinGroupLevel4] = 50;
        if (threshold == 0 || threshold > officials.length) {
            revert OrgParameterOutOfRange(Parameter.DecisionThreshold, threshold);
        }
        _parameters[Parameter.DecisionThreshold] = threshold;
        _orgCount = _BUREAU;
        _byCreditCode[creditCodeHash] = _BUREAU;
        _organizations[_BUREAU] = Organization({
            kind: OrgKind.Bureau,
            status: OrgStatus.Active,
            keyCount: 0,
            registeredAt: uint64(block.timestamp),
            creditCodeHash: creditCodeHash,
            name: name
        });
        emit OrganizationRegistered(_BUREAU, OrgKind.Bureau, name, creditCodeHash, address(0), 0, _sender());
        for (uint256 i = 0; i < officials.length; i++) {
            _addKey(_BUREAU, officials[i], 0);
        }
    }

    // ==== Organisations and keys ====

    /// @inheritdoc IOrganizationRegistry
    function registerOrganization(
        OrgKind kind,
        string calldata name,
        bytes32 creditCodeHash,
        address firstKey
    ) external returns (uint32 org) {
        _actorOfKind(OrgKind.Bureau);
        if (kind == OrgKind.None || kind == OrgKind.Bureau) revert OrgKindNotRegistrable(kind);
        // one organisation per credit code, so a barred organisation cannot return under a new id
        uint32 existing = _byCreditCode[creditCodeHash];
        if (existing != 0) revert OrgCreditCodeTaken(creditCodeHash, existing);
        org = ++_orgCount;
        _byCreditCode[creditCodeHash] = org;
        _organizations[org] = Organization({
            kind: kind,
            status: OrgStatus.Active,
            keyCount: 0,
            registeredAt: uint64(block.timestamp),
            creditCodeHash: creditCodeHash,
            name: name
        });
        emit OrganizationRegistered(org, kind, name, creditCodeHash, firstKey, _BUREAU, _sender());
        _addKey(org, firstKey, _BUREAU);
    }

    /// @inheritdoc IOrganizationRegistry
    function addStaffKey(uint32 org, address key) external {
        uint32 byOrg = _keyManager(org);
        _addKey(org, key, byOrg);
    }

    /// @inheritdoc IOrganizationRegistry
    function removeStaffKey(address key) external {
        uint32 org = _keyOrg[key];
        if (org == 0) revert UnknownKey(key);
        uint32 byOrg = _keyManager(org);
        _removeKey(org, key, byOrg);
    }

    /// @inheritdoc IOrganizationRegistry
    function suspendOrganization(uint32 org, bytes32 reasonHash) external {
        _changeStatus(org, OrgStatus.Active, OrgStatus.Suspended, reasonHash);
        if (_ledgerContracts[msg.sender]) _suspendedBy[org] = msg.sender;
    }

    /// @inheritdoc IOrganizationRegistry
    function reinstateOrganization(uint32 org, bytes32 reasonHash) external {
        address holder = _suspendedBy[org];
        if (holder != address(0)) {
            // Art. 32: a suspension an open rectification order imposed ends only by closing that order
            if (msg.sender != holder && ISuspensionHolder(holder).holdsSuspension(org)) revert OrgSuspensionHeld(org, holder);
            delete _suspendedBy[org];
        }
        _changeStatus(org, OrgStatus.Suspended, OrgStatus.Active, reasonHash);
    }

    // ==== Collective decisions ====

    /// @inheritdoc IOrganizationRegistry
    function approveDecision(bytes32 decisionId) external {
        _approve(decisionId, _sender());
    }

    /// @inheritdoc IOrganizationRegistry
    function approveDecisionBySignatures(bytes32 decisionId, SignedApproval[] calldata approvals_) external {
        uint256 threshold = _parameters[Parameter.DecisionThreshold];
        if (approvals_.length < threshold) revert OrgSignaturesBelowThreshold(approvals_.length, threshold);
        address previous;
        for (uint256 i = 0; i < approvals_.length; i++) {
            SignedApproval calldata a = approvals_[i];
            if (a.official <= previous) revert OrgSignerDuplicateOrUnordered(a.official);
            previous = a.official;
            _useSignature(
                a.official,
                keccak256(abi.encode(_DECISION_APPROVAL_TYPEHASH, decisionId, a.nonce, a.deadline)),
                a.nonce,
                a.deadline,
                a.signature
            );
            _approve(decisionId, a.official);
        }
    }

    /// @inheritdoc IOrganizationRegistry
    function setParameter(Parameter parameter_, uint64 value, uint256 salt) external {
        bytes32 decisionId = keccak256(abi.encode(address(this), "setParameter", parameter_, value, salt));
        _executeDecision(decisionId);
        _checkParameter(parameter_, value);
        uint64 previous = _parameters[parameter_];
        _parameters[parameter_] = value;
        emit ParameterChanged(parameter_, previous, value, decisionId);
    }

    /// @inheritdoc IOrganizationRegistry
    function addOfficial(address key, uint256 salt) external {
        _executeDecision(keccak256(abi.encode(address(this), "addOfficial", key, salt)));
        _addKey(_BUREAU, key, _BUREAU);
    }

    /// @inheritdoc IOrganizationRegistry
    function removeOfficial(address key, uint256 salt) external {
        _executeDecision(keccak256(abi.encode(address(this), "removeOfficial", key, salt)));
        if (!isOfficial(key)) revert OrgNotOfficial(key);
        uint256 remaining = _organizations[_BUREAU].keyCount - 1;
        uint256 threshold = _parameters[Parameter.DecisionThreshold];
        if (remaining < threshold) revert OrgTooFewOfficials(remaining, threshold);
        _removeKey(_BUREAU, key, _BUREAU);
    }

    /// @inheritdoc IOrganizationRegistry
    function authorizeLedgerContract(address ledger, uint256 salt) external {
        bytes32 decisionId = keccak256(abi.encode(address(this), "authorizeLedgerContract", ledger, salt));
        _executeDecision(decisionId);
        _ledgerContracts[ledger] = true;
        emit LedgerContractAuthorized(ledger, decisionId);
    }

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

    function _countApprovals(bytes32 decisionId) private view returns (uint256 count) {
        uint256 n = _officials.length();
        for (uint256 i = 0; i < n; i++) {
            if (_approved[decisionId][_officials.at(i)]) count++;
        }
    }

    function _approve(bytes32 decisionId, address official) private {
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
    function _keyManager(uint32 org) private view returns (uint32 byOrg) {
        if (org == 0 || org > _orgCount) revert OrgUnknown(org);
        (byOrg, ) = _actor();
        if (org == _BUREAU) revert OrgBureauKeysByDecisionOnly(_sender());
        if (byOrg != org && byOrg != _BUREAU) revert OrgKeyManagerUnauthorized(_sender(), org);
    }

    function _addKey(uint32 org, address key, uint32 byOrg) private {
        if (key == address(0)) revert UnknownKey(key);
        uint32 existing = _keyOrg[key];
        if (existing != 0) revert OrgKeyAlreadyRegistered(key, existing);
        _keyOrg[key] = org;
        _organizations[org].keyCount++;
        if (org == _BUREAU) _officials.add(key);
        emit StaffKeyAdded(org, key, byOrg, _sender());
    }

    function _removeKey(uint32 org, address key, uint32 byOrg) private {
        delete _keyOrg[key];
        _organizations[org].keyCount--;
        if (org == _BUREAU) _officials.remove(key);
        emit StaffKeyRemoved(org, key, byOrg, _sender());
    }

    /// @dev Bureau staff, or a ledger contract the bureau authorized, move an organisation between statuses.
    function _changeStatus(uint32 org, OrgStatus from, OrgStatus to, bytes32 reasonHash) private {
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
    function _checkParameter(Parameter parameter_, uint64 value) private view {
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

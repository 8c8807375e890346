// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OrgKind, OrgStatus, Parameter} from "./common/Types.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {LedgerGuard} from "./common/LedgerGuard.sol";
import {OrganizationRecords} from "./records/OrganizationRecords.sol";
import {IOrganizationRegistry, ISuspensionHolder} from "./interfaces/IOrganizationRegistry.sol";

/// @title OrganizationRegistry
/// @notice Organisations and staff keys; the bureau's officials, their k-of-n collective decisions and the rules.
contract OrganizationRegistry is OrganizationRecords {
    using EnumerableSet for EnumerableSet.AddressSet;

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
}

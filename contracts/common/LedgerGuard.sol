// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OrgKind, OrgStatus} from "./Types.sol";
import {ILedgerErrors} from "../interfaces/ILedgerErrors.sol";
import {SignedCalls} from "./SignedCalls.sol";

/// @title LedgerGuard
/// @notice Who is acting, and whether a bureau collective decision may be carried out.
/// @dev Every registry resolves `msg.sender` (a staff key) to its organisation here, so each action
/// names both the organisation and the key (Art. 23, 25). Decisions are one-shot per contract.
/// The key is `_sender()`: the caller, or the signer of a call signed offline (SignedCalls).
abstract contract LedgerGuard is ILedgerErrors, SignedCalls {
    mapping(bytes32 decisionId => bool) private _executed;

    /// @param name the EIP-712 domain name of the registry
    constructor(string memory name) SignedCalls(name) {}

    /// @dev The organisation a key acts for, its kind and status.
    function _actorOf(address key) internal view virtual returns (uint32 org, OrgKind kind, OrgStatus status);

    /// @dev A decision's approvals and the current threshold.
    function _decisionStatus(bytes32 decisionId) internal view virtual returns (uint256 approvals, uint256 threshold);

    /// @dev The caller's organisation and kind; reverts unless the key is known and its organisation active.
    function _actor() internal view returns (uint32 org, OrgKind kind) {
        OrgStatus status;
        address key = _sender();
        (org, kind, status) = _actorOf(key);
        if (org == 0) revert UnknownKey(key);
        if (status != OrgStatus.Active) revert OrganizationNotActive(org, status);
    }

    /// @dev The caller's organisation; reverts unless it is of the expected kind.
    function _actorOfKind(OrgKind expected) internal view returns (uint32 org) {
        OrgKind kind;
        (org, kind) = _actor();
        if (kind != expected) revert WrongOrganizationKind(org, kind, expected);
    }

    /// @dev Carries out an adopted decision once.
    function _executeDecision(bytes32 decisionId) internal {
        if (_executed[decisionId]) revert DecisionAlreadyExecuted(decisionId);
        (uint256 approvals, uint256 threshold) = _decisionStatus(decisionId);
        if (approvals < threshold) revert DecisionNotAdopted(decisionId, approvals, threshold);
        _executed[decisionId] = true;
        emit DecisionExecuted(decisionId, _sender());
    }

    /// @notice Whether this contract has carried out a decision.
    function isExecuted(bytes32 decisionId) external view returns (bool) {
        return _executed[decisionId];
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OrgKind, OrgStatus} from "../common/Types.sol";

/// @title ILedgerErrors
/// @notice Errors and events every registry shares: who may act, and collective decisions.
interface ILedgerErrors {
    /// @notice The caller's key is not a staff key of any organisation.
    error UnknownKey(address key);
    /// @notice The caller's organisation is suspended or closed.
    error OrganizationNotActive(uint32 org, OrgStatus status);
    /// @notice The caller's organisation is of another kind than the action needs.
    error WrongOrganizationKind(uint32 org, OrgKind actual, OrgKind expected);
    /// @notice A bureau collective decision has fewer approvals than the threshold.
    error DecisionNotAdopted(bytes32 decisionId, uint256 approvals, uint256 threshold);
    /// @notice A bureau collective decision was already carried out; a new one needs a new salt.
    error DecisionAlreadyExecuted(bytes32 decisionId);

    /// @notice A collective decision of the bureau was carried out by this contract, submitted by `byKey`.
    /// @param decisionId the collective decision's id
    /// @param byKey the key that acted
    event DecisionExecuted(bytes32 indexed decisionId, address indexed byKey);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OrgKind, OrgStatus, Parameter} from "./Types.sol";
import {LedgerGuard} from "./LedgerGuard.sol";
import {IOrganizationRegistry} from "../interfaces/IOrganizationRegistry.sol";

/// @title RegistryClient
/// @notice A registry that learns organisations, keys, rules and decisions from the OrganizationRegistry.
abstract contract RegistryClient is LedgerGuard {
    IOrganizationRegistry internal immutable _orgs;

    constructor(IOrganizationRegistry orgs_, string memory name) LedgerGuard(name) {
        _orgs = orgs_;
    }

    /// @notice The organisation registry this contract trusts.
    function organizations() external view returns (IOrganizationRegistry) {
        return _orgs;
    }

    function _actorOf(address key) internal view override returns (uint32, OrgKind, OrgStatus) {
        return _orgs.actorOf(key);
    }

    function _decisionStatus(bytes32 decisionId) internal view override returns (uint256, uint256) {
        return (_orgs.approvals(decisionId), _orgs.parameter(Parameter.DecisionThreshold));
    }

    /// @dev The current value of a rule.
    function _rule(Parameter p) internal view returns (uint64) {
        return _orgs.parameter(p);
    }
}

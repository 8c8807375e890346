// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;
// solhint-disable one-contract-per-file

import {OrgKind, OrgStatus, Parameter} from "../common/Types.sol";
import {ILedgerErrors} from "./ILedgerErrors.sol";

/// @title IOrganizationRegistry
/// @notice Organisations, their staff keys, the bureau's k-of-n collective decisions ("三重一大", Art. 12)
/// and the rules only such a decision may change (R24).
interface IOrganizationRegistry is ILedgerErrors {
    struct Organization {
        OrgKind kind; //           what it is
        OrgStatus status; //       whether it may act
        uint32 keyCount; //        staff keys currently acting for it
        uint64 registeredAt; //    block time of registration
        bytes32 creditCodeHash; // hash of the unified social credit code (统一社会信用代码)
        string name; //            public name
    }

    /// @notice One official's offline approval of a collective decision (EIP-712 `DecisionApproval`).
    struct SignedApproval {
        address official; // the approving official's key (or ERC-1271 contract)
        uint256 nonce; //    the official's keyed nonce
        uint64 deadline; //  last second the signature may be used
        bytes signature; //  EIP-712 signature of DecisionApproval(decisionId, nonce, deadline)
    }

    // ==== Errors ====

    /// @notice The kind cannot be registered this way (None, or a second Bureau).
    error OrgKindNotRegistrable(OrgKind kind);
    /// @notice Another organisation is registered with this credit code.
    error OrgCreditCodeTaken(bytes32 creditCodeHash, uint32 org);
    /// @notice No organisation has this id.
    error OrgUnknown(uint32 org);
    /// @notice The key already acts for an organisation (a key acts for exactly one).
    error OrgKeyAlreadyRegistered(address key, uint32 org);
    /// @notice The caller may not manage this organisation's keys.
    error OrgKeyManagerUnauthorized(address caller, uint32 org);
    /// @notice Bureau officials change only by collective decision.
    error OrgBureauKeysByDecisionOnly(address key);
    /// @notice Removing this official would leave fewer officials than the threshold.
    error OrgTooFewOfficials(uint256 remaining, uint256 threshold);
    /// @notice The key is not a bureau official.
    error OrgNotOfficial(address key);
    /// @notice The official has already approved this decision.
    error OrgDecisionAlreadyApproved(bytes32 decisionId, address official);
    /// @notice Fewer signed approvals than the threshold.
    error OrgSignaturesBelowThreshold(uint256 provided, uint256 threshold);
    /// @notice Signed approvals must come from distinct officials in ascending key order.
    error OrgSignerDuplicateOrUnordered(address signer);
    /// @notice A rule value outside what the rule allows.
    error OrgParameterOutOfRange(Parameter parameter, uint64 value);
    /// @notice The status change is not allowed from the current status.
    error OrgStatusTransitionInvalid(uint32 org, OrgStatus from, OrgStatus to);
    /// @notice The caller is not a contract of this ledger allowed to change organisation status.
    error OrgLedgerContractUnauthorized(address caller);
    /// @notice Art. 32, R22: the ledger contract `holder` (an open rectification order) holds the suspension.
    error OrgSuspensionHeld(uint32 org, address holder);

    // ==== Events ====

    /// @notice An organisation was registered with its first staff key.
    /// @param org the organisation's id
    /// @param kind the kind
    /// @param name the name
    /// @param creditCodeHash hash of the unified social credit code
    /// @param firstKey the organisation's first staff key
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event OrganizationRegistered(
        uint32 indexed org,
        OrgKind indexed kind,
        string name,
        bytes32 creditCodeHash,
        address firstKey,
        uint32 indexed byOrg,
        address byKey
    );
    /// @notice A staff key now acts for an organisation.
    /// @param org the organisation's id
    /// @param key the staff key
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event StaffKeyAdded(uint32 indexed org, address indexed key, uint32 indexed byOrg, address byKey);
    /// @notice A staff key no longer acts for its organisation.
    /// @param org the organisation's id
    /// @param key the staff key
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event StaffKeyRemoved(uint32 indexed org, address indexed key, uint32 indexed byOrg, address byKey);
    /// @notice An organisation's status changed (suspension, reinstatement, closure).
    /// @param org the organisation's id
    /// @param from the earlier value
    /// @param to the new value
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event OrganizationStatusChanged(
        uint32 indexed org,
        OrgStatus from,
        OrgStatus to,
        bytes32 reasonHash,
        uint32 indexed byOrg,
        address indexed byKey
    );
    /// @notice A bureau official approved a collective decision.
    /// @param decisionId the collective decision's id
    /// @param official the official's key
    /// @param approvals approvals so far
    event DecisionApproved(bytes32 indexed decisionId, address indexed official, uint256 approvals);
    /// @notice A collective decision reached the threshold.
    /// @param decisionId the collective decision's id
    /// @param approvals approvals so far
    /// @param threshold the approval threshold
    event DecisionAdopted(bytes32 indexed decisionId, uint256 approvals, uint256 threshold);
    /// @notice A rule changed by collective decision.
    /// @param parameter the rule parameter
    /// @param from the earlier value
    /// @param to the new value
    /// @param decisionId the collective decision's id
    event ParameterChanged(Parameter indexed parameter, uint64 from, uint64 to, bytes32 indexed decisionId);
    /// @notice A contract of this ledger may now suspend and reinstate organisations.
    /// @param ledger the contract address
    /// @param decisionId the collective decision's id
    event LedgerContractAuthorized(address indexed ledger, bytes32 indexed decisionId);

    // ==== Organisations and keys ====

    /// @notice Registers an organisation (not the bureau) with its first staff key. Bureau staff only.
    /// @return org the new organisation's id
    function registerOrganization(
        OrgKind kind,
        string calldata name,
        bytes32 creditCodeHash,
        address firstKey
    ) external returns (uint32 org);

    /// @notice Adds a staff key to a non-bureau organisation. By one of its keys or bureau staff.
    /// @param org the organisation's id
    /// @param key the staff key
    function addStaffKey(uint32 org, address key) external;

    /// @notice Removes a staff key of a non-bureau organisation. By one of its keys or bureau staff.
    /// @param key the staff key
    function removeStaffKey(address key) external;

    /// @notice Suspends an organisation: every check that involves it fails at once. Bureau staff or a ledger contract.
    /// @param org the organisation's id
    /// @param reasonHash hash of the reason
    function suspendOrganization(uint32 org, bytes32 reasonHash) external;

    /// @notice Lifts a suspension. Bureau staff or a ledger contract; a suspension a ledger contract imposed and still
    /// holds (an open rectification order, Art. 32) only that contract lifts.
    /// @param org the organisation's id
    /// @param reasonHash hash of the reason
    function reinstateOrganization(uint32 org, bytes32 reasonHash) external;

    // ==== Collective decisions ====

    /// @notice An official approves a decision id (see `decisionId` helpers in each registry).
    /// @param decisionId the collective decision's id
    function approveDecision(bytes32 decisionId) external;

    /// @notice Records k officials' offline approvals of a decision at once; anyone may submit them.
    /// Fewer than the threshold, a repeated or unordered official, a non-official or a bad signature reverts.
    /// @param decisionId the collective decision's id
    /// @param approvals_ officials' EIP-712 DecisionApproval signatures, in ascending key order
    function approveDecisionBySignatures(bytes32 decisionId, SignedApproval[] calldata approvals_) external;

    /// @notice Changes a rule. Needs the adopted decision `keccak256(abi.encode(this, "setParameter", parameter, value, salt))`.
    /// @param parameter the rule parameter
    /// @param value the value
    /// @param salt the decision's salt
    function setParameter(Parameter parameter, uint64 value, uint256 salt) external;

    /// @notice Adds a bureau official. Needs the adopted decision `keccak256(abi.encode(this, "addOfficial", key, salt))`.
    /// @param key the staff key
    /// @param salt the decision's salt
    function addOfficial(address key, uint256 salt) external;

    /// @notice Removes a bureau official. Needs the adopted decision `keccak256(abi.encode(this, "removeOfficial", key, salt))`.
    /// @param key the staff key
    /// @param salt the decision's salt
    function removeOfficial(address key, uint256 salt) external;

    /// @notice Lets a contract of this ledger suspend and reinstate organisations (e.g. rectification orders).
    /// Needs the adopted decision `keccak256(abi.encode(this, "authorizeLedgerContract", ledger, salt))`.
    /// @param ledger the contract address
    /// @param salt the decision's salt
    function authorizeLedgerContract(address ledger, uint256 salt) external;

    // ==== Views ====

    /// @notice The bureau's organisation id (always 1).
    /// @return the bureau's organisation id
    function bureau() external view returns (uint32);

    /// @notice The organisation a key acts for, with its kind and status; (0, None, None) for an unknown key.
    /// @param key the staff key
    /// @return org the organisation's id
    /// @return kind the kind
    /// @return status the status
    function actorOf(address key) external view returns (uint32 org, OrgKind kind, OrgStatus status);

    /// @notice An organisation's kind and status, without the rest of its record.
    /// @param org the organisation's id
    /// @return kind the kind
    /// @return status the status
    function statusOf(uint32 org) external view returns (OrgKind kind, OrgStatus status);

    /// @notice An organisation's record.
    /// @param org the organisation's id
    /// @return the organisation
    function organization(uint32 org) external view returns (Organization memory);

    /// @notice Number of organisations registered (ids run from 1).
    /// @return the number of organisations
    function organizationCount() external view returns (uint32);

    /// @notice A rule's current value.
    /// @param parameter the rule parameter
    /// @return the parameter's value
    function parameter(Parameter parameter) external view returns (uint64);

    /// @notice Approvals a decision has.
    /// @param decisionId the collective decision's id
    /// @return the number of current officials who approved
    function approvals(bytes32 decisionId) external view returns (uint256);

    /// @notice Whether a decision has at least the threshold of approvals.
    /// @param decisionId the collective decision's id
    /// @return whether the decision is adopted
    function isAdopted(bytes32 decisionId) external view returns (bool);

    /// @notice Whether a key is a bureau official.
    /// @param key the staff key
    /// @return whether the key is an official
    function isOfficial(address key) external view returns (bool);

    /// @notice Whether a contract may execute decisions and change organisation status.
    /// @param ledger the contract address
    /// @return whether the address is a ledger contract
    function isLedgerContract(address ledger) external view returns (bool);
}

/// @title ISuspensionHolder
/// @notice A ledger contract that suspends organisations and says whether it still holds a suspension.
interface ISuspensionHolder {
    /// @notice Whether this contract still holds the organisation's suspension (e.g. an open rectification order).
    /// @param org the organisation's id
    /// @return whether only this contract may lift it
    function holdsSuspension(uint32 org) external view returns (bool);
}

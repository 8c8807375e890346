// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessDenial, GrantStatus, Purpose, TerminationReason} from "../common/Types.sol";
import {ILedgerErrors} from "./ILedgerErrors.sol";

/// @title IGrantRegistry
/// @notice The two-level grant tree (Art. 9, 18, R4, R12, R16): the bureau's whole-catalog grant to the
/// operator, and the operator's scenario grants to developers ("one scenario, one authorization").
interface IGrantRegistry is ILedgerErrors {
    struct Grant {
        uint32 grantor; //       organisation that issued it (the bureau, or the operator)
        uint32 grantee; //       organisation it authorizes
        uint32 parent; //        0 for the bureau's whole-catalog grant
        uint32 application; //   the approved data application a scenario grant comes from (0 for the whole grant)
        uint40 start; //         term start (inclusive)
        uint40 end; //           term end (inclusive)
        GrantStatus status; //   stored status; "live" is derived by `denialOf`
        Purpose purpose; //      public-interest or commercial (None for the whole grant)
        bytes32 agreementHash; // the agreement it rests on (all ten clauses of Art. 14)
        bytes32 feeTermsHash; // fee terms (Art. 21)
    }

    /// @notice The terms a grantor sets when issuing.
    struct GrantTerms {
        uint40 start; //          term start (inclusive)
        uint40 end; //            term end (inclusive)
        uint16 clauseManifest; // the Art. 14 clauses the agreement carries (all ten required)
        bytes32 agreementHash; // the signed agreement
        bytes32 feeTermsHash; //  fee terms (Art. 21)
    }

    // ==== Errors ====

    error GrantUnknown(uint32 grantId);
    error GrantStatusInvalid(uint32 grantId, GrantStatus status);
    error GrantNotGrantor(uint32 grantId, uint32 caller);
    error GrantParentNotLive(uint32 parentId, AccessDenial reason);
    error GrantParentNotWhole(uint32 parentId);
    error GrantApplicationNotApproved(uint32 applicationId);
    error GrantApplicationAlreadyGranted(uint32 applicationId, uint32 grantId);
    error GrantScenarioAlreadyGranted(uint32 developer, bytes32 scenario, uint32 grantId);
    error GrantGranteeNotQualified(uint32 grantee);
    error GrantTermInvalid(uint40 start, uint40 end);
    error GrantTermTooLong(uint64 requested, uint64 maximum);
    error GrantTermOutsideParent(uint40 start, uint40 end, uint40 parentStart, uint40 parentEnd);
    error GrantResourceOutOfScope(uint32 resourceId);
    error GrantAgreementIncomplete(uint16 manifest, uint16 missing);
    error GrantReasonInvalid(TerminationReason reason);
    /// @notice R4, R16: the grant would end after `org`'s qualification does.
    error GrantOutlivesQualification(uint32 org, uint40 end, uint64 qualifiedUntil);
    /// @notice R16, R22: the grant was suspended by `suspender`; only it or the bureau lifts that.
    error GrantSuspendedByHigherAuthority(uint32 grantId, uint32 suspender, uint32 caller);

    // ==== Events ====

    /// @param grantId the grant's id
    /// @param grantee the grantee organisation
    /// @param parent the parent grant
    /// @param grantor the granting organisation
    /// @param application the application id the grant carries out
    /// @param scenario the scenario (hash)
    /// @param purpose the purpose (public-interest or commercial)
    /// @param terms the grant's terms
    /// @param byKey the key that acted
    event GrantIssued(
        uint32 indexed grantId,
        uint32 indexed grantee,
        uint32 indexed parent,
        uint32 grantor,
        uint32 application,
        bytes32 scenario,
        Purpose purpose,
        GrantTerms terms,
        address byKey
    );
    /// @param grantId the grant's id
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event GrantSuspended(uint32 indexed grantId, bytes32 reasonHash, uint32 indexed byOrg, address indexed byKey);
    /// @param grantId the grant's id
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event GrantReinstated(uint32 indexed grantId, bytes32 reasonHash, uint32 indexed byOrg, address indexed byKey);
    /// @param grantId the grant's id
    /// @param reason the reason
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event GrantRevoked(uint32 indexed grantId, TerminationReason reason, bytes32 reasonHash, uint32 indexed byOrg, address indexed byKey);

    // ==== Issuing ====

    /// @notice The bureau's whole-catalog grant to a qualified operator, by collective decision:
    /// `keccak256(abi.encode(this, "issueWholeGrant", operator, terms, salt))`.
    /// @param operator the operator organisation
    /// @param terms the grant's terms
    /// @param salt the decision's salt
    /// @return grantId the grant's id
    function issueWholeGrant(uint32 operator, GrantTerms calldata terms, uint256 salt) external returns (uint32 grantId);

    /// @notice The operator's scenario grant from a finally approved application, under its live whole grant.
    /// @param applicationId the application's id
    /// @param parentId the parent grant's id
    /// @param terms the grant's terms
    /// @return grantId the grant's id
    function issueScenarioGrant(uint32 applicationId, uint32 parentId, GrantTerms calldata terms)
        external
        returns (uint32 grantId);

    // ==== Status ====

    /// @notice The grantor's staff or bureau staff suspend a grant; its children stop being live with it.
    /// @param grantId the grant's id
    /// @param reasonHash hash of the reason
    function suspendGrant(uint32 grantId, bytes32 reasonHash) external;

    /// @notice The grantor's staff or bureau staff lift a suspension.
    /// @param grantId the grant's id
    /// @param reasonHash hash of the reason
    function reinstateGrant(uint32 grantId, bytes32 reasonHash) external;

    /// @notice The grantor's staff or bureau staff revoke a grant for a ground of Art. 15; history is kept.
    /// @param grantId the grant's id
    /// @param reason the reason
    /// @param reasonHash hash of the reason
    function revokeGrant(uint32 grantId, TerminationReason reason, bytes32 reasonHash) external;

    // ==== Views ====

    /// @param grantId the grant's id
    /// @return the grant
    function grant(uint32 grantId) external view returns (Grant memory);

    /// @notice The scenario a grant is for (zero for the whole grant).
    /// @param grantId the grant's id
    /// @return the grant's scenario
    function scenarioOf(uint32 grantId) external view returns (bytes32);

    /// @notice The grant that holds (developer, scenario), live or not (0 if none was issued).
    /// @param developer the developer organisation
    /// @param scenario the scenario (hash)
    /// @return the grant's id (0 if none)
    function grantFor(uint32 developer, bytes32 scenario) external view returns (uint32);

    /// @return the number of grants
    function grantCount() external view returns (uint32);

    /// @notice Why a grant is not live at `at`, walking up to the bureau; `None` when it is live.
    /// @param grantId the grant's id
    /// @param at the time asked about (unix seconds)
    /// @return why access is denied at that time, or None
    function denialOf(uint32 grantId, uint64 at) external view returns (AccessDenial);

    /// @notice The EIP-712 digest of the grant certificate, computed from the chain:
    /// `GrantCertificate(uint32 grantId,uint32 grantor,uint32 grantee,uint32 parent,bytes32 scenario,uint32[] resources,uint256[] fieldMasks,uint40 start,uint40 end,bytes32 agreementHash)`.
    /// @param grantId the grant's id
    /// @return the EIP-712 digest of the grant certificate
    function grantCertificateDigest(uint32 grantId) external view returns (bytes32);

    /// @notice Online check of a grant certificate: the signature is by a current key of the grantor over
    /// the certificate as the chain records it; `status` says whether the grant is live now.
    /// @param grantId the grant's id
    /// @param signer the signing key
    /// @param signature the signature
    /// @return signedByGrantor whether the grantor signed it
    /// @return status the status
    function verifyGrantCertificate(uint32 grantId, address signer, bytes calldata signature)
        external
        view
        returns (bool signedByGrantor, AccessDenial status);

    /// @notice The access check: may `key` use `fields` (a bit mask) of `resourceId` under `grantId` at `at`?
    /// @return denial `None` when allowed, otherwise the first reason it is not
    function checkAccess(address key, uint32 grantId, uint32 resourceId, uint256 fields, uint64 at)
        external
        view
        returns (AccessDenial denial);
}

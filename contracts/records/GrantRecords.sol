// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessDenial, AgreementClauses, GrantStatus, OrgKind, OrgStatus, Parameter, Purpose} from "../common/Types.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {RegistryClient} from "../common/RegistryClient.sol";
import {IDataApplications} from "../interfaces/IDataApplications.sol";
import {IDataCatalog} from "../interfaces/IDataCatalog.sol";
import {IGrantRegistry} from "../interfaces/IGrantRegistry.sol";
import {IQualificationRegistry} from "../interfaces/IQualificationRegistry.sol";

/// @title GrantRecords
/// @notice The grant tree's records, the access check and its views, and the rules GrantRegistry's steps
/// share (Art. 9, 14, 18; R4, R12, R16); issuing, suspension and revocation are in GrantRegistry.
abstract contract GrantRecords is IGrantRegistry, RegistryClient {
    bytes32 internal constant _GRANT_CERTIFICATE_TYPEHASH = keccak256(
        "GrantCertificate(uint32 grantId,uint32 grantor,uint32 grantee,uint32 parent,bytes32 scenario,uint32[] resources,uint256[] fieldMasks,uint40 start,uint40 end,bytes32 agreementHash)"
    );

    IQualificationRegistry internal immutable _qualifications;
    IDataCatalog internal immutable _catalog;
    IDataApplications internal immutable _applications;

    mapping(uint32 grantId => Grant) internal _grants;
    mapping(bytes32 developerScenario => uint32 grantId) internal _grantFor;
    mapping(uint32 grantId => uint32 org) internal _suspendedBy;
    uint32 internal _count;

    constructor(IQualificationRegistry qualifications_, IDataCatalog catalog_, IDataApplications applications_) {
        _qualifications = qualifications_;
        _catalog = catalog_;
        _applications = applications_;
    }

    // ==== Views ====

    /// @inheritdoc IGrantRegistry
    function grant(uint32 grantId) external view returns (Grant memory) {
        return _grants[grantId];
    }

    /// @inheritdoc IGrantRegistry
    function scenarioOf(uint32 grantId) external view returns (bytes32 scenario) {
        uint32 applicationId = _grants[grantId].application;
        if (applicationId != 0) (, scenario, , , ) = _applications.grantBasis(applicationId);
    }

    /// @inheritdoc IGrantRegistry
    function grantFor(uint32 developer, bytes32 scenario) external view returns (uint32) {
        return _grantFor[_developerScenario(developer, scenario)];
    }

    /// @inheritdoc IGrantRegistry
    function grantCount() external view returns (uint32) {
        return _count;
    }

    /// @inheritdoc IGrantRegistry
    function denialOf(uint32 grantId, uint64 at) external view returns (AccessDenial) {
        return _denial(grantId, at);
    }

    /// @inheritdoc IGrantRegistry
    function grantCertificateDigest(uint32 grantId) public view returns (bytes32) {
        Grant storage g = _existing(grantId);
        bytes32 scenario;
        uint32[] memory resources;
        if (g.application != 0) (, scenario, , , resources) = _applications.grantBasis(g.application);
        uint256[] memory masks = new uint256[](resources.length);
        for (uint256 i = 0; i < resources.length; i++) masks[i] = _applications.fieldMask(g.application, resources[i]);
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    _GRANT_CERTIFICATE_TYPEHASH,
                    grantId,
                    g.grantor,
                    g.grantee,
                    g.parent,
                    scenario,
                    keccak256(abi.encodePacked(resources)),
                    keccak256(abi.encodePacked(masks)),
                    g.start,
                    g.end,
                    g.agreementHash
                )
            )
        );
    }

    /// @inheritdoc IGrantRegistry
    function verifyGrantCertificate(uint32 grantId, address signer, bytes calldata signature)
        external
        view
        returns (bool signedByGrantor, AccessDenial status)
    {
        status = _denial(grantId, uint64(block.timestamp));
        if (status == AccessDenial.UnknownGrant) return (false, status);
        (uint32 org, , ) = _orgs.actorOf(signer);
        signedByGrantor =
            org == _grants[grantId].grantor &&
            SignatureChecker.isValidSignatureNow(signer, grantCertificateDigest(grantId), signature);
    }

    /// @inheritdoc IGrantRegistry
    function checkAccess(address key, uint32 grantId, uint32 resourceId, uint256 fields, uint64 at)
        external
        view
        returns (AccessDenial)
    {
        Grant storage g = _grants[grantId];
        if (g.status == GrantStatus.None) return AccessDenial.UnknownGrant;
        (uint32 org, , ) = _orgs.actorOf(key);
        if (org != g.grantee) return AccessDenial.KeyNotOfGrantee;
        AccessDenial denial = _denial(grantId, at);
        if (denial != AccessDenial.None) return denial;
        return _scopeDenial(g, resourceId, fields);
    }

    // ==== Internals ====

    /// @dev The first reason a grant is not live at `at`, or None. Walks the parent chain up to the bureau.
    function _denial(uint32 grantId, uint64 at) internal view returns (AccessDenial) {
        Grant storage g = _grants[grantId];
        GrantStatus status = g.status;
        if (status == GrantStatus.None) return AccessDenial.UnknownGrant;
        if (status == GrantStatus.Revoked) return AccessDenial.GrantRevoked;
        if (status == GrantStatus.Suspended) return AccessDenial.GrantSuspended;
        if (at < g.start) return AccessDenial.GrantNotYetValid;
        if (at > g.end) return AccessDenial.GrantExpired;
        if (!_isActive(g.grantee) || !_isActive(g.grantor)) return AccessDenial.OrganizationSuspended;
        if (!_qualifications.isQualifiedAt(g.grantee, at)) return AccessDenial.GranteeNotQualified;
        if (g.parent == 0) return AccessDenial.None; // the bureau is the root: no qualification of its own
        if (!_qualifications.isQualifiedAt(g.grantor, at)) return AccessDenial.GrantorNotQualified;
        if (_denial(g.parent, at) != AccessDenial.None) return AccessDenial.ParentNotLive;
        return AccessDenial.None;
    }

    /// @dev Scope: the whole grant covers every field of every resource in the operator's scope; a scenario
    /// grant covers the fields its application named, of resources still open for development.
    function _scopeDenial(Grant storage g, uint32 resourceId, uint256 fields) internal view returns (AccessDenial) {
        (bool inScope, bool open, uint16 fieldCount, ) = _catalog.developmentView(resourceId);
        uint256 allowed;
        if (g.parent == 0) {
            if (!inScope) return AccessDenial.ResourceOutOfScope;
            allowed = fieldCount >= 256 ? type(uint256).max : (uint256(1) << fieldCount) - 1;
        } else {
            allowed = _applications.fieldMask(g.application, resourceId);
            if (allowed == 0) return AccessDenial.ResourceOutOfScope;
        }
        if (fields == 0 || fields & ~allowed != 0) return AccessDenial.FieldsOutOfScope;
        if (g.parent != 0 && !open) return AccessDenial.ResourceWithdrawn;
        return AccessDenial.None;
    }

    /// @dev The parent is the caller's own whole grant, live now, and the child's term lies inside it.
    function _requireLiveParent(uint32 parentId, uint32 operator, GrantTerms calldata terms) internal view {
        Grant storage parent = _existing(parentId);
        if (parent.parent != 0) revert GrantParentNotWhole(parentId);
        if (parent.grantee != operator) revert GrantNotGrantor(parentId, operator);
        AccessDenial parentDenial = _denial(parentId, uint64(block.timestamp));
        if (parentDenial != AccessDenial.None) revert GrantParentNotLive(parentId, parentDenial);
        if (terms.start < parent.start || terms.end > parent.end) {
            revert GrantTermOutsideParent(terms.start, terms.end, parent.start, parent.end);
        }
    }

    /// @dev The application is finally approved, its developer qualified, and every resource it names
    /// still open for development (inside the parent's scope).
    function _requireGrantable(uint32 applicationId) internal view returns (uint32 developer, bytes32 scenario, Purpose purpose) {
        bool approved;
        uint32[] memory resources;
        (developer, scenario, purpose, approved, resources) = _applications.grantBasis(applicationId);
        if (!approved) revert GrantApplicationNotApproved(applicationId);
        if (!_isActive(developer) || !_qualifications.isQualifiedAt(developer, uint64(block.timestamp))) {
            revert GrantGranteeNotQualified(developer);
        }
        uint32 closed = _catalog.firstClosedForDevelopment(resources);
        if (closed != 0) revert GrantResourceOutOfScope(closed);
    }

    /// @dev R4, R16: a grant cannot outlive the qualification of its grantee or grantor.
    function _requireWithinQualification(uint32 org, uint40 end) internal view {
        uint64 until = _qualifications.qualifiedUntil(org);
        if (end > until) revert GrantOutlivesQualification(org, end, until);
    }

    function _isActive(uint32 org) internal view returns (bool) {
        (, OrgStatus status) = _orgs.statusOf(org);
        return status == OrgStatus.Active;
    }

    function _moveStatus(uint32 grantId, GrantStatus from, GrantStatus to) internal returns (uint32 byOrg) {
        Grant storage g = _existing(grantId);
        OrgKind kind;
        (byOrg, kind) = _actor();
        if (byOrg != g.grantor && kind != OrgKind.Bureau) revert GrantNotGrantor(grantId, byOrg);
        if (g.status != from) revert GrantStatusInvalid(grantId, g.status);
        g.status = to;
    }

    function _store(
        uint32 grantor,
        uint32 grantee,
        uint32 parent,
        uint32 applicationId,
        Purpose purpose,
        GrantTerms calldata terms
    ) internal returns (uint32 grantId) {
        grantId = ++_count;
        _grants[grantId] = Grant(
            grantor,
            grantee,
            parent,
            applicationId,
            terms.start,
            terms.end,
            GrantStatus.Active,
            purpose,
            terms.agreementHash,
            terms.feeTermsHash
        );
    }

    function _existing(uint32 grantId) internal view returns (Grant storage g) {
        g = _grants[grantId];
        if (g.status == GrantStatus.None) revert GrantUnknown(grantId);
    }

    /// @dev A term that ends in the future, after it starts, no longer than the maximum; an agreement with all ten clauses.
    function _requireTerms(GrantTerms calldata terms) internal view {
        if (terms.end <= terms.start || terms.end <= block.timestamp) revert GrantTermInvalid(terms.start, terms.end);
        uint64 maximum = _rule(Parameter.MaxTerm);
        if (terms.end - terms.start > maximum) revert GrantTermTooLong(terms.end - terms.start, maximum);
        uint16 missing = AgreementClauses.ALL & ~terms.clauseManifest;
        if (missing != 0) revert GrantAgreementIncomplete(terms.clauseManifest, missing);
    }

    function _developerScenario(uint32 developer, bytes32 scenario) internal pure returns (bytes32) {
        return keccak256(abi.encode(developer, scenario));
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessDenial, OrgKind, ProductDenial, ProductForm, ProductState, ReleaseChecks} from "./common/Types.sol";
import {RegistryClient} from "./common/RegistryClient.sol";
import {IDataApplications} from "./interfaces/IDataApplications.sol";
import {IGrantRegistry} from "./interfaces/IGrantRegistry.sol";
import {IOrganizationRegistry} from "./interfaces/IOrganizationRegistry.sol";
import {IProductRegistry} from "./interfaces/IProductRegistry.sol";

/// @title ProductRegistry
/// @notice Data products bound to their scenario grant, and their two-review release (Art. 19).
contract ProductRegistry is IProductRegistry, RegistryClient {
    uint256 private constant _MAX_SOURCES = 16;

    IGrantRegistry private immutable _grants;
    IDataApplications private immutable _applications;

    mapping(uint32 productId => Product) private _products;
    uint32 private _count;

    constructor(
        IOrganizationRegistry orgs_,
        IGrantRegistry grants_,
        IDataApplications applications_
    ) RegistryClient(orgs_, "TDL ProductRegistry") {
        _grants = grants_;
        _applications = applications_;
    }

    // ==== Lifecycle ====

    /// @inheritdoc IProductRegistry
    function registerProduct(uint32 grantId, ProductForm form, bytes32 metadataHash, uint32[] calldata sources)
        external
        returns (uint32 productId)
    {
        uint32 developer = _actorOfKind(OrgKind.Developer);
        if (form == ProductForm.None) revert ProductFormInvalid(form);
        IGrantRegistry.Grant memory g = _grants.grant(grantId);
        if (g.grantee != developer || g.parent == 0) revert ProductGrantNotHeld(grantId, developer);
        _requireSourcesInGrant(grantId, g.application, sources);
        productId = ++_count;
        Product storage p = _products[productId];
        p.developer = developer;
        p.grantId = grantId;
        p.version = 1;
        p.form = form;
        p.state = ProductState.Registered;
        p.metadataHash = metadataHash;
        p.sources = sources;
        emit ProductRegistered(productId, grantId, developer, form, metadataHash, sources, _sender());
    }

    /// @inheritdoc IProductRegistry
    function registerVersion(uint32 productId, bytes32 metadataHash, uint32[] calldata sources) external {
        (Product storage p, uint32 developer) = _ownProduct(productId);
        // a version under review is decided first; a suspended or delisted product takes no new version
        if (p.state == ProductState.Delisted || p.state == ProductState.Suspended || p.state == ProductState.InReview) {
            revert ProductStateInvalid(productId, p.state);
        }
        _requireSourcesInGrant(p.grantId, _grants.grant(p.grantId).application, sources);
        uint32 version = ++p.version;
        p.state = ProductState.Registered;
        p.metadataHash = metadataHash;
        p.sources = sources;
        _clearReviews(p);
        emit ProductVersioned(productId, version, metadataHash, sources, developer, _sender());
    }

    /// @inheritdoc IProductRegistry
    function applyForRelease(uint32 productId) external {
        (Product storage p, uint32 developer) = _ownProduct(productId);
        if (p.state != ProductState.Registered) revert ProductStateInvalid(productId, p.state);
        p.state = ProductState.InReview;
        emit ProductReleaseApplied(productId, p.version, developer, _sender());
    }

    /// @inheritdoc IProductRegistry
    function reviewRelease(uint32 productId, uint8 passedChecks, bytes32 reportHash) external {
        Product storage p = _inState(productId, ProductState.InReview);
        (uint32 org, OrgKind kind) = _actor();
        if (passedChecks > ReleaseChecks.ALL) revert ProductChecksInvalid(passedChecks);
        bool security;
        if (kind == OrgKind.Bureau) {
            if (p.bureauReviewed) revert ProductAlreadyReviewed(productId, org);
            p.bureauReviewed = true;
            p.bureauChecks = passedChecks;
        } else if (kind == OrgKind.SecuritySupervisor) {
            if (p.securityReviewed) revert ProductAlreadyReviewed(productId, org);
            security = true;
            p.securityReviewed = true;
            p.securityChecks = passedChecks;
        } else {
            revert ProductReviewerInvalid(productId, org);
        }
        uint8 failed = ReleaseChecks.ALL & ~passedChecks;
        emit ProductReviewed(productId, p.version, security, passedChecks, failed, reportHash, org, _sender());
        if (failed != 0) {
            p.state = ProductState.Rejected;
            emit ProductRejected(productId, p.version, failed, org, _sender());
        } else if (p.bureauReviewed && p.securityReviewed) {
            p.state = ProductState.Published;
            emit ProductPublished(productId, p.version);
        }
    }

    /// @inheritdoc IProductRegistry
    function recordRegistration(uint32 productId, string calldata number, bool exchange) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        Product storage p = _product(productId);
        if (exchange) {
            p.exchangeRegistrationNumber = number;
        } else {
            p.registrationNumber = number;
        }
        emit ProductRegistrationRecorded(productId, number, exchange, bureauOrg, _sender());
    }

    /// @inheritdoc IProductRegistry
    function suspendProduct(uint32 productId, bytes32 reasonHash) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        _inState(productId, ProductState.Published).state = ProductState.Suspended;
        emit ProductSuspended(productId, reasonHash, bureauOrg, _sender());
    }

    /// @inheritdoc IProductRegistry
    function reinstateProduct(uint32 productId, bytes32 reasonHash) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        _inState(productId, ProductState.Suspended).state = ProductState.Published;
        emit ProductReinstated(productId, reasonHash, bureauOrg, _sender());
    }

    /// @inheritdoc IProductRegistry
    function delistProduct(uint32 productId, bytes32 reasonHash) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        Product storage p = _product(productId);
        if (p.state == ProductState.Delisted) revert ProductStateInvalid(productId, p.state);
        p.state = ProductState.Delisted;
        emit ProductDelisted(productId, reasonHash, bureauOrg, _sender());
    }

    // ==== Views ====

    /// @inheritdoc IProductRegistry
    function product(uint32 productId) external view returns (Product memory) {
        return _products[productId];
    }

    /// @inheritdoc IProductRegistry
    function productCount() external view returns (uint32) {
        return _count;
    }

    /// @inheritdoc IProductRegistry
    function usability(uint32 productId, uint64 at) external view returns (ProductDenial, AccessDenial) {
        Product storage p = _products[productId];
        ProductState state = p.state;
        if (state == ProductState.None) return (ProductDenial.UnknownProduct, AccessDenial.None);
        if (state == ProductState.Delisted) return (ProductDenial.Delisted, AccessDenial.None);
        if (state == ProductState.Suspended) return (ProductDenial.Suspended, AccessDenial.None);
        if (state != ProductState.Published) return (ProductDenial.NotPublished, AccessDenial.None);
        AccessDenial grantDenial = _grants.denialOf(p.grantId, at);
        if (grantDenial != AccessDenial.None) return (ProductDenial.GrantNotLive, grantDenial);
        return (ProductDenial.None, AccessDenial.None);
    }

    // ==== Internals ====

    /// @dev The grant must be live, and every declared source inside its scope (a resource its application named).
    function _requireSourcesInGrant(uint32 grantId, uint32 applicationId, uint32[] calldata sources) private view {
        AccessDenial denial = _grants.denialOf(grantId, uint64(block.timestamp));
        if (denial != AccessDenial.None) revert ProductGrantNotLive(grantId, denial);
        if (sources.length == 0 || sources.length > _MAX_SOURCES) revert ProductSourcesInvalid();
        for (uint256 i = 0; i < sources.length; i++) {
            if (i > 0 && sources[i] <= sources[i - 1]) revert ProductSourcesInvalid(); // strictly increasing: no duplicates
            if (_applications.fieldMask(applicationId, sources[i]) == 0) revert ProductSourceOutOfScope(grantId, sources[i]);
        }
    }

    function _ownProduct(uint32 productId) private view returns (Product storage p, uint32 developer) {
        p = _product(productId);
        developer = _actorOfKind(OrgKind.Developer);
        if (developer != p.developer) revert ProductNotDeveloper(productId, developer);
    }

    function _product(uint32 productId) private view returns (Product storage p) {
        p = _products[productId];
        if (p.state == ProductState.None) revert ProductUnknown(productId);
    }

    function _inState(uint32 productId, ProductState expected) private view returns (Product storage p) {
        p = _product(productId);
        if (p.state != expected) revert ProductStateInvalid(productId, p.state);
    }

    function _clearReviews(Product storage p) private {
        p.bureauReviewed = false;
        p.securityReviewed = false;
        p.bureauChecks = 0;
        p.securityChecks = 0;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessDenial, ProductDenial, ProductForm, ProductState} from "../common/Types.sol";
import {ILedgerErrors} from "./ILedgerErrors.sol";

/// @title IProductRegistry
/// @notice Data products and their release (Art. 4, 11, 19, 20; R6, R13, R14, R21): bound for life to one
/// scenario grant, reviewed by the bureau and the security authority on the five checks of Art. 19.
interface IProductRegistry is ILedgerErrors {
    struct Product {
        uint32 developer; //       the registering developer (the grant's grantee)
        uint32 grantId; //         the scenario grant it is bound to, for life
        uint32 version; //         starts at 1; each new version is reviewed again
        ProductForm form; //       one of the six forms of Art. 4
        ProductState state;
        uint8 bureauChecks; //     checks the bureau's review cleared (bits of ReleaseChecks)
        uint8 securityChecks; //   checks the security authority's review cleared
        bool bureauReviewed; //    the bureau reviewed this version
        bool securityReviewed; //  the security authority reviewed this version
        bytes32 metadataHash; //   the product's description
        string registrationNumber; //         登记号 (Art. 11)
        string exchangeRegistrationNumber; // the data exchange's registration (Art. 20)
        uint32[] sources; //       declared data sources: resources inside the grant's scope
    }

    // ==== Errors ====

    error ProductUnknown(uint32 productId);
    error ProductStateInvalid(uint32 productId, ProductState state);
    error ProductNotDeveloper(uint32 productId, uint32 caller);
    error ProductFormInvalid(ProductForm form);
    error ProductGrantNotLive(uint32 grantId, AccessDenial reason);
    error ProductGrantNotHeld(uint32 grantId, uint32 caller);
    error ProductSourceOutOfScope(uint32 grantId, uint32 resourceId);
    error ProductSourcesInvalid();
    error ProductReviewerInvalid(uint32 productId, uint32 caller);
    error ProductAlreadyReviewed(uint32 productId, uint32 reviewer);
    error ProductChecksInvalid(uint8 checks);

    // ==== Events ====

    /// @param productId the product's id
    /// @param grantId the grant's id
    /// @param developer the developer organisation
    /// @param form the product's form
    /// @param metadataHash hash of the metadata
    /// @param sources the data-source departments
    /// @param byKey the key that acted
    event ProductRegistered(uint32 indexed productId, uint32 indexed grantId, uint32 indexed developer, ProductForm form, bytes32 metadataHash, uint32[] sources, address byKey);
    /// @param productId the product's id
    /// @param version the version number
    /// @param metadataHash hash of the metadata
    /// @param sources the data-source departments
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ProductVersioned(uint32 indexed productId, uint32 version, bytes32 metadataHash, uint32[] sources, uint32 indexed byOrg, address indexed byKey);
    /// @param productId the product's id
    /// @param version the version number
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ProductReleaseApplied(uint32 indexed productId, uint32 version, uint32 indexed byOrg, address indexed byKey);
    /// @param productId the product's id
    /// @param version the version number
    /// @param security true if the security authority reviewed, false if the bureau
    /// @param passedChecks bits of the release checks that passed
    /// @param failedChecks bits of the release checks that failed
    /// @param reportHash hash of the report
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ProductReviewed(uint32 indexed productId, uint32 version, bool security, uint8 passedChecks, uint8 failedChecks, bytes32 reportHash, uint32 indexed byOrg, address indexed byKey);
    /// @param productId the product's id
    /// @param version the version number
    event ProductPublished(uint32 indexed productId, uint32 version);
    /// @param productId the product's id
    /// @param version the version number
    /// @param failedChecks bits of the release checks that failed
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ProductRejected(uint32 indexed productId, uint32 version, uint8 failedChecks, uint32 indexed byOrg, address indexed byKey);
    /// @param productId the product's id
    /// @param registrationNumber the registration number
    /// @param exchange true if the number is the data exchange's registration (Art. 20)
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ProductRegistrationRecorded(uint32 indexed productId, string registrationNumber, bool exchange, uint32 indexed byOrg, address indexed byKey);
    /// @param productId the product's id
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ProductSuspended(uint32 indexed productId, bytes32 reasonHash, uint32 indexed byOrg, address indexed byKey);
    /// @param productId the product's id
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ProductReinstated(uint32 indexed productId, bytes32 reasonHash, uint32 indexed byOrg, address indexed byKey);
    /// @param productId the product's id
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ProductDelisted(uint32 indexed productId, bytes32 reasonHash, uint32 indexed byOrg, address indexed byKey);

    // ==== Lifecycle ====

    /// @notice The grantee of a live scenario grant registers a product bound to it, declaring its sources
    /// (strictly increasing resource ids, each inside the grant's scope).
    /// @param grantId the grant's id
    /// @param form the product's form
    /// @param metadataHash hash of the metadata
    /// @param sources the data-source departments
    /// @return productId the product's id
    function registerProduct(uint32 grantId, ProductForm form, bytes32 metadataHash, uint32[] calldata sources)
        external
        returns (uint32 productId);

    /// @notice The developer registers a new version (not while one is under review); it is reviewed again before publication.
    /// @param productId the product's id
    /// @param metadataHash hash of the metadata
    /// @param sources the data-source departments
    function registerVersion(uint32 productId, bytes32 metadataHash, uint32[] calldata sources) external;

    /// @notice The developer applies for release of the current version.
    /// @param productId the product's id
    function applyForRelease(uint32 productId) external;

    /// @notice Bureau staff (bureau review) or a security supervisor (security review) record the five checks.
    /// Publication follows when both reviews clear all five; any failed check rejects, naming the failed checks.
    /// @param productId the product's id
    /// @param passedChecks bits of the release checks that passed
    /// @param reportHash hash of the report
    function reviewRelease(uint32 productId, uint8 passedChecks, bytes32 reportHash) external;

    /// @notice Bureau staff record the registration number (登记), or, with `exchange`, the exchange's number.
    /// @param productId the product's id
    /// @param number the registration number
    /// @param exchange true if the number is the data exchange's registration (Art. 20)
    function recordRegistration(uint32 productId, string calldata number, bool exchange) external;

    /// @notice Bureau staff suspend a published product.
    /// @param productId the product's id
    /// @param reasonHash hash of the reason
    function suspendProduct(uint32 productId, bytes32 reasonHash) external;

    /// @notice Bureau staff lift a suspension.
    /// @param productId the product's id
    /// @param reasonHash hash of the reason
    function reinstateProduct(uint32 productId, bytes32 reasonHash) external;

    /// @notice Bureau staff delist a product for good.
    /// @param productId the product's id
    /// @param reasonHash hash of the reason
    function delistProduct(uint32 productId, bytes32 reasonHash) external;

    // ==== Views ====

    /// @param productId the product's id
    /// @return the product
    function product(uint32 productId) external view returns (Product memory);

    /// @notice Products registered; with `product(i)` the operator's product and service list (R21).
    /// @return the number of products
    function productCount() external view returns (uint32);

    /// @notice Whether a product may be used at `at`, and if not why (with the grant's reason when it is the grant).
    /// @param productId the product's id
    /// @param at the time asked about (unix seconds)
    /// @return denial why not, or None
    /// @return grantDenial the grant's denial, or None
    function usability(uint32 productId, uint64 at) external view returns (ProductDenial denial, AccessDenial grantDenial);
}

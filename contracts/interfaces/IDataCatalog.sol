// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ILedgerErrors} from "./ILedgerErrors.sol";

/// @title IDataCatalog
/// @notice The unified public-data catalog (Art. 6-8, 17, R2, R3, R6, R17): one authoritative source per
/// resource (一数一源), versioned metadata, classification levels, quality tickets, registration numbers,
/// the operator's authorized scope and the authorized-operation catalog open for development.
/// Only identifiers, hashes, field counts and states: never raw data or personal information.
interface IDataCatalog is ILedgerErrors {
    struct ResourceVersion {
        bytes32 metadataHash; //  the catalog entry's metadata document
        bytes32 fieldListHash; // the ordered field list; field i is bit i of a field mask
        uint16 fieldCount; //     fields in the list (at most 256; fields are only ever appended)
        uint8 classification; //  分级: 1 (public) .. 4 (most sensitive)
        uint32 updateInterval; // seconds between scheduled updates (0: on change)
        uint64 updatedAt; //      block time of this version
    }

    struct DataResource {
        bytes32 code; //                the catalog code, unique across all sources
        uint32 source; //               the one data-source department (数源部门)
        uint32 version; //              the current version (versions start at 1)
        bool inOperationScope; //       inside the operator's authorized scope
        bool openForDevelopment; //     published in the authorized-operation catalog (授权运营目录)
        string registrationNumber; //   登记号, once the bureau records it
    }

    enum TicketState {
        None,
        Open,
        Closed
    }

    struct QualityTicket {
        uint32 resourceId;
        TicketState state;
        uint64 deadline;
        uint64 closedAt;
        bytes32 issueHash;
        bytes32 fixHash;
    }

    /// @notice A published dataset version of a resource (Art. 6-8, R2): what the node serves, pinned by its digest.
    struct DatasetVersion {
        bytes32 contentDigest; //  SHA-256 of the dataset version's canonical content
        uint64 rowCount; //        rows in the version (at least 1)
        bytes32 fieldListHash; //  the field list it was checked against: the resource's current version's
        uint32 catalogVersion; //  the resource's catalog version at publication
        uint64 publishedAt; //     block time of publication
        address byKey; //          the source department's staff key that published it
    }

    struct CatalogGapRequest {
        uint32 resourceId;
        uint32 operator;
        uint32 industryAuthority;
        bool bureauApproved;
        bool authorityApproved;
        bool completed; //   both approvals given and the resource put in scope: the request is used up
        bytes32 reasonHash;
    }

    // ==== Errors ====

    error CatalogCodeTaken(bytes32 code, uint32 resourceId);
    error CatalogResourceUnknown(uint32 resourceId);
    error CatalogNotSource(uint32 resourceId, uint32 caller);
    error CatalogFieldCountInvalid(uint16 fieldCount, uint16 minimum);
    error CatalogClassificationInvalid(uint8 classification);
    error CatalogVersionUnknown(uint32 resourceId, uint32 version);
    error CatalogTicketUnknown(uint32 ticketId);
    error CatalogTicketClosed(uint32 ticketId);
    error CatalogDeadlinePassed(uint64 deadline);
    error CatalogNotQualifiedOperator(uint32 caller);
    error CatalogNotInOperationScope(uint32 resourceId);
    error CatalogGapUnknown(uint32 requestId);
    error CatalogGapResourceInScope(uint32 resourceId);
    error CatalogGapApproverInvalid(uint32 requestId, uint32 caller);
    error CatalogGapCompleted(uint32 requestId);
    error DatasetDigestMissing(uint32 resourceId);
    error DatasetEmpty(uint32 resourceId);
    error DatasetUnchanged(uint32 resourceId, uint32 datasetVersion);
    error DatasetVersionUnknown(uint32 resourceId, uint32 datasetVersion);

    // ==== Events ====

    /// @param resourceId the resource's id
    /// @param code the catalog code (hash)
    /// @param source the data-source department
    /// @param version the version number
    /// @param byKey the key that acted
    event ResourceRegistered(uint32 indexed resourceId, bytes32 indexed code, uint32 indexed source, ResourceVersion version, address byKey);
    /// @param resourceId the resource's id
    /// @param version the version number
    /// @param record the record
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ResourceUpdated(uint32 indexed resourceId, uint32 version, ResourceVersion record, uint32 indexed byOrg, address indexed byKey);
    /// @param resourceId the resource's id
    /// @param registrationNumber the registration number
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ResourceRegistrationRecorded(uint32 indexed resourceId, string registrationNumber, uint32 indexed byOrg, address indexed byKey);
    /// @param ticketId the quality ticket's id
    /// @param resourceId the resource's id
    /// @param issueHash hash of the issue description
    /// @param deadline the deadline (unix seconds)
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event QualityTicketOpened(uint32 indexed ticketId, uint32 indexed resourceId, bytes32 issueHash, uint64 deadline, uint32 byOrg, address indexed byKey);
    /// @param ticketId the quality ticket's id
    /// @param resourceId the resource's id
    /// @param fixHash hash of the fix report
    /// @param late whether it came after the deadline
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event QualityTicketClosed(uint32 indexed ticketId, uint32 indexed resourceId, bytes32 fixHash, bool late, uint32 byOrg, address indexed byKey);
    /// @param resourceId the resource's id
    /// @param inOperationScope whether the resource is in the authorized operation scope
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ResourceScopeChanged(uint32 indexed resourceId, bool inOperationScope, uint32 indexed byOrg, address indexed byKey);
    /// @param resourceId the resource's id
    /// @param openForDevelopment whether the resource is open for development
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event ResourceDevelopmentChanged(uint32 indexed resourceId, bool openForDevelopment, uint32 indexed byOrg, address indexed byKey);
    /// @param requestId the request's id
    /// @param resourceId the resource's id
    /// @param industryAuthority the industry authority organisation
    /// @param reasonHash hash of the reason
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event CatalogGapRequested(uint32 indexed requestId, uint32 indexed resourceId, uint32 industryAuthority, bytes32 reasonHash, uint32 indexed byOrg, address byKey);
    /// @param requestId the request's id
    /// @param resourceId the resource's id
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event CatalogGapApproved(uint32 indexed requestId, uint32 indexed resourceId, uint32 indexed byOrg, address byKey);
    /// @param resourceId the resource's id
    /// @param datasetVersion the dataset version number (1, 2, ...)
    /// @param contentDigest SHA-256 of the version's content
    /// @param rowCount rows in the version
    /// @param fieldListHash the field list the version was checked against
    /// @param byOrg the organisation that acted (the resource's source)
    /// @param byKey the key that acted
    event DatasetPublished(
        uint32 indexed resourceId,
        uint32 datasetVersion,
        bytes32 contentDigest,
        uint64 rowCount,
        bytes32 fieldListHash,
        uint32 indexed byOrg,
        address indexed byKey
    );

    // ==== Resources ====

    /// @notice A data-source department registers a resource it is the one source of.
    /// @param code the catalog code (hash)
    /// @param first the first version
    /// @return resourceId the resource's id
    function registerResource(bytes32 code, ResourceVersion calldata first) external returns (uint32 resourceId);

    /// @notice The source department publishes a new version; old versions stay readable.
    /// @param resourceId the resource's id
    /// @param next the new version
    function updateResource(uint32 resourceId, ResourceVersion calldata next) external;

    /// @notice The source department records a published dataset version of its resource (一数一源, Art. 6-8, R2),
    /// checked against the resource's current field list; earlier versions stay readable, nothing is edited in place.
    /// @param resourceId the resource's id
    /// @param contentDigest SHA-256 of the version's content (not zero, not the latest version's)
    /// @param rowCount rows in the version (at least 1)
    /// @return datasetVersion the new dataset version number (1, 2, ...)
    function publishDataset(uint32 resourceId, bytes32 contentDigest, uint64 rowCount) external returns (uint32 datasetVersion);

    /// @notice Bureau staff record the resource's registration number (登记, Art. 11).
    /// @param resourceId the resource's id
    /// @param registrationNumber the registration number
    function recordRegistration(uint32 resourceId, string calldata registrationNumber) external;

    // ==== Quality tickets (R3) ====

    /// @notice Bureau staff order the source to fix a quality problem by a deadline.
    /// @param resourceId the resource's id
    /// @param issueHash hash of the issue description
    /// @param deadline the deadline (unix seconds)
    /// @return ticketId the quality ticket's id
    function openQualityTicket(uint32 resourceId, bytes32 issueHash, uint64 deadline) external returns (uint32 ticketId);

    /// @notice The source department closes a ticket with its fix.
    /// @param ticketId the quality ticket's id
    /// @param fixHash hash of the fix report
    function closeQualityTicket(uint32 ticketId, bytes32 fixHash) external;

    // ==== Authorized scope and the authorized-operation catalog ====

    /// @notice Bureau staff put resources inside (or take them out of) the operator's authorized scope.
    /// @param resourceIds the resource ids
    /// @param inScope whether the resource is in scope
    function setOperationScope(uint32[] calldata resourceIds, bool inScope) external;

    /// @notice A qualified operator opens a resource inside its scope for development, or withdraws it.
    /// @param resourceId the resource's id
    /// @param open whether it is open
    function setOpenForDevelopment(uint32 resourceId, bool open) external;

    /// @notice A qualified operator asks for a resource outside its scope (Art. 18).
    /// @param resourceId the resource's id
    /// @param industryAuthority the industry authority organisation
    /// @param reasonHash hash of the reason
    /// @return requestId the request's id
    function requestCatalogGap(uint32 resourceId, uint32 industryAuthority, bytes32 reasonHash) external returns (uint32 requestId);

    /// @notice Bureau staff or the named industry authority approve; with both, the resource joins the scope.
    /// @param requestId the request's id
    function approveCatalogGap(uint32 requestId) external;

    // ==== Views ====

    /// @param resourceId the resource's id
    /// @return the resource
    function resource(uint32 resourceId) external view returns (DataResource memory);

    /// @param resourceId the resource's id
    /// @param version the version number
    /// @return the version
    function resourceVersion(uint32 resourceId, uint32 version) external view returns (ResourceVersion memory);

    /// @param resourceId the resource's id
    /// @param datasetVersion the dataset version number (1 .. datasetCount)
    /// @return the dataset version
    function dataset(uint32 resourceId, uint32 datasetVersion) external view returns (DatasetVersion memory);

    /// @param resourceId the resource's id
    /// @return the number of dataset versions published (0: none yet; the latest is this number)
    function datasetCount(uint32 resourceId) external view returns (uint32);

    /// @return the number of resources
    function resourceCount() external view returns (uint32);

    /// @notice What a grant check needs: scope, openness for development, field count and classification.
    /// @param resourceId the resource's id
    /// @return inOperationScope whether the resource is in the authorized operation scope
    /// @return openForDevelopment whether the resource is open for development
    /// @return fieldCount the number of fields
    /// @return classification the classification level
    function developmentView(uint32 resourceId)
        external
        view
        returns (bool inOperationScope, bool openForDevelopment, uint16 fieldCount, uint8 classification);

    /// @notice The first of `resourceIds` not open for development, or 0 when all are.
    /// @param resourceIds the resource ids
    /// @return the first resource not open for development (0 if none)
    function firstClosedForDevelopment(uint32[] calldata resourceIds) external view returns (uint32);

    /// @param ticketId the quality ticket's id
    /// @return the ticket
    function qualityTicket(uint32 ticketId) external view returns (QualityTicket memory);

    /// @notice An open ticket past its deadline.
    /// @param ticketId the quality ticket's id
    /// @return whether the ticket is overdue
    function isOverdue(uint32 ticketId) external view returns (bool);

    /// @param requestId the request's id
    /// @return the request
    function catalogGapRequest(uint32 requestId) external view returns (CatalogGapRequest memory);
}

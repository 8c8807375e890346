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

    // ==== Events ====

    event ResourceRegistered(uint32 indexed resourceId, bytes32 indexed code, uint32 indexed source, ResourceVersion version, address byKey);
    event ResourceUpdated(uint32 indexed resourceId, uint32 version, ResourceVersion record, uint32 indexed byOrg, address indexed byKey);
    event ResourceRegistrationRecorded(uint32 indexed resourceId, string registrationNumber, uint32 indexed byOrg, address indexed byKey);
    event QualityTicketOpened(uint32 indexed ticketId, uint32 indexed resourceId, bytes32 issueHash, uint64 deadline, uint32 byOrg, address indexed byKey);
    event QualityTicketClosed(uint32 indexed ticketId, uint32 indexed resourceId, bytes32 fixHash, bool late, uint32 byOrg, address indexed byKey);
    event ResourceScopeChanged(uint32 indexed resourceId, bool inOperationScope, uint32 indexed byOrg, address indexed byKey);
    event ResourceDevelopmentChanged(uint32 indexed resourceId, bool openForDevelopment, uint32 indexed byOrg, address indexed byKey);
    event CatalogGapRequested(uint32 indexed requestId, uint32 indexed resourceId, uint32 industryAuthority, bytes32 reasonHash, uint32 indexed byOrg, address byKey);
    event CatalogGapApproved(uint32 indexed requestId, uint32 indexed resourceId, uint32 indexed byOrg, address byKey);

    // ==== Resources ====

    /// @notice A data-source department registers a resource it is the one source of.
    function registerResource(bytes32 code, ResourceVersion calldata first) external returns (uint32 resourceId);

    /// @notice The source department publishes a new version; old versions stay readable.
    function updateResource(uint32 resourceId, ResourceVersion calldata next) external;

    /// @notice Bureau staff record the resource's registration number (登记, Art. 11).
    function recordRegistration(uint32 resourceId, string calldata registrationNumber) external;

    // ==== Quality tickets (R3) ====

    /// @notice Bureau staff order the source to fix a quality problem by a deadline.
    function openQualityTicket(uint32 resourceId, bytes32 issueHash, uint64 deadline) external returns (uint32 ticketId);

    /// @notice The source department closes a ticket with its fix.
    function closeQualityTicket(uint32 ticketId, bytes32 fixHash) external;

    // ==== Authorized scope and the authorized-operation catalog ====

    /// @notice Bureau staff put resources inside (or take them out of) the operator's authorized scope.
    function setOperationScope(uint32[] calldata resourceIds, bool inScope) external;

    /// @notice A qualified operator opens a resource inside its scope for development, or withdraws it.
    function setOpenForDevelopment(uint32 resourceId, bool open) external;

    /// @notice A qualified operator asks for a resource outside its scope (Art. 18).
    function requestCatalogGap(uint32 resourceId, uint32 industryAuthority, bytes32 reasonHash) external returns (uint32 requestId);

    /// @notice Bureau staff or the named industry authority approve; with both, the resource joins the scope.
    function approveCatalogGap(uint32 requestId) external;

    // ==== Views ====

    function resource(uint32 resourceId) external view returns (DataResource memory);

    function resourceVersion(uint32 resourceId, uint32 version) external view returns (ResourceVersion memory);

    function resourceCount() external view returns (uint32);

    /// @notice What a grant check needs: scope, openness for development, field count and classification.
    function developmentView(uint32 resourceId)
        external
        view
        returns (bool inOperationScope, bool openForDevelopment, uint16 fieldCount, uint8 classification);

    /// @notice The first of `resourceIds` not open for development, or 0 when all are.
    function firstClosedForDevelopment(uint32[] calldata resourceIds) external view returns (uint32);

    function qualityTicket(uint32 ticketId) external view returns (QualityTicket memory);

    /// @notice An open ticket past its deadline.
    function isOverdue(uint32 ticketId) external view returns (bool);

    function catalogGapRequest(uint32 requestId) external view returns (CatalogGapRequest memory);
}

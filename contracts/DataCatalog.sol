// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OrgKind} from "./common/Types.sol";
import {RegistryClient} from "./common/RegistryClient.sol";
import {IDataCatalog} from "./interfaces/IDataCatalog.sol";
import {IOrganizationRegistry} from "./interfaces/IOrganizationRegistry.sol";
import {IQualificationRegistry} from "./interfaces/IQualificationRegistry.sol";

/// @title DataCatalog
/// @notice The public-data catalog: resources, versions, quality tickets, scope and the authorized-operation catalog.
contract DataCatalog is IDataCatalog, RegistryClient {
    uint16 private constant _MAX_FIELDS = 256;
    uint8 private constant _MAX_CLASSIFICATION = 4;

    IQualificationRegistry private immutable _qualifications;

    mapping(uint32 resourceId => DataResource) private _resources;
    mapping(uint32 resourceId => mapping(uint32 version => ResourceVersion)) private _versions;
    mapping(bytes32 code => uint32 resourceId) private _byCode;
    mapping(uint32 resourceId => mapping(uint32 datasetVersion => DatasetVersion)) private _datasets;
    mapping(uint32 resourceId => uint32 count) private _datasetCounts;
    mapping(uint32 ticketId => QualityTicket) private _tickets;
    mapping(uint32 requestId => CatalogGapRequest) private _gapRequests;
    uint32 private _resourceCount;
    uint32 private _ticketCount;
    uint32 private _gapCount;

    constructor(IOrganizationRegistry orgs_, IQualificationRegistry qualifications_) RegistryClient(orgs_, "TDL DataCatalog") {
        _qualifications = qualifications_;
    }

    // ==== Resources ====

    /// @inheritdoc IDataCatalog
    function registerResource(bytes32 code, ResourceVersion calldata first) external returns (uint32 resourceId) {
        uint32 source = _actorOfKind(OrgKind.DataSource);
        uint32 existing = _byCode[code];
        if (existing != 0) revert CatalogCodeTaken(code, existing);
        resourceId = ++_resourceCount;
        _byCode[code] = resourceId;
        DataResource storage r = _resources[resourceId];
        r.code = code;
        r.source = source;
        r.version = 1;
        ResourceVersion memory v = _checkedVersion(first, 1);
        _versions[resourceId][1] = v;
        emit ResourceRegistered(resourceId, code, source, v, _sender());
    }

    /// @inheritdoc IDataCatalog
    function updateResource(uint32 resourceId, ResourceVersion calldata next) external {
        DataResource storage r = _resource(resourceId);
        uint32 source = _actorOfKind(OrgKind.DataSource);
        if (source != r.source) revert CatalogNotSource(resourceId, source);
        uint32 version = r.version + 1;
        // fields are only appended, so every field mask ever granted keeps its meaning
        ResourceVersion memory v = _checkedVersion(next, _versions[resourceId][r.version].fieldCount);
        r.version = version;
        _versions[resourceId][version] = v;
        emit ResourceUpdated(resourceId, version, v, source, _sender());
    }

    /// @inheritdoc IDataCatalog
    function publishDataset(uint32 resourceId, bytes32 contentDigest, uint64 rowCount) external returns (uint32 datasetVersion) {
        DataResource storage r = _resource(resourceId);
        uint32 source = _actorOfKind(OrgKind.DataSource);
        if (source != r.source) revert CatalogNotSource(resourceId, source);
        if (contentDigest == bytes32(0)) revert DatasetDigestMissing(resourceId);
        if (rowCount == 0) revert DatasetEmpty(resourceId);
        uint32 latest = _datasetCounts[resourceId];
        if (latest != 0 && _datasets[resourceId][latest].contentDigest == contentDigest) revert DatasetUnchanged(resourceId, latest);
        datasetVersion = latest + 1;
        _datasetCounts[resourceId] = datasetVersion;
        bytes32 fieldListHash = _versions[resourceId][r.version].fieldListHash;
        _datasets[resourceId][datasetVersion] = DatasetVersion({
            contentDigest: contentDigest,
            rowCount: rowCount,
            fieldListHash: fieldListHash,
            catalogVersion: r.version,
            publishedAt: uint64(block.timestamp),
            byKey: _sender()
        });
        emit DatasetPublished(resourceId, datasetVersion, contentDigest, rowCount, fieldListHash, source, _sender());
    }

    /// @inheritdoc IDataCatalog
    function recordRegistration(uint32 resourceId, string calldata registrationNumber) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        _resource(resourceId).registrationNumber = registrationNumber;
        emit ResourceRegistrationRecorded(resourceId, registrationNumber, bureauOrg, _sender());
    }

    // ==== Quality tickets ====

    /// @inheritdoc IDataCatalog
    function openQualityTicket(uint32 resourceId, bytes32 issueHash, uint64 deadline) external returns (uint32 ticketId) {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        _resource(resourceId);
        if (deadline <= block.timestamp) revert CatalogDeadlinePassed(deadline);
        ticketId = ++_ticketCount;
        _tickets[ticketId] = QualityTicket({
            resourceId: resourceId,
            state: TicketState.Open,
            deadline: deadline,
            closedAt: 0,
            issueHash: issueHash,
            fixHash: bytes32(0)
        });
        emit QualityTicketOpened(ticketId, resourceId, issueHash, deadline, bureauOrg, _sender());
    }

    /// @inheritdoc IDataCatalog
    function closeQualityTicket(uint32 ticketId, bytes32 fixHash) external {
        QualityTicket storage t = _tickets[ticketId];
        if (t.state == TicketState.None) revert CatalogTicketUnknown(ticketId);
        if (t.state == TicketState.Closed) revert CatalogTicketClosed(ticketId);
        uint32 source = _actorOfKind(OrgKind.DataSource);
        if (source != _resources[t.resourceId].source) revert CatalogNotSource(t.resourceId, source);
        t.state = TicketState.Closed;
        t.closedAt = uint64(block.timestamp);
        t.fixHash = fixHash;
        emit QualityTicketClosed(ticketId, t.resourceId, fixHash, block.timestamp > t.deadline, source, _sender());
    }

    // ==== Scope and the authorized-operation catalog ====

    /// @inheritdoc IDataCatalog
    function setOperationScope(uint32[] calldata resourceIds, bool inScope) external {
        uint32 bureauOrg = _actorOfKind(OrgKind.Bureau);
        for (uint256 i = 0; i < resourceIds.length; i++) {
            _setScope(resourceIds[i], inScope, bureauOrg);
        }
    }

    /// @inheritdoc IDataCatalog
    function setOpenForDevelopment(uint32 resourceId, bool open) external {
        uint32 operator = _qualifiedOperator();
        DataResource storage r = _resource(resourceId);
        if (open && !r.inOperationScope) revert CatalogNotInOperationScope(resourceId);
        r.openForDevelopment = open;
        emit ResourceDevelopmentChanged(resourceId, open, operator, _sender());
    }

    /// @inheritdoc IDataCatalog
    function requestCatalogGap(uint32 resourceId, uint32 industryAuthority, bytes32 reasonHash) external returns (uint32 requestId) {
        uint32 operator = _qualifiedOperator();
        if (_resource(resourceId).inOperationScope) revert CatalogGapResourceInScope(resourceId);
        if (_orgs.organization(industryAuthority).kind != OrgKind.IndustryAuthority) {
            revert WrongOrganizationKind(industryAuthority, _orgs.organization(industryAuthority).kind, OrgKind.IndustryAuthority);
        }
        requestId = ++_gapCount;
        _gapRequests[requestId] = CatalogGapRequest({
            resourceId: resourceId,
            operator: operator,
            industryAuthority: industryAuthority,
            bureauApproved: false,
            authorityApproved: false,
            completed: false,
            reasonHash: reasonHash
        });
        emit CatalogGapRequested(requestId, resourceId, industryAuthority, reasonHash, operator, _sender());
    }

    /// @inheritdoc IDataCatalog
    function approveCatalogGap(uint32 requestId) external {
        CatalogGapRequest storage g = _gapRequests[requestId];
        if (g.resourceId == 0) revert CatalogGapUnknown(requestId);
        if (g.completed) revert CatalogGapCompleted(requestId);
        (uint32 org, OrgKind kind) = _actor();
        if (kind == OrgKind.Bureau) {
            g.bureauApproved = true;
        } else if (org == g.industryAuthority) {
            g.authorityApproved = true;
        } else {
            revert CatalogGapApproverInvalid(requestId, org);
        }
        emit CatalogGapApproved(requestId, g.resourceId, org, _sender());
        if (g.bureauApproved && g.authorityApproved) {
            g.completed = true;
            if (!_resources[g.resourceId].inOperationScope) _setScope(g.resourceId, true, org);
        }
    }

    // ==== Views ====

    /// @inheritdoc IDataCatalog
    function resource(uint32 resourceId) external view returns (DataResource memory) {
        return _resources[resourceId];
    }

    /// @inheritdoc IDataCatalog
    function resourceVersion(uint32 resourceId, uint32 version) external view returns (ResourceVersion memory) {
        if (version == 0 || version > _resources[resourceId].version) revert CatalogVersionUnknown(resourceId, version);
        return _versions[resourceId][version];
    }

    /// @inheritdoc IDataCatalog
    function dataset(uint32 resourceId, uint32 datasetVersion) external view returns (DatasetVersion memory) {
        if (datasetVersion == 0 || datasetVersion > _datasetCounts[resourceId]) revert DatasetVersionUnknown(resourceId, datasetVersion);
        return _datasets[resourceId][datasetVersion];
    }

    /// @inheritdoc IDataCatalog
    function datasetCount(uint32 resourceId) external view returns (uint32) {
        return _datasetCounts[resourceId];
    }

    /// @inheritdoc IDataCatalog
    function resourceCount() external view returns (uint32) {
        return _resourceCount;
    }

    /// @inheritdoc IDataCatalog
    function developmentView(uint32 resourceId) external view returns (bool, bool, uint16, uint8) {
        DataResource storage r = _resources[resourceId];
        ResourceVersion storage v = _versions[resourceId][r.version];
        return (r.inOperationScope, r.openForDevelopment && r.inOperationScope, v.fieldCount, v.classification);
    }

    /// @inheritdoc IDataCatalog
    function firstClosedForDevelopment(uint32[] calldata resourceIds) external view returns (uint32) {
        for (uint256 i = 0; i < resourceIds.length; i++) {
            DataResource storage r = _resources[resourceIds[i]];
            if (!r.openForDevelopment || !r.inOperationScope) return resourceIds[i];
        }
        return 0;
    }

    /// @inheritdoc IDataCatalog
    function qualityTicket(uint32 ticketId) external view returns (QualityTicket memory) {
        return _tickets[ticketId];
    }

    /// @inheritdoc IDataCatalog
    function isOverdue(uint32 ticketId) external view returns (bool) {
        QualityTicket storage t = _tickets[ticketId];
        return t.state == TicketState.Open && block.timestamp > t.deadline;
    }

    /// @inheritdoc IDataCatalog
    function catalogGapRequest(uint32 requestId) external view returns (CatalogGapRequest memory) {
        return _gapRequests[requestId];
    }

    // ==== Internals ====

    function _resource(uint32 resourceId) private view returns (DataResource storage r) {
        r = _resources[resourceId];
        if (r.version == 0) revert CatalogResourceUnknown(resourceId);
    }

    function _qualifiedOperator() private view returns (uint32 operator) {
        operator = _actorOfKind(OrgKind.Operator);
        if (!_qualifications.isQualifiedAt(operator, uint64(block.timestamp))) revert CatalogNotQualifiedOperator(operator);
    }

    function _setScope(uint32 resourceId, bool inScope, uint32 byOrg) private {
        DataResource storage r = _resource(resourceId);
        r.inOperationScope = inScope;
        emit ResourceScopeChanged(resourceId, inScope, byOrg, _sender());
    }

    function _checkedVersion(ResourceVersion calldata v, uint16 minFields) private view returns (ResourceVersion memory out) {
        if (v.fieldCount == 0 || v.fieldCount < minFields || v.fieldCount > _MAX_FIELDS) {
            revert CatalogFieldCountInvalid(v.fieldCount, minFields);
        }
        if (v.classification == 0 || v.classification > _MAX_CLASSIFICATION) {
            revert CatalogClassificationInvalid(v.classification);
        }
        out = v;
        out.updatedAt = uint64(block.timestamp);
    }
}

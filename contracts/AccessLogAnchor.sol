// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OrgKind} from "./common/Types.sol";
import {RegistryClient} from "./common/RegistryClient.sol";
import {RFC6962} from "./common/RFC6962.sol";
import {IOrganizationRegistry} from "./interfaces/IOrganizationRegistry.sol";
import {IAccessLogAnchor} from "./interfaces/IAccessLogAnchor.sol";

/// @title AccessLogAnchor
/// @notice Anchored roots of the nodes' RFC 6962 access logs; each anchor grows the log and is proved
/// consistent with the last on chain (SHA-256 precompile).
/// @dev Per anchor, storage costs one new slot (the root at its size) and one rewritten slot (the tip);
/// the anchor's block number lives in its `LogRootAnchored` event.
contract AccessLogAnchor is IAccessLogAnchor, RegistryClient {
    /// @dev What `anchor` reads and rewrites, packed in one slot.
    struct AnchorTip {
        uint64 size; //       latest anchored tree size
        uint64 anchoredAt; // block time of the latest anchor
        uint32 count; //      anchors so far
    }

    mapping(uint32 logId => AccessLog) private _logs;
    mapping(uint32 logId => AnchorTip) private _tips;
    mapping(uint32 logId => mapping(uint64 size => bytes32 root)) private _roots;
    mapping(bytes32 originHash => uint32 logId) private _logIdByOrigin;
    mapping(uint32 logId => LogKey[]) private _keys;
    uint32 private _logCount;

    constructor(IOrganizationRegistry orgs_) RegistryClient(orgs_, "TDL AccessLogAnchor") {}

    // ==== Bureau: logs and keys ====

    /// @inheritdoc IAccessLogAnchor
    function registerLog(
        string calldata origin,
        uint32 nodeOrg,
        address anchoringKey
    ) external returns (uint32 logId) {
        uint32 byOrg = _actorOfKind(OrgKind.Bureau);
        if (bytes(origin).length == 0) revert AnchorOriginEmpty();
        bytes32 originHash = keccak256(bytes(origin));
        uint32 existing = _logIdByOrigin[originHash];
        if (existing != 0) revert AnchorOriginTaken(origin, existing);
        _checkKeyOfNode(anchoringKey, nodeOrg);

        logId = ++_logCount;
        _logIdByOrigin[originHash] = logId;
        _logs[logId] = AccessLog({
            anchoringKey: anchoringKey,
            nodeOrg: nodeOrg,
            retired: false,
            registeredAt: uint64(block.timestamp),
            origin: origin
        });
        emit LogRegistered(logId, origin, nodeOrg, anchoringKey, byOrg, _sender());
    }

    /// @inheritdoc IAccessLogAnchor
    function rotateAnchoringKey(uint32 logId, address newKey) external {
        uint32 byOrg = _actorOfKind(OrgKind.Bureau);
        AccessLog storage log = _openLog(logId);
        _checkKeyOfNode(newKey, log.nodeOrg);
        address previousKey = log.anchoringKey;
        log.anchoringKey = newKey;
        emit AnchoringKeyRotated(logId, previousKey, newKey, byOrg, _sender());
    }

    /// @inheritdoc IAccessLogAnchor
    function retireLog(uint32 logId) external {
        uint32 byOrg = _actorOfKind(OrgKind.Bureau);
        AccessLog storage log = _openLog(logId);
        log.retired = true;
        emit LogRetired(logId, _tips[logId].size, byOrg, _sender());
    }

    // ==== Node: checkpoint key and anchoring ====

    /// @inheritdoc IAccessLogAnchor
    function setLogKey(uint32 logId, string calldata verifierKey) external returns (uint32 keyIndex) {
        (uint32 byOrg, ) = _actor();
        AccessLog storage log = _openLog(logId);
        if (byOrg != log.nodeOrg) revert AnchorNotLogOrg(logId, byOrg, log.nodeOrg);
        if (bytes(verifierKey).length == 0) revert AnchorLogKeyEmpty(logId);
        LogKey[] storage keys = _keys[logId];
        uint256 count = keys.length;
        if (count != 0 && keccak256(bytes(keys[count - 1].verifierKey)) == keccak256(bytes(verifierKey))) {
            revert AnchorLogKeyUnchanged(logId, uint32(count - 1));
        }
        keyIndex = uint32(count);
        uint64 validFromSize = count == 0 ? 0 : _tips[logId].size;
        keys.push(LogKey({verifierKey: verifierKey, validFromSize: validFromSize, setAtBlock: uint64(block.number)}));
        emit LogKeyRotated(logId, keyIndex, verifierKey, validFromSize, byOrg, _sender());
    }

    /// @inheritdoc IAccessLogAnchor
    function anchor(uint32 logId, uint64 newSize, bytes32 newRoot, bytes32[] calldata consistencyProof) external {
        AccessLog storage log = _logs[logId];
        if (log.anchoringKey != _sender()) {
            if (log.nodeOrg == 0) revert AnchorLogUnknown(logId);
            revert AnchorKeyUnauthorized(_sender(), logId);
        }
        if (log.retired) revert AnchorLogRetired(logId);

        AnchorTip memory tip = _tips[logId];
        if (newSize <= tip.size) revert AnchorSizeNotGrowing(logId, newSize, tip.size);
        if (newRoot == bytes32(0)) revert AnchorRootZero(logId);
        mapping(uint64 size => bytes32 root) storage roots = _roots[logId];
        bytes32 lastRoot = tip.size == 0 ? bytes32(0) : roots[tip.size];
        if (!RFC6962.verifyConsistency(tip.size, newSize, consistencyProof, lastRoot, newRoot)) {
            revert AnchorInconsistent(logId, tip.size, lastRoot, newSize, newRoot);
        }

        roots[newSize] = newRoot;
        _tips[logId] = AnchorTip({size: newSize, anchoredAt: uint64(block.timestamp), count: tip.count + 1});
        emit LogRootAnchored(logId, newSize, newRoot, tip.size, log.nodeOrg, _sender());
    }

    // ==== Views ====

    /// @inheritdoc IAccessLogAnchor
    function verifyInclusion(
        uint32 logId,
        uint64 size,
        uint64 index,
        bytes32 leafHash,
        bytes32[] calldata proof
    ) external view returns (bool included) {
        bytes32 root = _roots[logId][size];
        if (root == bytes32(0)) revert AnchorSizeNotAnchored(logId, size);
        return RFC6962.verifyInclusion(index, size, leafHash, proof, root);
    }

    /// @inheritdoc IAccessLogAnchor
    function anchoredRoot(uint32 logId, uint64 size) external view returns (bytes32 root) {
        return _roots[logId][size];
    }

    /// @inheritdoc IAccessLogAnchor
    function latestAnchor(
        uint32 logId
    ) external view returns (uint64 size, bytes32 root, uint64 anchoredAt, uint32 count) {
        AnchorTip memory tip = _tips[logId];
        return (tip.size, _roots[logId][tip.size], tip.anchoredAt, tip.count);
    }

    /// @inheritdoc IAccessLogAnchor
    function anchorCount(uint32 logId) external view returns (uint32) {
        return _tips[logId].count;
    }

    /// @inheritdoc IAccessLogAnchor
    function accessLog(uint32 logId) external view returns (AccessLog memory) {
        return _logs[logId];
    }

    /// @inheritdoc IAccessLogAnchor
    function logIdOf(string calldata origin) external view returns (uint32) {
        return _logIdByOrigin[keccak256(bytes(origin))];
    }

    /// @inheritdoc IAccessLogAnchor
    function logKeys(uint32 logId) external view returns (LogKey[] memory) {
        return _keys[logId];
    }

    /// @inheritdoc IAccessLogAnchor
    function logKeyFor(uint32 logId, uint64 size) external view returns (uint32 keyIndex, LogKey memory key) {
        LogKey[] storage keys = _keys[logId];
        for (uint256 i = keys.length; i > 0; --i) {
            if (keys[i - 1].validFromSize <= size) return (uint32(i - 1), keys[i - 1]);
        }
        revert AnchorLogKeyNone(logId, size);
    }

    /// @inheritdoc IAccessLogAnchor
    function logCount() external view returns (uint32) {
        return _logCount;
    }

    // ==== Internal ====

    /// @dev A registered, not retired log.
    function _openLog(uint32 logId) private view returns (AccessLog storage log) {
        log = _logs[logId];
        if (log.nodeOrg == 0) revert AnchorLogUnknown(logId);
        if (log.retired) revert AnchorLogRetired(logId);
    }

    /// @dev The key must act for the node's organisation in the registry.
    function _checkKeyOfNode(address key, uint32 nodeOrg) private view {
        (uint32 keyOrg, , ) = _orgs.actorOf(key);
        if (keyOrg == 0 || keyOrg != nodeOrg) revert AnchorKeyNotOfNode(key, nodeOrg, keyOrg);
    }
}

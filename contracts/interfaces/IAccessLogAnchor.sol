// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ILedgerErrors} from "./ILedgerErrors.sol";

/// @title IAccessLogAnchor
/// @notice On-chain anchors of every node's access log (an RFC 6962 Merkle log, R17, R22, R23): the bureau
/// registers each node's log and its anchoring key; the node anchors (size, root) checkpoints whose size only
/// grows, each proved consistent with the last on chain; any anchored root answers inclusion proofs.
interface IAccessLogAnchor is ILedgerErrors {
    /// @notice A node's access log as registered by the bureau.
    struct AccessLog {
        address anchoringKey; // the only key that may anchor this log's roots
        uint32 nodeOrg; //       the organisation that runs the node and keeps the log
        bool retired; //         no more anchors accepted; anchored roots stay queryable
        uint64 registeredAt; //  block time of registration
        string origin; //        the checkpoint origin line (C2SP tlog-checkpoint), unique
    }

    /// @notice One note-verifier key of a log's checkpoints, in force from a tree size on.
    struct LogKey {
        string verifierKey; // "<name>+<hex key id>+<base64 key>" (C2SP signed note, Ed25519)
        uint64 validFromSize; // 0 for the first key, else the latest anchored size when it was set
        uint64 setAtBlock; //    block number of the change
    }

    // ==== Errors ====

    /// @notice No log has this id.
    error AnchorLogUnknown(uint32 logId);
    /// @notice A log origin must be a non-empty string.
    error AnchorOriginEmpty();
    /// @notice Another log already has this origin.
    error AnchorOriginTaken(string origin, uint32 logId);
    /// @notice The anchoring key does not act for the node's organisation (`keyOrg` is 0 for an unknown key).
    error AnchorKeyNotOfNode(address key, uint32 nodeOrg, uint32 keyOrg);
    /// @notice The caller is not the anchoring key of the log.
    error AnchorKeyUnauthorized(address key, uint32 logId);
    /// @notice The log is retired and takes no more anchors or key changes.
    error AnchorLogRetired(uint32 logId);
    /// @notice An anchor's size must exceed the last anchored size.
    error AnchorSizeNotGrowing(uint32 logId, uint64 newSize, uint64 lastSize);
    /// @notice The zero hash is not a tree root (it marks "never anchored").
    error AnchorRootZero(uint32 logId);
    /// @notice The consistency proof does not show the new tree extending the last anchored one.
    error AnchorInconsistent(uint32 logId, uint64 lastSize, bytes32 lastRoot, uint64 newSize, bytes32 newRoot);
    /// @notice The log never anchored a root at this size.
    error AnchorSizeNotAnchored(uint32 logId, uint64 size);
    /// @notice Only the log's own organisation sets or rotates its checkpoint key.
    error AnchorNotLogOrg(uint32 logId, uint32 actorOrg, uint32 nodeOrg);
    /// @notice A checkpoint key must be a non-empty string.
    error AnchorLogKeyEmpty(uint32 logId);
    /// @notice The key is already the log's checkpoint key in force (key `keyIndex`).
    error AnchorLogKeyUnchanged(uint32 logId, uint32 keyIndex);
    /// @notice The log has no checkpoint key in force at this tree size.
    error AnchorLogKeyNone(uint32 logId, uint64 size);

    // ==== Events ====

    /// @notice The bureau registered a node's access log.
    /// @param logId the log's id
    /// @param origin the log's checkpoint origin line
    /// @param nodeOrg the organisation that runs the node
    /// @param anchoringKey the only key that may anchor the log's roots
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event LogRegistered(
        uint32 indexed logId,
        string origin,
        uint32 indexed nodeOrg,
        address anchoringKey,
        uint32 indexed byOrg,
        address byKey
    );
    /// @notice The bureau replaced a log's anchoring key.
    /// @param logId the log's id
    /// @param previousKey the key replaced
    /// @param newKey the new key
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event AnchoringKeyRotated(
        uint32 indexed logId,
        address previousKey,
        address newKey,
        uint32 indexed byOrg,
        address byKey
    );
    /// @notice The bureau retired a log: it takes no more anchors.
    /// @param logId the log's id
    /// @param finalSize the log's last anchored size
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event LogRetired(uint32 indexed logId, uint64 finalSize, uint32 indexed byOrg, address byKey);
    /// @notice A node anchored its log's root at a larger size, proved consistent with `previousSize`.
    /// @dev The block of this event is the anchor's block; its timestamp is `latestAnchor`'s `anchoredAt`.
    /// @param logId the log's id
    /// @param size the tree size
    /// @param root the tree root
    /// @param previousSize the previous tree size
    /// @param byOrg the organisation that acted
    /// @param byKey the key that acted
    event LogRootAnchored(
        uint32 indexed logId,
        uint64 size,
        bytes32 root,
        uint64 previousSize,
        uint32 indexed byOrg,
        address byKey
    );

    /// @notice The log's organisation set a new checkpoint (note-verifier) key.
    /// @param logId the log's id
    /// @param keyIndex the key's place in the log's key history (from 0)
    /// @param verifierKey the key, "<name>+<hex key id>+<base64 key>"
    /// @param validFromSize the tree size from which it signs checkpoints (the latest anchored size)
    /// @param byOrg the organisation that acted (the log's node organisation)
    /// @param byKey the key that acted
    event LogKeyRotated(
        uint32 indexed logId,
        uint32 keyIndex,
        string verifierKey,
        uint64 validFromSize,
        uint32 indexed byOrg,
        address byKey
    );

    // ==== Bureau: logs and keys ====

    /// @notice Registers a node's access log. Bureau staff only.
    /// @param origin the log's checkpoint origin line; unique across logs
    /// @param nodeOrg the organisation that runs the node
    /// @param anchoringKey the key that will anchor roots; must act for `nodeOrg` in the organisation registry
    /// @return logId the new log's id (ids run from 1)
    function registerLog(string calldata origin, uint32 nodeOrg, address anchoringKey) external returns (uint32 logId);

    /// @notice Replaces a log's anchoring key, e.g. when the node's staff key changes. Bureau staff only.
    /// @param logId the log
    /// @param newKey the new anchoring key; must act for the log's node organisation
    function rotateAnchoringKey(uint32 logId, address newKey) external;

    /// @notice Retires a log: it takes no more anchors, and its anchored roots stay queryable. Bureau staff only.
    /// @param logId the log
    function retireLog(uint32 logId) external;

    // ==== Node: checkpoint key and anchoring ====

    /// @notice Sets the log's checkpoint key, the key whoever verifies a checkpoint of this log trusts (R17, R23).
    /// Staff of the log's node organisation only; the previous keys stay in the history.
    /// @dev The first key is in force from size 0; a later key from the latest anchored size on, and
    /// checkpoints of smaller sizes keep their earlier key.
    /// @param logId the log (registered, not retired)
    /// @param verifierKey the C2SP note-verifier key, "<name>+<hex key id>+<base64 key>"
    /// @return keyIndex the key's place in the log's key history
    function setLogKey(uint32 logId, string calldata verifierKey) external returns (uint32 keyIndex);

    /// @notice Anchors the root of the log's tree at `newSize`. Only the log's anchoring key.
    /// @dev Checks against the anchoring key registered by the bureau, not the organisation registry's current
    /// state, so that a suspended node's log still gets anchored; the bureau rotates or retires the key.
    /// @param logId the log
    /// @param newSize the tree size; must exceed the last anchored size
    /// @param newRoot the RFC 6962 root of the first `newSize` entries
    /// @param consistencyProof RFC 6962 consistency proof from the last anchored size to `newSize`;
    /// empty for the first anchor
    function anchor(uint32 logId, uint64 newSize, bytes32 newRoot, bytes32[] calldata consistencyProof) external;

    // ==== Views ====

    /// @notice Whether `proof` shows the entry with leaf hash `leafHash` at `index` in the log's tree of `size`
    /// entries, checked against the root anchored for that size.
    /// @dev Reverts with `AnchorSizeNotAnchored` if no root was anchored at `size`, and with the RFC6962 errors
    /// if `index >= size` or the proof has the wrong length.
    /// @param logId the log
    /// @param size an anchored tree size
    /// @param index the entry's index
    /// @param leafHash `SHA-256(0x00 || entry bytes)`
    /// @param proof the RFC 6962 inclusion proof
    /// @return included true if the proof holds against the anchored root
    function verifyInclusion(
        uint32 logId,
        uint64 size,
        uint64 index,
        bytes32 leafHash,
        bytes32[] calldata proof
    ) external view returns (bool included);

    /// @notice The root anchored for a log at a tree size; zero if that size was never anchored.
    /// @param logId the log's id
    /// @param size the tree size
    /// @return root the tree root
    function anchoredRoot(uint32 logId, uint64 size) external view returns (bytes32 root);

    /// @notice The log's latest anchor; all zero before the first.
    /// @return size the latest anchored tree size
    /// @return root its root
    /// @return anchoredAt block time of that anchor
    /// @return count number of anchors so far
    function latestAnchor(
        uint32 logId
    ) external view returns (uint64 size, bytes32 root, uint64 anchoredAt, uint32 count);

    /// @notice Number of anchors the log has taken.
    /// @param logId the log's id
    /// @return the number of anchors of the log
    function anchorCount(uint32 logId) external view returns (uint32);

    /// @notice A log's registration record.
    /// @param logId the log's id
    /// @return the registered log
    function accessLog(uint32 logId) external view returns (AccessLog memory);

    /// @notice The id of the log with this origin; 0 if none.
    /// @param origin the log's checkpoint origin line
    /// @return the log's id (0 if none)
    function logIdOf(string calldata origin) external view returns (uint32);

    /// @notice Every checkpoint key the log has had, oldest first.
    /// @param logId the log's id
    /// @return keys the key history
    function logKeys(uint32 logId) external view returns (LogKey[] memory keys);

    /// @notice The checkpoint key in force for a checkpoint of `size` entries: the last one set with
    /// `validFromSize <= size`. Reverts with `AnchorLogKeyNone` when there is none.
    /// @param logId the log's id
    /// @param size the checkpoint's tree size
    /// @return keyIndex the key's place in the history
    /// @return key the key
    function logKeyFor(uint32 logId, uint64 size) external view returns (uint32 keyIndex, LogKey memory key);

    /// @notice Number of logs registered (ids run from 1).
    /// @return the number of logs
    function logCount() external view returns (uint32);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title EventPerEntryLog
/// @notice Test-only benchmark baseline: every access-log entry recorded on chain as its own event,
/// the alternative that anchoring a Merkle root replaces.
contract EventPerEntryLog {
    uint64 private _count;

    /// @notice One access-log entry, recorded as it is.
    event EntryRecorded(uint64 indexed index, address indexed byKey, bytes entry);

    /// @notice Records entries, one event each.
    function record(bytes[] calldata entries) external {
        uint64 index = _count;
        for (uint256 i = 0; i < entries.length; ++i) {
            emit EntryRecorded(index++, msg.sender, entries[i]);
        }
        _count = index;
    }
}

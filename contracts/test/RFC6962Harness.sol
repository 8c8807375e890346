// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {RFC6962} from "../common/RFC6962.sol";

/// @title RFC6962Harness
/// @notice Test-only: exposes the RFC6962 library so its vectors and properties run against the EVM.
contract RFC6962Harness {
    function hashLeaf(bytes calldata data) external pure returns (bytes32) {
        return RFC6962.hashLeaf(data);
    }

    function hashChildren(bytes32 left, bytes32 right) external view returns (bytes32) {
        return RFC6962.hashChildren(left, right);
    }

    function inclusionProofLength(uint256 index, uint256 size) external pure returns (uint256) {
        return RFC6962.inclusionProofLength(index, size);
    }

    function consistencyProofLength(uint256 size1, uint256 size2) external pure returns (uint256) {
        return RFC6962.consistencyProofLength(size1, size2);
    }

    function verifyInclusion(
        uint256 index,
        uint256 size,
        bytes32 leafHash,
        bytes32[] calldata proof,
        bytes32 root
    ) external view returns (bool) {
        return RFC6962.verifyInclusion(index, size, leafHash, proof, root);
    }

    function verifyConsistency(
        uint256 size1,
        uint256 size2,
        bytes32[] calldata proof,
        bytes32 root1,
        bytes32 root2
    ) external view returns (bool) {
        return RFC6962.verifyConsistency(size1, size2, proof, root1, root2);
    }
}

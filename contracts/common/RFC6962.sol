// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title RFC6962
/// @notice Verification of RFC 6962 / RFC 9162 Merkle log proofs with SHA-256 (the EVM precompile at 0x02):
/// leaf hash `SHA-256(0x00 || data)`, node hash `SHA-256(0x01 || left || right)`.
/// @dev The verifiers follow RFC 9162 sections 2.1.3.2 (inclusion) and 2.1.4.2 (consistency) step by step.
/// Before running them, the proof length is checked against the exact length the sizes call for
/// (the transparency-dev/merkle decomposition), so a malformed proof reverts with a typed error and a
/// well-formed but wrong one returns false. Proofs stay in calldata; node hashes use scratch memory
/// past the free-memory pointer, so verification never grows memory.
library RFC6962 {
    /// @notice The leaf index is not inside the tree.
    error RFC6962IndexOutOfRange(uint256 index, uint256 size);
    /// @notice The proof has another number of hashes than the sizes call for.
    error RFC6962ProofLengthInvalid(uint256 length, uint256 expected);
    /// @notice A consistency proof was asked from a larger tree to a smaller one.
    error RFC6962SizesDecreasing(uint256 size1, uint256 size2);

    /// @notice `SHA-256(0x00 || data)`: the hash of a log entry.
    function hashLeaf(bytes memory data) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(bytes1(0x00), data));
    }

    /// @notice `SHA-256(0x01 || left || right)`: the hash of an interior node.
    /// @dev Same value as `sha256(abi.encodePacked(bytes1(0x01), left, right))`, without allocating memory.
    function hashChildren(bytes32 left, bytes32 right) internal view returns (bytes32 result) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore8(ptr, 0x01)
            mstore(add(ptr, 0x01), left)
            mstore(add(ptr, 0x21), right)
            if iszero(staticcall(gas(), 0x02, ptr, 0x41, 0x00, 0x20)) {
                revert(0x00, 0x00)
            }
            result := mload(0x00)
        }
    }

    /// @notice Number of hashes in the inclusion proof of leaf `index` in a tree of `size` leaves (`index < size`).
    function inclusionProofLength(uint256 index, uint256 size) internal pure returns (uint256) {
        // Levels below the point where the paths to `index` and to the last leaf diverge, plus the
        // left-hand subtrees on the right border above it.
        uint256 inner = _bitLength(index ^ (size - 1));
        return inner + _popCount(index >> inner);
    }

    /// @notice Number of hashes in the consistency proof from `size1` to `size2` leaves (`size1 <= size2`).
    /// @dev Zero when `size1` is 0 or equals `size2`: nothing needs proving.
    function consistencyProofLength(uint256 size1, uint256 size2) internal pure returns (uint256) {
        if (size1 == 0 || size1 == size2) return 0;
        uint256 inner = _bitLength((size1 - 1) ^ (size2 - 1));
        uint256 border = _popCount((size1 - 1) >> inner);
        uint256 shift = _trailingZeros(size1);
        // The old root itself is the first hash, and is left out, when size1 is a power of two.
        return (size1 == 1 << shift ? 0 : 1) + inner - shift + border;
    }

    /// @notice Whether `proof` shows the leaf `leafHash` at `index` in the tree of `size` leaves with root `root`.
    /// @dev RFC 9162 section 2.1.3.2. Reverts if `index >= size` or the proof has the wrong length.
    function verifyInclusion(
        uint256 index,
        uint256 size,
        bytes32 leafHash,
        bytes32[] calldata proof,
        bytes32 root
    ) internal view returns (bool) {
        // Step 1.
        if (index >= size) revert RFC6962IndexOutOfRange(index, size);
        uint256 expected = inclusionProofLength(index, size);
        if (proof.length != expected) revert RFC6962ProofLengthInvalid(proof.length, expected);
        // Steps 2-5: r is the chain's second root.
        (, bytes32 r, bool held) = _chain(index, size - 1, leafHash, proof, 0, false);
        return held && r == root;
    }

    /// @notice Whether `proof` shows that the tree of `size2` leaves with root `root2` extends the tree of
    /// `size1` leaves with root `root1`.
    /// @dev RFC 9162 section 2.1.4.2 for `0 < size1 < size2`. Equal sizes need an empty proof and equal
    /// roots; every tree extends the empty one (`size1 == 0`, empty proof). Reverts if `size1 > size2` or
    /// the proof has the wrong length.
    function verifyConsistency(
        uint256 size1,
        uint256 size2,
        bytes32[] calldata proof,
        bytes32 root1,
        bytes32 root2
    ) internal view returns (bool) {
        if (size1 > size2) revert RFC6962SizesDecreasing(size1, size2);
        {
            uint256 expected = consistencyProofLength(size1, size2);
            // Step 1 (an empty proof for distinct non-zero sizes fails) is part of the length check.
            if (proof.length != expected) revert RFC6962ProofLengthInvalid(proof.length, expected);
        }
        if (size1 == size2) return root1 == root2;
        if (size1 == 0) return true;

        // Steps 2-7. A power-of-two size1 is itself the first node of the path (prepended, never sent).
        uint256 start = size1 & (size1 - 1) == 0 ? 0 : 1;
        (bytes32 fr, bytes32 sr, bool held) = _chain(
            size1 - 1,
            size2 - 1,
            start == 0 ? root1 : proof[0],
            proof,
            start,
            true
        );
        return held && fr == root1 && sr == root2;
    }

    /// @dev The loop shared by RFC 9162 2.1.3.2 step 4 (`r` as `sr`, no `fr`) and 2.1.4.2 steps 4-6: walks
    /// `path[start:]` from the seed up, hashing each `c` in on the left of `fr` and `sr` where the old tree's
    /// path turns (LSB(fn) set, or fn == sn), else on the right of `sr` only. `held` is false if sn reached
    /// 0 before the path ended, or is not 0 after it.
    function _chain(
        uint256 fn,
        uint256 sn,
        bytes32 seed,
        bytes32[] calldata path,
        uint256 start,
        bool consistency
    ) private view returns (bytes32 fr, bytes32 sr, bool held) {
        assembly ("memory-safe") {
            // HASH(0x01 || l || r) in scratch memory past the free-memory pointer; reverts if the call fails.
            function node(ptr, l, r) -> h {
                mstore(add(ptr, 0x01), l)
                mstore(add(ptr, 0x21), r)
                if iszero(staticcall(gas(), 0x02, ptr, 0x41, 0x00, 0x20)) { revert(0x00, 0x00) }
                h := mload(0x00)
            }
            function shiftBoth(f, s) -> f2, s2 {
                f2 := shr(1, f)
                s2 := shr(1, s)
            }
            let ptr := mload(0x40)
            mstore8(ptr, 0x01)
            held := 1
            fr := seed
            sr := seed
            // 2.1.4.2 step 4: while LSB(fn) is set, shift fn and sn.
            for {} and(consistency, and(fn, 1)) {} { fn, sn := shiftBoth(fn, sn) }
            let at := add(path.offset, shl(5, start))
            for {} lt(at, add(path.offset, shl(5, path.length))) {} {
                // a. (cannot happen once the length is right; kept as the RFC has it)
                if iszero(sn) {
                    held := 0
                    break
                }
                let c := calldataload(at)
                switch or(and(fn, 1), eq(fn, sn))
                case 0 { sr := node(ptr, sr, c) } // b, otherwise
                default {
                    if consistency { fr := node(ptr, c, fr) } // b.i
                    sr := node(ptr, c, sr) // b.i (b.ii in 2.1.4.2)
                    // b.ii (b.iii): until LSB(fn) is set or fn is 0, shift fn and sn.
                    for {} and(iszero(and(fn, 1)), gt(fn, 0)) {} { fn, sn := shiftBoth(fn, sn) }
                }
                fn, sn := shiftBoth(fn, sn) // c.
                at := add(at, 0x20)
            }
            if sn { held := 0 } // 2.1.3.2 step 5, 2.1.4.2 step 7: sn must end at 0
        }
    }

    /// @dev Number of bits needed to write `x` (0 for 0).
    function _bitLength(uint256 x) private pure returns (uint256) {
        return x == 0 ? 0 : Math.log2(x) + 1;
    }

    /// @dev Number of set bits in `x`.
    function _popCount(uint256 x) private pure returns (uint256 n) {
        unchecked {
            while (x != 0) {
                x &= x - 1;
                ++n;
            }
        }
    }

    /// @dev Number of trailing zero bits of `x` (`x > 0`): the position of its lowest set bit.
    function _trailingZeros(uint256 x) private pure returns (uint256) {
        unchecked {
            return Math.log2(x & (~x + 1));
        }
    }
}

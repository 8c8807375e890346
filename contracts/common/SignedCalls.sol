// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {NoncesKeyed} from "@openzeppelin/contracts/utils/NoncesKeyed.sol";

/// @title SignedCalls
/// @notice Decisions signed offline (EIP-712) and submitted by anyone ("agency nodes signing grants").
/// A staff key signs `SignedCall(signer, data, nonce, deadline)` over the exact calldata of any function of
/// this contract; whoever submits it, the function runs as the signer: same checks, same events naming the
/// signer. Nonces are per signer and keyed (parallel lanes), and a signer cancels an outstanding signature
/// by using its nonce. ERC-1271 contract signers are accepted through OpenZeppelin's SignatureChecker.
/// @dev Like EAS's EIP1271Verifier, the registries never touch signature bytes: they ask `_sender()`.
abstract contract SignedCalls is EIP712, NoncesKeyed {
    bytes32 private constant _SIGNED_CALL_TYPEHASH =
        keccak256("SignedCall(address signer,bytes data,uint256 nonce,uint64 deadline)");

    /// @dev The signer of the call being executed, for the duration of `executeSigned` only.
    address private transient _signer;

    /// @notice The signature's deadline has passed.
    error SignatureExpired(uint64 deadline, uint256 now_);
    /// @notice The signature does not verify for the claimed signer.
    error SignatureInvalid(address signer);
    /// @notice A signed call may not contain another signed call.
    error SignedCallNested();

    /// @notice A signed call was executed as `signer`, submitted by `relayer`.
    event SignedCallExecuted(address indexed signer, bytes4 indexed selector, uint256 nonce, address indexed relayer);
    /// @notice A signer used up a nonce, so any signature carrying it is void.
    event NonceCancelled(address indexed signer, uint256 nonce);

    constructor(string memory name) EIP712(name, "1") {}

    /// @notice Executes `data` (a call to this contract) as `signer`, who signed it offline.
    /// @param signer the staff key (or ERC-1271 contract) that signed
    /// @param data the calldata of the function to run
    /// @param nonce the signer's keyed nonce (`key << 64 | sequence`), see `nonces(signer, key)`
    /// @param deadline last second at which the signature may be used
    /// @param signature the EIP-712 signature
    /// @return result the function's return data
    function executeSigned(
        address signer,
        bytes calldata data,
        uint256 nonce,
        uint64 deadline,
        bytes calldata signature
    ) external returns (bytes memory result) {
        if (_signer != address(0)) revert SignedCallNested();
        _useSignature(signer, keccak256(abi.encode(_SIGNED_CALL_TYPEHASH, signer, keccak256(data), nonce, deadline)), nonce, deadline, signature);
        _signer = signer;
        bool ok;
        // solhint-disable-next-line avoid-low-level-calls
        (ok, result) = address(this).delegatecall(data); // runs this contract's own function, as OpenZeppelin's Multicall does
        _signer = address(0);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        emit SignedCallExecuted(signer, bytes4(data), nonce, msg.sender);
    }

    /// @notice Voids every outstanding signature of the caller that carries the next nonce of lane `key`.
    function cancelNonce(uint192 key) external {
        address signer = _sender();
        uint256 used = _useNonce(signer, key);
        emit NonceCancelled(signer, (uint256(key) << 64) | used);
    }

    /// @notice The EIP-712 domain separator of this contract.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @dev The key acting: the signer of a signed call, otherwise the transaction's caller.
    function _sender() internal view returns (address) {
        address signer = _signer;
        return signer == address(0) ? msg.sender : signer;
    }

    /// @dev Checks deadline and signature of a typed struct, then consumes the signer's nonce.
    function _useSignature(address signer, bytes32 structHash, uint256 nonce, uint64 deadline, bytes calldata signature) internal {
        if (block.timestamp > deadline) revert SignatureExpired(deadline, block.timestamp);
        if (!SignatureChecker.isValidSignatureNow(signer, _hashTypedDataV4(structHash), signature)) {
            revert SignatureInvalid(signer);
        }
        _useCheckedNonce(signer, nonce);
    }
}

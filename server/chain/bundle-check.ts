import { TdlError } from "../errors";
import type { ProofBundle, ProofBundleAnchor } from "../log/bundle";
import { bundleRefusal } from "../log/bundle-refusals";
import type { AccessLogAnchor } from "../../typechain-types";
import { createAnchorChainPort } from "./anchor-port";
import { onChain } from "./revert";

/** What the chain confirmed of a bundle: its anchor, as the bundle states it. */
export type ChainBundleCheck = ProofBundleAnchor;

/**
 * The anchor's transaction as the chain has it: its receipt exists, is in the stated block, succeeded,
 * was sent to this AccessLogAnchor, and carries its LogRootAnchored event for the bundle's log, size
 * and root. Refusals are ROOT_MISMATCH with the check named (anchorTx*).
 */
async function checkAnchorTransaction(contract: AccessLogAnchor, address: string, anchor: ProofBundleAnchor): Promise<void> {
  const provider = contract.runner?.provider;
  if (!provider) throw new TdlError("CHAIN_UNAVAILABLE", "the AccessLogAnchor contract has no provider");
  const { txHash } = anchor;
  const receipt = await onChain(`eth_getTransactionReceipt(${txHash})`, () => provider.getTransactionReceipt(txHash));
  if (receipt === null) throw bundleRefusal("anchorTxMissing", { txHash });
  if (receipt.blockNumber !== anchor.blockNumber) throw bundleRefusal("anchorTxBlock", { txHash, actual: receipt.blockNumber, stated: anchor.blockNumber });
  if (receipt.status !== 1) throw bundleRefusal("anchorTxFailed", { txHash });
  if ((receipt.to ?? "").toLowerCase() !== address) throw bundleRefusal("anchorTxContract", { txHash, to: receipt.to ?? "(contract creation)", contract: address });
  const anchored = receipt.logs.some((log) => {
    if (log.address.toLowerCase() !== address) return false;
    const event = contract.interface.parseLog(log);
    return (
      event?.name === "LogRootAnchored" &&
      Number(event.args.logId) === anchor.logId &&
      Number(event.args.size) === anchor.size &&
      String(event.args.root).toLowerCase() === anchor.root.toLowerCase()
    );
  });
  if (!anchored) throw bundleRefusal("anchorTxEvent", { txHash, logId: anchor.logId, size: anchor.size, root: anchor.root });
}

/**
 * The chain's side of a bundle: the bundle names our deployed AccessLogAnchor on this chain, its
 * log id belongs to its origin, the root anchored at its size is the bundle's, and the contract's
 * own verifyInclusion accepts the proof, and the anchor's transaction is the one that anchored it.
 * Call after verifyProofBundle (the offline checks).
 */
export async function checkBundleOnChain(contract: AccessLogAnchor, bundle: ProofBundle): Promise<ChainBundleCheck> {
  const anchor = bundle.anchor;
  if (anchor === null) throw new TdlError("ROOT_MISMATCH", "the bundle carries no anchor to check on chain", { details: { check: "anchor" } });
  const port = await createAnchorChainPort(contract, anchor.logId);
  const fail = (message: string): never => {
    throw new TdlError("ROOT_MISMATCH", message, { details: { check: "chain" } });
  };
  if (anchor.chainId !== port.chainId) fail(`the bundle is anchored on chain ${anchor.chainId}, the RPC serves chain ${port.chainId}`);
  if (anchor.contract.toLowerCase() !== port.contract) {
    fail(`the bundle names contract ${anchor.contract}; the deployments name AccessLogAnchor ${port.contract}`);
  }
  const log = await onChain(`accessLog(${anchor.logId})`, () => contract.accessLog(anchor.logId));
  if (log.origin !== bundle.origin) fail(`log ${anchor.logId} on chain has origin "${log.origin}", the bundle says "${bundle.origin}"`);
  const root = await port.anchoredRoot(anchor.size);
  if (/^0x0+$/.test(root)) fail(`log ${anchor.logId} has no root anchored at size ${anchor.size} on chain ${port.chainId}`);
  if (root !== anchor.root.toLowerCase()) fail(`the chain anchored root ${root} at size ${anchor.size}, the bundle says ${anchor.root}`);
  const included = await port.verifyInclusion(
    anchor.size,
    bundle.index,
    `0x${bundle.leafHash}`,
    bundle.inclusionProof.map((hash) => `0x${hash}`),
  );
  if (!included) fail(`the contract's verifyInclusion rejects entry ${bundle.index} at size ${anchor.size}`);
  await checkAnchorTransaction(contract, port.contract, anchor);
  return { chainId: port.chainId, contract: port.contract, logId: anchor.logId, size: anchor.size, root, txHash: anchor.txHash, blockNumber: anchor.blockNumber };
}

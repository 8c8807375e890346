import { TdlError } from "../errors";
import type { ProofBundle } from "../log/bundle";
import type { AccessLogAnchor } from "../../typechain-types";
import { createAnchorChainPort } from "./anchor-port";
import { onChain } from "./revert";

export interface ChainBundleCheck {
  readonly chainId: number;
  readonly contract: string;
  readonly logId: number;
  readonly size: number;
  readonly root: string;
}

/**
 * The chain's side of a bundle: the bundle names our deployed AccessLogAnchor on this chain, its
 * log id belongs to its origin, the root anchored at its size is the bundle's, and the contract's
 * own verifyInclusion accepts the proof. Call after verifyProofBundle (the offline checks).
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
  return { chainId: port.chainId, contract: port.contract, logId: anchor.logId, size: anchor.size, root };
}

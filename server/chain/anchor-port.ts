import type { AccessLogAnchor } from "../../typechain-types";
import { onChain } from "./revert";

/** An anchor transaction as the chain confirmed it. */
export interface AnchorTx {
  readonly txHash: string;
  readonly blockNumber: number;
}

/**
 * The little the anchorer and the verifiers need from AccessLogAnchor for one log, with every
 * failure already a TdlError (CHAIN_REVERT with the decoded error, or CHAIN_UNAVAILABLE). Roots
 * are 0x hex; the zero hash means "not anchored".
 */
export interface AnchorChainPort {
  readonly chainId: number;
  readonly contract: string;
  readonly logId: number;
  latestAnchor(): Promise<{ size: number; root: string; count: number }>;
  anchoredRoot(size: number): Promise<string>;
  anchor(size: number, root: string, consistencyProof: readonly string[]): Promise<AnchorTx>;
  /** The transaction that anchored `size`, found by its LogRootAnchored event; undefined if none. */
  findAnchorTx(size: number): Promise<AnchorTx | undefined>;
  verifyInclusion(size: number, index: number, leafHash: string, proof: readonly string[]): Promise<boolean>;
}

export const ZERO_ROOT = `0x${"00".repeat(32)}`;

export interface AnchorChainPortOptions {
  /** Block to search events from (the contract's deployment block). */
  readonly fromBlock?: number;
  /** How long to wait for an anchor's receipt before calling the chain unavailable, ms. */
  readonly confirmTimeoutMs?: number;
}

/** The port over a TypeChain AccessLogAnchor (connected to the anchoring key to anchor). */
export async function createAnchorChainPort(
  contract: AccessLogAnchor,
  logId: number,
  { fromBlock = 0, confirmTimeoutMs = 60_000 }: AnchorChainPortOptions = {},
): Promise<AnchorChainPort> {
  const provider = contract.runner?.provider;
  if (!provider) throw new Error("the AccessLogAnchor contract has no provider");
  const chainId = Number((await onChain("eth_chainId", () => provider.getNetwork())).chainId);
  const address = (await contract.getAddress()).toLowerCase();

  return {
    chainId,
    contract: address,
    logId,
    async latestAnchor() {
      const [size, root, , count] = await onChain(`latestAnchor(${logId})`, () => contract.latestAnchor(logId));
      return { size: Number(size), root: root.toLowerCase(), count: Number(count) };
    },
    async anchoredRoot(size) {
      return (await onChain(`anchoredRoot(${logId}, ${size})`, () => contract.anchoredRoot(logId, size))).toLowerCase();
    },
    async anchor(size, root, consistencyProof) {
      return onChain(`anchor(${logId}, ${size})`, async () => {
        const tx = await contract.anchor(logId, size, root, [...consistencyProof]);
        const receipt = await tx.wait(1, confirmTimeoutMs);
        if (receipt === null) throw Object.assign(new Error(`no receipt for ${tx.hash}`), { code: "TIMEOUT" });
        return { txHash: receipt.hash.toLowerCase(), blockNumber: receipt.blockNumber };
      });
    },
    async findAnchorTx(size) {
      const events = await onChain(`LogRootAnchored events of log ${logId}`, () =>
        contract.queryFilter(contract.filters.LogRootAnchored(logId), fromBlock),
      );
      const event = events.reverse().find((e) => Number(e.args.size) === size);
      return event ? { txHash: event.transactionHash.toLowerCase(), blockNumber: event.blockNumber } : undefined;
    },
    async verifyInclusion(size, index, leafHash, proof) {
      return onChain(`verifyInclusion(${logId}, ${size}, ${index})`, () => contract.verifyInclusion(logId, size, index, leafHash, [...proof]));
    },
  };
}

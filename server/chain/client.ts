import { JsonRpcProvider, Network, type Signer } from "ethers";
import { type AccessLogAnchor } from "../../typechain-types";
import { TdlError } from "../errors";
import type { Deployments } from "./deployments";
import { connectContract } from "./ledger";
import { onChain } from "./revert";

/**
 * The node's and the CLI's handle on the chain: a JSON-RPC provider whose chain id was checked
 * against the deployments, and our contracts at the addresses the deployments name.
 */
export interface ChainClient {
  readonly provider: JsonRpcProvider;
  readonly chainId: number;
  readonly deployments: Deployments;
  /** AccessLogAnchor, read-only, or connected to `signer` for anchoring. */
  accessLogAnchor(signer?: Signer): Promise<AccessLogAnchor>;
  close(): void;
}

export interface ChainClientOptions {
  readonly rpcUrl: string;
  readonly deployments: Deployments;
  /** Polling interval for transaction receipts, in ms (ethers' default is 4 s). */
  readonly pollingInterval?: number;
}

/** Connects to `rpcUrl` and checks the chain is the one the deployments were made on. */
export async function createChainClient({ rpcUrl, deployments, pollingInterval = 500 }: ChainClientOptions): Promise<ChainClient> {
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw new TdlError("MALFORMED_INPUT", `"${rpcUrl}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TdlError("MALFORMED_INPUT", `the RPC URL must be http(s), got ${url.protocol}`);
  }
  // A static network: ethers would otherwise retry network detection forever on a dead endpoint.
  const network = Network.from(deployments.chainId);
  // No request cache: two anchors within 250 ms would otherwise reuse a cached nonce.
  // No batching stall: ethers would hold every call 10 ms to batch it, and a query makes its reads in sequence.
  const provider = new JsonRpcProvider(rpcUrl, network, { staticNetwork: network, pollingInterval, cacheTimeout: -1, batchStallTime: 0 });
  try {
    const reported = Number(await onChain(`eth_chainId at ${rpcUrl}`, () => provider.send("eth_chainId", []) as Promise<string>));
    if (reported !== deployments.chainId) {
      throw new TdlError(
        "CONFIG_INVALID",
        `the chain at ${rpcUrl} has chain id ${reported}, the deployments in ${deployments.dir} are for chain ${deployments.chainId}`,
      );
    }
  } catch (error) {
    provider.destroy();
    throw error;
  }

  return {
    provider,
    chainId: deployments.chainId,
    deployments,
    async accessLogAnchor(signer) {
      const { address } = await deployments.contract("AccessLogAnchor");
      const code = await onChain("eth_getCode", () => provider.getCode(address));
      if (code === "0x") {
        throw new TdlError("CONFIG_INVALID", `no contract at ${address} (AccessLogAnchor in ${deployments.dir}) on chain ${deployments.chainId}`);
      }
      return connectContract("AccessLogAnchor", address, signer ? signer.connect(provider) : provider);
    },
    close: () => provider.destroy(),
  };
}

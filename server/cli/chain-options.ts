import path from "node:path";
import { createChainClient, readDeployments, type ChainClient } from "../chain";

/** The repository's deployments/ directory, wherever tdl is run from. */
export const DEFAULT_DEPLOYMENTS_DIR = path.resolve(__dirname, "../../deployments");

export interface ChainOptions {
  rpc?: string;
  deployments: string;
  network: string;
}

/** A chain client from --rpc, --deployments and --network; undefined without --rpc. */
export async function connectChain(options: ChainOptions): Promise<ChainClient | undefined> {
  if (options.rpc === undefined) return undefined;
  const deployments = await readDeployments(options.deployments, options.network);
  return createChainClient({ rpcUrl: options.rpc, deployments });
}

/**
 * A throwaway anvil for the tests and benchmarks that need a real JSON-RPC chain: started through
 * scripts/lib/anvil.ts on a free port, with a provider that polls fast and caches nothing (after an
 * anvil_revert a cached nonce or block would be of the abandoned chain).
 */
import type { ChildProcess } from "node:child_process";
import { JsonRpcProvider, Network } from "ethers";
import { freePort, startAnvil, type AnvilOptions } from "../../scripts/lib/anvil";

export const CHAIN_ID = 31337;
/** Funded dev accounts: the gateway district uses twelve (its anchoring key is the eleventh). */
const DEV_ACCOUNTS = 12;

export interface TestChain {
  readonly url: string;
  readonly child: ChildProcess;
  readonly provider: JsonRpcProvider;
  /** SIGKILL when `hard`, else SIGTERM; resolves when the process is gone. */
  stop(hard?: boolean): Promise<void>;
}

export async function startTestChain(options: Omit<AnvilOptions, "port"> = {}): Promise<TestChain> {
  const anvil = await startAnvil({ accounts: DEV_ACCOUNTS, ...options, port: await freePort() });
  const network = Network.from(options.chainId ?? CHAIN_ID);
  const provider = new JsonRpcProvider(anvil.url, network, { staticNetwork: network, pollingInterval: 50, cacheTimeout: -1 });
  const stop = async (hard = false) => {
    provider.destroy();
    if (hard) anvil.child.kill("SIGKILL");
    await (hard ? anvil.exited : anvil.stop());
  };
  return { url: anvil.url, child: anvil.child, provider, stop };
}

/**
 * A local chain for the fault suites: anvil with its state kept in a file (`--state --state-interval
 * 1`, as the running stack uses it), which the suites kill with SIGKILL and start again on the same
 * port and state, and the district of test/server/gateway/world.ts deployed on it.
 */
import path from "node:path";
import { JsonRpcProvider, Network } from "ethers";
import { freePort, startAnvil, type RunningAnvil } from "../../../scripts/lib/anvil";
import { buildDistrict, type District } from "../../server/gateway/world";
import { CHAIN_ID } from "../../helpers/anvil";

export interface FaultChain {
  readonly url: string;
  readonly port: number;
  readonly stateFile: string;
  readonly provider: JsonRpcProvider;
  /** SIGKILL: whatever anvil had not dumped to its state file (up to ~1 s of blocks) is gone. */
  kill(): Promise<void>;
  /** Starts anvil again on the same port from its state file. */
  restart(): Promise<void>;
  /** SIGTERM (anvil dumps its state), then SIGKILL after a grace period. */
  stop(): Promise<void>;
  readonly pid: () => number | undefined;
}

export async function startFaultChain(dir: string): Promise<FaultChain> {
  const port = await freePort();
  const stateFile = path.join(dir, "chain-state.json");
  const logFile = path.join(dir, "anvil.log");
  const options = { port, stateFile, stateInterval: 1, accounts: 12, logFile };
  let anvil: RunningAnvil | undefined = await startAnvil(options);
  const url = anvil.url;
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: Network.from(CHAIN_ID), pollingInterval: 50, cacheTimeout: -1 });
  return {
    url,
    port,
    stateFile,
    provider,
    pid: () => anvil?.pid,
    async kill() {
      if (anvil === undefined) return;
      anvil.child.kill("SIGKILL");
      await anvil.exited;
      anvil = undefined;
    },
    async restart() {
      if (anvil !== undefined) throw new Error("anvil is running");
      anvil = await startAnvil(options);
    },
    async stop() {
      provider.destroy();
      await anvil?.stop(5000);
      anvil = undefined;
    },
  };
}

/** The district deployed on the chain, then a pause so that anvil's state file holds all of it. */
export async function faultDistrict(chain: FaultChain, dir: string, origin: string): Promise<District> {
  const district = await buildDistrict(chain.provider, path.join(dir, "deployments"), origin, "faults");
  await new Promise((r) => setTimeout(r, 2500));
  return district;
}

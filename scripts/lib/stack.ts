/**
 * The pieces `npm start` and the end-to-end tests put together: a provider that pays the gas a chain asks
 * (nothing on a free-gas chain), the ledger deployed once per chain and found again afterwards, and time
 * travel on a dev chain.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { FeeData, JsonRpcProvider, Network, ethers, type BaseWallet, type Signer } from "ethers";
import { readDeployment, writeDeployment } from "./deployments";
import { deployLedger } from "./ledger";
import { connectLedgerAt, LEDGER_CONTRACTS, type Ledger } from "../../server/chain/ledger";
import { authorizeLedgerContract, type AdvanceTime } from "./procedures";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/**
 * A JSON-RPC provider pinned to one chain id, with no request cache (a cached nonce would be reused).
 * With `gasPrice` set, every transaction offers exactly that price: 0 on a free-gas chain (Besu with
 * `zeroBaseFee` and `--min-gas-price=0`), where the keys hold no ether at all.
 */
export function createProvider(rpcUrl: string, chainId: number, options: { gasPrice?: bigint; pollingInterval?: number } = {}): JsonRpcProvider {
  const network = Network.from(chainId);
  const provider = new JsonRpcProvider(rpcUrl, network, { staticNetwork: network, pollingInterval: options.pollingInterval ?? 100, cacheTimeout: -1 });
  const { gasPrice } = options;
  if (gasPrice !== undefined) {
    // Pinned rather than asked: a node's eth_maxPriorityFeePerGas may suggest a tip even where gas is free.
    provider.getFeeData = async () => new FeeData(gasPrice, gasPrice, gasPrice);
  }
  return provider;
}

/** Time travel on anvil or hardhat: the next block is `seconds` later. */
export function devChainTime(provider: JsonRpcProvider): AdvanceTime {
  return async (seconds: number) => {
    await provider.send("evm_increaseTime", [Math.ceil(seconds)]);
    await provider.send("evm_mine", []);
  };
}

/** ABI from the Hardhat artifacts (compiled by `hardhat compile`). */
export async function readArtifact(name: string): Promise<{ abi: unknown[] }> {
  const file = path.join(REPO_ROOT, "artifacts", "contracts", `${name}.sol`, `${name}.json`);
  return JSON.parse(await readFile(file, "utf8")) as { abi: unknown[] };
}

/** The ledger at the addresses recorded in deployments/<network>/ under `root`. */
export async function connectLedger(root: string, network: string, runner: Signer | JsonRpcProvider): Promise<Ledger> {
  return connectLedgerAt(async (name) => (await readDeployment(network, name, root)).address, runner);
}

/**
 * Why the deployment recorded in deployments/<network>/ cannot be used on this chain, or undefined when it
 * can: it must exist, be for this chain id, and every contract must have code on the chain.
 */
export async function staleDeployment(provider: JsonRpcProvider, root: string, network: string): Promise<string | undefined> {
  const dir = path.join(root, network);
  let chainId: number;
  try {
    chainId = (JSON.parse(await readFile(path.join(dir, "chain.json"), "utf8")) as { chainId: number }).chainId;
  } catch {
    return `no deployment in ${dir}`;
  }
  const actual = Number((await provider.getNetwork()).chainId);
  if (chainId !== actual) return `${dir} is for chain ${chainId}, this chain is ${actual}`;
  for (const name of LEDGER_CONTRACTS) {
    let address: string;
    try {
      address = (await readDeployment(network, name, root)).address;
    } catch {
      return `${dir} has no ${name}.json`;
    }
    if ((await provider.getCode(address)) === "0x") return `this chain has no ${name} at ${address} (a fresh chain)`;
  }
  return undefined;
}

export interface EnsureLedgerOptions {
  readonly provider: JsonRpcProvider;
  readonly deployer: BaseWallet;
  /** Bureau officials; the first `threshold` of them authorize Supervision after a fresh deployment. */
  readonly officials: readonly BaseWallet[];
  readonly threshold: number;
  readonly bureauName: string;
  readonly bureauCreditCode: string;
  readonly deploymentsDir: string;
  readonly network: string;
}

/**
 * Reuses the deployment in deployments/<network>/ when this chain has it; otherwise deploys the ledger, has the
 * officials authorize Supervision by collective decision, and (re)writes deployments/<network>/.
 */
export async function ensureLedger(options: EnsureLedgerOptions): Promise<{ ledger: Ledger; deployed: boolean; reason?: string }> {
  const { provider, deploymentsDir, network } = options;
  const reason = await staleDeployment(provider, deploymentsDir, network);
  if (reason === undefined) return { ledger: await connectLedger(deploymentsDir, network, provider), deployed: false };
  const deployer = options.deployer.connect(provider);
  const { ledger, deployed } = await deployLedger(deployer, {
    name: options.bureauName,
    creditCodeHash: ethers.id(options.bureauCreditCode),
    officials: options.officials.map((o) => o.address),
    threshold: options.threshold,
  });
  const officials = options.officials.slice(0, options.threshold).map((o) => o.connect(provider));
  await authorizeLedgerContract(ledger, officials, await ledger.supervision.getAddress());
  const chainId = Number((await provider.getNetwork()).chainId);
  await writeDeployment(network, chainId, deployed, readArtifact, deploymentsDir);
  return { ledger, deployed: true, reason };
}

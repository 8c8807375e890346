import { readdir } from "node:fs/promises";
import { TdlError } from "../errors";
import type { Deployments } from "./deployments";

/** A contract the indexer follows: its events decoded with `abi` from `blockNumber` on. */
export interface IndexedContract {
  readonly name: string;
  readonly address: string;
  readonly abi: readonly unknown[];
  readonly blockNumber: number;
}

/**
 * Every contract in deployments/<network>/ (each <Name>.json but chain.json), so a contract deployed
 * later is followed without a code change.
 */
export async function indexedContractsOf(deployments: Deployments): Promise<IndexedContract[]> {
  let files: string[];
  try {
    files = await readdir(deployments.dir);
  } catch (cause) {
    throw new TdlError("CONFIG_INVALID", `cannot list ${deployments.dir}`, { cause });
  }
  const names = files
    .filter((file) => file.endsWith(".json") && file !== "chain.json")
    .map((file) => file.slice(0, -".json".length))
    .sort();
  if (names.length === 0) throw new TdlError("CONFIG_INVALID", `no contract deployments in ${deployments.dir}`);
  return Promise.all(
    names.map(async (name) => {
      const { address, abi, blockNumber } = await deployments.contract(name);
      return { name, address, abi, blockNumber };
    }),
  );
}

import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DeployedContract } from "./ledger";

/** The only place the service and the CLI learn addresses: deployments/<network>/. */
export const DEPLOYMENTS_DIR = path.resolve(__dirname, "../../deployments");

export interface DeploymentFile {
  address: string;
  abi: unknown[];
  blockNumber: number;
}

export async function writeDeployment(
  network: string,
  chainId: number,
  deployed: DeployedContract[],
  readAbi: (name: string) => Promise<{ abi: unknown[] }>,
  root = DEPLOYMENTS_DIR,
): Promise<string> {
  const dir = path.join(root, network);
  await mkdir(dir, { recursive: true });
  for (const d of deployed) {
    const { abi } = await readAbi(d.name);
    const file: DeploymentFile = { address: d.address, abi, blockNumber: d.blockNumber };
    await writeFile(path.join(dir, `${d.name}.json`), JSON.stringify(file, null, 2) + "\n");
  }
  await writeFile(path.join(dir, "chain.json"), JSON.stringify({ chainId }, null, 2) + "\n");
  return dir;
}

export async function readDeployment(network: string, name: string, root = DEPLOYMENTS_DIR): Promise<DeploymentFile> {
  return JSON.parse(await readFile(path.join(root, network, `${name}.json`), "utf8")) as DeploymentFile;
}

import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { TdlError } from "../errors";

/*
 * deployments/<network>/: <Contract>.json (address, abi, blockNumber) and chain.json (chainId), as
 * scripts/deploy.ts writes them. The only place the node and the CLI learn contract addresses.
 */

const contractFile = z.object({
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "a 0x address"),
  abi: z.array(z.unknown()),
  blockNumber: z.number().int().nonnegative(),
});
const chainFile = z.object({ chainId: z.number().int().positive() });

export interface ContractDeployment {
  readonly address: string;
  readonly abi: readonly unknown[];
  readonly blockNumber: number;
}

export interface Deployments {
  readonly network: string;
  readonly dir: string;
  readonly chainId: number;
  contract(name: string): Promise<ContractDeployment>;
}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new TdlError("CONFIG_INVALID", `cannot read ${file}: is the ledger deployed on this network?`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new TdlError("CONFIG_INVALID", `${file} is not JSON`, { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TdlError("CONFIG_INVALID", `${file}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** Opens deployments/<network>/ under `root` (e.g. the repository's deployments/ directory). */
export async function readDeployments(root: string, network: string): Promise<Deployments> {
  if (!/^[A-Za-z0-9_.-]+$/.test(network)) throw new TdlError("MALFORMED_INPUT", `"${network}" is not a network name`);
  const dir = path.resolve(root, network);
  const { chainId } = await readJson(path.join(dir, "chain.json"), chainFile);
  return {
    network,
    dir,
    chainId,
    contract: (name) => readJson(path.join(dir, `${name}.json`), contractFile),
  };
}

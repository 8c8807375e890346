import { z } from "zod";
import { TdlError, isTdlError } from "../errors";
import type { BlockHeader } from "../storage/history-store";
import type { IndexerLogger, JsonRpcSender } from "./indexer";
import { onChain } from "./revert";

/*
 * What the audit indexer reads from the chain, over plain JSON-RPC: the head, block headers and logs,
 * each answer parsed before it is trusted (a node that answers with something else is an unavailable chain).
 */

const hexQuantity = z.string().regex(/^0x[0-9a-fA-F]+$/, "a hex quantity").transform((text) => Number(BigInt(text)));
const hash32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 32-byte hash").transform((text) => text.toLowerCase());
const rpcBlock = z.object({ number: hexQuantity, hash: hash32, parentHash: hash32, timestamp: hexQuantity });
const rpcLog = z.object({
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/).transform((text) => text.toLowerCase()),
  topics: z.array(z.string()),
  data: z.string(),
  blockNumber: hexQuantity,
  blockHash: hash32,
  transactionHash: hash32,
  transactionIndex: hexQuantity,
  logIndex: hexQuantity,
  removed: z.boolean().optional(),
});
export type RpcLog = z.infer<typeof rpcLog>;

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TdlError("CHAIN_UNAVAILABLE", `the node answered ${what} with something else: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

const toHex = (n: number): string => `0x${n.toString(16)}`;

export interface IndexerRpc {
  blockNumber(): Promise<number>;
  /** The header at `number`, or undefined when the chain is shorter. */
  blockAt(number: number): Promise<BlockHeader | undefined>;
  /** Logs of [from, to] of `addresses`, halving the range while the node refuses it (result-size limits); `to` is where it stopped. */
  fetchLogs(from: number, to: number, addresses: string[]): Promise<{ to: number; logs: RpcLog[] }>;
}

export function createIndexerRpc(provider: JsonRpcSender, logger: IndexerLogger): IndexerRpc {
  const rpc = (method: string, params: unknown[]): Promise<unknown> => onChain(method, () => provider.send(method, params));

  async function blockNumber(): Promise<number> {
    return parse(hexQuantity, await rpc("eth_blockNumber", []), "eth_blockNumber");
  }

  async function blockAt(number: number): Promise<BlockHeader | undefined> {
    const raw = await rpc("eth_getBlockByNumber", [toHex(number), false]);
    if (raw === null) return undefined;
    const { hash, parentHash, timestamp } = parse(rpcBlock, raw, `eth_getBlockByNumber(${number})`);
    return { number, hash, parentHash, timestamp };
  }

  async function logsIn(from: number, to: number, addresses: string[]): Promise<RpcLog[]> {
    const raw = await rpc("eth_getLogs", [{ fromBlock: toHex(from), toBlock: toHex(to), address: addresses }]);
    return parse(z.array(rpcLog), raw, "eth_getLogs");
  }

  async function fetchLogs(from: number, to: number, addresses: string[]): Promise<{ to: number; logs: RpcLog[] }> {
    for (;;) {
      try {
        return { to, logs: await logsIn(from, to, addresses) };
      } catch (error) {
        if (to === from || !isTdlError(error, "CHAIN_UNAVAILABLE")) throw error;
        to = from + Math.floor((to - from) / 2);
        logger.warn({ from, to }, "eth_getLogs refused the range: trying a smaller one");
      }
    }
  }

  return { blockNumber, blockAt, fetchLogs };
}

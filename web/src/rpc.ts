/** JSON-RPC to the chain, straight from the browser: the dashboard reads the chain itself rather than take the node's word. */

export class RpcError extends Error {
  constructor(
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

let nextId = 1;

export async function rpc<T>(url: string, method: string, params: unknown[] = [], signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
      signal,
    });
  } catch (error) {
    throw new RpcError(`the chain's JSON-RPC endpoint ${url} cannot be reached (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok) throw new RpcError(`the chain's JSON-RPC endpoint answered ${response.status} ${response.statusText}`);
  const body = (await response.json()) as { result?: T; error?: { message?: string; data?: unknown } };
  if (body.error !== undefined) throw new RpcError(`${method}: ${body.error.message ?? "error"}`, body.error.data);
  return body.result as T;
}

export interface TxReceipt {
  readonly status: string;
  readonly blockNumber: string;
  readonly blockHash: string;
  readonly gasUsed: string;
  readonly effectiveGasPrice?: string;
  readonly from: string;
  readonly logs: readonly { address: string; logIndex: string; blockHash: string }[];
}

export const hexToNumber = (hex: string): number => Number(BigInt(hex));

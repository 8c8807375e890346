import { Interface } from "ethers";
import { bundleRefusal } from "../../server/log/bundle-refusals";
import { rpc, RpcError } from "./rpc";

/*
 * The AccessLogAnchor views the verify page calls with eth_call. The fragments are the contract's
 * (contracts/interfaces/IAccessLogAnchor.sol); test/e2e/dashboard.test.ts checks them against the
 * compiled ABI so they cannot drift.
 */

export const ANCHOR_FRAGMENTS = [
  "function anchoredRoot(uint32 logId, uint64 size) view returns (bytes32 root)",
  "function verifyInclusion(uint32 logId, uint64 size, uint64 index, bytes32 leafHash, bytes32[] proof) view returns (bool included)",
  "function accessLog(uint32 logId) view returns (tuple(address anchoringKey, uint32 nodeOrg, bool retired, uint64 registeredAt, string origin))",
  "function logIdOf(string origin) view returns (uint32)",
  "function logKeyFor(uint32 logId, uint64 size) view returns (uint32 keyIndex, tuple(string verifierKey, uint64 validFromSize, uint64 setAtBlock) key)",
  "error AnchorLogKeyNone(uint32 logId, uint64 size)",
] as const;

const anchor = new Interface(ANCHOR_FRAGMENTS);

async function call(rpcUrl: string, contract: string, name: string, args: unknown[]): Promise<ReadonlyArray<unknown>> {
  const data = anchor.encodeFunctionData(name, args);
  const result = await rpc<string>(rpcUrl, "eth_call", [{ to: contract, data }, "latest"]);
  return anchor.decodeFunctionResult(name, result);
}

export async function anchoredRoot(rpcUrl: string, contract: string, logId: number, size: number): Promise<string> {
  return String((await call(rpcUrl, contract, "anchoredRoot", [logId, size]))[0]).toLowerCase();
}

export async function contractVerifyInclusion(rpcUrl: string, contract: string, logId: number, size: number, index: number, leafHash: string, proof: readonly string[]): Promise<boolean> {
  return Boolean((await call(rpcUrl, contract, "verifyInclusion", [logId, size, index, leafHash, proof]))[0]);
}

export async function accessLogOrigin(rpcUrl: string, contract: string, logId: number): Promise<string> {
  const [log] = await call(rpcUrl, contract, "accessLog", [logId]);
  return String((log as { origin: string }).origin);
}

/** The log's checkpoint key as the chain registers it (AccessLogAnchor.setLogKey), and where it came from. */
export interface ChainKey {
  readonly logId: number;
  readonly keyIndex: number;
  readonly verifierKey: string;
  readonly validFromSize: number;
  readonly setAtBlock: number;
}

/**
 * The checkpoint key the chain registers for the log of `origin` at tree size `size`: the reader's
 * trusted key, never the key the node serves. UNKNOWN_KEY (chainKeyNone) when there is none.
 */
export async function chainLogKey(rpcUrl: string, contract: string, origin: string, size: number): Promise<ChainKey> {
  const logId = Number((await call(rpcUrl, contract, "logIdOf", [origin]))[0]);
  if (logId === 0) throw bundleRefusal("chainKeyNone", { origin, size });
  let result: ReadonlyArray<unknown>;
  try {
    result = await call(rpcUrl, contract, "logKeyFor", [logId, size]);
  } catch (error) {
    const data = error instanceof RpcError && typeof error.data === "string" ? error.data : undefined;
    if (data !== undefined && anchor.parseError(data)?.name === "AnchorLogKeyNone") throw bundleRefusal("chainKeyNone", { origin, size });
    throw error;
  }
  const key = result[1] as { verifierKey: string; validFromSize: bigint; setAtBlock: bigint };
  return { logId, keyIndex: Number(result[0]), verifierKey: key.verifierKey, validFromSize: Number(key.validFromSize), setAtBlock: Number(key.setAtBlock) };
}

export async function chainId(rpcUrl: string): Promise<number> {
  return Number(BigInt(await rpc<string>(rpcUrl, "eth_chainId")));
}

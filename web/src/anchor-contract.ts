import { Interface } from "ethers";
import { rpc } from "./rpc";

/*
 * The AccessLogAnchor views the verify page calls with eth_call. The fragments are the contract's
 * (contracts/interfaces/IAccessLogAnchor.sol); test/e2e/dashboard.test.ts checks them against the
 * compiled ABI so they cannot drift.
 */

export const ANCHOR_FRAGMENTS = [
  "function anchoredRoot(uint32 logId, uint64 size) view returns (bytes32 root)",
  "function verifyInclusion(uint32 logId, uint64 size, uint64 index, bytes32 leafHash, bytes32[] proof) view returns (bool included)",
  "function accessLog(uint32 logId) view returns (tuple(address anchoringKey, uint32 nodeOrg, bool retired, uint64 registeredAt, string origin))",
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

export async function chainId(rpcUrl: string): Promise<number> {
  return Number(BigInt(await rpc<string>(rpcUrl, "eth_chainId")));
}

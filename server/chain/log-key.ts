import { TdlError } from "../errors";
import { bundleRefusal, keyName } from "../log/bundle-refusals";
import type { AccessLogAnchor } from "../../typechain-types";
import { onChain } from "./revert";

/*
 * The log's checkpoint (note-verifier) key as the chain registers it (AccessLogAnchor.setLogKey, issue
 * 15 item 7): verifiers read it here instead of taking the key the checked node serves, and the node
 * publishes its own key at start.
 */

/** A checkpoint key on chain, with where it came from. */
export interface ChainLogKey {
  readonly logId: number;
  readonly keyIndex: number;
  readonly verifierKey: string;
  readonly validFromSize: number;
  readonly setAtBlock: number;
  /** The AccessLogAnchor contract that holds it (lowercase 0x). */
  readonly contract: string;
}

/**
 * The key the chain registers for the log of `origin`, in force at tree size `size`. UNKNOWN_KEY
 * (chainKeyNone) when the origin has no log or the log no key for that size.
 */
export async function chainLogKey(contract: AccessLogAnchor, origin: string, size: number): Promise<ChainLogKey> {
  const logId = Number(await onChain(`logIdOf("${origin}")`, () => contract.logIdOf(origin)));
  if (logId === 0) throw bundleRefusal("chainKeyNone", { origin, size });
  let found: Awaited<ReturnType<AccessLogAnchor["logKeyFor"]>>;
  try {
    found = await onChain(`logKeyFor(${logId}, ${size})`, () => contract.logKeyFor(logId, size));
  } catch (error) {
    if (error instanceof TdlError && error.details?.error === "AnchorLogKeyNone") throw bundleRefusal("chainKeyNone", { origin, size });
    throw error;
  }
  const [keyIndex, key] = found;
  return {
    logId,
    keyIndex: Number(keyIndex),
    verifierKey: key.verifierKey,
    validFromSize: Number(key.validFromSize),
    setAtBlock: Number(key.setAtBlock),
    contract: (await contract.getAddress()).toLowerCase(),
  };
}

/** Refuses (UNKNOWN_KEY, chainKeyMismatch) a checkpoint key that is not the chain's for the log at `size`. */
export async function checkKeyOnChain(contract: AccessLogAnchor, origin: string, size: number, verifierKey: string): Promise<ChainLogKey> {
  const onChainKey = await chainLogKey(contract, origin, size);
  if (onChainKey.verifierKey !== verifierKey) {
    throw bundleRefusal("chainKeyMismatch", { key: keyName(verifierKey), chainKey: keyName(onChainKey.verifierKey), logId: onChainKey.logId, size });
  }
  return onChainKey;
}

/**
 * Makes `verifierKey` the log's checkpoint key on chain unless it already is (idempotent: a restart
 * with the same key sends nothing). `contract` must be connected to a staff key of the log's node
 * organisation (the anchoring key is one). Returns whether a transaction was sent.
 */
export async function publishLogKey(contract: AccessLogAnchor, logId: number, verifierKey: string): Promise<boolean> {
  const keys = await onChain(`logKeys(${logId})`, () => contract.logKeys(logId));
  if (keys.length > 0 && keys[keys.length - 1].verifierKey === verifierKey) return false;
  const receipt = await onChain(`setLogKey(${logId})`, async () => (await contract.setLogKey(logId, verifierKey)).wait());
  if (receipt === null || receipt.status !== 1) throw new TdlError("CHAIN_REVERT", `setLogKey(${logId}) did not succeed`);
  return true;
}

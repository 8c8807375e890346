import { TdlError } from "../errors";
import { parseEntry } from "../log";
import type { ProofBundle, ProofBundleAnchor } from "../log/bundle";
import type { LogStore } from "../storage";
import type { AnchorRecordStore } from "../storage/anchor-records";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

export interface BundleSources {
  readonly store: LogStore;
  /** Without anchor records, bundles are cut at the latest checkpoint and carry `anchor: null`. */
  readonly anchorRecords?: AnchorRecordStore;
  readonly origin: string;
  readonly verifierKey: string;
  /** The Retry-After hint for an entry that is logged but not anchored yet, in seconds. */
  readonly retryAfterSeconds?: number;
}

/**
 * The proof bundle of entry `index` at the latest anchored checkpoint (the latest checkpoint when
 * the node does not anchor). An entry the log holds but no anchor covers yet is NOT_FOUND with a
 * Retry-After hint: the next anchor will cover it.
 */
export async function buildProofBundle(sources: BundleSources, index: number): Promise<ProofBundle> {
  const { store, anchorRecords, origin, verifierKey } = sources;
  const logSize = await store.size();
  if (index >= logSize) throw new TdlError("NOT_FOUND", `no entry ${index}: the log has ${logSize} entries`);

  let treeSize: number;
  let anchor: ProofBundleAnchor | null = null;
  if (anchorRecords) {
    const record = await anchorRecords.latest();
    if (record === undefined || record.size <= index) {
      const anchored = record?.size ?? 0;
      throw new TdlError("NOT_FOUND", `entry ${index} is logged but not anchored yet (anchored size ${anchored}); retry after the next anchor`, {
        details: { retryAfterSeconds: sources.retryAfterSeconds ?? 10, anchoredSize: anchored },
      });
    }
    treeSize = record.size;
    const { chainId, contract, logId, size, root, txHash, blockNumber } = record;
    anchor = { chainId, contract, logId, size, root, txHash, blockNumber };
  } else {
    const latest = await store.latestCheckpoint();
    if (latest === undefined || latest.size <= index) {
      throw new TdlError("NOT_FOUND", `entry ${index} is logged but no checkpoint covers it yet; retry later`, {
        details: { retryAfterSeconds: sources.retryAfterSeconds ?? 10 },
      });
    }
    treeSize = latest.size;
  }

  const [entryBytes, leafHash, proof, checkpoint] = await Promise.all([
    store.getEntry(index),
    store.getLeafHash(index),
    store.inclusionProof(index, treeSize),
    store.getCheckpoint(treeSize),
  ]);
  return {
    version: 1,
    origin,
    index,
    entry: parseEntry(entryBytes),
    leafHash: hex(leafHash),
    treeSize,
    inclusionProof: proof.map(hex),
    checkpoint,
    verifierKey,
    anchor,
  };
}

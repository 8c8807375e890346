import { TdlError } from "../errors";
import { formatCheckpoint, signNote, type NoteSigner } from "../log";
import type { LogStore } from "../storage";
import type { AnchorRecord, AnchorRecordStore } from "../storage/anchor-records";
import type { AnchorChainPort } from "./anchor-port";
import type { AnchorerLogger } from "./anchorer";

/*
 * The anchorer's steps against the chain, each one thing: keep a signed checkpoint for a size, submit
 * one anchor and record it, reconcile the chain with the log and the records. The anchorer
 * (anchorer.ts) runs them one at a time, with retries and the schedule.
 */

/** What the anchorer knows of the log and the chain, updated by the steps. */
export interface AnchorBook {
  /** The size the chain holds for this log, as far as we know. */
  chainSize: number;
  logSize: number;
  lastAnchor: AnchorRecord | null;
  lastAnchorAt: number;
}

export interface AnchorSteps {
  readonly store: LogStore;
  readonly records: AnchorRecordStore;
  readonly chain: AnchorChainPort;
  readonly noteSigner: NoteSigner;
  readonly origin: string;
  readonly now: () => number;
  readonly logger: AnchorerLogger;
  readonly book: AnchorBook;
  /** Halts the anchorer with ANCHOR_DIVERGED (throws). */
  diverged(message: string, details: Record<string, unknown>): never;
}

export const toHex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString("hex")}`;

/** The checkpoint kept for `size`, signing and keeping one if there is none. */
export async function checkpointAt({ store, origin, noteSigner }: AnchorSteps, size: number, root: Uint8Array): Promise<string> {
  try {
    return await store.getCheckpoint(size);
  } catch (error) {
    if (!(error instanceof TdlError && error.code === "NOT_FOUND")) throw error;
  }
  const note = signNote(formatCheckpoint({ origin, size, root, extensions: [] }), [noteSigner]);
  await store.putCheckpoint(size, note);
  return note;
}

/** One anchor transaction from the chain's size to `size`, recorded once confirmed. */
export async function submitAnchor(steps: AnchorSteps, size: number): Promise<AnchorRecord> {
  const { store, records, chain, now, logger, book } = steps;
  const root = await store.root(size);
  await checkpointAt(steps, size, root);
  const proof = book.chainSize === 0 ? [] : await store.consistencyProof(book.chainSize, size);
  const tx = await chain.anchor(size, toHex(root), proof.map(toHex));
  const record: AnchorRecord = {
    size,
    root: toHex(root),
    chainId: chain.chainId,
    contract: chain.contract,
    logId: chain.logId,
    txHash: tx.txHash,
    blockNumber: tx.blockNumber,
    recordedAt: new Date(now()).toISOString(),
  };
  book.chainSize = size;
  await records.put(record);
  book.lastAnchor = record;
  book.lastAnchorAt = now();
  logger.info({ logId: chain.logId, size, root: record.root, txHash: tx.txHash, blockNumber: tx.blockNumber }, `anchored size ${size}`);
  return record;
}

/**
 * Compares the chain with the log and the records: halts (diverged) on a root this log cannot give,
 * records an anchor the chain confirmed but this node never recorded, and resubmits anchors the chain lost.
 */
export async function reconcileWithChain(steps: AnchorSteps): Promise<void> {
  const { store, records, chain, now, logger, book, diverged } = steps;
  const tip = await chain.latestAnchor();
  book.logSize = await store.size();
  if (tip.size > book.logSize) {
    diverged(`the chain has log ${chain.logId} anchored at size ${tip.size}, beyond this node's ${book.logSize} entries`, {
      chainSize: tip.size,
      chainRoot: tip.root,
      logSize: book.logSize,
    });
  }
  if (tip.size > 0) {
    const ours = toHex(await store.root(tip.size));
    if (ours !== tip.root) {
      diverged(`the chain holds root ${tip.root} for log ${chain.logId} at size ${tip.size}; this node's log gives ${ours}`, {
        chainSize: tip.size,
        chainRoot: tip.root,
        localRoot: ours,
      });
    }
  }
  book.chainSize = tip.size;
  const kept = await records.all();

  // Confirmed on chain but never recorded (the node stopped in between): record it now.
  if (tip.size > 0 && !kept.some((r) => r.size === tip.size)) {
    const tx = await chain.findAnchorTx(tip.size);
    const root = await store.root(tip.size);
    await checkpointAt(steps, tip.size, root);
    if (tx) {
      const record: AnchorRecord = {
        size: tip.size,
        root: tip.root,
        chainId: chain.chainId,
        contract: chain.contract,
        logId: chain.logId,
        ...tx,
        recordedAt: new Date(now()).toISOString(),
      };
      await records.put(record);
      kept.push(record);
      kept.sort((a, b) => a.size - b.size);
      logger.info({ logId: chain.logId, size: tip.size, txHash: tx.txHash }, `recorded the chain's anchor at size ${tip.size}`);
    } else {
      logger.warn({ logId: chain.logId, size: tip.size }, `the chain's anchor at size ${tip.size} has no LogRootAnchored event in range`);
    }
  }

  // Recorded here but gone from the chain (it rolled back): resubmit each, in order.
  const lost = kept.filter((r) => r.size > tip.size);
  for (const record of lost) {
    const ours = toHex(await store.root(record.size));
    if (ours !== record.root) {
      diverged(`the anchor record for size ${record.size} has root ${record.root}; this node's log gives ${ours}`, {
        recordSize: record.size,
        recordRoot: record.root,
        localRoot: ours,
      });
    }
    logger.warn({ logId: chain.logId, size: record.size, lostTx: record.txHash }, `the chain lost the anchor at size ${record.size}; resubmitting`);
    await submitAnchor(steps, record.size);
  }
  book.lastAnchor = (await records.latest()) ?? null;
}

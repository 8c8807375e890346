import { appendLeaf, EMPTY_BORDER, parseCheckpoint, parseNote, rootFromBorder, type RightBorder } from "../log";
import { TdlError } from "../errors";
import type { LogStore, StoredCheckpoint } from "./log-store";

/** The first thing in a store that its own entries do not reproduce. */
export interface AuditMismatch {
  readonly kind: "entry" | "node" | "root" | "checkpoint";
  /** Entry index, or the node's index on its level. */
  readonly index?: number;
  readonly level?: number;
  readonly size?: number;
  readonly message: string;
}

export interface AuditReport {
  readonly size: number;
  readonly checkpoints: number;
  readonly mismatch?: AuditMismatch;
}

const CHUNK = 1024;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

/**
 * Rebuilds the whole tree from the stored entries alone and compares it with everything stored:
 * each leaf hash, each perfect-subtree node, the root, and the root in each kept checkpoint. Only
 * recomputing catches edited data; comparing stored roots with stored roots proves nothing.
 * Signatures are not checked here (that needs the verifier keys; see verifyNote).
 */
export async function auditLogStore(store: LogStore): Promise<AuditReport> {
  const size = await store.size();
  const checkpoints: StoredCheckpoint[] = [];
  for await (const checkpoint of store.checkpoints()) checkpoints.push(checkpoint);
  const checkpointAt = new Map(checkpoints.map((c) => [c.size, c]));
  const report = (mismatch?: AuditMismatch): AuditReport => ({ size, checkpoints: checkpoints.length, mismatch });

  for (const checkpoint of checkpoints) {
    if (checkpoint.size > size) {
      return report({ kind: "checkpoint", size: checkpoint.size, message: `checkpoint for size ${checkpoint.size} is beyond the log's size ${size}` });
    }
  }
  const emptyCheck = checkRoot(store, EMPTY_BORDER, checkpointAt);
  if (emptyCheck) return report(emptyCheck);

  let border: RightBorder = EMPTY_BORDER;
  for (let start = 0; start < size; start += CHUNK) {
    let entries: Uint8Array[];
    try {
      entries = await store.getEntries(start, CHUNK);
    } catch (error) {
      if (error instanceof TdlError) return report({ kind: "entry", index: indexIn(error) ?? start, message: error.message });
      throw error;
    }
    const steps = entries.map((entry) => {
      const step = appendLeaf(store.hasher, border, store.hasher.hashLeaf(entry));
      border = step.border;
      return step;
    });
    const rebuilt = steps.flatMap((step) => step.completed);
    let stored: Uint8Array[];
    try {
      stored = await store.getNodes(rebuilt.map((node) => node.id));
    } catch (error) {
      if (error instanceof TdlError) return report({ kind: "entry", index: indexIn(error) ?? start, message: error.message });
      throw error;
    }
    for (let i = 0; i < rebuilt.length; i++) {
      const { id, hash } = rebuilt[i];
      if (same(hash, stored[i])) continue;
      return report(
        id.level === 0
          ? { kind: "entry", index: id.index, message: `entry ${id.index} hashes to ${hex(hash)}, the stored leaf hash is ${hex(stored[i])}` }
          : { kind: "node", level: id.level, index: id.index, message: `node (${id.level}, ${id.index}) rebuilds to ${hex(hash)}, stored ${hex(stored[i])}` },
      );
    }
    // Checkpoints inside this chunk need the root at their size, so replay it leaf by leaf.
    for (const step of steps) {
      const mismatch = checkRoot(store, step.border, checkpointAt);
      if (mismatch) return report(mismatch);
    }
  }

  const storedRoot = await store.root();
  const rebuiltRoot = rootFromBorder(store.hasher, border);
  if (!same(storedRoot, rebuiltRoot)) {
    return report({ kind: "root", size, message: `the root at size ${size} rebuilds to ${hex(rebuiltRoot)}, the store gives ${hex(storedRoot)}` });
  }
  return report();
}

/** The entry index a storage error names, if any. */
function indexIn(error: TdlError): number | undefined {
  const index = error.details?.index;
  return typeof index === "number" ? index : undefined;
}

function checkRoot(store: LogStore, border: RightBorder, checkpointAt: Map<number, StoredCheckpoint>): AuditMismatch | undefined {
  const checkpoint = checkpointAt.get(border.size);
  if (checkpoint === undefined) return undefined;
  const mismatch = (message: string): AuditMismatch => ({ kind: "checkpoint", size: checkpoint.size, message });
  let root: Uint8Array;
  try {
    const body = parseCheckpoint(parseNote(checkpoint.note).text, store.hasher.size);
    if (body.size !== checkpoint.size) return mismatch(`checkpoint kept under size ${checkpoint.size} says size ${body.size}`);
    root = body.root;
  } catch (error) {
    if (error instanceof TdlError) return mismatch(`checkpoint for size ${checkpoint.size}: ${error.message}`);
    throw error;
  }
  const rebuilt = rootFromBorder(store.hasher, border);
  return same(root, rebuilt)
    ? undefined
    : mismatch(`checkpoint for size ${checkpoint.size} has root ${hex(root)}, the entries give ${hex(rebuilt)}`);
}

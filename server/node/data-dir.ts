import { existsSync } from "node:fs";
import path from "node:path";
import { rfc6962Sha256 } from "../log";
import { createLevelLogStore, type LogStore } from "../storage";
import { createLevelAnchorRecordStore, type AnchorRecordStore } from "../storage/anchor-records";

/*
 * A node's data directory:
 *   <data>/log/           the access log (LevelDB, server/storage's layout)
 *   <data>/anchors/       anchor records (LevelDB)
 *   <data>/verifier.key   the checkpoint verifier key, "<name>+<hex id>+<base64>" (public)
 */
export function dataPaths(dataDir: string): { log: string; anchors: string; verifierKey: string } {
  const root = path.resolve(dataDir);
  return { log: path.join(root, "log"), anchors: path.join(root, "anchors"), verifierKey: path.join(root, "verifier.key") };
}

export interface NodeData {
  readonly store: LogStore;
  readonly records: AnchorRecordStore;
  close(): Promise<void>;
}

/** Opens (creating if need be) the log and the anchor records under `dataDir`. */
export async function openNodeData(dataDir: string): Promise<NodeData> {
  const paths = dataPaths(dataDir);
  const store = await createLevelLogStore(paths.log, { hasher: rfc6962Sha256 });
  let records: AnchorRecordStore;
  try {
    records = await createLevelAnchorRecordStore(paths.anchors);
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    records,
    async close() {
      await Promise.all([store.close(), records.close()]);
    },
  };
}

export const hasNodeLog = (dataDir: string): boolean => existsSync(dataPaths(dataDir).log);
export const hasAnchorRecords = (dataDir: string): boolean => existsSync(dataPaths(dataDir).anchors);

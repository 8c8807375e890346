import { existsSync } from "node:fs";
import path from "node:path";
import { rfc6962Sha256 } from "../log";
import { createLevelLogStore, openLevelPort, type LogStore } from "../storage";
import { createDocumentStore, type DocumentStore } from "../storage/documents";
import { createLevelAnchorRecordStore, type AnchorRecordStore } from "../storage/anchor-records";

/*
 * A node's data directory:
 *   <data>/log/           the access log (LevelDB, server/storage's layout)
 *   <data>/anchors/       anchor records (LevelDB)
 *   <data>/documents/     the content-addressed documents behind the chain's hashes (LevelDB, storage/documents.ts)
 *   <data>/verifier.key   the checkpoint verifier key, "<name>+<hex id>+<base64>" (public)
 */
export function dataPaths(dataDir: string): { log: string; anchors: string; documents: string; verifierKey: string; requestKey: string } {
  const root = path.resolve(dataDir);
  return {
    log: path.join(root, "log"),
    anchors: path.join(root, "anchors"),
    documents: path.join(root, "documents"),
    verifierKey: path.join(root, "verifier.key"),
    /** The key of the log's request digests (HMAC-SHA256), generated on first start. */
    requestKey: path.join(root, "request.secret"),
  };
}

export interface NodeData {
  readonly store: LogStore;
  readonly records: AnchorRecordStore;
  readonly documents: DocumentStore;
  close(): Promise<void>;
}

/** Opens (creating if need be) the log, the anchor records and the documents under `dataDir`. */
export async function openNodeData(dataDir: string): Promise<NodeData> {
  const paths = dataPaths(dataDir);
  const store = await createLevelLogStore(paths.log, { hasher: rfc6962Sha256 });
  let records: AnchorRecordStore;
  let documentPort: Awaited<ReturnType<typeof openLevelPort>>;
  try {
    records = await createLevelAnchorRecordStore(paths.anchors);
  } catch (error) {
    await store.close();
    throw error;
  }
  try {
    documentPort = await openLevelPort(paths.documents);
  } catch (error) {
    await Promise.all([store.close(), records.close()]);
    throw error;
  }
  return {
    store,
    records,
    documents: createDocumentStore(documentPort),
    async close() {
      await Promise.all([store.close(), records.close(), documentPort.close()]);
    },
  };
}

export const hasNodeLog = (dataDir: string): boolean => existsSync(dataPaths(dataDir).log);
export const hasAnchorRecords = (dataDir: string): boolean => existsSync(dataPaths(dataDir).anchors);

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createAnchorChainPort, type ChainClient } from "../chain";
import { TdlError } from "../errors";
import { parseCheckpoint, parseNote, parseVerifierKey, rfc6962Sha256 as hasher, verifyNote, type NoteVerifier } from "../log";
import { auditLogStore, createLevelLogStore, type AuditMismatch, type LogStore } from "../storage";
import { createLevelAnchorRecordStore, type AnchorRecord } from "../storage/anchor-records";
import { dataPaths } from "../node/data-dir";
import { connectChain, type ChainOptions } from "./chain-options";
import { reportError, reportOk, type ExitCode, type Io } from "./output";

export interface AuditArgs extends ChainOptions {
  data: string;
  verifierKey?: string;
  json?: boolean;
}

type Mismatch = { kind: AuditMismatch["kind"] | "signature" | "anchor" | "chain"; size?: number; index?: number; level?: number; message: string };

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString("hex")}`;

/** The verifier key from --verifier-key, else <data>/verifier.key; undefined if neither. */
async function verifierOf(args: AuditArgs): Promise<NoteVerifier | undefined> {
  if (args.verifierKey !== undefined) return parseVerifierKey(args.verifierKey);
  const file = dataPaths(args.data).verifierKey;
  if (!existsSync(file)) return undefined;
  return parseVerifierKey((await readFile(file, "utf8")).trim());
}

async function checkSignatures(store: LogStore, verifier: NoteVerifier): Promise<Mismatch | undefined> {
  for await (const { size, note } of store.checkpoints()) {
    try {
      verifyNote(note, [verifier]);
    } catch (error) {
      if (error instanceof TdlError) return { kind: "signature", size, message: `checkpoint for size ${size}: ${error.message}` };
      throw error;
    }
  }
  return undefined;
}

/** Each anchor record against the (already audited) store: a kept checkpoint with the same root. */
async function checkRecords(store: LogStore, records: AnchorRecord[]): Promise<Mismatch | undefined> {
  const size = await store.size();
  for (const record of records) {
    const at = (message: string): Mismatch => ({ kind: "anchor", size: record.size, message: `anchor record for size ${record.size}: ${message}` });
    if (record.size > size) return at(`beyond the log's ${size} entries`);
    const root = hex(await store.root(record.size));
    if (root !== record.root) return at(`root ${record.root}, the log gives ${root}`);
    let note: string;
    try {
      note = await store.getCheckpoint(record.size);
    } catch {
      return at("no signed checkpoint is kept for that size");
    }
    const body = parseCheckpoint(parseNote(note).text, hasher.size);
    if (hex(body.root) !== record.root) return at(`the kept checkpoint has root ${hex(body.root)}`);
  }
  return undefined;
}

/** Each record against the chain, and the chain's latest anchor against the log. */
async function checkChain(client: ChainClient, store: LogStore, records: AnchorRecord[]): Promise<Mismatch | undefined> {
  const contract = await client.accessLogAnchor();
  const logIds = [...new Set(records.map((r) => r.logId))];
  for (const record of records) {
    const port = await createAnchorChainPort(contract, record.logId);
    const at = (message: string): Mismatch => ({ kind: "chain", size: record.size, message: `anchor at size ${record.size}: ${message}` });
    if (record.contract.toLowerCase() !== port.contract) return at(`recorded for contract ${record.contract}, the deployments name ${port.contract}`);
    if (record.chainId !== port.chainId) return at(`recorded on chain ${record.chainId}, the RPC serves chain ${port.chainId}`);
    const root = await port.anchoredRoot(record.size);
    if (/^0x0+$/.test(root)) return at(`the chain has no root at that size (lost? the anchorer resubmits on restart)`);
    if (root !== record.root) return at(`the chain holds root ${root}, the record ${record.root}`);
  }
  const size = await store.size();
  for (const logId of logIds) {
    const port = await createAnchorChainPort(contract, logId);
    const tip = await port.latestAnchor();
    const at = (message: string): Mismatch => ({ kind: "chain", size: tip.size, message: `log ${logId}'s latest anchor: ${message}` });
    if (tip.size > size) return at(`size ${tip.size} is beyond the log's ${size} entries`);
    if (tip.size > 0) {
      const ours = hex(await store.root(tip.size));
      if (ours !== tip.root) return at(`the chain holds root ${tip.root} at size ${tip.size}, the log gives ${ours}`);
    }
  }
  return undefined;
}

/**
 * Opens the store; a damaged or missing record on the tree's right border (read at open) is damage the
 * audit found, named by its entry (exit 1), not a storage failure (exit 3).
 */
async function openForAudit(dir: string): Promise<LogStore | { mismatch: Mismatch }> {
  try {
    return await createLevelLogStore(dir, { hasher });
  } catch (error) {
    if (!(error instanceof TdlError) || error.code !== "STORAGE_FAILURE" || typeof error.details?.index !== "number") throw error;
    const index = error.details.index;
    return { mismatch: { kind: "entry", index, message: `entry ${index}: ${error.message}; the record is on the tree's right border, so the log cannot open` } };
  }
}

/**
 * tdl log audit: the store's own audit (every leaf re-hashed, every node and root rebuilt, every
 * checkpoint's root), then checkpoint signatures, then anchor records, then the chain. Reports the
 * first mismatch.
 */
export async function logAuditCommand(io: Io, args: AuditArgs): Promise<ExitCode> {
  const json = args.json === true;
  const paths = dataPaths(args.data);
  try {
    if (!existsSync(paths.log)) throw new TdlError("MALFORMED_INPUT", `no access log in ${paths.log}`);
    const verifier = await verifierOf(args);
    const store = await openForAudit(paths.log);
    if ("mismatch" in store) {
      return reportError(io, json, new TdlError("AUDIT_MISMATCH", store.mismatch.message), { mismatch: store.mismatch });
    }
    const records = existsSync(paths.anchors) ? await createLevelAnchorRecordStore(paths.anchors) : undefined;
    let client: ChainClient | undefined;
    try {
      const report = await auditLogStore(store);
      const summary = {
        size: report.size,
        checkpoints: report.checkpoints,
        signaturesChecked: verifier !== undefined,
        anchorRecords: 0,
        chainChecked: false,
      };
      const fail = (mismatch: Mismatch): ExitCode =>
        reportError(io, json, new TdlError("AUDIT_MISMATCH", `${mismatch.message}`), { ...summary, mismatch });

      if (report.mismatch) return fail(report.mismatch);
      if (verifier) {
        const mismatch = await checkSignatures(store, verifier);
        if (mismatch) return fail(mismatch);
      }
      const anchorRecords = records ? await records.all() : [];
      summary.anchorRecords = anchorRecords.length;
      const recordMismatch = await checkRecords(store, anchorRecords);
      if (recordMismatch) return fail(recordMismatch);

      client = await connectChain(args);
      if (client) {
        const chainMismatch = await checkChain(client, store, anchorRecords);
        summary.chainChecked = true;
        if (chainMismatch) return fail(chainMismatch);
      }
      const parts = [
        `${report.size} entries re-hashed and every node rebuilt`,
        `${report.checkpoints} checkpoints (${verifier ? "signatures verified" : "signatures NOT checked: no verifier key"})`,
        `${anchorRecords.length} anchor records${client ? ` checked on chain ${client.chainId}` : ""}`,
      ];
      return reportOk(io, json, parts.join(", "), summary);
    } finally {
      client?.close();
      await store.close();
      await records?.close();
    }
  } catch (error) {
    return reportError(io, json, error);
  }
}


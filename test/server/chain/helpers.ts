import { ethers } from "hardhat";
import { encodeEntry, generateNoteKey, parseSignerKey, rfc6962Sha256, type AccessLogEntry } from "../../../server/log";
import { createMemoryLogStore, type LogStore } from "../../../server/storage";
import { createMemoryAnchorRecordStore, type AnchorRecordStore } from "../../../server/storage/anchor-records";
import { organizationsFixture } from "../../contracts/fixtures";

export const ORIGIN = "tdl.example.gov.cn/node-1";
export const LOG_ID = 1;

/** The i-th access decision of a test log: distinct, well formed, no personal data. */
export function accessEntry(i: number): AccessLogEntry {
  return {
    time: new Date(Date.UTC(2025, 2, 1, 8, 0, i % 60, i % 1000)).toISOString(),
    origin: ORIGIN,
    org: "4",
    key: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
    operation: i % 3 === 0 ? "download" : "query",
    grantId: `0x${(i + 1).toString(16).padStart(64, "0")}`,
    scenario: "inclusive-finance-credit",
    resourceId: `res-${i % 7}`,
    fields: "0x7",
    decision: i % 5 === 4 ? "denied" : "allowed",
    reason: i % 5 === 4 ? "GRANT_EXPIRED" : "OK",
    requestDigest: ethers.sha256(ethers.toUtf8Bytes(`request ${i}`)).slice(2),
  };
}

export async function appendEntries(store: LogStore, from: number, count: number): Promise<void> {
  await store.append(Array.from({ length: count }, (_, i) => encodeEntry(accessEntry(from + i))));
}

/** A node's local state: an in-memory log, anchor records and a checkpoint key. */
export async function nodeState(): Promise<{ store: LogStore; records: AnchorRecordStore; signerKey: string; verifierKey: string }> {
  const { signerKey, verifierKey } = generateNoteKey(ORIGIN);
  return { store: await createMemoryLogStore({ hasher: rfc6962Sha256 }), records: createMemoryAnchorRecordStore(), signerKey, verifierKey };
}

export const noteSignerOf = (signerKey: string) => parseSignerKey(signerKey);

/** The ledger with organisations, and the operator's node log registered with the operator's key as anchoring key. */
export async function registeredLogFixture() {
  const base = await organizationsFixture();
  const { ledger, officials, keys, orgs } = base;
  await (await ledger.anchors.connect(officials[0]).registerLog(ORIGIN, orgs.operator, keys.operator)).wait();
  return base;
}

/** Records every log line the anchorer writes. */
export function captureLogger() {
  const lines: { level: string; details: object; message: string }[] = [];
  const at = (level: string) => (details: object, message: string) => void lines.push({ level, details, message });
  return { lines, logger: { info: at("info"), warn: at("warn"), error: at("error") } };
}

/** Storage adapters: the only code that imports `level`; each backend has an in-memory twin. */
export { openLogStore, type AppendReceipt, type LogStore, type LogStoreOptions, type StoredCheckpoint } from "./log-store";
export { createLevelLogStore, createMemoryLogStore } from "./stores";
export { createGroupCommitAppender, type EntryAppender, type GroupCommitOptions } from "./group-commit";
export { auditLogStore, type AuditMismatch, type AuditReport } from "./audit";
export { openLevelPort } from "./level-port";
export { createMemoryPort } from "./memory-port";
export { entryKey, checkpointKey } from "./keys";
export { nodeLocation } from "./leaf-record";
export type { KeyRange, KeyValue, KeyValuePort } from "./key-value-port";

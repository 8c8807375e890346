export type { DataEngine, EngineOptions, QueryResult, RunOptions, SqlParameter, SqlValue } from "./engine";
export { openDuckDbEngine } from "./duckdb";
export { guardedQuery, planQuery, runPlan, MAX_SQL_LENGTH, type QueryPlan, type GuardedAnswer, type GrantedField, type GrantedResource, type QueryScope } from "./query-guard";
export { queryRefused, refusalSentences, type QueryRefusalReason } from "./refusals";
export { canonicalResult, resultDigest } from "./result-digest";
export { checkVerifyRecords, verifyRecords, MAX_VERIFY_RECORDS, type VerifyAnswer, type VerifyRecord } from "./verify";
export { encodeFieldList, fieldListHash, parseFieldList, FIELD_TYPES, type Field, type FieldList, type FieldType } from "./field-list";
export { createDatasetStore, datasetTable, DATASET_FORMATS, type DatasetFormat, type DatasetStore, type StagedDataset } from "./datasets";

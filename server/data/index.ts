export type { DataEngine, EngineOptions, QueryResult, RunOptions, SqlParameter, SqlValue } from "./engine";
export { openDuckDbEngine } from "./duckdb";
export { guardedQuery, MAX_SQL_LENGTH, type GuardedAnswer, type GrantedField, type GrantedResource, type QueryScope } from "./query-guard";
export { queryRefused, refusalSentences, type QueryRefusalReason } from "./refusals";
export { canonicalResult, resultDigest } from "./result-digest";
export { encodeFieldList, fieldListHash, parseFieldList, FIELD_TYPES, type Field, type FieldList, type FieldType } from "./field-list";

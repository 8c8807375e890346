/**
 * The data plane's engine port (DESIGN.md "The data plane"): what the node needs from an analytical SQL
 * engine. DuckDB sits behind it today (./duckdb.ts); a distributed engine (Trino, Spark) could later, as
 * long as it keeps the same promises: one statement per call, bound parameters, a per-query time limit that
 * stops the work, no file or network access from SQL, and JSON-safe result values.
 */

/** A value bound to a `$1`-style parameter. */
export type SqlParameter = string | number | boolean | null;

/** A result value, JSON-safe: integers wider than 2^53 and decimals arrive as strings, dates as ISO strings. */
export type SqlValue = null | boolean | number | string | SqlValue[] | { [key: string]: SqlValue };

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlValue[])[];
}

export interface RunOptions {
  /** Stop the query after this many milliseconds (QUERY_TIME_LIMIT); the engine's default when absent. */
  readonly timeLimitMs?: number;
}

export interface DataEngine {
  /**
   * Runs one SQL statement with its parameters and returns every row. Errors are TdlErrors:
   * QUERY_TIME_LIMIT when the time limit stopped it, QUERY_FAILED when the engine refused or failed it.
   */
  run(sql: string, parameters?: readonly SqlParameter[], options?: RunOptions): Promise<QueryResult>;
  /** Closes the engine; later runs fail. */
  close(): Promise<void>;
}

export interface EngineOptions {
  /** A database file (in the node's data directory), or absent for an in-memory engine (tests). */
  readonly path?: string;
  /** The engine's memory ceiling, in DuckDB's words, e.g. "512MB". */
  readonly memoryLimit: string;
  readonly threads: number;
  /** The default per-query time limit, milliseconds. */
  readonly timeLimitMs: number;
  /**
   * Absolute directories the engine may still read and write with file access otherwise off: only the node's
   * uploads directory, where dataset versions are staged from. Developer SQL never reaches a file reader (the
   * query guard refuses them); this keeps every other path closed to the engine itself.
   */
  readonly allowedDirectories?: readonly string[];
}

/**
 * The DuckDB adapter of the engine port, the only importer of `@duckdb/node-api`. The engine is opened
 * with file and network access off (`enable_external_access=false`: read_csv, COPY, ATTACH, INSTALL fail)
 * except under the allowed directories (`allowed_directories`, set before access goes off: DuckDB 1.5 refuses
 * it as an open-time option), and its configuration then locked (`lock_configuration=true`: every later SET
 * fails), with memory and thread ceilings. Each run gets its own connection, so the time limit interrupts that query and no other.
 */
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { TdlError } from "../errors";
import type { DataEngine, EngineOptions, QueryResult, RunOptions, SqlParameter, SqlValue } from "./engine";

/** Opens a DuckDB engine, in memory when `options.path` is absent. */
export async function openDuckDbEngine(options: EngineOptions): Promise<DataEngine> {
  if (!(options.timeLimitMs > 0) || !Number.isSafeInteger(options.threads) || options.threads < 1) {
    throw new TdlError("CONFIG_INVALID", "the data engine needs a positive time limit and thread count", {
      details: { timeLimitMs: options.timeLimitMs, threads: options.threads },
    });
  }
  const lockdown = [
    `SET allowed_directories = [${allowedDirectories(options.allowedDirectories ?? []).join(", ")}]`,
    "SET enable_external_access = false",
    "SET lock_configuration = true",
  ];
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(options.path ?? ":memory:", {
      autoload_known_extensions: "false",
      autoinstall_known_extensions: "false",
      memory_limit: options.memoryLimit,
      threads: String(options.threads),
    });
    const connection = await instance.connect();
    try {
      for (const statement of lockdown) await connection.run(statement);
    } finally {
      closeQuietly(connection);
    }
  } catch (error) {
    throw new TdlError("CONFIG_INVALID", `the data engine cannot open: ${(error as Error).message}`, { cause: error });
  }
  let closed = false;

  async function run(sql: string, parameters: readonly SqlParameter[] = [], runOptions: RunOptions = {}): Promise<QueryResult> {
    if (closed) throw new TdlError("QUERY_FAILED", "the data engine is closed");
    const timeLimitMs = runOptions.timeLimitMs ?? options.timeLimitMs;
    const connection = await instance.connect();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, timeLimitMs);
    try {
      const reader = await connection.runAndReadAll(sql, [...parameters]);
      return { columns: reader.columnNames(), rows: reader.getRowsJson() as SqlValue[][] };
    } catch (error) {
      throw failure(error, timedOut, timeLimitMs);
    } finally {
      clearTimeout(timer);
      closeQuietly(connection);
    }
  }

  return {
    run,
    async close() {
      if (closed) return;
      closed = true;
      instance.closeSync();
    },
  };
}

/** SQL string literals of the directories, each absolute and ending in "/" (DuckDB matches them as prefixes). */
function allowedDirectories(directories: readonly string[]): string[] {
  return directories.map((directory) => {
    if (!path.isAbsolute(directory)) throw new TdlError("CONFIG_INVALID", `the data engine's allowed directory "${directory}" is not absolute`);
    const prefix = path.resolve(directory) + path.sep;
    return `'${prefix.replaceAll("'", "''")}'`;
  });
}

function failure(error: unknown, timedOut: boolean, timeLimitMs: number): TdlError {
  const message = (error as Error).message ?? String(error);
  if (timedOut) {
    return new TdlError("QUERY_TIME_LIMIT", `the query was stopped after its time limit of ${timeLimitMs} ms`, {
      details: { timeLimitMs },
      cause: error,
    });
  }
  return new TdlError("QUERY_FAILED", `the data engine failed the query: ${message}`, { cause: error });
}

function closeQuietly(connection: DuckDBConnection): void {
  try {
    connection.closeSync();
  } catch {
    // the connection is gone either way
  }
}

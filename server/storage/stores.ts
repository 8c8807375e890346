import { openLevelPort } from "./level-port";
import { openLogStore, type LogStore, type LogStoreOptions } from "./log-store";
import { createMemoryPort } from "./memory-port";

/** The access log in LevelDB under `dir`, recovered to its durable state. */
export async function createLevelLogStore(dir: string, options: LogStoreOptions): Promise<LogStore> {
  return openLogStore(await openLevelPort(dir), options);
}

/** The same log held in memory: for tests and tools. */
export function createMemoryLogStore(options: LogStoreOptions): Promise<LogStore> {
  return openLogStore(createMemoryPort(), options);
}

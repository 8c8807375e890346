import { Level } from "level";
import { TdlError } from "../errors";
import type { KeyValuePort } from "./key-value-port";

/** LevelDB behind the key-value port: binary keys and values, every write batch synced to disk. */
export async function openLevelPort(dir: string): Promise<KeyValuePort> {
  const db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: "view", valueEncoding: "view" });
  try {
    await db.open();
  } catch (cause) {
    throw new TdlError("STORAGE_FAILURE", `cannot open the log database in ${dir}`, { cause });
  }

  return {
    getMany: (keys) => db.getMany(keys.slice()),
    putAll: (pairs) => db.batch(pairs.map(([key, value]) => ({ type: "put" as const, key, value })), { sync: true }),
    scan: ({ gte, lt, reverse = false, limit = -1 }) => db.iterator({ gte, lt, reverse, limit }),
    close: () => db.close(),
  };
}

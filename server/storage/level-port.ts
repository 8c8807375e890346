import { Level } from "level";
import { TdlError } from "../errors";
import type { KeyValuePort } from "./key-value-port";

/**
 * LevelDB behind the key-value port: binary keys and values, every write batch synced to disk.
 *
 * After a failed write (ENOSPC, EIO) LevelDB's write-ahead log can end in a torn record; batches written
 * after it are acknowledged but dropped when the database is next opened (found by test/faults/disk.test.ts
 * on a full tmpfs). So a failed write poisons the handle: the next operation first closes and reopens the
 * database, which starts a fresh write-ahead log, and fails with STORAGE_FAILURE while that is impossible
 * (the disk still full); it is tried again by every operation until it succeeds.
 */
export async function openLevelPort(dir: string): Promise<KeyValuePort> {
  const db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: "view", valueEncoding: "view" });
  const open = async (): Promise<void> => {
    try {
      await db.open();
    } catch (cause) {
      throw new TdlError("STORAGE_FAILURE", `cannot open the log database in ${dir}`, { cause });
    }
  };
  await open();

  let poisoned = false;
  let reopening: Promise<void> | undefined;
  const ready = (): Promise<void> | void => {
    if (!poisoned) return;
    reopening ??= (async () => {
      try {
        if (db.status === "open") await db.close();
        await open();
        poisoned = false;
      } finally {
        reopening = undefined;
      }
    })();
    return reopening;
  };

  return {
    async getMany(keys) {
      await ready();
      return db.getMany(keys.slice());
    },
    async putAll(pairs) {
      await ready();
      try {
        await db.batch(
          pairs.map(([key, value]) => ({ type: "put" as const, key, value })),
          { sync: true },
        );
      } catch (error) {
        poisoned = true;
        throw error;
      }
    },
    async *scan({ gte, lt, reverse = false, limit = -1 }) {
      await ready();
      yield* db.iterator({ gte, lt, reverse, limit });
    },
    close: () => db.close(),
  };
}

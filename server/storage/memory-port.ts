import type { KeyRange, KeyValue, KeyValuePort } from "./key-value-port";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex");

/**
 * The in-memory twin of the LevelDB port, for tests and tools. Values are copied in and out so
 * that a caller's later changes to a buffer cannot reach what is "stored".
 */
export function createMemoryPort(): KeyValuePort {
  // Lowercase hex of a key sorts like the key's bytes.
  const data = new Map<string, KeyValue>();

  return {
    async getMany(keys) {
      return keys.map((key) => data.get(hex(key))?.[1].slice());
    },

    async putAll(pairs) {
      for (const [key, value] of pairs) data.set(hex(key), [key.slice(), value.slice()]);
    },

    async *scan({ gte, lt, reverse = false, limit = Infinity }: KeyRange) {
      const [low, high] = [hex(gte), hex(lt)];
      const keys = [...data.keys()].filter((key) => key >= low && key < high).sort();
      if (reverse) keys.reverse();
      for (const key of keys.slice(0, limit)) {
        const [storedKey, value] = data.get(key) as KeyValue;
        yield [storedKey.slice(), value.slice()] as const;
      }
    },

    async close() {},
  };
}

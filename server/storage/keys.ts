/*
 * The log's key layout, shared by every key-value backend: one prefix byte per kind, then
 * big-endian numbers so that keys sort in log order and a range scan walks the log.
 *   0x01 <index u64>  leaf record of entry `index`: its bytes, its leaf hash and the hash of every
 *                     perfect subtree it completes (see leaf-record.ts)
 *   0x03 's'          durable tree size (u64)
 *   0x03 'h'          name of the hasher the tree was built with
 *   0x04 <size u64>   signed checkpoint note for that tree size (UTF-8)
 * Tree nodes live inside the leaf records rather than under keys of their own: one key per entry
 * makes a synced batch of the log as cheap as a batch of bare entries (measured: every extra key
 * per entry costs LevelDB about a third of its batch throughput).
 */

const ENTRY = 0x01;
const META = 0x03;
const CHECKPOINT = 0x04;

export function encodeUint64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, Math.floor(value / 2 ** 32));
  view.setUint32(4, value >>> 0);
  return bytes;
}

export function decodeUint64(bytes: Uint8Array, offset = 0): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
  return view.getUint32(0) * 2 ** 32 + view.getUint32(4);
}

function withPrefix(prefix: number, ...rest: Uint8Array[]): Uint8Array {
  const key = new Uint8Array(1 + rest.reduce((length, part) => length + part.length, 0));
  key[0] = prefix;
  let offset = 1;
  for (const part of rest) {
    key.set(part, offset);
    offset += part.length;
  }
  return key;
}

export const entryKey = (index: number): Uint8Array => withPrefix(ENTRY, encodeUint64(index));
export const checkpointKey = (size: number): Uint8Array => withPrefix(CHECKPOINT, encodeUint64(size));
export const SIZE_KEY = Uint8Array.of(META, 0x73);
export const HASHER_KEY = Uint8Array.of(META, 0x68);

/** [gte, lt) bounds of every checkpoint key. */
export const CHECKPOINT_RANGE = { gte: Uint8Array.of(CHECKPOINT), lt: Uint8Array.of(CHECKPOINT + 1) };

export function checkpointSizeOf(key: Uint8Array): number {
  return decodeUint64(key, 1);
}

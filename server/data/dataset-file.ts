/**
 * One pass over an uploaded dataset file: its content digest (0x + SHA-256 of the bytes, what `sha256sum`
 * prints), its size, and for text formats the first byte that is not UTF-8, located as a data row (1-based,
 * 0 is a CSV's header) and, for CSV, the column it falls in. Chunks are checked with node's native isUtf8;
 * only a chunk that fails is scanned byte by byte, and only then is the file read again to count rows.
 */
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

export interface FileScan {
  readonly contentDigest: string;
  readonly size: number;
  /** The first byte that is not UTF-8, when the file has one (text formats only). */
  readonly badByte?: { readonly offset: number; readonly row: number; readonly columnIndex: number | null };
}

const CHUNK = 1 << 20;

/** The length of the UTF-8 sequence a lead byte starts, 0 when it cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The index of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function firstNonUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes[i]);
    if (length === 0 || i + length > bytes.length) return i;
    const second = bytes[i + 1];
    const lowest = bytes[i] === 0xe0 ? 0xa0 : bytes[i] === 0xf0 ? 0x90 : 0x80; // no overlong forms
    const highest = bytes[i] === 0xed ? 0x9f : bytes[i] === 0xf4 ? 0x8f : 0xbf; // no surrogates, nothing past U+10FFFF
    if (length > 1 && (second < lowest || second > highest)) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return -1;
}

/** Where a chunk may be cut so that no UTF-8 sequence is split: before an incomplete trailing sequence. */
function completeEnd(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back];
    if (byte < 0x80) return chunk.length;
    if (byte >= 0xc0) return sequenceLength(byte) > back ? chunk.length - back : chunk.length;
  }
  return chunk.length;
}

/** Hashes the file and, unless `binary`, finds its first non-UTF-8 byte. */
export async function scanDatasetFile(file: string, options: { binary: boolean; csv: boolean }): Promise<FileScan> {
  const hash = createHash("sha256");
  let size = 0;
  let carry: Buffer = Buffer.alloc(0);
  let badOffset: number | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (!options.binary && badOffset === undefined) {
      const joined = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const end = completeEnd(joined);
      const checked = joined.subarray(0, end);
      if (!isUtf8(checked)) badOffset = size - carry.length + firstNonUtf8(checked);
      carry = Buffer.from(joined.subarray(end));
    }
    size += chunk.length;
  }
  if (!options.binary && badOffset === undefined && carry.length > 0) badOffset = size - carry.length;
  const contentDigest = `0x${hash.digest("hex")}`;
  if (badOffset === undefined) return { contentDigest, size };
  return { contentDigest, size, badByte: { offset: badOffset, ...(await locate(file, badOffset, options.csv)) } };
}

/**
 * The data row (and CSV column) a byte offset falls in, reading the file up to it. Rows are counted as the
 * engine counts them: empty lines (and, in JSON Lines, lines of only spaces or tabs) are not rows.
 */
async function locate(file: string, offset: number, csv: boolean): Promise<{ row: number; columnIndex: number | null }> {
  let record = 0;
  let column = 0;
  let quoted = false;
  let content = false;
  const stream = createReadStream(file, { highWaterMark: CHUNK, end: Math.max(0, offset - 1) });
  for await (const chunk of (offset === 0 ? [] : stream) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (byte === 0x0a && !quoted) {
        if (content) record++;
        column = 0;
        content = false;
        continue;
      }
      if (byte !== 0x0d && (csv || (byte !== 0x20 && byte !== 0x09))) content = true;
      if (csv && byte === 0x22) quoted = !quoted;
      else if (csv && byte === 0x2c && !quoted) column++;
    }
  }
  stream.destroy();
  // a CSV's first record is its header (row 0); JSON Lines count data rows from the first record
  return csv ? { row: record, columnIndex: column } : { row: record + 1, columnIndex: null };
}

/** A CSV's header: the cells of its first line (a leading byte-order mark and quotes around a cell removed). */
export async function csvHeader(file: string): Promise<string[]> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      return line
        .replace(/^\uFEFF/, "")
        .split(",")
        .map((cell) => (/^".*"$/.test(cell) ? cell.slice(1, -1).replaceAll('""', '"') : cell));
    }
    return [];
  } finally {
    lines.close();
  }
}

/** The data row of a JSON Lines file's first record that is not JSON, or 0 when every record parses. */
export async function firstMalformedRecord(file: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let row = 0;
  try {
    for await (const line of lines) {
      if (/^[ \t]*$/.test(line)) continue;
      row++;
      try {
        JSON.parse(line);
      } catch {
        return row;
      }
    }
    return 0;
  } finally {
    lines.close();
  }
}

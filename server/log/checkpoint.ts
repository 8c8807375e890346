import { TdlError } from "../errors";
import { decodeBase64, encodeBase64 } from "./base64";

/**
 * The body of a C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): origin line, tree size, base64
 * root, then optional extension lines, each line ending in a newline. The signed note around it is
 * in note.ts.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly extensions: readonly string[];
}

function malformed(reason: string): TdlError {
  return new TdlError("MALFORMED_CHECKPOINT", `malformed checkpoint: ${reason}`);
}

function checkLine(what: string, line: string): void {
  if (line.length === 0) throw malformed(`the ${what} line is empty`);
  if (/[\u0000-\u001f]/.test(line)) throw malformed(`the ${what} line holds a control character`);
}

export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, root, extensions } = checkpoint;
  checkLine("origin", origin);
  if (!Number.isSafeInteger(size) || size < 0) throw malformed(`size ${size} is not a non-negative safe integer`);
  extensions.forEach((line) => checkLine("extension", line));
  return [origin, String(size), encodeBase64(root), ...extensions].map((line) => `${line}\n`).join("");
}

/** Parses a checkpoint body (the note text, without signatures); `hashSize` is the log hasher's size. */
export function parseCheckpoint(body: string, hashSize = 32): Checkpoint {
  if (typeof body !== "string") throw malformed("the body is not text");
  if (!body.endsWith("\n")) throw malformed("the body does not end with a newline");
  const lines = body.slice(0, -1).split("\n");
  if (lines.length < 3) throw malformed(`it has ${lines.length} lines, at least 3 are needed`);
  const [origin, sizeText, rootText, ...extensions] = lines;
  checkLine("origin", origin);
  extensions.forEach((line) => checkLine("extension", line));

  // ASCII decimal without leading zeros, so each size has exactly one spelling.
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw malformed(`the size line "${sizeText}" is not a decimal number`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw malformed(`size ${sizeText} is beyond 2^53 - 1`);

  const root = decodeBase64(rootText);
  if (root === undefined) throw malformed("the root line is not canonical base64");
  if (root.length !== hashSize) throw malformed(`the root is ${root.length} bytes, expected ${hashSize}`);
  return { origin, size, root, extensions };
}

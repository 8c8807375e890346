import { writeFile } from "node:fs/promises";
import path from "node:path";
import { TdlError } from "../errors";

/*
 * The files a command writes (--out, --receipt-out): never over an existing file unless --force is given,
 * so a bundle, a receipt or a signed call already kept is not lost to a slip of the keyboard.
 */

function refusal(file: string, cause: unknown): TdlError {
  const exists = (cause as NodeJS.ErrnoException).code === "EEXIST";
  return new TdlError(
    "MALFORMED_INPUT",
    exists ? `${file} exists already: choose another file, or add --force to replace it` : `cannot write ${file}: ${(cause as Error).message}`,
    { cause, details: { zh: exists ? `${file} 已存在：请换一个文件，或加 --force 覆盖` : `无法写入 ${file}：${(cause as Error).message}` } },
  );
}

/** Writes `data` to `file`; an existing file is refused unless `force`. Text gets a final newline. */
export async function writeOutFile(file: string, data: string | Uint8Array, force: boolean): Promise<void> {
  try {
    await writeFile(path.resolve(file), typeof data === "string" ? `${data}\n` : data, { flag: force ? "w" : "wx" });
  } catch (cause) {
    throw refusal(file, cause);
  }
}

/** Creates `file` empty to stream into (emptied with `force`); an existing file is refused unless `force`. Its absolute path. */
export async function claimOutFile(file: string, force: boolean): Promise<string> {
  await writeOutFile(file, new Uint8Array(0), force);
  return path.resolve(file);
}

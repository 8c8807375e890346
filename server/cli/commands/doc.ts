import { readFile } from "node:fs/promises";
import path from "node:path";
import { Option, type Command } from "commander";
import { TdlError } from "../../errors";
import { documentHash, parseDocumentHash } from "../../storage/documents";
import { parseId } from "../arguments";
import { action, withExamples, type CliContext, type Run } from "../context";
import { bi } from "../i18n";
import { nodeOption } from "../config";
import { writeOutFile } from "../out-file";
import { baseUrl, call, callSigningInWhenAsked, signInWithKey } from "../node-client";

/*
 * tdl doc: the documents behind the chain's hashes, in a node's content-addressed store (issue 14 item 1).
 * `get` re-checks the bytes against the hash before it writes or prints anything; `put` stores a document
 * whose hash the chain holds (or a pending transaction carries). Also the upload the catalog commands use.
 */

/** What PUT /api/v1/documents/:hash answers. */
interface StoredRecord {
  readonly hash: string;
  readonly disclosure: "public" | "restricted";
  readonly parties: readonly number[];
  readonly size: number;
}

/** Stores documents at the node, signed in once with the --key key; the node's records (the first ones where it held them). */
export async function uploadDocuments(
  run: Run,
  node: URL,
  documents: readonly Uint8Array[],
  meta: { restricted?: boolean; parties?: readonly number[] } = {},
): Promise<(StoredRecord & { created: boolean })[]> {
  if (documents.length === 0) return [];
  const session = await signInWithKey(run, node);
  const query = new URLSearchParams();
  if (meta.restricted === true) query.set("disclosure", "restricted");
  if (meta.parties !== undefined && meta.parties.length > 0) query.set("parties", meta.parties.join(","));
  const suffix = query.size > 0 ? `?${query.toString()}` : "";
  const stored: (StoredRecord & { created: boolean })[] = [];
  for (const bytes of documents) {
    const response = await call(node, `/api/v1/documents/${documentHash(bytes)}${suffix}`, {
      method: "PUT",
      headers: { "content-type": "application/octet-stream", authorization: `Bearer ${session.token}` },
      body: bytes,
    });
    stored.push({ ...((await response.json()) as StoredRecord), created: response.status === 201 });
  }
  return stored;
}

/** Fetches a document, signing in when the node says it is restricted; the bytes only if they hash to `hash`. */
async function fetchDocument(run: Run, node: URL, hash: string): Promise<{ bytes: Uint8Array; disclosure: string }> {
  const where = `/api/v1/documents/${hash}`;
  const response = await callSigningInWhenAsked(run, node, where);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const actual = documentHash(bytes);
  if (actual !== hash) throw new TdlError("DOCUMENT_HASH_MISMATCH", `the node at ${node.origin} served bytes that hash to ${actual}, not ${hash}: nothing written; try another node`);
  return { bytes, disclosure: response.headers.get("x-tdl-document-disclosure") ?? "unknown" };
}

async function readDocumentFile(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path.resolve(file)));
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `<file>: cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
}

export function register(program: Command, ctx: CliContext): void {
  const doc = program.command("doc").description("documents behind the chain's hashes, from a node's document store; every read re-checks the hash / 链上哈希对应的文档");

  withExamples(
    doc
      .command("get")
      .description("fetch a document by its hash; the bytes are checked against the hash before anything is written (restricted ones: signs in with --key) / 获取文档")
      .argument("<hash>", "the document's SHA-256 (0x + 64 hex)")
      .addOption(nodeOption())
      .option("--out <file>", "write the bytes here (must not exist; --force to replace); default: print them"),
    `
  tdl doc get 0x5f1e...c0de --node http://127.0.0.1:8080
  tdl doc get 0x5f1e...c0de --node http://127.0.0.1:8080 --out fields.json
  tdl doc get 0x77ab...0042 --node http://127.0.0.1:8080 --key bank-chen --json   # a restricted one`,
  ).action(
    action(ctx, async (run, o, [hashText]) => {
      const hash = parseDocumentHash(String(hashText));
      const { bytes, disclosure } = await fetchDocument(run, baseUrl(o.node), hash);
      if (o.out !== undefined) {
        const out = path.resolve(String(o.out));
        await writeOutFile(out, bytes, run.opts.force === true);
        return run.ok(bi(`document ${hash} (${disclosure}, ${bytes.length} bytes, hash checked) written to ${out}`, `文档 ${hash}（${disclosure}，${bytes.length} 字节，哈希已核验）已写入 ${out}`), { hash, disclosure, size: bytes.length, path: out });
      }
      if (run.json) return run.ok(bi(`document ${hash} (hash checked)`, `文档 ${hash}（哈希已核验）`), { hash, disclosure, size: bytes.length, bytes: Buffer.from(bytes).toString("base64") });
      run.ctx.io.out(Buffer.from(bytes).toString("utf8"));
      return 0;
    }),
  );

  withExamples(
    doc
      .command("put")
      .description("store a document whose hash the chain holds (or a transaction about to be mined carries) at a node; signs in with --key / 存入文档")
      .argument("<file>", "the document")
      .addOption(nodeOption())
      .option("--restricted", "readable only by its parties, the bureau and supervisors (agreements, plans, reviews); default public")
      .addOption(new Option("--party <org...>", "an organisation id that may read the restricted document (repeat); yours is always one")),
    `
  tdl doc put fields.json --node http://127.0.0.1:8080 --key market-zhao
  tdl doc put agreement.pdf --restricted --party 3 --party 5 --node http://127.0.0.1:8080 --key operator-li`,
  ).action(
    action(ctx, async (run, o, [file]) => {
      const parties = ((o.party as string[] | undefined) ?? []).map((p) => parseId(p, "--party"));
      if (parties.length > 0 && o.restricted !== true) throw new TdlError("MALFORMED_INPUT", "--party names who may read a restricted document: add --restricted / --party 仅用于受限文档");
      const bytes = await readDocumentFile(String(file));
      const [stored] = await uploadDocuments(run, baseUrl(o.node), [bytes], { restricted: o.restricted === true, parties });
      const held = stored.created ? bi("stored", "已存入") : bi("already held (unchanged)", "节点已有（未改动）");
      return run.ok(bi(`document ${stored.hash} ${held.en}: ${stored.disclosure}, ${stored.size} bytes`, `文档 ${stored.hash}${held.zh}：${stored.disclosure}，${stored.size} 字节`), { ...stored });
    }),
  );
}

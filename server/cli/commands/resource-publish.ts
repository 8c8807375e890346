import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { Option, type Command } from "commander";
import { TdlError } from "../../errors";
import { parseId } from "../arguments";
import { action, withExamples, type CliContext, type Run } from "../context";
import { bi } from "../i18n";
import { baseUrl, call, signInWithKey } from "../node-client";
import { shortHash } from "../output";
import { progressBar } from "../progress";
import { reportSent, sendTx } from "../send";

/*
 * tdl resource publish (Art. 6–8, R2): the source department's staff upload a dataset version to the node,
 * which checks it against the resource's field list and stages it; then the version is recorded on chain
 * (DataCatalog.publishDataset) with the digest and row count the node answered, after checking the digest
 * against the file's own. Nothing is recorded when the node refuses the file: the previous version stays live.
 */

type Format = "csv" | "jsonl" | "parquet";
const EXTENSIONS: Readonly<Record<string, Format>> = { ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet" };

/** What PUT /api/v1/resources/:id/datasets answers. */
interface StagedVersion {
  readonly resourceId: number;
  readonly contentDigest: string;
  readonly rowCount: number;
  readonly fieldListHash: string;
  readonly format: Format;
}

function formatOf(file: string, given: unknown): Format {
  if (given !== undefined) {
    const format = String(given);
    if (format !== "csv" && format !== "jsonl" && format !== "parquet") throw new TdlError("MALFORMED_INPUT", `--format must be csv, jsonl or parquet, not "${format}"`);
    return format;
  }
  const format = EXTENSIONS[path.extname(file).toLowerCase()];
  if (format === undefined) throw new TdlError("MALFORMED_INPUT", `--file: ${file} does not end in .csv, .jsonl or .parquet; say which with --format`);
  return format;
}

/** Streams the file to the node, hashing and counting what is sent; the node's record and the file's digest. */
async function upload(run: Run, node: URL, resourceId: number, file: string, format: Format, showProgress: boolean) {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (cause) {
    throw new TdlError("MALFORMED_INPUT", `--file: cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  const session = await signInWithKey(run, node);
  const hash = createHash("sha256");
  const progress = showProgress && !run.json ? progressBar(size) : undefined;
  let sent = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      sent += chunk.length;
      progress?.(sent, `${(sent / 1024 ** 2).toFixed(1)} of ${(size / 1024 ** 2).toFixed(1)} MiB`);
      done(null, chunk);
    },
  });
  const body = Readable.toWeb(createReadStream(file).pipe(counting)) as ReadableStream<Uint8Array>;
  const response = await call(node, `/api/v1/resources/${resourceId}/datasets?format=${format}`, {
    method: "PUT",
    headers: { "content-type": "application/octet-stream", "content-length": String(size), authorization: `Bearer ${session.token}` },
    body,
    duplex: "half",
  } as RequestInit);
  progress?.(sent, `${(sent / 1024 ** 2).toFixed(1)} MiB sent, checked by the node`, true);
  return { staged: (await response.json()) as StagedVersion, digest: `0x${hash.digest("hex")}` };
}

/** Adds `publish` to the `tdl resource` command. */
export function registerPublish(resource: Command, ctx: CliContext): void {
  withExamples(
    resource
      .command("publish")
      .description("publish a dataset version of a resource your department is the one source of: checked by the node against the field list, recorded on chain / 发布数据集版本")
      .argument("<id>", "resource id")
      .requiredOption("--file <path>", "the version: a .csv (header = the field names), .jsonl or .parquet file")
      .option("--format <format>", "csv, jsonl or parquet (default: from the file's extension)")
      .option("--no-progress", "no progress bar on stderr")
      .addOption(new Option("--node <url>", "the node that serves the resource's data (or TDL_NODE_URL)").env("TDL_NODE_URL").makeOptionMandatory()),
    `
  tdl resource publish 1 --file enterprises-2026-12.csv --node http://127.0.0.1:8080 --key market-zhao`,
  ).action(
    action(ctx, async (run, o, [id]) => {
      const resourceId = parseId(id, "<id>");
      const file = path.resolve(String(o.file));
      const { staged, digest } = await upload(run, baseUrl(o.node), resourceId, file, formatOf(file, o.format), o.progress !== false);
      if (staged.contentDigest !== digest || staged.resourceId !== resourceId) {
        throw new TdlError("DOCUMENT_HASH_MISMATCH", `the node staged a version with digest ${staged.contentDigest}, but ${String(o.file)} hashes to ${digest}: nothing recorded on chain; try again`);
      }
      const sent = await sendTx(run, "DataCatalog", "publishDataset", [resourceId, staged.contentDigest, staged.rowCount]);
      const event = sent.mode === "sent" ? sent.events.find((e) => e.name === "DatasetPublished") : undefined;
      const datasetVersion = event === undefined ? undefined : Number(event.args.datasetVersion);
      const v = datasetVersion ?? "?";
      return reportSent(
        run,
        sent,
        bi(
          `dataset version ${v} of resource ${resourceId} published: ${staged.rowCount} rows, digest ${shortHash(staged.contentDigest)}`,
          `数据资源 ${resourceId} 的数据集版本 ${v} 已发布：${staged.rowCount} 行，摘要 ${shortHash(staged.contentDigest)}`,
        ),
        { resourceId, datasetVersion, contentDigest: staged.contentDigest, rowCount: staged.rowCount, fieldListHash: staged.fieldListHash },
      );
    }),
  );
}

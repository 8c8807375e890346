import { bi } from "./i18n";
import { call, signInWithKey } from "./node-client";
import { writeOutFile } from "./out-file";
import type { Run } from "./context";

/*
 * A query's answer as the CLI shows it, for `tdl query` and `tdl product run`: sent to the node over a signed-in
 * session, written to --out (.csv for the table, else JSON with the receipt for `tdl verify result`) and
 * --receipt-out, then a table and a line naming the log entry, or the refusal's sentence (exit 1).
 */

export interface Answer {
  decision: string;
  reason: string;
  message: string;
  messageZh: string;
  columns: string[];
  rows: unknown[][];
  groupsSuppressed: number;
  rowsScanned: number;
  resultDigest: string | null;
  receipt: { index: number } & Record<string, unknown>;
}

const cell = (value: unknown): string => (value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));
const csvCell = (value: unknown): string => {
  const text = cell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const csvOf = (a: Answer): string => [a.columns, ...a.rows].map((row) => row.map(csvCell).join(",")).join("\n");

/** Options of the answer's output. */
export interface AnswerOutput {
  readonly out?: unknown;
  readonly receiptOut?: unknown;
}

/** POSTs the body to the node's route and reports the answer. */
export async function sendQuery(run: Run, node: URL, route: string, body: Record<string, unknown>, o: AnswerOutput) {
  const session = await signInWithKey(run, node);
  const response = await call(node, route, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${session.token}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Answer;
  if (o.receiptOut !== undefined) await writeOutFile(String(o.receiptOut), JSON.stringify(answer.receipt, null, 2), run.opts.force === true);
  const out = o.out === undefined ? undefined : String(o.out);
  if (out !== undefined) await writeOutFile(out, out.toLowerCase().endsWith(".csv") ? csvOf(answer) : JSON.stringify(answer, null, 2), run.opts.force === true);
  const index = answer.receipt.index;
  const extra = { ...answer, org: session.org };
  if (answer.decision !== "allowed") {
    return run.notHolding(bi(`refused (${answer.reason}): ${answer.message} (log entry ${index})`, `拒绝（${answer.reason}）：${answer.messageZh}（日志第 ${index} 条）`), extra);
  }
  if (out === undefined) run.table(answer.columns.map((c) => bi(c, c)), answer.rows.map((row) => row.map(cell)));
  const written = out === undefined ? bi("", "") : bi(`; written to ${out}`, `；已写入 ${out}`);
  return run.ok(
    bi(
      `${answer.rows.length} rows from ${answer.rowsScanned} rows scanned, ${answer.groupsSuppressed} groups under k suppressed; result digest ${answer.resultDigest} is log entry ${index}${written.en}`,
      `返回 ${answer.rows.length} 行（扫描 ${answer.rowsScanned} 行，${answer.groupsSuppressed} 个不足 k 行的分组已抑制）；结果摘要 ${answer.resultDigest} 记于日志第 ${index} 条${written.zh}`,
    ),
    extra,
  );
}

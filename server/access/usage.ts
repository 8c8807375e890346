import { TdlError } from "../errors";
import { checkEntry, type AccessLogEntry } from "../log/entry";

/**
 * Usage statements (Art. 21, R15): per grant and period, how many allowed operations ran on each
 * resource, each line naming the log indices it counts, so that anyone holding the log's anchored
 * roots can check every line entry by entry with inclusion proofs. Queries the node answered from its
 * data also sum what they really read and returned (R15, R18): rows scanned and rows returned. Pure.
 */

/** A log entry with its index in its log. */
export interface IndexedAccessEntry {
  readonly index: number;
  readonly entry: AccessLogEntry;
}

/** A period, local ms, `from` inclusive and `to` exclusive. */
export interface UsagePeriod {
  readonly from: number;
  readonly to: number;
}

export interface UsageLine {
  readonly resourceId: string;
  readonly operation: string;
  readonly count: number;
  /** Source rows the line's queries read, and rows their answers returned; 0 for declared access. */
  readonly rowsScanned: number;
  readonly rowsReturned: number;
  /** Ascending; `count` of them. */
  readonly logIndices: readonly number[];
}

export interface UsageStatement {
  /** The log the indices refer to. */
  readonly origin: string;
  /** As the log records it (bytes32 hex). */
  readonly grantId: string;
  /** ISO 8601 UTC bounds, `from` inclusive, `to` exclusive. */
  readonly period: { readonly from: string; readonly to: string };
  /** By resource, then operation. */
  readonly lines: readonly UsageLine[];
  readonly total: number;
}

/** The log's form of a grant id: the uint32 as bytes32, lowercase hex. */
export function entryGrantId(grantId: number): string {
  if (!Number.isInteger(grantId) || grantId < 0 || grantId > 2 ** 32 - 1) throw new TdlError("MALFORMED_INPUT", `grant id ${grantId} is not a uint32`);
  return `0x${grantId.toString(16).padStart(64, "0")}`;
}

const byResourceThenOperation = (a: UsageLine, b: UsageLine): number => {
  const numeric = /^\d+$/.test(a.resourceId) && /^\d+$/.test(b.resourceId);
  const resource = numeric ? Number(a.resourceId) - Number(b.resourceId) : a.resourceId.localeCompare(b.resourceId);
  return resource !== 0 ? resource : a.operation.localeCompare(b.operation);
};

/**
 * The statements of one log for `period`: one per grant that had allowed operations in it (or only
 * `grantIds`, each even when empty). Entries must all come from one log; denied entries and entries
 * outside the period are not counted.
 */
export function usageStatements(
  entries: Iterable<IndexedAccessEntry>,
  period: UsagePeriod,
  options: { readonly grantIds?: readonly string[] } = {},
): UsageStatement[] {
  if (!(Number.isFinite(period.from) && Number.isFinite(period.to) && period.from <= period.to)) {
    throw new TdlError("MALFORMED_INPUT", `usage period ${period.from}..${period.to} is not a time range`);
  }
  const only = options.grantIds === undefined ? undefined : new Set(options.grantIds.map((g) => g.toLowerCase()));
  const byGrant = new Map<string, Map<string, { resourceId: string; operation: string; rowsScanned: number; rowsReturned: number; logIndices: number[] }>>();
  for (const g of only ?? []) byGrant.set(g, new Map());
  const seen = new Set<number>();
  let origin: string | undefined;

  for (const { index, entry: raw } of entries) {
    if (!Number.isSafeInteger(index) || index < 0) throw new TdlError("MALFORMED_INPUT", `log index ${index} is not a non-negative integer`);
    if (seen.has(index)) throw new TdlError("MALFORMED_INPUT", `log index ${index} appears twice`);
    seen.add(index);
    const entry = checkEntry(raw);
    if (origin === undefined) origin = entry.origin;
    else if (entry.origin !== origin) {
      throw new TdlError("MALFORMED_INPUT", `entries of two logs ("${origin}" and "${entry.origin}"): a statement's indices must name one log`);
    }
    if (entry.decision !== "allowed" || entry.grantId === null) continue;
    const time = Date.parse(entry.time);
    if (time < period.from || time >= period.to) continue;
    const grantId = entry.grantId.toLowerCase();
    if (only !== undefined && !only.has(grantId)) continue;
    let lines = byGrant.get(grantId);
    if (lines === undefined) byGrant.set(grantId, (lines = new Map()));
    const key = `${entry.resourceId}\u0000${entry.operation}`;
    let line = lines.get(key);
    if (line === undefined) lines.set(key, (line = { resourceId: entry.resourceId, operation: entry.operation, rowsScanned: 0, rowsReturned: 0, logIndices: [] }));
    line.logIndices.push(index);
    line.rowsScanned += entry.query?.rowsScanned ?? 0;
    line.rowsReturned += entry.query?.rowsReturned ?? 0;
  }

  const bounds = { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() };
  return [...byGrant.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([grantId, lines]) => {
      const statementLines = [...lines.values()]
        .map((l) => ({ ...l, count: l.logIndices.length, logIndices: [...l.logIndices].sort((a, b) => a - b) }))
        .sort(byResourceThenOperation);
      return {
        origin: origin ?? "",
        grantId,
        period: bounds,
        lines: statementLines,
        total: statementLines.reduce((sum, l) => sum + l.count, 0),
      };
    });
}

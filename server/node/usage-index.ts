import type { IndexedAccessEntry } from "../access";
import { parseEntry } from "../log";
import type { LogStore } from "../storage";

/**
 * The log indices of each grant's entries, allowed or denied, for usage statements (R15, which count the
 * allowed ones) and the queries of a grant (GET /api/v1/queries). Built by reading the
 * log forward from where it last stopped, on demand: a query catches up with whatever was appended
 * since, so the gateway's hot path does nothing for it. Only indices are kept; the entries are read
 * back from the log for a statement, so each line is what the log (and its proofs) holds.
 */
export interface UsageIndex {
  entriesOfGrant(grantIdHex: string): Promise<IndexedAccessEntry[]>;
}

export function createUsageIndex(store: LogStore, chunk = 1000): UsageIndex {
  const byGrant = new Map<string, number[]>();
  let scanned = 0;
  let catchingUp: Promise<void> | undefined;

  async function catchUp(): Promise<void> {
    const size = await store.size();
    while (scanned < size) {
      const entries = await store.getEntries(scanned, Math.min(chunk, size - scanned));
      entries.forEach((bytes, i) => {
        const entry = parseEntry(bytes);
        if (entry.grantId === null) return;
        const list = byGrant.get(entry.grantId) ?? [];
        if (list.length === 0) byGrant.set(entry.grantId, list);
        list.push(scanned + i);
      });
      scanned += entries.length;
    }
  }

  return {
    async entriesOfGrant(grantIdHex) {
      catchingUp ??= catchUp().finally(() => {
        catchingUp = undefined;
      });
      await catchingUp;
      const indices = byGrant.get(grantIdHex.toLowerCase()) ?? [];
      const out: IndexedAccessEntry[] = [];
      for (let i = 0; i < indices.length; i += chunk) {
        const part = indices.slice(i, i + chunk);
        const bytes = await Promise.all(part.map((index) => store.getEntry(index)));
        bytes.forEach((b, j) => out.push({ index: part[j], entry: parseEntry(b) }));
      }
      return out;
    },
  };
}

import type { Provider } from "ethers";
import { connectContract } from "./ledger";
import { onChain } from "./revert";

/*
 * Whether the chain holds, or will hold, a document's hash (issue 14 item 1): the node stores only such
 * documents. Today that is
 *   - any version of any catalog resource: its metadataHash or its fieldListHash (versions never change, so
 *     each is read once; a miss reads only the resources and versions not seen yet);
 *   - the current version of any data product: its metadataHash (the document carrying its query templates);
 *   - "announced": the hash appears in the calldata of a transaction to a ledger contract that is pending
 *     (the chain will hold it once mined); such a hash counts for `announcedTtlMs`.
 * docs/ARCHITECTURE.md lists what else should count later.
 */

export interface DocumentReferenceOptions {
  /** A provider that also speaks raw JSON-RPC (ethers cannot decode a pending block, whose number is null). */
  readonly provider: Provider & { send(method: string, params: unknown[]): Promise<unknown> };
  readonly dataCatalog: string;
  /** Products' metadata documents count too when given. */
  readonly productRegistry?: string;
  /** Ledger contract addresses whose pending transactions announce hashes. */
  readonly ledgerContracts: readonly string[];
  /** How long an announced hash counts without being on chain (default 10 minutes). */
  readonly announcedTtlMs?: number;
  readonly clock?: { now(): number };
}

/** The part of a pending block (eth_getBlockByNumber "pending", full transactions) read here. */
interface PendingBlock {
  readonly transactions?: readonly ({ readonly to?: unknown; readonly input?: unknown } | string)[];
}

export interface DocumentReferences {
  isReferenced(hash: string): Promise<boolean>;
}

export function createDocumentReferences(options: DocumentReferenceOptions): DocumentReferences {
  const catalog = connectContract("DataCatalog", options.dataCatalog, options.provider);
  const ledger = new Set(options.ledgerContracts.map((a) => a.toLowerCase()));
  const ttlMs = options.announcedTtlMs ?? 10 * 60_000;
  const clock = options.clock ?? Date;
  const catalogHashes = new Set<string>();
  const versionsRead = new Map<number, number>(); // resource id -> versions read so far
  const announced = new Map<string, number>(); // hash -> until (ms)
  const products = options.productRegistry === undefined ? undefined : connectContract("ProductRegistry", options.productRegistry, options.provider);
  const productVersionsRead = new Map<number, number>(); // product id -> the version whose metadataHash was read

  async function readNewProductVersions(): Promise<void> {
    if (products === undefined) return;
    const count = Number(await onChain("ProductRegistry.productCount()", () => products.productCount()));
    for (let id = 1; id <= count; id++) {
      const product = await onChain(`ProductRegistry.product(${id})`, () => products.product(id));
      if (productVersionsRead.get(id) === Number(product.version)) continue;
      catalogHashes.add(product.metadataHash.toLowerCase());
      productVersionsRead.set(id, Number(product.version));
    }
  }

  async function readNewCatalogVersions(): Promise<void> {
    const count = Number(await onChain("DataCatalog.resourceCount()", () => catalog.resourceCount()));
    for (let id = 1; id <= count; id++) {
      const latest = Number((await onChain(`DataCatalog.resource(${id})`, () => catalog.resource(id))).version);
      for (let v = (versionsRead.get(id) ?? 0) + 1; v <= latest; v++) {
        const version = await onChain(`DataCatalog.resourceVersion(${id}, ${v})`, () => catalog.resourceVersion(id, v));
        catalogHashes.add(version.metadataHash.toLowerCase());
        catalogHashes.add(version.fieldListHash.toLowerCase());
        versionsRead.set(id, v);
      }
    }
  }

  async function readPendingTransactions(): Promise<void> {
    const block = (await onChain("eth_getBlockByNumber(pending)", () => options.provider.send("eth_getBlockByNumber", ["pending", true]))) as PendingBlock | null;
    const now = clock.now();
    for (const [hash, until] of announced) if (until < now) announced.delete(hash);
    const until = now + ttlMs;
    for (const tx of block?.transactions ?? []) {
      if (typeof tx !== "object" || typeof tx.to !== "string" || typeof tx.input !== "string" || !ledger.has(tx.to.toLowerCase())) continue;
      // every 32-byte word of the calldata after the selector is a candidate hash
      const words = tx.input.slice(10);
      for (let i = 0; i + 64 <= words.length; i += 64) announced.set(`0x${words.slice(i, i + 64).toLowerCase()}`, until);
    }
  }

  const isAnnounced = (hash: string): boolean => {
    const until = announced.get(hash);
    if (until !== undefined && until < clock.now()) announced.delete(hash);
    return until !== undefined && until >= clock.now();
  };

  return {
    async isReferenced(hash) {
      const h = hash.toLowerCase();
      if (catalogHashes.has(h) || isAnnounced(h)) return true;
      await readNewCatalogVersions();
      await readNewProductVersions();
      if (catalogHashes.has(h)) return true;
      await readPendingTransactions();
      return isAnnounced(h);
    },
  };
}

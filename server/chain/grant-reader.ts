import type { Log, Provider } from "ethers";
import type { ChainEvents, ChainHead, GrantReader, LedgerEvent, LedgerEventBatch } from "../access/reader";
import { TdlError } from "../errors";
import { connectContract } from "./ledger";
import { grantRecord } from "./records";
import { onChain } from "./revert";

/*
 * The chain side of the access policy's ports: GrantReader over GrantRegistry and DataCatalog, and a
 * poller of eth_getLogs over the ledger's contracts that feeds the policy's cache its invalidations.
 */

export interface ChainGrantReaderOptions {
  /** Any ethers v6 provider: a JsonRpcProvider in the node, Hardhat's in tests. */
  readonly provider: Provider;
  /** Addresses from deployments/ (the composition root reads them). */
  readonly addresses: { readonly grantRegistry: string; readonly dataCatalog: string };
}

export function createChainGrantReader({ provider, addresses }: ChainGrantReaderOptions): GrantReader {
  const grants = connectContract("GrantRegistry", addresses.grantRegistry, provider);
  const catalog = connectContract("DataCatalog", addresses.dataCatalog, provider);
  return {
    async latestBlock() {
      const block = await onChain("eth_getBlockByNumber(latest)", () => provider.getBlock("latest"));
      if (block === null) throw new TdlError("CHAIN_UNAVAILABLE", "the chain returned no latest block");
      return { number: block.number, timestamp: block.timestamp, hash: block.hash ?? undefined };
    },
    async checkAccess({ key, grantId, resourceId, fields, at }) {
      const denial = await onChain(`GrantRegistry.checkAccess(grant ${grantId})`, () => grants.checkAccess(key, grantId, resourceId, fields, at));
      return Number(denial);
    },
    async grantInfo(grantId) {
      const [g, scenario] = await Promise.all([
        onChain(`GrantRegistry.grant(${grantId})`, () => grants.grant(grantId)),
        onChain(`GrantRegistry.scenarioOf(${grantId})`, () => grants.scenarioOf(grantId)),
      ]);
      const record = grantRecord(g);
      if (record.status === 0) return null;
      return { grantId, ...record, scenario: scenario.toLowerCase() };
    },
    async resourceInfo(resourceId) {
      const [inOperationScope, openForDevelopment, fieldCount, classification] = await onChain(
        `DataCatalog.developmentView(${resourceId})`,
        () => catalog.developmentView(resourceId),
      );
      return { resourceId, inOperationScope, openForDevelopment, fieldCount: Number(fieldCount), classification: Number(classification) };
    },
  };
}

export interface LedgerEventPollerOptions {
  readonly provider: Provider;
  /**
   * The contracts whose events change decisions: OrganizationRegistry, QualificationRegistry,
   * DataCatalog, DataApplications, GrantRegistry. Leave AccessLogAnchor out: its frequent anchors
   * change no decision and would empty the cache each time.
   */
  readonly addresses: readonly string[];
  /** Poll period (default 1000 ms); keep it well under the policy's staleness bound. */
  readonly intervalMs?: number;
  /** Most blocks asked for in one eth_getLogs (default 2000). */
  readonly maxBlockRange?: number;
  readonly clock?: { now(): number };
  /** Told of a failed poll (the next one retries); the policy fails closed on its own bound. */
  readonly onError?: (error: TdlError) => void;
}

export interface LedgerEventPoller extends ChainEvents {
  /** One poll now: reads the head, the logs since the last poll, and tells the listeners. */
  poll(): Promise<LedgerEventBatch>;
  /** Polls every intervalMs until stop(). */
  start(): void;
  stop(): void;
}

/**
 * Polls eth_getLogs for the ledger's contracts and reports each poll as a batch, events or not (a
 * batch with none is a heartbeat the cache uses to confirm its entries). It starts at the head it
 * first sees: what came before is read fresh by the policy anyway. A chain that got shorter, or whose
 * block at the last polled height changed hash, is reported as a reorg.
 */
export function createLedgerEventPoller(options: LedgerEventPollerOptions): LedgerEventPoller {
  const { provider, addresses } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const maxBlockRange = options.maxBlockRange ?? 2000;
  const clock = options.clock ?? { now: () => Date.now() };
  const listeners = new Set<(batch: LedgerEventBatch) => void>();
  let last: { number: number; hash: string | undefined } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let run = 0; // bumped by start and stop, so a poll of an earlier run schedules nothing
  let running: Promise<LedgerEventBatch> | undefined;

  async function head(tag: "latest" | number): Promise<ChainHead | null> {
    const block = await onChain(`eth_getBlockByNumber(${tag})`, () => provider.getBlock(tag));
    return block === null ? null : { number: block.number, timestamp: block.timestamp, hash: block.hash ?? undefined };
  }

  async function pollOnce(): Promise<LedgerEventBatch> {
    const observedAt = clock.now();
    const latest = await head("latest");
    if (latest === null) throw new TdlError("CHAIN_UNAVAILABLE", "the chain returned no latest block");
    let reorg = false;
    if (last !== undefined) {
      if (latest.number < last.number) reorg = true;
      else {
        const then = latest.number === last.number ? latest : await head(last.number);
        reorg = then === null || (last.hash !== undefined && then.hash !== last.hash);
      }
    }
    const fromBlock = last === undefined || reorg ? latest.number : last.number + 1;
    const events: LedgerEvent[] = [];
    for (let from = fromBlock; from <= latest.number && addresses.length > 0; from += maxBlockRange) {
      const to = Math.min(latest.number, from + maxBlockRange - 1);
      const logs: Log[] = await onChain(`eth_getLogs(${from}..${to})`, () =>
        provider.getLogs({ address: [...addresses], fromBlock: from, toBlock: to }),
      );
      for (const log of logs) {
        events.push({
          address: log.address,
          blockNumber: log.blockNumber,
          transactionHash: log.transactionHash,
          logIndex: log.index,
          topic: log.topics[0] ?? "0x",
        });
      }
    }
    last = { number: latest.number, hash: latest.hash };
    const batch: LedgerEventBatch = { fromBlock, toBlock: latest.number, toBlockTime: latest.timestamp, observedAt, events, reorg };
    for (const listener of listeners) listener(batch);
    return batch;
  }

  function poll(): Promise<LedgerEventBatch> {
    running ??= pollOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(mine: number) {
    timer = setTimeout(() => {
      poll()
        .catch((error: unknown) => {
          options.onError?.(error instanceof TdlError ? error : new TdlError("CHAIN_UNAVAILABLE", String(error), { cause: error }));
        })
        .finally(() => {
          if (mine === run) schedule(mine);
        });
    }, intervalMs);
    timer.unref?.();
  }

  return {
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    poll,
    start() {
      if (timer !== undefined) return;
      schedule(++run);
    },
    stop() {
      run++;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

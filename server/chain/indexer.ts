import { Interface, type InterfaceAbi } from "ethers";
import { TdlError, isTdlError } from "../errors";
import type { BlockHeader, ChainEvent, HistoryStore, IndexedBlock } from "../storage/history-store";
import type { Deployments } from "./deployments";
import { eventArgs, subjectsOf } from "./event-subjects";
import { indexedContractsOf, type IndexedContract } from "./indexer-contracts";
import { createIndexerRpc, type RpcLog } from "./indexer-rpc";

/*
 * The audit indexer (after ponder): follows every event of every deployed contract with eth_getLogs
 * over bounded block ranges, decodes them with the deployments' ABIs and writes each range's blocks,
 * events and headers in one batch. Before each round it checks the stored head against the chain;
 * when the chain is shorter or holds another block at a stored height (a reorg, or a hard-killed
 * local chain that lost its last second), it walks the kept headers back to the common ancestor,
 * rolls the index back above it and indexes again from there. Catch-up after downtime is the same
 * loop: it resumes from the stored head.
 */

/** The JSON-RPC the indexer needs; ethers' JsonRpcProvider and Hardhat's provider both have it. */
export interface JsonRpcSender {
  send(method: string, params: unknown[]): Promise<unknown>;
}

export interface IndexerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface IndexerOptions {
  readonly provider: JsonRpcSender;
  /** The network's deployments directory, or the contracts themselves. */
  readonly deployments: Deployments | readonly IndexedContract[];
  readonly store: HistoryStore;
  /** Index only blocks this far below the chain head. Default 0 (a local chain has no finality to wait for). */
  readonly confirmations?: number;
  readonly pollIntervalMs: number;
  /** Blocks per eth_getLogs call. Default 2,000; halved (down to 1) when the node refuses a range. */
  readonly maxBlockRange?: number;
  readonly logger?: IndexerLogger;
}

export interface IndexerStatus {
  readonly state: "new" | "running" | "stopped";
  /** The newest indexed block, or null before the first. */
  readonly indexedHead: number | null;
  /** The chain head at the last poll, or null before the first. */
  readonly chainHead: number | null;
  /** Blocks the index is behind the chain (confirmations included); null until both are known. */
  readonly lag: number | null;
  readonly reorgs: number;
  readonly lastPollAt: number | null;
  readonly consecutiveFailures: number;
  readonly lastError: { readonly code: string; readonly message: string } | null;
}

export interface PollReport {
  readonly chainHead: number;
  readonly indexedHead: number | null;
  readonly blocksIndexed: number;
  readonly eventsIndexed: number;
  /** Set when the round found a reorg and rolled the index back. */
  readonly rolledBack?: { readonly fromBlock: number; readonly eventsRemoved: number };
}

export interface Indexer {
  /** Polls every pollIntervalMs until stopped; failures are logged, kept in the status and retried. */
  start(): void;
  /** Waits for the round in progress, then stops polling. */
  stop(): Promise<void>;
  /** One round now: reorg check, then catch up to the chain head. Runs after any round in progress. */
  poll(): Promise<PollReport>;
  status(): IndexerStatus;
}

const silent: IndexerLogger = { info() {}, warn() {}, error() {} };

/** The chain moved under a round (a log of one fork, a header of another): the round stops and the next one reconciles. */
class ChainMoved extends Error {}

interface Follow {
  readonly contracts: readonly IndexedContract[];
  readonly byAddress: ReadonlyMap<string, { name: string; iface: Interface }>;
  readonly addresses: string[];
  readonly startBlock: number;
}

export function createIndexer(options: IndexerOptions): Indexer {
  const { provider, store, pollIntervalMs, logger = silent } = options;
  const confirmations = options.confirmations ?? 0;
  const range = options.maxBlockRange ?? 2000;
  if (!Number.isInteger(confirmations) || confirmations < 0) throw new TdlError("CONFIG_INVALID", "confirmations must be a non-negative integer");
  if (!Number.isInteger(range) || range < 1) throw new TdlError("CONFIG_INVALID", "maxBlockRange must be a positive integer");
  if (!(pollIntervalMs > 0)) throw new TdlError("CONFIG_INVALID", "pollIntervalMs must be positive");

  let follow: Follow | undefined;
  let state: IndexerStatus["state"] = "new";
  let indexedHead: number | null = null;
  let chainHead: number | null = null;
  let reorgs = 0;
  let lastPollAt: number | null = null;
  let consecutiveFailures = 0;
  let lastError: IndexerStatus["lastError"] = null;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  let round: Promise<unknown> = Promise.resolve();

  const rpc = createIndexerRpc(provider, logger);

  async function following(): Promise<Follow> {
    if (follow) return follow;
    const contracts = Array.isArray(options.deployments)
      ? (options.deployments as readonly IndexedContract[])
      : await indexedContractsOf(options.deployments as Deployments);
    if (contracts.length === 0) throw new TdlError("CONFIG_INVALID", "no contracts to index");
    const byAddress = new Map<string, { name: string; iface: Interface }>();
    for (const c of contracts) byAddress.set(c.address.toLowerCase(), { name: c.name, iface: new Interface(c.abi as InterfaceAbi) });
    follow = {
      contracts,
      byAddress,
      addresses: [...byAddress.keys()],
      startBlock: Math.min(...contracts.map((c) => c.blockNumber)),
    };
    return follow;
  }

  /** Walks the kept headers back to the newest one the chain still has, and rolls the index back above it. */
  async function reconcile(head: BlockHeader, tip: number): Promise<PollReport["rolledBack"]> {
    const onChainHead = head.number <= tip ? await rpc.blockAt(head.number) : undefined;
    if (onChainHead?.hash === head.hash) return undefined;
    let ancestor: BlockHeader | undefined;
    for await (const kept of store.headersDescending()) {
      if (kept.number > tip) continue;
      const block = await rpc.blockAt(kept.number);
      if (block?.hash === kept.hash) {
        ancestor = kept;
        break;
      }
    }
    const fromBlock = ancestor ? ancestor.number + 1 : 0;
    const { eventsRemoved } = await store.rollback(fromBlock);
    reorgs++;
    logger.warn(
      { indexedHead: head.number, indexedHash: head.hash, chainHead: tip, chainHash: onChainHead?.hash ?? null, fromBlock, eventsRemoved },
      "the chain no longer holds the indexed head: rolled the index back to the common ancestor",
    );
    return { fromBlock, eventsRemoved };
  }

  function decode(log: RpcLog, header: BlockHeader, f: Follow): ChainEvent | undefined {
    const contract = f.byAddress.get(log.address);
    if (!contract) return undefined;
    const parsed = contract.iface.parseLog({ topics: log.topics, data: log.data });
    if (!parsed) {
      logger.warn({ contract: contract.name, block: log.blockNumber, logIndex: log.logIndex, topic0: log.topics[0] ?? null }, "an event the ABI does not know: skipped");
      return undefined;
    }
    const args = eventArgs(parsed.fragment, parsed.args);
    return {
      blockNumber: header.number,
      blockHash: header.hash,
      blockTimestamp: header.timestamp,
      txHash: log.transactionHash,
      txIndex: log.transactionIndex,
      logIndex: log.logIndex,
      contract: contract.name,
      address: log.address,
      event: parsed.name,
      args,
      subjects: subjectsOf(args),
    };
  }

  /** Indexes [from, to] in one batch; throws ChainMoved when the blocks do not link to `head`. */
  async function indexRange(from: number, to: number, head: BlockHeader | undefined, f: Follow): Promise<{ to: number; header: BlockHeader; events: number }> {
    const fetched = await rpc.fetchLogs(from, to, f.addresses);
    to = fetched.to;
    const logs = fetched.logs.filter((log) => !log.removed);
    const numbers = [...new Set([from, to, ...logs.map((log) => log.blockNumber)])].sort((a, b) => a - b);
    const headers = new Map<number, BlockHeader>();
    await Promise.all(
      numbers.map(async (n) => {
        const header = await rpc.blockAt(n);
        if (!header) throw new ChainMoved(`block ${n} is gone`);
        headers.set(n, header);
      }),
    );
    const first = headers.get(from) as BlockHeader;
    if (head && head.number === from - 1 && first.parentHash !== head.hash) throw new ChainMoved(`block ${from} does not follow the indexed head`);

    const blocks = new Map<number, ChainEvent[]>();
    for (const log of logs) {
      const header = headers.get(log.blockNumber) as BlockHeader;
      if (log.blockHash !== header.hash) throw new ChainMoved(`a log of block ${log.blockNumber} is of another fork`);
      const event = decode(log, header, f);
      if (!event) continue;
      const list = blocks.get(header.number) ?? [];
      list.push(event);
      blocks.set(header.number, list);
    }
    const indexed: IndexedBlock[] = [...blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([n, events]) => ({ header: headers.get(n) as BlockHeader, events: events.sort((a, b) => a.logIndex - b.logIndex) }));
    const header = headers.get(to) as BlockHeader;
    await store.commit(indexed, header);
    return { to, header, events: indexed.reduce((n, b) => n + b.events.length, 0) };
  }

  async function runRound(): Promise<PollReport> {
    const f = await following();
    const tip = await rpc.blockNumber();
    chainHead = tip;
    let head = await store.head();
    let rolledBack: PollReport["rolledBack"];
    if (head) {
      rolledBack = await reconcile(head, tip);
      if (rolledBack) head = await store.head();
    }
    const target = tip - confirmations;
    let from = head ? head.number + 1 : f.startBlock;
    let blocksIndexed = 0;
    let eventsIndexed = 0;
    try {
      while (from <= target && !stopping) {
        const done = await indexRange(from, Math.min(from + range - 1, target), head, f);
        blocksIndexed += done.to - from + 1;
        eventsIndexed += done.events;
        head = done.header;
        indexedHead = head.number;
        from = done.to + 1;
      }
    } catch (error) {
      if (!(error instanceof ChainMoved)) throw error;
      logger.info({ from, reason: error.message }, "the chain moved during the round: the next round reconciles");
    }
    indexedHead = head?.number ?? null;
    lastPollAt = Date.now();
    if (blocksIndexed > 0) logger.info({ blocksIndexed, eventsIndexed, indexedHead, chainHead: tip }, "indexed");
    return { chainHead: tip, indexedHead, blocksIndexed, eventsIndexed, rolledBack };
  }

  function poll(): Promise<PollReport> {
    const run = round.then(runRound, runRound);
    round = run.catch(() => undefined);
    return run;
  }

  function schedule(): void {
    if (state !== "running" || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      poll()
        .then(() => {
          consecutiveFailures = 0;
          lastError = null;
        })
        .catch((error: unknown) => {
          consecutiveFailures++;
          const code = isTdlError(error) ? error.code : "UNEXPECTED";
          lastError = { code, message: error instanceof Error ? error.message : String(error) };
          logger.error({ ...lastError, consecutiveFailures }, "indexer round failed: retrying");
        })
        .finally(schedule);
    }, pollIntervalMs);
  }

  return {
    start() {
      if (state === "running") return;
      state = "running";
      void store.head().then((head) => {
        if (indexedHead === null) indexedHead = head?.number ?? null;
      }, () => undefined);
      schedule();
    },

    async stop() {
      if (state !== "running") return;
      state = "stopped";
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await round;
      stopping = false;
    },

    poll,

    status() {
      const lag = indexedHead !== null && chainHead !== null ? Math.max(0, chainHead - indexedHead) : null;
      return { state, indexedHead, chainHead, lag, reorgs, lastPollAt, consecutiveFailures, lastError };
    },
  };
}

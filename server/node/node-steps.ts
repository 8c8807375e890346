import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import path from "node:path";
import { Wallet } from "ethers";
import type { Logger } from "pino";
import { createAnchorChainPort, createAnchorer, publishLogKey, type Anchorer, type ChainClient } from "../chain";
import { TdlError } from "../errors";
import type { Deployments } from "../chain/deployments";
import { createIndexer, type Indexer } from "../chain/indexer";
import type { NoteSigner } from "../log";
import { createLevelHistoryStore, type HistoryStore } from "../storage/history-store";
import type { NodeData } from "./data-dir";
import type { NodeConfig } from "./node";

/*
 * The steps of startNode (node.ts) that each start one part of the node and register how to stop it
 * in `closers` (stopped in reverse order).
 */

export type Closers = (() => Promise<void> | void)[];

/** Starts the anchorer of the log on the AccessLogAnchor contract, reconciled with the chain first. */
export async function startAnchoring(
  c: NonNullable<NodeConfig["chain"]>,
  parts: { chain: ChainClient; deployments: Deployments; data: NodeData; noteSigner: NoteSigner; noteVerifierKey: string; origin: string; logger: Logger },
  closers: Closers,
): Promise<Anchorer> {
  const contract = await parts.chain.accessLogAnchor(new Wallet(c.anchoringKey));
  const { blockNumber } = await parts.deployments.contract("AccessLogAnchor");
  const port = await createAnchorChainPort(contract, c.logId, { fromBlock: blockNumber });
  // Verifiers take the checkpoint key from the chain, not from this node: publish ours (once per key).
  await publishLogKey(contract, c.logId, parts.noteVerifierKey).then(
    (sent) => sent && parts.logger.info({ component: "log-key", logId: c.logId }, `checkpoint key of log ${c.logId} set on chain`),
    (error: unknown) => {
      if (!(error instanceof TdlError && error.code === "CHAIN_REVERT")) throw error;
      parts.logger.warn({ component: "log-key", logId: c.logId, err: error.message }, "the chain refused this node's checkpoint key: verifiers will refuse its checkpoints");
    },
  );
  const anchorer = createAnchorer({
    store: parts.data.store,
    records: parts.data.records,
    chain: port,
    noteSigner: parts.noteSigner,
    origin: parts.origin,
    everyEntries: c.everyEntries,
    everySeconds: c.everySeconds,
    logger: parts.logger.child({ component: "anchorer" }),
  });
  closers.push(() => anchorer.stop());
  await anchorer.start();
  return anchorer;
}

/** Starts the audit indexer over <data>/history, unless the config turns it off. */
export async function startAuditIndexer(
  config: NodeConfig,
  parts: { provider: ChainClient["provider"]; deployments: Deployments; logger: Logger },
  closers: Closers,
): Promise<{ indexer?: Indexer; history?: HistoryStore }> {
  if (config.indexer === false) return {};
  const history = await createLevelHistoryStore(path.join(path.resolve(config.dataDir), "history"));
  closers.push(() => history.close());
  const indexer = createIndexer({
    provider: parts.provider,
    deployments: parts.deployments,
    store: history,
    pollIntervalMs: config.indexer?.pollIntervalMs ?? 1000,
    confirmations: config.indexer?.confirmations,
    logger: parts.logger.child({ component: "indexer" }),
  });
  indexer.start();
  closers.push(() => indexer.stop());
  return { indexer, history };
}

/** Listens on host:port (default 127.0.0.1, a port the OS picks) and gives the URL it answers at. */
export async function listen(app: { listen(port: number, host: string, callback: () => void): Server }, config: NodeConfig, closers: Closers): Promise<string> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port ?? 0, config.host ?? "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return `http://${host}:${port}`;
}

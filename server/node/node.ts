import { writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { Wallet } from "ethers";
import pino, { type Logger } from "pino";
import { createAnchorChainPort, createAnchorer, createChainClient, readDeployments, type Anchorer, type ChainClient } from "../chain";
import { TdlError } from "../errors";
import { parseSignerKey, type NoteSigner } from "../log";
import { createApp } from "../http/app";
import { dataPaths, openNodeData, type NodeData } from "./data-dir";

export interface NodeConfig {
  readonly dataDir: string;
  /** The log's origin line (checkpoint origin, registered on chain). */
  readonly origin: string;
  /** "PRIVATE+KEY+<name>+<hex id>+<base64>" of the checkpoint signing key. */
  readonly noteSignerKey: string;
  /** The public twin of noteSignerKey, served in bundles. */
  readonly noteVerifierKey: string;
  readonly host?: string;
  readonly port?: number;
  readonly chain?: {
    readonly rpcUrl: string;
    readonly deploymentsDir: string;
    readonly network: string;
    readonly logId: number;
    /** Hex private key of the log's anchoring key. */
    readonly anchoringKey: string;
    readonly everyEntries?: number;
    readonly everySeconds?: number;
  };
  readonly logger?: Logger;
}

export interface RunningNode {
  readonly url: string;
  readonly data: NodeData;
  readonly anchorer?: Anchorer;
  readonly chain?: ChainClient;
  readonly noteSigner: NoteSigner;
  close(): Promise<void>;
}

/** The composition root: stores, chain client, anchorer and HTTP app wired from one config. */
export async function startNode(config: NodeConfig): Promise<RunningNode> {
  const logger = config.logger ?? pino({ level: "info" });
  const noteSigner = parseSignerKey(config.noteSignerKey);
  const data = await openNodeData(config.dataDir);
  const closers: (() => Promise<void> | void)[] = [() => data.close()];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    await writeFile(dataPaths(config.dataDir).verifierKey, `${config.noteVerifierKey}\n`);
    let anchorer: Anchorer | undefined;
    let chain: ChainClient | undefined;
    if (config.chain) {
      const c = config.chain;
      const deployments = await readDeployments(c.deploymentsDir, c.network);
      chain = await createChainClient({ rpcUrl: c.rpcUrl, deployments });
      const client = chain;
      closers.push(() => client.close());
      const contract = await chain.accessLogAnchor(new Wallet(c.anchoringKey));
      const { blockNumber } = await deployments.contract("AccessLogAnchor");
      const port = await createAnchorChainPort(contract, c.logId, { fromBlock: blockNumber });
      anchorer = createAnchorer({
        store: data.store,
        records: data.records,
        chain: port,
        noteSigner,
        origin: config.origin,
        everyEntries: c.everyEntries,
        everySeconds: c.everySeconds,
        logger: logger.child({ component: "anchorer" }),
      });
      const running = anchorer;
      closers.push(() => running.stop());
      await anchorer.start();
    }
    const app = createApp({
      store: data.store,
      anchorRecords: config.chain ? data.records : undefined,
      origin: config.origin,
      verifierKey: config.noteVerifierKey,
      anchorStatus: anchorer?.status,
      logger,
    });
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
    return { url: `http://${address}:${port}`, data, anchorer, chain, noteSigner, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error instanceof TdlError ? error : new TdlError("CONFIG_INVALID", `the node cannot start: ${String(error)}`, { cause: error });
  }
}

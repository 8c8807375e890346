import { writeFile } from "node:fs/promises";
import pino, { type Logger } from "pino";
import { createAccessPolicy, createRiskMonitor, type AccessPolicy, type AccessRulesConfig, type RiskLimits, type RiskMonitor } from "../access";
import { createChainClient, readDeployments, type Anchorer, type ChainClient } from "../chain";
import { createDisclosureReader, disclosureAddressesOf } from "../chain/disclosure-reader";
import { createDocumentReferences } from "../chain/document-references";
import { createChainGrantReader, createLedgerEventPoller, type LedgerEventPoller } from "../chain/grant-reader";
import type { Indexer } from "../chain/indexer";
import { indexedContractsOf } from "../chain/indexer-contracts";
import { TdlError } from "../errors";
import { createGateway, type Gateway } from "../gateway";
import { createRecorder } from "../gateway/recorder";
import { startDataPlane, type DataPlaneConfig } from "./data-plane";
import { parseSignerKey, type AccessLogEntry, type NoteSigner } from "../log";
import { createApp, type AppDeps } from "../http/app";
import { createStandingCheck, type Audience } from "../http/auth";
import { createMetrics } from "../http/ops-routes";
import { DEFAULT_LIMITS, type NodeLimits } from "../http/rate-limit";
import { createNonceStore, createSessionTokens } from "../http/session";
import { createGroupCommitAppender } from "../storage";
import type { HistoryStore } from "../storage/history-store";
import { createChainIdentityReader } from "../chain/identity-reader";
import { dataPaths, openNodeData, type NodeData } from "./data-dir";
import { loadSessionSecret, secretFile } from "./session-secret";
import { createUsageIndex } from "./usage-index";
import { listen, startAnchoring, startAuditIndexer, type Closers } from "./node-steps";

export interface GatewayConfig {
  /** How old a chain answer may be when a decision uses it (default 5,000 ms). Past it, unreachable chain = 503. */
  readonly maxStalenessMs?: number;
  /** Ledger event poll period (default: a third of the bound, at most 1,000 ms). */
  readonly pollIntervalMs?: number;
  readonly rules?: AccessRulesConfig;
  /** R18 limits; default: 60 s window, 5 resources, classification sum 10, level 3 combined, 6,000 accesses. */
  readonly risk?: RiskLimits;
  /** Session token lifetime (default 900 s). */
  readonly sessionTtlSeconds?: number;
  /** How long a sign-in nonce stays usable (default 300 s). */
  readonly nonceTtlSeconds?: number;
  /** Hex, >= 32 bytes. Default: TDL_SESSION_SECRET, else <data>/session.secret (generated, mode 0600). */
  readonly sessionSecret?: string;
  /** The node's URL as sign-in messages name it (domain = its host, URI = its origin). Default: the listen address. */
  readonly publicUrl?: string;
  /** Abuse limits (gateway per key and organisation, nonces and sign-in per client and address). Default: DEFAULT_LIMITS, each replaceable. */
  readonly limits?: Partial<NodeLimits>;
}

export interface NodeConfig {
  readonly dataDir: string;
  /** The log's origin line (checkpoint origin, registered on chain). */
  readonly origin: string;
  /** "PRIVATE+KEY+<name>+<hex id>+<base64>" of the checkpoint signing key (also signs access receipts). */
  readonly noteSignerKey: string;
  /** The public twin of noteSignerKey, served in bundles. */
  readonly noteVerifierKey: string;
  readonly host?: string;
  readonly port?: number;
  readonly chain?: {
    readonly rpcUrl: string;
    /** The RPC URL readers' browsers use (the dashboard's verify view); default rpcUrl. */
    readonly publicRpcUrl?: string;
    readonly deploymentsDir: string;
    readonly network: string;
    readonly logId: number;
    /** Hex private key of the log's anchoring key. */
    readonly anchoringKey: string;
    readonly everyEntries?: number;
    readonly everySeconds?: number;
  };
  /** Sign-in and the access gateway (on when `chain` is set). */
  readonly gateway?: GatewayConfig;
  /** The data plane: datasets and queries under grants (on when `chain` is set, unless false). */
  readonly dataPlane?: false | DataPlaneConfig;
  /** The audit indexer (on when `chain` is set, unless false). */
  readonly indexer?: false | { readonly pollIntervalMs?: number; readonly confirmations?: number };
  readonly logger?: Logger;
}

export interface RunningNode {
  readonly url: string;
  readonly data: NodeData;
  readonly anchorer?: Anchorer;
  readonly chain?: ChainClient;
  readonly noteSigner: NoteSigner;
  readonly policy?: AccessPolicy;
  readonly poller?: LedgerEventPoller;
  readonly gateway?: Gateway;
  readonly risk?: RiskMonitor;
  readonly indexer?: Indexer;
  readonly history?: HistoryStore;
  close(): Promise<void>;
}

const DEFAULT_RISK: RiskLimits = { windowMs: 60_000, maxResources: 5, maxClassificationSum: 10, maxLevel: 3, maxRatePerWindow: 6000 };
/** The registries whose events change a decision (AccessLogAnchor's frequent anchors change none). */
const DECISION_CONTRACTS = ["OrganizationRegistry", "QualificationRegistry", "DataCatalog", "DataApplications", "GrantRegistry"];

/** The composition root: stores, chain client, anchorer, gateway, indexer and HTTP app wired from one config. */
export async function startNode(config: NodeConfig): Promise<RunningNode> {
  const logger = config.logger ?? pino({ level: "info" });
  const noteSigner = parseSignerKey(config.noteSignerKey);
  const data = await openNodeData(config.dataDir);
  const closers: Closers = [() => data.close()];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    await writeFile(dataPaths(config.dataDir).verifierKey, `${config.noteVerifierKey}\n`);
    let anchorer: Anchorer | undefined;
    let chain: ChainClient | undefined;
    let wired: Partial<RunningNode> = {};
    let deps: Partial<AppDeps> = {};
    let listening: Audience | undefined;
    if (config.chain) {
      const c = config.chain;
      const deployments = await readDeployments(c.deploymentsDir, c.network);
      chain = await createChainClient({ rpcUrl: c.rpcUrl, deployments });
      const client = chain;
      closers.push(() => client.close());
      anchorer = await startAnchoring(c, { chain, deployments, data, noteSigner, noteVerifierKey: config.noteVerifierKey, origin: config.origin, logger }, closers);
      const running = anchorer;

      // ==== the gateway: policy over a cached chain reader, invalidated by polled ledger events ====
      const g = config.gateway ?? {};
      const provider = chain.provider;
      const address = async (name: string) => (await deployments.contract(name)).address;
      const maxStalenessMs = g.maxStalenessMs ?? 5000;
      const reader = createChainGrantReader({ provider, addresses: { grantRegistry: await address("GrantRegistry"), dataCatalog: await address("DataCatalog") } });
      const poller = createLedgerEventPoller({
        provider,
        addresses: await Promise.all(DECISION_CONTRACTS.map(address)),
        intervalMs: g.pollIntervalMs ?? Math.min(1000, Math.max(50, Math.floor(maxStalenessMs / 3))),
        onError: (error) => logger.warn({ component: "ledger-events", code: error.code, err: error.message }, "ledger event poll failed"),
      });
      const policy = createAccessPolicy({ reader, events: poller, maxStalenessMs, rules: g.rules });
      closers.push(() => policy.close());
      await poller.poll();
      poller.start();
      closers.push(() => poller.stop());
      const risk = createRiskMonitor({
        ...(g.risk ?? DEFAULT_RISK),
        onAlert: (alert) => logger.warn({ component: "risk", alert }, `risk alert ${alert.type} for organisation ${alert.org}`),
      });
      // ==== the audit indexer ====
      const { indexer, history } = await startAuditIndexer(config, { provider, deployments, logger }, closers);
      const indexerStatus = indexer?.status;
      const metrics = createMetrics({ logSize: () => data.store.size(), anchorStatus: running.status, indexerStatus });
      const onDecision = (entry: AccessLogEntry) => metrics.decisions.inc({ outcome: entry.decision, reason: entry.reason });
      // the node's one log writer: declared accesses and queries are appended and receipted together
      const requestKey = await secretFile(dataPaths(config.dataDir).requestKey, "request-digest key");
      const recorder = createRecorder({ appender: createGroupCommitAppender(data.store), hasher: data.store.hasher, noteSigner, origin: config.origin, requestKey });
      const gateway = createGateway({ policy, recorder, risk, onDecision });
      const dataPlane =
        config.dataPlane === false
          ? undefined
          : await startDataPlane(config.dataPlane ?? {}, {
              dataDir: config.dataDir,
              provider,
              addresses: {
                grantRegistry: await address("GrantRegistry"),
                dataApplications: await address("DataApplications"),
                dataCatalog: await address("DataCatalog"),
                organizationRegistry: await address("OrganizationRegistry"),
                productRegistry: await address("ProductRegistry"),
              },
              documents: data.documents,
              policy,
              recorder,
              origin: config.origin,
              risk,
              onDecision,
            }, closers);
      const secret = await loadSessionSecret(config.dataDir, g.sessionSecret);
      const limits: NodeLimits = { ...DEFAULT_LIMITS, ...g.limits };
      const identity = createChainIdentityReader(provider, {
        organizationRegistry: await address("OrganizationRegistry"),
        qualificationRegistry: await address("QualificationRegistry"),
      });
      const chainId = deployments.chainId;
      const publicUrl = g.publicUrl === undefined ? undefined : new URL(g.publicUrl);
      const audience = (): Audience => {
        if (publicUrl !== undefined) return { domain: publicUrl.host, uri: publicUrl.origin, chainId };
        if (listening === undefined) throw new TdlError("CONFIG_INVALID", "the node is not listening yet");
        return listening;
      };


      wired = { policy, poller, gateway, risk, indexer, history };
      deps = {
        auth: {
          identity,
          sessions: { ...createSessionTokens({ node: config.origin, secret, ttlSeconds: g.sessionTtlSeconds }), standing: createStandingCheck(identity, maxStalenessMs) },
          nonces: createNonceStore({ ttlMs: (g.nonceTtlSeconds ?? 300) * 1000, maxPerClient: limits.outstandingNoncesPerClient }),
          audience,
          logger: logger.child({ component: "auth" }),
        },
        gateway,
        queries: dataPlane?.queries,
        productRuns: dataPlane?.productRuns,
        datasets: dataPlane?.datasets,
        limits,
        risk,
        usage: { usage: createUsageIndex(data.store), grants: reader },
        history,
        disclosure: createDisclosureReader({ provider, addresses: await disclosureAddressesOf(deployments) }),
        documents: {
          documents: data.documents,
          isReferenced: createDocumentReferences({
            provider,
            dataCatalog: await address("DataCatalog"),
            productRegistry: await address("ProductRegistry"),
            ledgerContracts: (await indexedContractsOf(deployments)).map((contract) => contract.address),
          }).isReferenced,
        },
        metrics,
        readiness: {
          chain: () => provider.getBlockNumber(),
          storage: () => data.store.size(),
          indexer: indexerStatus,
        },
        web: {
          config: {
            rpcUrl: c.publicRpcUrl ?? c.rpcUrl,
            chainId,
            anchorContract: (await deployments.contract("AccessLogAnchor")).address,
            logId: c.logId,
            origin: config.origin,
          },
        },
      };
    }
    const app = createApp({
      ...deps,
      store: data.store,
      anchorRecords: config.chain ? data.records : undefined,
      origin: config.origin,
      verifierKey: config.noteVerifierKey,
      anchorStatus: anchorer?.status,
      logger,
    });
    const url = await listen(app, config, closers);
    if (chain !== undefined) listening = { domain: new URL(url).host, uri: new URL(url).origin, chainId: chain.chainId };
    return { url, data, anchorer, chain, noteSigner, ...wired, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error instanceof TdlError ? error : new TdlError("CONFIG_INVALID", `the node cannot start: ${String(error)}`, { cause: error });
  }
}

import { enumValues } from "../vocabulary";

/**
 * The ports the policy reads the chain through. `server/chain/grant-reader.ts` implements them over
 * ethers; tests wrap or replace them. Everything here is already parsed: numbers are numbers, hex is hex.
 */

/** The newest block the reader saw. */
export interface ChainHead {
  readonly number: number;
  /** Block timestamp, Unix seconds. */
  readonly timestamp: number;
  readonly hash?: string;
}

/** GrantRegistry's Purpose and GrantStatus, from the one vocabulary. */
export const Purpose = enumValues("Purpose");
export const GrantStatus = enumValues("GrantStatus");

/** A grant as GrantRegistry stores it, with its scenario. */
export interface GrantInfo {
  readonly grantId: number;
  readonly grantor: number;
  readonly grantee: number;
  /** 0 for the bureau's whole-catalog grant. */
  readonly parent: number;
  readonly application: number;
  /** Term, Unix seconds, both inclusive. */
  readonly start: number;
  readonly end: number;
  /** GrantStatus as stored (liveness is checkAccess's to say). */
  readonly status: number;
  /** Purpose: 0 None (whole grant), 1 PublicInterest, 2 Commercial. */
  readonly purpose: number;
  /** bytes32, lowercase 0x hex; zero for the whole grant. */
  readonly scenario: string;
  readonly agreementHash: string;
  readonly feeTermsHash: string;
}

/** What the catalog says of a resource for development (DataCatalog.developmentView). */
export interface ResourceInfo {
  readonly resourceId: number;
  readonly inOperationScope: boolean;
  readonly openForDevelopment: boolean;
  readonly fieldCount: number;
  /** Classification level 1..4; 0 for a resource the catalog does not know. */
  readonly classification: number;
}

export interface AccessQuery {
  /** Checksummed or lowercase 0x address. */
  readonly key: string;
  readonly grantId: number;
  readonly resourceId: number;
  readonly fields: bigint;
  /** Unix seconds the check is for. */
  readonly at: number;
}

/** The chain reads a decision needs. Every method rejects when the chain cannot answer. */
export interface GrantReader {
  latestBlock(): Promise<ChainHead>;
  /** GrantRegistry.checkAccess: the AccessDenial number, 0 when allowed. */
  checkAccess(query: AccessQuery): Promise<number>;
  /** The grant, or null when no grant has this id. */
  grantInfo(grantId: number): Promise<GrantInfo | null>;
  resourceInfo(resourceId: number): Promise<ResourceInfo>;
}

/** One log of a ledger contract, as much as invalidation needs. */
export interface LedgerEvent {
  readonly address: string;
  readonly blockNumber: number;
  readonly transactionHash: string;
  readonly logIndex: number;
  /** topics[0]: the event's signature hash. */
  readonly topic: string;
}

/**
 * What one poll of the chain found: the events of blocks `fromBlock..toBlock` (inclusive), possibly
 * none, as of `observedAt`. A batch with no events is a heartbeat: it says nothing changed up to
 * `toBlock`. `reorg` says the chain went back or changed under the poller; everything read is suspect.
 */
export interface LedgerEventBatch {
  readonly fromBlock: number;
  readonly toBlock: number;
  /** Timestamp of block `toBlock`, Unix seconds. */
  readonly toBlockTime: number;
  /** Local clock (ms) when the poll asked for the latest block: the state it reports is at least this fresh. */
  readonly observedAt: number;
  readonly events: readonly LedgerEvent[];
  readonly reorg: boolean;
}

/** Where the policy hears of ledger changes. Listeners are called synchronously, in block order. */
export interface ChainEvents {
  /** Returns a function that removes the listener. */
  onEvents(listener: (batch: LedgerEventBatch) => void): () => void;
}

import type { Provider } from "ethers";
import { connectContract } from "./ledger";
import { onChain } from "./revert";
import { TdlError } from "../errors";

/** What sign-in reads from the chain. Every method rejects with CHAIN_UNAVAILABLE when the chain cannot answer. */
export interface IdentityReader {
  /** OrganizationRegistry.actorOf: org 0 for a key no organisation holds. */
  actorOf(key: string): Promise<{ org: number; kind: number; status: number }>;
  /** QualificationRegistry.isQualifiedAt. */
  isQualifiedAt(org: number, at: number): Promise<boolean>;
  /** The latest block's timestamp, Unix seconds. */
  chainTime(): Promise<number>;
}

/**
 * Sign-in's chain reads (OrganizationRegistry.actorOf, QualificationRegistry.isQualifiedAt) over ethers.
 */
export function createChainIdentityReader(provider: Provider, addresses: { organizationRegistry: string; qualificationRegistry: string }): IdentityReader {
  const organizations = connectContract("OrganizationRegistry", addresses.organizationRegistry, provider);
  const qualifications = connectContract("QualificationRegistry", addresses.qualificationRegistry, provider);
  return {
    async actorOf(key) {
      const [org, kind, status] = await onChain(`OrganizationRegistry.actorOf(${key})`, () => organizations.actorOf(key));
      return { org: Number(org), kind: Number(kind), status: Number(status) };
    },
    async isQualifiedAt(org, at) {
      return onChain(`QualificationRegistry.isQualifiedAt(${org})`, () => qualifications.isQualifiedAt(org, at));
    },
    async chainTime() {
      const block = await onChain("eth_getBlockByNumber(latest)", () => provider.getBlock("latest"));
      if (block === null) throw new TdlError("CHAIN_UNAVAILABLE", "the chain returned no latest block");
      return block.timestamp;
    },
  };
}

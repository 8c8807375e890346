import type { IGrantRegistry } from "../../typechain-types/contracts/GrantRegistry";
import type { BlockTag } from "ethers";
import type { GrantInfo } from "../access/reader";
import type { ContractOf } from "./ledger";
import { onChain } from "./revert";

/*
 * The decoders of the ledger's records: what a contract's getter returns (bigints, checksummed hex)
 * as the plain record the node, the CLI and the disclosure use (numbers, lower-case hex). One
 * decoder per record, so a field added to a struct is added here once.
 */

/** `GrantRegistry.grant(id)` (IGrantRegistry.Grant), decoded: the access port's GrantInfo without the id and scenario. A status of 0 means no such grant. */
export type GrantRecord = Omit<GrantInfo, "grantId" | "scenario">;

export function grantRecord(g: IGrantRegistry.GrantStructOutput): GrantRecord {
  return {
    grantor: Number(g.grantor),
    grantee: Number(g.grantee),
    parent: Number(g.parent),
    application: Number(g.application),
    start: Number(g.start),
    end: Number(g.end),
    status: Number(g.status),
    purpose: Number(g.purpose),
    agreementHash: g.agreementHash.toLowerCase(),
    feeTermsHash: g.feeTermsHash.toLowerCase(),
  };
}

/** One resource of an application's scope, with the fields it may use (bit i = field i). */
export interface ScopedField {
  readonly resourceId: number;
  readonly fieldMask: bigint;
}

/** What a scenario grant rests on: its application's scenario and resources with their field masks. */
export interface ApplicationScope {
  readonly scenario: string;
  readonly resources: readonly ScopedField[];
}

/** The scope of an application (`DataApplications.grantBasis` and `fieldMask`), at a block. */
export async function readApplicationScope(
  applications: ContractOf<"DataApplications">,
  applicationId: number,
  blockTag: BlockTag = "latest",
): Promise<ApplicationScope> {
  const [, scenario, , , resources] = await onChain(`DataApplications.grantBasis(${applicationId})`, () => applications.grantBasis(applicationId, { blockTag }));
  const ids = resources.map(Number);
  const masks = await Promise.all(
    ids.map((r) => onChain(`DataApplications.fieldMask(${applicationId}, ${r})`, () => applications.fieldMask(applicationId, r, { blockTag }))),
  );
  return { scenario: scenario.toLowerCase(), resources: ids.map((resourceId, i) => ({ resourceId, fieldMask: masks[i] })) };
}

/** The number of fields a mask names. */
export function fieldCountOf(mask: bigint): number {
  let count = 0;
  for (let m = mask; m > 0n; m >>= 1n) count += Number(m & 1n);
  return count;
}

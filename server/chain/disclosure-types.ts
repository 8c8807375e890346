import type { ReasonCode } from "../access/reasons";

/*
 * What the public disclosure (Art. 16, 31; R21) shows: organisations with their qualification terms,
 * grants with scope and term, products and the catalog's metadata, each as the chain records it, with
 * enum values by their JSON names (server/vocabulary.ts) and "not recorded" as null.
 */

export interface DisclosedQualification {
  readonly id: number;
  readonly role: string;
  readonly state: string;
  /** Term, chain seconds; null before activation. */
  readonly validFrom: number | null;
  readonly validUntil: number | null;
  /** Active and inside its term at the snapshot's block time. */
  readonly qualifiedNow: boolean;
  readonly agreementHash: string | null;
  readonly securityCommitmentHash: string | null;
}

export interface DisclosedOrganization {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly status: string;
  readonly registeredAt: number;
  /** Hash of the unified social credit code (统一社会信用代码). */
  readonly creditCodeHash: string;
  readonly keyCount: number;
  /** The organisation's current qualification (operators and developers), or null. */
  readonly qualification: DisclosedQualification | null;
  /** Its renewal application in progress (Art. 15: a new application inside the renewal window), or null. */
  readonly renewal: { readonly id: number; readonly state: string } | null;
}

export interface ScopedResource {
  readonly resourceId: number;
  /** Field mask as 0x-hex: bit i is field i of the resource's field list. */
  readonly fieldMask: string;
  readonly fieldCount: number;
}

export type GrantScope =
  /** The bureau's whole-catalog grant: every field of every resource in the operator's scope. */
  | { readonly kind: "wholeCatalog"; readonly resources: readonly ScopedResource[] }
  /** A scenario grant: the resources and fields its approved application named. */
  | { readonly kind: "scenario"; readonly resources: readonly ScopedResource[] };

export interface DisclosedGrant {
  readonly id: number;
  readonly grantor: number;
  readonly grantorName: string | null;
  readonly grantee: number;
  readonly granteeName: string | null;
  /** null for the bureau's whole-catalog grant. */
  readonly parent: number | null;
  readonly application: number | null;
  /** keccak256 of the scenario name; null for the whole grant. */
  readonly scenario: string | null;
  readonly purpose: string;
  /** Term, chain seconds, both inclusive. */
  readonly start: number;
  readonly end: number;
  /** Status as stored: active, suspended, revoked. */
  readonly status: string;
  /** Live at the snapshot's block time (status, term, both parties and the whole chain up to the bureau). */
  readonly live: boolean;
  /** Why it is not live ("ALLOWED" when it is), in the gateway's reason codes. */
  readonly denial: ReasonCode;
  readonly agreementHash: string;
  readonly feeTermsHash: string | null;
  readonly scope: GrantScope;
}

export interface DisclosedProduct {
  readonly id: number;
  readonly developer: number;
  readonly developerName: string | null;
  readonly grantId: number;
  readonly version: number;
  readonly form: string;
  readonly state: string;
  readonly metadataHash: string;
  /** 登记号 (Art. 11), null until the bureau records it. */
  readonly registrationNumber: string | null;
  /** The data exchange's registration (Art. 20), null until recorded. */
  readonly exchangeRegistrationNumber: string | null;
  readonly sources: readonly number[];
  /** Whether the product may be used at the snapshot's block time, and why not. */
  readonly usability: string;
}

export interface DisclosedResource {
  readonly id: number;
  /** The catalog code (a hash on chain). */
  readonly code: string;
  readonly source: number;
  readonly sourceName: string | null;
  readonly version: number;
  readonly inOperationScope: boolean;
  readonly openForDevelopment: boolean;
  readonly registrationNumber: string | null;
  readonly metadataHash: string;
  readonly fieldListHash: string;
  readonly fieldCount: number;
  /** 分级: 1 (public) .. 4 (most sensitive). */
  readonly classification: number;
  /** Seconds between scheduled updates; 0 means on change. */
  readonly updateInterval: number;
  readonly updatedAt: number;
}

export interface Disclosure {
  /** The block the snapshot was read at (its number and time). */
  readonly block: { readonly number: number; readonly timestamp: number };
  readonly organizations: readonly DisclosedOrganization[];
  readonly grants: readonly DisclosedGrant[];
  readonly products: readonly DisclosedProduct[];
  readonly resources: readonly DisclosedResource[];
}


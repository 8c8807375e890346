import type { Provider } from "ethers";
import {
  DataApplications__factory,
  DataCatalog__factory,
  GrantRegistry__factory,
  OrganizationRegistry__factory,
  ProductRegistry__factory,
  QualificationRegistry__factory,
} from "../../typechain-types";
import { denialCode, type ReasonCode } from "../access/reasons";
import { TdlError } from "../errors";
import type { Deployments } from "./deployments";
import { onChain } from "./revert";

/*
 * The public disclosure (Art. 16, 31; R21) read straight from the chain: organisations with their
 * qualification terms, grants with scope and term, products, and the catalog's metadata. The chain
 * holds hashes where the law keeps documents off chain (agreements, metadata, credit codes); they are
 * disclosed as the hashes they are. One snapshot of everything is read at a time and kept for a short
 * while, so a burst of public requests costs one round of chain reads.
 */

// ==== enum names (contracts/common/Types.sol; index = the enum's number, append only) ====

const ORG_KINDS = ["none", "bureau", "dataSource", "operator", "developer", "businessSupervisor", "securitySupervisor", "industryAuthority", "platform", "assessor"] as const;
const ORG_STATUSES = ["none", "active", "suspended", "closed"] as const;
const QUALIFICATION_STATES = ["none", "applied", "reviewed", "decided", "inNotice", "active", "suspended", "terminated", "revoked", "rejected"] as const;
const PURPOSES = ["none", "publicInterest", "commercial"] as const;
const GRANT_STATUSES = ["none", "active", "suspended", "revoked"] as const;
const PRODUCT_FORMS = ["none", "dataComponent", "dataModel", "dataVerification", "dataService", "dataTool", "dataReport"] as const;
const PRODUCT_STATES = ["none", "registered", "inReview", "published", "rejected", "suspended", "delisted"] as const;
const PRODUCT_DENIALS = ["usable", "unknownProduct", "notPublished", "suspended", "delisted", "grantNotLive"] as const;

export const DISCLOSURE_ENUMS = {
  orgKind: ORG_KINDS,
  orgStatus: ORG_STATUSES,
  qualificationState: QUALIFICATION_STATES,
  purpose: PURPOSES,
  grantStatus: GRANT_STATUSES,
  productForm: PRODUCT_FORMS,
  productState: PRODUCT_STATES,
} as const;

/** The name of enum value `n`; a value past the table (a newer contract) is "unknown(n)", never guessed. */
function nameOf<T extends string>(names: readonly T[], n: bigint | number): T | `unknown(${number})` {
  const i = Number(n);
  return i >= 0 && i < names.length ? names[i] : `unknown(${i})`;
}

const hash = (value: string): string => value.toLowerCase();
/** A zero hash or time means "not recorded": null rather than a fake value. */
const hashOrNull = (value: string): string | null => (/^0x0*$/.test(value) ? null : value.toLowerCase());
const timeOrNull = (value: bigint | number): number | null => (Number(value) === 0 ? null : Number(value));

// ==== what is disclosed ====

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

export interface DisclosureReader {
  /** The latest snapshot, read again when older than the cache bound. Rejects with CHAIN_UNAVAILABLE when the chain cannot answer. */
  snapshot(): Promise<Disclosure>;
}

export interface DisclosureAddresses {
  readonly organizationRegistry: string;
  readonly qualificationRegistry: string;
  readonly dataCatalog: string;
  readonly dataApplications: string;
  readonly grantRegistry: string;
  readonly productRegistry: string;
}

export interface DisclosureReaderOptions {
  readonly provider: Provider;
  readonly addresses: DisclosureAddresses;
  /** How long a snapshot is served before the chain is read again. Default 5,000 ms. */
  readonly cacheMs?: number;
  /** Chain calls in flight at once while reading a snapshot. Default 16. */
  readonly concurrency?: number;
  readonly clock?: { now(): number };
}

/** The contract addresses the disclosure reads, from deployments/. */
export async function disclosureAddressesOf(deployments: Deployments): Promise<DisclosureAddresses> {
  const address = async (name: string): Promise<string> => (await deployments.contract(name)).address;
  const [organizationRegistry, qualificationRegistry, dataCatalog, dataApplications, grantRegistry, productRegistry] = await Promise.all(
    ["OrganizationRegistry", "QualificationRegistry", "DataCatalog", "DataApplications", "GrantRegistry", "ProductRegistry"].map(address),
  );
  return { organizationRegistry, qualificationRegistry, dataCatalog, dataApplications, grantRegistry, productRegistry };
}

/** 1..count mapped with at most `limit` calls in flight, results in id order. */
async function eachId<T>(count: number, limit: number, read: (id: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 1;
  const worker = async (): Promise<void> => {
    while (next <= count) {
      const id = next++;
      out[id - 1] = await read(id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

const toHexMask = (mask: bigint): string => `0x${mask.toString(16)}`;
const allFields = (fieldCount: number): bigint => (fieldCount >= 256 ? (1n << 256n) - 1n : (1n << BigInt(fieldCount)) - 1n);

export function createDisclosureReader(options: DisclosureReaderOptions): DisclosureReader {
  const { provider, addresses } = options;
  const cacheMs = options.cacheMs ?? 5000;
  const limit = options.concurrency ?? 16;
  const clock = options.clock ?? { now: () => Date.now() };
  const organizations = OrganizationRegistry__factory.connect(addresses.organizationRegistry, provider);
  const qualifications = QualificationRegistry__factory.connect(addresses.qualificationRegistry, provider);
  const catalog = DataCatalog__factory.connect(addresses.dataCatalog, provider);
  const applications = DataApplications__factory.connect(addresses.dataApplications, provider);
  const grants = GrantRegistry__factory.connect(addresses.grantRegistry, provider);
  const products = ProductRegistry__factory.connect(addresses.productRegistry, provider);

  async function readOrganization(id: number, at: number): Promise<DisclosedOrganization> {
    const [o, qualificationId] = await Promise.all([
      onChain(`OrganizationRegistry.organization(${id})`, () => organizations.organization(id)),
      onChain(`QualificationRegistry.currentQualification(${id})`, () => qualifications.currentQualification(id)),
    ]);
    let qualification: DisclosedQualification | null = null;
    if (Number(qualificationId) !== 0) {
      const q = await onChain(`QualificationRegistry.qualification(${qualificationId})`, () => qualifications.qualification(qualificationId));
      const state = nameOf(QUALIFICATION_STATES, q.state);
      qualification = {
        id: Number(qualificationId),
        role: nameOf(ORG_KINDS, q.role),
        state,
        validFrom: timeOrNull(q.validFrom),
        validUntil: timeOrNull(q.validUntil),
        qualifiedNow: state === "active" && at >= Number(q.validFrom) && at <= Number(q.validUntil),
        agreementHash: hashOrNull(q.agreementHash),
        securityCommitmentHash: hashOrNull(q.securityCommitmentHash),
      };
    }
    return {
      id,
      name: o.name,
      kind: nameOf(ORG_KINDS, o.kind),
      status: nameOf(ORG_STATUSES, o.status),
      registeredAt: Number(o.registeredAt),
      creditCodeHash: hash(o.creditCodeHash),
      keyCount: Number(o.keyCount),
      qualification,
    };
  }

  async function readResource(id: number): Promise<Omit<DisclosedResource, "sourceName">> {
    const r = await onChain(`DataCatalog.resource(${id})`, () => catalog.resource(id));
    const v = await onChain(`DataCatalog.resourceVersion(${id}, ${r.version})`, () => catalog.resourceVersion(id, r.version));
    return {
      id,
      code: hash(r.code),
      source: Number(r.source),
      version: Number(r.version),
      inOperationScope: r.inOperationScope,
      openForDevelopment: r.openForDevelopment && r.inOperationScope,
      registrationNumber: r.registrationNumber === "" ? null : r.registrationNumber,
      metadataHash: hash(v.metadataHash),
      fieldListHash: hash(v.fieldListHash),
      fieldCount: Number(v.fieldCount),
      classification: Number(v.classification),
      updateInterval: Number(v.updateInterval),
      updatedAt: Number(v.updatedAt),
    };
  }

  async function readGrant(id: number, at: number, inScope: readonly ScopedResource[]): Promise<Omit<DisclosedGrant, "grantorName" | "granteeName">> {
    const [g, denial, scenario] = await Promise.all([
      onChain(`GrantRegistry.grant(${id})`, () => grants.grant(id)),
      onChain(`GrantRegistry.denialOf(${id})`, () => grants.denialOf(id, at)),
      onChain(`GrantRegistry.scenarioOf(${id})`, () => grants.scenarioOf(id)),
    ]);
    const applicationId = Number(g.application);
    let scope: GrantScope;
    if (applicationId === 0) {
      scope = { kind: "wholeCatalog", resources: inScope };
    } else {
      const application = await onChain(`DataApplications.application(${applicationId})`, () => applications.application(applicationId));
      const resources = await Promise.all(
        application.resources.map(async (resourceId) => {
          const mask = await onChain(`DataApplications.fieldMask(${applicationId}, ${resourceId})`, () => applications.fieldMask(applicationId, resourceId));
          let fieldCount = 0;
          for (let m = mask; m > 0n; m >>= 1n) fieldCount += Number(m & 1n);
          return { resourceId: Number(resourceId), fieldMask: toHexMask(mask), fieldCount };
        }),
      );
      scope = { kind: "scenario", resources };
    }
    const code = denialCode(Number(denial));
    return {
      id,
      grantor: Number(g.grantor),
      grantee: Number(g.grantee),
      parent: Number(g.parent) === 0 ? null : Number(g.parent),
      application: applicationId === 0 ? null : applicationId,
      scenario: hashOrNull(scenario),
      purpose: nameOf(PURPOSES, g.purpose),
      start: Number(g.start),
      end: Number(g.end),
      status: nameOf(GRANT_STATUSES, g.status),
      live: code === "ALLOWED",
      denial: code,
      agreementHash: hash(g.agreementHash),
      feeTermsHash: hashOrNull(g.feeTermsHash),
      scope,
    };
  }

  async function readProduct(id: number, at: number): Promise<Omit<DisclosedProduct, "developerName">> {
    const [p, usability] = await Promise.all([
      onChain(`ProductRegistry.product(${id})`, () => products.product(id)),
      onChain(`ProductRegistry.usability(${id})`, () => products.usability(id, at)),
    ]);
    return {
      id,
      developer: Number(p.developer),
      grantId: Number(p.grantId),
      version: Number(p.version),
      form: nameOf(PRODUCT_FORMS, p.form),
      state: nameOf(PRODUCT_STATES, p.state),
      metadataHash: hash(p.metadataHash),
      registrationNumber: p.registrationNumber === "" ? null : p.registrationNumber,
      exchangeRegistrationNumber: p.exchangeRegistrationNumber === "" ? null : p.exchangeRegistrationNumber,
      sources: p.sources.map(Number),
      usability: nameOf(PRODUCT_DENIALS, usability[0]),
    };
  }

  async function read(): Promise<Disclosure> {
    const block = await onChain("eth_getBlockByNumber(latest)", () => provider.getBlock("latest"));
    if (block === null) throw new TdlError("CHAIN_UNAVAILABLE", "the chain returned no latest block");
    const at = block.timestamp;
    const [orgCount, resourceCount, grantCount, productCount] = (
      await Promise.all([
        onChain("OrganizationRegistry.organizationCount", () => organizations.organizationCount()),
        onChain("DataCatalog.resourceCount", () => catalog.resourceCount()),
        onChain("GrantRegistry.grantCount", () => grants.grantCount()),
        onChain("ProductRegistry.productCount", () => products.productCount()),
      ])
    ).map(Number);

    const orgs = await eachId(orgCount, limit, (id) => readOrganization(id, at));
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    const nameOfOrg = (id: number): string | null => names.get(id) ?? null;
    const resources = (await eachId(resourceCount, limit, readResource)).map((r) => ({ ...r, sourceName: nameOfOrg(r.source) }));
    const inScope = resources
      .filter((r) => r.inOperationScope)
      .map((r) => ({ resourceId: r.id, fieldMask: toHexMask(allFields(r.fieldCount)), fieldCount: r.fieldCount }));
    const grantList = (await eachId(grantCount, limit, (id) => readGrant(id, at, inScope))).map((g) => ({
      ...g,
      grantorName: nameOfOrg(g.grantor),
      granteeName: nameOfOrg(g.grantee),
    }));
    const productList = (await eachId(productCount, limit, (id) => readProduct(id, at))).map((p) => ({ ...p, developerName: nameOfOrg(p.developer) }));
    return { block: { number: block.number, timestamp: at }, organizations: orgs, grants: grantList, products: productList, resources };
  }

  let cached: { at: number; value: Disclosure } | undefined;
  let reading: Promise<Disclosure> | undefined;

  return {
    snapshot() {
      if (cached && clock.now() - cached.at < cacheMs) return Promise.resolve(cached.value);
      // concurrent requests share one read; a failed read is not kept
      reading ??= read()
        .then((value) => {
          cached = { at: clock.now(), value };
          return value;
        })
        .finally(() => {
          reading = undefined;
        });
      return reading;
    },
  };
}

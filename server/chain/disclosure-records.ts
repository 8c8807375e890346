import { denialCode } from "../access/reasons";
import { jsonNames, type EnumName } from "../vocabulary";
import type { DisclosedGrant, DisclosedOrganization, DisclosedProduct, DisclosedQualification, DisclosedResource, GrantScope, ScopedResource } from "./disclosure-types";
import type { Ledger } from "./ledger";
import { fieldCountOf, grantRecord, readApplicationScope } from "./records";
import { onChain } from "./revert";

/*
 * One disclosed record read from the chain: an organisation with its qualification, a resource, a
 * grant with its scope, a product. The reader (disclosure-reader.ts) reads them all for one snapshot.
 */

/** The contracts the disclosure reads. */
export type DisclosureContracts = Pick<Ledger, "organizations" | "qualifications" | "catalog" | "applications" | "grants" | "products">;

/** The JSON names of the enums the disclosure shows and filters by (index = the enum's value). */
export const DISCLOSURE_ENUMS = {
  orgKind: jsonNames("OrgKind"),
  orgStatus: jsonNames("OrgStatus"),
  qualificationState: jsonNames("QualificationState"),
  purpose: jsonNames("Purpose"),
  grantStatus: jsonNames("GrantStatus"),
  productForm: jsonNames("ProductForm"),
  productState: jsonNames("ProductState"),
} as const;

/** A product's usability: "usable", or why not. */
const PRODUCT_USABILITY = ["usable", ...jsonNames("ProductDenial").slice(1)];

/** The name of enum value `n`; a value past the table (a newer contract) is "unknown(n)", never guessed. */
function nameOf(names: readonly string[], n: bigint | number): string {
  const i = Number(n);
  return i >= 0 && i < names.length ? names[i] : `unknown(${i})`;
}
const named = (name: EnumName, n: bigint | number): string => nameOf(jsonNames(name), n);

const hash = (value: string): string => value.toLowerCase();
/** A zero hash or time means "not recorded": null rather than a fake value. */
const hashOrNull = (value: string): string | null => (/^0x0*$/.test(value) ? null : value.toLowerCase());
const timeOrNull = (value: bigint | number): number | null => (Number(value) === 0 ? null : Number(value));
const textOrNull = (value: string): string | null => (value === "" ? null : value);

export const toHexMask = (mask: bigint): string => `0x${mask.toString(16)}`;
export const allFields = (fieldCount: number): bigint => (fieldCount >= 256 ? (1n << 256n) - 1n : (1n << BigInt(fieldCount)) - 1n);

/** An organisation and its current qualification, judged at chain time `at`. */
export async function readOrganization(c: DisclosureContracts, id: number, at: number): Promise<DisclosedOrganization> {
  const [o, qualificationId, renewalId] = await Promise.all([
    onChain(`OrganizationRegistry.organization(${id})`, () => c.organizations.organization(id)),
    onChain(`QualificationRegistry.currentQualification(${id})`, () => c.qualifications.currentQualification(id)),
    onChain(`QualificationRegistry.pendingRenewal(${id})`, () => c.qualifications.pendingRenewal(id)),
  ]);
  const renewal =
    Number(renewalId) === 0
      ? null
      : { id: Number(renewalId), state: named("QualificationState", (await onChain(`QualificationRegistry.qualification(${renewalId})`, () => c.qualifications.qualification(renewalId))).state) };
  let qualification: DisclosedQualification | null = null;
  if (Number(qualificationId) !== 0) {
    const q = await onChain(`QualificationRegistry.qualification(${qualificationId})`, () => c.qualifications.qualification(qualificationId));
    const state = named("QualificationState", q.state);
    qualification = {
      id: Number(qualificationId),
      role: named("OrgKind", q.role),
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
    kind: named("OrgKind", o.kind),
    status: named("OrgStatus", o.status),
    registeredAt: Number(o.registeredAt),
    creditCodeHash: hash(o.creditCodeHash),
    keyCount: Number(o.keyCount),
    qualification,
    renewal,
  };
}

/** A catalog resource at its current version. */
export async function readResource(c: DisclosureContracts, id: number): Promise<Omit<DisclosedResource, "sourceName">> {
  const r = await onChain(`DataCatalog.resource(${id})`, () => c.catalog.resource(id));
  const v = await onChain(`DataCatalog.resourceVersion(${id}, ${r.version})`, () => c.catalog.resourceVersion(id, r.version));
  return {
    id,
    code: hash(r.code),
    source: Number(r.source),
    version: Number(r.version),
    inOperationScope: r.inOperationScope,
    openForDevelopment: r.openForDevelopment && r.inOperationScope,
    registrationNumber: textOrNull(r.registrationNumber),
    metadataHash: hash(v.metadataHash),
    fieldListHash: hash(v.fieldListHash),
    fieldCount: Number(v.fieldCount),
    classification: Number(v.classification),
    updateInterval: Number(v.updateInterval),
    updatedAt: Number(v.updatedAt),
  };
}

/** A grant, live or not at `at`, with its scope; the whole-catalog grant covers `inScope`. */
export async function readGrant(c: DisclosureContracts, id: number, at: number, inScope: readonly ScopedResource[]): Promise<Omit<DisclosedGrant, "grantorName" | "granteeName">> {
  const [raw, denial, scenario] = await Promise.all([
    onChain(`GrantRegistry.grant(${id})`, () => c.grants.grant(id)),
    onChain(`GrantRegistry.denialOf(${id})`, () => c.grants.denialOf(id, at)),
    onChain(`GrantRegistry.scenarioOf(${id})`, () => c.grants.scenarioOf(id)),
  ]);
  const g = grantRecord(raw);
  let scope: GrantScope;
  if (g.application === 0) {
    scope = { kind: "wholeCatalog", resources: inScope };
  } else {
    const { resources } = await readApplicationScope(c.applications, g.application);
    scope = { kind: "scenario", resources: resources.map((r) => ({ resourceId: r.resourceId, fieldMask: toHexMask(r.fieldMask), fieldCount: fieldCountOf(r.fieldMask) })) };
  }
  const code = denialCode(Number(denial));
  return {
    id,
    grantor: g.grantor,
    grantee: g.grantee,
    parent: g.parent === 0 ? null : g.parent,
    application: g.application === 0 ? null : g.application,
    scenario: hashOrNull(scenario),
    purpose: named("Purpose", g.purpose),
    start: g.start,
    end: g.end,
    status: named("GrantStatus", g.status),
    live: code === "ALLOWED",
    denial: code,
    agreementHash: g.agreementHash,
    feeTermsHash: hashOrNull(g.feeTermsHash),
    scope,
  };
}

/** A product and whether it may be used at `at`. */
export async function readProduct(c: DisclosureContracts, id: number, at: number): Promise<Omit<DisclosedProduct, "developerName">> {
  const [p, usability] = await Promise.all([
    onChain(`ProductRegistry.product(${id})`, () => c.products.product(id)),
    onChain(`ProductRegistry.usability(${id})`, () => c.products.usability(id, at)),
  ]);
  return {
    id,
    developer: Number(p.developer),
    grantId: Number(p.grantId),
    version: Number(p.version),
    form: named("ProductForm", p.form),
    state: named("ProductState", p.state),
    metadataHash: hash(p.metadataHash),
    registrationNumber: textOrNull(p.registrationNumber),
    exchangeRegistrationNumber: textOrNull(p.exchangeRegistrationNumber),
    sources: p.sources.map(Number),
    usability: nameOf(PRODUCT_USABILITY, usability[0]),
  };
}

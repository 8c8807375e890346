/**
 * Decisions signed offline (EIP-712), the TypeScript side: a staff key signs a registry call, an official
 * signs a collective decision, a grantor signs a grant certificate; anyone verifies a certificate offline.
 * Typed-data definitions mirror contracts/common/SignedCalls.sol, OrganizationRegistry.sol and GrantRegistry.sol.
 * Only `domainOf`, `nextNonce` and `grantCertificate` read the chain (and the signers, when handed a contract
 * rather than a domain read earlier); everything else is pure or signs, so an office with no network can sign.
 */
import { TypedDataEncoder, getAddress, verifyTypedData, type Signer, type TypedDataDomain } from "ethers";
import type { Ledger } from "./ledger";
import { grantRecord, readApplicationScope } from "./records";

export const SIGNED_CALL_TYPES = {
  SignedCall: [
    { name: "signer", type: "address" },
    { name: "data", type: "bytes" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

export const DECISION_APPROVAL_TYPES = {
  DecisionApproval: [
    { name: "decisionId", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

export const GRANT_CERTIFICATE_TYPES = {
  GrantCertificate: [
    { name: "grantId", type: "uint32" },
    { name: "grantor", type: "uint32" },
    { name: "grantee", type: "uint32" },
    { name: "parent", type: "uint32" },
    { name: "scenario", type: "bytes32" },
    { name: "resources", type: "uint32[]" },
    { name: "fieldMasks", type: "uint256[]" },
    { name: "start", type: "uint40" },
    { name: "end", type: "uint40" },
    { name: "agreementHash", type: "bytes32" },
  ],
};

/** Any registry: each exposes OpenZeppelin's EIP-5267 `eip712Domain()` and keyed `nonces(owner, key)`. */
export interface Eip712Contract {
  eip712Domain(): Promise<{ name: string; version: string; chainId: bigint; verifyingContract: string }>;
}
export interface KeyedNonces {
  "nonces(address,uint192)"(owner: string, key: bigint): Promise<bigint>;
}

/** When a signature may be used: the signer's keyed nonce (`key << 64 | sequence`) and the last valid second. */
export interface SignatureTerms {
  nonce: bigint;
  deadline: bigint;
}

/** A registry call signed offline: the arguments of `executeSigned`, in order. */
export interface SignedCall extends SignatureTerms {
  signer: string;
  data: string;
  signature: string;
}

/** One official's signed approval: an element of `approveDecisionBySignatures`' array. */
export interface SignedApproval extends SignatureTerms {
  official: string;
  signature: string;
}

/** The fields of a grant as the chain records them, the value of the `GrantCertificate` type. */
export interface GrantCertificateValue {
  grantId: number;
  grantor: number;
  grantee: number;
  parent: number;
  scenario: string;
  resources: number[];
  fieldMasks: bigint[];
  start: number;
  end: number;
  agreementHash: string;
}

/** A grant certificate with the domain (chain and GrantRegistry) it is bound to. */
export interface GrantCertificate {
  domain: TypedDataDomain;
  value: GrantCertificateValue;
}

/** Where a signature's domain comes from: the contract (read now) or a domain read earlier (signing offline). */
export type DomainSource = Eip712Contract | TypedDataDomain;

/** The contract's EIP-712 domain, read from the chain. */
export async function domainOf(contract: Eip712Contract): Promise<TypedDataDomain> {
  const d = await contract.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}

async function resolveDomain(source: DomainSource): Promise<TypedDataDomain> {
  return "eip712Domain" in source ? domainOf(source) : source;
}

/** The keyed nonce `key << 64 | sequence`. */
export function keyedNonce(key: bigint, sequence: bigint): bigint {
  return (key << 64n) | sequence;
}

/** The next unused nonce of `signer` in lane `key`, as the contract expects it. */
export async function nextNonce(contract: KeyedNonces, signer: string, key = 0n): Promise<bigint> {
  return contract["nonces(address,uint192)"](signer, key);
}

/**
 * `key` signs `data` (calldata of a function of the domain's contract) for anyone to submit with `executeSigned`.
 * `account` is the signer named on chain when it differs from the key: an ERC-1271 contract the key signs for.
 */
export async function signCall(
  key: Signer,
  contract: DomainSource,
  data: string,
  terms: SignatureTerms & { account?: string },
): Promise<SignedCall> {
  const signer = getAddress(terms.account ?? (await key.getAddress()));
  const value = { signer, data, nonce: terms.nonce, deadline: terms.deadline };
  const signature = await key.signTypedData(await resolveDomain(contract), SIGNED_CALL_TYPES, value);
  return { signer, data, nonce: terms.nonce, deadline: terms.deadline, signature };
}

/** The arguments of `executeSigned(signer, data, nonce, deadline, signature)`. */
export function executeSignedArgs(call: SignedCall): [string, string, bigint, bigint, string] {
  return [call.signer, call.data, call.nonce, call.deadline, call.signature];
}

/** An official signs its approval of a collective decision, in the OrganizationRegistry's domain. */
export async function signDecisionApproval(
  official: Signer,
  organizations: DomainSource,
  decisionId: string,
  terms: SignatureTerms,
): Promise<SignedApproval> {
  const value = { decisionId, nonce: terms.nonce, deadline: terms.deadline };
  const signature = await official.signTypedData(await resolveDomain(organizations), DECISION_APPROVAL_TYPES, value);
  return { official: await official.getAddress(), nonce: terms.nonce, deadline: terms.deadline, signature };
}

/** Approvals in the order `approveDecisionBySignatures` requires: ascending official address. */
export function inOfficialOrder(approvals: SignedApproval[]): SignedApproval[] {
  const key = (a: SignedApproval) => BigInt(a.official);
  return [...approvals].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The certificate of a grant, built from what the chain records (grant, scenario, scope of its application). */
export async function grantCertificate(ledger: Pick<Ledger, "grants" | "applications">, grantId: number): Promise<GrantCertificate> {
  const g = grantRecord(await ledger.grants.grant(grantId));
  const scope = g.application === 0 ? { scenario: `0x${"00".repeat(32)}`, resources: [] } : await readApplicationScope(ledger.applications, g.application);
  return {
    domain: await domainOf(ledger.grants),
    value: {
      grantId,
      grantor: g.grantor,
      grantee: g.grantee,
      parent: g.parent,
      scenario: scope.scenario,
      resources: scope.resources.map((r) => r.resourceId),
      fieldMasks: scope.resources.map((r) => r.fieldMask),
      start: g.start,
      end: g.end,
      agreementHash: g.agreementHash,
    },
  };
}

/** The certificate's EIP-712 digest: what `grantCertificateDigest` computes on chain. */
export function grantCertificateHash(cert: GrantCertificate): string {
  return TypedDataEncoder.hash(cert.domain, GRANT_CERTIFICATE_TYPES, cert.value);
}

/** A grantor's staff key signs a grant certificate. */
export async function signGrantCertificate(key: Signer, cert: GrantCertificate): Promise<string> {
  return key.signTypedData(cert.domain, GRANT_CERTIFICATE_TYPES, cert.value);
}

/** Offline check: the certificate was signed by `expectedSigner` (an EOA key of the grantor). No chain needed. */
export function verifyGrantCertificateOffline(cert: GrantCertificate, signature: string, expectedSigner: string): boolean {
  let recovered: string;
  try {
    recovered = verifyTypedData(cert.domain, GRANT_CERTIFICATE_TYPES, cert.value, signature);
  } catch {
    return false; // malformed signature
  }
  return recovered === getAddress(expectedSigner);
}

/** JSON text for signed material: bigints as decimal strings (read back with the `parse*` functions). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

function field<T>(o: Record<string, unknown>, name: string, check: (v: unknown) => v is T): T {
  const v = o[name];
  if (!check(v)) throw new Error(`signed material: field ${name} is missing or malformed`);
  return v;
}
const isHex = (v: unknown): v is string => typeof v === "string" && /^0x([0-9a-fA-F]{2})*$/.test(v);
const isUint = (v: unknown): v is string | number => (typeof v === "string" && /^\d+$/.test(v)) || (typeof v === "number" && Number.isSafeInteger(v) && v >= 0);
const isList = (v: unknown): v is unknown[] => Array.isArray(v);
const asObject = (json: string): Record<string, unknown> => {
  const o: unknown = JSON.parse(json);
  if (typeof o !== "object" || o === null) throw new Error("signed material: not a JSON object");
  return o as Record<string, unknown>;
};

/** A signed call read back from `toJson`. */
export function parseSignedCall(json: string): SignedCall {
  const o = asObject(json);
  return {
    signer: getAddress(field(o, "signer", isHex)),
    data: field(o, "data", isHex),
    nonce: BigInt(field(o, "nonce", isUint)),
    deadline: BigInt(field(o, "deadline", isUint)),
    signature: field(o, "signature", isHex),
  };
}

/** A grant certificate read back from `toJson`. */
export function parseGrantCertificate(json: string): GrantCertificate {
  const o = asObject(json);
  const d = field(o, "domain", (v): v is Record<string, unknown> => typeof v === "object" && v !== null);
  const v = field(o, "value", (x): x is Record<string, unknown> => typeof x === "object" && x !== null);
  const uint = (name: string) => Number(field(v, name, isUint));
  const list = (name: string) => field(v, name, isList).map((x) => {
    if (!isUint(x)) throw new Error(`signed material: ${name} holds a non-integer`);
    return BigInt(x);
  });
  return {
    domain: {
      name: field(d, "name", (x): x is string => typeof x === "string"),
      version: field(d, "version", (x): x is string => typeof x === "string"),
      chainId: BigInt(field(d, "chainId", isUint)),
      verifyingContract: getAddress(field(d, "verifyingContract", isHex)),
    },
    value: {
      grantId: uint("grantId"),
      grantor: uint("grantor"),
      grantee: uint("grantee"),
      parent: uint("parent"),
      scenario: field(v, "scenario", isHex),
      resources: list("resources").map(Number),
      fieldMasks: list("fieldMasks"),
      start: uint("start"),
      end: uint("end"),
      agreementHash: field(v, "agreementHash", isHex),
    },
  };
}

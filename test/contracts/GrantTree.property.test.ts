/**
 * Property tests of the grant tree (issue 2, DESIGN.md "Invariants the contracts hold").
 *
 * Each run restores a district snapshot (three qualified developers, the whole grant, one scenario grant)
 * and replays a random sequence of commands: applications and both reviews, scenario and whole grants,
 * grant, organisation and qualification suspensions, reinstatements and revocations, renewals inside
 * and outside the window, catalog changes and time jumps from a day to years. A command the contracts
 * refuse must revert with one of their custom errors (never a panic, a string or an empty revert), and
 * after every step the invariants are read back from the chain:
 *   (a) no live child under a dead parent;
 *   (b) a live grant's term lies inside its parent's and is no longer than MaxTerm;
 *   (c) no scenario grant reaches a resource or field outside its application, a live child's scope
 *       lies inside its parent's, and every application mask fits its resource's field count;
 *   (d) at most one live grant per (developer, scenario);
 *   (e) a grant whose grantee (or grantor) organisation is not active, or whose qualification is not
 *       active, is never live.
 * Each invariant was shown able to fail against mutants of the contracts built in a scratch copy (never
 * committed), each removing the check one invariant guards; every mutant failed this file with that
 * invariant's message and a shrunk counterexample, within the first 1-38 of the 200 runs:
 *   (a) _denial without the parent walk; (b) issueScenarioGrant without the term-inside-parent check, and
 *   _requireTerms without the MaxTerm check; (c) _scopeDenial without the field-mask test, and submit
 *   without the field-count test; (d) issueScenarioGrant without the one-live-grant check; (e) _denial
 *   without the organisation-status check, and without the grantee-qualification check.
 *
 * FC_RUNS overrides the run count and TDL_SEED the seed (test/helpers/seed.ts), e.g. to replay a reported counterexample.
 */
import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../helpers/seed";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Interface, Signer } from "ethers";
import { advanceTime, districtFixture } from "./fixtures";
import { ALL_CLAUSES, ALL_FINDINGS, DAY, issueWholeGrant, qualifyDeveloper, qualifyOperator, registerOrganization } from "../../scripts/lib/procedures";
import { OrgKind, Parameter, Purpose, TerminationReason } from "../../server/vocabulary";
import { type GrantTerms } from "../../server/chain/decisions";

const RUNS = Number(process.env.FC_RUNS ?? 200);
const YEAR = 365 * DAY;
const NONE = 0n; // AccessDenial.None
const ORG_ACTIVE = 1n; // OrgStatus.Active
const QUALIFICATION_ACTIVE = 5n; // QualificationState.Active
const QUALIFICATION_SUSPENDED = 6n; // QualificationState.Suspended
const APPLICATION_APPROVED = 3n; // ApplicationState.Approved
const GRANT_SUSPENDED = 2n; // GrantStatus.Suspended
const ORG_SUSPENDED = 2n; // OrgStatus.Suspended
const SCENARIOS = ["inclusive-finance-credit", "supply-chain-finance", "green-energy-rating"].map((s) => ethers.id(s));

/** The district of the fixtures, plus two more developers qualified for shorter terms (so renewals and expiry come up). */
async function grantTreeFixture() {
  const d = await districtFixture();
  const { ledger, officials, keys, orgs, signers } = d;
  const developer3Key = signers[13];
  const developer3 = await registerOrganization(ledger, officials[0], OrgKind.Developer, "某科技 A Tech Firm", developer3Key.address);
  await qualifyDeveloper(ledger, { bureauKey: officials[0], operatorKey: keys.operator, developerKey: keys.developer2, advanceTime, validFor: 2 * YEAR });
  await qualifyDeveloper(ledger, { bureauKey: officials[0], operatorKey: keys.operator, developerKey: developer3Key, advanceTime, validFor: 400 * DAY });
  const developers = [
    { org: orgs.developer, key: keys.developer },
    { org: orgs.developer2, key: keys.developer2 },
    { org: developer3, key: developer3Key },
  ];
  const fieldCounts = new Map<number, number>();
  for (const r of d.resources) fieldCounts.set(r, Number((await ledger.catalog.developmentView(r))[2]));
  return { ...d, developers, fieldCounts };
}
type World = Awaited<ReturnType<typeof grantTreeFixture>>;

// ==== Commands ====

const pick = fc.nat({ max: 1_000 });
const days = (min: number, max: number) => fc.integer({ min, max }).map((n) => n * DAY);

/** A grant's terms: "fit" clamps the term into the parent's; "free" takes it as drawn (may start before, end after, or be too long). */
interface TermsSpec {
  shape: "fit" | "free";
  startOffset: number; // from now
  length: number;
  clauses: number;
}
const termsSpec: fc.Arbitrary<TermsSpec> = fc.record({
  shape: fc.constantFrom("fit" as const, "free" as const),
  startOffset: days(-400, 120),
  length: fc.oneof({ weight: 3, arbitrary: days(1, 1_000) }, { weight: 1, arbitrary: days(1_800, 2_000) }),
  clauses: fc.constantFrom(...Array<number>(7).fill(ALL_CLAUSES), 0x1ff), // an agreement missing a clause, now and then
});

type Command =
  | { kind: "submit"; developer: number; scenario: number; resources: number[]; masks: bigint[]; fit: boolean; purpose: number; reviewed: number; terms: TermsSpec }
  | { kind: "firstReview"; application: number; approve: boolean; findings: number }
  | { kind: "finalReview"; application: number; approve: boolean }
  | { kind: "scenarioGrant"; application: number; parent: number; terms: TermsSpec }
  | { kind: "wholeGrant"; startOffset: number; length: number }
  | { kind: "grantStatus"; action: "suspend" | "reinstate" | "revoke"; grant: number; actor: "grantor" | "bureau" | "developer"; reason: number; steer: boolean }
  | { kind: "orgStatus"; action: "suspend" | "reinstate"; party: number; steer: boolean }
  | { kind: "qualificationStatus"; action: "suspend" | "reinstate" | "revoke" | "terminate"; party: number; reason: number; steer: boolean }
  | { kind: "renew"; party: number; inWindow: boolean; beforeEnd: number; extension: number }
  | { kind: "requalify"; party: number }
  | { kind: "catalog"; resource: number; open: boolean; byBureau: boolean }
  | { kind: "time"; seconds: number };

// resource index 3 is registered but not open for development: an application naming it must be refused
/** A reinstatement with `steer` set targets something suspended, when there is one (else the pick). */
const steer = fc.boolean();
const resourceIndexes = fc.oneof({ weight: 5, arbitrary: fc.subarray([0, 1, 2], { minLength: 1 }) }, { weight: 1, arbitrary: fc.subarray([0, 1, 2, 3], { minLength: 1 }) });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("submit" as const),
      // the fixture's bank already holds scenario 0: weighted so (developer, scenario) collisions are common
      developer: fc.constantFrom(0, 0, 1, 2),
      scenario: fc.constantFrom(0, 0, 1, 2),
      resources: resourceIndexes,
      masks: fc.array(fc.bigInt({ min: 0n, max: (1n << 14n) - 1n }), { minLength: 4, maxLength: 4 }),
      fit: fc.nat({ max: 7 }).map((n) => n !== 0), // mostly masks inside the field count
      purpose: fc.constantFrom(Purpose.Commercial, Purpose.Commercial, Purpose.PublicInterest, Purpose.PublicInterest, Purpose.PublicInterest, Purpose.None),
      // steps taken in the same command: 1 first review, 2 final review, 3 the grant under the latest whole grant
      reviewed: fc.constantFrom(0, 1, 2, 2, 3, 3, 3),
      terms: termsSpec,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("firstReview" as const), application: pick, approve: fc.boolean(), findings: fc.constantFrom(ALL_FINDINGS, ALL_FINDINGS, 0x07) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("finalReview" as const), application: pick, approve: fc.boolean() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("scenarioGrant" as const),
      application: pick,
      parent: pick,
      terms: termsSpec,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wholeGrant" as const), startOffset: days(-10, 30), length: fc.oneof(days(30, 1_800), days(1_826, 2_000)) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("grantStatus" as const),
      action: fc.constantFrom("suspend" as const, "reinstate" as const, "revoke" as const),
      grant: pick,
      actor: fc.constantFrom("grantor" as const, "grantor" as const, "bureau" as const, "developer" as const),
      reason: fc.constantFrom(TerminationReason.Breach, TerminationReason.SecurityRisk, TerminationReason.OwnRequest, TerminationReason.None),
      steer,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("orgStatus" as const), action: fc.constantFrom("suspend" as const, "reinstate" as const), party: fc.nat({ max: 4 }), steer }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("qualificationStatus" as const),
      action: fc.constantFrom("suspend" as const, "suspend" as const, "reinstate" as const, "reinstate" as const, "revoke" as const, "terminate" as const),
      party: fc.nat({ max: 3 }),
      reason: fc.constantFrom(TerminationReason.UnlawfulUse, TerminationReason.Breach, TerminationReason.OwnRequest, TerminationReason.Expiry),
      steer,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("renew" as const), party: fc.nat({ max: 3 }), inWindow: fc.boolean(), beforeEnd: days(0, 89), extension: fc.oneof(days(30, 1_000), days(1_826, 2_000)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("requalify" as const), party: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("catalog" as const), resource: fc.nat({ max: 3 }), open: fc.boolean(), byBureau: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("time" as const), seconds: fc.oneof({ weight: 3, arbitrary: days(1, 30) }, { weight: 2, arbitrary: days(30, 400) }, { weight: 1, arbitrary: days(365, 3 * 365) }) }) },
);

// ==== Reverts: only the ledger's own custom errors ====

let ledgerInterfaces: Interface[] = [];

function revertData(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (x: unknown): string | undefined => {
    if (x === null || typeof x !== "object" || seen.has(x)) return undefined;
    seen.add(x);
    const o = x as Record<string, unknown>;
    if (typeof o.data === "string" && o.data.startsWith("0x")) return o.data;
    for (const k of ["error", "info", "cause", "data"]) {
      const found = visit(o[k]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(e);
}

/** The name of the ledger's custom error a failed call reverted with; throws on anything else (panic, string, empty, no revert). */
function ledgerErrorName(e: unknown): string {
  const data = revertData(e);
  if (data === undefined || data === "0x") throw new Error(`not a custom-error revert: ${String(e)}`);
  if (data.startsWith("0x4e487b71")) throw new Error(`Panic revert: ${data}`);
  if (data.startsWith("0x08c379a0")) throw new Error(`Error(string) revert: ${data}`);
  for (const iface of ledgerInterfaces) {
    const parsed = iface.parseError(data);
    if (parsed) return parsed.name;
  }
  throw new Error(`revert data ${data} is no error of the ledger`);
}

/** Outcomes per command kind over the whole test, printed at the end so a reader sees what was exercised. */
const outcomes = new Map<string, { ok: number; refused: Map<string, number> }>();
function tally(kind: string, refusal?: string): void {
  const o = outcomes.get(kind) ?? { ok: 0, refused: new Map<string, number>() };
  if (refusal === undefined) o.ok++;
  else o.refused.set(refusal, (o.refused.get(refusal) ?? 0) + 1);
  outcomes.set(kind, o);
}

/** Runs the transactions of one command; a refusal must be a ledger custom error, and the command stops there. */
async function attempt(kind: string, steps: () => Promise<unknown>): Promise<boolean> {
  try {
    await steps();
  } catch (e) {
    tally(kind, ledgerErrorName(e));
    return false;
  }
  tally(kind);
  return true;
}

const mined = async (tx: Promise<ContractTransactionResponse>) => (await tx).wait();

// ==== Executing a command ====

const now = async () => time.latest();
const termsOf = (start: number, end: number, label: string, clauses = ALL_CLAUSES): GrantTerms => ({
  start,
  end,
  clauseManifest: clauses,
  agreementHash: ethers.id(`${label}:agreement`),
  feeTermsHash: ethers.id(`${label}:fees`),
});

async function grantTerms(w: World, parentId: number, spec: TermsSpec, step: number): Promise<GrantTerms> {
  const parent = await w.ledger.grants.grant(parentId);
  const t = await now();
  let start = t + spec.startOffset;
  let end = start + spec.length;
  if (spec.shape === "fit") {
    start = Math.max(Number(parent.start), t - DAY);
    end = Math.min(Number(parent.end), start + spec.length);
  }
  return termsOf(start, end, `grant:${step}`, spec.clauses);
}

async function execute(w: World, c: Command, step: number): Promise<void> {
  const { ledger, officials, keys, orgs } = w;
  const bureauKey = officials[0];
  const partyKeys: { org: number; key: Signer }[] = [{ org: orgs.operator, key: keys.operator }, ...w.developers];
  switch (c.kind) {
    case "submit": {
      const dev = w.developers[c.developer];
      const resources = c.resources.map((i) => w.resources[i]);
      const masks = c.resources.map((i) => {
        const limit = (1n << BigInt(w.fieldCounts.get(w.resources[i])!)) - 1n;
        const m = c.fit ? c.masks[i] & limit : c.masks[i];
        return m === 0n && c.fit ? 1n : m;
      });
      const ok = await attempt(c.kind, async () => {
        await mined(ledger.applications.connect(dev.key).submit(SCENARIOS[c.scenario], resources, masks, ethers.id(`plan:${step}`), c.purpose, false));
        const id = await ledger.applications.applicationCount();
        if (c.reviewed >= 1) await mined(ledger.applications.connect(keys.operator).firstReview(id, true, ALL_FINDINGS, ethers.id(`first:${step}`)));
        if (c.reviewed >= 2) await mined(ledger.applications.connect(bureauKey).finalReview(id, true, ethers.id(`final:${step}`)));
      });
      if (ok && c.reviewed >= 3) {
        const parentId = await pickParent(w, 0);
        const terms = await grantTerms(w, parentId, c.terms, step);
        const id = await ledger.applications.applicationCount();
        await attempt("scenarioGrant", () => mined(ledger.grants.connect(keys.operator).issueScenarioGrant(id, parentId, terms)));
      }
      return;
    }
    case "firstReview": {
      const id = await pickApplication(w, c.application);
      await attempt(c.kind, () => mined(ledger.applications.connect(keys.operator).firstReview(id, c.approve, c.findings, ethers.id(`first:${step}`))));
      return;
    }
    case "finalReview": {
      const id = await pickApplication(w, c.application);
      await attempt(c.kind, () => mined(ledger.applications.connect(bureauKey).finalReview(id, c.approve, ethers.id(`final:${step}`))));
      return;
    }
    case "scenarioGrant": {
      const applicationId = await pickApplication(w, c.application, true);
      const parentId = await pickParent(w, c.parent);
      const terms = await grantTerms(w, parentId, c.terms, step);
      await attempt(c.kind, () => mined(ledger.grants.connect(keys.operator).issueScenarioGrant(applicationId, parentId, terms)));
      return;
    }
    case "wholeGrant": {
      const start = (await now()) + c.startOffset;
      await attempt(c.kind, () =>
        issueWholeGrant(ledger, { officials, operator: orgs.operator, terms: termsOf(start, start + c.length, `whole:${step}`), salt: BigInt(step) }),
      );
      return;
    }
    case "grantStatus": {
      const count = Number(await ledger.grants.grantCount());
      let id = (c.grant % count) + 1;
      if (c.action === "reinstate" && c.steer) {
        for (let i = 1; i <= count; i++) if ((await ledger.grants.grant(i)).status === GRANT_SUSPENDED) id = i;
      }
      const g = await ledger.grants.grant(id);
      const actor =
        c.actor === "bureau" ? bureauKey : c.actor === "developer" ? w.developers[c.grant % 3].key : g.parent === 0n ? bureauKey : keys.operator;
      const reason = ethers.id(`${c.action}:${step}`);
      await attempt(`${c.action}Grant`, () =>
        mined(
          c.action === "suspend"
            ? ledger.grants.connect(actor).suspendGrant(id, reason)
            : c.action === "reinstate"
              ? ledger.grants.connect(actor).reinstateGrant(id, reason)
              : ledger.grants.connect(actor).revokeGrant(id, c.reason, reason),
        ),
      );
      return;
    }
    case "orgStatus": {
      let org = c.party === 4 ? orgs.bureau : partyKeys[c.party].org;
      if (c.action === "reinstate" && c.steer) {
        for (const p of partyKeys) if ((await ledger.organizations.statusOf(p.org))[1] === ORG_SUSPENDED) org = p.org;
      }
      const reason = ethers.id(`org:${step}`);
      const orgsOf = ledger.organizations.connect(bureauKey);
      await attempt(`${c.action}Organization`, () =>
        mined(c.action === "suspend" ? orgsOf.suspendOrganization(org, reason) : orgsOf.reinstateOrganization(org, reason)),
      );
      return;
    }
    case "qualificationStatus": {
      const q = ledger.qualifications.connect(bureauKey);
      let id = await ledger.qualifications.currentQualification(partyKeys[c.party].org);
      if (c.action === "reinstate" && c.steer) {
        for (const p of partyKeys) {
          const current = await ledger.qualifications.currentQualification(p.org);
          if ((await ledger.qualifications.qualification(current)).state === QUALIFICATION_SUSPENDED) id = current;
        }
      }
      const reason = ethers.id(`qualification:${step}`);
      await attempt(`${c.action}Qualification`, () =>
        mined(
          c.action === "suspend"
            ? q.suspend(id, reason)
            : c.action === "reinstate"
              ? q.reinstate(id, reason)
              : c.action === "revoke"
                ? q.revoke(id, c.reason, reason)
                : q.terminate(id, c.reason, reason),
        ),
      );
      return;
    }
    case "renew": {
      const party = partyKeys[c.party];
      const id = await ledger.qualifications.currentQualification(party.org);
      const q = await ledger.qualifications.qualification(id);
      if (c.inWindow && q.validUntil > 0n) {
        const target = Number(q.validUntil) - c.beforeEnd;
        const t = await now();
        if (target > t) await time.increaseTo(target);
      }
      // Art. 15: renewal is a new application through every step, filed inside the window
      await attempt("renewQualification", () =>
        c.party === 0
          ? qualifyOperator(ledger, { officials, operatorKey: keys.operator, advanceTime, validFor: c.extension, salt: BigInt(step) })
          : qualifyDeveloper(ledger, { bureauKey, operatorKey: keys.operator, developerKey: party.key, advanceTime, validFor: c.extension }),
      );
      return;
    }
    case "requalify": {
      await attempt("requalify", () =>
        c.party === 0
          ? qualifyOperator(ledger, { officials, operatorKey: keys.operator, advanceTime, validFor: 2 * YEAR, salt: BigInt(step) })
          : qualifyDeveloper(ledger, { bureauKey, operatorKey: keys.operator, developerKey: partyKeys[c.party].key, advanceTime, validFor: YEAR }),
      );
      return;
    }
    case "catalog": {
      const r = w.resources[c.resource];
      await attempt(c.byBureau ? "setOperationScope" : "setOpenForDevelopment", () =>
        mined(
          c.byBureau
            ? ledger.catalog.connect(bureauKey).setOperationScope([r], c.open)
            : ledger.catalog.connect(keys.operator).setOpenForDevelopment(r, c.open),
        ),
      );
      return;
    }
    case "time":
      await time.increase(c.seconds);
      tally("time");
      return;
  }
}

/** Mostly a recent application (for a grant: the latest approved one not granted yet), sometimes any, sometimes one that does not exist. */
async function pickApplication(w: World, n: number, approved = false): Promise<number> {
  const count = Number(await w.ledger.applications.applicationCount());
  if (n % 10 === 9) return count + 1;
  if (approved && n % 4 !== 3) {
    for (let id = count; id >= 1; id--) {
      const a = await w.ledger.applications.application(id);
      if (a.state !== APPLICATION_APPROVED) continue;
      const held = await w.ledger.grants.grantFor(a.developer, a.scenario);
      if (held === 0n || (await w.ledger.grants.grant(held)).application < BigInt(id)) return id;
    }
  }
  return n % 2 === 0 ? count - (n % Math.min(count, 3)) : (n % count) + 1;
}

/** Mostly a whole grant (the latest or the first), sometimes any grant (a scenario grant as parent must be refused). */
async function pickParent(w: World, n: number): Promise<number> {
  const count = Number(await w.ledger.grants.grantCount());
  const wholes: number[] = [];
  for (let i = 1; i <= count; i++) if ((await w.ledger.grants.grant(i)).parent === 0n) wholes.push(i);
  if (n % 5 === 4) return (n % count) + 1;
  return wholes[n % 2 === 0 ? wholes.length - 1 : 0];
}

// ==== Invariants, read from the chain ====

interface ApplicationScope {
  developer: bigint;
  masks: Map<number, bigint>; // resource -> mask (absent: not in the application)
}

/** What a grant was issued with: never changes after issue (its status does, and denialOf reads it). */
interface IssuedGrant {
  grantor: bigint;
  grantee: bigint;
  parent: bigint;
  application: bigint;
  start: bigint;
  end: bigint;
  scenario: string;
}

/** Per-run caches of what the chain never changes once written, so each step reads only what can move. */
interface Observed {
  maxTerm: bigint;
  grants: IssuedGrant[]; // index = grant id - 1
  applications: Map<number, ApplicationScope>;
  applicationsChecked: number;
}

async function observe(w: World): Promise<Observed> {
  return { maxTerm: await w.ledger.organizations.parameter(Parameter.MaxTerm), grants: [], applications: new Map(), applicationsChecked: 0 };
}

async function applicationScope(w: World, o: Observed, id: number): Promise<ApplicationScope> {
  let scope = o.applications.get(id);
  if (scope === undefined) {
    const a = await w.ledger.applications.application(id);
    const masks = new Map<number, bigint>();
    for (const r of a.resources) masks.set(Number(r), await w.ledger.applications.fieldMask(id, r));
    scope = { developer: a.developer, masks };
    o.applications.set(id, scope);
  }
  return scope;
}

/** The lowest field bit outside a mask: a field the application did not name. */
const fieldOutside = (mask: bigint): bigint => {
  let bit = 0n;
  while ((mask >> bit) & 1n) bit++;
  return 1n << bit;
};

async function checkInvariants(w: World, o: Observed): Promise<void> {
  const { ledger } = w;
  const t = BigInt(await now());
  const keyOf = new Map<bigint, string>([[BigInt(w.orgs.operator), w.keys.operator.address], ...w.developers.map((d) => [BigInt(d.org), d.key.address] as [bigint, string])]);
  const partyLive = new Map<bigint, boolean>();
  /** The organisation is active and, unless it is the bureau (the root), its current qualification is Active and in term. */
  const isPartyLive = async (org: bigint): Promise<boolean> => {
    let live = partyLive.get(org);
    if (live === undefined) {
      const [, status] = await ledger.organizations.statusOf(org);
      live = status === ORG_ACTIVE;
      if (org !== BigInt(w.orgs.bureau)) {
        const q = await ledger.qualifications.qualification(await ledger.qualifications.currentQualification(org));
        live &&= q.state === QUALIFICATION_ACTIVE && q.validFrom <= t && t <= q.validUntil;
      }
      partyLive.set(org, live);
    }
    return live;
  };

  const count = Number(await ledger.grants.grantCount());
  for (let id = o.grants.length + 1; id <= count; id++) {
    const g = await ledger.grants.grant(id);
    const scenario = await ledger.grants.scenarioOf(id);
    o.grants.push({ grantor: g.grantor, grantee: g.grantee, parent: g.parent, application: g.application, start: g.start, end: g.end, scenario });
  }
  const denials = await Promise.all(o.grants.map((_, i) => ledger.grants.denialOf(i + 1, t)));
  const liveSlots = new Map<string, number>();
  for (const [i, g] of o.grants.entries()) {
    const id = i + 1;
    if (denials[i] !== NONE) continue;
    const where = `live grant ${id} at ${t}`;
    // (b) no term over the maximum
    expect(g.end - g.start, `${where}: term over MaxTerm`).to.be.lte(o.maxTerm);
    // (e) both parties active and qualified
    expect(await isPartyLive(g.grantee), `${where}: its grantee ${g.grantee} is suspended or not qualified`).to.equal(true);
    expect(await isPartyLive(g.grantor), `${where}: its grantor ${g.grantor} is suspended or not qualified`).to.equal(true);
    if (g.parent === 0n) continue;

    const parent = o.grants[Number(g.parent) - 1];
    // (a) no live child under a dead parent
    expect(denials[Number(g.parent) - 1], `${where}: parent ${g.parent} is dead`).to.equal(NONE);
    // (b) the child's term inside its parent's
    expect(g.start >= parent.start && g.end <= parent.end, `${where}: term [${g.start}, ${g.end}] outside parent's [${parent.start}, ${parent.end}]`).to.equal(true);
    // (d) one live grant per (developer, scenario)
    const slot = `${g.grantee}:${g.scenario}`;
    expect(liveSlots.get(slot), `${where}: a second live grant for (developer, scenario) ${slot}`).to.equal(undefined);
    liveSlots.set(slot, id);

    // (c) scope: nothing outside the application, and whatever the child allows its parent allows.
    // Only live grants need probing: checkAccess returns a dead grant's denial before it looks at scope.
    const scope = await applicationScope(w, o, Number(g.application));
    expect(scope.developer, `${where}: grantee is not the applicant`).to.equal(g.grantee);
    const granteeKey = keyOf.get(g.grantee)!;
    for (const r of w.resources) {
      const mask = scope.masks.get(r) ?? 0n;
      if (mask === 0n) {
        expect(await ledger.grants.checkAccess(granteeKey, id, r, 1n, t), `${where}: resource ${r} is not in its application, yet allowed`).to.not.equal(NONE);
        continue;
      }
      const beyond = mask | fieldOutside(mask);
      expect(await ledger.grants.checkAccess(granteeKey, id, r, beyond, t), `${where}: fields ${beyond} of resource ${r} beyond mask ${mask} allowed`).to.not.equal(NONE);
      if ((await ledger.grants.checkAccess(granteeKey, id, r, mask, t)) === NONE) {
        expect(await ledger.grants.checkAccess(w.keys.operator.address, g.parent, r, mask, t), `${where}: resource ${r} mask ${mask} allowed, but not under parent ${g.parent}`).to.equal(NONE);
      }
    }
  }

  // (c) every application's masks are non-empty and fit the resource's field count (masks never change: each read once)
  const applications = Number(await ledger.applications.applicationCount());
  for (let id = o.applicationsChecked + 1; id <= applications; id++) {
    const scope = await applicationScope(w, o, id);
    for (const [r, mask] of scope.masks) {
      const fieldCount = BigInt((await ledger.catalog.developmentView(r))[2]);
      expect(mask !== 0n && mask >> fieldCount === 0n, `application ${id}: mask ${mask} does not fit resource ${r} (${fieldCount} fields)`).to.equal(true);
    }
  }
  o.applicationsChecked = applications;
}

// ==== The properties ====

useSeed("contracts/GrantTree.property.test.ts");

describe("GrantRegistry (properties)", function () {
  this.timeout(600_000);

  before(async () => {
    const names = ["OrganizationRegistry", "QualificationRegistry", "DataCatalog", "DataApplications", "GrantRegistry"];
    ledgerInterfaces = await Promise.all(names.map(async (n) => (await ethers.getContractFactory(n)).interface));
  });

  after(() => {
    const lines = [...outcomes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, o]) => `      ${kind.padEnd(24)} ok ${String(o.ok).padStart(5)}  refused ${[...o.refused.entries()].map(([e, n]) => `${e} ${n}`).join(", ") || "-"}`);
    if (lines.length > 0) console.log(`    command outcomes over all runs:\n${lines.join("\n")}`);
  });

  context("when random sequences of applications, reviews, grants, suspensions, revocations, renewals and time jumps run", () => {
    it("keeps every invariant of the grant tree after every step, and refuses only with the ledger's custom errors", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 20, size: "max" }), async (commands) => {
          const w = await loadFixture(grantTreeFixture);
          const observed = await observe(w);
          await checkInvariants(w, observed);
          for (const [step, c] of commands.entries()) {
            await execute(w, c, step);
            await checkInvariants(w, observed);
          }
        }),
        { numRuns: RUNS, endOnFailure: false },
      );
      // the sequences reached the interesting states, not only refusals
      if (RUNS >= 100) for (const kind of ["submit", "firstReview", "finalReview", "scenarioGrant", "suspendGrant", "reinstateGrant", "revokeGrant", "renewQualification", "suspendOrganization", "suspendQualification", "revokeQualification"]) {
        expect(outcomes.get(kind)?.ok ?? 0, `no successful ${kind} in ${RUNS} runs`).to.be.greaterThan(0);
      }
    });
  });
});

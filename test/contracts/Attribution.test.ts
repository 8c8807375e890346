/*
 * Attribution (Art. 23, 25; R17; issue 13 item 7): every event of a state change names the acting organisation
 * and the acting key. Read from the compiled ABIs of every ledger contract, so a new event without them fails here.
 * An event passes when it has `byOrg` and `byKey`, or when it is listed below with the field that names the actor
 * (the applicant acting for itself) or why it needs none (a consequence emitted in the same transaction as an
 * attributed event, the bureau's collective decision, or the signature framework naming the signer).
 */
import { expect } from "chai";
import { artifacts } from "hardhat";
import { LEDGER_CONTRACT_NAMES } from "../../server/chain/ledger";

/** Events whose actor is named by another field, or that need none; the reason is the value. */
const ATTRIBUTED_OTHERWISE: Readonly<Record<string, string>> = {
  QualificationApplied: "org is the applicant acting for itself; byKey its staff key",
  ApplicationSubmitted: "developer is the applicant acting for itself; byKey its staff key",
  ProductRegistered: "developer registers its own product; byKey its staff key",
  GrantIssued: "grantor is the acting organisation; byKey its staff key",
  AgreementFiled: "org is the filing operator; byKey its staff key",
  AnnualReportFiled: "org is the filing operator; byKey its staff key",
  QualificationObjectionLodged: "the public notice is open to anyone (Art. 12, 13): an objector may hold no organisation; byKey names it",
  QualificationNoticeStarted: "consequence of QualificationDecisionRecorded in the same transaction",
  TerminationGroundRecorded: "consequence of EvaluationRecorded in the same transaction",
  ProductPublished: "consequence of the last ReleaseReviewed in the same transaction",
  DecisionApproved: "official is a bureau official's key; the organisation is the bureau by definition",
  DecisionAdopted: "consequence of DecisionApproved in the same transaction",
  DecisionExecuted: "the bureau's collective decision; byKey names the submitter",
  ParameterChanged: "carried out by a collective decision: DecisionExecuted in the same transaction names the key",
  LedgerContractAuthorized: "carried out by a collective decision: DecisionExecuted in the same transaction names the key",
  SignedCallExecuted: "the signature framework: signer is the acting key, relayer the submitter",
  NonceCancelled: "the signature framework: signer cancels its own nonce",
  EIP712DomainChanged: "OpenZeppelin's EIP-712 declaration, no state change of the policy",
};

/** Events of contracts other branches are changing (DataCatalog, AccessLogAnchor); the integrator empties this after merging. */
const KNOWN_EXCEPTIONS_OTHER_BRANCHES: readonly string[] = ["DataCatalog.ResourceRegistered"];

describe("Attribution (Art. 23, 25; R17): every event names the acting organisation and key", () => {
  for (const contract of Object.values(LEDGER_CONTRACT_NAMES)) {
    it(`Art. 23, 25: every event of ${contract} has byOrg and byKey, or a named reason`, async () => {
      const { abi } = await artifacts.readArtifact(contract);
      const missing: string[] = [];
      for (const item of abi) {
        if (item.type !== "event") continue;
        const names = (item.inputs as { name: string }[]).map((i) => i.name);
        if (names.includes("byOrg") && names.includes("byKey")) continue;
        if (ATTRIBUTED_OTHERWISE[item.name] !== undefined) continue;
        if (KNOWN_EXCEPTIONS_OTHER_BRANCHES.includes(`${contract}.${item.name}`)) continue;
        missing.push(`${item.name}(${names.join(", ")})`);
      }
      expect(missing, `${contract}: events without the acting organisation and key`).to.deep.equal([]);
    });
  }

  it("lists no exception that no ABI has (the list stays honest)", async () => {
    const events = new Set<string>();
    for (const contract of Object.values(LEDGER_CONTRACT_NAMES)) {
      for (const item of (await artifacts.readArtifact(contract)).abi) if (item.type === "event") events.add(item.name);
    }
    expect(Object.keys(ATTRIBUTED_OTHERWISE).filter((e) => !events.has(e))).to.deep.equal([]);
  });
});

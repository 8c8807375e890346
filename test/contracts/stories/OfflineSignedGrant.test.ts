/**
 * Story: the operator's office signs a scenario grant with no network, a courier carries the file to the chain,
 * and the bank checks its grant certificate against the operator's key offline and against the chain online.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GrantRegistry__factory } from "../../../typechain-types";
import { districtFixture } from "../fixtures";
import { approvedApplication, termsFrom } from "../../../scripts/lib/procedures";
import {
  domainOf,
  executeSignedArgs,
  grantCertificate,
  keyedNonce,
  nextNonce,
  parseGrantCertificate,
  parseSignedCall,
  signCall,
  signGrantCertificate,
  toJson,
  verifyGrantCertificateOffline,
  type GrantCertificate,
} from "../../../server/chain/signing";

const OFFICE_LANE = 3n; // the offline office's own nonce lane, so online staff never race its signatures
const AccessDenial = { None: 0 } as const;

/** What the office took with it when it went offline: the chain's domain, the next grant id, its nonce lane. */
async function officeFixture() {
  const f = await districtFixture();
  const { ledger, keys, officials, resources, orgs } = f;
  const officeKey = ethers.Wallet.createRandom(); // never connected to a provider
  await (await ledger.organizations.connect(keys.operator).addStaffKey(orgs.operator, officeKey.address)).wait();
  const scenario = "supply-chain-finance";
  const scope = { resources: [resources[0], resources[2]], fieldMasks: [0b1n, 0b11n] };
  const applicationId = await approvedApplication(ledger, {
    developerKey: keys.developer,
    operatorKey: keys.operator,
    bureauKey: officials[0],
    scenario,
    ...scope,
  });
  const snapshot = {
    grantsDomain: await domainOf(ledger.grants),
    nextGrantId: Number(await ledger.grants.grantCount()) + 1,
    nonce: await nextNonce(ledger.grants, officeKey.address, OFFICE_LANE),
    now: await time.latest(),
  };
  return { ...f, officeKey, scenario, scope, applicationId, snapshot };
}

describe("Story: a scenario grant signed offline", () => {
  it("the office signs into a file, a courier submits it, the bank verifies its certificate offline and online", async () => {
    const f = await loadFixture(officeFixture);
    const { ledger, keys, orgs, officeKey, snapshot } = f;
    const file = join(await mkdtemp(join(tmpdir(), "tdl-offline-")), "grant-supply-chain-finance.json");

    // 1. Offline: the office builds the call and the certificate from its own records, and signs both.
    expect(snapshot.nonce).to.equal(keyedNonce(OFFICE_LANE, 0n));
    const terms = termsFrom(snapshot.now, 180, f.scenario);
    const data = GrantRegistry__factory.createInterface().encodeFunctionData("issueScenarioGrant", [f.applicationId, f.wholeGrant, terms]);
    const call = await signCall(officeKey, snapshot.grantsDomain, data, { nonce: snapshot.nonce, deadline: BigInt(snapshot.now + 7 * 24 * 3600) });
    const certificate: GrantCertificate = {
      domain: snapshot.grantsDomain,
      value: {
        grantId: snapshot.nextGrantId,
        grantor: orgs.operator,
        grantee: orgs.developer,
        parent: f.wholeGrant,
        scenario: ethers.id(f.scenario),
        resources: f.scope.resources,
        fieldMasks: f.scope.fieldMasks,
        start: terms.start,
        end: terms.end,
        agreementHash: terms.agreementHash,
      },
    };
    const certificateSignature = await signGrantCertificate(officeKey, certificate);
    await writeFile(file, toJson({ call, certificate, certificateSignature, signedBy: officeKey.address }));

    // 2. The courier, any key, submits the call; the chain names the office's key, and the courier as relayer.
    const courier = keys.stranger;
    const carried = JSON.parse(await readFile(file, "utf8")) as { call: unknown; certificate: unknown; certificateSignature: string; signedBy: string };
    const submitted = parseSignedCall(JSON.stringify(carried.call));
    expect(submitted).to.deep.equal(call);
    const tx = ledger.grants.connect(courier).executeSigned(...executeSignedArgs(submitted));
    await expect(tx)
      .to.emit(ledger.grants, "GrantIssued")
      .withArgs(
        snapshot.nextGrantId,
        orgs.developer,
        f.wholeGrant,
        orgs.operator,
        f.applicationId,
        ethers.id(f.scenario),
        2, // Purpose.Commercial
        [terms.start, terms.end, terms.clauseManifest, terms.agreementHash, terms.feeTermsHash],
        officeKey.address,
      );
    await expect(tx).to.emit(ledger.grants, "SignedCallExecuted").withArgs(officeKey.address, data.slice(0, 10), call.nonce, courier.address);
    // the same file carried twice is refused
    await expect(ledger.grants.connect(courier).executeSigned(...executeSignedArgs(submitted)))
      .to.be.revertedWithCustomError(ledger.grants, "InvalidAccountNonce")
      .withArgs(officeKey.address, keyedNonce(OFFICE_LANE, 1n));

    // 3. The bank, offline: the certificate is the operator key's, and says what it applied for.
    const received = parseGrantCertificate(JSON.stringify(carried.certificate));
    expect(verifyGrantCertificateOffline(received, carried.certificateSignature, carried.signedBy)).to.equal(true);
    expect(received.value).to.include({ grantee: orgs.developer, scenario: ethers.id(f.scenario), end: terms.end });
    expect(received.value.resources).to.deep.equal(f.scope.resources);
    const stretched: GrantCertificate = { ...received, value: { ...received.value, end: received.value.end + 365 * 24 * 3600 } };
    expect(verifyGrantCertificateOffline(stretched, carried.certificateSignature, carried.signedBy)).to.equal(false);

    // 4. The bank, online: the chain records the same certificate, signed by a current key of the grantor, live now.
    expect(await grantCertificate(ledger, snapshot.nextGrantId)).to.deep.equal(received);
    const [signedByGrantor, status] = await ledger.grants.verifyGrantCertificate(snapshot.nextGrantId, carried.signedBy, carried.certificateSignature);
    expect([signedByGrantor, status]).to.deep.equal([true, BigInt(AccessDenial.None)]);
    expect(await ledger.grants.checkAccess(keys.developer.address, snapshot.nextGrantId, f.scope.resources[1], 0b11n, await time.latest())).to.equal(
      BigInt(AccessDenial.None),
    );
  });
});

import { createServer, type Socket } from "node:net";
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { createAccessPolicy, type AccessPolicyOptions, type AccessRequest, type Decision } from "../../../server/access";
import { createChainGrantReader, createLedgerEventPoller } from "../../../server/chain/grant-reader";
import { districtFixture } from "../../contracts/fixtures";
import { approvedApplication, issueScenarioGrant, termsFrom } from "../../../scripts/lib/procedures";
import { Purpose, TerminationReason } from "../../../server/vocabulary";
import { expectTdlRejection } from "../log/expect-error";
import { digestOf, fakeClock, spyReader } from "./helpers";

/** The district, plus a public-interest grant to the bank for a second scenario on resource 0, field 0. */
async function gatewayFixture() {
  const d = await districtFixture();
  const publicScenario = "public-health-statistics";
  const applicationId = await approvedApplication(d.ledger, {
    developerKey: d.keys.developer,
    operatorKey: d.keys.operator,
    bureauKey: d.officials[0],
    scenario: publicScenario,
    resources: [d.resources[0]],
    fieldMasks: [0b1n],
    purpose: Purpose.PublicInterest,
  });
  const publicGrant = await issueScenarioGrant(d.ledger, {
    operatorKey: d.keys.operator,
    applicationId,
    parentId: d.wholeGrant,
    terms: termsFrom(await time.latest(), 90, publicScenario),
  });
  const addresses = {
    grantRegistry: await d.ledger.grants.getAddress(),
    dataCatalog: await d.ledger.catalog.getAddress(),
  };
  // every registry whose events can change a decision; AccessLogAnchor left out on purpose
  const eventAddresses = await Promise.all(
    [d.ledger.organizations, d.ledger.qualifications, d.ledger.catalog, d.ledger.applications, d.ledger.grants].map((c) => c.getAddress()),
  );
  const developerKey = await d.keys.developer.getAddress();
  return { ...d, publicGrant, publicScenario: ethers.id(publicScenario), addresses, eventAddresses, developerKey };
}

async function setup(overrides: Partial<AccessPolicyOptions> = {}) {
  const g = await loadFixture(gatewayFixture);
  const clock = fakeClock();
  const spy = spyReader(createChainGrantReader({ provider: ethers.provider, addresses: g.addresses }));
  const policy = createAccessPolicy({ reader: spy.reader, clock, ...overrides });
  const request = (over: Partial<AccessRequest> = {}): AccessRequest => ({
    key: g.developerKey,
    org: g.orgs.developer,
    operation: "query",
    grantId: g.scenarioGrant,
    scenario: g.scenario,
    resourceId: g.resources[0],
    fields: 0b101n,
    requestDigest: digestOf(JSON.stringify(over, (_, v) => (typeof v === "bigint" ? v.toString() : v))),
    ...over,
  });
  return { g, clock, spy, policy, request };
}

function expectDenied(decision: Decision, reason: string) {
  expect(decision.reason, decision.message).to.equal(reason);
  expect(decision.allowed).to.equal(false);
  expect(decision.message).to.be.a("string").that.is.not.empty;
  expect(decision.messageZh).to.match(/[\u4e00-\u9fff]/);
}

describe("createAccessPolicy", () => {
  describe("decide", () => {
    context("when the developer's key asks within its scenario grant", () => {
      it("allows, with the chain time and the grant's terms", async () => {
        const { g, policy, request } = await setup();
        const decision = await policy.decide(request());
        expect(decision.reason, decision.message).to.equal("ALLOWED");
        expect(decision.allowed).to.equal(true);
        expect(decision.denial).to.equal(0);
        expect(decision.chainTime).to.be.at.least(await time.latest());
        expect(decision.grant?.grantee).to.equal(g.orgs.developer);
        expect(decision.grant?.purpose).to.equal(Purpose.Commercial);
        expect(decision.classification).to.equal(2);
        expect(decision.messageZh).to.match(/允许/);
      });

      it("allows a download of derived results under a commercial grant", async () => {
        const { policy, request } = await setup();
        expect((await policy.decide(request({ operation: "download" }))).reason).to.equal("ALLOWED");
      });

      it("allows a query under the public-interest grant", async () => {
        const { g, policy, request } = await setup();
        const decision = await policy.decide(request({ grantId: g.publicGrant, scenario: g.publicScenario, fields: 0b1n }));
        expect(decision.reason, decision.message).to.equal("ALLOWED");
      });
    });

    context("when the grant's term has ended (time travel)", () => {
      it("denies GRANT_EXPIRED", async () => {
        const { g, policy, request } = await setup();
        const { end } = await g.ledger.grants.grant(g.scenarioGrant);
        await time.increaseTo(Number(end) + 1);
        const decision = await policy.decide(request());
        expectDenied(decision, "GRANT_EXPIRED");
        expect(decision.message).to.match(/expired/);
      });

      it("does not serve a cached allow past the term's end, even inside the staleness bound", async () => {
        const { g, clock, policy, request, spy } = await setup({ maxStalenessMs: 5000 });
        const end = Number((await g.ledger.grants.grant(g.scenarioGrant)).end);
        await time.increaseTo(end - 2);
        expect((await policy.decide(request())).reason).to.equal("ALLOWED");
        clock.advance(1000);
        expect((await policy.decide(request())).cached).to.equal(true);
        spy.reset();
        clock.advance(2000); // 3 s after the read: chain time is now past `end`, the bound not yet reached
        const decision = await policy.decide(request());
        expectDenied(decision, "GRANT_EXPIRED");
        expect(spy.calls.checkAccess).to.equal(1);
        expect(spy.calls.latestBlock).to.equal(0);
      });
    });

    context("when the grant is not valid yet", () => {
      it("denies GRANT_NOT_YET_VALID (checkAccess asked about an earlier time)", async () => {
        const { g, request } = await setup();
        const reader = createChainGrantReader({ provider: ethers.provider, addresses: g.addresses });
        const { start } = await g.ledger.grants.grant(g.scenarioGrant);
        // a clock before the term, on a reader whose head is also before it
        const early = {
          ...reader,
          latestBlock: async () => ({ ...(await reader.latestBlock()), timestamp: Number(start) - 100 }),
        };
        const policy = createAccessPolicy({ reader: early, clock: fakeClock(0) });
        expectDenied(await policy.decide(request()), "GRANT_NOT_YET_VALID");
      });
    });

    context("when the grant is suspended on chain", () => {
      it("denies GRANT_SUSPENDED", async () => {
        const { g, policy, request } = await setup();
        await (await g.ledger.grants.connect(g.keys.operator).suspendGrant(g.scenarioGrant, ethers.id("audit"))).wait();
        expectDenied(await policy.decide(request()), "GRANT_SUSPENDED");
      });
    });

    context("when the grant is revoked", () => {
      it("denies GRANT_REVOKED", async () => {
        const { g, policy, request } = await setup();
        await (await g.ledger.grants.connect(g.keys.operator).revokeGrant(g.scenarioGrant, TerminationReason.Breach, ethers.id("breach"))).wait();
        expectDenied(await policy.decide(request()), "GRANT_REVOKED");
      });
    });

    context("when the whole grant above it is revoked", () => {
      it("denies PARENT_NOT_LIVE", async () => {
        const { g, policy, request } = await setup();
        await (await g.ledger.grants.connect(g.officials[0]).revokeGrant(g.wholeGrant, TerminationReason.Breach, ethers.id("breach"))).wait();
        const decision = await policy.decide(request());
        expectDenied(decision, "PARENT_NOT_LIVE");
        expect(decision.denial).to.equal(7);
      });
    });

    context("when the developer's organisation is suspended", () => {
      it("denies ORGANIZATION_SUSPENDED", async () => {
        const { g, policy, request } = await setup();
        await (await g.ledger.organizations.connect(g.officials[0]).suspendOrganization(g.orgs.developer, ethers.id("rectification"))).wait();
        expectDenied(await policy.decide(request()), "ORGANIZATION_SUSPENDED");
      });
    });

    context("when the fields or resource are outside the grant", () => {
      it("denies FIELDS_OUT_OF_SCOPE for a field the application did not name", async () => {
        const { policy, request } = await setup();
        expectDenied(await policy.decide(request({ fields: 0b1000n })), "FIELDS_OUT_OF_SCOPE");
      });

      it("denies RESOURCE_OUT_OF_SCOPE for a resource the grant does not cover", async () => {
        const { g, policy, request } = await setup();
        expectDenied(await policy.decide(request({ resourceId: g.resources[2], fields: 0b1n })), "RESOURCE_OUT_OF_SCOPE");
      });

      it("denies RESOURCE_WITHDRAWN once the operator closes the resource for development", async () => {
        const { g, policy, request } = await setup();
        await (await g.ledger.catalog.connect(g.keys.operator).setOpenForDevelopment(g.resources[0], false)).wait();
        expectDenied(await policy.decide(request()), "RESOURCE_WITHDRAWN");
      });
    });

    context("when the request names another scenario than the grant's", () => {
      it("denies SCENARIO_MISMATCH", async () => {
        const { policy, request } = await setup();
        const decision = await policy.decide(request({ scenario: ethers.id("marketing-profiles") }));
        expectDenied(decision, "SCENARIO_MISMATCH");
        expect(decision.denial).to.equal(0); // the chain alone would have allowed it
      });
    });

    context("when the operation exports raw data", () => {
      it("refuses RAW_EXPORT_REFUSED without reading the chain", async () => {
        const { policy, request, spy } = await setup();
        const decision = await policy.decide(request({ operation: "export" }));
        expectDenied(decision, "RAW_EXPORT_REFUSED");
        expect(decision.chainTime).to.equal(null);
        expect(spy.total()).to.equal(0);
      });

      it("refuses it even when the chain is unreachable", async () => {
        const { policy, request, spy } = await setup();
        spy.fail();
        expectDenied(await policy.decide(request({ operation: "export" })), "RAW_EXPORT_REFUSED");
      });
    });

    context("when the grant's purpose does not cover the operation", () => {
      it("denies OPERATION_NOT_COVERED for a download under a public-interest grant", async () => {
        const { g, policy, request } = await setup();
        const decision = await policy.decide(request({ operation: "download", grantId: g.publicGrant, scenario: g.publicScenario, fields: 0b1n }));
        expectDenied(decision, "OPERATION_NOT_COVERED");
        expect(decision.message).to.match(/public interest/);
        expect(decision.messageZh).to.match(/公益/);
      });

      it("follows a configured table", async () => {
        const { policy, request } = await setup({
          rules: { operationsByPurpose: { Commercial: ["query"], PublicInterest: ["query", "compute"] }, rawExportOperations: ["export"] },
        });
        expectDenied(await policy.decide(request({ operation: "compute" })), "OPERATION_NOT_COVERED");
        expect((await policy.decide(request({ operation: "query" }))).allowed).to.equal(true);
      });
    });

    context("when the operation is not one the gateway knows", () => {
      it("denies UNKNOWN_OPERATION without reading the chain", async () => {
        const { policy, request, spy } = await setup();
        expectDenied(await policy.decide(request({ operation: "delete" })), "UNKNOWN_OPERATION");
        expect(spy.total()).to.equal(0);
      });
    });

    context("when the grant does not exist", () => {
      it("denies UNKNOWN_GRANT", async () => {
        const { policy, request } = await setup();
        const decision = await policy.decide(request({ grantId: 999 }));
        expectDenied(decision, "UNKNOWN_GRANT");
        expect(decision.grant).to.equal(undefined);
      });
    });

    context("when the key is not the grantee's", () => {
      it("denies KEY_NOT_OF_GRANTEE for another developer's key", async () => {
        const { g, policy, request } = await setup();
        const key = await g.keys.developer2.getAddress();
        expectDenied(await policy.decide(request({ key, org: g.orgs.developer2 })), "KEY_NOT_OF_GRANTEE");
      });

      it("denies KEY_NOT_OF_GRANTEE for a key of no organisation", async () => {
        const { g, policy, request } = await setup();
        expectDenied(await policy.decide(request({ key: await g.keys.stranger.getAddress() })), "KEY_NOT_OF_GRANTEE");
      });

      it("denies KEY_NOT_OF_GRANTEE when the session names another organisation than the grantee", async () => {
        const { g, policy, request } = await setup();
        const decision = await policy.decide(request({ org: g.orgs.developer2 }));
        expectDenied(decision, "KEY_NOT_OF_GRANTEE");
        expect(decision.message).to.contain(`organisation ${g.orgs.developer2}`);
      });
    });

    context("when the request is malformed", () => {
      it("throws MALFORMED_INPUT naming the field", async () => {
        const { policy, request } = await setup();
        for (const [field, bad] of [
          ["key", { key: "0x1234" }],
          ["grantId", { grantId: -1 }],
          ["resourceId", { resourceId: 1.5 }],
          ["scenario", { scenario: "inclusive-finance-credit" }],
          ["fields", { fields: 1n << 256n }],
          ["requestDigest", { requestDigest: "abc" }],
        ] as const) {
          const error = await expectTdlRejection(() => policy.decide(request(bad as Partial<AccessRequest>)), "MALFORMED_INPUT");
          expect(error.details?.field).to.equal(field);
        }
      });
    });
  });

  describe("the cache", () => {
    it("serves a repeated decision without any chain read", async () => {
      const { policy, request, spy, clock } = await setup();
      const first = await policy.decide(request());
      expect(first.cached).to.equal(false);
      expect(spy.calls).to.deep.equal({ latestBlock: 1, checkAccess: 1, grantInfo: 1, resourceInfo: 1 });
      spy.reset();
      clock.advance(1000);
      const again = await policy.decide(request());
      expect(again.reason).to.equal("ALLOWED");
      expect(again.cached).to.equal(true);
      expect(spy.total()).to.equal(0);
      // another field mask needs its own grant check, but not the grant or resource again
      await policy.decide(request({ fields: 0b1n }));
      expect(spy.calls).to.deep.equal({ latestBlock: 0, checkAccess: 1, grantInfo: 0, resourceInfo: 0 });
    });

    it("shares one chain read among concurrent identical requests", async () => {
      const { policy, request, spy } = await setup();
      const decisions = await Promise.all(Array.from({ length: 20 }, () => policy.decide(request())));
      expect(decisions.every((d) => d.allowed)).to.equal(true);
      expect(spy.calls).to.deep.equal({ latestBlock: 1, checkAccess: 1, grantInfo: 1, resourceInfo: 1 });
    });

    it("reads again once an entry is older than the bound (no event source)", async () => {
      const { policy, request, spy, clock } = await setup({ maxStalenessMs: 5000 });
      await policy.decide(request());
      spy.reset();
      clock.advance(5001);
      const decision = await policy.decide(request());
      expect(decision.cached).to.equal(false);
      expect(spy.calls).to.deep.equal({ latestBlock: 1, checkAccess: 1, grantInfo: 1, resourceInfo: 1 });
    });

    context("with the ledger event poller wired in", () => {
      async function withPoller(maxStalenessMs = 5000) {
        const s = await setup({ maxStalenessMs });
        const poller = createLedgerEventPoller({ provider: ethers.provider, addresses: s.g.eventAddresses, clock: s.clock });
        const policy = createAccessPolicy({ reader: s.spy.reader, clock: s.clock, maxStalenessMs, events: poller });
        await poller.poll();
        return { ...s, poller, policy };
      }

      it("denies the next request after a suspension once the poll has seen the event, within the bound", async () => {
        const { g, policy, poller, request, clock } = await withPoller();
        expect((await policy.decide(request())).allowed).to.equal(true);
        await (await g.ledger.grants.connect(g.keys.operator).suspendGrant(g.scenarioGrant, ethers.id("audit"))).wait();
        clock.advance(1000);
        const batch = await poller.poll();
        expect(batch.events.length).to.equal(1);
        const decision = await policy.decide(request());
        expectDenied(decision, "GRANT_SUSPENDED");
        expect(decision.cached).to.equal(false);
      });

      it("invalidates on its own once started, and reports failed polls", async () => {
        const { g, clock, spy, request } = await setup();
        const poller = createLedgerEventPoller({ provider: ethers.provider, addresses: g.eventAddresses, clock, intervalMs: 20 });
        const policy = createAccessPolicy({ reader: spy.reader, clock, events: poller });
        const seen = new Set<string>();
        let sawTransaction: (hash: string) => void = () => {};
        const stopListening = poller.onEvents((batch) => {
          for (const event of batch.events) seen.add(event.transactionHash);
          for (const hash of seen) sawTransaction(hash);
        });
        poller.start();
        try {
          expect((await policy.decide(request())).allowed).to.equal(true);
          const suspension = await (await g.ledger.grants.connect(g.keys.operator).suspendGrant(g.scenarioGrant, ethers.id("audit"))).wait();
          // wait for the poll that carries this very transaction (an earlier batch may carry the fixture's events)
          await new Promise<void>((resolve) => {
            sawTransaction = (hash) => hash === suspension?.hash && resolve();
            if (seen.has(suspension?.hash ?? "")) resolve();
          });
          expectDenied(await policy.decide(request()), "GRANT_SUSPENDED");
        } finally {
          poller.stop();
          stopListening();
        }
        const errors: string[] = [];
        const network = ethers.Network.from(31337);
        const dead = new ethers.JsonRpcProvider(`http://127.0.0.1:${await closedPort()}`, network, { staticNetwork: network });
        const failing = createLedgerEventPoller({ provider: dead, addresses: g.eventAddresses, intervalMs: 10, onError: (e) => errors.push(e.code) });
        failing.start();
        for (let i = 0; i < 100 && errors.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
        failing.stop();
        dead.destroy();
        expect(errors.slice(0, 2)).to.deep.equal(["CHAIN_UNAVAILABLE", "CHAIN_UNAVAILABLE"]);
      });

      it("denies within the bound even when no poll ran: the entry expires", async () => {
        const { g, policy, request, clock } = await withPoller(3000);
        expect((await policy.decide(request())).allowed).to.equal(true);
        await (await g.ledger.grants.connect(g.keys.operator).suspendGrant(g.scenarioGrant, ethers.id("audit"))).wait();
        clock.advance(3001);
        expectDenied(await policy.decide(request()), "GRANT_SUSPENDED");
      });

      it("keeps entries that a heartbeat poll confirmed unchanged, past their read time", async () => {
        const { policy, poller, request, spy, clock } = await withPoller(5000);
        await policy.decide(request());
        for (let i = 0; i < 4; i++) {
          clock.advance(4000);
          await poller.poll(); // no ledger event: everything read is still current
        }
        spy.reset();
        const decision = await policy.decide(request());
        expect(decision.cached).to.equal(true);
        expect(spy.total()).to.equal(0);
      });

      it("holds R4 and R16: a grant runs no later than both qualifications and its parent, and a cached allow kept by heartbeat polls ends with it", async () => {
        const { g, policy, poller, request, spy, clock } = await withPoller(5000);
        const start = (await time.latest()) + 1;
        const maxTerm = Number(await g.ledger.organizations.parameter(0 /* MaxTerm */));
        const bounds = {
          "the developer's qualification": Number(await g.ledger.qualifications.qualifiedUntil(g.orgs.developer)),
          "the operator's qualification": Number(await g.ledger.qualifications.qualifiedUntil(g.orgs.operator)),
          "the whole grant above it": Number((await g.ledger.grants.grant(g.wholeGrant)).end),
          "the maximum term": start + maxTerm,
        };
        const end = Math.min(...Object.values(bounds));
        console.log(`      (the earliest bound is ${Object.entries(bounds).find(([, at]) => at === end)?.[0]}, at ${end})`);
        const scenario = "credit-until-the-earliest-end";
        const applicationId = await approvedApplication(g.ledger, {
          developerKey: g.keys.developer, operatorKey: g.keys.operator, bureauKey: g.officials[0],
          scenario, resources: [g.resources[0]], fieldMasks: [0b101n], purpose: Purpose.Commercial,
        });
        const grantId = await issueScenarioGrant(g.ledger, { operatorKey: g.keys.operator, applicationId, parentId: g.wholeGrant, terms: { ...termsFrom(start, 1, scenario), end } });
        const ask = () => request({ grantId, scenario: ethers.id(scenario) });

        await time.increaseTo(end - 2);
        await poller.poll();
        expect((await policy.decide(ask())).reason).to.equal("ALLOWED");
        clock.advance(1000);
        await poller.poll(); // a heartbeat: no ledger event marks an end
        expect((await policy.decide(ask())).cached).to.equal(true);
        spy.reset();
        clock.advance(2000); // chain time is past the end; the staleness bound is not reached
        await poller.poll();
        const decision = await policy.decide(ask());
        expectDenied(decision, "GRANT_EXPIRED");
        expect(decision.cached).to.equal(false);
        expect(spy.calls.checkAccess).to.equal(1);
      });

      it("drops everything on a reorg", async () => {
        const { policy, poller, request, spy, clock } = await withPoller();
        const snapshot = await ethers.provider.send("evm_snapshot", []);
        await ethers.provider.send("evm_mine", []);
        await ethers.provider.send("evm_mine", []);
        await policy.decide(request());
        await poller.poll();
        await ethers.provider.send("evm_revert", [snapshot]);
        clock.advance(100);
        const batch = await poller.poll();
        expect(batch.reorg).to.equal(true);
        spy.reset();
        expect((await policy.decide(request())).cached).to.equal(false);
        expect(spy.calls.checkAccess).to.equal(1);
      });

      it("does not keep a read that was in flight while an event arrived", async () => {
        const { g, poller, request, spy, clock } = await withPoller();
        let release: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => (release = resolve));
        const inner = spy.reader;
        const slow = { ...inner, checkAccess: async (q: Parameters<typeof inner.checkAccess>[0]) => {
          const answer = await inner.checkAccess(q);
          await gate;
          return answer;
        } };
        const policy = createAccessPolicy({ reader: slow, clock, events: poller });
        const pending = policy.decide(request());
        await new Promise((r) => setTimeout(r, 50));
        await (await g.ledger.grants.connect(g.keys.operator).suspendGrant(g.scenarioGrant, ethers.id("audit"))).wait();
        await poller.poll();
        release();
        expect((await pending).allowed).to.equal(true); // decided on what it read before the suspension
        expectDenied(await policy.decide(request()), "GRANT_SUSPENDED");
      });
    });
  });

  describe("when the chain cannot be reached", () => {
    it("throws CHAIN_UNAVAILABLE past the bound, and allows nothing", async () => {
      const { g, policy, request, spy, clock } = await setup({ maxStalenessMs: 5000 });
      expect((await policy.decide(request())).allowed).to.equal(true);
      spy.fail();
      clock.advance(5001);
      const variants: Partial<AccessRequest>[] = [
        {},
        { fields: 0b1n },
        { operation: "download" },
        { resourceId: g.resources[1], fields: 0b11n },
        { grantId: g.publicGrant, scenario: g.publicScenario, fields: 0b1n },
      ];
      for (const v of variants) {
        const error = await expectTdlRejection(() => policy.decide(request(v)), "CHAIN_UNAVAILABLE");
        expect(error.message).to.match(/bound 5000 ms/);
      }
      expect(policy.status().chainFresh).to.equal(false);
    });

    it("throws CHAIN_UNAVAILABLE for a request nothing cached answers, even inside the bound", async () => {
      const { policy, request, spy, clock } = await setup();
      await policy.decide(request());
      spy.fail();
      clock.advance(1000);
      await expectTdlRejection(() => policy.decide(request({ fields: 0b10n })), "CHAIN_UNAVAILABLE");
    });

    it("throws CHAIN_UNAVAILABLE with the real reader pointed at a closed port", async () => {
      const { g, request } = await setup();
      const port = await closedPort();
      const network = ethers.Network.from(31337);
      const provider = new ethers.JsonRpcProvider(`http://127.0.0.1:${port}`, network, { staticNetwork: network });
      try {
        const policy = createAccessPolicy({ reader: createChainGrantReader({ provider, addresses: g.addresses }) });
        await expectTdlRejection(() => policy.decide(request()), "CHAIN_UNAVAILABLE");
        expectDenied(await policy.decide(request({ operation: "export" })), "RAW_EXPORT_REFUSED");
      } finally {
        provider.destroy();
      }
    });

    it("throws CHAIN_UNAVAILABLE when the chain does not answer in time", async () => {
      const { g, request } = await setup();
      const { port, close } = await silentServer();
      const network = ethers.Network.from(31337);
      const provider = new ethers.JsonRpcProvider(`http://127.0.0.1:${port}`, network, { staticNetwork: network });
      try {
        const policy = createAccessPolicy({ reader: createChainGrantReader({ provider, addresses: g.addresses }), readTimeoutMs: 200 });
        const started = Date.now();
        await expectTdlRejection(() => policy.decide(request()), "CHAIN_UNAVAILABLE");
        expect(Date.now() - started).to.be.below(2000);
      } finally {
        provider.destroy();
        await close();
      }
    });
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts connections and never answers. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

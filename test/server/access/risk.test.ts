import { expect } from "chai";
import fc from "fast-check";
import { useSeed } from "../../helpers/seed";
import { createRiskMonitor, type RiskAlert, type RiskLimits } from "../../../server/access";
import { expectTdlError } from "../log/expect-error";
import { fakeClock } from "./helpers";

const MINUTE = 60_000;
const classOf = (resourceId: number) => (resourceId % 4) + 1;

useSeed("server/access/risk.test.ts");

describe("createRiskMonitor", () => {
  describe("LINKAGE (from the columns a query really touched)", () => {
    const q = (resourceId: number, field: string, quasiIdentifier = true) => ({ resourceId, field, quasiIdentifier });

    it("raises one alert when a query combines quasi-identifiers of two resources, naming them", () => {
      const clock = fakeClock(5000);
      const monitor = createRiskMonitor({ clock, windowMs: MINUTE });
      const [alert] = monitor.observeQuery(7, [q(4, "credit_code"), q(1, "credit_code"), q(1, "tax_credit_rating", false)]);
      expect(alert).to.deep.include({ org: 7, type: "LINKAGE", raisedAt: 5000 });
      expect(alert.details).to.deep.equal({ kind: "LINKAGE", resources: [1, 4], columns: ["r1.credit_code", "r4.credit_code"] });
      expect(monitor.alerts({ type: "LINKAGE", org: 7 })).to.deep.equal([alert]);
      // once per window while it lasts; again after the window
      expect(monitor.observeQuery(7, [q(1, "credit_code"), q(4, "credit_code")])).to.deep.equal([]);
      clock.advance(MINUTE);
      expect(monitor.observeQuery(7, [q(1, "credit_code"), q(4, "credit_code")])).to.have.length(1);
    });

    it("raises none for one resource's quasi-identifiers, or for other fields across resources", () => {
      const monitor = createRiskMonitor({ clock: fakeClock(0), windowMs: MINUTE });
      expect(monitor.observeQuery(7, [q(1, "credit_code"), q(1, "name")])).to.deep.equal([]);
      expect(monitor.observeQuery(7, [q(1, "district", false), q(4, "kwh", false)])).to.deep.equal([]);
      expect(monitor.alerts()).to.deep.equal([]);
    });
  });

  describe("AGGREGATION", () => {
    context("when one developer combines more distinct resources than allowed within the window", () => {
      it("raises one alert naming the resources", () => {
        const clock = fakeClock(0);
        const monitor = createRiskMonitor({ clock, windowMs: MINUTE, maxResources: 2 });
        expect(monitor.record({ org: 7, resourceId: 1, classification: 2 })).to.deep.equal([]);
        clock.advance(1000);
        expect(monitor.record({ org: 7, resourceId: 2, classification: 3 })).to.deep.equal([]);
        expect(monitor.record({ org: 7, resourceId: 2, classification: 3 })).to.deep.equal([]);
        clock.advance(1000);
        const [alert] = monitor.record({ org: 7, resourceId: 5, classification: 1 });
        expect(alert.type).to.equal("AGGREGATION");
        expect(alert.org).to.equal(7);
        expect(alert.raisedAt).to.equal(2000);
        expect(alert.details).to.deep.include({ kind: "AGGREGATION", resources: [1, 2, 5], classificationSum: 6, highestLevel: 3, exceeded: ["maxResources"] });
        expect(alert.window.to).to.equal(2000);
        expect(alert.window.to - alert.window.from).to.be.at.most(MINUTE);
        // still over the limit: not raised again within the window
        expect(monitor.record({ org: 7, resourceId: 6, classification: 1 })).to.deep.equal([]);
        expect(monitor.alerts()).to.have.length(1);
      });

      it("does not count other developers' accesses", () => {
        const monitor = createRiskMonitor({ clock: fakeClock(0), windowMs: MINUTE, maxResources: 1 });
        expect(monitor.record({ org: 1, resourceId: 1, classification: 1 })).to.deep.equal([]);
        expect(monitor.record({ org: 2, resourceId: 2, classification: 1 })).to.deep.equal([]);
      });

      it("forgets accesses older than the window", () => {
        const clock = fakeClock(0);
        const monitor = createRiskMonitor({ clock, windowMs: MINUTE, maxResources: 1 });
        monitor.record({ org: 1, resourceId: 1, classification: 1 });
        clock.advance(MINUTE + 1);
        expect(monitor.record({ org: 1, resourceId: 2, classification: 1 })).to.deep.equal([]);
        expect(monitor.window(1)?.resources).to.deep.equal([2]);
      });
    });

    context("when the classification levels combined pass the limit", () => {
      it("raises AGGREGATION with maxClassificationSum exceeded", () => {
        const monitor = createRiskMonitor({ clock: fakeClock(0), windowMs: MINUTE, maxClassificationSum: 6 });
        monitor.record({ org: 1, resourceId: 1, classification: 3 });
        monitor.record({ org: 1, resourceId: 2, classification: 3 });
        const [alert] = monitor.record({ org: 1, resourceId: 3, classification: 1 });
        expect(alert.details).to.deep.include({ exceeded: ["maxClassificationSum"], classificationSum: 7 });
      });

      it("raises AGGREGATION when a resource above maxLevel is linked with another", () => {
        const monitor = createRiskMonitor({ clock: fakeClock(0), windowMs: MINUTE, maxLevel: 3 });
        expect(monitor.record({ org: 1, resourceId: 9, classification: 4 })).to.deep.equal([]); // alone: what the grant allows
        const [alert] = monitor.record({ org: 1, resourceId: 1, classification: 1 });
        expect(alert.details).to.deep.include({ exceeded: ["maxLevel"], highestLevel: 4 });
      });
    });
  });

  describe("RATE", () => {
    context("when accesses within the window exceed the rate", () => {
      it("raises RATE once per window while it lasts", () => {
        const clock = fakeClock(0);
        const monitor = createRiskMonitor({ clock, windowMs: MINUTE, maxRatePerWindow: 3 });
        for (let i = 0; i < 3; i++) expect(monitor.record({ org: 4, resourceId: 1, classification: 1 })).to.deep.equal([]);
        const [alert] = monitor.record({ org: 4, resourceId: 1, classification: 1 });
        expect(alert.type).to.equal("RATE");
        expect(alert.details).to.deep.equal({ kind: "RATE", accesses: 4, maxRatePerWindow: 3 });
        for (let i = 0; i < 10; i++) expect(monitor.record({ org: 4, resourceId: 1, classification: 1 })).to.deep.equal([]);
        clock.advance(MINUTE);
        for (let i = 0; i < 3; i++) monitor.record({ org: 4, resourceId: 1, classification: 1 });
        expect(monitor.record({ org: 4, resourceId: 1, classification: 1 }).map((a) => a.type)).to.deep.equal(["RATE"]);
      });
    });
  });

  describe("observe", () => {
    it("records allowed decisions only", () => {
      const monitor = createRiskMonitor({ clock: fakeClock(0), windowMs: MINUTE, maxRatePerWindow: 1 });
      expect(monitor.observe({ org: 4, resourceId: 1 }, { allowed: false, classification: 2 })).to.deep.equal([]);
      expect(monitor.observe({ org: 4, resourceId: 1 }, { allowed: true })).to.deep.equal([]);
      expect(monitor.window(4)).to.equal(null);
      monitor.observe({ org: 4, resourceId: 1 }, { allowed: true, classification: 2 });
      expect(monitor.observe({ org: 4, resourceId: 1 }, { allowed: true, classification: 2 }).map((a) => a.type)).to.deep.equal(["RATE"]);
    });
  });

  describe("alerts", () => {
    it("lists by time and organisation, tells onAlert, and keeps at most maxAlerts", () => {
      const clock = fakeClock(0);
      const told: RiskAlert[] = [];
      const monitor = createRiskMonitor({ clock, windowMs: 1000, maxRatePerWindow: 0, maxAlerts: 3, onAlert: (a) => told.push(a) });
      for (let i = 0; i < 5; i++) {
        monitor.record({ org: i % 2, resourceId: 1, classification: 1 });
        clock.advance(1000);
      }
      expect(told.map((a) => a.raisedAt)).to.deep.equal([0, 1000, 2000, 3000, 4000]);
      expect(monitor.alerts().map((a) => a.raisedAt)).to.deep.equal([2000, 3000, 4000]);
      expect(monitor.alerts({ since: 3000 }).map((a) => a.raisedAt)).to.deep.equal([3000, 4000]);
      expect(monitor.alerts({ org: 0 }).map((a) => a.raisedAt)).to.deep.equal([2000, 4000]);
      expect(monitor.alerts({ type: "AGGREGATION" })).to.deep.equal([]);
      expect(new Set(told.map((a) => a.id)).size).to.equal(5);
    });
  });

  describe("memory", () => {
    it("drops organisations whose window has passed", () => {
      const clock = fakeClock(0);
      const monitor = createRiskMonitor({ clock, windowMs: MINUTE, maxResources: 1000 });
      for (let org = 0; org < 500; org++) monitor.record({ org, resourceId: org, classification: 1 });
      expect(monitor.trackedOrganizations()).to.equal(500);
      clock.advance(2 * MINUTE);
      monitor.record({ org: 9999, resourceId: 1, classification: 1 });
      expect(monitor.trackedOrganizations()).to.equal(1);
    });

    it("keeps one developer's window bounded however many accesses it makes", () => {
      const clock = fakeClock(0);
      const monitor = createRiskMonitor({ clock, windowMs: MINUTE, buckets: 6, maxRatePerWindow: 1e9 });
      for (let i = 0; i < 20_000; i++) {
        monitor.record({ org: 1, resourceId: i % 3, classification: 1 });
        clock.advance(10);
      }
      const window = monitor.window(1);
      expect(window?.resources).to.deep.equal([0, 1, 2]);
      expect(window?.accesses).to.be.at.most(MINUTE / 10 + 1);
      expect(window?.accesses).to.be.at.least((MINUTE * 5) / 6 / 10);
    });
  });

  describe("configuration", () => {
    it("refuses a window that is not positive and negative limits", () => {
      expectTdlError(() => createRiskMonitor({ windowMs: 0 }), "CONFIG_INVALID");
      expectTdlError(() => createRiskMonitor({ windowMs: 1000, maxResources: -1 }), "CONFIG_INVALID");
    });
  });

  describe("properties", () => {
    const access = fc.record({
      dt: fc.integer({ min: 0, max: 20_000 }),
      org: fc.integer({ min: 1, max: 3 }),
      resourceId: fc.integer({ min: 1, max: 8 }),
    });
    const limits = fc.record({
      windowMs: fc.integer({ min: 1000, max: 120_000 }),
      maxResources: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
      maxClassificationSum: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }),
      maxLevel: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      maxRatePerWindow: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
    });
    const buckets = fc.integer({ min: 1, max: 30 });

    it("raises no alert when everything ever accessed stays under every limit", () => {
      fc.assert(
        fc.property(limits, buckets, fc.array(access, { maxLength: 60 }), (l, slices, accesses) => {
          const clock = fakeClock(1_700_000_000_000);
          const monitor = createRiskMonitor({ ...l, buckets: slices, clock });
          const seen = new Map<number, { count: number; resources: Set<number> }>();
          for (const a of accesses) {
            const s = seen.get(a.org) ?? { count: 0, resources: new Set<number>() };
            s.count++;
            s.resources.add(a.resourceId);
            seen.set(a.org, s);
          }
          const under = [...seen.values()].every(({ count, resources }) => {
            const levels = [...resources].map(classOf);
            return (
              (l.maxResources === undefined || resources.size <= l.maxResources) &&
              (l.maxClassificationSum === undefined || levels.reduce((x, y) => x + y, 0) <= l.maxClassificationSum) &&
              (l.maxLevel === undefined || resources.size < 2 || Math.max(...levels) <= l.maxLevel) &&
              (l.maxRatePerWindow === undefined || count <= l.maxRatePerWindow)
            );
          });
          fc.pre(under);
          for (const a of accesses) {
            clock.advance(a.dt);
            monitor.record({ org: a.org, resourceId: a.resourceId, classification: classOf(a.resourceId) });
          }
          expect(monitor.alerts()).to.deep.equal([]);
        }),
      );
    });

    it("raises RATE and AGGREGATION when a burst at one instant passes the limits", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 6 }), (maxRate, maxResources) => {
          const monitor = createRiskMonitor({ clock: fakeClock(5), windowMs: MINUTE, maxRatePerWindow: maxRate, maxResources });
          const burst = Math.max(maxRate, maxResources) + 1;
          for (let i = 0; i < burst; i++) monitor.record({ org: 1, resourceId: i, classification: 1 });
          const types = monitor.alerts({ org: 1 }).map((a) => a.type);
          expect(types).to.include("RATE");
          expect(types).to.include("AGGREGATION");
          expect(types).to.have.length(2);
        }),
      );
    });

    it("raises exactly the alerts a naive reference over the full history raises", () => {
      fc.assert(
        fc.property(limits, buckets, fc.array(access, { maxLength: 80 }), (l, slices, accesses) => {
          const start = 1_700_000_000_000;
          const clock = fakeClock(start);
          const monitor = createRiskMonitor({ ...l, buckets: slices, clock });
          const got = [];
          for (const a of accesses) {
            clock.advance(a.dt);
            got.push(...monitor.record({ org: a.org, resourceId: a.resourceId, classification: classOf(a.resourceId) }));
          }
          const expected = reference(l, slices, start, accesses);
          expect(got.map((a) => ({ org: a.org, type: a.type, raisedAt: a.raisedAt, resources: a.details.kind === "AGGREGATION" ? a.details.resources : undefined }))).to.deep.equal(expected);
        }),
        { numRuns: 300 },
      );
    });
  });
});

/** The monitor's rules over the whole history, with no pruning and no incremental state. */
function reference(l: RiskLimits, slices: number, start: number, accesses: { dt: number; org: number; resourceId: number }[]) {
  const bucketMs = Math.max(1, Math.ceil(l.windowMs / slices));
  const history: { t: number; org: number; resourceId: number }[] = [];
  const lastRaised = new Map<string, number>();
  const alerts: { org: number; type: string; raisedAt: number; resources?: number[] }[] = [];
  let t = start;
  for (const a of accesses) {
    t += a.dt;
    history.push({ t, org: a.org, resourceId: a.resourceId });
    const first = Math.floor(t / bucketMs) - slices + 1;
    const inWindow = history.filter((h) => h.org === a.org && Math.floor(h.t / bucketMs) >= first);
    const resources = [...new Set(inWindow.map((h) => h.resourceId))].sort((x, y) => x - y);
    const levels = resources.map(classOf);
    const sum = levels.reduce((x, y) => x + y, 0);
    const level = Math.max(0, ...levels);
    const aggregation =
      (l.maxResources !== undefined && resources.length > l.maxResources) ||
      (l.maxClassificationSum !== undefined && sum > l.maxClassificationSum) ||
      (l.maxLevel !== undefined && resources.length >= 2 && level > l.maxLevel);
    const rate = l.maxRatePerWindow !== undefined && inWindow.length > l.maxRatePerWindow;
    const quiet = (type: string) => {
      const last = lastRaised.get(`${a.org}:${type}`);
      return last === undefined || t - last >= l.windowMs;
    };
    if (aggregation && quiet("AGGREGATION")) {
      lastRaised.set(`${a.org}:AGGREGATION`, t);
      alerts.push({ org: a.org, type: "AGGREGATION", raisedAt: t, resources });
    }
    if (rate && quiet("RATE")) {
      lastRaised.set(`${a.org}:RATE`, t);
      alerts.push({ org: a.org, type: "RATE", raisedAt: t, resources: undefined });
    }
  }
  return alerts;
}

/**
 * The plan at the proven optimum, checked against exhaustive oracles written without the engine's
 * code (plan-fixtures.ts) on thousands of random small days: the best cover the same people could
 * give, the least heaviest route for as many contiguous routes, and the metrics that report both
 * (a lower bound that means something, and a note where a plan falls short and why).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planDay, replan } from "../../src/domain/plan/index.ts";
import { makeCompound, oracleCoverCurve, oracleMaxLoad, smallDay, smallDayFacts } from "./plan-fixtures.ts";

const scale = Number(process.env.PLAN_RUNS ?? 150) / 150;
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * scale)) });
const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe("against the exhaustive oracle on random small days", { timeout: 60_000 }, () => {
  it("covers what the best cover of the people off the gate crew covers, and says so in the metrics", () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const input = smallDay(seed, { pinShare: 0 });
        const plan = planDay(input);
        const facts = smallDayFacts(input);
        if (!facts.routeBlock) return;
        const gate = new Set(plan.posts.filter((p) => p.priority === "before_routes").flatMap((p) => p.volunteerIds));
        const walkers = facts.people.filter((p) => p.walker && !gate.has(p.id)).length;
        const n = facts.zones.reduce((k, z) => k + z.buildings.length, 0);
        const best = oracleCoverCurve(facts, walkers)[walkers]!;
        const households = plan.routes.reduce((k, r) => k + r.households, 0);
        expect(households * (n + 1) + plan.metrics.covered).toBe(best);
        expect(plan.metrics.optimum).toMatchObject({
          covered: best % (n + 1),
          households: Math.floor(best / (n + 1)),
          coverageGap: { buildings: 0, households: 0 },
        });
      }),
      runs(2000),
    );
  });

  it("has the least heaviest route any contiguous cut into as many routes could have", () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const input = smallDay(seed, { pinShare: 0, yesterday: true });
        const plan = planDay(input);
        if (plan.routes.length === 0) return;
        const facts = smallDayFacts(input);
        const covered = new Set(plan.routes.flatMap((r) => r.buildings));
        const best = oracleMaxLoad(facts, covered, plan.routes.length);
        expect(plan.metrics.maxRouteLoad).toBe(best);
        expect(plan.metrics.loadLowerBound).toBe(best);
        expect(plan.metrics.loadRatio).toBe(1);
        expect(plan.metrics.optimum.notes).toEqual([]);
      }),
      runs(2000),
    );
  });

  it("with pins, falls short of the best cover only for pinned buildings, and says so", () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const input = smallDay(seed, { pinShare: 0.5, yesterday: true });
        const plan = planDay(input);
        const codes = plan.metrics.optimum.notes.map((n) => n.code);
        expect(codes.filter((c) => c !== "cover_below_optimum_pinned_buildings")).toEqual([]);
        expect(plan.metrics.loadRatio ?? 1).toBe(1);
        // Two people pinned to one one-person route used to leave another route with nobody
        // (and its buildings uncovered) while the cut still counted both as walkers.
        if (plan.routes.length === 0) return;
        const covered = new Set(plan.routes.flatMap((r) => r.buildings));
        expect(plan.metrics.maxRouteLoad).toBe(oracleMaxLoad(smallDayFacts(input), covered, plan.routes.length));
      }),
      runs(2000),
    );
  });
});

describe("the lower bound", { timeout: 60_000 }, () => {
  it("is the partition optimum, not the largest building: on thin compound days it binds", () => {
    let aboveLargestBuilding = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const input = makeCompound({ seed, signups: 35 + seed });
      const plan = planDay(input);
      const load = new Map(input.buildings.map((b) => [b.id, b.households]));
      for (const p of input.parcels) load.set(p.building, (load.get(p.building) ?? 0) + p.count);
      const largest = Math.max(...plan.routes.flatMap((r) => r.buildings.map((b) => load.get(b) ?? 0)));
      expect(plan.metrics.loadRatio).toBe(1);
      expect(plan.metrics.optimum.notes).toEqual([]);
      // The old bound was max(total / routes, largest building) and equalled the largest building.
      if (plan.metrics.loadLowerBound > largest) aboveLargestBuilding++;
    }
    expect(aboveLargestBuilding).toBeGreaterThan(10);
  });

  it("names a replan that leaves the optimum, instead of calling it the engine's best", () => {
    const input = makeCompound({ seed: 3, signups: 40 });
    const plan = planDay(input);
    for (const a of plan.assignments.filter((x) => x.kind === "route").slice(0, 10)) {
      const { plan: next } = replan(plan, input, { kind: "decline", volunteerId: a.volunteerId });
      for (const note of next.metrics.optimum.notes) expect(note.code).toMatch(/_replanned$/);
    }
  });
});

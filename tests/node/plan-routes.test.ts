/**
 * Routes are contiguous stretches of a zone's walking order, cut exactly: the dynamic programs in
 * contiguous-cut.ts against brute force over every cut, the B1 40 / B2 90 / B3 50 example,
 * and contiguity, balance-before-continuity and determinism on random days.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutStretch, minMaxLoad } from "../../src/domain/plan/contiguous-cut.ts";
import { planDay, replan, type PlanInput } from "../../src/domain/plan/index.ts";
import {
  contiguityViolations,
  demoSupplies,
  demoWorkflow,
  hardRuleViolations,
  makeCompound,
  smallDay,
  withYesterday,
} from "./plan-fixtures.ts";

const scale = Number(process.env.PLAN_RUNS ?? 150) / 150;
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * scale)) });

/** Every way to cut `loads` into k non-empty contiguous pieces, as lengths. */
function allCuts(n: number, k: number): number[][] {
  if (k === 1) return n >= 1 ? [[n]] : [];
  const out: number[][] = [];
  for (let first = 1; first <= n - k + 1; first++)
    for (const rest of allCuts(n - first, k - 1)) out.push([first, ...rest]);
  return out;
}

function heaviest(loads: readonly number[], lengths: readonly number[]): number {
  let offset = 0;
  let max = 0;
  for (const len of lengths) {
    max = Math.max(
      max,
      loads.slice(offset, offset + len).reduce((a, b) => a + b, 0),
    );
    offset += len;
  }
  return max;
}

const stretch = fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 10 });

describe("the exact cut of one stretch", { timeout: 60_000 }, () => {
  it("minMaxLoad equals brute force over every contiguous cut", () => {
    fc.assert(
      fc.property(stretch, fc.integer({ min: 1, max: 10 }), (loads, k) => {
        const kk = Math.min(k, loads.length);
        const brute = Math.min(...allCuts(loads.length, kk).map((c) => heaviest(loads, c)));
        expect(minMaxLoad(loads, kk)).toBe(brute);
      }),
      runs(1000),
    );
  });

  it("cutStretch reaches that optimum in exactly k pieces, the most even way among optimal cuts", () => {
    fc.assert(
      fc.property(stretch, fc.integer({ min: 1, max: 10 }), (loads, k) => {
        const kk = Math.min(k, loads.length);
        const best = minMaxLoad(loads, kk);
        const cut = cutStretch(loads, kk, best)!;
        expect(cut.length).toBe(kk);
        expect(cut.reduce((a, b) => a + b, 0)).toBe(loads.length);
        expect(heaviest(loads, cut)).toBe(best);
        const squares = (c: readonly number[]) => {
          let offset = 0;
          return c.reduce((n, len) => {
            const l = loads.slice(offset, (offset += len)).reduce((a, b) => a + b, 0);
            return n + l * l;
          }, 0);
        };
        const optimal = allCuts(loads.length, kk).filter((c) => heaviest(loads, c) === best);
        expect(squares(cut)).toBe(Math.min(...optimal.map(squares)));
      }),
      runs(1000),
    );
  });

  it("keeps the pieces a score favours when the limit leaves room", () => {
    // Yesterday {40} {90, 50}: limit 140 allows it, and the score asks for a cut after the first.
    expect(cutStretch([40, 90, 50], 2, 130, (from) => (from === 1 ? 1 : 0))).toEqual([2, 1]);
    expect(cutStretch([40, 90, 50], 2, 140, (from) => (from === 1 ? 1 : 0))).toEqual([1, 2]);
  });
});

describe("routes in the plan", { timeout: 60_000 }, () => {
  const B = (id: string, households: number, routeOrder: number) => ({ id, zone: "东区", households, routeOrder });
  const day = (rules: PlanInput["rules"]): PlanInput => ({
    date: "2022-04-19",
    seed: 1,
    buildings: [B("B1", 40, 1), B("B2", 90, 2), B("B3", 50, 3)],
    volunteers: ["V1", "V2"].map((id) => ({ id, age: 30, availability: "all_day" as const, roles: [] })),
    workflow: demoWorkflow("2022-04-19").filter((s) => s.scope === "route"),
    parcels: [],
    supplies: demoSupplies(),
    rules,
  });

  it("B1 40 / B2 90 / B3 50 with two people: {B1, B2} and {B3}, never {B1, B3} and {B2}", () => {
    for (const rules of [{ standbyShare: 0 }, { routeCapacity: 150 }]) {
      const plan = planDay(day(rules));
      expect(plan.routes.map((r) => r.buildings)).toEqual([["B1", "B2"], ["B3"]]);
      expect(plan.metrics.maxRouteLoad).toBe(130);
    }
  });

  it("are contiguous in walking order on random days, next days included", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const input = smallDay(seed, { yesterday: true });
        const plan = planDay(input);
        expect(contiguityViolations(input, plan)).toEqual([]);
        const next = withYesterday(input, plan);
        expect(contiguityViolations(next, planDay(next))).toEqual([]);
      }),
      runs(1000),
    );
  });

  it("are contiguous on thin compound days, where routes hold several buildings", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const input = makeCompound({ seed, signups: 35 + (seed % 20) });
      const plan = planDay(input);
      expect(contiguityViolations(input, plan)).toEqual([]);
      const next = withYesterday(input, plan);
      expect(contiguityViolations(next, planDay(next))).toEqual([]);
    }
  });

  it("keep yesterday's routes only where that costs no balance: the heaviest route is the fresh plan's", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const input = makeCompound({ seed, signups: 35 + (seed % 20) });
      const next = withYesterday(input, planDay(input));
      const fresh = planDay({ ...next, volunteers: next.volunteers.map((v) => ({ ...v, yesterday: null })) });
      const kept = planDay(next);
      // The same number of routes over the same buildings, so the same optimum applies.
      if (kept.metrics.routes !== fresh.metrics.routes || kept.metrics.covered !== fresh.metrics.covered) continue;
      expect(kept.metrics.maxRouteLoad).toBe(fresh.metrics.maxRouteLoad);
      expect(kept.metrics.continuity.ratio ?? 0).toBeGreaterThanOrEqual(0.5);
    }
  });
});

describe("routes after a replan", { timeout: 60_000 }, () => {
  it("stay contiguous after a decline, a late sign-up, or a building added anywhere in the walk", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.nat(),
        fc.integer({ min: 10, max: 260 }),
        (seed, pick, households) => {
          const input = smallDay(seed, { yesterday: true, pinShare: 0.4 });
          const plan = planDay(input);
          if (plan.assignments.length > 0) {
            const id = plan.assignments[pick % plan.assignments.length]!.volunteerId;
            const after = { ...input, volunteers: input.volunteers.filter((v) => v.id !== id) };
            expect(contiguityViolations(after, replan(plan, input, { kind: "decline", volunteerId: id }).plan)).toEqual(
              [],
            );
          }
          const volunteer = { id: "V-late", age: 30, availability: "all_day" as const, roles: [] };
          const signedUp = { ...input, volunteers: [...input.volunteers, volunteer] };
          expect(contiguityViolations(signedUp, replan(plan, input, { kind: "signup", volunteer }).plan)).toEqual([]);
          // A new building between two of a route's buildings joins it, or the route is cut there.
          const next = input.buildings[pick % input.buildings.length]!;
          const building = { id: "99号楼", zone: next.zone, households, routeOrder: next.routeOrder };
          const added = { ...input, buildings: [...input.buildings, building] };
          const repaired = replan(plan, input, { kind: "building_added", building }).plan;
          expect(contiguityViolations(added, repaired)).toEqual([]);
          expect(hardRuleViolations(added, repaired)).toEqual([]);
        },
      ),
      runs(1000),
    );
  });
});

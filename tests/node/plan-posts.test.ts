/**
 * Posts are filled by a max-gain flow, not greedily: the issue's A/B/C/D example, and on
 * thousands of random small days the engine's gate places, route walkers kept free and other
 * posts' places equal an exhaustive dynamic program over the same people (plan-fixtures.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planDay, type PlanInput, type VolunteerInput } from "../../src/domain/plan/index.ts";
import {
  demoSupplies,
  demoWorkflow,
  hardRuleViolations,
  oraclePostPlaces,
  oracleCoverCurve,
  smallDay,
  smallDayFacts,
} from "./plan-fixtures.ts";

const scale = Number(process.env.PLAN_RUNS ?? 150) / 150;
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * scale)) });

describe("filling posts", { timeout: 60_000 }, () => {
  it("A (AM; gate, trainer), B (all-day; gate), C, D: A briefs, B takes the gate, C or D walks", () => {
    const person = (id: string, extra: Partial<VolunteerInput>): VolunteerInput => ({
      id,
      age: 30,
      availability: "all_day",
      roles: [],
      ...extra,
    });
    const workflow = demoWorkflow("2022-04-19").filter((s) => s.scope === "route" || s.id === "P1" || s.id === "P4");
    const input: PlanInput = {
      date: "2022-04-19",
      seed: 1,
      buildings: [{ id: "B1", zone: "Z", households: 60, routeOrder: 1 }],
      volunteers: [
        person("A", { availability: "am", roles: ["gate", "trainer"] }),
        person("B", { roles: ["gate"] }),
        person("C", {}),
        person("D", {}),
      ],
      workflow: workflow.map((s) => (s.scope === "post" ? { ...s, headcount: 1 } : s)),
      parcels: [],
      supplies: demoSupplies(),
    };
    const plan = planDay(input);
    expect(plan.posts.map((p) => [p.id, p.volunteerIds])).toEqual([
      ["P4", ["A"]],
      ["P1", ["B"]],
    ]);
    expect(plan.metrics.coverage).toBe(1);
    expect(hardRuleViolations(input, plan)).toEqual([]);
  });

  it("equals the exhaustive optimum on random small days: gate places, then cover, then other posts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const input = smallDay(seed, { pinShare: 0 });
        const plan = planDay(input);
        const facts = smallDayFacts(input);
        const walkersAll = facts.people.filter((p) => p.walker).length;
        const cover = facts.routeBlock ? oracleCoverCurve(facts, walkersAll) : [0];
        const best = oraclePostPlaces(facts, cover);
        const filled = (priority: string) =>
          plan.posts.filter((p) => p.priority === priority).reduce((n, p) => n + p.volunteerIds.length, 0);
        const scale = facts.zones.reduce((n, z) => n + z.buildings.length, 0) + 1;
        const covered = plan.routes.reduce((n, r) => n + r.households * scale + r.buildings.length, 0);
        expect({ gate: filled("before_routes"), cover: covered, after: filled("after_routes") }).toEqual(best);
      }),
      runs(2000),
    );
  });
});

/**
 * Property tests over random compounds (1–4 zones, 1–8 buildings a zone, 0–70 sign-ups with
 * random AM/PM shares, roles, pins, over-age people, capacities and team sizes). Example tests
 * show the engine does the right thing on cases we thought of; these show the hard rules hold on
 * the ones we did not.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planDay, replan, toMinutes, type PlanInput, type TimeOfDay } from "../../src/domain/plan/index.ts";
import { hardRuleViolations, makeCompound, shuffledInput, withYesterday } from "./plan-fixtures.ts";

const compound = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    zones: fc.integer({ min: 1, max: 4 }),
    buildingsPerZone: fc.integer({ min: 1, max: 8 }),
    signups: fc.integer({ min: 0, max: 70 }),
    amShare: fc.double({ min: 0, max: 0.4, noNaN: true }),
    pmShare: fc.double({ min: 0, max: 0.4, noNaN: true }),
    captainsPerZone: fc.integer({ min: 0, max: 2 }),
    gate: fc.integer({ min: 0, max: 16 }),
    pcr: fc.integer({ min: 0, max: 8 }),
    trainers: fc.integer({ min: 0, max: 3 }),
    pcrDay: fc.boolean(),
    pins: fc.boolean(),
    overAge: fc.integer({ min: 0, max: 3 }),
    routeCapacity: fc.constantFrom(80, 120, 200, 400),
    maxTeamSize: fc.integer({ min: 1, max: 3 }),
    // Routes that fit the morning or the afternoon let AM or PM people walk them too.
    routeHours: fc.constantFrom("demo", "morning", "afternoon"),
    headcounts: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ routeCapacity, maxTeamSize, routeHours, headcounts, ...o }): PlanInput => {
    const input = makeCompound({
      ...o,
      households: o.zones * o.buildingsPerZone * 48,
      roster: o.signups + 20,
      date: "2022-04-19",
    });
    let post = 0;
    const workflow = input.workflow.map((s) => {
      if (s.scope === "post") return { ...s, headcount: headcounts[post++] ?? 1 };
      if (routeHours === "demo") return s;
      // Squeeze 07:30–15:00 into 07:30–11:15 (morning) or move it to 12:00–15:45 (afternoon).
      const squeeze = (t: TimeOfDay): number => {
        const m = toMinutes(t);
        return (routeHours === "morning" ? 450 : 720) + (m - 450) / 2;
      };
      return { ...s, start: squeeze(s.start), end: squeeze(s.end) };
    });
    return { ...input, workflow, rules: { routeCapacity, maxTeamSize } };
  });

// PLAN_RUNS=5000 for a long soak; the default keeps the suite at a few seconds.
const scale = Number(process.env.PLAN_RUNS ?? 150) / 150;
const runs = { numRuns: Math.round(150 * scale) };

describe("hard rules", () => {
  it("hold on every random compound", () => {
    fc.assert(
      fc.property(compound, (input) => {
        expect(hardRuleViolations(input, planDay(input))).toEqual([]);
      }),
      runs,
    );
  });

  it("hold on the next day too, when people carry yesterday's duties", () => {
    fc.assert(
      fc.property(compound, (input) => {
        const next = withYesterday(input, planDay(input));
        expect(hardRuleViolations(next, planDay(next))).toEqual([]);
      }),
      { numRuns: Math.round(60 * scale) },
    );
  });
});

describe("coverage", () => {
  it("covers every building whenever the all-day people left after posts could walk one each", () => {
    fc.assert(
      fc.property(compound, (input) => {
        const capacity = input.rules?.routeCapacity ?? 200;
        const load = new Map(input.buildings.map((b) => [b.id, b.households]));
        for (const p of input.parcels) load.set(p.building, (load.get(p.building) ?? 0) + p.count);
        // One route per building is always a valid cover, so this many route walkers is always enough.
        const enough = [...load.values()].reduce((n, l) => n + Math.max(1, Math.ceil(l / capacity)), 0);
        const postPlaces = input.workflow.reduce((n, s) => n + (s.scope === "post" ? (s.headcount ?? 0) : 0), 0);
        const walkers = input.volunteers.filter((v) => v.age < 50 && v.availability === "all_day").length;
        fc.pre(walkers - postPlaces >= enough);
        expect(planDay(input).metrics.coverage).toBe(1);
      }),
      runs,
    );
  });
});

describe("determinism", () => {
  it("gives byte-identical plans for the same input and seed, whatever order the rows come in", () => {
    fc.assert(
      fc.property(compound, fc.integer(), (input, shuffleSeed) => {
        const plan = JSON.stringify(planDay(input));
        expect(JSON.stringify(planDay(structuredClone(input)))).toBe(plan);
        expect(JSON.stringify(planDay(shuffledInput(input, shuffleSeed)))).toBe(plan);
      }),
      { numRuns: Math.round(80 * scale) },
    );
  });
});

describe("declines", () => {
  it("change the decliner and at most two others per place they held, each taking a named place, and nobody else", () => {
    fc.assert(
      fc.property(compound, fc.nat(), (input, pick) => {
        const plan = planDay(input);
        fc.pre(plan.assignments.length > 0);
        const leaving = plan.assignments[pick % plan.assignments.length]!;
        const declined = leaving.volunteerId;
        const { plan: next, diff } = replan(plan, input, { kind: "decline", volunteerId: declined });

        // A gate-crew member holding both waves as one block leaves two places to fill.
        expect(diff.length).toBeLessThanOrEqual(1 + 2 * (leaving.shifts?.length ?? 1));
        expect(next.metrics.changed).toBe(diff.length);
        expect(diff.find((d) => d.volunteerId === declined)?.after).toBeNull();
        // A chain: each mover took the place of the decliner or of another mover.
        const movers = new Set(diff.map((d) => d.volunteerId));
        for (const d of diff) if (d.volunteerId !== declined) expect(movers.has(d.replaces ?? "")).toBe(true);
        // Everyone else keeps exactly what they had.
        const before = new Map(plan.assignments.map((a) => [a.volunteerId, a]));
        for (const a of next.assignments) {
          if (movers.has(a.volunteerId)) continue;
          const b = before.get(a.volunteerId)!;
          expect([a.kind, a.postId, a.buildings]).toEqual([b.kind, b.postId, b.buildings]);
        }
        const after = { ...input, volunteers: input.volunteers.filter((v) => v.id !== declined) };
        expect(hardRuleViolations(after, next)).toEqual([]);
      }),
      runs,
    );
  });
});

describe("sign-ups and new buildings", () => {
  it("a late sign-up moves nobody but the newcomer, and standby only to cover buildings with them", () => {
    fc.assert(
      fc.property(
        compound,
        fc.constantFrom("all_day", "am", "pm") as fc.Arbitrary<"all_day" | "am" | "pm">,
        (input, availability) => {
          const plan = planDay(input);
          const volunteer = {
            id: "V-late",
            age: 30,
            availability,
            roles: ["gate"],
            homeBuilding: input.buildings[0]!.id,
          };
          const { plan: next, diff } = replan(plan, input, { kind: "signup", volunteer });
          expect(diff.map((d) => d.volunteerId)).toContain("V-late");
          // Anyone else who moved was on standby and now walks, with the newcomer, buildings
          // that were uncovered (a building needing a team the newcomer could not cover alone).
          const others = diff.filter((d) => d.volunteerId !== "V-late");
          for (const d of others) expect([d.before?.kind, d.after?.kind]).toEqual(["standby", "route"]);
          if (others.length > 0) expect(next.metrics.covered).toBeGreaterThan(plan.metrics.covered);
          expect(hardRuleViolations({ ...input, volunteers: [...input.volunteers, volunteer] }, next)).toEqual([]);
        },
      ),
      runs,
    );
  });

  it("signing up again with other hours or another pin moves at most that person and two others per place", () => {
    fc.assert(
      fc.property(
        compound,
        fc.nat(),
        fc.constantFrom("all_day", "am", "pm") as fc.Arbitrary<"all_day" | "am" | "pm">,
        fc.constantFrom(null, "P1", "P3", "standby", "route"),
        (input, pick, availability, pin) => {
          const plan = planDay(input);
          fc.pre(input.volunteers.length > 0);
          const old = input.volunteers[pick % input.volunteers.length]!;
          const volunteer = { ...old, availability, pin };
          const { plan: next, diff } = replan(plan, input, { kind: "signup", volunteer });
          // Leaving their old duty is a decline: its repair may move one more person (a chain),
          // per place they held (a gate-crew block of both waves is two places).
          const held = plan.assignments.find((a) => a.volunteerId === old.id)?.shifts?.length ?? 1;
          expect(diff.length).toBeLessThanOrEqual(1 + 2 * held);
          if (diff.length >= 2) expect(diff.map((d) => d.volunteerId)).toContain(old.id);
          const after = { ...input, volunteers: input.volunteers.map((v) => (v.id === old.id ? volunteer : v)) };
          expect(hardRuleViolations(after, next)).toEqual([]);
        },
      ),
      runs,
    );
  });

  it("a new building is covered by at most its route's team, and the rules still hold", () => {
    fc.assert(
      fc.property(compound, fc.integer({ min: 10, max: 120 }), (input, households) => {
        const plan = planDay(input);
        const building = { id: "999号楼", zone: input.buildings[0]!.zone, households, routeOrder: 99 };
        const { plan: next, diff } = replan(plan, input, { kind: "building_added", building });
        const route = next.routes.find((r) => r.buildings.includes("999号楼"));
        expect(diff.length).toBeLessThanOrEqual(route ? route.volunteerIds.length : 0);
        expect(hardRuleViolations({ ...input, buildings: [...input.buildings, building] }, next)).toEqual([]);
      }),
      runs,
    );
  });
});

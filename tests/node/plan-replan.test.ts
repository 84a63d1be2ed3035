/**
 * Replanning after a published plan meets reality: a decline, a late sign-up, a building added.
 * Every move is a message to a volunteer, so these tests pin down who moves and who does not.
 */
import { describe, expect, it } from "vitest";
import { planDay, replan, type PlanInput, type VolunteerInput } from "../../src/domain/plan/index.ts";
import { demoSupplies, demoWorkbookInput, demoWorkflow, hardRuleViolations, makeCompound } from "./plan-fixtures.ts";

const DATE = "2022-04-19";
const input = demoWorkbookInput();
const plan = planDay(input);
const kindOf = (id: string) => plan.assignments.find((a) => a.volunteerId === id)?.kind;
const without = (i: PlanInput, id: string): PlanInput => ({
  ...i,
  volunteers: i.volunteers.filter((v) => v.id !== id),
});

describe("a decline", () => {
  it("on a one-person route is taken by a standby, and nobody else moves", () => {
    const route = plan.routes.find((r) => r.volunteerIds.length === 1)!;
    const declined = route.volunteerIds[0]!;
    const { plan: next, diff } = replan(plan, input, { kind: "decline", volunteerId: declined });
    expect(diff).toHaveLength(2);
    const taker = diff.find((d) => d.volunteerId !== declined)!;
    expect(kindOf(taker.volunteerId)).toBe("standby");
    expect(taker).toMatchObject({ replaces: declined, after: { kind: "route", postId: route.id } });
    expect(next.metrics.changed).toBe(2);
    expect(next.metrics.coverage).toBe(1);
    expect(hardRuleViolations(without(input, declined), next)).toEqual([]);
  });

  it("at the gate is taken whole by a standby who can stay for both waves", () => {
    // The demo's gate crew hold both waves (P1 + P2) as one block; a late all-day gate sign-up
    // waits on standby and takes a leaver's whole block: one move, one suit.
    const declined = plan.posts
      .find((p) => p.id === "P2")!
      .volunteerIds.find((id) => !input.volunteers.find((x) => x.id === id)!.pin)!;
    expect(plan.assignments.find((a) => a.volunteerId === declined)?.shifts).toEqual(["P1", "P2"]);
    const late: VolunteerInput = {
      id: "V900",
      age: 30,
      availability: "all_day",
      roles: ["gate"],
      homeBuilding: "1号楼",
    };
    const signed = replan(plan, input, { kind: "signup", volunteer: late });
    expect(signed.diff.map((d) => [d.volunteerId, d.after?.kind])).toEqual([["V900", "standby"]]);

    const withLate = { ...input, volunteers: [...input.volunteers, late] };
    const { plan: next, diff } = replan(signed.plan, withLate, { kind: "decline", volunteerId: declined });
    expect(diff.map((d) => [d.volunteerId, d.after?.postId ?? null, d.replaces])).toEqual(
      [
        [declined, null, null],
        ["V900", "P1", declined],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(next.assignments.find((a) => a.volunteerId === "V900")).toMatchObject({ shifts: ["P1", "P2"] });
    expect(hardRuleViolations(without(withLate, declined), next)).toEqual([]);
  });

  it("at the gate, with nobody to stay for both waves, gives each wave to a standby who fits its hours", () => {
    // Only AM and PM gate people wait on standby once the all-day gate standbys lose the role.
    const allDayGate = (id: string) => {
      const v = input.volunteers.find((x) => x.id === id)!;
      return v.availability === "all_day" && v.roles.includes("gate");
    };
    const standby = new Set(plan.assignments.filter((a) => a.kind === "standby").map((a) => a.volunteerId));
    // Everyone trained here: an untrained AM standby could not take the 07:00 wave at all.
    const narrow: PlanInput = {
      ...input,
      volunteers: input.volunteers.map((v) =>
        standby.has(v.id) && allDayGate(v.id)
          ? { ...v, trained: true, roles: v.roles.filter((r) => r !== "gate") }
          : { ...v, trained: true },
      ),
    };
    const first = planDay(narrow);
    const declined = first.posts
      .find((p) => p.id === "P2")!
      .volunteerIds.find((id) => !input.volunteers.find((x) => x.id === id)!.pin)!;
    const { plan: next, diff } = replan(first, narrow, { kind: "decline", volunteerId: declined });
    const takers = diff.filter((d) => d.volunteerId !== declined);
    expect(takers.map((d) => [d.after?.postId, d.replaces]).sort()).toEqual([
      ["P1", declined],
      ["P2", declined],
    ]);
    for (const t of takers)
      expect(first.assignments.find((a) => a.volunteerId === t.volunteerId)?.kind).toBe("standby");
    expect(next.posts.filter((p) => p.task === "gate_sort").map((p) => p.missing)).toEqual([0, 0]);
    expect(hardRuleViolations(without(narrow, declined), next)).toEqual([]);
  });

  it("by a spare hand on a team changes only that person", () => {
    const team = plan.routes.find((r) => r.volunteerIds.length > r.requiredTeam)!;
    const declined = team.volunteerIds.find((id) => !plan.assignments.find((a) => a.volunteerId === id)!.pinned)!;
    const { plan: next, diff } = replan(plan, input, { kind: "decline", volunteerId: declined });
    expect(diff.map((d) => d.volunteerId)).toEqual([declined]);
    expect(next.routes.find((r) => r.id === team.id)!.volunteerIds).not.toContain(declined);
  });

  it("with nobody left to take it hands the buildings to a one-person neighbour, or reports them", () => {
    const buildings = [1, 2, 3].map((n) => ({ id: `${n}号楼`, zone: "东区", households: 50, routeOrder: n }));
    const people = ["V1", "V2", "V3"].map((id) => ({ id, age: 30, availability: "all_day" as const, roles: [] }));
    const small: PlanInput = {
      date: DATE,
      seed: 1,
      buildings,
      volunteers: people,
      workflow: demoWorkflow(DATE).filter((s) => s.scope === "route"),
      parcels: [],
      supplies: demoSupplies(),
      rules: { standbyShare: 0 },
    };
    const first = planDay(small);
    expect(first.routes).toHaveLength(3);
    const middle = first.routes.find((r) => r.buildings.includes("2号楼"))!.volunteerIds[0]!;
    const { plan: next, diff } = replan(first, small, { kind: "decline", volunteerId: middle });
    expect(diff).toHaveLength(2);
    expect(next.metrics.coverage).toBe(1);
    const neighbour = diff.find((d) => d.volunteerId !== middle)!;
    expect(neighbour.after?.buildings).toContain("2号楼");
    expect(neighbour.replaces).toBe(middle);

    // With capacity for one building only, nobody can take it: uncovered, and the plan says so.
    const tight = { ...small, rules: { standbyShare: 0, routeCapacity: 60 } };
    const tightPlan = planDay(tight);
    const out = replan(tightPlan, tight, { kind: "decline", volunteerId: middle });
    expect(out.diff).toHaveLength(1);
    expect(out.plan.uncovered).toEqual(["2号楼"]);
    expect(out.plan.shortfalls[0]).toMatchObject({ need: "route", count: 1, availability: "all_day" });
  });

  it("by someone not in the plan changes nothing and says so", () => {
    const { plan: next, diff } = replan(plan, input, { kind: "decline", volunteerId: "V999" });
    expect(diff).toEqual([]);
    expect(next.warnings.map((w) => w.code)).toContain("decline_not_in_plan");
  });
});

describe("a new sign-up", () => {
  it("covers uncovered buildings when the plan was short, moving nobody else", () => {
    const short = makeCompound({ seed: 5, signups: 30 });
    const first = planDay(short);
    expect(first.uncovered.length).toBeGreaterThan(0);
    const late: VolunteerInput = {
      id: "V999",
      age: 30,
      availability: "all_day",
      roles: [],
      homeBuilding: first.uncovered[0]!,
    };
    const { plan: next, diff } = replan(first, short, { kind: "signup", volunteer: late });
    expect(diff.map((d) => d.volunteerId)).toEqual(["V999"]);
    expect(diff[0]!.after?.kind).toBe("route");
    expect(next.uncovered.length).toBeLessThan(first.uncovered.length);
    expect(hardRuleViolations({ ...short, volunteers: [...short.volunteers, late] }, next)).toEqual([]);
  });

  it("is refused when over the age limit, and the pin says why", () => {
    const old: VolunteerInput = { id: "V998", age: 50, availability: "all_day", roles: ["gate"], pin: "P1" };
    const { plan: next, diff } = replan(plan, input, { kind: "signup", volunteer: old });
    expect(diff).toEqual([]);
    expect(next.excluded).toContainEqual(expect.objectContaining({ volunteerId: "V998", code: "age" }));
    expect(next.pins.find((p) => p.volunteerId === "V998")).toMatchObject({ status: "impossible", reason: "age" });
  });
});

describe("a building added", () => {
  it("joins a one-person neighbouring route when it fits, else gets a standby of its own", () => {
    const buildings = [1, 2].map((n) => ({ id: `${n}号楼`, zone: "东区", households: 50, routeOrder: n }));
    const people = ["V1", "V2", "V3"].map((id) => ({ id, age: 30, availability: "all_day" as const, roles: [] }));
    const small: PlanInput = {
      date: DATE,
      seed: 1,
      buildings,
      volunteers: people,
      workflow: demoWorkflow(DATE).filter((s) => s.scope === "route"),
      parcels: [],
      supplies: demoSupplies(),
      rules: { maxTeamSize: 1 },
    };
    const first = planDay(small);
    const added = { id: "3号楼", zone: "东区", households: 30, routeOrder: 3 };
    const { plan: next, diff } = replan(first, small, { kind: "building_added", building: added });
    expect(diff).toHaveLength(1);
    expect(diff[0]!.after?.buildings).toContain("3号楼");
    expect(next.metrics.coverage).toBe(1);

    const far = { id: "9号楼", zone: "西区", households: 60, routeOrder: 1 };
    const other = replan(first, small, { kind: "building_added", building: far });
    expect(other.diff).toHaveLength(1);
    expect(other.diff[0]).toMatchObject({
      before: { kind: "standby" },
      after: { kind: "route", buildings: ["9号楼"] },
    });
  });

  it("in the demo compound is covered with one assignment changed", () => {
    const added = { id: "33号楼", zone: "东区", households: 40, routeOrder: 9 };
    const { plan: next, diff } = replan(plan, input, { kind: "building_added", building: added });
    expect(next.metrics.coverage).toBe(1);
    expect(diff).toHaveLength(1);
    expect(hardRuleViolations({ ...input, buildings: [...input.buildings, added] }, next)).toEqual([]);
  });
});

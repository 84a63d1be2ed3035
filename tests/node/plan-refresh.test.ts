/**
 * Regenerating a published day (issue 15, part 1): the engine's "refresh" replan repairs only
 * what the re-read sheet forces, never moves a locked (confirmed) volunteer, and the carried
 * change list keeps what each person was first told.
 */
import { describe, expect, it } from "vitest";
import { carryChanges, planDay, replan, type Plan, type PlanInput } from "../../src/domain/plan/index.ts";
import { demoWorkbookInput, hardRuleViolations } from "./plan-fixtures.ts";

const input = demoWorkbookInput();
const plan = planDay(input);
const duty = (p: Plan, id: string) => {
  const a = p.assignments.find((x) => x.volunteerId === id);
  return a ? `${a.kind}|${a.postId}|${a.buildings.join(",")}` : "off";
};

/** The input with one building's wave-2 parcels raised so its route needs one more person. */
function heavier(base: PlanInput, p: Plan, building: string): PlanInput {
  const route = p.routes.find((r) => r.buildings.includes(building))!;
  const extra = 200 * route.volunteerIds.length - route.load + 20;
  const parcels = base.parcels.map((x) =>
    x.building === building && x.wave === 2 ? { ...x, count: x.count + extra } : x,
  );
  return { ...base, parcels };
}

describe("a refresh of a published plan", () => {
  it("with the same input changes nobody", () => {
    const { diff } = replan(plan, input, { kind: "refresh" });
    expect(diff).toEqual([]);
  });

  it("after a parcel change staffs the heavier route from standby and moves no locked walker", () => {
    const building = plan.routes[0]!.buildings[0]!;
    const next = heavier(input, plan, building);
    const walkers = plan.assignments.filter((a) => a.kind !== "standby").map((a) => a.volunteerId);
    const { plan: after, diff } = replan(plan, next, { kind: "refresh" }, { locked: new Set(walkers) });
    for (const id of walkers) expect(duty(after, id)).toBe(duty(plan, id));
    expect(diff.length).toBeGreaterThan(0);
    for (const d of diff) expect(d.before?.kind).toBe("standby");
    const route = after.routes.find((r) => r.buildings.includes(building))!;
    expect(route.volunteerIds.length).toBeGreaterThanOrEqual(route.requiredTeam);
    expect(hardRuleViolations(next, after)).toEqual([]);
    // A lock is not a pin: the plan does not report locked people as pinned.
    expect(after.assignments.filter((a) => a.pinned)).toEqual(plan.assignments.filter((a) => a.pinned));
  });

  it("gives a withdrawn volunteer's place to a standby, leaving everyone else where they were", () => {
    const route = plan.routes.find((r) => r.volunteerIds.length === r.requiredTeam)!;
    const gone = route.volunteerIds[0]!;
    const next = { ...input, volunteers: input.volunteers.filter((v) => v.id !== gone) };
    const { diff } = replan(plan, next, { kind: "refresh" });
    expect(diff.map((d) => d.volunteerId)).toContain(gone);
    expect(diff.length).toBeLessThanOrEqual(3);
  });
});

describe("carried changes", () => {
  it("keep the duty first published and drop someone moved back", () => {
    const building = plan.routes[0]!.buildings[0]!;
    const v2 = replan(plan, heavier(input, plan, building), { kind: "refresh" }).plan;
    const changes2 = carryChanges(plan, v2, 2);
    expect(changes2.length).toBeGreaterThan(0);
    const moved = changes2[0]!;
    expect(moved.before?.zh).toMatch(/^待命/);
    expect(moved.after?.zh).toContain(building);
    const withChanges2 = { ...v2, changes: changes2 };
    // Version 3 is the first plan again (the parcels went back down): nobody has changed.
    expect(carryChanges(withChanges2, plan, 3)).toEqual([]);
    // Version 3 equal to version 2: the change stays, still dated version 2.
    expect(carryChanges(withChanges2, v2, 3)).toEqual(changes2);
  });
});

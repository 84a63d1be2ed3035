/**
 * A crew member's day is one block (一天只穿一次防护服): the gate's wave-1 and wave-2 shifts are
 * one crew, held by the same people where their hours allow, unless the workflow separates them
 * (a break longer than `rules.crewGap`, or the later step marked `newCrew`, 换班 in its note).
 */
import { describe, expect, it } from "vitest";
import { planDay, type PlanInput, type StepInput, type VolunteerInput } from "../../src/domain/plan/index.ts";
import { demoSupplies, demoWorkflow, hardRuleViolations } from "./plan-fixtures.ts";

const DATE = "2022-04-19";

function person(id: string, extra: Partial<VolunteerInput> = {}): VolunteerInput {
  return { id, age: 30, availability: "all_day", roles: ["gate"], homeBuilding: "1号楼", ...extra };
}

/** One light building, two gate shifts of 2 people each, and whoever is given. */
function gateDay(volunteers: VolunteerInput[], gate: Partial<StepInput>[] = [{}, {}]): PlanInput {
  const base = demoWorkflow(DATE).filter((s) => s.scope === "route");
  const shifts = demoWorkflow(DATE).filter((s) => s.id === "P1" || s.id === "P2");
  return {
    date: DATE,
    seed: 3,
    buildings: [{ id: "1号楼", zone: "东区", households: 40, routeOrder: 1 }],
    volunteers: [person("W1", { roles: [] }), person("W2", { roles: [] }), ...volunteers],
    workflow: [...base, ...shifts.map((s, i) => ({ ...s, headcount: 2, ...gate[i] }))],
    parcels: [],
    supplies: demoSupplies(),
  };
}

const duty = (input: PlanInput, id: string) => planDay(input).assignments.find((a) => a.volunteerId === id);

describe("gate crew: one block a day", () => {
  it("has the same two people hold both back-to-back waves: 2 suits, not 4", () => {
    const input = gateDay([person("G1"), person("G2"), person("G3"), person("G4")]);
    const plan = planDay(input);
    const crew = plan.posts[0]!.volunteerIds;
    expect(crew).toHaveLength(2);
    expect(plan.posts.map((p) => [p.id, p.volunteerIds])).toEqual([
      ["P1", crew],
      ["P2", crew],
    ]);
    for (const id of crew) {
      expect(plan.assignments.find((a) => a.volunteerId === id)).toMatchObject({
        kind: "post",
        postId: "P1",
        shifts: ["P1", "P2"],
        start: "07:00",
        end: "17:00",
      });
    }
    // The other two gate people are not needed; standby take no suit until called in.
    expect(plan.metrics.byKind.post).toBe(2);
    expect(plan.metrics.protectiveSuits).toBe(plan.metrics.byKind.route + 2);
    expect(plan.supplies.find((s) => s.item === "防护服")!.needed).toBe(plan.metrics.protectiveSuits);
    expect(hardRuleViolations(input, plan)).toEqual([]);
  });

  it("fills a wave with AM or PM people only for the places nobody can hold whole", () => {
    const input = gateDay([person("A", { availability: "am" }), person("B", { availability: "pm" }), person("G1")]);
    const plan = planDay(input);
    expect(plan.posts.map((p) => [p.id, p.volunteerIds])).toEqual([
      ["P1", ["A", "G1"]],
      ["P2", ["B", "G1"]],
    ]);
    expect(plan.assignments.find((a) => a.volunteerId === "A")).toMatchObject({ postId: "P1", end: "12:00" });
    expect(plan.assignments.find((a) => a.volunteerId === "A")?.shifts).toBeUndefined();
    expect(hardRuleViolations(input, plan)).toEqual([]);
  });

  it("keeps waves apart when the workflow leaves a break longer than an hour between them", () => {
    const input = gateDay([person("G1"), person("G2"), person("G3"), person("G4")], [{}, { start: "13:30" }]);
    const plan = planDay(input);
    expect(plan.assignments.filter((a) => a.shifts)).toEqual([]);
    expect(plan.metrics.byKind.post).toBe(4);
  });

  it("keeps waves apart when the later step says 换班 (a new crew)", () => {
    const input = gateDay([person("G1"), person("G2"), person("G3"), person("G4")], [{}, { newCrew: true }]);
    expect(planDay(input).assignments.filter((a) => a.shifts)).toEqual([]);
  });

  it("lets a person pinned to the afternoon wave hold the morning one too while it has room", () => {
    const input = gateDay([person("P", { pin: "P2" }), person("G1")]);
    expect(duty(input, "P")).toMatchObject({ postId: "P1", shifts: ["P1", "P2"], pinned: true });
    const plan = planDay(input);
    expect(plan.pins.find((p) => p.volunteerId === "P")?.status).toBe("honoured");
    expect(hardRuleViolations(input, plan)).toEqual([]);
  });

  it("never takes a walker the buildings need to save a suit", () => {
    // One building needs one walker: W1 and W2 both can; only G1 has the gate role. G1 holds
    // both waves; the routes keep their walker.
    const input = gateDay([person("G1")]);
    input.volunteers = input.volunteers.filter((v) => v.id !== "W2");
    const plan = planDay(input);
    expect(plan.metrics.coverage).toBe(1);
    expect(plan.assignments.find((a) => a.volunteerId === "G1")?.shifts).toEqual(["P1", "P2"]);
  });
});

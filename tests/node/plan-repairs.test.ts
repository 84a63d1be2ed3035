/**
 * Decline repairs that may move one more person: when no standby or spare hand can take the
 * place, someone leaves a lower-priority duty for a higher one (the article's order: gate crew,
 * cover, other posts), within three changes, and every mover's `replaces` says whose place
 * they took.
 */
import { describe, expect, it } from "vitest";
import { planDay, replan, type PlanInput, type VolunteerInput } from "../../src/domain/plan/index.ts";
import { demoSupplies, demoWorkflow, hardRuleViolations } from "./plan-fixtures.ts";

const DATE = "2022-04-19";

function person(id: string, extra: Partial<VolunteerInput> = {}): VolunteerInput {
  return { id, age: 30, availability: "all_day", roles: [], ...extra };
}

function day(households: number[], volunteers: VolunteerInput[], posts: Record<string, number>): PlanInput {
  const workflow = demoWorkflow(DATE)
    .filter((s) => s.scope === "route" || s.id in posts)
    .map((s) => (s.scope === "post" ? { ...s, headcount: posts[s.id] } : s));
  return {
    date: DATE,
    seed: 1,
    buildings: households.map((h, i) => ({ id: `B${i + 1}`, zone: "Z", households: h, routeOrder: i + 1 })),
    volunteers,
    workflow,
    parcels: [],
    supplies: demoSupplies(),
  };
}

const duty = (plan: ReturnType<typeof planDay>, id: string) => {
  const a = plan.assignments.find((x) => x.volunteerId === id);
  return a ? [a.kind, a.postId] : null;
};

describe("a decline nobody free can fill", () => {
  it("on a route: a PCR marshal who can walk takes it (cover ranks above the marshal post)", () => {
    const input = day([60, 150], [person("W1"), person("W2"), person("M", { roles: ["pcr"] })], { P3: 1 });
    const plan = planDay(input);
    expect(duty(plan, "M")).toEqual(["post", "P3"]);
    const walker = plan.routes[0]!.volunteerIds[0]!;
    const { plan: next, diff } = replan(plan, input, { kind: "decline", volunteerId: walker });
    // Sorted by volunteer ID: M before W1 / W2.
    expect(diff.map((d) => [d.volunteerId, d.after?.kind ?? null, d.replaces])).toEqual([
      ["M", "route", walker],
      [walker, null, null],
    ]);
    expect(next.metrics.covered).toBe(2);
    expect(next.posts.find((p) => p.id === "P3")?.missing).toBe(1);
    const after = { ...input, volunteers: input.volunteers.filter((v) => v.id !== walker) };
    expect(hardRuleViolations(after, next)).toEqual([]);
  });

  it("at the gate: a walker with the gate role moves there and a standby takes their route (three changes)", () => {
    const input = day(
      [60],
      [
        person("A", { roles: ["gate"], yesterday: { kind: "post", postId: "P1" } }),
        person("G", { roles: ["gate"], yesterday: { kind: "route", buildings: ["B1"] } }),
        person("S"),
      ],
      { P1: 1 },
    );
    const plan = planDay(input);
    expect([duty(plan, "A"), duty(plan, "G"), duty(plan, "S")]).toEqual([
      ["post", "P1"],
      ["route", "Z/B1"],
      ["standby", null],
    ]);
    const { plan: next, diff } = replan(plan, input, { kind: "decline", volunteerId: "A" });
    expect(diff.map((d) => [d.volunteerId, d.after?.kind ?? null, d.after?.postId ?? null, d.replaces])).toEqual([
      ["A", null, null, null],
      ["G", "post", "P1", "A"],
      ["S", "route", "Z/B1", "G"],
    ]);
    expect(next.posts[0]!.missing).toBe(0);
    expect(next.metrics.covered).toBe(1);
  });

  it("at the gate: someone from the briefing who fits moves to the gate, and the briefing waits", () => {
    const input = day(
      [60],
      [
        person("A", { roles: ["gate"], yesterday: { kind: "post", postId: "P1" } }),
        person("T", { availability: "am", roles: ["gate", "trainer"] }),
        person("W"),
      ],
      { P1: 1, P4: 1 },
    );
    const plan = planDay(input);
    expect([duty(plan, "A"), duty(plan, "T"), duty(plan, "W")]).toEqual([
      ["post", "P1"],
      ["post", "P4"],
      ["route", "Z/B1"],
    ]);
    const { plan: next, diff } = replan(plan, input, { kind: "decline", volunteerId: "A" });
    expect(diff.map((d) => [d.volunteerId, d.after?.postId ?? null, d.replaces])).toEqual([
      ["A", null, null],
      ["T", "P1", "A"],
    ]);
    expect(next.posts.map((p) => [p.id, p.missing])).toEqual([
      ["P4", 1],
      ["P1", 0],
    ]);
  });
});

describe("a late sign-up", () => {
  it("with a standby, covers a building that needs a team of two, which neither could alone", () => {
    const input = day([260], [person("S")], {});
    const plan = planDay(input);
    expect(plan.uncovered).toEqual(["B1"]);
    expect(duty(plan, "S")).toEqual(["standby", null]);
    const { plan: next, diff } = replan(plan, input, { kind: "signup", volunteer: person("N") });
    expect(diff.map((d) => [d.volunteerId, d.before?.kind ?? null, d.after?.kind ?? null])).toEqual([
      ["N", null, "route"],
      ["S", "standby", "route"],
    ]);
    expect(next.uncovered).toEqual([]);
    expect(next.routes[0]!.volunteerIds).toEqual(["N", "S"]);
  });
});

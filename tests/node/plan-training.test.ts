/**
 * Training first, then duty (先培训再分工): someone never trained (blank 培训日期) is in the
 * morning training at assembly before their duty, the briefing lead gives it, and nobody
 * untrained is alone on a route; when no trained person can be found the plan says so.
 */
import { describe, expect, it } from "vitest";
import { planDay, replan, type Plan, type PlanInput, type VolunteerInput } from "../../src/domain/plan/index.ts";
import { demoSupplies, demoWorkflow, hardRuleViolations } from "./plan-fixtures.ts";

const DATE = "2022-04-19";

/** Everyone has a name, so a warning can be checked to say it (and never the ID). */
function person(id: string, extra: Partial<VolunteerInput> = {}): VolunteerInput {
  return {
    id,
    name: `小${id}`,
    age: 30,
    availability: "all_day",
    roles: [],
    homeBuilding: "1号楼",
    trained: true,
    ...extra,
  };
}

/** Light buildings in one zone (one person each), the route stages and the briefing lead. */
function day(volunteers: VolunteerInput[], buildings = 2, rules: PlanInput["rules"] = {}): PlanInput {
  return {
    date: DATE,
    seed: 5,
    buildings: Array.from({ length: buildings }, (_, i) => ({
      id: `${i + 1}号楼`,
      zone: "东区",
      households: 150,
      routeOrder: i + 1,
    })),
    volunteers,
    workflow: demoWorkflow(DATE).filter((s) => s.scope === "route" || s.id === "P4"),
    parcels: [],
    supplies: demoSupplies(),
    rules: { maxTeamSize: 2, ...rules },
  };
}

const untrained = (id: string, extra: Partial<VolunteerInput> = {}) => person(id, { trained: false, ...extra });

/** The plan as if it had been published with `id` on standby (off the route the engine gave them). */
function onStandby(plan: Plan, id: string): Plan {
  return {
    ...plan,
    routes: plan.routes.map((r) => ({ ...r, volunteerIds: r.volunteerIds.filter((v) => v !== id) })),
    assignments: plan.assignments.map((a) =>
      a.volunteerId === id ? { ...a, kind: "standby" as const, postId: null, buildings: [] } : a,
    ),
  };
}

describe("training first, then duty", () => {
  it("lists the untrained on duty as trainees of the morning training, given by the briefing lead", () => {
    const input = day([
      person("T", { roles: ["trainer"] }),
      person("N1", { trained: false, pin: "route" }),
      person("A"),
    ]);
    const plan = planDay(input);
    expect(plan.training).toEqual({
      start: "07:30",
      end: "08:00",
      place: "居委会",
      stepId: "R1",
      trainerIds: ["T"],
      traineeIds: ["N1"],
    });
    expect(plan.assignments.find((a) => a.volunteerId === "N1")?.training).toBe(true);
    expect(plan.assignments.find((a) => a.volunteerId === "A")?.training).toBeUndefined();
    expect(hardRuleViolations(input, plan)).toEqual([]);
  });

  it("refills with a never-trained standby only when nobody trained can come, sends them to training and names them", () => {
    const input = day([person("T", { roles: ["trainer"] }), person("A"), person("B"), untrained("S")], 2, {
      maxTeamSize: 1,
    });
    const plan = planDay(input);
    const standby = plan.assignments.find((a) => a.kind === "standby");
    expect(standby?.volunteerId).toBe("S");
    expect(plan.training).toBeUndefined();
    const walker = plan.routes[0]!.volunteerIds[0]!;
    const after = replan(plan, input, { kind: "decline", volunteerId: walker }).plan;
    // One walker per route and no other standby: S is the only one who can take the route.
    expect(after.routes[0]!.volunteerIds).toEqual(["S"]);
    expect(after.training?.traineeIds).toEqual(["S"]);
    expect(after.assignments.find((a) => a.volunteerId === "S")?.training).toBe(true);
    // Alone and untrained: the plan says so, by name and with the route's buildings.
    const alone = after.warnings.find((w) => w.code === "untrained_alone");
    expect(alone?.zh).toContain(`${after.routes[0]!.buildings.join("、")}：小S还没参加过培训`);
    expect(alone?.zh).toContain("请队长先给小S讲一遍怎么做");
    expect(alone?.zh.replaceAll("小S", "")).not.toContain("S"); // the name, never the ID
  });

  it("refills a route whose walker left with a trained standby before a nearer untrained one", () => {
    const input = day(
      [person("T", { roles: ["trainer"] }), person("A"), person("B"), untrained("S", { homeBuilding: "2号楼" })].concat(
        [person("R", { homeBuilding: null })],
      ),
      2,
      { maxTeamSize: 1 },
    );
    // Published with S and R both on standby; S lives at 2号楼, so S would be the nearer pick.
    const published = onStandby(planDay(input), "S");
    expect(
      published.assignments
        .filter((a) => a.kind === "standby")
        .map((a) => a.volunteerId)
        .sort(),
    ).toEqual(["R", "S"]);
    const leaver = published.routes.find((r) => r.buildings.includes("2号楼"))!.volunteerIds[0]!;
    const { plan, diff } = replan(published, input, { kind: "decline", volunteerId: leaver });
    expect(plan.routes.find((r) => r.buildings.includes("2号楼"))!.volunteerIds).toEqual(["R"]);
    expect(diff.find((d) => d.replaces === leaver)?.volunteerId).toBe("R");
    expect(plan.warnings.map((w) => w.code)).not.toContain("untrained_alone");
  });

  it("takes a trained spare hand rather than leave an untrained standby alone on a route", () => {
    const input = day([person("T", { roles: ["trainer"] }), person("A"), person("A2"), person("B"), untrained("S")]);
    const plan = planDay(input);
    const lone = plan.routes.find((r) => r.volunteerIds.length === 1)!;
    expect(plan.assignments.find((a) => a.volunteerId === "S")?.kind).toBe("standby");
    const after = replan(plan, input, { kind: "decline", volunteerId: lone.volunteerIds[0]! });
    for (const r of after.plan.routes)
      expect(
        r.volunteerIds.some((id) => id !== "S"),
        r.id,
      ).toBe(true);
    expect(after.plan.assignments.find((a) => a.volunteerId === "S")?.kind).toBe("standby");
    expect(after.plan.warnings.map((w) => w.code)).not.toContain("untrained_alone");
    expect(after.diff).toHaveLength(2); // the leaver, and the spare hand who moved over
  });

  it("moves nobody checked in to keep an untrained standby company, and says so instead", () => {
    const input = day([person("T", { roles: ["trainer"] }), person("A"), person("A2"), person("B"), untrained("S")]);
    const plan = planDay(input);
    const lone = plan.routes.find((r) => r.volunteerIds.length === 1)!;
    const busy = plan.routes.find((r) => r.volunteerIds.length === 2)!;
    const after = replan(
      plan,
      input,
      { kind: "decline", volunteerId: lone.volunteerIds[0]! },
      { locked: new Set(busy.volunteerIds) },
    ).plan;
    expect(after.routes.find((r) => r.buildings.join() === busy.buildings.join())!.volunteerIds.sort()).toEqual(
      [...busy.volunteerIds].sort(),
    );
    expect(after.routes.find((r) => r.buildings.join() === lone.buildings.join())!.volunteerIds).toEqual(["S"]);
    expect(after.warnings.find((w) => w.code === "untrained_alone")?.zh).toContain("小S还没参加过培训");
  });

  it("sends a trained standby to join an untrained walker whose trained team mate declined", () => {
    const input = day(
      [person("T", { roles: ["trainer"] }), person("A"), person("B"), untrained("S", { homeBuilding: "2号楼" })].concat(
        [person("R", { homeBuilding: null })],
      ),
      2,
      { maxTeamSize: 1 },
    );
    const plan = planDay(input);
    const shared = plan.routes.find((r) => r.volunteerIds.includes("S"))!;
    expect(shared.volunteerIds.length).toBe(2);
    const mate = shared.volunteerIds.find((id) => id !== "S")!;
    const after = replan(plan, input, { kind: "decline", volunteerId: mate }).plan;
    expect(after.routes.find((r) => r.id === shared.id)!.volunteerIds.sort()).toEqual(["R", "S"]);
    expect(after.warnings.map((w) => w.code)).not.toContain("untrained_alone");
  });

  it("has no training when everyone on duty has been trained (and counts a missing flag as trained)", () => {
    const plan = planDay(day([person("A"), person("B"), { id: "C", age: 30, availability: "all_day", roles: [] }]));
    expect(plan.training).toBeUndefined();
    expect(plan.assignments.every((a) => a.training === undefined)).toBe(true);
  });

  it("never leaves an untrained person alone on a route while a trained one can join or change places", () => {
    // Two one-person routes; three untrained people and one trained: the trained person must be
    // with the untrained ones, never leave one of them alone.
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const input = { ...day([untrained("N1"), untrained("N2"), untrained("N3"), person("A")]), seed };
      const plan = planDay(input);
      const alone = plan.routes.filter((r) => r.volunteerIds.every((id) => id.startsWith("N")));
      expect(plan.warnings.map((w) => w.code)).toContain("untrained_alone");
      expect(alone).toHaveLength(1);
    }
    const enough = day([untrained("N1"), untrained("N2"), person("A"), person("B")]);
    const plan = planDay(enough);
    for (const r of plan.routes)
      expect(
        r.volunteerIds.some((id) => !id.startsWith("N")),
        r.id,
      ).toBe(true);
    expect(plan.warnings.map((w) => w.code)).not.toContain("untrained_alone");
    expect(plan.metrics.coverage).toBe(1);
    expect(hardRuleViolations(enough, plan)).toEqual([]);
  });

  it("gives no one untrained a post that starts before the training, and says so to a pin", () => {
    // The gate's first wave starts at 07:00, before the 07:30–08:00 training; the second at 12:00.
    const gate = (id: string, extra: Partial<VolunteerInput> = {}) => person(id, { roles: ["gate"], ...extra });
    const input: PlanInput = {
      ...day([untrained("W1"), person("W2"), gate("N", { trained: false }), gate("M", { trained: false, pin: "P1" })]),
      workflow: demoWorkflow(DATE).filter((s) => s.scope === "route" || s.id === "P1" || s.id === "P2"),
    };
    const plan = planDay(input);
    const n = plan.assignments.find((a) => a.volunteerId === "N")!;
    expect([n.kind, n.postId, n.start]).toEqual(["post", "P2", "12:00"]);
    expect(plan.posts.find((p) => p.id === "P1")!.volunteerIds).toEqual([]);
    expect(plan.pins.find((p) => p.volunteerId === "M")).toMatchObject({ status: "impossible", reason: "training" });
    expect(plan.pins.find((p) => p.volunteerId === "M")!.zh).toContain("08:00 以后才能上岗");
    expect(hardRuleViolations(input, plan)).toEqual([]);
  });

  it("says so, and still plans, when nobody trained can be with them", () => {
    const input = day([untrained("N1"), untrained("N2")], 1);
    const plan = planDay(input);
    expect(plan.metrics.coverage).toBe(1);
    expect(plan.warnings.find((w) => w.code === "untrained_alone")?.zh).toContain("1号楼：小N1还没参加过培训");
    // No briefing lead on the plan either: the plan says who would give the training is missing.
    expect(plan.warnings.map((w) => w.code)).toContain("training_no_trainer");
    expect(hardRuleViolations(input, plan)).toEqual([]);
  });
});

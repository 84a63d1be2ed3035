/**
 * Example tests for the assignment engine: the demo compound, and small hand-made days that
 * each show one rule (AM/PM splits, pins, PCR vs antigen days, priority parcels, too few people).
 */
import { describe, expect, it } from "vitest";
import {
  planDay,
  type BuildingInput,
  type Plan,
  type PlanInput,
  type VolunteerInput,
} from "../../src/domain/plan/index.ts";
import {
  demoSupplies,
  demoWorkbookInput,
  demoWorkflow,
  hardRuleViolations,
  makeCompound,
  withYesterday,
} from "./plan-fixtures.ts";

const DATE = "2022-04-19";

function building(n: number, zone = "东区", households = 40): BuildingInput {
  return { id: `${n}号楼`, zone, households, routeOrder: n };
}

function person(id: string, extra: Partial<VolunteerInput> = {}): VolunteerInput {
  return { id, age: 30, availability: "all_day", roles: [], homeBuilding: "1号楼", ...extra };
}

/** A small day on the demo workflow; no parcels unless given. */
function day(buildings: BuildingInput[], volunteers: VolunteerInput[], extra: Partial<PlanInput> = {}): PlanInput {
  return {
    date: DATE,
    seed: 1,
    buildings,
    volunteers,
    workflow: demoWorkflow(DATE),
    parcels: [],
    supplies: demoSupplies(),
    ...extra,
  };
}

const duty = (plan: Plan, id: string) => plan.assignments.find((a) => a.volunteerId === id);

describe("the demo compound", () => {
  const input = demoWorkbookInput();
  const plan = planDay(input);

  it("covers every building with balanced routes and fills every post", () => {
    expect(hardRuleViolations(input, plan)).toEqual([]);
    expect(plan.metrics.coverage).toBe(1);
    expect(plan.uncovered).toEqual([]);
    expect(plan.metrics.loadRatio).toBeLessThanOrEqual(1.1);
    expect(plan.posts.map((p) => [p.id, p.missing])).toEqual([
      ["P4", 0],
      ["P3", 0],
      ["P1", 0],
      ["P2", 0],
    ]);
    expect(plan.shortfalls).toEqual([]);
  });

  it("honours the sheet's pins and counts one suit per person working, none for standby", () => {
    expect(plan.pins.map((p) => [p.volunteerId, p.pin, p.status])).toEqual([
      ["V217", "P4", "honoured"],
      ["V251", "P1", "honoured"],
    ]);
    expect(plan.metrics.onDuty).toBe(120);
    const working = plan.metrics.byKind.route + plan.metrics.byKind.post;
    expect(plan.metrics.protectiveSuits).toBe(working);
    const suits = plan.supplies.find((s) => s.item === "防护服")!;
    expect([suits.needed, suits.left, suits.status]).toEqual([working, 420 - working, "ok"]);
    // 0.2 L × 120 is 24.000000000000004 in floating point; the rounding must hold for any count.
    expect(plan.supplies.find((s) => s.item === "消毒液")!.needed).toBe(Math.ceil(working / 5));
  });

  it("staffs the gate's two 5-hour waves with 6 people holding both as one block (6 suits, not 12)", () => {
    const gate = plan.posts.filter((p) => p.task === "gate_sort");
    expect(gate.map((p) => [p.id, p.volunteerIds.length])).toEqual([
      ["P1", 6],
      ["P2", 6],
    ]);
    const crew = new Set(gate.flatMap((p) => p.volunteerIds));
    expect(crew.size).toBe(6);
    for (const id of crew) {
      expect(duty(plan, id)).toMatchObject({
        kind: "post",
        postId: "P1",
        shifts: ["P1", "P2"],
        start: "07:00",
        end: "17:00",
      });
    }
    expect(plan.metrics.byKind.post).toBe(6 + 4 + 1);
  });

  it("spreads captains: every zone's routes have one", () => {
    const captains = new Set(input.volunteers.filter((v) => v.roles.includes("captain")).map((v) => v.id));
    for (const zone of new Set(plan.routes.map((r) => r.zone))) {
      const here = plan.routes.filter((r) => r.zone === zone).flatMap((r) => r.volunteerIds);
      expect(
        here.some((id) => captains.has(id)),
        zone,
      ).toBe(true);
    }
  });

  it("keeps at least 90% of people on yesterday's duty when the roster is unchanged", () => {
    const next = planDay(withYesterday(input, plan));
    expect(next.metrics.continuity.ratio).toBeGreaterThanOrEqual(0.9);
  });

  it("counts changes against a previous version of the same day's plan", () => {
    expect(plan.metrics.changed).toBeNull();
    expect(planDay({ ...input, previous: plan }).metrics.changed).toBe(0);
  });
});

describe("AM/PM splits", () => {
  const buildings = [building(1), building(2)];
  const people = [
    person("A-am-gate", { availability: "am", roles: ["gate"] }),
    person("B-pm-gate", { availability: "pm", roles: ["gate"] }),
    person("C-am-pcr", { availability: "am", roles: ["pcr"] }),
    person("D-all-gate", { roles: ["gate"] }),
    person("E-all"),
    person("F-am", { availability: "am" }),
    person("G-pm", { availability: "pm" }),
  ];
  // One person per post, so an AM and a PM gate person can staff both waves.
  const workflow = demoWorkflow(DATE).map((s) => (s.scope === "post" ? { ...s, headcount: 1 } : s));
  const input = day(buildings, people, { workflow });
  const plan = planDay(input);
  // Without the all-day gate person nobody can hold both waves.
  const split = day(
    buildings,
    people.filter((p) => p.id !== "D-all-gate"),
    { workflow },
  );
  const splitPlan = planDay(split);

  it("gives AM people morning posts and PM people afternoon posts, never a route", () => {
    expect(duty(splitPlan, "A-am-gate")).toMatchObject({ kind: "post", postId: "P1", start: "07:00", end: "12:00" });
    expect(duty(splitPlan, "B-pm-gate")).toMatchObject({ kind: "post", postId: "P2", start: "12:00", end: "17:00" });
    expect(duty(splitPlan, "C-am-pcr")).toMatchObject({ kind: "post", postId: "P3" });
    for (const id of ["A-am-gate", "B-pm-gate", "C-am-pcr", "F-am", "G-pm"])
      expect(duty(splitPlan, id)?.kind).not.toBe("route");
    expect(hardRuleViolations(split, splitPlan)).toEqual([]);
  });

  it("has an all-day gate person the routes can spare hold both waves as one block instead", () => {
    // E alone walks both light buildings, so D can stay at the gate 07:00–17:00: one suit for
    // both waves, and the AM and PM gate people wait on standby (no suit unless called in).
    expect(duty(plan, "D-all-gate")).toMatchObject({
      kind: "post",
      shifts: ["P1", "P2"],
      start: "07:00",
      end: "17:00",
    });
    expect(duty(plan, "E-all")?.kind).toBe("route");
    expect(duty(plan, "A-am-gate")).toMatchObject({ kind: "standby", start: "07:00", end: "12:00" });
    expect(duty(plan, "B-pm-gate")).toMatchObject({ kind: "standby", start: "12:00", end: "17:00" });
    expect(plan.metrics.coverage).toBe(1);
    expect(hardRuleViolations(input, plan)).toEqual([]);
  });

  it("puts people with no fitting post on standby inside their own window", () => {
    expect(duty(plan, "F-am")).toMatchObject({ kind: "standby", start: "07:00", end: "12:00" });
    expect(duty(plan, "G-pm")).toMatchObject({ kind: "standby", start: "12:00", end: "17:00" });
  });
});

describe("priorities between posts and routes", () => {
  it("staffs the gate crew before routes, and routes before PCR marshals", () => {
    const people = [
      person("G1", { roles: ["gate", "pcr"] }),
      person("G2", { roles: ["gate"] }),
      person("P1", { roles: ["pcr"] }),
    ];
    const plan = planDay(
      day([building(1), building(2)], people, { workflow: demoWorkflow(DATE).filter((s) => s.id !== "P2") }),
    );
    // Two gate people go to the gate even though that leaves one all-day person for two buildings.
    expect(plan.posts.find((p) => p.id === "P1")!.volunteerIds).toEqual(["G1", "G2"]);
    // The PCR-role person walks the route instead of marshalling: covering buildings comes first.
    expect(duty(plan, "P1")?.kind).toBe("route");
    expect(plan.posts.find((p) => p.id === "P3")!.missing).toBe(4);
  });
});

describe("pins", () => {
  const people = [
    person("V1", { availability: "am", roles: ["gate"], pin: "P2" }),
    person("V2", { pin: "P1" }),
    person("V3", { roles: ["trainer"], pin: "P4" }),
    person("V4", { roles: ["trainer"], pin: "P4" }),
    person("V5", { pin: "3号楼" }),
    person("V6", { pin: "standby" }),
    person("V7", { pin: "P9" }),
    person("V8", { pin: "R5" }),
    person("V9", { age: 52, pin: "P1" }),
    person("VA", { availability: "pm", pin: "1号楼" }),
  ];
  const input = day([building(1), building(2), building(3), building(4)], people);
  const plan = planDay(input);
  const outcome = (id: string) => plan.pins.find((p) => p.volunteerId === id)!;

  it("honours pins that break no rule", () => {
    expect(outcome("V3").status).toBe("honoured");
    expect(duty(plan, "V3")).toMatchObject({ kind: "post", postId: "P4", pinned: true });
    expect(outcome("V5").status).toBe("honoured");
    expect(duty(plan, "V5")?.buildings).toContain("3号楼");
    expect(duty(plan, "V6")).toMatchObject({ kind: "standby", pinned: true });
  });

  it("reports the others as impossible, with the reason in Chinese and English", () => {
    expect(outcome("V1")).toMatchObject({ status: "impossible", reason: "availability" });
    expect(outcome("V1").zh).toContain("12:00–17:00");
    expect(outcome("V2")).toMatchObject({ status: "impossible", reason: "role" });
    expect(outcome("V2").en).toContain("gate crew");
    expect(outcome("V4")).toMatchObject({ status: "impossible", reason: "full" });
    expect(outcome("V7")).toMatchObject({ status: "impossible", reason: "unknown" });
    expect(outcome("V8")).toMatchObject({ status: "impossible", reason: "not_today" });
    expect(outcome("V9")).toMatchObject({ status: "impossible", reason: "age" });
    expect(outcome("VA")).toMatchObject({ status: "impossible", reason: "availability" });
    expect(hardRuleViolations(input, plan)).toEqual([]);
  });

  it("excludes people over the age limit, and the limit is configurable", () => {
    expect(plan.excluded).toContainEqual(expect.objectContaining({ volunteerId: "V9", code: "age" }));
    expect(duty(plan, "V9")).toBeUndefined();
    const relaxed = planDay({ ...input, rules: { maxAge: 60 } });
    expect(duty(relaxed, "V9")).toBeDefined();
  });
});

describe("PCR vs antigen days", () => {
  const buildings = [building(1), building(2)];
  const people = [person("V1"), person("V2")];

  it("runs antigen kits on ordinary days and leaves the dated PCR queue out", () => {
    const plan = planDay(day(buildings, people));
    expect(plan.day.routeSteps).toEqual(["R1", "R2", "R3", "R4", "R6"]);
    expect(plan.day.replaced).toEqual([]);
    expect(plan.routes[0]!.timetable.map((s) => s.task)).toEqual([
      "assembly",
      "garbage",
      "parcels_1",
      "antigen",
      "parcels_2",
    ]);
  });

  it("on the PCR date, puts the PCR queue in the antigen slot and nothing else moves", () => {
    const plan = planDay(day(buildings, people, { workflow: demoWorkflow(DATE, { pcrDay: true }) }));
    expect(plan.day.routeSteps).toEqual(["R1", "R2", "R3", "R5", "R6"]);
    expect(plan.day.replaced).toEqual([{ stepId: "R4", by: "R5" }]);
    const stage = plan.routes[0]!.timetable.find((s) => s.stepId === "R5")!;
    expect(stage).toMatchObject({ task: "pcr", start: "11:00", end: "13:00", zh: "核酸引导", en: "PCR queue" });
    expect(plan.day.posts).toEqual(["P4", "P3", "P1", "P2"]);
  });

  it("refuses a pin to the PCR queue on a day it does not run", () => {
    const plan = planDay(day(buildings, [person("V1", { pin: "R5" })]));
    expect(plan.pins[0]).toMatchObject({ status: "impossible", reason: "not_today" });
  });
});

describe("parcel rounds", () => {
  it("deliver medicine first, then cold chain, then the rest, each in walking order", () => {
    const buildings = [building(1), building(2), building(3), building(4), building(5)].map((b) => ({
      ...b,
      households: 20,
    }));
    const parcels = [
      { building: "1号楼", wave: 1, count: 5, medicine: 0, coldChain: 0 },
      { building: "2号楼", wave: 1, count: 4, medicine: 0, coldChain: 2 },
      { building: "3号楼", wave: 1, count: 3, medicine: 0, coldChain: 0 },
      { building: "4号楼", wave: 1, count: 6, medicine: 1, coldChain: 3 },
      { building: "5号楼", wave: 1, count: 2, medicine: 0, coldChain: 1 },
      { building: "3号楼", wave: 2, count: 7, medicine: 2, coldChain: 0 },
      { building: "1号楼", wave: 2, count: 1, medicine: 0, coldChain: 0 },
    ];
    // One person, so one route serves all five buildings.
    const plan = planDay(day(buildings, [person("V1")], { parcels }));
    expect(plan.routes).toHaveLength(1);
    const [wave1, wave2] = plan.routes[0]!.deliveries;
    expect(wave1).toMatchObject({ wave: 1, stepId: "R3" });
    expect(wave1!.stops.map((s) => s.building)).toEqual(["4号楼", "2号楼", "5号楼", "1号楼", "3号楼"]);
    expect(wave2).toMatchObject({ wave: 2, stepId: "R6" });
    // Buildings with nothing in a wave are not stops of that round.
    expect(wave2!.stops).toEqual([
      { building: "3号楼", parcels: 7, medicine: 2, coldChain: 0 },
      { building: "1号楼", parcels: 1, medicine: 0, coldChain: 0 },
    ]);
  });
});

describe("too few volunteers", () => {
  const input = makeCompound({
    seed: 11,
    signups: 14,
    pins: false,
    amShare: 0,
    pmShare: 0,
    gate: 0,
    pcr: 0,
    trainers: 0,
  });
  const plan = planDay(input);

  it("covers what it can and lists the uncovered buildings", () => {
    expect(hardRuleViolations(input, plan)).toEqual([]);
    expect(plan.metrics.coverage).toBeLessThan(1);
    expect(plan.uncovered.length).toBe(32 - plan.metrics.covered);
    expect(plan.metrics.byKind.route).toBe(14);
  });

  it("says what it would take: how many more all-day people", () => {
    const routes = plan.shortfalls.find((s) => s.need === "route")!;
    expect(routes.availability).toBe("all_day");
    expect(routes.buildings).toEqual(plan.uncovered);
    // With that many more people the same compound is covered.
    const more = makeCompound({
      seed: 11,
      signups: 14 + routes.count,
      pins: false,
      amShare: 0,
      pmShare: 0,
      gate: 0,
      pcr: 0,
      trainers: 0,
    });
    expect(planDay(more).metrics.coverage).toBe(1);
    expect(routes.zh).toContain(`还需 ${routes.count} 名全天志愿者`);
    expect(routes.en).toContain(`${routes.count} more all-day volunteer(s)`);
  });

  it("asks for AM people (with the role) for morning posts", () => {
    const p3 = plan.shortfalls.find((s) => s.postId === "P3")!;
    expect(p3).toMatchObject({ need: "post", count: 4, availability: "am", role: "pcr" });
    expect(p3.en).toContain("AM (or all-day)");
    expect(plan.shortfalls.find((s) => s.postId === "P2")).toMatchObject({ availability: "pm", role: "gate" });
  });
});

describe("load", () => {
  it("gives a building too heavy for one person a team of its own", () => {
    const plan = planDay(
      day([building(1, "东区", 260), building(2)], [person("V1"), person("V2"), person("V3"), person("V4")]),
    );
    const big = plan.routes.find((r) => r.buildings.includes("1号楼"))!;
    expect(big.buildings).toEqual(["1号楼"]);
    expect(big.requiredTeam).toBe(2);
    expect(big.volunteerIds.length).toBeGreaterThanOrEqual(2);
  });

  it("keeps routes inside their zone and balances them when people are few", () => {
    const input = makeCompound({ seed: 5, signups: 45 });
    const plan = planDay(input);
    expect(plan.metrics.coverage).toBe(1);
    expect(plan.routes.some((r) => r.buildings.length > 1)).toBe(true);
    expect(plan.metrics.loadRatio).toBeLessThanOrEqual(1.3);
    const zoneOf = new Map(input.buildings.map((b) => [b.id, b.zone]));
    for (const r of plan.routes) for (const b of r.buildings) expect(zoneOf.get(b)).toBe(r.zone);
  });

  it("keeps yesterday's multi-building routes when the roster is unchanged", () => {
    const input = makeCompound({ seed: 5, signups: 40 });
    const first = planDay(input);
    expect(first.routes.some((r) => r.buildings.length > 1)).toBe(true);
    expect(planDay(withYesterday(input, first)).metrics.continuity.ratio).toBeGreaterThanOrEqual(0.9);
  });
});

describe("supplies", () => {
  it("warns, in Chinese and English, below the reorder level and when stock is short", () => {
    const supplies = [
      { item: "防护服", unit: "套", stock: 2, perVolunteer: 1, reorderLevel: 1 },
      { item: "口罩", unit: "个", stock: 10, perVolunteer: 2, reorderLevel: 10 },
      { item: "手套", unit: "副", stock: 100, perVolunteer: 2, reorderLevel: 10 },
    ];
    const plan = planDay(day([building(1)], [person("V1"), person("V2"), person("V3"), person("V4")], { supplies }));
    // Three work (one building's route and its spare hands), one stands by: supplies for three.
    expect(plan.metrics.byKind).toEqual({ route: 3, post: 0, standby: 1 });
    expect(plan.supplies.map((s) => [s.item, s.needed, s.left, s.status])).toEqual([
      ["口罩", 6, 4, "reorder"],
      ["手套", 6, 94, "ok"],
      ["防护服", 3, -1, "short"],
    ]);
    expect(plan.warnings.map((w) => w.code)).toEqual(["supply_reorder", "supply_short"]);
    expect(plan.warnings[1]!.zh).toBe("防护服 库存不足：需要 3 套，只有 2 套");
  });
});

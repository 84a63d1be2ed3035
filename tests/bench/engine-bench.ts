/**
 * Engine benchmark: speed and plan quality per scale, as plain JSON (wired into `npm run bench`).
 *
 * - compound: the demo workbook itself (32 buildings, 120 sign-ups) — must plan in under 10 ms,
 *   the CPU a Workers free-plan request gets;
 * - compound_short: a demo-sized compound on a thin day (40 sign-ups), where routes hold several
 *   buildings and balance is actually hard;
 * - town: 500 buildings and 5,000 volunteers — under 200 ms.
 *
 * Quality per scale: coverage, max route load / lower bound (the route-partition optimum for the
 * same routes), continuity on the next day with an unchanged roster, and the largest number of
 * assignments one decline changes. The optimality section (engine-optimality.ts) compares the
 * engine with exact optima per family of days: the demo and its thin cuts, random and tight
 * compounds, and 2,000 small days against the exhaustive oracle of the tests.
 */
import { planDay, replan, type Plan, type PlanInput } from "../../src/domain/plan/index.ts";
import { demoWorkbookInput, makeCompound, townCompound, withYesterday } from "../node/plan-fixtures.ts";
import { benchOptimality } from "./engine-optimality.ts";

const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0).toFixed(3));
};

function time<T>(runs: number, warmup: number, f: () => T): { median: number; p90: number; last: T } {
  let last = f();
  for (let i = 1; i < warmup; i++) last = f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = f();
    ms.push(performance.now() - t);
  }
  return { median: percentile(ms, 0.5), p90: percentile(ms, 0.9), last };
}

/** Declines every `step`-th person on duty, one at a time against the same published plan. */
function declines(plan: Plan, input: PlanInput, step: number) {
  const changes: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < plan.assignments.length; i += step) {
    const t = performance.now();
    const { diff } = replan(plan, input, { kind: "decline", volunteerId: plan.assignments[i]!.volunteerId });
    ms.push(performance.now() - t);
    changes.push(diff.length);
  }
  return {
    tried: changes.length,
    maxChanged: Math.max(0, ...changes),
    meanChanged: Number((changes.reduce((a, b) => a + b, 0) / Math.max(1, changes.length)).toFixed(2)),
    medianMs: percentile(ms, 0.5),
  };
}

function scale(name: string, input: PlanInput, runs: number, declineStep: number) {
  const { median, p90, last: plan } = time(runs, Math.min(runs, 20), () => planDay(input));
  const next = planDay(withYesterday(input, plan));
  const m = plan.metrics;
  return {
    name,
    buildings: input.buildings.length,
    signups: input.volunteers.length,
    planMsMedian: median,
    planMsP90: p90,
    coverage: m.coverage,
    routes: m.routes,
    maxLoadOverLowerBound: m.loadRatio,
    maxRouteLoad: m.maxRouteLoad,
    loadLowerBound: m.loadLowerBound,
    coverageGap: m.optimum.coverageGap,
    continuityNextDay: next.metrics.continuity.ratio,
    decline: declines(plan, input, declineStep),
    onDuty: m.onDuty,
    byKind: m.byKind,
    protectiveSuits: m.protectiveSuits,
    uncovered: plan.uncovered.length,
  };
}

export async function benchEngine(): Promise<Record<string, unknown>> {
  const compound = scale("compound", demoWorkbookInput(), 200, 1);
  const short = scale("compound_short", makeCompound({ seed: 5, signups: 40 }), 200, 1);
  const town = scale("town", townCompound(), 15, 100);
  const optimality = benchOptimality(planDay);
  const unpinned = optimality.filter((f) => !f.family.includes("pins"));
  const atOptimum = (k: "coverage" | "load" | "posts") => unpinned.every((f) => f[k] === null || f[k].worst === 1);
  return {
    compound,
    compound_short: short,
    town,
    optimality,
    targets: {
      neverThrows: optimality.every((f) => f.throws === 0),
      routesContiguous: optimality.every((f) => f.nonContiguous === 0),
      coverageAtOptimum: atOptimum("coverage"),
      maxLoadAtOptimum: atOptimum("load"),
      postPlacesAtOptimum: atOptimum("posts"),
      compoundUnder10ms: compound.planMsMedian < 10,
      townUnder200ms: town.planMsMedian < 200,
      demoEveryBuildingCovered: compound.coverage === 1,
      demoLoadRatioAtMost1_10: (compound.maxLoadOverLowerBound ?? Infinity) <= 1.1,
      demoContinuityAtLeast90: (compound.continuityNextDay ?? 0) >= 0.9,
      demoDeclineChangesAtMost3: compound.decline.maxChanged <= 3,
    },
  };
}

/**
 * The figures every plan carries, so an organizer (and the benchmark) can judge it at a glance:
 * coverage, load balance against a lower bound no plan can beat, continuity with yesterday, how
 * much changed since the previous version, and suits needed.
 *
 * The bounds are optima, not estimates: the best cover the people not on the gate crew could
 * give (the knapsack of coverage.ts) and the least heaviest route over the covered buildings
 * with the plan's number of routes (the dynamic program of contiguous-cut.ts). A plan from
 * `planDay` reaches both; where a plan does not (pins, a replan), `optimum.notes` says why.
 */
import { spreadRoutes } from "./contiguous-cut.ts";
import { coverageCurve } from "./coverage.ts";
import type { DayContext } from "./day.ts";
import { diffAssignments } from "./diff.ts";
import { text } from "./messages.ts";
import { minVolunteersToCover } from "./routes.ts";
import type { Assignment, Notice, Plan, PlanMetrics, PlanOptimum, RoutePlan } from "./types.ts";

export const round = (x: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A route kept from yesterday shares at least half of its buildings (Jaccard ≥ 0.5) with today's. */
function keptRoute(yesterday: readonly string[], today: readonly string[]): boolean {
  const y = new Set(yesterday);
  let inter = 0;
  for (const b of today) if (y.has(b)) inter++;
  const union = y.size + today.length - inter;
  return union > 0 && inter / union >= 0.5;
}

export function planMetrics(
  ctx: DayContext,
  assignments: readonly Assignment[],
  routes: readonly RoutePlan[],
  previous: Plan | null,
  replanned = false,
): PlanMetrics {
  const covered = routes.reduce((n, r) => n + r.buildings.length, 0);
  const maxRouteLoad = routes.reduce((m, r) => Math.max(m, r.load), 0);
  const optimum = optimumOf(ctx, assignments, routes, maxRouteLoad, replanned);
  const lowerBound = optimum.maxRouteLoad;

  let comparable = 0;
  let kept = 0;
  const byKind = { route: 0, post: 0, standby: 0 };
  for (const a of assignments) {
    byKind[a.kind]++;
    const v = ctx.volunteers[ctx.volunteerById.get(a.volunteerId) ?? -1];
    const y = v?.yesterday;
    if (!y || y.kind === "standby") continue;
    comparable++;
    if (y.kind === "post" && a.kind === "post" && a.postId === y.postId) kept++;
    if (y.kind === "route" && a.kind === "route" && keptRoute(y.buildings, a.buildings)) kept++;
  }

  return {
    buildings: ctx.buildings.length,
    covered,
    coverage: ctx.buildings.length === 0 ? 1 : round(covered / ctx.buildings.length),
    routes: routes.length,
    maxRouteLoad: round(maxRouteLoad, 2),
    loadLowerBound: round(lowerBound, 2),
    loadRatio: lowerBound > 0 ? round(maxRouteLoad / lowerBound) : null,
    optimum,
    continuity: { comparable, kept, ratio: comparable > 0 ? round(kept / comparable) : null },
    changed: previous ? diffAssignments(previous.assignments, assignments).length : null,
    onDuty: assignments.length,
    protectiveSuits: byKind.route + byKind.post,
    byKind,
  };
}

/** The best cover and the route-partition optimum for this plan's people and routes. */
function optimumOf(
  ctx: DayContext,
  assignments: readonly Assignment[],
  routes: readonly RoutePlan[],
  maxRouteLoad: number,
  replanned: boolean,
): PlanOptimum {
  const cap = ctx.rules.routeCapacity;
  const covered = new Set<number>();
  for (const r of routes) for (const id of r.buildings) covered.add(ctx.buildingById.get(id) ?? -1);
  let households = 0;
  for (const b of covered) households += ctx.buildings[b]?.households ?? 0;

  // Best cover: every route-capable person could walk who is neither on the gate crew (it ranks
  // above cover) nor pinned to a post or standby (pins are honoured before anything else).
  const gate = new Set(ctx.posts.filter((p) => p.beforeRoutes).map((p) => p.id));
  const walkers = assignments.filter((a) => {
    const v = ctx.volunteers[ctx.volunteerById.get(a.volunteerId) ?? -1];
    const held = a.pinned && a.kind !== "route";
    return v?.routeCapable && !held && !(a.kind === "post" && gate.has(a.postId ?? ""));
  }).length;
  let bestBuildings = 0;
  let bestHouseholds = 0;
  if (ctx.routeBlock && walkers >= minVolunteersToCover(ctx)) {
    bestBuildings = ctx.buildings.length;
    bestHouseholds = ctx.buildings.reduce((n, b) => n + b.households, 0);
  } else if (ctx.routeBlock) {
    const top = coverageCurve(ctx, walkers, new Set())[walkers]!;
    const scale = ctx.buildings.length + 1;
    bestBuildings = top.worth % scale;
    bestHouseholds = Math.round((top.worth - bestBuildings) / scale);
  }

  // Route-partition optimum: the covered buildings' unbroken stretches share the one-person routes.
  let heaviestTeam = 0;
  const stretches: number[][] = [];
  let previous = -2;
  for (const b of [...covered].filter((x) => x >= 0).sort((x, y) => x - y)) {
    const building = ctx.buildings[b]!;
    if (building.load > cap) {
      heaviestTeam = Math.max(heaviestTeam, building.load);
      previous = -2;
      continue;
    }
    if (previous !== b - 1 || ctx.buildings[previous]?.zone !== building.zone) stretches.push([]);
    stretches[stretches.length - 1]!.push(building.load);
    previous = b;
  }
  const teams = routes.filter(
    (r) => r.buildings.length === 1 && (ctx.buildings[ctx.buildingById.get(r.buildings[0]!) ?? -1]?.load ?? 0) > cap,
  ).length;
  const partition = spreadRoutes(stretches, routes.length - teams, cap).max;
  const optimum = round(Math.max(heaviestTeam, partition), 2);

  const notes: Notice[] = [];
  const gap = {
    buildings: Math.max(0, bestBuildings - covered.size),
    households: Math.max(0, bestHouseholds - households),
  };
  if (gap.buildings > 0 || gap.households > 0) {
    const pinned = ctx.volunteers.some((v) => v.pin !== null && ctx.buildingById.has(v.pin));
    const why = replanned ? "replanned" : pinned ? "pinned_buildings" : "unexplained";
    notes.push(text.coverBelowOptimum(why, gap.buildings, gap.households));
  }
  if (round(maxRouteLoad, 2) > optimum + 1e-9) {
    const why = replanned ? "replanned" : ctx.rules.continuitySlack > 0 ? "continuity_slack" : "unexplained";
    notes.push(text.loadAboveOptimum(why, optimum));
  }
  return { covered: bestBuildings, households: bestHouseholds, coverageGap: gap, maxRouteLoad: optimum, notes };
}

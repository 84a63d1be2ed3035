/**
 * The figures every plan carries, so an organizer (and the benchmark) can judge it at a glance:
 * coverage, load balance against a lower bound no plan can beat, continuity with yesterday, how
 * much changed since the previous version, and suits needed.
 */
import type { DayContext } from "./day.ts";
import { diffAssignments } from "./diff.ts";
import type { Assignment, Plan, PlanMetrics, RoutePlan } from "./types.ts";

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
): PlanMetrics {
  const covered = routes.reduce((n, r) => n + r.buildings.length, 0);
  const buildingLoad = new Map(ctx.buildings.map((b) => [b.id, b.load]));
  let total = 0;
  let largest = 0;
  for (const r of routes) {
    for (const b of r.buildings) {
      const load = buildingLoad.get(b) ?? 0;
      total += load;
      largest = Math.max(largest, load);
    }
  }
  const maxRouteLoad = routes.reduce((m, r) => Math.max(m, r.load), 0);
  const lowerBound = routes.length > 0 ? Math.max(total / routes.length, largest) : 0;

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
    continuity: { comparable, kept, ratio: comparable > 0 ? round(kept / comparable) : null },
    changed: previous ? diffAssignments(previous.assignments, assignments).length : null,
    onDuty: assignments.length,
    protectiveSuits: assignments.length,
    byKind,
  };
}

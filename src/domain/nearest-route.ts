/**
 * Who could add a building nobody walks (issue 14, part 2): with no standby left, the route
 * volunteer of the same zone whose buildings are nearest in walking order, preferring people
 * already checked in and, among equals, the one with the fewest buildings. Pure.
 *
 * This only names the person: the captain asks them face to face, and nobody's duty changes in
 * the plan until an organizer replans.
 */
import type { RoutePlan } from "./plan/index.ts";

export interface NearestHelper {
  building: string;
  volunteerId: string;
  /** The helper's own building nearest to the uncovered one. */
  from: string;
}

export function nearestHelpers(input: {
  uncovered: readonly string[];
  buildings: ReadonlyArray<{ id: string; zone: string; routeOrder: number }>;
  routes: readonly RoutePlan[];
  present: ReadonlySet<string>;
}): NearestHelper[] {
  const byId = new Map(input.buildings.map((b) => [b.id, b]));
  const helpers: NearestHelper[] = [];
  for (const id of input.uncovered) {
    const target = byId.get(id);
    if (!target) continue;
    let best: { helper: NearestHelper; key: [number, number, number, string] } | null = null;
    for (const route of input.routes) {
      if (route.zone !== target.zone) continue;
      for (const from of route.buildings) {
        const distance = Math.abs((byId.get(from)?.routeOrder ?? Infinity) - target.routeOrder);
        for (const volunteerId of route.volunteerIds) {
          const key: [number, number, number, string] = [
            input.present.has(volunteerId) ? 0 : 1,
            distance,
            route.buildings.length,
            volunteerId,
          ];
          if (!best || compare(key, best.key) < 0) best = { helper: { building: id, volunteerId, from }, key };
        }
      }
    }
    if (best) helpers.push(best.helper);
  }
  return helpers;
}

function compare(a: [number, number, number, string], b: [number, number, number, string]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3].localeCompare(b[3]);
}

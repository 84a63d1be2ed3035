/**
 * Who could add a building nobody walks (issue 14, part 2): with no standby left, the route
 * volunteer of the same zone whose buildings are nearest in walking order, preferring people
 * already checked in and, among equals, the one with the fewest buildings. Pure.
 *
 * This only names the person: the captain asks them face to face, and nobody's duty changes in
 * the plan until an organizer replans.
 */
import type { Bilingual } from "./language.ts";
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

/** A helper as pages show it: the name instead of the ID, and whether they have checked in. */
export interface NearestHelperView {
  building: string;
  from: string;
  name: string;
  present: boolean;
}

/**
 * The line the captain's page and the console show for a building nobody walks. The name is
 * repeated rather than a pronoun: the page does not know whether to say 他 or 她.
 *
 * @example
 * nearestHelperText({ building: "8号楼", from: "7号楼", name: "王伟", present: true }).zh;
 * // "8号楼：离得最近的是负责7号楼的王伟（已到），可以请王伟顺路加上。"
 */
export function nearestHelperText(h: NearestHelperView): Bilingual {
  return {
    zh: `${h.building}：离得最近的是负责${h.from}的${h.name}${h.present ? "（已到）" : ""}，可以请${h.name}顺路加上。`,
    en: `${h.building}: the nearest is ${h.name}, who walks ${h.from}${h.present ? " (here)" : ""} and could add it on the way.`,
  };
}

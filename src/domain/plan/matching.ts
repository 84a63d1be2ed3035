/**
 * Who walks which route. Greedy passes over a small set of scored (volunteer, route) pairs, each
 * pass for one objective in the order, so the result is explainable and runs in
 * O(n log n) even for a town (a full assignment-problem solver would be O(n³) for little gain):
 *
 * 1. continuity — yesterday's route, by building overlap (Jaccard), biggest overlap first;
 * 2. captains — a zone without a captain gets one, from its own residents first;
 * 3. home — a route in the volunteer's home zone, nearest to their building in walking order;
 * 4. fill — any open place, heaviest routes first, people in seeded order.
 */
import type { DayVolunteer } from "./day.ts";
import { compareText, sortByKeys } from "./seeded-hash.ts";
import { assign, isFree, jaccard, routeIndexByBuilding, type PlanState } from "./state.ts";

interface Pair {
  v: DayVolunteer;
  r: number;
  key: number[];
}

function take(st: PlanState, pairs: Pair[], open: number[], budget: { left: number }): void {
  pairs.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const d = (a.key[i] ?? 0) - (b.key[i] ?? 0);
      if (d !== 0) return d;
    }
    return compareText(a.v.id, b.v.id) || a.r - b.r;
  });
  for (const { v, r } of pairs) {
    if (budget.left <= 0) return;
    if ((open[r] ?? 0) <= 0 || !isFree(st, v.idx)) continue;
    assign(st, v.idx, { kind: "route", route: r });
    open[r] = (open[r] ?? 0) - 1;
    budget.left--;
  }
}

function continuityPairs(st: PlanState, people: readonly DayVolunteer[], open: readonly number[]): Pair[] {
  const routeOf = routeIndexByBuilding(st);
  const pairs: Pair[] = [];
  for (const v of people) {
    const seen = new Set<number>();
    for (const b of v.yesterdayRoute) {
      const r = routeOf[b] ?? -1;
      if (r < 0 || seen.has(r) || (open[r] ?? 0) <= 0) continue;
      seen.add(r);
      const overlap = jaccard(v.yesterdayRoute, st.routes[r]?.buildings ?? []);
      pairs.push({ v, r, key: [-overlap, v.tie] });
    }
  }
  return pairs;
}

/** Distance in walking-order steps from a home building to a route in the same zone (0 = on it). */
function distance(st: PlanState, home: number, r: number): number {
  const route = st.routes[r]!;
  const pos = st.ctx.buildings[home]!.pos;
  const lo = st.ctx.buildings[route.buildings[0]!]!.pos;
  const hi = st.ctx.buildings[route.buildings[route.buildings.length - 1]!]!.pos;
  return pos < lo ? lo - pos : pos > hi ? pos - hi : 0;
}

/** Open routes per zone, in walking order (routes are contiguous, so sorted by first building). */
function routesByZone(st: PlanState, open: readonly number[]): Map<string, number[]> {
  const byZone = new Map<string, number[]>();
  st.routes.forEach((route, r) => {
    if ((open[r] ?? 0) <= 0) return;
    const list = byZone.get(route.zone) ?? [];
    list.push(r);
    byZone.set(route.zone, list);
  });
  return byZone;
}

/** Up to five open routes around each person's home, in their home zone. */
function homePairs(st: PlanState, people: readonly DayVolunteer[], open: readonly number[]): Pair[] {
  const byZone = routesByZone(st, open);
  const pairs: Pair[] = [];
  for (const v of people) {
    if (v.home < 0) continue;
    const list = byZone.get(st.ctx.buildings[v.home]!.zone);
    if (!list) continue;
    const pos = st.ctx.buildings[v.home]!.pos;
    // Binary search: last route starting at or before home.
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (st.ctx.buildings[st.routes[list[mid]!]!.buildings[0]!]!.pos <= pos) lo = mid;
      else hi = mid - 1;
    }
    for (let j = Math.max(0, lo - 2); j <= Math.min(list.length - 1, lo + 2); j++) {
      const r = list[j]!;
      pairs.push({ v, r, key: [distance(st, v.home, r), v.tie] });
    }
  }
  return pairs;
}

function captainPass(st: PlanState, people: readonly DayVolunteer[], open: number[], budget: { left: number }): void {
  const captained = new Set<string>();
  st.routes.forEach((route) => {
    if (route.members.some((m) => st.ctx.volunteers[m]?.captain)) captained.add(route.zone);
  });
  const byZone = routesByZone(st, open);
  const lacking = [...byZone.keys()].filter((z) => !captained.has(z)).sort(compareText);
  const captains = people.filter((v) => v.captain);
  const zoneOf = (v: DayVolunteer): string | null => (v.home >= 0 ? st.ctx.buildings[v.home]!.zone : null);
  // Own zone first (round 0), then any captain whose own zone needs none of them (round 1).
  for (const round of [0, 1]) {
    for (const zone of lacking) {
      if (captained.has(zone) || budget.left <= 0) continue;
      const routes = (byZone.get(zone) ?? []).filter((r) => (open[r] ?? 0) > 0);
      if (routes.length === 0) continue;
      const pool = captains.filter(
        (v) =>
          isFree(st, v.idx) &&
          (round === 0 ? zoneOf(v) === zone : !lacking.includes(zoneOf(v) ?? "") || captained.has(zoneOf(v) ?? "")),
      );
      const v = sortByKeys(
        pool,
        (c) => [c.tie],
        (c) => c.id,
      )[0];
      if (!v) continue;
      const pairs = routes.map((r) => ({
        v,
        r,
        key: [round === 0 && v.home >= 0 ? distance(st, v.home, r) : -(st.routes[r]?.load ?? 0)],
      }));
      take(st, pairs, open, budget);
      captained.add(zone);
    }
  }
}

/**
 * Fills `open[r]` places on each route from `people` (best first within each pass), at most
 * `limit` people in all. Returns nothing; whoever is still free afterwards was not needed.
 */
export function matchRoutes(
  st: PlanState,
  people: readonly DayVolunteer[],
  open: number[],
  options: { captains: boolean; limit?: number },
): void {
  const budget = { left: options.limit ?? Infinity };
  const free = (): DayVolunteer[] => people.filter((v) => isFree(st, v.idx));
  take(st, continuityPairs(st, free(), open), open, budget);
  if (options.captains) captainPass(st, free(), open, budget);
  take(st, homePairs(st, free(), open), open, budget);
  const slots = st.routes
    .map((route, r) => ({ r, load: route.load }))
    .filter(({ r }) => (open[r] ?? 0) > 0)
    .sort((a, b) => b.load - a.load || a.r - b.r);
  const rest = sortByKeys(
    free(),
    (v) => [v.tie],
    (v) => v.id,
  );
  let i = 0;
  for (const { r } of slots) {
    while ((open[r] ?? 0) > 0 && i < rest.length && budget.left > 0) {
      assign(st, rest[i++]!.idx, { kind: "route", route: r });
      open[r] = (open[r] ?? 0) - 1;
      budget.left--;
    }
  }
}

/**
 * Spare all-day people join routes as extra hands: first back onto yesterday's route if it has
 * room, then where load per person is highest (a route of load 180 with two people before one of
 * 60 with one), up to `rules.maxTeamSize`.
 */
export function addSpareHands(st: PlanState, people: readonly DayVolunteer[], count: number): void {
  if (count <= 0) return;
  const max = st.ctx.rules.maxTeamSize;
  const room = st.routes.map((r) => Math.max(0, max - r.members.length));
  const budget = { left: count };
  take(st, continuityPairs(st, people, room), room, budget);

  // Each extra place is worth load / team size; taking the best `left` of them is the greedy optimum.
  const places: { r: number; worth: number }[] = [];
  st.routes.forEach((route, r) => {
    for (let k = route.members.length + 1; k <= max; k++) places.push({ r, worth: route.load / k });
  });
  places.sort((a, b) => b.worth - a.worth || a.r - b.r);
  const open = st.routes.map(() => 0);
  for (const p of places.slice(0, budget.left)) open[p.r] = (open[p.r] ?? 0) + 1;
  matchRoutes(st, people, open, { captains: false, limit: budget.left });
}

/** Puts `v` on the route with the most load per person (a pinned "any route" person, a newcomer). */
export function joinBusiestRoute(st: PlanState, v: number, pinned = false): boolean {
  let best = -1;
  let worth = -1;
  st.routes.forEach((r, i) => {
    const w = r.members.length > 0 ? r.load / (r.members.length + 1) : -1;
    if (w > worth) [best, worth] = [i, w];
  });
  if (best < 0) return false;
  assign(st, v, { kind: "route", route: best }, pinned);
  return true;
}

/**
 * Which buildings to cover when people are short: a knapsack over zones, exact.
 *
 * With w route walkers, the plan covers the buildings that give, in order, the most pinned
 * buildings (a pin to a building is honoured when it can be), the most households, then the most
 * buildings — each route one contiguous stretch of a zone's walk within one person's capacity,
 * and a building over that capacity a route of its own for a team of ceil(load / capacity).
 * Per zone a dynamic program over the walking order gives the best cover for every walker
 * count (O(n · L · w) for routes of at most L buildings); a knapsack then shares the walkers
 * between zones. Among equal covers the fewest walkers win, so nobody is put on a route that
 * covers nothing more; the routes are then shared out between the covered stretches and each
 * stretch cut so the heaviest route is as light as those walkers allow (`spreadRoutes`).
 *
 * `coverageCurve` gives the best cover for 0..w walkers, which tells the engine how many walkers
 * are worth keeping off the other posts (more would cover nothing more).
 *
 * @example
 * bestCover(ctx, 3, new Set()).uncovered; // the buildings no 3 walkers could add to the cover
 */
import { cutStretch, minMaxLoad, spreadRoutes } from "./contiguous-cut.ts";
import type { DayContext } from "./day.ts";
import type { Partition, RouteShape } from "./routes.ts";
import { requiredTeam } from "./state.ts";

/** A cover's worth: pinned buildings covered, then households × (buildings + 1) + buildings. */
export interface CoverValue {
  pinned: number;
  worth: number;
}

const NONE: CoverValue = { pinned: -1, worth: -1 };
const ZERO: CoverValue = { pinned: 0, worth: 0 };

function greater(a: CoverValue, b: CoverValue): boolean {
  return a.pinned > b.pinned || (a.pinned === b.pinned && a.worth > b.worth);
}

function plus(a: CoverValue, b: CoverValue): CoverValue {
  return { pinned: a.pinned + b.pinned, worth: a.worth + b.worth };
}

interface ZoneTable {
  seq: number[];
  /** best[i * (max + 1) + w]: best cover of the first i buildings with at most w walkers. */
  best: CoverValue[];
  /** How the best was reached: -1 skip building i − 1, -2 building i − 1 alone as a team, else start j. */
  how: Int32Array;
  max: number;
}

function zoneTable(
  ctx: DayContext,
  seq: readonly number[],
  mustCover: ReadonlySet<number>,
  only: ReadonlySet<number> | undefined,
  limit: number,
): ZoneTable {
  const cap = ctx.rules.routeCapacity;
  const scale = ctx.buildings.length + 1;
  const n = seq.length;
  const usable = (b: number): boolean => !only || only.has(b);
  const value = (b: number): CoverValue => ({
    pinned: mustCover.has(b) ? 1 : 0,
    worth: ctx.buildings[b]!.households * scale + 1,
  });
  // Walkers that cover the whole zone: more would never help.
  let full = 0;
  let sum = Infinity;
  for (const b of seq) {
    const load = ctx.buildings[b]!.load;
    if (!usable(b)) sum = Infinity;
    else if (load > cap) {
      full += requiredTeam(load, cap);
      sum = Infinity;
    } else if (sum + load <= cap) sum += load;
    else {
      full++;
      sum = load;
    }
  }
  const max = Math.min(full, limit);
  const width = max + 1;
  const best: CoverValue[] = new Array<CoverValue>((n + 1) * width).fill(NONE);
  const how = new Int32Array((n + 1) * width).fill(-1);
  for (let w = 0; w <= max; w++) best[w] = ZERO;
  for (let i = 1; i <= n; i++) {
    const b = seq[i - 1]!;
    const load = ctx.buildings[b]!.load;
    for (let w = 0; w <= max; w++) {
      const at = i * width + w;
      best[at] = best[(i - 1) * width + w]!;
      how[at] = -1;
      const offer = (v: CoverValue, h: number): void => {
        if (greater(v, best[at]!)) {
          best[at] = v;
          how[at] = h;
        }
      };
      if (!usable(b)) continue;
      if (load > cap) {
        const team = requiredTeam(load, cap);
        if (team <= w) offer(plus(best[(i - 1) * width + w - team]!, value(b)), -2);
        continue;
      }
      if (w === 0) continue;
      let total = 0;
      let v = ZERO;
      for (let j = i - 1; j >= 0; j--) {
        const c = seq[j]!;
        const l = ctx.buildings[c]!.load;
        if (!usable(c) || l > cap || total + l > cap) break;
        total += l;
        v = plus(v, value(c));
        offer(plus(best[j * width + w - 1]!, v), j);
      }
    }
  }
  return { seq: [...seq], best, how, max };
}

/** The knapsack over zones: best cover for every walker count up to `walkers`. */
function knapsack(tables: readonly ZoneTable[], walkers: number) {
  const width = walkers + 1;
  const at = (t: ZoneTable, w: number): CoverValue => t.best[t.seq.length * (t.max + 1) + Math.min(w, t.max)]!;
  let prev: CoverValue[] = new Array<CoverValue>(width).fill(ZERO);
  const share: Int32Array[] = [];
  for (const t of tables) {
    const cur: CoverValue[] = new Array<CoverValue>(width).fill(NONE);
    const pick = new Int32Array(width);
    for (let w = 0; w <= walkers; w++) {
      for (let a = 0; a <= Math.min(w, t.max); a++) {
        const v = plus(prev[w - a]!, at(t, a));
        if (greater(v, cur[w]!)) {
          cur[w] = v;
          pick[w] = a;
        }
      }
    }
    share.push(pick);
    prev = cur;
  }
  return { curve: prev, share };
}

function tablesFor(ctx: DayContext, walkers: number, mustCover: ReadonlySet<number>, only?: ReadonlySet<number>) {
  return ctx.zones.map(({ seq }) => zoneTable(ctx, seq, mustCover, only, walkers));
}

/** Best cover for 0..walkers route walkers (index = walkers). */
export function coverageCurve(
  ctx: DayContext,
  walkers: number,
  mustCover: ReadonlySet<number>,
  only?: ReadonlySet<number>,
): CoverValue[] {
  return knapsack(tablesFor(ctx, walkers, mustCover, only), walkers).curve;
}

/** The fewest walkers (≤ `walkers`) that reach the best cover `walkers` people could give. */
export function walkersForBestCover(curve: readonly CoverValue[]): number {
  const top = curve[curve.length - 1] ?? ZERO;
  const w = curve.findIndex((v) => !greater(top, v));
  return Math.max(0, w);
}

/** The best cover with at most `walkers` people, as routes and uncovered buildings. */
export function bestCover(
  ctx: DayContext,
  walkers: number,
  mustCover: ReadonlySet<number>,
  only?: ReadonlySet<number>,
): Partition {
  const tables = tablesFor(ctx, walkers, mustCover, only);
  const { curve, share } = knapsack(tables, walkers);
  // Fewest walkers reaching the best cover; then each zone's share, last zone first.
  let w = walkersForBestCover(curve);
  const routes: RouteShape[] = [];
  const covered = new Set<number>();
  const zoneStretches: number[][] = [];
  let zoneRoutes = 0;
  for (let z = tables.length - 1; z >= 0; z--) {
    const t = tables[z]!;
    let a = share[z]![w]!;
    w -= a;
    // Fewest walkers inside the zone for the same cover.
    const width = t.max + 1;
    const n = t.seq.length;
    while (a > 0 && !greater(t.best[n * width + a]!, t.best[n * width + a - 1]!)) a--;
    const segments: { start: number; end: number; team: boolean }[] = [];
    for (let i = n; i > 0;) {
      const h = t.how[i * width + a]!;
      if (h === -1) i--;
      else if (h === -2) {
        const b = t.seq[i - 1]!;
        segments.push({ start: i - 1, end: i, team: true });
        a -= requiredTeam(ctx.buildings[b]!.load, ctx.rules.routeCapacity);
        i--;
      } else {
        segments.push({ start: h, end: i, team: false });
        a--;
        i = h;
      }
    }
    segments.reverse();
    for (const seg of segments) {
      if (!seg.team) continue;
      const b = t.seq[seg.start]!;
      const load = ctx.buildings[b]!.load;
      routes.push({
        zone: ctx.buildings[b]!.zone,
        buildings: [b],
        load,
        requiredTeam: requiredTeam(load, ctx.rules.routeCapacity),
      });
      covered.add(b);
    }
    // Touching one-person segments form a stretch; the zone's routes are shared out again and
    // each stretch re-cut so the heaviest route is as light as the same walkers allow.
    const stretches: number[][] = [];
    const single = segments.filter((x) => !x.team);
    let routesHere = 0;
    for (let s = 0; s < single.length; s++) {
      if (s === 0 || single[s]!.start !== single[s - 1]!.end) stretches.push([]);
      stretches[stretches.length - 1]!.push(...t.seq.slice(single[s]!.start, single[s]!.end));
      routesHere++;
    }
    zoneStretches.push(...stretches);
    zoneRoutes += routesHere;
    for (const stretch of stretches) for (const b of stretch) covered.add(b);
  }
  const loadsOf = (bs: readonly number[]) => bs.map((b) => ctx.buildings[b]!.load);
  const { counts } = spreadRoutes(zoneStretches.map(loadsOf), zoneRoutes, ctx.rules.routeCapacity);
  zoneStretches.forEach((buildings, i) => {
    const loads = loadsOf(buildings);
    const k = counts[i]!;
    let offset = 0;
    for (const len of cutStretch(loads, k, minMaxLoad(loads, k)) ?? [buildings.length]) {
      const part = buildings.slice(offset, offset + len);
      const load = loads.slice(offset, offset + len).reduce((x, y) => x + y, 0);
      routes.push({ zone: ctx.buildings[part[0]!]!.zone, buildings: part, load, requiredTeam: 1 });
      offset += len;
    }
  });
  routes.sort((x, y) => (x.buildings[0] ?? 0) - (y.buildings[0] ?? 0));
  const uncovered = ctx.buildings.filter((b) => !covered.has(b.idx) && (!only || only.has(b.idx))).map((b) => b.idx);
  return { routes, uncovered };
}

/**
 * Building partitioning: which buildings make up each route.
 *
 * Routes never cross zones and are contiguous in the zone's walking order, so a volunteer walks
 * one stretch and an organizer can explain every route in one breath ("1号楼 to 4号楼"). A
 * building whose load exceeds one person's capacity is a route of its own with a team of
 * ceil(load / capacity). The rest of each zone is cut into "runs" at those buildings, and each
 * run is cut into contiguous routes by an exact dynamic program (contiguous-cut.ts), with the
 * number of routes per run chosen to minimize the largest route load over the whole compound.
 * No step ever moves a building out of its stretch, so every route is one interval of the walk.
 */
import { cutStretch, minMaxLoad } from "./contiguous-cut.ts";
import { bestCover } from "./coverage.ts";
import type { DayContext } from "./day.ts";
import { requiredTeam } from "./state.ts";

export interface RouteShape {
  zone: string;
  buildings: number[];
  load: number;
  requiredTeam: number;
}

export interface Partition {
  routes: RouteShape[];
  uncovered: number[];
}

interface Run {
  zone: string;
  zoneIndex: number;
  buildings: number[];
  loads: number[];
}

/** Splits each zone's walking order at buildings too big for one person (or at gaps in `only`). */
function cutRuns(ctx: DayContext, only?: ReadonlySet<number>): { runs: Run[]; big: RouteShape[] } {
  const cap = ctx.rules.routeCapacity;
  const runs: Run[] = [];
  const big: RouteShape[] = [];
  ctx.zones.forEach(({ zone, seq }, zoneIndex) => {
    let run: Run | null = null;
    for (const b of seq) {
      const load = ctx.buildings[b]?.load ?? 0;
      if (only && !only.has(b)) {
        run = null;
      } else if (load > cap) {
        run = null;
        big.push({ zone, buildings: [b], load, requiredTeam: requiredTeam(load, cap) });
      } else {
        if (!run) runs.push((run = { zone, zoneIndex, buildings: [], loads: [] }));
        run.buildings.push(b);
        run.loads.push(load);
      }
    }
  });
  return { runs, big };
}

/** How many segments greedy cuts make when no segment may exceed `cap` (items must fit). */
function greedyCount(loads: readonly number[], cap: number): number {
  let count = 0;
  let sum = 0;
  for (const x of loads) {
    if (count > 0 && sum + x <= cap) sum += x;
    else {
      count++;
      sum = x;
    }
  }
  return count;
}

/** Segment lengths of the greedy cuts under `cap`. */
function greedySegments(loads: readonly number[], cap: number): number[] {
  const lengths: number[] = [];
  let sum = 0;
  for (const x of loads) {
    const last = lengths.length - 1;
    if (last >= 0 && sum + x <= cap) {
      sum += x;
      lengths[last] = (lengths[last] ?? 0) + 1;
    } else {
      lengths.push(1);
      sum = x;
    }
  }
  return lengths;
}

const sumOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Smallest cap in [lo, hi] for which `count(cap) <= k` (hi must satisfy it). */
function searchCap(lo: number, hi: number, k: number, count: (cap: number) => number): number {
  if (count(lo) <= k) return lo;
  for (let i = 0; i < 60 && hi - lo > 1e-9 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (count(mid) <= k) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The fewest route volunteers that cover these buildings (all buildings when omitted). */
export function minVolunteersToCover(ctx: DayContext, only?: ReadonlySet<number>): number {
  const { runs, big } = cutRuns(ctx, only);
  const cap = ctx.rules.routeCapacity;
  return sumOf(big.map((r) => r.requiredTeam)) + sumOf(runs.map((r) => greedyCount(r.loads, cap)));
}

/**
 * Routes for `volunteers` route-capable people. With enough people every building is covered and
 * the spare people (up to one per building) make more, smaller routes; with too few, the plan
 * covers what the best knapsack over zones can (coverage.ts: pinned buildings first, then the
 * most households, then the most buildings) and leaves the rest uncovered. `only` restricts it to some buildings
 * (replanning covers what is left uncovered without touching the rest).
 *
 * With full cover each run is cut exactly (see contiguous-cut.ts): the number of routes per run
 * minimizes the compound's heaviest route; a run that holds yesterday's routes may then be cut
 * up to that heaviest route (times 1 + `rules.continuitySlack`) to keep as many of them as it
 * can, and any other run is cut at its own optimum, as evenly as possible.
 */
export function partitionRoutes(
  ctx: DayContext,
  volunteers: number,
  mustCover: ReadonlySet<number>,
  only?: ReadonlySet<number>,
  yesterday: readonly (readonly number[])[] = [],
): Partition {
  const cap = ctx.rules.routeCapacity;
  const { runs, big } = cutRuns(ctx, only);
  const bigTeams = sumOf(big.map((r) => r.requiredTeam));
  const minimum = runs.map((r) => greedyCount(r.loads, cap));
  if (volunteers < bigTeams + sumOf(minimum)) return bestCover(ctx, volunteers, mustCover, only);

  const counts = routesPerRun(runs, minimum, volunteers - bigTeams, cap);
  const optimum = runs.map((run, i) => minMaxLoad(run.loads, counts[i] ?? 1));
  const loose = Math.min(cap, Math.max(0, ...optimum) * (1 + ctx.rules.continuitySlack));
  const routes = [...big];
  runs.forEach((run, i) => {
    const k = counts[i] ?? 1;
    const score = continuityScore(run, yesterday);
    const limit = score ? Math.max(loose, optimum[i] ?? 0) : (optimum[i] ?? 0);
    let offset = 0;
    for (const len of cutStretch(run.loads, k, limit, score ?? undefined) ?? greedySegments(run.loads, cap)) {
      const load = sumOf(run.loads.slice(offset, offset + len));
      routes.push({ zone: run.zone, buildings: run.buildings.slice(offset, offset + len), load, requiredTeam: 1 });
      offset += len;
    }
  });
  return { routes: sortRoutes(routes), uncovered: [] };
}

/**
 * How well a route over run positions [from, to) keeps one of yesterday's routes: 1 when some
 * returning walker's yesterday shares at least half of it (Jaccard ≥ 0.5, what the continuity
 * metric counts), plus a fraction for how close the best match is. Null when nobody walked
 * any of the run's buildings yesterday.
 */
function continuityScore(run: Run, yesterday: readonly (readonly number[])[]) {
  const first = run.buildings[0] ?? 0;
  const last = run.buildings[run.buildings.length - 1] ?? -1;
  const sets = yesterday.filter((set) => set.some((b) => b >= first && b <= last));
  if (sets.length === 0) return null;
  return (from: number, to: number): number => {
    // Run buildings are consecutive building indices, so a route is an index interval.
    const lo = run.buildings[from]!;
    const hi = run.buildings[to - 1]!;
    let best = 0;
    for (const set of sets) {
      let inter = 0;
      for (const b of set) if (b >= lo && b <= hi) inter++;
      best = Math.max(best, inter / (set.length + (to - from) - inter));
    }
    return best >= 0.5 ? 1 + best / (run.buildings.length + 1) : 0;
  };
}

/**
 * How many routes each run gets: first the fewest that minimize the compound's largest route
 * (one binary search over all runs), then any left over, one at a time, to the run whose largest
 * route is heaviest. Giving a route anywhere else could not lower the maximum.
 */
function routesPerRun(runs: readonly Run[], minimum: readonly number[], available: number, cap: number): number[] {
  const sizes = runs.map((r) => r.loads.length);
  const total = Math.min(available, sumOf(sizes));
  if (total >= sumOf(sizes)) return sizes;
  const allLoads = runs.flatMap((r) => r.loads);
  const lo = Math.max(...allLoads, sumOf(allLoads) / total);
  const countAt = (c: number): number => sumOf(runs.map((r) => greedyCount(r.loads, c)));
  const best = searchCap(Math.min(lo, cap), cap, total, countAt);
  const counts = runs.map((r, i) => Math.max(minimum[i] ?? 1, greedyCount(r.loads, best)));
  const heaviest = runs.map((r, i) => minMaxLoad(r.loads, counts[i] ?? 1));
  for (let spare = total - sumOf(counts); spare > 0; spare--) {
    let pick = -1;
    runs.forEach((_, i) => {
      if ((counts[i] ?? 0) < (sizes[i] ?? 0) && (pick < 0 || (heaviest[i] ?? 0) > (heaviest[pick] ?? 0))) pick = i;
    });
    if (pick < 0) break;
    counts[pick] = (counts[pick] ?? 0) + 1;
    heaviest[pick] = minMaxLoad(runs[pick]?.loads ?? [], counts[pick] ?? 1);
  }
  return counts;
}

/** Zone, then walking order; building indices already follow that order. */
function sortRoutes(routes: RouteShape[]): RouteShape[] {
  return routes.sort((a, b) => (a.buildings[0] ?? 0) - (b.buildings[0] ?? 0));
}

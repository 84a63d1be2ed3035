/**
 * Keeping yesterday's routes. Parcel counts change every day, so a freshly balanced partition
 * would move a building or two between routes daily and people would lose "their" buildings for
 * a few percent of balance. Continuity ranks just below balance, so per zone the engine rebuilds
 * yesterday's routes (from the sign-ups' `yesterday`), gives any buildings no returning volunteer
 * walked to the zone's remaining routes, rebalances only as far as needed, and keeps the result
 * when its heaviest route is no worse than max(fresh zone max × (1 + continuitySlack), the whole
 * plan's fresh max) — the compound's maximum, which the metric measures, never rises above the
 * fresh plan's by more than the slack allows.
 */
import { improveBalance } from "./balance.ts";
import type { DayContext } from "./day.ts";
import { minMaxSegments, type RouteShape } from "./routes.ts";

const EPS = 1e-9;

export function stickToYesterday(ctx: DayContext, fresh: readonly RouteShape[]): RouteShape[] {
  const cap = ctx.rules.routeCapacity;
  const load = (b: number): number => ctx.buildings[b]!.load;
  const sum = (bs: readonly number[]): number => bs.reduce((n, b) => n + load(b), 0);
  const globalMax = fresh.reduce((m, r) => Math.max(m, r.load), 0);
  const yesterdaySets = [
    ...new Map(
      ctx.volunteers
        .filter((v) => v.yesterdayRoute.length > 0)
        .map((v) => {
          const set = [...new Set(v.yesterdayRoute)].sort((a, b) => a - b);
          return [set.join(","), set] as const;
        }),
    ).values(),
  ].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || a.length - b.length);
  if (yesterdaySets.length === 0) return [...fresh];

  const out: RouteShape[] = fresh.filter((r) => r.requiredTeam !== 1);
  for (const { zone } of ctx.zones) {
    const routes = fresh.filter((r) => r.zone === zone && r.requiredTeam === 1);
    const zoneBuildings = new Set(routes.flatMap((r) => r.buildings));
    const freshMax = routes.reduce((m, r) => Math.max(m, r.load), 0);
    const kept: RouteShape[] = [];
    const taken = new Set<number>();
    for (const set of yesterdaySets) {
      if (kept.length >= routes.length) break;
      if (!set.every((b) => zoneBuildings.has(b) && !taken.has(b)) || sum(set) > cap) continue;
      for (const b of set) taken.add(b);
      kept.push({ zone, buildings: [...set], load: sum(set), requiredTeam: 1 });
    }
    const leftover = [...zoneBuildings].filter((b) => !taken.has(b)).sort((a, b) => a - b);
    const spare = routes.length - kept.length;
    if (kept.length === 0 || (leftover.length > 0 && spare === 0)) {
      out.push(...routes);
      continue;
    }
    let offset = 0;
    for (const len of leftover.length > 0 ? minMaxSegments(leftover.map(load), Math.min(spare, leftover.length)) : []) {
      const buildings = leftover.slice(offset, offset + len);
      kept.push({ zone, buildings, load: sum(buildings), requiredTeam: 1 });
      offset += len;
    }
    const target = Math.max(freshMax * (1 + ctx.rules.continuitySlack), globalMax);
    improveBalance(ctx, kept, target);
    const ok = kept.every((r) => r.load <= cap + EPS) && Math.max(...kept.map((r) => r.load)) <= target + EPS;
    out.push(...(ok ? kept : routes));
  }
  return out.sort((a, b) => (a.buildings[0] ?? 0) - (b.buildings[0] ?? 0));
}

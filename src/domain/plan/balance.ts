/**
 * Local improvement after the linear partition. Cutting a zone's walking order into contiguous
 * stretches is easy to explain but, when people are few and routes hold two or three buildings,
 * it can leave the heaviest route 30–40% above the lower bound (a 120-load building next to a
 * 70-load one must share a route). Balance ranks above compactness in the objectives, so
 * the heaviest route of each zone repeatedly gives a building to, or swaps one with, another
 * route of the same zone whenever that lowers the heavier of the two; ties go to the nearer
 * route in walking order. Routes stay inside their zone and within one person's capacity (a move
 * only ever lowers the maximum); buildings too heavy for one person are left alone.
 */
import type { DayContext } from "./day.ts";
import type { RouteShape } from "./routes.ts";

const EPS = 1e-9;

interface Move {
  max: number;
  distance: number;
  b: number;
  to: number;
  /** Building taken back in a swap, or -1 for a plain move. */
  c: number;
}

function better(a: Move, b: Move | null): boolean {
  if (!b) return true;
  return (
    a.max < b.max - EPS ||
    (Math.abs(a.max - b.max) <= EPS && (a.distance - b.distance || a.b - b.b || a.to - b.to || a.c - b.c) < 0)
  );
}

/** Walking-order steps from building `b` to the nearest building of `route`. */
function distance(ctx: DayContext, b: number, route: RouteShape): number {
  const pos = ctx.buildings[b]!.pos;
  let d = Infinity;
  for (const x of route.buildings) d = Math.min(d, Math.abs(ctx.buildings[x]!.pos - pos));
  return d;
}

/** Improves each zone until its heaviest route is at or below `target` (0: as far as it goes). */
export function improveBalance(ctx: DayContext, routes: RouteShape[], target = 0): void {
  const byZone = new Map<string, RouteShape[]>();
  for (const r of routes) {
    if (r.requiredTeam !== 1) continue;
    const list = byZone.get(r.zone) ?? [];
    list.push(r);
    byZone.set(r.zone, list);
  }
  const load = (b: number): number => ctx.buildings[b]!.load;
  for (const zone of [...byZone.keys()].sort()) {
    const list = byZone.get(zone)!;
    if (list.length < 2) continue;
    const buildings = list.reduce((n, r) => n + r.buildings.length, 0);
    for (let iteration = 0; iteration < 8 * buildings; iteration++) {
      let h = 0;
      list.forEach((r, i) => {
        if (r.load > list[h]!.load + EPS) h = i;
      });
      const heavy = list[h]!;
      if (heavy.load <= target + EPS) break;
      let best: Move | null = null;
      for (const b of heavy.buildings) {
        const lb = load(b);
        list.forEach((other, to) => {
          if (to === h) return;
          const d = distance(ctx, b, other);
          if (heavy.buildings.length > 1) {
            const move = { max: Math.max(heavy.load - lb, other.load + lb), distance: d, b, to, c: -1 };
            if (move.max < heavy.load - EPS && better(move, best)) best = move;
          }
          for (const c of other.buildings) {
            const lc = load(c);
            if (lc >= lb) continue;
            const swap = { max: Math.max(heavy.load - lb + lc, other.load - lc + lb), distance: d, b, to, c };
            if (swap.max < heavy.load - EPS && better(swap, best)) best = swap;
          }
        });
      }
      if (!best) break;
      const { b, to, c } = best as Move;
      const other = list[to]!;
      heavy.buildings = [...heavy.buildings.filter((x) => x !== b), ...(c >= 0 ? [c] : [])].sort((x, y) => x - y);
      other.buildings = [...other.buildings.filter((x) => x !== c), b].sort((x, y) => x - y);
      // Sums, not running totals, so fractional weights cannot drift.
      heavy.load = heavy.buildings.reduce((n, x) => n + load(x), 0);
      other.load = other.buildings.reduce((n, x) => n + load(x), 0);
    }
  }
}

/**
 * Supplies against the day's plan. Everyone working today (on a route or a post) uses
 * `perVolunteer` of each item, once however many shifts they hold: the article's point is one
 * protective suit per volunteer per day. A standby uses nothing until called in (the stock left
 * over is what covers call-ins), so `working` leaves them out.
 */
import type { DayContext } from "./day.ts";
import { text } from "./messages.ts";
import type { Notice, SupplyLine } from "./types.ts";

export function supplyLines(ctx: DayContext, working: number): { lines: SupplyLine[]; warnings: Notice[] } {
  const warnings: Notice[] = [];
  const lines = ctx.supplies.map((s): SupplyLine => {
    // Round first: 0.2 × 120 is 24.000000000000004 in floating point, and must not become 25.
    const needed = Math.ceil(Math.round(s.perVolunteer * working * 1e6) / 1e6);
    const left = s.stock - needed;
    const status = s.stock < needed ? "short" : left < s.reorderLevel ? "reorder" : "ok";
    if (status === "short") warnings.push(text.supplyShort(s.item, s.unit, needed, s.stock));
    if (status === "reorder") warnings.push(text.supplyReorder(s.item, s.unit, left, s.reorderLevel));
    return {
      item: s.item,
      unit: s.unit,
      stock: s.stock,
      perVolunteer: s.perVolunteer,
      needed,
      left,
      reorderLevel: s.reorderLevel,
      status,
    };
  });
  return { lines, warnings };
}

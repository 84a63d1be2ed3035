/**
 * What a route volunteer's day looks like: the stages in time order, and for each parcel wave the
 * order of stops. Priority goods go first (the article: medicine and cold-chain fresh food before
 * anything else) — medicine before cold chain, because a missed dose is worse than a warm
 * vegetable — and within each class the route's walking order, so the cart never doubles back
 * more than it must.
 */
import type { DayContext } from "./day.ts";
import { formatTime } from "./time.ts";
import type { DeliveryStop, Stage, WaveDelivery } from "./types.ts";

export function routeTimetable(ctx: DayContext): Stage[] {
  return ctx.routeSteps.map((s) => ({
    zh: s.zh,
    en: s.en,
    stepId: s.id,
    task: s.task,
    start: formatTime(s.start),
    end: formatTime(s.end),
    wave: s.wave,
    place: s.place,
  }));
}

/** `buildings` are building indices in walking order. */
export function waveDeliveries(ctx: DayContext, buildings: readonly number[]): WaveDelivery[] {
  return ctx.waves.map((wave) => {
    const stops: (DeliveryStop & { rank: number; pos: number })[] = [];
    for (const b of buildings) {
      const building = ctx.buildings[b]!;
      const w = building.byWave.get(wave);
      if (!w || w.parcels <= 0) continue;
      const rank = w.medicine > 0 ? 0 : w.coldChain > 0 ? 1 : 2;
      stops.push({
        building: building.id,
        parcels: w.parcels,
        medicine: w.medicine,
        coldChain: w.coldChain,
        rank,
        pos: b,
      });
    }
    stops.sort((a, b) => a.rank - b.rank || a.pos - b.pos);
    return {
      wave,
      stepId: ctx.routeSteps.find((s) => s.wave === wave)?.id ?? null,
      stops: stops.map(({ building, parcels, medicine, coldChain }) => ({ building, parcels, medicine, coldChain })),
    };
  });
}

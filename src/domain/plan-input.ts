/**
 * From the validated sheet snapshot to the engine's input for one date: the sign-ups of that
 * date joined with the roster, the workflow, that date's parcels and the supplies. Pure.
 *
 * @example
 * const input = planInputFromSnapshot(snapshot, { date: "2022-04-19", seed: 7, yesterday });
 * const plan = planDay(input);
 */
import type { Snapshot } from "./model.ts";
import { yesterdayOf, type Plan, type PlanInput } from "./plan/index.ts";

export function planInputFromSnapshot(
  snapshot: Snapshot,
  options: {
    date: string;
    seed: number;
    yesterday?: Plan | null;
    previous?: Plan | null;
    /** The community's standby share (its settings); the engine's default when absent. */
    standbyShare?: number;
    /** IDs trained at roll call (D1), counted as trained whatever 培训日期 says yet. */
    trained?: ReadonlySet<string>;
  },
): PlanInput {
  const roster = new Map(snapshot.volunteers.map((v) => [v.id, v]));
  const yesterday = options.yesterday ? yesterdayOf(options.yesterday) : {};
  const volunteers = snapshot.signups
    .filter((s) => s.date === options.date)
    .flatMap((s) => {
      const person = roster.get(s.volunteerId);
      if (!person || !person.active) return [];
      return [
        {
          id: person.id,
          name: person.name,
          age: person.age,
          availability: s.availability,
          roles: [...person.roles],
          homeBuilding: person.homeBuilding,
          pin: s.pin,
          yesterday: yesterday[person.id] ?? null,
          // A blank 培训日期 means never trained: training first, never alone on a route.
          trained: person.trainedOn !== null || (options.trained?.has(person.id) ?? false),
        },
      ];
    });
  // A blank route order walks the zone in the sheet's order, after the numbered buildings.
  const buildings = snapshot.buildings.map((b, i) => ({
    id: b.building,
    zone: b.zone,
    households: b.households,
    routeOrder: b.routeOrder ?? 1000 + i,
  }));
  return {
    date: options.date,
    seed: options.seed,
    buildings,
    volunteers,
    workflow: snapshot.workflow.map((w) => ({
      id: w.id,
      task: w.task,
      scope: w.scope,
      start: w.start,
      end: w.end,
      headcount: w.headcount,
      role: w.role,
      wave: w.wave,
      date: w.date,
      place: w.place,
      // A post's crew holds its back-to-back shifts as one block (see crewsOf); an organizer who
      // wants a fresh crew for a shift writes 换班 (or "new crew") in that step's note.
      newCrew: w.scope === "post" && /换班|new crew/i.test(w.note),
    })),
    parcels: snapshot.parcels
      .filter((p) => p.date === options.date)
      .map((p) => ({
        building: p.building,
        wave: p.wave,
        count: p.count,
        medicine: p.medicine,
        coldChain: p.coldChain,
      })),
    supplies: snapshot.supplies.map((s) => ({
      item: s.item,
      unit: s.unit,
      stock: s.stock,
      perVolunteer: s.perVolunteer,
      reorderLevel: s.reorderLevel ?? 0,
    })),
    rules: {
      maxAge: snapshot.ageLimit,
      ...(options.standbyShare === undefined ? {} : { standbyShare: options.standbyShare }),
    },
    previous: options.previous ?? null,
  };
}

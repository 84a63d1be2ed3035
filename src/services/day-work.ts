/**
 * What a link page shows of the day's work once it has begun (issue 14, parts 3–4):
 * - a route volunteer: their buildings × the day's route stages, a tap per cell, undo for 10
 *   minutes, and the gate's live counts for their buildings (medicine and cold chain first);
 * - a zone captain: the zone's board, read only;
 * - the gate crew: per wave, a count form per building, filled in with what is recorded.
 *
 * Also the compound's board for the console. All boards come from D1 (the sheet is a mirror).
 */
import type { Community } from "../community.ts";
import { localTimeToEpoch } from "../domain/local-time.ts";
import type { GateCount } from "../domain/gate-count.ts";
import type { Plan } from "../domain/plan/index.ts";
import {
  buildBoard,
  tickableStages,
  UNDO_WINDOW_MS,
  type Board,
  type BoardStage,
  type TickableTask,
} from "../domain/progress.ts";
import type { PlanInput } from "../domain/plan/types.ts";
import { gateCountsForDay, type GateRecord } from "./gate-counts.ts";
import { ticksForDay } from "./stage-ticks.ts";

export interface DayWorkView {
  /** The owner's own buildings (route volunteers). */
  own: (Board & { undoable: Array<{ building: string; task: TickableTask }> }) | null;
  /** The captain's zone board. */
  zone: (Board & { name: string }) | null;
  /** Gate counts of the owner's buildings, medicine first, then cold chain, then the rest. */
  counts: Array<{ wave: number; building: string } & GateCount>;
  /** The gate crew's forms: per wave, every building with what is recorded. */
  gate: Array<{ wave: number; buildings: Array<{ id: string; zone: string; recorded: GateCount | null }> }> | null;
  /** A refused tap or count, said beside the forms. */
  problem: { zh: string; en: string } | null;
}

/** The compound's buildings in walking order (zone, then route order), from the frozen input. */
export function compoundBuildings(input: Pick<PlanInput, "buildings">): Array<{ id: string; zone: string }> {
  return [...input.buildings]
    .sort((a, b) => a.zone.localeCompare(b.zone) || a.routeOrder - b.routeOrder || a.id.localeCompare(b.id))
    .map((b) => ({ id: b.id, zone: b.zone }));
}

/** A building's stages: its route's, or (nobody walks it) the day's route stages. */
export function stagesFor(plan: Plan): (building: string) => BoardStage[] {
  const common = tickableStages(plan.routes[0]?.timetable ?? []);
  const byBuilding = new Map<string, BoardStage[]>();
  for (const r of plan.routes) {
    const stages = tickableStages(r.timetable);
    for (const b of r.buildings) byBuilding.set(b, stages);
  }
  return (b) => byBuilding.get(b) ?? common;
}

/** The gate-sorting posts a volunteer is on (one block may span both waves' shifts). */
function gatePosts(plan: Plan, volunteerId: string) {
  return plan.posts.filter((p) => p.task === "gate_sort" && p.volunteerIds.includes(volunteerId));
}

/** The waves a gate-crew member sorts: their posts' waves, or every wave the day delivers. */
export function gateWaves(plan: Plan, volunteerId: string): number[] {
  const posts = gatePosts(plan, volunteerId);
  if (posts.length > 0 && posts.every((p) => p.wave !== null)) {
    return [...new Set(posts.map((p) => p.wave!))].sort();
  }
  const waves = new Set(
    plan.routes.flatMap((r) => r.timetable.map((s) => s.wave).filter((w): w is number => w !== null)),
  );
  return waves.size > 0 ? [...waves].sort() : [1, 2];
}

export function isGateCrew(plan: Plan, volunteerId: string): boolean {
  return gatePosts(plan, volunteerId).length > 0;
}

export async function dayWorkView(input: {
  db: D1Database;
  community: Community;
  date: string;
  volunteerId: string;
  /** The whole published plan (a link's day holds only the owner's route). */
  plan: Plan;
  buildings: Array<{ id: string; zone: string }>;
  captainOf: string | null;
  now: number;
  problem?: { zh: string; en: string } | null;
}): Promise<DayWorkView> {
  const { db, community, date, plan, now } = input;
  const [ticks, counts] = await Promise.all([
    ticksForDay(db, community.slug, date),
    gateCountsForDay(db, community.slug, date),
  ]);
  const endAt = (s: BoardStage) => localTimeToEpoch(date, s.end, community.timeZone);
  const stagesOf = stagesFor(plan);
  const a = plan.assignments.find((x) => x.volunteerId === input.volunteerId);
  const zoneOf = new Map(input.buildings.map((b) => [b.id, b.zone]));
  let own: DayWorkView["own"] = null;
  if (a?.kind === "route") {
    const mine = a.buildings.map((id) => ({ id, zone: zoneOf.get(id) ?? "" }));
    const board = buildBoard({ buildings: mine, stagesOf, ticks, endAt, now });
    const undoable = ticks
      .filter((t) => t.by === input.volunteerId && now - t.at <= UNDO_WINDOW_MS && a.buildings.includes(t.building))
      .map((t) => ({ building: t.building, task: t.task }));
    own = { ...board, undoable };
  }
  const zone =
    input.captainOf === null
      ? null
      : {
          name: input.captainOf,
          ...buildBoard({
            buildings: input.buildings.filter((b) => b.zone === input.captainOf),
            stagesOf,
            ticks,
            endAt,
            now,
          }),
        };
  const ownBuildings = a?.kind === "route" ? a.buildings : [];
  const rank = (c: GateRecord) => (c.medicine > 0 ? 0 : c.coldChain > 0 ? 1 : 2);
  const ownCounts = counts
    .filter((c) => ownBuildings.includes(c.building))
    .sort(
      (x, y) =>
        x.wave - y.wave || rank(x) - rank(y) || ownBuildings.indexOf(x.building) - ownBuildings.indexOf(y.building),
    )
    .map(({ wave, building, count, medicine, coldChain }) => ({ wave, building, count, medicine, coldChain }));
  const gate =
    a?.kind === "post" && isGateCrew(plan, input.volunteerId)
      ? gateWaves(plan, input.volunteerId).map((wave) => ({
          wave,
          buildings: input.buildings.map((b) => {
            const r = counts.find((c) => c.wave === wave && c.building === b.id);
            return { ...b, recorded: r ? { count: r.count, medicine: r.medicine, coldChain: r.coldChain } : null };
          }),
        }))
      : null;
  return { own, zone, counts: ownCounts, gate, problem: input.problem ?? null };
}

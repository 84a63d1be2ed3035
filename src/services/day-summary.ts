/**
 * What happened on a day, read from D1 for the 09:00 digest and the end-of-day wrap-up (issue 14,
 * part 7): the roll call by zone (present / absent / refilled), the compound's board and the
 * gate's counts.
 *
 * A person's zone is where the day's first published plan put them: a no-show refilled from
 * standby is off the latest plan, but still counts as absent in the zone they were expected in,
 * and a standby called in counts under 待命 (standby), as do standby marked 未到.
 */
import type { Community } from "../community.ts";
import { terms } from "../domain/glossary.ts";
import { say } from "../domain/language.ts";
import { localTimeToEpoch } from "../domain/local-time.ts";
import type { Plan } from "../domain/plan/index.ts";
import { buildBoard, type Board } from "../domain/progress.ts";
import type { RollSummary } from "../domain/digest.ts";
import { latestPublishedPlan } from "../store/plans.ts";
import { latestPublication, planChangesForDay } from "../store/publications.ts";
import { compoundBuildings, stagesFor } from "./day-work.ts";
import { gateCountsForDay, type GateRecord } from "./gate-counts.ts";
import { replacement } from "./day-status.ts";
import { attendanceForDay } from "./roll-call.ts";
import { ticksForDay } from "./stage-ticks.ts";

async function firstPublishedPlan(db: D1Database, community: string, date: string): Promise<Plan | undefined> {
  const row = await db
    .prepare(
      "SELECT plan FROM plans WHERE community = ? AND date = ? AND status = 'published' ORDER BY version ASC LIMIT 1",
    )
    .bind(community, date)
    .first<{ plan: string }>();
  return row ? (JSON.parse(row.plan) as Plan) : undefined;
}

/** The roll call so far, by zone then the fixed posts; undefined before anyone was marked. */
export async function rollSummary(
  db: D1Database,
  community: Community,
  date: string,
): Promise<RollSummary | undefined> {
  const marks = await attendanceForDay(db, community.slug, date);
  if (marks.size === 0) return undefined;
  const [first, changes] = await Promise.all([
    firstPublishedPlan(db, community.slug, date),
    planChangesForDay(db, community.slug, date),
  ]);
  const posts = say(community.language, terms.posts);
  const groupOf = new Map<string, string>();
  for (const r of first?.routes ?? []) for (const id of r.volunteerIds) groupOf.set(id, r.zone);
  for (const a of first?.assignments ?? []) if (a.kind === "post") groupOf.set(a.volunteerId, posts);
  // Standby wait at home and count only once marked (called in and here, or marked 未到): without
  // their line the zones would not add up to the totals above them.
  const standby = say(community.language, terms.standby);
  for (const a of first?.assignments ?? []) {
    if (a.kind === "standby" && marks.has(a.volunteerId)) groupOf.set(a.volunteerId, standby);
  }
  const zones = new Map<string, { zone: string; present: number; absent: number; refilled: number; people: number }>();
  for (const group of groupOf.values()) {
    const z = zones.get(group) ?? { zone: group, present: 0, absent: 0, refilled: 0, people: 0 };
    z.people += 1;
    zones.set(group, z);
  }
  let refilled = 0;
  for (const m of marks.values()) {
    const z = zones.get(groupOf.get(m.volunteerId) ?? "");
    const taken = !m.present && replacement(m.volunteerId, changes).replacedBy !== null;
    if (taken) refilled += 1;
    if (!z) continue;
    if (m.present) z.present += 1;
    else z.absent += 1;
    if (taken) z.refilled += 1;
  }
  const rank = (zone: string) => (zone === standby ? 2 : zone === posts ? 1 : 0);
  const values = [...marks.values()];
  return {
    present: values.filter((m) => m.present).length,
    absent: values.filter((m) => !m.present).length,
    refilled,
    // Zones by name, then the fixed posts, then standby.
    zones: [...zones.values()].sort((a, b) => rank(a.zone) - rank(b.zone) || a.zone.localeCompare(b.zone)),
  };
}

/** The compound's board at `now` and the gate's counts; null before the day was published. */
export async function dayProgress(
  db: D1Database,
  community: Community,
  date: string,
  now: number,
): Promise<{ board: Board; counts: GateRecord[] } | null> {
  const [published, publication, ticks, counts] = await Promise.all([
    latestPublishedPlan(db, community.slug, date),
    latestPublication(db, community.slug, date),
    ticksForDay(db, community.slug, date),
    gateCountsForDay(db, community.slug, date),
  ]);
  if (!published || !publication) return null;
  const board = buildBoard({
    buildings: compoundBuildings(publication.input),
    stagesOf: stagesFor(published.plan),
    ticks,
    endAt: (s) => localTimeToEpoch(date, s.end, community.timeZone),
    now,
  });
  return { board, counts };
}

/**
 * Training done (先培训再分工, issue 14 part 6): someone the published plan sends to the morning
 * training (`Assignment.training`) who is marked present at roll call on the plan's own date, by
 * the training's end, has been trained that day (`trainedAtRollCall`); someone who arrives after
 * it ended has not, and their page says so (src/pages/training-note.tsx), from this record (never
 * from the mark as it stands later, which a captain may have corrected since).
 * D1 first (the `training` table, migration 0021: the first training counts), then the
 * Volunteers tab's system column 培训日期 through the outbox, as an update of that person's row
 * found by ID (never an appended row, never an organizer's cell). The next plan reads the column
 * from the sheet and `trainedIds` from here, so a write still waiting in the outbox (or a row an
 * organizer blanked by mistake) does not send someone to training twice.
 *
 * @example
 * await recordTraining({ db, enqueue, now }, community, "2022-04-19", plan, { volunteerId: "V034", by: "captain:V003" });
 */
import type { Community } from "../community.ts";
import { localClock, localDate } from "../domain/local-time.ts";
import { trainedAtRollCall, type Plan } from "../domain/plan/index.ts";
import type { OutboxRow } from "../sheets/outbox.ts";

/**
 * Records the training of someone the plan had in training who checked in (now) on its day, by
 * its end; false when the plan had not sent them, or they came too late (or on another day).
 */
export async function recordTraining(
  deps: { db: D1Database; enqueue: (rows: OutboxRow[]) => Promise<unknown>; now: number },
  community: Community,
  date: string,
  plan: Plan | undefined,
  mark: { volunteerId: string; by: string },
): Promise<boolean> {
  const a = plan?.assignments.find((x) => x.volunteerId === mark.volunteerId);
  if (!a?.training || !plan?.training) return false;
  // The training happened on the plan's date: an organizer correcting yesterday's roll call at
  // 07:50 today did not see anyone at yesterday's training by its end.
  if (localDate(deps.now, community.timeZone) !== date) return false;
  if (!trainedAtRollCall(localClock(deps.now, community.timeZone), plan.training.end)) return false;
  const row = await deps.db
    .prepare(
      `INSERT INTO training (community, volunteer_id, on_date, at, by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (community, volunteer_id) DO NOTHING RETURNING on_date`,
    )
    .bind(community.slug, mark.volunteerId, date, deps.now, mark.by)
    .first<{ on_date: string }>();
  // A repeated mark changes nothing; the first training's date stands (and is already queued).
  if (row) await deps.enqueue([{ tab: "volunteers", cells: { volunteer_id: mark.volunteerId, trained_on: date } }]);
  return true;
}

/** Everyone this community has trained at roll call, with the day. */
export async function trainedOn(db: D1Database, community: string): Promise<Map<string, string>> {
  const { results } = await db
    .prepare("SELECT volunteer_id, on_date FROM training WHERE community = ?")
    .bind(community)
    .all<{ volunteer_id: string; on_date: string }>();
  return new Map(results.map((r) => [r.volunteer_id, r.on_date]));
}

/** The day roll call recorded this volunteer trained (the first training), or null. */
export async function trainingRecordOf(db: D1Database, community: string, volunteerId: string): Promise<string | null> {
  const row = await db
    .prepare("SELECT on_date FROM training WHERE community = ? AND volunteer_id = ?")
    .bind(community, volunteerId)
    .first<{ on_date: string }>();
  return row?.on_date ?? null;
}

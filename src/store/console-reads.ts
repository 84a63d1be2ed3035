/**
 * D1 reads only the organizer console needs (see storage-schema.md): the last sync's problems
 * (column `snapshots.problems`), the zone of every building from the last sync, and the last duty
 * of volunteers who have left a day's plan. Nothing here reads the sheet, so a page view costs no
 * Sheets quota.
 */
import type { SyncProblem } from "./snapshots.ts";

export interface LastSync {
  takenAt: string;
  counts: { rows: number; errors: number; warnings: number };
  /** At most KEEP_PROBLEMS of them, errors first. */
  problems: SyncProblem[];
}

export async function lastSync(db: D1Database, community: string): Promise<LastSync | undefined> {
  const row = await db
    .prepare(
      "SELECT taken_at, rows, errors, warnings, problems FROM snapshots WHERE community = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(community)
    .first<{ taken_at: string; rows: number; errors: number; warnings: number; problems: string }>();
  if (!row) return undefined;
  return {
    takenAt: row.taken_at,
    counts: { rows: row.rows, errors: row.errors, warnings: row.warnings },
    problems: JSON.parse(row.problems) as SyncProblem[],
  };
}

/** Building -> zone from the last sync's snapshot (only that part of the JSON is read). */
export async function buildingZones(db: D1Database, community: string): Promise<Map<string, string>> {
  const row = await db
    .prepare(
      "SELECT json_extract(data, '$.buildings') AS buildings FROM snapshots WHERE community = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(community)
    .first<{ buildings: string | null }>();
  const list = row?.buildings ? (JSON.parse(row.buildings) as Array<{ building: string; zone: string }>) : [];
  return new Map(list.map((b) => [b.building, b.zone]));
}

/** Each volunteer's duty in the newest version of the day that had them (route or post id). */
export async function lastDuties(
  db: D1Database,
  community: string,
  date: string,
  volunteerIds: readonly string[],
): Promise<Map<string, { kind: string; postId: string | null }>> {
  const out = new Map<string, { kind: string; postId: string | null }>();
  // D1 binds at most 100 parameters a statement.
  for (let i = 0; i < volunteerIds.length; i += 90) {
    const ids = volunteerIds.slice(i, i + 90);
    const { results } = await db
      .prepare(
        `SELECT volunteer_id, kind, post_id FROM assignments WHERE community = ? AND date = ? AND volunteer_id IN (${ids.map(() => "?").join(", ")}) ORDER BY version`,
      )
      .bind(community, date, ...ids)
      .all<{ volunteer_id: string; kind: string; post_id: string | null }>();
    // Ordered by version, so the newest version that had each volunteer wins.
    for (const r of results) out.set(r.volunteer_id, { kind: r.kind, postId: r.post_id });
  }
  return out;
}

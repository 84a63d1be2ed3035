/**
 * The validated snapshots a sync stores for planning (table `snapshots`, see storage-schema.md).
 * Only the latest few per community are kept: the sheet itself is the history.
 */
import type { Snapshot } from "../domain/model.ts";
import type { Problem } from "../domain/problem.ts";

/** A problem as the Problems tab lists it, with the link that opens its cell. */
export type SyncProblem = Problem & { link: string };

/** Problems kept per sync for the console; the Problems tab always has all of them. */
export const KEEP_PROBLEMS = 500;

export interface SnapshotRecord {
  id: number;
  community: string;
  takenAt: string;
  today: string;
  counts: { rows: number; errors: number; warnings: number };
  snapshot: Snapshot;
}

const KEEP = 20;

export async function saveSnapshot(
  db: D1Database,
  record: Omit<SnapshotRecord, "id"> & { problems?: readonly SyncProblem[] },
): Promise<number> {
  const inserted = await db
    .prepare(
      "INSERT INTO snapshots (community, taken_at, today, rows, errors, warnings, data, problems) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(
      record.community,
      record.takenAt,
      record.today,
      record.counts.rows,
      record.counts.errors,
      record.counts.warnings,
      JSON.stringify(record.snapshot),
      JSON.stringify((record.problems ?? []).slice(0, KEEP_PROBLEMS)),
    )
    .first<{ id: number }>();
  await db
    .prepare(
      "DELETE FROM snapshots WHERE community = ? AND id NOT IN (SELECT id FROM snapshots WHERE community = ? ORDER BY id DESC LIMIT ?)",
    )
    .bind(record.community, record.community, KEEP)
    .run();
  return inserted!.id;
}

export async function latestSnapshot(db: D1Database, community: string): Promise<SnapshotRecord | undefined> {
  const row = await db
    .prepare("SELECT * FROM snapshots WHERE community = ? ORDER BY id DESC LIMIT 1")
    .bind(community)
    .first<{
      id: number;
      community: string;
      taken_at: string;
      today: string;
      rows: number;
      errors: number;
      warnings: number;
      data: string;
    }>();
  if (!row) return undefined;
  return {
    id: row.id,
    community: row.community,
    takenAt: row.taken_at,
    today: row.today,
    counts: { rows: row.rows, errors: row.errors, warnings: row.warnings },
    snapshot: JSON.parse(row.data) as Snapshot,
  };
}

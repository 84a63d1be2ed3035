/**
 * Ticking off a building's route stages (issue 14, part 3). D1 first, then the Progress tab's cell
 * for that building and stage through the outbox (coalesced with every other tick of the minute).
 *
 * - A second tap on the same building and stage keeps the first tick (its time and who).
 * - Undo is for a wrong tap noticed at once: by whoever ticked, within 10 minutes.
 * - Who may tick what is the caller's check (a route volunteer, their own buildings only).
 */
import type { Community } from "../community.ts";
import { localStamp } from "../domain/local-time.ts";
import { progressColumn, UNDO_WINDOW_MS, type Tick, type TickableTask } from "../domain/progress.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { auditStatement } from "../store/plans.ts";

interface TickDeps {
  db: D1Database;
  enqueue: (rows: OutboxRow[]) => Promise<unknown>;
  now: number;
}

interface TickRow {
  building: string;
  task: string;
  at: number;
  by: string;
}

const toTick = (r: TickRow): Tick => ({ building: r.building, task: r.task as TickableTask, at: r.at, by: r.by });

export async function ticksForDay(db: D1Database, community: string, date: string): Promise<Tick[]> {
  const { results } = await db
    .prepare("SELECT building, task, at, by FROM stage_ticks WHERE community = ? AND date = ? ORDER BY at")
    .bind(community, date)
    .all<TickRow>();
  return results.map(toTick);
}

/** The Progress tab's cell: the local time it was done ("09:12"), or blank after an undo. */
function progressRow(
  community: Community,
  date: string,
  zone: string,
  building: string,
  task: TickableTask,
  at: number | null,
): OutboxRow {
  return {
    tab: "progress",
    cells: {
      date,
      building,
      zone,
      [progressColumn(task)]: at === null ? "" : localStamp(at, community.timeZone).slice(-5),
    },
  };
}

export type TickOutcome = { kind: "recorded"; tick: Tick } | { kind: "already"; tick: Tick };

export async function tickStage(
  deps: TickDeps,
  community: Community,
  date: string,
  tick: { building: string; zone: string; task: TickableTask; by: string },
): Promise<TickOutcome> {
  const [inserted] = await deps.db.batch<TickRow>([
    deps.db
      .prepare(
        `INSERT INTO stage_ticks (community, date, building, task, at, by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (community, date, building, task) DO NOTHING RETURNING building, task, at, by`,
      )
      .bind(community.slug, date, tick.building, tick.task, deps.now, tick.by),
  ]);
  const row = inserted?.results[0];
  if (!row) {
    const existing = (await deps.db
      .prepare(
        "SELECT building, task, at, by FROM stage_ticks WHERE community = ? AND date = ? AND building = ? AND task = ?",
      )
      .bind(community.slug, date, tick.building, tick.task)
      .first<TickRow>())!;
    // Sent again (coalesced, so free): a first tap whose enqueue failed still reaches the sheet.
    await deps.enqueue([progressRow(community, date, tick.zone, tick.building, tick.task, existing.at)]);
    return { kind: "already", tick: toTick(existing) };
  }
  await auditStatement(
    deps.db,
    community.slug,
    new Date(deps.now).toISOString(),
    tick.by,
    "stage.tick",
    `${date}/${tick.building}/${tick.task}`,
    {},
  ).run();
  await deps.enqueue([progressRow(community, date, tick.zone, tick.building, tick.task, deps.now)]);
  return { kind: "recorded", tick: toTick(row) };
}

export type UndoOutcome = { kind: "undone" } | { kind: "refused"; reason: "none" | "not_yours" | "too_late" };

export async function undoTick(
  deps: TickDeps,
  community: Community,
  date: string,
  tick: { building: string; zone: string; task: TickableTask; by: string },
): Promise<UndoOutcome> {
  // One statement decides, so two undo taps (or an undo racing the window's end) agree.
  const deleted = await deps.db
    .prepare(
      `DELETE FROM stage_ticks WHERE community = ? AND date = ? AND building = ? AND task = ? AND by = ? AND at >= ?
       RETURNING at`,
    )
    .bind(community.slug, date, tick.building, tick.task, tick.by, deps.now - UNDO_WINDOW_MS)
    .first<{ at: number }>();
  if (!deleted) {
    const existing = await deps.db
      .prepare("SELECT at, by FROM stage_ticks WHERE community = ? AND date = ? AND building = ? AND task = ?")
      .bind(community.slug, date, tick.building, tick.task)
      .first<{ at: number; by: string }>();
    return { kind: "refused", reason: !existing ? "none" : existing.by !== tick.by ? "not_yours" : "too_late" };
  }
  await auditStatement(
    deps.db,
    community.slug,
    new Date(deps.now).toISOString(),
    tick.by,
    "stage.undo",
    `${date}/${tick.building}/${tick.task}`,
    {},
  ).run();
  await deps.enqueue([progressRow(community, date, tick.zone, tick.building, tick.task, null)]);
  return { kind: "undone" };
}

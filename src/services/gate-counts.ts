/**
 * The gate's parcel counts (issue 14, part 4): per wave and building, 件数 / 其中药品 / 冷链 as the
 * gate crew sorts them. D1 first, then the Gate log tab through the outbox; the organizers'
 * Parcels tab stays theirs and is never written.
 *
 * A later count for the same building and wave replaces the earlier one (a correction); the same
 * count twice records once.
 */
import type { Community } from "../community.ts";
import type { GateCount } from "../domain/gate-count.ts";
import { localStamp } from "../domain/local-time.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { auditStatement } from "../store/plans.ts";

export interface GateRecord extends GateCount {
  wave: number;
  building: string;
  at: number;
  by: string;
}

interface GateRow {
  wave: number;
  building: string;
  count: number;
  medicine: number;
  cold_chain: number;
  at: number;
  by: string;
}

const toRecord = (r: GateRow): GateRecord => ({
  wave: r.wave,
  building: r.building,
  count: r.count,
  medicine: r.medicine,
  coldChain: r.cold_chain,
  at: r.at,
  by: r.by,
});

export async function gateCountsForDay(db: D1Database, community: string, date: string): Promise<GateRecord[]> {
  const { results } = await db
    .prepare(
      "SELECT wave, building, count, medicine, cold_chain, at, by FROM gate_counts WHERE community = ? AND date = ? ORDER BY wave, building",
    )
    .bind(community, date)
    .all<GateRow>();
  return results.map(toRecord);
}

/** The latest day before `date` with any gate counts, and its counts (for a plan with no typed counts). */
export async function latestGateCountsBefore(
  db: D1Database,
  community: string,
  date: string,
): Promise<{ date: string; counts: GateRecord[] } | null> {
  const day = await db
    .prepare("SELECT max(date) AS date FROM gate_counts WHERE community = ? AND date < ?")
    .bind(community, date)
    .first<{ date: string | null }>();
  if (!day?.date) return null;
  return { date: day.date, counts: await gateCountsForDay(db, community, day.date) };
}

export async function recordGateCount(
  deps: { db: D1Database; enqueue: (rows: OutboxRow[]) => Promise<unknown>; now: number },
  community: Community,
  date: string,
  entry: GateCount & { wave: number; building: string; by: string },
  /** The Gate log's 登记人: a volunteer's name, or 组织者 for an organizer (glossary). */
  nameOf: (by: string) => string,
): Promise<{ kind: "recorded" | "unchanged"; record: GateRecord }> {
  const row = await deps.db
    .prepare(
      `INSERT INTO gate_counts (community, date, wave, building, count, medicine, cold_chain, at, by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (community, date, wave, building) DO UPDATE SET count = excluded.count, medicine = excluded.medicine,
         cold_chain = excluded.cold_chain, at = excluded.at, by = excluded.by
       WHERE gate_counts.count IS NOT excluded.count OR gate_counts.medicine IS NOT excluded.medicine
         OR gate_counts.cold_chain IS NOT excluded.cold_chain
       RETURNING wave, building, count, medicine, cold_chain, at, by`,
    )
    .bind(
      community.slug,
      date,
      entry.wave,
      entry.building,
      entry.count,
      entry.medicine,
      entry.coldChain,
      deps.now,
      entry.by,
    )
    .first<GateRow>();
  const current =
    row ??
    (await deps.db
      .prepare(
        "SELECT wave, building, count, medicine, cold_chain, at, by FROM gate_counts WHERE community = ? AND date = ? AND wave = ? AND building = ?",
      )
      .bind(community.slug, date, entry.wave, entry.building)
      .first<GateRow>())!;
  const record = toRecord(current);
  if (row) {
    await auditStatement(
      deps.db,
      community.slug,
      new Date(deps.now).toISOString(),
      entry.by,
      "gate.count",
      `${date}/${entry.wave}/${entry.building}`,
      { count: entry.count, medicine: entry.medicine, coldChain: entry.coldChain },
    ).run();
  }
  // Unchanged counts are sent again too (coalesced): a first entry whose enqueue failed still lands.
  await deps.enqueue([
    {
      tab: "gate_log",
      cells: {
        date,
        wave: String(record.wave),
        building: record.building,
        count: String(record.count),
        medicine: String(record.medicine),
        cold_chain: String(record.coldChain),
        recorded_at: localStamp(record.at, community.timeZone).slice(-5),
        by: nameOf(record.by),
      },
    },
  ]);
  return { kind: row ? "recorded" : "unchanged", record };
}

/** Totals per wave, for the console and the wrap-up. */
export function waveTotals(
  records: readonly GateRecord[],
): Array<{ wave: number } & GateCount & { buildings: number }> {
  const byWave = new Map<number, GateCount & { buildings: number }>();
  for (const r of records) {
    const t = byWave.get(r.wave) ?? { count: 0, medicine: 0, coldChain: 0, buildings: 0 };
    t.count += r.count;
    t.medicine += r.medicine;
    t.coldChain += r.coldChain;
    t.buildings += 1;
    byWave.set(r.wave, t);
  }
  return [...byWave.entries()].sort((a, b) => a[0] - b[0]).map(([wave, t]) => ({ wave, ...t }));
}

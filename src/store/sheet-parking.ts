/**
 * Parked outboxes (table `sheet_parking`, see storage-schema.md): written by the outbox when it
 * parks and cleared when it writes again, read wherever organizers look.
 */

export interface SheetParking {
  spreadsheetId: string;
  kind: string;
  zh: string;
  en: string;
  /** Epoch ms of the refusal that parked it. */
  since: number;
  /** Row updates waiting, as of the last try. */
  pending: number;
}

export async function recordParking(db: D1Database, p: SheetParking): Promise<void> {
  await db
    .prepare(
      "INSERT INTO sheet_parking (spreadsheet_id, kind, zh, en, since, pending) VALUES (?, ?, ?, ?, ?, ?) " +
        "ON CONFLICT (spreadsheet_id) DO UPDATE SET kind = excluded.kind, zh = excluded.zh, en = excluded.en, pending = excluded.pending",
    )
    .bind(p.spreadsheetId, p.kind, p.zh, p.en, p.since, p.pending)
    .run();
}

export async function clearParking(db: D1Database, spreadsheetId: string): Promise<void> {
  await db.prepare("DELETE FROM sheet_parking WHERE spreadsheet_id = ?").bind(spreadsheetId).run();
}

export async function parkedSheets(db: D1Database): Promise<SheetParking[]> {
  const { results } = await db
    .prepare("SELECT spreadsheet_id, kind, zh, en, since, pending FROM sheet_parking ORDER BY spreadsheet_id")
    .all<{ spreadsheet_id: string; kind: string; zh: string; en: string; since: number; pending: number }>();
  return results.map((r) => ({
    spreadsheetId: r.spreadsheet_id,
    kind: r.kind,
    zh: r.zh,
    en: r.en,
    since: r.since,
    pending: r.pending,
  }));
}

export async function parkingOf(db: D1Database, spreadsheetId: string): Promise<SheetParking | undefined> {
  return (await parkedSheets(db)).find((p) => p.spreadsheetId === spreadsheetId);
}

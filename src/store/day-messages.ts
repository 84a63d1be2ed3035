/**
 * The day's reminder, digest and wrap-up texts in D1 (table `day_messages`, see storage-schema.md): the
 * latest run's parts replace the earlier ones of the same kind in one batch.
 */
export type DayMessageKind = "reminder" | "digest" | "wrap_up";

export function saveDayMessagesStatements(
  db: D1Database,
  key: { community: string; date: string; kind: DayMessageKind },
  parts: readonly string[],
  createdAt: string,
): D1PreparedStatement[] {
  return [
    db
      .prepare("DELETE FROM day_messages WHERE community = ? AND date = ? AND kind = ?")
      .bind(key.community, key.date, key.kind),
    ...parts.map((text, i) =>
      db
        .prepare("INSERT INTO day_messages (community, date, kind, part, text, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(key.community, key.date, key.kind, i + 1, text, createdAt),
    ),
  ];
}

export async function dayMessages(
  db: D1Database,
  community: string,
  date: string,
): Promise<Record<DayMessageKind, string[]>> {
  const { results } = await db
    .prepare("SELECT kind, text FROM day_messages WHERE community = ? AND date = ? ORDER BY kind, part")
    .bind(community, date)
    .all<{ kind: DayMessageKind; text: string }>();
  return {
    reminder: results.filter((r) => r.kind === "reminder").map((r) => r.text),
    digest: results.filter((r) => r.kind === "digest").map((r) => r.text),
    wrap_up: results.filter((r) => r.kind === "wrap_up").map((r) => r.text),
  };
}

/**
 * Signed-out console sessions (table `console_signouts`, see storage-schema.md). A session cookie
 * is valid by its signature until it expires; this table ends one early.
 */

export async function recordSignOut(
  db: D1Database,
  session: { id: string; community: string; expiresAt: number },
  now: number,
): Promise<void> {
  await db.batch([
    db
      .prepare("INSERT OR IGNORE INTO console_signouts (session_id, community, expires_at) VALUES (?, ?, ?)")
      .bind(session.id, session.community, session.expiresAt),
    // Rows past their expiry prove nothing any more: the signature check refuses those cookies.
    db.prepare("DELETE FROM console_signouts WHERE expires_at < ?").bind(now),
  ]);
}

export async function isSignedOut(db: D1Database, sessionId: string): Promise<boolean> {
  const row = await db.prepare("SELECT 1 AS out FROM console_signouts WHERE session_id = ?").bind(sessionId).first();
  return row !== null;
}

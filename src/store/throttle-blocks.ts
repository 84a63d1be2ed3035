/**
 * Blocked clients (table `throttle_blocks`, see storage-schema.md): written by the miss limiter
 * when a client goes over its limit, read before every attempt it makes.
 */

/** When the block on `key` ends (epoch ms), or undefined when there is none at `now`. */
export async function blockedUntil(db: D1Database, key: string, now: number): Promise<number | undefined> {
  const row = await db
    .prepare("SELECT until FROM throttle_blocks WHERE key = ? AND until > ?")
    .bind(key, now)
    .first<{ until: number }>();
  return row?.until;
}

/** Blocks `key` until `until` (a longer block already there stands); ended blocks are dropped. */
export async function recordBlock(db: D1Database, key: string, until: number, now: number): Promise<void> {
  await db.batch([
    db
      .prepare(
        "INSERT INTO throttle_blocks (key, until) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET until = max(until, excluded.until)",
      )
      .bind(key, until),
    db.prepare("DELETE FROM throttle_blocks WHERE until <= ?").bind(now),
  ]);
}

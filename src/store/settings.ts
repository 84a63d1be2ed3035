/** Saved community settings (table `community_settings`, see storage-schema.md). */
import type { Settings } from "../domain/settings.ts";

export async function saveSettings(db: D1Database, community: string, settings: Settings, now: number): Promise<void> {
  await db
    .prepare(
      "INSERT INTO community_settings (community, settings, updated_at) VALUES (?, ?, ?) ON CONFLICT (community) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
    )
    .bind(community, JSON.stringify(settings), new Date(now).toISOString())
    .run();
}

/**
 * Changing a community's settings: checked field by field (src/domain/settings.ts), saved only
 * when every field passes, and recorded in the audit log. Shared by the API and the console.
 */
import type { Community } from "../community.ts";
import { changeSettings, type SettingProblem, type Settings } from "../domain/settings.ts";
import { auditStatement } from "../store/plans.ts";
import { saveSettings } from "../store/settings.ts";

export async function updateSettings(
  deps: { db: D1Database; now: number; actor: string },
  community: Community,
  input: Record<string, unknown>,
): Promise<{ ok: true; settings: Settings } | { ok: false; problems: SettingProblem[] }> {
  const result = changeSettings(community.settings, input);
  if (!result.ok) return result;
  await saveSettings(deps.db, community.slug, result.settings, deps.now);
  await auditStatement(
    deps.db,
    community.slug,
    new Date(deps.now).toISOString(),
    deps.actor,
    "settings.update",
    community.slug,
    result.settings,
  ).run();
  return result;
}

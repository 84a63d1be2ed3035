/**
 * A community (one compound) this deployment serves: its spreadsheet, time zone and daily times.
 *
 * The community named by the wrangler vars (`demo` locally) always exists; further communities
 * are rows of the D1 `communities` table.
 */
import { tidyText } from "./domain/normalize.ts";
import { resolveSettings, type Settings } from "./domain/settings.ts";
import type { Language } from "./domain/language.ts";
import type { Vars } from "./env.ts";

export interface Community {
  slug: string;
  name: string;
  spreadsheetId: string;
  timeZone: string;
  /** Local wall-clock times of the scheduled jobs, HH:MM in the community's time zone. */
  times: { publish: string; chase: string; digest: string; wrapUp: string };
  /**
   * How its organizers prove who they are: the wrangler-vars community uses ORGANIZER_TOKEN; a
   * D1 community stores only the SHA-256 hex digest of its own token.
   */
  token: { kind: "env" } | { kind: "hash"; sha256: string | null };
  /** The key pool's account for this sheet (src/sheets/key-pool.ts); null: the pool's first. */
  serviceAccount: string | null;
  /** What its organizers set (src/domain/settings.ts); `times` above come from here. */
  settings: Settings;
  /** `settings.language`: what everything people read is written in. */
  language: Language;
}

export const defaultTimes = { publish: "21:00", chase: "06:30", digest: "09:00", wrapUp: "17:00" } as const;

export async function loadCommunity(db: D1Database, vars: Vars, slug: string): Promise<Community | undefined> {
  if (slug === vars.COMMUNITY_SLUG) {
    const stored = await db
      .prepare("SELECT settings FROM community_settings WHERE community = ?")
      .bind(slug)
      .first<{ settings: string }>();
    return withSettings(
      {
        slug,
        name: tidyText(vars.COMMUNITY_NAME),
        spreadsheetId: vars.SPREADSHEET_ID,
        timeZone: vars.TIME_ZONE,
        token: { kind: "env" },
        serviceAccount: null,
      },
      resolveSettings(stored ? JSON.parse(stored.settings) : {}),
    );
  }
  const row = await db
    .prepare(
      "SELECT c.slug, c.name, c.spreadsheet_id, c.time_zone, c.token_hash, c.publish_time, c.chase_time, c.digest_time, c.service_account, s.settings FROM communities c LEFT JOIN community_settings s ON s.community = c.slug WHERE c.slug = ?",
    )
    .bind(slug)
    .first<{
      slug: string;
      name: string;
      spreadsheet_id: string;
      time_zone: string;
      token_hash: string | null;
      publish_time: string;
      chase_time: string;
      digest_time: string;
      service_account: string | null;
      settings: string | null;
    }>();
  if (!row) return undefined;
  // The times stored by community:add, until the organizers save settings of their own.
  const stored = row.settings
    ? JSON.parse(row.settings)
    : { publishTime: row.publish_time, chaseTime: row.chase_time, digestTime: row.digest_time };
  return withSettings(
    {
      slug: row.slug,
      // Shown on every volunteer page and message: no bidi overrides or invisible characters.
      name: tidyText(row.name),
      spreadsheetId: row.spreadsheet_id,
      timeZone: row.time_zone,
      token: { kind: "hash", sha256: row.token_hash },
      serviceAccount: row.service_account,
    },
    resolveSettings(stored),
  );
}

function withSettings(base: Omit<Community, "settings" | "language" | "times">, settings: Settings): Community {
  return {
    ...base,
    times: {
      publish: settings.publishTime,
      chase: settings.chaseTime,
      digest: settings.digestTime,
      wrapUp: settings.wrapUpTime,
    },
    settings,
    language: settings.language,
  };
}

/** Every community this deployment serves: the one from the wrangler vars, then D1's. */
export async function listCommunities(db: D1Database, vars: Vars): Promise<Community[]> {
  const { results } = await db.prepare("SELECT slug FROM communities ORDER BY slug").all<{ slug: string }>();
  const slugs = [vars.COMMUNITY_SLUG, ...results.map((r) => r.slug).filter((s) => s !== vars.COMMUNITY_SLUG)];
  const communities = await Promise.all(slugs.map((slug) => loadCommunity(db, vars, slug)));
  return communities.filter((c): c is Community => c !== undefined);
}

-- A community's settings as its organizers last saved them (src/domain/settings.ts): language,
-- age limit, arrive-early minutes, standby share, publish/remind/digest times. JSON, read over
-- the defaults, so a setting added later needs no migration. No row: the defaults (and, for a
-- community added with `community:add`, the times stored with it).
CREATE TABLE community_settings (
  community TEXT PRIMARY KEY,
  settings TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

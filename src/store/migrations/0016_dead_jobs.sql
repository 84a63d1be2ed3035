-- Scheduled jobs whose queue message ran out of retries (src/cron/fan-out.ts): kept so the
-- organizers see them in the console, with what to do.
CREATE TABLE IF NOT EXISTS dead_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  community TEXT NOT NULL,
  job TEXT NOT NULL,
  date TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  scheduled_at TEXT NOT NULL,
  dead_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dead_jobs_by_community ON dead_jobs (community, dead_at);

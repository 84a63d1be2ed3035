-- Scheduled jobs: one row per (community, job, date) — the exactly-once ledger — every attempt,
-- and every group notification part, so a double run sends nothing twice.
CREATE TABLE job_runs (
  community TEXT NOT NULL,
  job TEXT NOT NULL,
  date TEXT NOT NULL,
  status TEXT NOT NULL,
  steps TEXT NOT NULL DEFAULT '[]',
  attempts INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  outcome TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (community, job, date)
);

CREATE TABLE job_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  community TEXT NOT NULL,
  job TEXT NOT NULL,
  date TEXT NOT NULL,
  at TEXT NOT NULL,
  result TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX job_attempts_by_run ON job_attempts (community, job, date, id);

CREATE TABLE notifications (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL,
  part INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  sent_at TEXT,
  PRIMARY KEY (community, date, kind, channel, part)
);

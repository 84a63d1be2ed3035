-- The validated snapshot of a community's sheet, written by every sync; planning reads the latest.
CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  community TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  today TEXT NOT NULL,
  rows INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX snapshots_by_community ON snapshots (community, id DESC);

-- Plans: every generated version of a community's plan for a date, its assignments, and an audit log.
CREATE TABLE plans (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  version INTEGER NOT NULL,
  input_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',
  created_at TEXT NOT NULL,
  published_at TEXT,
  plan TEXT NOT NULL,
  PRIMARY KEY (community, date, version)
);

CREATE TABLE assignments (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  version INTEGER NOT NULL,
  volunteer_id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  post_id TEXT,
  buildings TEXT NOT NULL,
  start TEXT NOT NULL,
  "end" TEXT NOT NULL,
  PRIMARY KEY (community, date, version, volunteer_id)
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  community TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_community ON audit_log (community, id DESC);

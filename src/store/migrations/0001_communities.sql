-- Communities served by this deployment. The local default seeds `demo` from wrangler vars.
CREATE TABLE communities (
  slug TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  spreadsheet_id TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
  created_at TEXT NOT NULL
);

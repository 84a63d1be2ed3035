-- Spreadsheets whose outbox stopped writing because Google keeps refusing (unshared, deleted, a
-- strictly protected range): one row while parked, so /healthz, the console and the digest can
-- tell the organizers with one query instead of asking every outbox.
CREATE TABLE sheet_parking (
  spreadsheet_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  zh TEXT NOT NULL,
  en TEXT NOT NULL,
  since INTEGER NOT NULL,
  pending INTEGER NOT NULL
);

-- The organizer console (/console).
-- Each sync keeps its problems (JSON list: the problem, in Chinese and English, with a link to the
-- cell) beside its snapshot, so the console shows the last sync's problems without reading the
-- sheet again (Sheets quota).
ALTER TABLE snapshots ADD COLUMN problems TEXT NOT NULL DEFAULT '[]';

-- Console sessions are signed cookies; signing out records the session here until it would have
-- expired anyway, so a copied cookie stops working too.
CREATE TABLE console_signouts (
  session_id TEXT PRIMARY KEY,
  community TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);

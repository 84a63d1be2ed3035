-- The end-of-day wrap-up (src/domain/wrap-up.ts) is kept copy-ready like the reminder and the
-- digest. SQLite cannot change a CHECK in place, so day_messages is rebuilt with the new kind.
CREATE TABLE day_messages_new (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reminder', 'digest', 'wrap_up')),
  part INTEGER NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (community, date, kind, part)
);
INSERT INTO day_messages_new (community, date, kind, part, text, created_at)
  SELECT community, date, kind, part, text, created_at FROM day_messages;
DROP TABLE day_messages;
ALTER TABLE day_messages_new RENAME TO day_messages;

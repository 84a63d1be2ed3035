-- Copy-ready texts of a day that are not the group message: the morning reminder (who has not
-- answered, with their links) and the digest, in parts under 1,000 characters. Kept whether or
-- not a webhook is set, so the console and the Messages tab can show them for personal WeChat
-- groups, which have no bots.
CREATE TABLE day_messages (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reminder', 'digest')),
  part INTEGER NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (community, date, kind, part)
);

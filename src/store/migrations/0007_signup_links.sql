-- Personal sign-up links (/s/{code}) and the sign-ups given through them. See storage-schema.md
-- and the README section "Personal sign-up link".

-- One live link per volunteer, kept from day to day (a volunteer pins it in WeChat). Revoking
-- sets revoked_at; issuing again adds a new row with a new code.
CREATE TABLE signup_links (
  -- Hex SHA-256 of the code: the code itself is never stored in clear.
  code_hash TEXT PRIMARY KEY,
  community TEXT NOT NULL,
  volunteer_id TEXT NOT NULL,
  -- The roster name when the link was issued, for the page.
  name TEXT NOT NULL,
  -- The code sealed with AES-GCM (src/services/link-keys.ts), so the organizer can print it again.
  code_sealed TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE UNIQUE INDEX signup_links_live ON signup_links (community, volunteer_id) WHERE revoked_at IS NULL;

-- One sign-up per volunteer and date given through a link: committed here first, then appended to
-- the Signups tab (sheet_at set once the sheet has the row, or already had one for that volunteer).
CREATE TABLE link_signups (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  volunteer_id TEXT NOT NULL,
  name TEXT NOT NULL,
  availability TEXT NOT NULL CHECK (availability IN ('all_day', 'am', 'pm')),
  -- Epoch ms.
  signed_at INTEGER NOT NULL,
  code_hash TEXT NOT NULL,
  -- Epoch ms when the Signups tab got the row; NULL while pending.
  sheet_at INTEGER,
  PRIMARY KEY (community, date, volunteer_id)
);
CREATE INDEX link_signups_pending ON link_signups (community, sheet_at);

-- A lease per community so that one request at a time appends pending link sign-ups to the sheet
-- (a burst of taps shares one write); it lapses by itself if that request dies.
CREATE TABLE signup_flush (
  community TEXT PRIMARY KEY,
  -- Epoch ms; 0 when free.
  lease_until INTEGER NOT NULL,
  last_flush_at INTEGER
);

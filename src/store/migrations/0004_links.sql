-- Publishing a day: what was published, the volunteers' short links, their answers and who
-- replaced whom. See storage-schema.md.

-- One row per published plan version (the first publish and every replan after a decline).
CREATE TABLE publications (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  version INTEGER NOT NULL,
  published_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  -- The engine input (JSON PlanInput) replans start from, frozen at the first publish.
  input TEXT NOT NULL,
  -- JSON: community name, origin of the links, assembly time/place/training note.
  details TEXT NOT NULL,
  -- How many parts the group message had (the text holds the links, so it is not stored).
  message_parts INTEGER NOT NULL,
  PRIMARY KEY (community, date, version)
);

-- One short link per volunteer and day; it survives replans and re-publishing.
CREATE TABLE links (
  -- Hex SHA-256 of the code: the code itself is never stored in clear.
  code_hash TEXT PRIMARY KEY,
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  volunteer_id TEXT NOT NULL,
  -- The code sealed with AES-GCM under a key derived from LINK_SECRET, so a re-publish can print
  -- the same links again; useless without the secret.
  code_sealed TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- Epoch ms: the end of the plan's date in the community's time zone.
  expires_at INTEGER NOT NULL,
  revoked_at TEXT,
  UNIQUE (community, date, volunteer_id)
);

-- The current answer of each volunteer for a day; every change is also in answer_history.
CREATE TABLE answers (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  volunteer_id TEXT NOT NULL,
  answer TEXT NOT NULL CHECK (answer IN ('confirm', 'decline')),
  reason TEXT NOT NULL DEFAULT '',
  -- Epoch ms.
  answered_at INTEGER NOT NULL,
  -- The published plan version the volunteer was looking at.
  version INTEGER NOT NULL,
  -- 1 on the first answer, +1 on every change; a repeated identical answer changes nothing.
  revision INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (community, date, volunteer_id)
);

CREATE TABLE answer_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  volunteer_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  reason TEXT NOT NULL,
  answered_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  -- Who sent it: "link" (the volunteer's own page), or an organizer route later.
  via TEXT NOT NULL
);
CREATE INDEX answer_history_by_day ON answer_history (community, date, volunteer_id, id);

-- How each replanned version differs from the one before, per volunteer: "left" (declined),
-- "joined" (signed up again) or "moved" (a new duty, e.g. standby taking a declined post);
-- replaces names whose place they took.
CREATE TABLE plan_changes (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  version INTEGER NOT NULL,
  volunteer_id TEXT NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('left', 'joined', 'moved')),
  replaces TEXT,
  PRIMARY KEY (community, date, version, volunteer_id)
);

-- Each further community has its own organizer token (stored as a SHA-256 hex digest, never in
-- clear) and its own local job times.
ALTER TABLE communities ADD COLUMN token_hash TEXT;
ALTER TABLE communities ADD COLUMN publish_time TEXT NOT NULL DEFAULT '21:00';
ALTER TABLE communities ADD COLUMN chase_time TEXT NOT NULL DEFAULT '06:30';
ALTER TABLE communities ADD COLUMN digest_time TEXT NOT NULL DEFAULT '09:00';

-- Which service account of the key pool reads and writes this community's sheet
-- (src/sheets/key-pool.ts); NULL means the pool's first.
ALTER TABLE communities ADD COLUMN service_account TEXT;

-- A refill is written only if the roll call it was made from still holds (src/services/replan-day.ts,
-- storeReplan): the first statement of its D1 batch inserts a row here only when someone the refill
-- changes has a different mark than the refill read (they checked in meanwhile), and the CHECK
-- refuses that row, so D1 rolls the whole batch back and the refill is made again. SQLite has no
-- RAISE outside triggers; this table is that RAISE. It never holds a row.
CREATE TABLE replan_guard (
  stale INTEGER NOT NULL CONSTRAINT attendance_changed_since_read CHECK (stale = 0)
);

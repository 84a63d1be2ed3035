-- Training first, then duty (先培训再分工; src/services/training.ts): the day someone in the
-- plan's morning training was marked present at roll call, i.e. was trained. One row per
-- volunteer: the first training counts, a later one changes nothing. It is written to D1 first,
-- then to the Volunteers tab's system column 培训日期 through the outbox (update by ID only);
-- the next plan reads it from the sheet and from here, so an unflushed write is not lost.
-- `on_date` YYYY-MM-DD (the plan's date); `at` epoch ms (the Worker's clock); `by` as attendance.
CREATE TABLE training (
  community TEXT NOT NULL,
  volunteer_id TEXT NOT NULL,
  on_date TEXT NOT NULL,
  at INTEGER NOT NULL,
  by TEXT NOT NULL,
  PRIMARY KEY (community, volunteer_id)
);

-- Roll call at assembly (src/services/roll-call.ts): who came, marked by their zone captain, an
-- organizer, or themselves (我到了). One row per volunteer and day; a later mark replaces it.
-- `present` 1 = 到, 0 = 未到; `at` epoch ms (the Worker's clock); `by` = 'self',
-- 'captain:<volunteer id>' or 'organizer'.
CREATE TABLE attendance (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  volunteer_id TEXT NOT NULL,
  present INTEGER NOT NULL CHECK (present IN (0, 1)),
  at INTEGER NOT NULL,
  by TEXT NOT NULL,
  PRIMARY KEY (community, date, volunteer_id)
);

-- The day's work (src/services/stage-ticks.ts, src/services/gate-counts.ts; issue 14 parts 3-4).
--
-- stage_ticks: a building's route stage done. One row per (building, task) and day: a second tap
-- keeps the first tick; undo (by whoever ticked, within 10 minutes) deletes the row. `task` is the
-- workflow's task value (garbage, parcels_1, antigen, pcr, parcels_2); `at` epoch ms (the Worker's
-- clock); `by` the volunteer ID of the route volunteer who ticked it.
CREATE TABLE stage_ticks (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  building TEXT NOT NULL,
  task TEXT NOT NULL,
  at INTEGER NOT NULL,
  by TEXT NOT NULL,
  PRIMARY KEY (community, date, building, task)
);

-- gate_counts: parcels per building and wave as the gate crew sorted them (medicine and cold chain
-- are part of `count`). A later entry for the same building and wave replaces the earlier one (a
-- correction); `by` is the gate-crew volunteer's ID or 'organizer'.
CREATE TABLE gate_counts (
  community TEXT NOT NULL,
  date TEXT NOT NULL,
  wave INTEGER NOT NULL,
  building TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count BETWEEN 0 AND 10000),
  medicine INTEGER NOT NULL CHECK (medicine BETWEEN 0 AND count),
  cold_chain INTEGER NOT NULL CHECK (cold_chain BETWEEN 0 AND count),
  at INTEGER NOT NULL,
  by TEXT NOT NULL,
  PRIMARY KEY (community, date, wave, building)
);

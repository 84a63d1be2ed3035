-- Wrong phone tails typed to decline a duty, per link (src/services/decline-check.ts): anyone in
-- the group can open anyone's link, so declining (which takes the person off the plan) asks for
-- the last four digits of their phone, and a link allows only a few wrong tries an hour.
-- `code_hash` is the link's stored hash; times are epoch ms (the Worker's clock).
CREATE TABLE decline_misses (
  code_hash TEXT PRIMARY KEY,
  misses INTEGER NOT NULL,
  window_start INTEGER NOT NULL
);

-- Clients over a miss limit (src/services/miss-limiter.ts): while a row is live, every attempt
-- of that client in that scope is refused, right or wrong. The Workers rate-limiting binding
-- counts the misses but cannot be asked "is this client over?" without counting, so the refusal
-- that takes a client over the limit writes its block here. `key` is a digest of scope and client
-- (no address in clear); `until` is epoch ms (real time).
CREATE TABLE throttle_blocks (
  key TEXT PRIMARY KEY,
  until INTEGER NOT NULL
);

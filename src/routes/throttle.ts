/**
 * The miss limiter of this request's client (CF-Connecting-IP) in one scope; see
 * src/services/miss-limiter.ts for what counts and what is refused.
 *
 * @example
 * const throttle = throttleOf(c, "api");
 * const wait = await throttle.retryAfter();
 * if (wait > 0) return c.json(tooManyAttempts().toBody(), 429, { "Retry-After": String(wait) });
 */
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { clientKey, missLimiter, type MissLimiter, type ThrottleScope } from "../services/miss-limiter.ts";

export function throttleOf(c: Context<AppEnv>, scope: ThrottleScope): MissLimiter {
  return missLimiter(scope, clientKey(c.req.raw.headers), {
    binding: c.env.LINK_MISSES,
    db: c.env.DB,
    // Real time on purpose, not services.now() (see LimiterDeps.now).
    now: Date.now(),
  });
}

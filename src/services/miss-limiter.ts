/**
 * Throttles clients that keep getting something wrong: link codes that do not exist (`/c`, `/s`),
 * console sign-ins and organizer API tokens, each scope counted on its own.
 *
 * Only wrong attempts count (at 07:00 a whole compound may share one carrier IP, and opening a
 * valid link must never use up anyone's allowance). But once a client is over the limit, EVERY
 * attempt it makes is refused, right or wrong, until the block ends: otherwise a guesser would
 * learn which of its guesses was right by the one that did not get 429. So routes ask
 * {@link MissLimiter.retryAfter} before they verify anything, and {@link MissLimiter.miss} after a
 * wrong attempt.
 *
 * Counting is the Workers rate-limiting binding (`LINK_MISSES`, 10 a minute per key; simulated
 * by miniflare locally). It can only count, not tell whether a key is over without counting, so
 * the miss it refuses also blocks the client in D1 (`throttle_blocks`) for {@link BLOCK_MS}, and
 * `retryAfter` reads that. Without the binding nothing is limited (and D1 is not asked).
 *
 * @example
 * const limiter = missLimiter("link", clientKey(headers), { binding: env.LINK_MISSES, db, now });
 * if ((await limiter.retryAfter()) > 0) return tooMany();
 * if (!found && (await limiter.miss()) > 0) return tooMany();
 */
import { blockedUntil, recordBlock } from "../store/throttle-blocks.ts";

/** What is being guessed: link codes, console sign-ins, organizer API tokens. */
export type ThrottleScope = "link" | "console" | "api";

export interface MissLimiter {
  /** Seconds until this client may try again, 0 when it is not blocked. Ask before verifying. */
  retryAfter(): Promise<number>;
  /** Counts one wrong attempt: the seconds to wait if it took the client over the limit, else 0. */
  miss(): Promise<number>;
}

/** How long a client over the limit waits: the binding's period. */
export const BLOCK_MS = 60_000;

export interface LimiterDeps {
  binding: RateLimit | undefined;
  db: D1Database;
  /**
   * Real time in epoch ms, not the Worker's business clock: the binding counts in real time, and
   * a clock pinned with ZC_NOW (local default) must not make a block last forever.
   */
  now: number;
}

export function missLimiter(scope: ThrottleScope, client: string, deps: LimiterDeps): MissLimiter {
  const { binding, db, now } = deps;
  if (!binding) return { retryAfter: async () => 0, miss: async () => 0 };
  const seconds = (until: number) => Math.max(1, Math.ceil((until - now) / 1000));
  let key: Promise<string> | undefined;
  const blockKey = () => (key ??= digest(`${scope}|${client}`));
  return {
    async retryAfter() {
      const until = await blockedUntil(db, await blockKey(), now);
      return until === undefined ? 0 : seconds(until);
    },
    async miss() {
      const { success } = await binding.limit({ key: `miss:${scope}:${client}` });
      if (success) return 0;
      await recordBlock(db, await blockKey(), now + BLOCK_MS, now);
      return seconds(now + BLOCK_MS);
    },
  };
}

/** The client as Cloudflare sees it; locally (no header) every request is one client. */
export function clientKey(headers: Headers): string {
  return headers.get("cf-connecting-ip") ?? "local";
}

async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Throttles clients that keep opening links that do not exist (someone guessing codes). Only
 * misses count: at 07:00 a whole compound may share one carrier IP, and their valid links must
 * never be slowed. On Cloudflare this is the Workers rate-limiting binding (`[[ratelimits]]`,
 * simulated by miniflare locally); without the binding nothing is limited.
 *
 * @example
 * if (!(await missLimiter(env.LINK_MISSES).allow(clientKey))) return c.html(<TooMany />, 429);
 */

export interface MissLimiter {
  /** Counts one miss for the client; false once it is over the limit for the current window. */
  allow(clientKey: string): Promise<boolean>;
}

export function missLimiter(binding: RateLimit | undefined): MissLimiter {
  if (!binding) return { allow: async () => true };
  return {
    async allow(clientKey) {
      const { success } = await binding.limit({ key: `link-miss:${clientKey}` });
      return success;
    },
  };
}

/** The client as Cloudflare sees it; locally (no header) every request is one client. */
export function clientKey(headers: Headers): string {
  return headers.get("cf-connecting-ip") ?? "local";
}

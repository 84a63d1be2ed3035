/**
 * Several service accounts when one is not enough.
 *
 * Google counts 60 reads and 60 writes a minute per service account, so one account carries a
 * town of a few dozen compounds (docs/BENCHMARKS.md); more need more accounts. The pool is the
 * `GOOGLE_SERVICE_ACCOUNT_KEY` secret plus the JSON array in `GOOGLE_SERVICE_ACCOUNT_KEYS`; each
 * community is bound to one account (D1 `communities.service_account`, chosen by
 * `npm run community:add` as the least loaded) whose email its organizers share the sheet with.
 * A community bound to no account, or to one no longer in the pool, uses the first.
 */
import { parseServiceAccountKey, type ServiceAccountKey } from "./service-account.ts";

/** The pool's keys, the single secret first; one per email. Throws on a malformed key. */
export function parseKeyPool(single: string | undefined, many: string | undefined): ServiceAccountKey[] {
  const keys: ServiceAccountKey[] = [];
  if (single) keys.push(parseServiceAccountKey(single));
  if (many) {
    let list: unknown;
    try {
      list = JSON.parse(many);
    } catch {
      throw new Error("GOOGLE_SERVICE_ACCOUNT_KEYS 不是有效的 JSON。GOOGLE_SERVICE_ACCOUNT_KEYS is not valid JSON.");
    }
    if (!Array.isArray(list)) {
      throw new Error(
        "GOOGLE_SERVICE_ACCOUNT_KEYS 应是一组密钥 [ {...}, {...} ]。GOOGLE_SERVICE_ACCOUNT_KEYS must be an array of keys.",
      );
    }
    for (const item of list) keys.push(parseServiceAccountKey(JSON.stringify(item)));
  }
  return keys.filter((k, i) => keys.findIndex((o) => o.client_email === k.client_email) === i);
}

/** The account with the fewest communities (ties: the first in the pool). */
export function leastLoaded(emails: readonly string[], loads: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  for (const email of emails) if (best === undefined || (loads.get(email) ?? 0) < (loads.get(best) ?? 0)) best = email;
  return best;
}

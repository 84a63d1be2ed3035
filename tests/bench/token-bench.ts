/**
 * Access-token exchanges over a simulated day, in process: ServiceAccountAuth (real JWT signing
 * with jose) against a token endpoint that counts, a clock that moves minute by minute from
 * 06:00 to 23:00, and Sheets calls at the day's pace (the 07:00 answer wave, the 09:00 digest,
 * the 21:00 publish). Cloudflare recycles isolates, so every 10 simulated minutes the isolate's
 * memory starts empty; the outbox's Durable Object storage (a shelf) outlives it.
 */
import { exportPKCS8, generateKeyPair } from "jose";
import { memoryTokenCache, parseServiceAccountKey, ServiceAccountAuth } from "../../src/sheets/service-account.ts";
import { layeredTokenCache, type TokenShelf } from "../../src/sheets/token-store.ts";
import type { CachedToken } from "../../src/sheets/service-account.ts";

/** Sheets calls in a given minute of the day (minutes since midnight). */
function callsAt(minute: number): number {
  if (minute >= 7 * 60 && minute < 8 * 60) return 10; // answer wave: a flush every 6 s
  if (minute >= 21 * 60 && minute < 21 * 60 + 5) return 8; // publish
  if (minute === 9 * 60 || minute === 6 * 60 + 30) return 4; // digest, reminder
  return minute % 5 === 0 ? 1 : 0; // stray answers and console reads
}

async function simulate(withShelf: boolean) {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const key = parseServiceAccountKey(
    JSON.stringify({
      client_email: "crew@bench.iam.gserviceaccount.com",
      private_key: await exportPKCS8(privateKey),
      token_uri: "https://oauth2.local/token",
    }),
  );
  const stored = new Map<string, CachedToken>();
  const shelf: TokenShelf = { get: (a) => stored.get(a), put: (a, t) => void stored.set(a, t) };
  const start = Date.UTC(2026, 11, 6, 6 - 8) / 1000; // 06:00 Shanghai
  let clock = start;
  let exchanges = 0;
  const perHour = new Map<number, number>();
  const fetch = async () => {
    exchanges++;
    const hour = 6 + Math.floor((clock - start) / 3600);
    perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    return Response.json({ access_token: `t${exchanges}`, expires_in: 3600 });
  };
  let memory = memoryTokenCache();
  let calls = 0;
  for (let minute = 6 * 60; minute < 23 * 60; minute++) {
    clock = start + (minute - 6 * 60) * 60;
    if (minute % 10 === 0) memory = memoryTokenCache(); // a fresh isolate
    const cache = withShelf ? layeredTokenCache(shelf, memory) : memory;
    for (let i = 0; i < callsAt(minute); i++) {
      calls++;
      await new ServiceAccountAuth(key, { fetch, now: () => clock, cache }).getRequestHeaders();
    }
  }
  const hours = [...perHour.values()];
  return { sheetsCalls: calls, exchanges, maxPerHour: Math.max(0, ...hours), hours: 17 };
}

export async function benchTokens() {
  return {
    day: "06:00-23:00, isolate recycled every 10 minutes",
    withDurableShelf: await simulate(true),
    isolateMemoryOnly: await simulate(false),
    target: "withDurableShelf.maxPerHour <= 2 (one token an hour, refreshed 5 minutes early)",
  };
}

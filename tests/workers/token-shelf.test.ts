/**
 * One token an hour, even across isolates: the outbox's Durable Object keeps the access token in
 * its SQLite storage, so an isolate that starts cold (Cloudflare recycles them often) finds it
 * there instead of signing a JWT and calling Google's token endpoint again.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { exportPKCS8, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { memoryTokenCache, parseServiceAccountKey, ServiceAccountAuth } from "../../src/sheets/service-account.ts";
import { layeredTokenCache, sqlTokenShelf } from "../../src/sheets/token-store.ts";

async function serviceAccount() {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return parseServiceAccountKey(
    JSON.stringify({
      client_email: "crew@proj.iam.gserviceaccount.com",
      private_key: await exportPKCS8(privateKey),
      private_key_id: "kid-shelf",
      token_uri: "https://oauth2.local/token",
    }),
  );
}

describe("access tokens kept in the outbox's Durable Object", () => {
  it("a cold isolate reuses the stored token until five minutes before it expires", async () => {
    const key = await serviceAccount();
    let exchanges = 0;
    const fetch = async () => Response.json({ access_token: `token-${++exchanges}`, expires_in: 3600 });
    let clock = 1_800_000_000;
    const stub = env.OUTBOX.get(env.OUTBOX.idFromName("token-shelf"));
    await runInDurableObject(stub, async (_instance, state) => {
      const shelf = sqlTokenShelf(state.storage.sql);
      // Each "isolate" has its own memory; the shelf is the Durable Object's storage.
      const isolate = () =>
        new ServiceAccountAuth(key, { fetch, now: () => clock, cache: layeredTokenCache(shelf, memoryTokenCache()) });
      expect(await isolate().accessToken()).toBe("token-1");
      clock += 50 * 60;
      expect(await isolate().accessToken()).toBe("token-1");
      expect(exchanges).toBe(1);
      clock += 6 * 60; // 56 minutes: inside the 5-minute margin
      expect(await isolate().accessToken()).toBe("token-2");
      expect(await isolate().accessToken()).toBe("token-2");
      expect(exchanges).toBe(2);
    });
  });

  it("without the shelf every cold isolate exchanges again (what the shelf saves)", async () => {
    const key = await serviceAccount();
    let exchanges = 0;
    const fetch = async () => Response.json({ access_token: `token-${++exchanges}`, expires_in: 3600 });
    const isolate = () => new ServiceAccountAuth(key, { fetch, now: () => 1_800_000_000, cache: memoryTokenCache() });
    await isolate().accessToken();
    await isolate().accessToken();
    expect(exchanges).toBe(2);
  });
});

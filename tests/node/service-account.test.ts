import { exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import {
  memoryTokenCache,
  parseServiceAccountKey,
  ServiceAccountAuth,
  SHEETS_SCOPE,
  type TokenCache,
} from "../../src/sheets/service-account.ts";

/**
 * A token endpoint that checks what Google checks: signature, issuer, audience, scope, expiry.
 * `failures` lists the answers it gives before it works (a status, or "network" for a refused connection).
 */
async function tokenEndpoint(failures: Array<number | "network"> = []) {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const key = parseServiceAccountKey(
    JSON.stringify({
      type: "service_account",
      client_email: "crew@proj.iam.gserviceaccount.com",
      private_key: await exportPKCS8(privateKey),
      private_key_id: "kid-1",
      token_uri: "https://oauth2.local/token",
    }),
  );
  let exchanges = 0;
  let calls = 0;
  const fetch = async (request: Request) => {
    const failure = failures[calls++];
    if (failure === "network") throw new TypeError("fetch failed");
    if (failure !== undefined) return Response.json({ error: "backendError" }, { status: failure });
    const form = new URLSearchParams(await request.text());
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const { payload, protectedHeader } = await jwtVerify(form.get("assertion")!, publicKey, {
      issuer: "crew@proj.iam.gserviceaccount.com",
      audience: "https://oauth2.local/token",
      currentDate: new Date(clock * 1000),
    });
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: "kid-1" });
    expect(payload.scope).toBe(SHEETS_SCOPE);
    expect(payload.exp! - payload.iat!).toBe(3600);
    exchanges++;
    return Response.json({ access_token: `token-${exchanges}`, expires_in: 3600, token_type: "Bearer" });
  };
  let clock = 1_700_000_000;
  const cache = memoryTokenCache();
  const waits: number[] = [];
  /** A fresh auth object, as the Worker builds one for every request and every outbox flush. */
  const newAuth = (shared: TokenCache = cache) =>
    new ServiceAccountAuth(key, {
      fetch,
      now: () => clock,
      cache: shared,
      sleep: async (ms) => void waits.push(ms),
    });
  return {
    auth: newAuth(),
    newAuth,
    cache,
    waits,
    exchanges: () => exchanges,
    calls: () => calls,
    advance: (s: number) => (clock += s),
  };
}

describe("service-account auth with jose", () => {
  it("signs a JWT the token endpoint accepts and hands google-spreadsheet a bearer header", async () => {
    const { auth } = await tokenEndpoint();
    expect(await auth.getRequestHeaders()).toEqual({ Authorization: "Bearer token-1" });
  });

  it("caches the token until shortly before it expires, and shares one exchange between callers", async () => {
    const t = await tokenEndpoint();
    await Promise.all([t.auth.accessToken(), t.auth.accessToken(), t.auth.accessToken()]);
    expect(t.exchanges()).toBe(1);
    t.advance(3000);
    expect(await t.auth.accessToken()).toBe("token-1");
    t.advance(400); // inside the 5-minute margin
    expect(await t.auth.accessToken()).toBe("token-2");
  });

  it("one token an hour for every request and outbox flush of the isolate, not one each", async () => {
    const t = await tokenEndpoint();
    for (let minute = 0; minute < 55; minute++) {
      // ~70 Sheets calls a minute in an answer wave, each through a newly built auth object.
      await Promise.all(Array.from({ length: 70 }, () => t.newAuth().accessToken()));
      t.advance(60);
    }
    expect(t.exchanges()).toBe(1);
    t.advance(10 * 60); // past expiry minus the 5-minute margin
    expect(await t.newAuth().accessToken()).toBe("token-2");
    expect(t.cache.stats).toMatchObject({ exchanges: 2, retries: 0, failures: 0 });
  });

  it("retries the token endpoint after a 5xx or a network error, with growing waits", async () => {
    const t = await tokenEndpoint([503, "network", 500]);
    expect(await t.auth.accessToken()).toBe("token-1");
    expect(t.calls()).toBe(4);
    expect(t.waits).toEqual([500, 1000, 2000]);
    expect(t.cache.stats).toMatchObject({ retries: 3, failures: 0 });
  });

  it("gives up after a few tries, and does not retry a refusal", async () => {
    const down = await tokenEndpoint([503, 503, 503, 503, 503]);
    await expect(down.auth.accessToken()).rejects.toThrow(/HTTP 503|backendError/);
    expect(down.calls()).toBe(4);
    expect(down.cache.stats.failures).toBe(1);
    const refused = await tokenEndpoint([400]);
    await expect(refused.auth.accessToken()).rejects.toThrow(/refused/);
    expect(refused.calls()).toBe(1);
  });

  it("names the missing or malformed fields of a bad key", () => {
    expect(() => parseServiceAccountKey("{")).toThrow(/not valid JSON/);
    expect(() => parseServiceAccountKey(JSON.stringify({ client_email: "x" }))).toThrow(
      /client_email.*private_key|private_key/,
    );
  });

  it("explains a refused exchange, naming the account", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const key = parseServiceAccountKey(
      JSON.stringify({ client_email: "crew@proj.iam.gserviceaccount.com", private_key: await exportPKCS8(privateKey) }),
    );
    const auth = new ServiceAccountAuth(key, {
      fetch: async () =>
        Response.json({ error: "invalid_grant", error_description: "Invalid JWT Signature." }, { status: 400 }),
      now: () => 1_700_000_000,
    });
    await expect(auth.accessToken()).rejects.toThrow(/crew@proj.iam.gserviceaccount.com.*Invalid JWT Signature/);
  });
});

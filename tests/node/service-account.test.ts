import { exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { parseServiceAccountKey, ServiceAccountAuth, SHEETS_SCOPE } from "../../src/sheets/service-account.ts";

/** A token endpoint that checks what Google checks: signature, issuer, audience, scope, expiry. */
async function tokenEndpoint() {
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
  const fetch = async (request: Request) => {
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
  const auth = new ServiceAccountAuth(key, { fetch, now: () => clock });
  return { auth, exchanges: () => exchanges, advance: (s: number) => (clock += s) };
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

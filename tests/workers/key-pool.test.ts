/**
 * Several service accounts: each community's sheet is read and written with the account it is
 * bound to (the outbox, which knows only the spreadsheet, finds it through the community), the
 * organizers are told which email to share with, and a refusal names that email.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { decodeJwt, exportPKCS8, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { buildServices, type Bindings } from "../../src/env.ts";
import { tokenHash } from "../../src/routes/organizer-auth.ts";
import { leastLoaded, parseKeyPool } from "../../src/sheets/key-pool.ts";
import { memoryTokenCache } from "../../src/sheets/service-account.ts";
import { productionEnv } from "./support/production.ts";

const A = "crew-a@town-project.iam.gserviceaccount.com";
const B = "crew-b@town-project.iam.gserviceaccount.com";
const B_TOKEN = "pool-b-organizer-token-0123456789abcdef";

async function key(email: string) {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return {
    type: "service_account",
    project_id: "town-project",
    client_email: email,
    private_key: await exportPKCS8(privateKey),
    token_uri: "https://oauth2.googleapis.com/token",
  };
}

let deployment: Cloudflare.Env;
/** Google as the test sees it: tokens named after the account, and who called which sheet. */
const calls: Array<{ sheet: string; bearer: string }> = [];
const google = async (request: Request) => {
  const url = new URL(request.url);
  if (url.hostname === "oauth2.googleapis.com") {
    const assertion = new URLSearchParams(await request.text()).get("assertion")!;
    return Response.json({ access_token: `token-of-${decodeJwt(assertion).iss}`, expires_in: 3600 });
  }
  const sheet = url.pathname.split("/")[3] ?? "";
  calls.push({ sheet, bearer: request.headers.get("authorization") ?? "" });
  if (sheet === "sheet-unshared") {
    return Response.json(
      { error: { code: 403, message: "The caller does not have permission", status: "PERMISSION_DENIED" } },
      { status: 403 },
    );
  }
  return Response.json({ sheets: [] });
};

beforeAll(async () => {
  const base = await productionEnv();
  deployment = {
    ...base,
    GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify(await key(A)),
    GOOGLE_SERVICE_ACCOUNT_KEYS: JSON.stringify([await key(B)]),
  };
  for (const [slug, sheet] of [
    ["pool-b", "sheet-b"],
    ["pool-unshared", "sheet-unshared"],
  ]) {
    await env.DB.prepare(
      "INSERT OR REPLACE INTO communities (slug, name, spreadsheet_id, time_zone, created_at, token_hash, service_account) VALUES (?, ?, ?, 'Asia/Shanghai', '2026-01-01', ?, ?)",
    )
      .bind(slug, `小区 ${slug}`, sheet, await tokenHash(B_TOKEN), B)
      .run();
  }
});

describe("a key pool of service accounts", () => {
  it("reads each community's sheet with the account it is bound to, the outbox's too", async () => {
    calls.length = 0;
    const services = buildServices(deployment as unknown as Bindings, { fetch: google, tokens: memoryTokenCache() });
    await services.sheets((await services.community("demo"))!).read(["volunteers"]);
    await services.sheets((await services.community("pool-b"))!).read(["volunteers"]);
    // The outbox knows only the spreadsheet id: the account comes from its community.
    await services.sheetsById("sheet-b", { priority: "answers" }).read(["volunteers"]);
    const byAccount = (sheet: string) => [...new Set(calls.filter((c) => c.sheet === sheet).map((c) => c.bearer))];
    expect(byAccount(deployment.SPREADSHEET_ID)).toEqual([`Bearer token-of-${A}`]);
    expect(byAccount("sheet-b")).toEqual([`Bearer token-of-${B}`]);
  });

  it("tells the organizers which email to share with, and names it when the sheet is not shared", async () => {
    const ctx = createExecutionContext();
    const response = await buildApp().fetch(
      new Request("https://zonecrew.example.org/api/pool-b", { headers: { authorization: `Bearer ${B_TOKEN}` } }),
      deployment,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(await response.json()).toMatchObject({ slug: "pool-b", serviceAccount: B });

    const services = buildServices(deployment as unknown as Bindings, { fetch: google, tokens: memoryTokenCache() });
    const refused = services.sheetsById("sheet-unshared", { retry: { retries: 0, baseDelayMs: 0, maxDelayMs: 0 } });
    await expect(refused.read(["volunteers"])).rejects.toMatchObject({
      kind: "permission",
      zh: expect.stringContaining(B),
    });
  });

  it("parses the pool (the single key first, one per email) and picks the least loaded account", async () => {
    const a = JSON.stringify(await key(A));
    const pool = parseKeyPool(a, JSON.stringify([JSON.parse(a), await key(B)]));
    expect(pool.map((k) => k.client_email)).toEqual([A, B]);
    expect(() => parseKeyPool(undefined, "{not json")).toThrow(/GOOGLE_SERVICE_ACCOUNT_KEYS/);
    expect(
      leastLoaded(
        [A, B],
        new Map([
          [A, 3],
          [B, 1],
        ]),
      ),
    ).toBe(B);
    expect(leastLoaded([A, B], new Map())).toBe(A);
  });
});

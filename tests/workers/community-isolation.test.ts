import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { tokenHash } from "../../src/routes/organizer-auth.ts";
import { seedDemo, TOKEN } from "./support/emulator.ts";

const OTHER_TOKEN = "other-compound-token-0123456789";

beforeAll(async () => {
  await seedDemo("other-sheet");
  await env.DB.prepare(
    "INSERT OR REPLACE INTO communities (slug, name, spreadsheet_id, time_zone, created_at, token_hash) VALUES ('other', '另一个小区 Other', 'other-sheet', 'Asia/Shanghai', '2026-01-01', ?)",
  )
    .bind(await tokenHash(OTHER_TOKEN))
    .run();
});

const get = (path: string, token?: string) =>
  SELF.fetch(`http://local${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("one deployment, several compounds", () => {
  it("serves each community to its own token", async () => {
    const other = await get("/api/other", OTHER_TOKEN);
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ slug: "other", spreadsheetId: "other-sheet" });
    expect((await get("/api/demo", TOKEN)).status).toBe(200);
  });

  it("never lets one community's token read another's data", async () => {
    for (const path of ["/api/demo", "/api/demo/sheet", "/api/demo/plans/2022-04-19"]) {
      expect((await get(path, OTHER_TOKEN)).status, path).toBe(401);
    }
    for (const path of ["/api/other", "/api/other/sheet"]) {
      expect((await get(path, TOKEN)).status, path).toBe(401);
    }
    const sync = await SELF.fetch("http://local/api/other/sync", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(sync.status).toBe(401);
  });

  it("tells only a holder of some valid token that a community does not exist", async () => {
    expect((await get("/api/nowhere")).status).toBe(401);
    expect((await get("/api/nowhere", "made-up-token-made-up-token")).status).toBe(401);
    expect((await get("/api/nowhere", OTHER_TOKEN)).status).toBe(404);
  });

  it("stores only a digest of the token", async () => {
    const row = await env.DB.prepare("SELECT token_hash FROM communities WHERE slug = 'other'").first<{
      token_hash: string;
    }>();
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(OTHER_TOKEN);
  });
});

// ---------------------------------------------------------------------------------------------
// Every organizer route the app registers, found by walking the Hono app, so a route added later
// is covered without editing this test (the public OpenAPI document excepted).
// ---------------------------------------------------------------------------------------------

const PUBLIC_API = new Set(["/api/openapi.json"]);

function organizerRoutes(): Array<{ method: string; path: string }> {
  const seen = new Set<string>();
  return buildApp()
    .routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/") && !PUBLIC_API.has(r.path))
    .map((r) => ({ method: r.method, path: r.path }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

/** A concrete URL for a route pattern, for a given community. */
function concrete(path: string, community: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => {
    if (name === "community") return community;
    if (name === "date") return "2022-04-19";
    if (name === "volunteerId") return "V001";
    return "x";
  });
}

let calls = 0;

/**
 * Each call is its own client (CF-Connecting-IP): this walk sends far more wrong tokens than the
 * API lets one client try (tests/workers/throttle.security.test.ts), and checks the 401s.
 */
async function call(method: string, path: string, token?: string): Promise<Response> {
  calls += 1;
  return SELF.fetch(`http://local${path}`, {
    method,
    headers: {
      "cf-connecting-ip": `10.13.${calls >> 8}.${calls & 255}`,
      "content-type": "application/json",
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body:
      method === "GET" || method === "HEAD" ? undefined : JSON.stringify({ text: "1. 王芳 全天", volunteerIds: [] }),
  });
}

/** A refusal says why and nothing more: no config, no names, no spreadsheet ids. */
async function expectRefusal(response: Response, status: number, what: string): Promise<void> {
  expect(response.status, what).toBe(status);
  const text = await response.text();
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body), what).toEqual(["error"]);
  expect(Object.keys(body.error as object).sort(), what).toEqual(["code", "en", "message", "zh"]);
  for (const secret of ["demo-compound", "other-sheet", "Asia/Shanghai", "V001", TOKEN, OTHER_TOKEN]) {
    expect(text, `${what} leaks ${secret}`).not.toContain(secret);
  }
}

describe("every organizer route, walked from the app", () => {
  const routes = organizerRoutes();

  it("finds the organizer routes (the walk itself works)", () => {
    const found = routes.map((r) => `${r.method} ${r.path}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "GET /api/:community",
        "POST /api/:community/sync",
        "POST /api/:community/plans/:date/generate",
        "POST /api/:community/plans/:date/publish",
        "POST /api/:community/signups/import",
        "POST /api/:community/signups/links",
      ]),
    );
  });

  it("no token, a wrong token, a malformed header or another community's token: 401 with nothing but the error", async () => {
    const before = await env.DB.prepare(
      "SELECT (SELECT count(*) FROM plans) + (SELECT count(*) FROM signup_links) AS n",
    ).first<{ n: number }>();
    for (const { method, path } of routes) {
      const url = concrete(path, "demo");
      await expectRefusal(await call(method, url), 401, `${method} ${url} without a token`);
      await expectRefusal(await call(method, url, "wrong-token-wrong-token"), 401, `${method} ${url} wrong token`);
      await expectRefusal(await call(method, url, OTHER_TOKEN), 401, `${method} ${url} with other's token`);
      const malformed = await SELF.fetch(`http://local${url}`, {
        method,
        headers: { authorization: `Basic ${TOKEN}` },
      });
      await expectRefusal(malformed, 401, `${method} ${url} Basic auth`);
      const other = concrete(path, "other");
      await expectRefusal(await call(method, other, TOKEN), 401, `${method} ${other} with demo's token`);
    }
    const after = await env.DB.prepare(
      "SELECT (SELECT count(*) FROM plans) + (SELECT count(*) FROM signup_links) AS n",
    ).first<{ n: number }>();
    expect(after).toEqual(before);
  });

  it("a community that does not exist: 404 only to a holder of some valid token, 401 to anyone else", async () => {
    for (const { method, path } of routes) {
      const url = concrete(path, "nowhere");
      await expectRefusal(await call(method, url), 401, `${method} ${url} without a token`);
      await expectRefusal(await call(method, url, "wrong-token-wrong-token"), 401, `${method} ${url} wrong token`);
      await expectRefusal(await call(method, url, OTHER_TOKEN), 404, `${method} ${url} with a valid token`);
    }
  });
});

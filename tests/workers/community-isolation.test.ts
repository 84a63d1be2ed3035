import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
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

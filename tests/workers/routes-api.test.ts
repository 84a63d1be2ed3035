import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { NOW } from "./support/clock.ts";
import { TOKEN } from "./support/emulator.ts";

const auth = { authorization: `Bearer ${TOKEN}` };

describe("organizer API", () => {
  it("answers /healthz with the backend kind and the clock the tests pinned", async () => {
    const response = await SELF.fetch("http://local/healthz");
    expect(await response.json()).toEqual({
      ok: true,
      backend: "emulator",
      community: "demo",
      pinnedNow: new Date(NOW).toISOString(),
    });
  });

  it("refuses a missing or wrong token with 401 and a bilingual JSON error", async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer wrong-token-wrong-token" },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const response = await SELF.fetch("http://local/api/demo", { headers });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { code: string; zh: string; en: string } };
      expect(body.error.code).toBe("unauthorized");
      expect(body.error.zh).toContain("口令");
      expect(body.error.en).toContain("token");
    }
  });

  it("does not tell an unauthenticated caller whether a community exists", async () => {
    expect((await SELF.fetch("http://local/api/no-such-place")).status).toBe(401);
    expect((await SELF.fetch("http://local/api/no-such-place", { headers: auth })).status).toBe(404);
  });

  it("returns the community config with its spreadsheet id and the sheet's URL", async () => {
    const response = await SELF.fetch("http://local/api/demo", { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      slug: "demo",
      spreadsheetId: "demo-compound",
      spreadsheetUrl: "http://local/emulator/?spreadsheet=demo-compound",
      timeZone: "Asia/Shanghai",
      backend: "emulator",
      times: { publish: "21:00", chase: "06:30" },
    });
  });

  it("shows how the seeded demo sheet was read: every tab found, no problems", async () => {
    const response = await SELF.fetch("http://local/api/demo/sheet", { headers: auth });
    const body = (await response.json()) as {
      tabs: Record<string, { rows: number }>;
      missing: string[];
      problems: unknown[];
    };
    expect(body.missing).toEqual([]);
    expect(body.problems).toEqual([]);
    expect(body.tabs.volunteers!.rows).toBe(320);
    expect(body.tabs.parcels!.rows).toBe(64);
  });
});

describe("a misconfigured deployment", () => {
  it("answers 500 naming the setting, in Chinese and English, without its value", async () => {
    const { env, createExecutionContext } = await import("cloudflare:test");
    const { buildApp } = await import("../../src/app.ts");
    const broken = { ...env, ORGANIZER_TOKEN: "short-secret" };
    const response = await buildApp().fetch(new Request("http://local/api/demo"), broken, createExecutionContext());
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string; zh: string; en: string } };
    expect(body.error).toMatchObject({ code: "config" });
    expect(body.error.message).toContain("ORGANIZER_TOKEN");
    expect(body.error.message).not.toContain("short-secret");
    expect(body.error.zh).toMatch(/配置/);
    expect(body.error.en).toMatch(/misconfigured/);
  });
});

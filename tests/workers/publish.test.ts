import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/domain/plan/index.ts";
import { isLinkCode } from "../../src/domain/link-code.ts";
import { stats } from "./support/emulator.ts";
import {
  codeOf,
  drainOutbox,
  messagesTab,
  planTab,
  publish,
  publishTomorrow,
  SHEET,
  tomorrow,
  resetDay,
} from "./support/links.ts";

beforeEach(resetDay);

describe("POST /api/{community}/plans/{date}/publish", () => {
  it("freezes the version and gives every volunteer on the plan one link, in the response and the group message", async () => {
    const published = await publishTomorrow();
    expect(published.version).toBe(1);
    expect(published.links).toHaveLength(120);
    const codes = published.links.map((l) => codeOf(l.url!));
    expect(new Set(codes).size).toBe(120);
    for (const code of codes) expect(isLinkCode(code)).toBe(true);
    expect(published.links.every((l) => l.issued === "new")).toBe(true);

    const plan = await env.DB.prepare("SELECT status, published_at FROM plans WHERE community = 'demo' AND date = ?")
      .bind(tomorrow())
      .first<{ status: string; published_at: string }>();
    expect(plan).toMatchObject({ status: "published", published_at: published.publishedAt });

    // Messages for a personal WeChat group: one per zone (then posts, then standby), each under
    // 1,000 characters, with the assembly in every header and lines "3号楼 张三 链接" by building.
    const text = published.messages.join("\n");
    expect(published.messages.length).toBeGreaterThan(1);
    for (const m of published.messages) expect([...m].length).toBeLessThan(1000);
    const stored = await env.DB.prepare("SELECT plan FROM plans WHERE community = 'demo' AND date = ?")
      .bind(tomorrow())
      .first<{ plan: string }>();
    const day = JSON.parse(stored!.plan) as Plan;
    for (const zone of new Set(day.routes.map((r) => r.zone))) {
      const parts = published.messages.filter((m) => m.split("\n")[0]!.includes(`${zone}分工`));
      expect(parts.length).toBeGreaterThan(0);
      for (const part of parts) expect(part).toMatch(/集合：07:30 居委会/);
      // In order of the first building's number within the zone.
      const numbers = parts.flatMap((p) =>
        p
          .split("\n")
          .filter((l) => l.includes("/c/"))
          .map((l) => Number(/^(\d+)号楼/.exec(l)![1])),
      );
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    }
    for (const link of published.links) {
      const a = day.assignments.find((x) => x.volunteerId === link.volunteerId)!;
      const place = a.kind === "route" ? a.buildings.join("、") : null;
      if (place) expect(text).toContain(`${place} ${link.name} ${link.url}`);
      else expect(text).toContain(` ${link.name} ${link.url}`);
    }
    // No English outside the links.
    expect(text.replace(/https?:\/\/\S+/g, "")).not.toMatch(/[A-Za-z]{2,}/);
  });

  it("writes the Plan tab (link, 待确认) and the Messages tab through the outbox in one write", async () => {
    const published = await publishTomorrow();
    const before = await stats(SHEET);
    await drainOutbox();
    expect((await stats(SHEET)).writes - before.writes).toBe(1);

    const rows = (await planTab()).filter((r) => r.date === tomorrow());
    expect(rows).toHaveLength(120);
    for (const link of published.links) {
      const row = rows.find((r) => r.volunteer_id === link.volunteerId)!;
      expect(row).toMatchObject({ link: link.url, status: "待确认", name: link.name });
    }
    const messages = await messagesTab();
    expect(messages.map((m) => m.text)).toEqual(published.messages);
    expect(messages.map((m) => m.part)).toEqual(published.messages.map((_, i) => String(i + 1)));
  });

  it("keeps existing links valid when published again, and prints them again", async () => {
    const first = await publishTomorrow();
    const again = await publish();
    expect(again.version).toBe(first.version);
    expect(again.links.map((l) => l.url)).toEqual(first.links.map((l) => l.url));
    expect(again.links.every((l) => l.issued === "existing")).toBe(true);
    expect(again.messages).toEqual(first.messages);
    const links = await env.DB.prepare("SELECT count(*) AS n FROM links WHERE date = ?")
      .bind(tomorrow())
      .first<{ n: number }>();
    expect(links!.n).toBe(120);
  });

  it("stores only hashes of the codes in D1, and links that expire at the end of the day in Shanghai", async () => {
    const published = await publishTomorrow();
    const codes = published.links.map((l) => codeOf(l.url!));
    const dump: string[] = [];
    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'",
    ).all<{
      name: string;
    }>();
    for (const { name } of tables.results) {
      const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
      dump.push(JSON.stringify(results));
    }
    const all = dump.join("\n");
    expect(codes.filter((code) => all.includes(code))).toEqual([]);
    const hash = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(codes[0])))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const link = await env.DB.prepare("SELECT * FROM links WHERE code_hash = ?")
      .bind(hash)
      .first<{ expires_at: number }>();
    const [y, m, d] = tomorrow().split("-").map(Number) as [number, number, number];
    // Midnight at the end of the date in UTC+8 is 16:00 UTC that day.
    expect(link!.expires_at).toBe(Date.UTC(y, m - 1, d, 16));
  });

  it("says to generate first when there is no plan, and refuses a bad date", async () => {
    const { auth, ORIGIN } = await import("./support/links.ts");
    const { SELF } = await import("cloudflare:test");
    const none = await SELF.fetch(`${ORIGIN}/api/demo/plans/2030-01-01/publish`, { method: "POST", headers: auth });
    expect(none.status).toBe(404);
    const bad = await SELF.fetch(`${ORIGIN}/api/demo/plans/soon/publish`, { method: "POST", headers: auth });
    expect(bad.status).toBe(400);
    const anonymous = await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}/publish`, { method: "POST" });
    expect(anonymous.status).toBe(401);
  });
});

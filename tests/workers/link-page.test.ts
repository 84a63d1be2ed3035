import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { standbySuit, standbyWait } from "../../src/domain/standby.ts";
import { sheetsCall } from "./support/emulator.ts";
import {
  auth,
  countRows,
  latestPlan,
  outbox,
  ORIGIN,
  pathOf,
  publishTomorrow,
  SHEET,
  tomorrow,
  type Published,
  resetDay,
} from "./support/links.ts";

beforeEach(resetDay);

interface PlanBody {
  plan: {
    routes: Array<{
      volunteerIds: string[];
      deliveries: Array<{ stops: Array<{ medicine: number; coldChain: number }> }>;
    }>;
  };
}

async function routeVolunteerWithPriorityParcels(published: Published): Promise<Published["links"][number]> {
  const latest = await env.DB.prepare("SELECT plan FROM plans WHERE date = ? ORDER BY version DESC LIMIT 1")
    .bind(tomorrow())
    .first<{ plan: string }>();
  const plan = JSON.parse(latest!.plan) as PlanBody["plan"];
  const route = plan.routes.find((r) =>
    r.deliveries.some((w) => w.stops.some((s) => s.medicine > 0 || s.coldChain > 0)),
  )!;
  return published.links.find((l) => l.volunteerId === route.volunteerIds[0])!;
}

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await SELF.fetch(`${ORIGIN}${path}`, { headers });
  return { response, html: await response.text() };
}

describe("GET /c/{code}: the volunteer page", () => {
  it("shows one volunteer's whole day: name, date, assembly, training, post, buildings, timetable, waves, one suit, buttons", async () => {
    const published = await publishTomorrow();
    const link = await routeVolunteerWithPriorityParcels(published);
    const { response, html } = await page(pathOf(link.url!));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain(`${link.name}，你好`);
    const [, m, d] = tomorrow().split("-").map(Number);
    expect(html).toContain(`${m}月${d}日`);
    expect(html).toContain("07:30 · 居委会");
    expect(html).not.toContain("Committee office"); // 中文: the sheet's English is left out
    expect(html).toContain("先培训再分工");
    expect(html).toMatch(/[东南西北]区 [^<]*号楼（包干）/);
    expect(html).toContain("收垃圾");
    expect(html).toContain("第一轮快递");
    expect(html).toContain("第二轮快递");
    expect(html).toContain("药品、冷链先送");
    expect(html).toMatch(/class="tag( cold)?">(药|冷链) \d+/);
    expect(html).toContain("一天只穿一套防护服");
    expect(html).toContain('name="answer" value="confirm"');
    expect(html).toContain('name="answer" value="decline"');
    expect(html).toContain('name="reason"');
    expect(html).not.toMatch(/<script/i);
  });

  it("weighs under 20 KB and shows no phone but the zone captains', each volunteer their own zone's", async () => {
    const published = await publishTomorrow();
    const roster = (await (
      await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent("'志愿者 Volunteers'")}`)
    ).json()) as {
      values: string[][];
    };
    // ID, name, phone, age, home building, roles: captains may be shown, nobody else.
    const captainPhones = new Set(roster.values.filter((r) => (r[5] ?? "").includes("队长")).map((r) => r[2]!));
    const phones = roster.values
      .slice(1)
      .map((r) => r[2]!)
      .filter((p) => /^1\d{10}$/.test(p) && !captainPhones.has(p));
    expect(phones.length).toBeGreaterThan(300);
    expect(captainPhones.size).toBeGreaterThan(0);
    const { plan } = await latestPlan();
    let heaviest = 0;
    let withCaptain = 0;
    for (const link of published.links.slice(0, 40)) {
      const { html } = await page(pathOf(link.url!));
      heaviest = Math.max(heaviest, new TextEncoder().encode(html).length);
      expect(phones.filter((p) => html.includes(p))).toEqual([]);
      const route = plan.routes.find((r) => r.volunteerIds.includes(link.volunteerId));
      const shown = [...html.matchAll(/href="tel:(\d+)"/g)].map((m) => m[1]!);
      for (const phone of shown) expect(captainPhones.has(phone)).toBe(true);
      if (route && shown.length > 0) withCaptain++;
      if (route) expect(html).not.toMatch(/队长：[^<]*[东南西北]区/); // one zone: no zone names
    }
    expect(withCaptain).toBeGreaterThan(0);
    expect(heaviest).toBeLessThan(20 * 1024);
  });

  it("speaks the community's language: 中文 only by default; in 中文+English the phone or the toggle chooses", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[0]!.url!);
    expect((await page(path)).html).toContain('lang="zh-CN"');
    const chineseOnly = (await page(path, { "accept-language": "en-US,en;q=0.9" })).html;
    expect(chineseOnly).toContain("确认能来");
    expect(chineseOnly).not.toContain("?lang=en");
    const saved = await SELF.fetch(`${ORIGIN}/api/demo/settings`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ language: "zh+en" }),
    });
    expect(saved.status).toBe(200);
    expect((await page(path, { "accept-language": "en-US,en;q=0.9" })).html).toContain("Confirm");
    expect((await page(path, { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" })).html).toContain("确认能来");
    const english = (await page(`${path}?lang=en`)).html;
    expect(english).toContain('lang="en"');
    expect(english).toContain("Can&#39;t make it");
    expect(english).toContain(`href="${path}?lang=zh"`);
  });

  it("tells a standby volunteer not to suit up at home: a suit is handed out only if they are called in", async () => {
    const published = await publishTomorrow();
    const standby = published.links.find((l) => l.post.includes("Standby"))!;
    const { html } = await page(pathOf(standby.url!));
    expect(html).toContain("待命时不用穿防护服");
    expect(html).not.toContain("一天只穿一套防护服");
    const walker = published.links.find((l) => l.post.includes("Route"))!;
    expect((await page(pathOf(walker.url!))).html).toContain("一天只穿一套防护服");
  });

  it("tells standby the same on their page, in the 待命 group message and in their calendar: wait at home", async () => {
    const published = await publishTomorrow();
    const standby = published.links.find((l) => l.post.includes("Standby"))!;
    const html = (await page(pathOf(standby.url!))).html;
    expect(html).toContain(standbyWait.zh);
    expect(html).toContain(standbySuit().zh);
    // The group message calls nobody on standby to the assembly, nor to collect a suit there now.
    const message = published.messages.find((m) => m.split("\n")[0]!.includes("待命分工"))!;
    expect(message).toContain(standbyWait.zh);
    expect(message).toContain(standbySuit("居委会").zh);
    expect(message).not.toContain("集合：");
    expect(message).not.toContain("防护服集合时领取");
    const ics = (await (await SELF.fetch(`${standby.url}/calendar.ics`)).text()).replace(/\r\n[ \t]/g, "");
    expect(ics).toContain(standbySuit().zh);
    expect(ics).not.toContain("一天只穿一套防护服");
    const walker = published.links.find((l) => l.post.includes("Route"))!;
    expect((await (await SELF.fetch(`${walker.url}/calendar.ics`)).text()).replace(/\r\n[ \t]/g, "")).toContain(
      "一天只穿一套防护服",
    );
  });

  it("never changes anything on GET or HEAD, as chat apps fetch links for previews", async () => {
    const published = await publishTomorrow();
    const before = await outbox().state();
    for (const link of published.links.slice(0, 5)) {
      const path = pathOf(link.url!);
      await (await SELF.fetch(`${ORIGIN}${path}`, { headers: { "user-agent": "WeChat link preview" } })).text();
      const head = await SELF.fetch(`${ORIGIN}${path}`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe("");
      await (await SELF.fetch(`${ORIGIN}${path}/calendar.ics`)).text();
    }
    expect(await countRows("answers")).toBe(0);
    expect(await countRows("answer_history")).toBe(0);
    expect(await countRows("audit_log", "action LIKE 'answer.%'")).toBe(0);
    const after = await outbox().state();
    // Compare what was ever enqueued, not what is pending: the publish's own flush may run meanwhile.
    expect(after.enqueued).toBe(before.enqueued);
  });

  it("offers the duty as an .ics file for the phone's calendar", async () => {
    const published = await publishTomorrow();
    const link = published.links[0]!;
    const response = await SELF.fetch(`${link.url}/calendar.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain(`zonecrew-${tomorrow()}.ics`);
    const ics = await response.text();
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).toContain(`UID:demo-${tomorrow()}-${link.volunteerId}@zonecrew`);
    expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z/);
  });
});

describe("expired, unknown and guessed links", () => {
  it("expires at the end of the plan's date on the community's clock (Shanghai), with a friendly 410", async () => {
    const published = await publishTomorrow();
    const path = pathOf(published.links[0]!.url!);
    const [y, m, d] = tomorrow().split("-").map(Number) as [number, number, number];
    const endOfDay = Date.UTC(y, m - 1, d, 16); // 24:00 in UTC+8
    const at = async (now: number) => {
      const ctx = createExecutionContext();
      const response = await buildApp({ now: () => now }).fetch(new Request(`${ORIGIN}${path}`), env, ctx);
      await waitOnExecutionContext(ctx);
      return response;
    };
    // 23:59:59 in Shanghai is still the day (in UTC it is already 15:59 of that date).
    expect((await at(endOfDay - 1000)).status).toBe(200);
    const expired = await at(endOfDay);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("链接已过期");
  });

  it("answers an unknown code with a friendly 404, and a client that keeps missing with 429", async () => {
    await publishTomorrow();
    const miss = (ip: string, code = "k7HqVw3NbZt9") =>
      SELF.fetch(`${ORIGIN}/c/${code}`, { headers: { "cf-connecting-ip": ip } });
    const first = await miss("203.0.113.7");
    expect(first.status).toBe(404);
    expect(await first.text()).toContain("找不到这个链接");
    expect((await miss("203.0.113.7", "not-a-code")).status).toBe(404);
    // 10 misses a minute are allowed; a window boundary may reset the count once, so allow 21 tries.
    const statuses: number[] = [];
    while (statuses.length < 21 && statuses.at(-1) !== 429) statuses.push((await miss("203.0.113.7")).status);
    expect(statuses.at(-1)).toBe(429);
    // Another client (and every real link) is unaffected.
    expect((await miss("198.51.100.9")).status).toBe(404);
  });
});

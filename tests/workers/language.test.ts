/**
 * One language setting per community (issue 15, part 3). In 中文 (the demo's default) no English
 * sentence appears in anything people read: volunteer pages, the values ZoneCrew writes in the
 * sheet, the group messages, the reminder, the digest, the problems. In English the same things
 * are English. The scan looks for two Latin words in a row (links and IDs are single tokens).
 */
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { TICK } from "../../src/cron/scheduled.ts";
import { addDays, localTimeToEpoch } from "../../src/domain/local-time.ts";
import { today } from "./support/clock.ts";
import { seedDemo, setCell, sheetsCall } from "./support/emulator.ts";
import {
  answer,
  auth,
  drainOutbox,
  generateAndPublish,
  messagesTab,
  ORIGIN,
  pathOf,
  planTab,
  publishTomorrow,
  resetDay,
  SHEET,
  tomorrow,
} from "./support/links.ts";

/** Two or more Latin words in a row, once links are taken out. */
function englishIn(text: string): string[] {
  const plain = text.replace(/https?:\/\/\S+/g, " ");
  return [...plain.matchAll(/[A-Za-z]{2,}(?:[ \t,.:;!?'’&/-]+[A-Za-z]{2,})+/g)].map((m) => m[0]);
}

const visible = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&[a-z]+;/g, " ");

async function tick(scheduledTime: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime, cron: TICK }),
    { ...env, JOBS: undefined, NOTIFY_WEBHOOKS: undefined },
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

async function dayMessages(date: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT text FROM day_messages WHERE community = 'demo' AND date = ?")
    .bind(date)
    .all<{ text: string }>();
  return results.map((r) => r.text);
}

async function setLanguage(language: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/api/demo/settings`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ language }),
  });
}

async function tabValues(range: string): Promise<string[][]> {
  const response = await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent(range)}`);
  return ((await response.json()) as { values?: string[][] }).values ?? [];
}

beforeEach(async () => {
  await resetDay();
  await env.DB.batch(
    ["job_runs", "job_attempts", "notifications", "day_messages"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
});

describe("one language setting per community", { timeout: 90_000 }, () => {
  it("中文: pages, sheet values, messages, reminder, digest and problems have no English sentence", async () => {
    await seedDemo(SHEET);
    // A roster mistake, so the Problems tab and a Check column have something to say.
    await setCell(SHEET, "'志愿者 Volunteers'!C3", "123");
    const published = await generateAndPublish();
    const found: Array<[string, string[]]> = [];
    const check = (what: string, text: string) => {
      const english = englishIn(text);
      if (english.length > 0) found.push([what, english]);
    };

    const byKind = (word: string) => published.links.find((l) => l.post.includes(word))!;
    const route = byKind("Route");
    const standby = byKind("Standby");
    const post = published.links.find((l) => l !== route && l !== standby && !/Route|Standby/.test(l.post))!;
    for (const link of [route, standby, post]) {
      const page = await SELF.fetch(`${ORIGIN}${pathOf(link.url!)}`, { headers: { "accept-language": "en" } });
      check(`page of ${link.post}`, visible(await page.text()));
    }
    const declined = await answer(pathOf(route.url!), "decline", { reason: "家里有事" });
    expect(declined.status).toBe(303);
    const afterDecline = await SELF.fetch(`${ORIGIN}${pathOf(route.url!)}`);
    check("page after declining", visible(await afterDecline.text()));
    const calendar = await SELF.fetch(`${ORIGIN}${pathOf(standby.url!)}/calendar.ics`);
    check(
      "calendar",
      (await calendar.text()).replace(
        /^(BEGIN|END|VERSION|PRODID|UID|DTSTAMP|DTSTART|DTEND|URL|CALSCALE|METHOD|ACTION|TRIGGER)[^\n]*$/gm,
        "",
      ),
    );
    published.messages.forEach((m, i) => check(`group message ${i + 1}`, m));

    const day = tomorrow();
    await tick(localTimeToEpoch(day, "06:30", "Asia/Shanghai"));
    await tick(localTimeToEpoch(day, "09:00", "Asia/Shanghai"));
    const texts = await dayMessages(day);
    expect(texts.length).toBeGreaterThan(1);
    texts.forEach((t, i) => check(`reminder or digest ${i + 1}`, t));

    await drainOutbox();
    for (const row of await planTab()) {
      const { date: _date, volunteer_id: _id, link: _link, name: _name, ...values } = row;
      check(`Plan tab ${row.volunteer_id}`, Object.values(values).join(" | "));
    }
    for (const row of await messagesTab()) check(`Messages tab ${row.part}`, row.text);
    const problems = await tabValues("'问题 Problems'!A2:Z");
    expect(problems.length).toBeGreaterThan(0);
    // Columns as sheet:init makes them: tab, row, id, column, value (the organizer's), code (a
    // machine key), then the texts people read.
    for (const r of problems)
      check("Problems tab", [r[0], r[3], ...r.slice(6)].join(" | ").replace(/https?:\/\/\S+/g, ""));
    const volunteers = await tabValues("'志愿者 Volunteers'!A1:Z");
    const checkColumn = volunteers[0]!.findIndex((h) => h.endsWith("Check"));
    for (const r of volunteers.slice(1)) check("Check column", r[checkColumn] ?? "");

    expect(found, JSON.stringify(found, null, 1)).toEqual([]);
  });

  it("English: the Plan tab's values, the pages and the group message are English", async () => {
    await seedDemo(SHEET);
    expect((await setLanguage("en")).status).toBe(200);
    const published = await publishTomorrow();
    await drainOutbox();
    const rows = (await planTab()).filter((r) => r.date === tomorrow());
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["Pending"]));
    expect(rows.some((r) => r.post.startsWith("Route "))).toBe(true);
    expect(rows.some((r) => r.post === "Standby")).toBe(true);
    const page = await (await SELF.fetch(`${ORIGIN}${pathOf(published.links[0]!.url!)}`)).text();
    expect(page).toContain('<html lang="en"');
    expect(page).not.toContain("?lang=zh"); // one language: no switch
    expect(published.messages[0]).toMatch(/duties for/);
    expect(published.messages.join("\n")).not.toMatch(/集合：/);
  });

  it("中文+English: both, Chinese first, and the page offers the other language", async () => {
    await seedDemo(SHEET);
    expect((await setLanguage("zh+en")).status).toBe(200);
    const published = await publishTomorrow();
    await drainOutbox();
    const rows = (await planTab()).filter((r) => r.date === tomorrow());
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["待确认 Pending"]));
    const page = await (await SELF.fetch(`${ORIGIN}${pathOf(published.links[0]!.url!)}`)).text();
    expect(page).toContain('<html lang="zh-CN"');
    expect(page).toContain("?lang=en");
  });
});

describe("rules per community", () => {
  it("refuses wrong settings with a reason per field in Chinese and English, and changes nothing", async () => {
    const response = await SELF.fetch(`${ORIGIN}/api/demo/settings`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ ageLimit: 300, chaseTime: "25:00", language: "fr", standbyShare: "10%" }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { code: string; problems: Array<{ field: string; zh: string; en: string }> };
    };
    expect(body.error.code).toBe("bad_settings");
    expect(body.error.problems.map((p) => p.field).sort()).toEqual(["ageLimit", "chaseTime", "language"]);
    for (const p of body.error.problems) {
      expect(p.zh).toMatch(/\p{Script=Han}/u);
      expect(p.en).toMatch(/[a-z]/);
    }
    const info = (await (await SELF.fetch(`${ORIGIN}/api/demo`, { headers: auth })).json()) as {
      settings: { ageLimit: number; standbyShare: number };
    };
    expect(info.settings).toMatchObject({ ageLimit: 50, standbyShare: 0.1 });
  });

  it("applies the age limit, the standby share, arrive-early minutes and the job times", async () => {
    await seedDemo(SHEET);
    const saved = await SELF.fetch(`${ORIGIN}/api/demo/settings`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ ageLimit: "40", standbyShare: "0", arriveEarlyMinutes: "15", chaseTime: "6:45" }),
    });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { settings: Record<string, unknown> }).settings).toMatchObject({
      ageLimit: 40,
      standbyShare: 0,
      arriveEarlyMinutes: 15,
      chaseTime: "06:45",
    });
    const info = (await (await SELF.fetch(`${ORIGIN}/api/demo`, { headers: auth })).json()) as {
      times: { chase: string };
    };
    expect(info.times.chase).toBe("06:45");
    const published = await publishTomorrow();
    const report = (await (await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}`, { headers: auth })).json()) as {
      assignments: Array<{ kind: string }>;
    };
    expect(report.assignments.length).toBeGreaterThan(0);
    const input = await env.DB.prepare("SELECT input FROM publications WHERE community = 'demo' AND date = ?")
      .bind(tomorrow())
      .first<{ input: string }>();
    expect(JSON.parse(input!.input).rules).toMatchObject({ maxAge: 40, standbyShare: 0 });
    const oldest = await env.DB.prepare("SELECT data FROM snapshots ORDER BY id DESC LIMIT 1").first<{
      data: string;
    }>();
    expect(JSON.parse(oldest!.data).ageLimit).toBe(40);
    const route = published.links.find((l) => l.post.includes("Route"))!;
    const page = await (await SELF.fetch(`${ORIGIN}${pathOf(route.url!)}`)).text();
    expect(page).toMatch(/请在 07:15 前到岗。/);
    expect(addDays(today(), 1)).toBe(tomorrow());
  });
});

/**
 * The organizer console's pages through the Worker's own fetch: sign-in, the day page before and
 * after each button, answers and at-risk, QR, print and the English toggle. Security (no data
 * without a session, CSRF) is in console.security.test.ts.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { localTimeToEpoch } from "../../src/domain/local-time.ts";
import { ConsoleClient, setCookies, textOf, workerAt } from "./support/console.ts";
import { seedDemo, setCell, setFaults } from "./support/emulator.ts";
import { answer, pathOf, publishTomorrow, resetDay, SHEET, tomorrow } from "./support/links.ts";

beforeEach(async () => {
  await resetDay();
  await seedDemo(SHEET);
});

/** The at-a-glance table: zone (or 固定岗位 / 待命) -> [buildings, confirmed, declined, pending, at risk]. */
function zoneRows(html: string): Record<string, string[]> {
  const table = /<table id="by-zone">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
  const rows: Record<string, string[]> = {};
  for (const [, row] of table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
    const cells = [...row!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!);
    if (cells.length > 0) rows[cells[0]!] = cells.slice(1);
  }
  return rows;
}

function tile(html: string, status: string): number {
  return Number(new RegExp(`data-status="${status}"><b>(\\d+)</b>`).exec(html)?.[1]);
}

function flash(html: string): string | undefined {
  const section = /<section class="flash [^"]*" id="flash"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1];
  return section === undefined ? undefined : textOf(section).trim();
}

describe("signing in", () => {
  it("shows the sign-in form, and nothing else, without a session", async () => {
    const client = new ConsoleClient();
    const response = await client.get("/console");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<input id="token" name="token" type="password"');
    expect(html).toContain('name="community" value="demo"');
    expect(textOf(html)).toContain("组织者登录");
    // The pre-session pair of the sign-in form's CSRF check.
    expect(client.jar.has("zc_console_login")).toBe(true);
    expect(html).not.toMatch(/name="csrf"/);
  });

  it("with the organizer token: a 12-hour HttpOnly, Secure, SameSite=Strict session on /console, then the day page", async () => {
    const client = new ConsoleClient();
    const response = await client.signIn();
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/console\/\d{4}-\d{2}-\d{2}$/);
    const session = setCookies(response).find((c) => c.name === "zc_console")!;
    expect(session.value).toMatch(/^v1\.demo\./);
    expect(session.attributes).toEqual(
      expect.arrayContaining(["Max-Age=43200", "Path=/console", "HttpOnly", "Secure", "SameSite=Strict"]),
    );
    const again = await client.get("/console");
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(response.headers.get("location"));
  });

  it("lands on today until noon and on tomorrow from noon (the community's clock)", async () => {
    const day = tomorrow();
    const morning = new ConsoleClient(workerAt(localTimeToEpoch(day, "11:59", "Asia/Shanghai")));
    expect((await morning.signIn()).headers.get("location")).toBe(`/console/${day}`);
    const evening = new ConsoleClient(workerAt(localTimeToEpoch(day, "12:00", "Asia/Shanghai")));
    expect((await evening.signIn()).headers.get("location")).not.toBe(`/console/${day}`);
  });

  it("refuses a wrong token or community with the same 401 message and no session", async () => {
    for (const [token, community] of [
      ["not-the-organizer-token", "demo"],
      [undefined, "nowhere"],
    ] as const) {
      const client = new ConsoleClient();
      const response = await client.signIn(token, community);
      expect(response.status).toBe(401);
      expect(textOf(await response.text())).toContain("小区编号或口令不对。");
      expect(client.jar.has("zc_console")).toBe(false);
    }
  });
});

describe("the day page", () => {
  it("before any plan: the four buttons with the session's CSRF token, no plan, never synced", async () => {
    const client = await new ConsoleClient().signedIn();
    const { response, html } = await client.open(`/console/${tomorrow()}`);
    expect(response.status).toBe(200);
    for (const action of ["sync", "generate", "publish", "replan"]) {
      expect(html).toContain(`action="/console/${tomorrow()}/${action}"`);
    }
    expect(html.match(/name="csrf" value="[^"]+"/g)!.length).toBe(7); // four actions, the chain import, settings and sign-out
    const text = textOf(html);
    expect(text).toContain("这一天还没有分工");
    expect(text).toContain("还没有同步过");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(html).toMatch(/<script src="\/console\/console.js" defer(="")?><\/script>/);
  });

  it("sync: the result once, then the last sync's problems with links to their cells", async () => {
    await setCell(SHEET, "'志愿者 Volunteers'!C4", "12345"); // V003: not a mobile number
    const client = await new ConsoleClient().signedIn();
    const html = await client.press(tomorrow(), "sync");
    expect(flash(html)).toMatch(/^同步完成：读了 \d+ 行，[1-9]\d* 个错误，\d+ 个提醒。$/);
    const problem = /<div class="problem" data-code="phone_invalid">([\s\S]*?)<\/div>\s*<a href="([^"]+)"/.exec(html);
    expect(problem).not.toBeNull();
    expect(textOf(problem![1]!)).toMatch(/错误 志愿者 · 第 4 行 · 手机 · V003 · “12345”/);
    expect(problem![2]).toMatch(/\/emulator\/\?spreadsheet=demo-compound&amp;tab=.*&amp;cell=C4$/);
    // The result is shown once; the problems stay (they come from D1, not from the sheet).
    const again = (await client.open(`/console/${tomorrow()}`)).html;
    expect(flash(again)).toBeUndefined();
    expect(again).toContain('data-code="phone_invalid"');
  });

  it("generate: a draft by zone with everyone's status, coverage, supplies; no links yet", async () => {
    const client = await new ConsoleClient().signedIn();
    const html = await client.press(tomorrow(), "generate");
    expect(flash(html)).toMatch(/^已生成第 1 版：120 人在岗，覆盖 32\/32 栋楼。$/);
    expect(textOf(html)).toMatch(/第 1 版 · 草稿/);
    // Each volunteer, the gate crew's 6 again under their second wave (one block, both shifts), and the tile.
    expect(html.match(/data-status="draft"/g)).toHaveLength(120 + 6 + 1);
    const zones = zoneRows(html);
    expect(Object.keys(zones)).toEqual(["东区", "北区", "南区", "西区", "固定岗位", "待命"]);
    expect(zones["东区"]![0]).toBe("8/8");
    expect(textOf(html)).toContain("所有楼栋都有人负责。");
    expect(html).not.toContain("/c/");
    expect(textOf(html)).toContain("发布后，这里会有可以直接粘贴到群里的消息。");
    const supplies = /<section id="supplies">([\s\S]*?)<\/section>/.exec(html)![1]!;
    // One suit per person working (standby get one only when called in), not one per sign-up.
    const suits = Number(/防护服 (\d+) 套/.exec(textOf(supplies))?.[1]);
    expect(suits).toBeGreaterThan(80);
    expect(suits).toBeLessThan(120);
    // Generating again with an unchanged sheet finds the same version.
    expect(flash(await client.press(tomorrow(), "generate"))).toMatch(/^表格没有变化，仍是第 1 版/);
  });

  it("publish: a link, copy button and QR page per volunteer, and the group message to paste", async () => {
    const client = await new ConsoleClient().signedIn();
    await client.press(tomorrow(), "generate");
    const html = await client.press(tomorrow(), "publish");
    expect(flash(html)).toMatch(/^已发布第 1 版：120 个链接（新 120 个），群消息 \d+ 段。$/);
    const links = [...html.matchAll(/<a href="(http:\/\/local\/c\/[A-Za-z0-9]{12})" class="vlink">/g)].map(
      (m) => m[1]!,
    );
    expect(new Set(links).size).toBe(120);
    // The gate crew's 6 hold both waves as one block and are listed (with their link) under each.
    expect(html.match(/data-copy="http:\/\/local\/c\/[A-Za-z0-9]{12}"/g)).toHaveLength(120 + 6);
    const messages = [...html.matchAll(/<textarea id="message-\d+" readonly="" rows="12">([\s\S]*?)<\/textarea>/g)].map(
      (m) => m[1]!,
    );
    expect(messages.length).toBeGreaterThan(0);
    for (const link of links) expect(messages.join("\n")).toContain(link);
    expect(messages[0]).toMatch(/集合：07:30/);

    const id = /<li data-volunteer="(V\d+)" data-status="pending">/.exec(html)![1]!;
    const qr = await client.open(`/console/${tomorrow()}/qr/${id}`);
    expect(qr.response.status).toBe(200);
    expect(qr.html).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
    const own = new RegExp(`<li data-volunteer="${id}"[\\s\\S]*?class="vlink">([^<]+)</a>`).exec(html)![1]!;
    expect(qr.html).toContain(`<a href="${own}" class="vlink">`);
    expect((await client.open(`/console/${tomorrow()}/qr/V999`)).response.status).toBe(404);
    // A route volunteer's duty by zone and buildings, as their own page says it, never the route's ID.
    const route = /<div class="route" data-route="([^"]+)">[\s\S]*?<li data-volunteer="(V\d+)"/.exec(html)!;
    const card = await client.open(`/console/${tomorrow()}/qr/${route[2]}`);
    expect(card.html).toMatch(/（包干） · \d\d:\d\d–\d\d:\d\d/);
    expect(card.html).not.toContain(route[1]);
  });

  it("answers show up: confirmed, declined with who took the place, counted by zone", async () => {
    const published = await publishTomorrow();
    const page = (await (await new ConsoleClient().signedIn()).open(`/console/${tomorrow()}`)).html;
    // A route with no spare hands, so the decline needs someone to take the place.
    const routes = [...page.matchAll(/<div class="route" data-route="[^"]+">([\s\S]*?)<\/ul>/g)].map((m) => ({
      team: /(\d+) 人（需 (\d+) 人）/.exec(m[1]!)!.slice(1).map(Number),
      ids: [...m[1]!.matchAll(/<li data-volunteer="(V\d+)"/g)].map((x) => x[1]!),
    }));
    const full = routes.find((r) => r.team[0] === r.team[1] && r.ids.length > 0)!;
    const no = full.ids[0]!;
    const yes = routes.flatMap((r) => r.ids).find((id) => id !== no)!;
    const url = (id: string) => published.links.find((l) => l.volunteerId === id)!.url!;
    expect((await answer(pathOf(url(yes)), "confirm")).status).toBe(303);
    expect((await answer(pathOf(url(no)), "decline", { reason: "发烧 fever" })).status).toBe(303);

    const client = await new ConsoleClient().signedIn();
    const { html } = await client.open(`/console/${tomorrow()}`);
    expect(tile(html, "confirmed")).toBe(1);
    expect(tile(html, "declined")).toBe(1);
    // 120 were on the plan; the decliner left it (a standby took the route): 119 on it, 1 confirmed.
    expect(tile(html, "pending")).toBe(118);
    expect(html).toContain(`<li data-volunteer="${yes}" data-status="confirmed">`);
    const left = /<ul class="people" id="left">([\s\S]*?)<\/ul>/.exec(html)![1]!;
    expect(textOf(left)).toMatch(new RegExp(`${no} 不能来 由 \\S+ 顶替 回复于 [\\d-]+ [\\d:]+ “发烧 fever”`));
    // The decline counts in the zone of the route it left; totals add up across the table.
    const zones = Object.values(zoneRows(html));
    expect(zones.reduce((n, z) => n + Number(z[2]), 0)).toBe(1);
    expect(zones.reduce((n, z) => n + Number(z[1]), 0)).toBe(1);
  });

  it("counts the unanswered as at risk from the chase time (06:30) on the day itself", async () => {
    const published = await publishTomorrow();
    await answer(pathOf(published.links[0]!.url!), "confirm");
    const at = (time: string) => new ConsoleClient(workerAt(localTimeToEpoch(tomorrow(), time, "Asia/Shanghai")));
    const before = (await (await at("06:29").signedIn()).open(`/console/${tomorrow()}`)).html;
    expect([tile(before, "pending"), tile(before, "at_risk")]).toEqual([119, 0]);
    const after = (await (await at("06:30").signedIn()).open(`/console/${tomorrow()}`)).html;
    expect([tile(after, "pending"), tile(after, "at_risk"), tile(after, "confirmed")]).toEqual([0, 119, 1]);
    // + the gate crew's 6 listed again under their second wave.
    expect(after.match(/data-status="at_risk"/g)).toHaveLength(119 + 1 + 6);
    expect(textOf(after)).toContain(`${tomorrow()} 06:30 后还没回复的人标为“未回复”，请联系他们。`);
  });

  it("replan: nothing before publishing; after, refills declines and says so", async () => {
    const client = await new ConsoleClient().signedIn();
    expect(flash(await client.press(tomorrow(), "replan"))).toBe("还没有发布，无需补位。");
    await client.press(tomorrow(), "generate");
    await client.press(tomorrow(), "publish");
    expect(flash(await client.press(tomorrow(), "replan"))).toBe("没有需要补位的“不能来”。");
  });

  it("failures are shown on the page, not thrown: publish before generate, the sheet refusing access", async () => {
    const client = await new ConsoleClient().signedIn();
    expect(flash(await client.press(tomorrow(), "publish"))).toBe("没有完成：这一天还没有分工，请先生成（generate）。");
    await setFaults(SHEET, { denyAccess: true });
    try {
      const html = await client.press(tomorrow(), "sync");
      expect(flash(html)).toMatch(/^没有完成：.+/);
      expect(html).toContain('class="flash fail"');
    } finally {
      await setFaults(SHEET, { denyAccess: false });
    }
  });

  it("the A4 print: one page of routes by zone, posts and standby, names only", async () => {
    await publishTomorrow();
    const client = await new ConsoleClient().signedIn();
    const { response, html } = await client.open(`/console/${tomorrow()}/print`);
    expect(response.status).toBe(200);
    expect(html).toContain("@page{size:A4;margin:9mm}");
    const text = textOf(html);
    expect(text).toMatch(/演示小区 Demo compound · 志愿者分工表 · \d+月\d+日/);
    for (const zone of ["东区", "北区", "南区", "西区"]) expect(text).toContain(zone);
    expect(text).toContain("固定岗位");
    expect(text).toContain("待命");
    // Hung in public: no links, no phone numbers.
    expect(html).not.toContain("/c/");
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    // Without a plan there is nothing to print: back to the day page.
    const empty = await client.get(`/console/2030-01-01/print`);
    expect([empty.status, empty.headers.get("location")]).toEqual([303, "/console/2030-01-01"]);
  });

  it("speaks English after the toggle, and keeps it", async () => {
    const client = await new ConsoleClient().signedIn();
    const en = await client.open(`/console/${tomorrow()}?lang=en`);
    expect(en.html).toContain('<html lang="en">');
    expect(textOf(en.html)).toContain("No plan for this day yet.");
    expect(en.html).toContain('href="?lang=zh"');
    const html = await client.press(tomorrow(), "generate");
    expect(flash(html)).toMatch(/^Generated version 1: 120 on duty, 32\/32 buildings covered\.$/);
    const zh = await client.open(`/console/${tomorrow()}?lang=zh`);
    expect(zh.html).toContain('<html lang="zh-CN">');
  });

  it("refuses a date that is not YYYY-MM-DD", async () => {
    const client = await new ConsoleClient().signedIn();
    for (const date of ["2022-02-30", "tomorrow", "2022-4-19"]) {
      expect((await client.get(`/console/${date}`)).status).toBe(404);
    }
  });
});

/**
 * `npm run test:browser`: the organizer console in Debian's Chromium (playwright-core drives
 * /usr/bin/chromium; no browser is downloaded), on a phone-sized screen, against the real local
 * default: `wrangler dev` on a private port with throw-away state and a fresh organizer token.
 *
 * One organizer's evening, in order: sign in, generate tomorrow, publish, copy the group message,
 * open a volunteer's link and confirm, see the console count the answer; then the A4 print is one
 * page, signing out hides everything, and the buttons work with JavaScript off. Then the day
 * itself, with the Worker restarted on the same state and its clock at 07:10 and 10:30 the next
 * morning: the captain's roll call, a route volunteer's ticks, the gate crew's count form and the
 * console's board. Screenshots go to docs/ (shown in the README).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startLocalWorker, type LocalWorker } from "../../src/cli/local-worker.ts";
import { addDays, localDate } from "../../src/domain/local-time.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const port = process.env.BROWSER_TEST_PORT ? Number(process.env.BROWSER_TEST_PORT) : undefined;
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/**
 * The organizer's evening, whatever the hour the test runs: the Worker's clock is pinned (ZC_NOW)
 * to 20:00 in Shanghai, before the 21:00 publish, and "tomorrow" is taken from the same instant.
 */
const EVENING = "2026-12-05T20:00:00+08:00";
const tomorrow = addDays(localDate(Date.parse(EVENING), "Asia/Shanghai"), 1);
const docs = path.join(root, "docs");
const phone = { width: 390, height: 844 };
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let profiles: string;
let worker: LocalWorker | undefined;
/** The private local default (src/cli/local-worker.ts): its address and fresh organizer token. */
let base: string;
let token: string;
let context: BrowserContext;
let page: Page;

const contextOptions = {
  viewport: phone,
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "zh-CN",
  timezoneId: "Asia/Shanghai",
};

/** Chromium with a fresh user-data-dir of its own, on a phone-sized screen. */
async function openBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(path.join(profiles, "profile-")), {
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
    ...contextOptions,
  });
}

async function signIn(p: Page): Promise<void> {
  await p.goto(`${base}/console`);
  await p.fill("#token", token);
  await clickAndLand(p, "form[action='/console/login'] button");
  assert.match(p.url(), /\/console\/\d{4}-\d{2}-\d{2}$/);
}

/**
 * Polls an expression in the page. Not `waitForFunction`: it compiles its string with eval, which
 * the console's CSP (rightly) refuses.
 */
async function waitUntil(p: Page, expression: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await p.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Clicks and waits until the page that results has loaded (a POST's 303 lands on the same URL). */
async function clickAndLand(p: Page, selector: string): Promise<void> {
  const navigated = p.waitForEvent("framenavigated", { predicate: (frame) => frame === p.mainFrame() });
  await p.click(selector);
  await navigated;
  await p.waitForLoadState("load");
}

async function press(p: Page, label: string): Promise<string> {
  await clickAndLand(p, `form.action button:text-is("${label}")`);
  assert.equal(p.url(), `${base}/console/${tomorrow}`);
  return (await p.textContent("#flash")) ?? "";
}

describe("the organizer console in Chromium on a phone", () => {
  before(async () => {
    assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install -y chromium`);
    profiles = mkdtempSync(path.join(tmpdir(), "zonecrew-chromium-"));
    worker = await startLocalWorker({ port, startTimeoutMs: 90_000, vars: { ZC_NOW: EVENING } });
    ({ base, token } = worker);
    context = await openBrowser();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    page = await context.newPage();
  });

  after(async () => {
    await context?.close();
    await worker?.stop();
    if (profiles) rmSync(profiles, { recursive: true, force: true });
  });

  let volunteer: { id: string; name: string; url: string };

  it("signs in with the organizer token into a Secure, HttpOnly, SameSite=Strict session", async () => {
    await page.goto(`${base}/console/${tomorrow}`);
    assert.match(page.url(), /\/console$/, "no session: back to sign-in");
    assert.equal(await page.locator("#plan").count(), 0);
    await signIn(page);
    mkdirSync(docs, { recursive: true });
    const cookie = (await context.cookies(`${base}/console`)).find((c) => c.name === "zc_console");
    assert.ok(cookie, "Chromium keeps the Secure session cookie on http://127.0.0.1");
    assert.deepEqual(
      { httpOnly: cookie.httpOnly, secure: cookie.secure, sameSite: cookie.sameSite, path: cookie.path },
      { httpOnly: true, secure: true, sameSite: "Strict", path: "/console" },
    );
    assert.equal(
      await page.evaluate<boolean>(`document.cookie.includes("zc_console=")`),
      false,
      "not readable by script",
    );
    await clickAndLand(page, `nav.days a:text-is("明天")`);
    assert.equal(page.url(), `${base}/console/${tomorrow}`);
    assert.match((await page.textContent("#no-plan")) ?? "", /还没有分工/);
  });

  it("generates tomorrow's plan, the pressed button saying it is working", async () => {
    // What the buttons said right after the tap, recorded by a listener that runs after the
    // page's own (sessionStorage outlives the navigation to the result).
    // (Code that runs in the page is written as strings: this project's TypeScript has no DOM types.)
    await page.evaluate(`document.addEventListener("submit", () => {
      const buttons = [...document.querySelectorAll("form.action button")];
      sessionStorage.setItem("pressed", JSON.stringify(buttons.map((b) => [b.textContent, b.disabled])));
    })`);
    await clickAndLand(page, `form.action button:text-is("生成分工")`);
    const pressed = JSON.parse(
      (await page.evaluate<string | null>(`sessionStorage.getItem("pressed")`)) ?? "[]",
    ) as Array<[string, boolean]>;
    assert.deepEqual(pressed, [
      ["同步表格", true],
      ["正在生成分工…", true],
      ["发布", true],
      ["补位", true],
    ]);
    assert.match((await page.textContent("#flash")) ?? "", /已生成第 1 版：\d+ 人在岗，覆盖 32\/32 栋楼/);
    assert.match((await page.textContent("h1")) ?? "", /第 1 版 · 草稿/);
    assert.ok((await page.locator("#plan li[data-status='draft']").count()) > 50);
  });

  it("publishes: every volunteer gets a link, and the group message is ready", async () => {
    assert.match(await press(page, "发布"), /已发布第 1 版：\d+ 个链接/);
    const first = page.locator("#plan .route li[data-volunteer]").first();
    volunteer = {
      id: (await first.getAttribute("data-volunteer"))!,
      name: (await first.locator(".name").textContent())!,
      url: (await first.locator("a.vlink").getAttribute("href"))!,
    };
    assert.match(volunteer.url, new RegExp(`^${base}/c/[A-Za-z0-9]{12}$`));
    assert.equal(await first.getAttribute("data-status"), "pending");
  });

  it("copies the group message with one tap", async () => {
    const message = await page.inputValue("#message-1");
    // One part per zone (split when long), each headed by the date and the zone
    // ("…12月6日（周日）东区分工", or "…东区分工（1/2）").
    assert.match(message.split("\n")[0] ?? "", /分工(（\d+\/\d+）)?$/);
    const parts = await page
      .locator("textarea[id^='message-']")
      .evaluateAll((all) => all.map((t) => (t as unknown as { value: string }).value));
    assert.ok(
      parts.some((p) => p.includes(volunteer.url)),
      "a part of the message lists the volunteer's link",
    );
    const copy = page.locator(`button[data-copy-from="message-1"]`);
    await copy.click();
    await waitUntil(page, `document.querySelector('button[data-copy-from="message-1"]').textContent === "已复制"`);
    assert.equal(await page.evaluate<string>(`navigator.clipboard.readText()`), message);
  });

  it("shows a volunteer's link as a QR code to scan", async () => {
    await clickAndLand(page, `li[data-volunteer="${volunteer.id}"] a.qr`);
    assert.equal(page.url(), `${base}/console/${tomorrow}/qr/${volunteer.id}`);
    assert.equal(await page.textContent("h1"), volunteer.name);
    assert.equal(await page.getAttribute("a.vlink", "href"), volunteer.url);
    assert.equal(await page.locator(".qrbox svg path").count(), 1);
    await page.screenshot({ path: path.join(docs, "console-qr.png") });
    await clickAndLand(page, `a:text-is("回到控制台")`);
  });

  it("the volunteer opens the link and confirms; the console counts it", async () => {
    const phonePage = await context.newPage();
    await phonePage.goto(volunteer.url);
    assert.match((await phonePage.textContent("body")) ?? "", new RegExp(volunteer.name));
    await clickAndLand(phonePage, `button[value="confirm"]`);
    assert.equal(phonePage.url(), volunteer.url);
    assert.match((await phonePage.textContent("body")) ?? "", /已确认，谢谢！/);
    await phonePage.screenshot({ path: path.join(docs, "volunteer-page.png"), fullPage: true });
    await phonePage.close();

    await page.reload();
    const row = page.locator(`li[data-volunteer="${volunteer.id}"]`).first();
    assert.equal(await row.getAttribute("data-status"), "confirmed");
    assert.equal((await page.textContent(".tile[data-status='confirmed'] b"))?.trim(), "1");
    const route = page.locator(`.route:has(li[data-volunteer="${volunteer.id}"])`).first();
    await route.screenshot({ path: path.join(docs, "console-plan.png") });
    await page.evaluate(`window.scrollTo(0, 0)`);
    await page.screenshot({
      path: path.join(docs, "console.png"),
      clip: { x: 0, y: 0, width: phone.width, height: 1500 },
      fullPage: true,
    });
  });

  it("prints the plan on one A4 page", async () => {
    const print = await context.newPage();
    await print.goto(`${base}/console/${tomorrow}/print`);
    assert.match((await print.textContent("h1")) ?? "", /志愿者分工表/);
    await print.setViewportSize({ width: 794, height: 1123 });
    await print.emulateMedia({ media: "print" });
    await print.screenshot({ path: path.join(docs, "console-print.png"), fullPage: true });
    const pdf = await print.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    assert.equal(pages.length, 1, "one A4 page for the gate board");
    await print.close();
  });

  it("signing out leaves no data reachable", async () => {
    await clickAndLand(page, `header form button:text-is("退出")`);
    assert.match(page.url(), /\/console\?m=signedout$/);
    assert.match((await page.textContent("body")) ?? "", /已退出登录/);
    await page.goto(`${base}/console/${tomorrow}`);
    assert.match(page.url(), /\/console$/);
    assert.ok(!((await page.textContent("body")) ?? "").includes(volunteer.name));
  });

  it("works with JavaScript off: sign in, replan, read the message to long-press", async () => {
    // Another, cookie-less context of the same Chromium, with scripts off.
    const plain = await context.browser()!.newContext({ ...contextOptions, javaScriptEnabled: false });
    try {
      const p = await plain.newPage();
      await signIn(p);
      await p.goto(`${base}/console/${tomorrow}`);
      assert.match(await press(p, "补位"), /没有需要补位/);
      assert.equal(await p.locator(`button[data-copy-from="message-1"]`).isVisible(), false);
      assert.ok((await p.inputValue("#message-1")).includes(volunteer.url));
      assert.equal(await p.getAttribute("#message-1", "readonly"), "");
    } finally {
      await plain.close();
    }
  });

  it("the day itself: the captain's roll call, a route volunteer's ticks, the gate's counts, the console's board", async () => {
    // The captain of the confirmed volunteer's zone, named on that volunteer's page.
    const phonePage = await context.newPage();
    await phonePage.goto(volunteer.url);
    const captainName = /队长：(\S+)/.exec((await phonePage.textContent(".captains")) ?? "")?.[1];
    assert.ok(captainName, "the volunteer's page names the zone captain");
    await signIn(page);
    await page.goto(`${base}/console/${tomorrow}`);
    const linkOf = async (selector: string) => (await page.locator(selector).first().getAttribute("href"))!;
    const captainUrl = await linkOf(`#plan li[data-volunteer]:has(.name:text-is("${captainName}")) a.vlink`);
    const gateUrl = await linkOf(`#plan .route[data-post="P1"] li[data-volunteer] a.vlink`);

    // 07:10 the next morning, the same state: the roll call is open.
    await worker!.restart({ ZC_NOW: `${tomorrow}T07:10:00+08:00` });
    await phonePage.goto(captainUrl);
    assert.match((await phonePage.textContent("#roll h2")) ?? "", /点名：已到 0 \/ \d+ 人/);
    const rows = phonePage.locator("#roll tr");
    for (let i = 0; i < Math.min(3, await rows.count()); i++) {
      await clickAndLand(phonePage, `#roll tr:nth-child(${i + 1}) button[value="present"]`);
    }
    assert.match((await phonePage.textContent("#roll h2")) ?? "", /已到 3 \//);
    await phonePage.screenshot({ path: path.join(docs, "day-roll-call.png"), fullPage: true });

    // 10:30: garbage and the first round done for the route's first building, the gate counting.
    await worker!.restart({ ZC_NOW: `${tomorrow}T10:30:00+08:00` });
    await phonePage.goto(gateUrl);
    const form = phonePage.locator("#gate-1 form.count").first();
    await form.locator('input[name="count"]').fill("23");
    await form.locator('input[name="medicine"]').fill("2");
    await form.locator('input[name="cold_chain"]').fill("4");
    const navigated = phonePage.waitForEvent("framenavigated");
    await form.locator("button").click();
    await navigated;
    await phonePage.waitForLoadState("load");
    assert.match((await phonePage.locator("#gate-1 form.count").first().textContent()) ?? "", /已登记 23 件/);
    // The first few buildings' forms: the section runs the whole compound's length.
    const box = (await phonePage.locator("#gate-1").boundingBox())!;
    await phonePage.screenshot({
      path: path.join(docs, "day-gate-count.png"),
      clip: { x: 0, y: box.y, width: phone.width, height: 640 },
      fullPage: true,
    });

    await phonePage.goto(volunteer.url);
    await clickAndLand(phonePage, `#work button[value="done"]`);
    await clickAndLand(phonePage, `#work button[value="done"]`);
    assert.match((await phonePage.textContent("#work h2")) ?? "", /已完成 2 \/ \d+ 项/);
    assert.match((await phonePage.textContent("#work")) ?? "", /10:30 完成/);
    await phonePage.screenshot({ path: path.join(docs, "day-route-ticks.png"), fullPage: true });
    await phonePage.close();

    await signIn(page);
    await page.goto(`${base}/console/${tomorrow}`);
    assert.match((await page.textContent("#board")) ?? "", /已完成 2 \/ \d+ 项/);
    await page.locator("#board").screenshot({ path: path.join(docs, "day-console-board.png") });
  });
});

/**
 * The emulator's own routes (grid page and edits, stats, faults, reset, creating a sheet) show
 * every volunteer's phone number and can break the sync, so they are for organizers only: the
 * local organizer token as a bearer, or a signed-in console. And no other site may make a
 * browser change anything here (issue 13, finding 5: a foreign-Origin `POST /emulator/edit`
 * changed a cell, `POST /emulator/faults {"down":true}` broke the sync, all without a token).
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { tokenHash } from "../../src/routes/organizer-auth.ts";
import { ConsoleClient, FORM, setCookies } from "./support/console.ts";
import { seedDemo, sheetsCall, stats, TOKEN } from "./support/emulator.ts";
import { ORIGIN, tomorrow } from "./support/links.ts";

const SHEET = "admin-guard";
const TAB = "志愿者 Volunteers";
const OTHER_TOKEN = "emulator-other-compound-token-0123";
const bearer = { authorization: `Bearer ${TOKEN}` };
const PHONE = /1[3-9]\d{9}/;

beforeAll(async () => {
  await seedDemo(SHEET);
  await seedDemo("admin-other");
  await env.DB.prepare(
    "INSERT OR REPLACE INTO communities (slug, name, spreadsheet_id, time_zone, created_at, token_hash) VALUES ('emu-other', '别的小区 Other', 'admin-other', 'Asia/Shanghai', '2026-01-01', ?)",
  )
    .bind(await tokenHash(OTHER_TOKEN))
    .run();
});

const send = (path: string, init: RequestInit = {}) => SELF.fetch(`${ORIGIN}${path}`, { redirect: "manual", ...init });

async function cell(a1: string, spreadsheet = SHEET): Promise<string> {
  const response = await sheetsCall(spreadsheet, "GET", `/values/${encodeURIComponent(`'${TAB}'!${a1}`)}`);
  return ((await response.json()) as { values?: string[][] }).values?.[0]?.[0] ?? "";
}

/** The faults the emulator has switched on (its stats answer carries them). */
async function faultsOf(spreadsheet: string): Promise<Record<string, unknown>> {
  return ((await stats(spreadsheet)) as unknown as { faults: Record<string, unknown> }).faults;
}

function editForm(value: string, spreadsheet = SHEET): URLSearchParams {
  return new URLSearchParams({ spreadsheet, tab: TAB, cell: "B2", value });
}

/** The error body a refusal must carry: a code and the reason in Chinese and English. */
async function expectError(response: Response, status: number, code: string, what: string): Promise<void> {
  expect(response.status, what).toBe(status);
  const body = (await response.json()) as { error: { code: string; zh: string; en: string } };
  expect(body.error.code, what).toBe(code);
  expect(body.error.zh, what).toMatch(/\p{Script=Han}/u);
  expect(body.error.en, what).toMatch(/[a-z]/);
}

/**
 * Every emulator route except the Sheets v4 paths (they answer Google's own 401), the token
 * endpoint and the bare redirect.
 */
function adminRoutes(): Array<{ method: string; path: string }> {
  const seen = new Set<string>();
  return buildApp()
    .routes.filter(
      (r) =>
        r.method !== "ALL" &&
        (r.path.startsWith("/emulator/") || r.path.startsWith("/console/emulator/")) &&
        !r.path.startsWith("/emulator/v4/") &&
        // Google's token endpoint is public: a signed JWT is the credential (emulator-quota.test.ts).
        r.path !== "/emulator/oauth2/token",
    )
    .map((r) => ({ method: r.method, path: r.path.replace(":id", "made-up-sheet") }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

describe("the emulator's admin routes need the organizer", () => {
  it("finds the admin routes (the walk itself works)", () => {
    expect(adminRoutes().map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        "GET /emulator/",
        "POST /emulator/edit",
        "POST /emulator/faults",
        "POST /emulator/reset",
        "GET /emulator/stats",
        "DELETE /emulator/stats",
        "PUT /emulator/spreadsheets/made-up-sheet",
      ]),
    );
  });

  it("no token and no sign-in, or a wrong token: refused, and nothing changes", async () => {
    const before = await cell("B2");
    for (const { method, path } of adminRoutes()) {
      if (path.startsWith("/console/")) continue; // the way in from the console, tested below
      const body = path === "/emulator/edit" ? editForm("改掉了") : JSON.stringify({ spreadsheet: SHEET, down: true });
      const init = (headers: Record<string, string>) => ({
        method,
        headers: { origin: ORIGIN, ...(path === "/emulator/edit" ? FORM : {}), ...headers },
        body: method === "GET" ? undefined : body,
      });
      const query = method === "GET" || method === "DELETE" ? `?spreadsheet=${SHEET}` : "";
      const none = await send(`${path}${query}`, init({}));
      expect(none.status, `${method} ${path} without a token`).toBe(401);
      const text = await none.text();
      expect(text, `${method} ${path} shows no phone`).not.toMatch(PHONE);
      expect(text, `${method} ${path} shows no volunteer`).not.toContain("V001");
      const wrong = await send(`${path}${query}`, init({ authorization: "Bearer wrong-token-wrong-token" }));
      expect(wrong.status, `${method} ${path} with a wrong token`).toBe(401);
    }
    expect(await cell("B2")).toBe(before);
    expect(await faultsOf(SHEET)).toMatchObject({ down: false });
    expect((await sheetsCall("made-up-sheet", "GET", "")).status).toBe(404);
  });

  it("signed out, the grid page says in Chinese and English to sign in at /console, and links the way back", async () => {
    const response = await send(`/emulator/?spreadsheet=${SHEET}&tab=${encodeURIComponent(TAB)}`);
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain('href="/console"');
    expect(html).toContain("请先在组织者控制台登录");
    expect(html).toContain("Sign in at the organizer console first");
    const back = /href="(\/console\/emulator\/open[^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
    expect(back).toBe(
      `/console/emulator/open?spreadsheet=${SHEET}&tab=${encodeURIComponent(TAB).replace(/%20/g, "+")}`,
    );
    expect(html).not.toMatch(PHONE);
  });

  it("the token still opens them from a script (curl, the CLI, the simulation) without an Origin", async () => {
    const page = await send(`/emulator/?spreadsheet=${SHEET}&tab=${encodeURIComponent(TAB)}`, { headers: bearer });
    expect(page.status).toBe(200);
    expect(PHONE.test(await page.text())).toBe(true);
    const faults = await send("/emulator/faults", {
      method: "POST",
      headers: bearer,
      body: JSON.stringify({ spreadsheet: SHEET, latencyMs: 0 }),
    });
    expect(faults.status).toBe(200);
    expect((await send(`/emulator/stats?spreadsheet=${SHEET}`, { headers: bearer })).status).toBe(200);
    expect((await send(`/emulator/reset?spreadsheet=${SHEET}`, { method: "POST", headers: bearer })).status).toBe(200);
  });
});

describe("no other site can make a browser change the emulator", () => {
  it("a foreign Origin or a cross-site Sec-Fetch-Site is refused with 403, token or not", async () => {
    const before = await cell("B2");
    const foreign: Array<[string, Record<string, string>]> = [
      ["foreign Origin", { origin: "https://evil.example" }],
      ["cross-site fetch", { "sec-fetch-site": "cross-site" }],
      ["same-site, other origin", { "sec-fetch-site": "same-site", origin: "http://other.local" }],
      ["opaque Origin, no fetch metadata", { origin: "null" }],
    ];
    for (const [what, headers] of foreign) {
      for (const extra of [{}, bearer]) {
        const label = `${what}${"authorization" in extra ? " with the token" : ""}`;
        const edit = await send("/emulator/edit", {
          method: "POST",
          headers: { ...FORM, ...headers, ...extra },
          body: editForm("改掉了"),
        });
        await expectError(edit, 403, "cross_site", `edit: ${label}`);
        const faults = await send("/emulator/faults", {
          method: "POST",
          headers: { ...headers, ...extra },
          body: JSON.stringify({ spreadsheet: SHEET, down: true }),
        });
        await expectError(faults, 403, "cross_site", `faults: ${label}`);
        const reset = await send(`/emulator/reset?spreadsheet=${SHEET}`, {
          method: "POST",
          headers: { ...headers, ...extra },
        });
        await expectError(reset, 403, "cross_site", `reset: ${label}`);
      }
    }
    expect(await cell("B2")).toBe(before);
    expect(await faultsOf(SHEET)).toMatchObject({ down: false });
  });
});

describe("a console sign-in opens the grid in a browser", () => {
  it("from sign-in to an edited cell and back out, with each cookie on its own path", async () => {
    const browser = await new ConsoleClient().signedIn();
    const grid = `/emulator/?spreadsheet=${SHEET}&tab=${encodeURIComponent(TAB)}`;

    // The console's cookie stays scoped to /console: a browser never sends it to /emulator.
    const onlyConsole = `zc_console=${encodeURIComponent(browser.jar.get("zc_console")!)}`;
    expect((await send(grid, { headers: { cookie: onlyConsole } })).status).toBe(401);

    const open = await browser.get(`/console/emulator/open?spreadsheet=${SHEET}&tab=${encodeURIComponent(TAB)}`);
    expect(open.status).toBe(303);
    expect(open.headers.get("location")).toBe(
      `/emulator/?spreadsheet=${SHEET}&tab=${encodeURIComponent(TAB).replace(/%20/g, "+")}`,
    );
    const given = setCookies(open).find((c) => c.name === "zc_emulator")!;
    expect(given.attributes).toEqual(
      expect.arrayContaining(["Path=/emulator", "HttpOnly", "Secure", "SameSite=Strict"]),
    );
    const maxAge = Number(given.attributes.find((a) => a.startsWith("Max-Age="))!.slice("Max-Age=".length));
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);

    // What the browser sends under /emulator: the emulator's cookie only.
    const cookie = `zc_emulator=${encodeURIComponent(given.value)}`;
    const page = await send(grid, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    // Checked as booleans: a failure must not print a page of phone numbers.
    const html = await page.text();
    expect(html.includes("V001") && PHONE.test(html)).toBe(true);

    // The grid's own form: Origin ours; a no-referrer page would send "null" with Sec-Fetch-Site.
    const saved = await send("/emulator/edit", {
      method: "POST",
      headers: { ...FORM, cookie, origin: ORIGIN, "sec-fetch-site": "same-origin" },
      body: editForm("浏览器改的"),
    });
    expect(saved.status).toBe(303);
    expect(await cell("B2")).toBe("浏览器改的");
    const again = await send("/emulator/edit", {
      method: "POST",
      headers: { ...FORM, cookie, origin: "null", "sec-fetch-site": "same-origin" },
      body: editForm("又改了一次"),
    });
    expect(again.status).toBe(303);
    expect(await cell("B2")).toBe("又改了一次");

    // A session cookie is no bearer: a write with no sign of where it came from is refused.
    const bare = await send("/emulator/edit", { method: "POST", headers: { ...FORM, cookie }, body: editForm("x") });
    await expectError(bare, 403, "cross_site", "cookie without Origin");

    // Signing out of the console closes the grid too, though the browser still holds the cookie.
    const out = await browser.post("/console/logout", { csrf: await browser.csrf(tomorrow()) });
    expect(out.status).toBe(303);
    const closed = await send(grid, { headers: { cookie } });
    expect(closed.status).toBe(401);
    expect(await closed.text()).toContain('href="/console"');
    expect(setCookies(closed).find((c) => c.name === "zc_emulator")?.attributes).toContain("Max-Age=0");
    expect(await cell("B2")).toBe("又改了一次");
  });

  it("without a console session, the way in leads to sign-in and gives no cookie", async () => {
    const response = await send(`/console/emulator/open?spreadsheet=${SHEET}`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/console");
    expect(setCookies(response).some((c) => c.name === "zc_emulator")).toBe(false);
  });

  it("a community with its own token opens its own sheet only", async () => {
    const browser = new ConsoleClient();
    expect((await browser.signIn(OTHER_TOKEN, "emu-other")).status).toBe(303);
    const open = await browser.get("/console/emulator/open");
    expect(open.headers.get("location")).toBe("/emulator/");
    const cookie = `zc_emulator=${encodeURIComponent(setCookies(open).find((c) => c.name === "zc_emulator")!.value)}`;
    const own = await send("/emulator/", { headers: { cookie } });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("admin-other");
    await expectError(
      await send(`/emulator/?spreadsheet=${SHEET}`, { headers: { cookie } }),
      403,
      "forbidden",
      "another community's sheet",
    );
    await expectError(
      await send(`/emulator/stats?spreadsheet=${SHEET}`, { headers: { cookie } }),
      403,
      "forbidden",
      "another community's stats",
    );
  });
});

/**
 * The console's safety: no data without a valid session, forged or foreign POSTs refused with
 * nothing changed, sessions that end (expiry, sign-out, token rotation), one community's session
 * never opening another's, and headers that keep the pages to themselves.
 */
import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { buildServices } from "../../src/env.ts";
import { tokenHash } from "../../src/routes/organizer-auth.ts";
import { consoleKeys, SESSION_MS, tokenTag } from "../../src/services/console-session.ts";
import { ConsoleClient, FORM, setCookies, textOf } from "./support/console.ts";
import { seedDemo, TOKEN } from "./support/emulator.ts";
import { ORIGIN, publishTomorrow, resetDay, SHEET, tomorrow } from "./support/links.ts";
import { NOW } from "./support/clock.ts";

beforeEach(async () => {
  await resetDay();
  await seedDemo(SHEET);
});

const day = () => `/console/${tomorrow()}`;
const pages = () => [day(), `${day()}/print`, `${day()}/qr/V001`, `${day()}?lang=en`];
const actions = ["sync", "generate", "publish", "replan"] as const;

async function planCount(): Promise<number> {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM plans").first<{ n: number }>())!.n;
}

async function keys() {
  return consoleKeys(buildServices(env).linkSecret);
}

async function demoTag() {
  return tokenTag(await tokenHash(TOKEN));
}

/** A client holding a given session cookie value (and nothing else). */
function holding(value: string): ConsoleClient {
  const client = new ConsoleClient();
  client.jar.set("zc_console", value);
  return client;
}

describe("no data without a session", () => {
  it("every page redirects to sign-in with an empty body, even when a plan is published", async () => {
    const published = await publishTomorrow();
    const names = published.links.map((l) => l.name);
    for (const path of pages()) {
      const response = await new ConsoleClient().get(path);
      expect([path, response.status, response.headers.get("location")]).toEqual([path, 303, "/console"]);
      expect(await response.text()).toBe("");
    }
    const signIn = await new ConsoleClient().open(day());
    expect(signIn.path).toBe("/console");
    for (const name of names.slice(0, 10)) expect(signIn.html).not.toContain(name);
  });

  it("buttons without a session go to sign-in and change nothing", async () => {
    for (const action of actions) {
      const response = await new ConsoleClient().post(`${day()}/${action}`, { csrf: "x" });
      expect([response.status, response.headers.get("location")]).toEqual([303, "/console"]);
    }
    expect(await planCount()).toBe(0);
  });

  it("a tampered, expired, foreign-signed or unknown-community cookie: back to sign-in, cookie cleared", async () => {
    const k = await keys();
    const good = await k.issue({ community: "demo", tokenTag: await demoTag(), now: NOW });
    const expired = await k.issue({ community: "demo", tokenTag: await demoTag(), now: NOW - SESSION_MS - 1 });
    const foreign = await (
      await consoleKeys("another-deployment-secret-0123456789")
    ).issue({ community: "demo", tokenTag: await demoTag(), now: NOW });
    const nowhere = await k.issue({ community: "nowhere", tokenTag: await demoTag(), now: NOW });
    const tampered = good.value.replace(/\.(\d+)\./, (_, exp) => `.${Number(exp) + SESSION_MS}.`);
    expect((await holding(good.value).get(day())).status).toBe(200);
    for (const value of [expired.value, foreign.value, nowhere.value, tampered, "v1.demo.x", "garbage"]) {
      const client = holding(value);
      const response = await client.get(day());
      expect([response.status, response.headers.get("location")]).toEqual([303, "/console?m=expired"]);
      expect(await response.text()).toBe("");
      const cleared = setCookies(response).find((c) => c.name === "zc_console")!;
      expect(cleared.attributes).toContain("Max-Age=0");
      const signIn = await client.open("/console?m=expired");
      expect(textOf(signIn.html)).toContain("登录已过期或无效，请重新登录。");
    }
  });
});

describe("CSRF", () => {
  it("refuses a missing, wrong or other session's token, a foreign or absent origin, a cross-site fetch: 403, nothing changed", async () => {
    const client = await new ConsoleClient().signedIn();
    const other = await new ConsoleClient().signedIn();
    const good = await client.csrf(tomorrow());
    const attempts: Array<[string, Record<string, string>, Record<string, string | null>]> = [
      ["no token", {}, {}],
      ["wrong token", { csrf: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, {}],
      ["another session's token", { csrf: await other.csrf(tomorrow()) }, {}],
      ["foreign origin", { csrf: good }, { origin: "https://evil.example" }],
      ["no origin, foreign referer", { csrf: good }, { origin: null, referer: "https://evil.example/x" }],
      ["no origin and no referer", { csrf: good }, { origin: null }],
      ["cross-site fetch metadata", { csrf: good }, { "sec-fetch-site": "cross-site" }],
      ["origin null", { csrf: good }, { origin: "null" }],
    ];
    for (const action of actions) {
      for (const [why, fields, headers] of attempts) {
        const response = await client.post(`${day()}/${action}`, fields, headers);
        expect([action, why, response.status]).toEqual([action, why, 403]);
        expect(textOf(await response.text())).toContain("请求被拒绝");
      }
    }
    expect(await planCount()).toBe(0);
    // The same form from our own page goes through (a Referer alone is enough when Origin is absent).
    const ok = await client.post(`${day()}/generate`, { csrf: good }, { origin: null, referer: `${ORIGIN}${day()}` });
    expect([ok.status, ok.headers.get("location")]).toEqual([303, day()]);
    expect(await planCount()).toBe(1);
  });

  it("the sign-in form needs its pre-session pair and our origin", async () => {
    const page = await SELF.fetch(`${ORIGIN}/console`);
    const nonce = setCookies(page).find((c) => c.name === "zc_console_login")!.value;
    const login = /name="login" value="([^"]+)"/.exec(await page.text())![1]!;
    const post = (cookie: string, origin: string, fields: Record<string, string>) =>
      SELF.fetch(`${ORIGIN}/console/login`, {
        method: "POST",
        redirect: "manual",
        headers: { ...FORM, origin, cookie },
        body: new URLSearchParams({ community: "demo", token: TOKEN, ...fields }),
      });
    expect((await post("", ORIGIN, { login })).status).toBe(403); // no pre-session cookie
    expect((await post(`zc_console_login=${nonce}`, ORIGIN, { login: "forged" })).status).toBe(403);
    expect((await post(`zc_console_login=other`, ORIGIN, { login })).status).toBe(403);
    expect((await post(`zc_console_login=${nonce}`, "https://evil.example", { login })).status).toBe(403);
    const ok = await post(`zc_console_login=${nonce}`, ORIGIN, { login });
    expect(ok.status).toBe(303);
  });
});

describe("sessions end", () => {
  it("signing out ends the session, even for a copy of the cookie; without the token it is refused", async () => {
    const client = await new ConsoleClient().signedIn();
    const copy = holding(client.jar.get("zc_console")!);
    expect((await client.post("/console/logout", {})).status).toBe(403);
    expect((await copy.get(day())).status).toBe(200);
    const out = await client.post("/console/logout", { csrf: await client.csrf(tomorrow()) });
    expect([out.status, out.headers.get("location")]).toEqual([303, "/console?m=signedout"]);
    expect(client.jar.has("zc_console")).toBe(false);
    expect(textOf((await client.open("/console?m=signedout")).html)).toContain("已退出登录。");
    const replay = await copy.get(day());
    expect([replay.status, replay.headers.get("location")]).toEqual([303, "/console?m=expired"]);
  });

  it("each community signs in with its own token; rotating it signs its consoles out", async () => {
    const token = "north-gate-organizer-token-2022";
    await env.DB.prepare(
      "INSERT INTO communities (slug, name, spreadsheet_id, time_zone, created_at, token_hash) VALUES (?, ?, ?, ?, ?, ?)",
    )
      .bind(
        "north",
        "北门小区 North Gate",
        "north-sheet",
        "Asia/Shanghai",
        new Date(NOW).toISOString(),
        await tokenHash(token),
      )
      .run();
    try {
      expect((await new ConsoleClient().signIn(token, "demo")).status).toBe(401);
      expect((await new ConsoleClient().signIn(TOKEN, "north")).status).toBe(401);
      const client = new ConsoleClient();
      expect((await client.signIn(token, "north")).status).toBe(303);
      const { html } = await client.open(day());
      expect(textOf(html)).toContain("北门小区 North Gate · 排班控制台");
      expect(client.jar.get("zc_console")).toMatch(/^v1\.north\./);

      await env.DB.prepare("UPDATE communities SET token_hash = ? WHERE slug = 'north'")
        .bind(await tokenHash("a-new-token-after-rotation"))
        .run();
      const after = await client.get(day());
      expect([after.status, after.headers.get("location")]).toEqual([303, "/console?m=expired"]);
    } finally {
      await env.DB.prepare("DELETE FROM communities WHERE slug = 'north'").run();
    }
  });

  it("guessing tokens is throttled", async () => {
    // Its own client: once over the limit it is refused even the right token, for a minute
    // (tests/workers/throttle.security.test.ts), and the other tests sign in as "local".
    const guesser = () =>
      new ConsoleClient((request) => {
        const headers = new Headers(request.headers);
        headers.set("cf-connecting-ip", "192.0.2.60");
        return SELF.fetch(new Request(request, { headers }));
      });
    const statuses: number[] = [];
    // The limiter counts per fixed minute: 25 tries put more than 10 in one minute even when
    // they straddle a minute's end (15 could be 7 + 8 on a slow run, never over the limit).
    for (let i = 0; i < 25 && !statuses.includes(429); i++) {
      statuses.push((await guesser().signIn(`guess-${i}-xxxxxxxxxxxxxxxx`)).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });
});

describe("headers", () => {
  it("pages allow no inline script, no framing, no caching; the script is served from our origin", async () => {
    const client = await new ConsoleClient().signedIn();
    for (const path of ["/console", day()]) {
      const response = await client.get(path);
      const csp = response.headers.get("content-security-policy")!;
      expect(csp).toMatch(/^default-src 'none'; script-src 'self'; style-src 'sha256-[^']+' 'sha256-[^']+';/);
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
    }
    const script = await SELF.fetch(`${ORIGIN}/console/console.js`);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toContain("navigator.clipboard");
  });
});

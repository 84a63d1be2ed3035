import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/index.ts";
import { TICK } from "../../src/cron/scheduled.ts";
import { beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { addDays, localDate, localTimeToEpoch } from "../../src/domain/local-time.ts";
import { seedDemo, setFaults, sheetsCall, TOKEN } from "./support/emulator.ts";
import { NOW } from "./support/clock.ts";

// Personal sign-up links (/s/{code}) against the seeded demo. The page's clock is fixed at noon
// today in Shanghai (sign-ups for tomorrow open), or moved to the 21:00 cut-off, through
// buildApp({ now }); background sheet writes are awaited with waitOnExecutionContext.
const SHEET = "demo-compound";
const ORIGIN = "http://local";
const TZ = "Asia/Shanghai";
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const today = localDate(NOW, TZ);
const tomorrow = addDays(today, 1);
const NOON = localTimeToEpoch(today, "12:00", TZ);
const CUTOFF = localTimeToEpoch(today, "21:00", TZ);

interface Issued {
  links: Array<{ volunteerId: string; name: string; url: string | null; created: boolean }>;
  skipped: Array<{ volunteerId: string; zh: string; en: string }>;
}

beforeEach(async () => {
  const tables = ["signup_links", "link_signups", "signup_flush", "publications", "snapshots", "audit_log"];
  await env.DB.batch(tables.map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  await seedDemo(SHEET);
  await setFaults(SHEET, { failureRate: 0, down: false });
});

async function issue(volunteerIds?: string[]): Promise<Issued> {
  const response = await SELF.fetch(`${ORIGIN}/api/demo/signups/links`, {
    method: "POST",
    headers: auth,
    body: volunteerIds ? JSON.stringify({ volunteerIds }) : "",
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** Pool volunteers (active, demo roster) not signed up for tomorrow in the seeded sheet. */
async function freeVolunteers(): Promise<string[]> {
  const rows = await signupRows();
  const signed = new Set(rows.filter((r) => r[0] === tomorrow).map((r) => r[1]));
  return ["V001", "V002", "V004", "V005", "V006", "V007", "V008", "V009", "V010"].filter((id) => !signed.has(id));
}

async function signupRows(): Promise<string[][]> {
  const response = await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent("'报名 Signups'")}`);
  return ((await response.json()) as { values?: string[][] }).values ?? [];
}

/** A request through the Worker with the clock at `now`, waiting for its background work. */
async function at(now: number, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await buildApp({ now: () => now }).fetch(new Request(`${ORIGIN}${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function tokenOf(path: string, now = NOON): Promise<string> {
  const html = await (await at(now, path)).text();
  const token = /name="t" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no form on ${path}`);
  return token;
}

async function signUp(
  path: string,
  availability: string,
  options: { now?: number; token?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const now = options.now ?? NOON;
  const token = options.token ?? (await tokenOf(path, now));
  return at(now, path, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, ...options.headers },
    body: new URLSearchParams({ t: token, availability }),
  });
}

const pathOf = (url: string | null) => new URL(url!).pathname;

describe("personal sign-up links: issuing", () => {
  it("gives every requested active volunteer one link, the same one when asked again", async () => {
    const [a, b] = await freeVolunteers();
    const first = await issue([a!, b!, "V999", "V073"]);
    expect(first.links.map((l) => [l.volunteerId, l.created])).toEqual([
      [a, true],
      [b, true],
    ]);
    expect(first.links[0]!.url).toMatch(/^http:\/\/local\/s\/[2-9a-zA-Z]{12}$/);
    expect(first.skipped.map((s) => s.volunteerId)).toEqual(["V999", "V073"]);
    expect(first.skipped[1]!.zh).toContain("不在册");

    const again = await issue([a!, b!]);
    expect(again.links.map((l) => [l.url, l.created])).toEqual(first.links.map((l) => [l.url, false]));
    const audit = await env.DB.prepare("SELECT subject FROM audit_log WHERE action = 'signup_link.issue'").all();
    expect(audit.results).toEqual([{ subject: a }, { subject: b }]);
    // Codes are stored hashed and sealed, never in clear.
    const stored = await env.DB.prepare("SELECT code_hash, code_sealed FROM signup_links").all<{
      code_hash: string;
      code_sealed: string;
    }>();
    const code = pathOf(first.links[0]!.url).slice(3);
    expect(JSON.stringify(stored.results)).not.toContain(code);
  });

  it("issues to the whole active roster when no IDs are given", async () => {
    const all = await issue();
    expect(all.links.length).toBe(320 - 8); // the demo roster has 8 inactive volunteers
    expect(new Set(all.links.map((l) => l.url)).size).toBe(all.links.length);
  });
});

describe("GET/POST /s/{code}", () => {
  it("shows the volunteer's name and tomorrow, signs up once, and the row reaches the Signups tab", async () => {
    const [id] = await freeVolunteers();
    const { links } = await issue([id!]);
    const path = pathOf(links[0]!.url);
    const page = await at(NOON, path);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain(links[0]!.name);
    expect(html).toContain("明日志愿者报名");
    expect(html).toMatch(/name="availability" value="am"/);
    const before = (await signupRows()).length;

    const response = await signUp(path, "am");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(path);
    const stored = await env.DB.prepare("SELECT date, availability, sheet_at FROM link_signups WHERE volunteer_id = ?")
      .bind(id)
      .first<{ date: string; availability: string; sheet_at: number | null }>();
    expect(stored).toMatchObject({ date: tomorrow, availability: "am" });
    expect(stored!.sheet_at).not.toBeNull();
    const rows = await signupRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)!.slice(0, 6)).toEqual([tomorrow, id, links[0]!.name, "上午 AM", "", "报名链接 sign-up link"]);

    const signed = await (await at(NOON, path)).text();
    expect(signed).toContain("已报名");
    expect(signed).not.toContain('name="availability"');

    // A second tap changes nothing: the first sign-up stands, no second row.
    expect((await signUp(path, "pm", { token: /name="t" value="([^"]+)"/.exec(html)![1]! })).status).toBe(303);
    expect(await signupRows()).toHaveLength(before + 1);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM link_signups").first<{ n: number }>();
    expect(count!.n).toBe(1);
    const audit = await env.DB.prepare("SELECT actor, subject FROM audit_log WHERE action = 'signup.link'").all();
    expect(audit.results).toEqual([{ actor: `volunteer:${id}`, subject: `${tomorrow}/${id}` }]);

    // The same volunteer in tonight's chain: already present, not added again.
    const chain = await SELF.fetch(`${ORIGIN}/api/demo/signups/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "text/plain" },
      body: `#接龙\n明天志愿者\n1. ${links[0]!.name} 全天`,
    });
    expect(await chain.json()).toMatchObject({ added: 0, alreadyPresent: 1 });
  });

  it("is safe in D1 when the sheet is down, and reaches the sheet once it is back", async () => {
    const [id] = await freeVolunteers();
    const { links } = await issue([id!]);
    const path = pathOf(links[0]!.url);
    const token = await tokenOf(path);
    const before = (await signupRows()).length;
    await setFaults(SHEET, { down: true });
    expect((await signUp(path, "all_day", { token })).status).toBe(303);
    const pending = await env.DB.prepare("SELECT sheet_at FROM link_signups").first<{ sheet_at: number | null }>();
    expect(pending!.sheet_at).toBeNull();
    expect(await (await at(NOON, path)).text()).toContain("已报名");

    await setFaults(SHEET, { down: false });
    const flushed = await SELF.fetch(`${ORIGIN}/api/demo/signups/links/flush`, { method: "POST", headers: auth });
    expect(await flushed.json()).toMatchObject({ status: "written", appended: 1, pending: 0 });
    expect(await signupRows()).toHaveLength(before + 1);
  });

  it("waiting in D1 when the sheet was down, joins tomorrow's plan at the evening publish", async () => {
    const runs = ["job_runs", "job_attempts", "plans", "assignments", "links"];
    await env.DB.batch(runs.map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
    const [id] = await freeVolunteers();
    const { links } = await issue([id!]);
    const path = pathOf(links[0]!.url);
    const token = await tokenOf(path);
    await setFaults(SHEET, { down: true });
    expect((await signUp(path, "all_day", { token })).status).toBe(303);
    await setFaults(SHEET, { down: false });

    // Nothing else flushes it: the 21:00 tick must put it in the sheet before planning.
    const ctx = createExecutionContext();
    // JOBS unbound: the tick runs the jobs itself (tests/workers/queue-fan-out.test.ts covers the queue).
    await worker.scheduled(
      createScheduledController({ scheduledTime: CUTOFF, cron: TICK }),
      { ...env, JOBS: undefined },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const run = await env.DB.prepare("SELECT status, steps FROM job_runs WHERE job = 'publish' AND date = ?")
      .bind(tomorrow)
      .first<{ status: string; steps: string }>();
    expect(run).toMatchObject({ status: "done" });
    expect(JSON.parse(run!.steps)).toContain("signups");
    expect((await signupRows()).filter((r) => r[0] === tomorrow && r[1] === id)).toHaveLength(1);
    const assigned = await env.DB.prepare(
      "SELECT count(*) AS n FROM assignments WHERE community = 'demo' AND date = ? AND volunteer_id = ?",
    )
      .bind(tomorrow, id)
      .first<{ n: number }>();
    expect(assigned!.n).toBe(1);
  });

  it("is closed after the evening cut-off: the page says so and a sign-up answers 409", async () => {
    const [id] = await freeVolunteers();
    const { links } = await issue([id!]);
    const path = pathOf(links[0]!.url);
    const token = await tokenOf(path, CUTOFF - 60_000);
    const page = await (await at(CUTOFF, path)).text();
    expect(page).toContain("报名已截止");
    expect(page).toContain("21:00");
    expect(page).not.toContain('name="availability"');
    const late = await signUp(path, "all_day", { now: CUTOFF, token });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("报名已截止");
    // A minute before, the same form goes through.
    expect((await signUp(path, "all_day", { now: CUTOFF - 60_000, token })).status).toBe(303);
  });

  it("is closed once tomorrow's plan is published", async () => {
    const [id] = await freeVolunteers();
    const { links } = await issue([id!]);
    const path = pathOf(links[0]!.url);
    const token = await tokenOf(path);
    await env.DB.prepare(
      "INSERT INTO publications (community, date, version, published_at, actor, input, details, message_parts) VALUES ('demo', ?, 1, '', 'organizer', '{}', '{}', 1)",
    )
      .bind(tomorrow)
      .run();
    const page = await (await at(NOON, path, { headers: { "accept-language": "en" } })).text();
    expect(page).toContain("的分工已经发布，报名已截止。");
    expect((await signUp(path, "am", { token })).status).toBe(409);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM link_signups").first()).toEqual({ n: 0 });
  });

  it("stops working when revoked (410), and a new link works", async () => {
    const [id] = await freeVolunteers();
    const { links } = await issue([id!]);
    const old = pathOf(links[0]!.url);
    const token = await tokenOf(old);
    const revoke = await SELF.fetch(`${ORIGIN}/api/demo/signups/links/${id}/revoke`, { method: "POST", headers: auth });
    expect(await revoke.json()).toEqual({ volunteerId: id, revoked: true });
    const gone = await at(NOON, old);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("这个报名链接已停用");
    expect((await signUp(old, "am", { token })).status).toBe(410);
    const again = await SELF.fetch(`${ORIGIN}/api/demo/signups/links/${id}/revoke`, { method: "POST", headers: auth });
    expect(again.status).toBe(404);

    const reissued = await issue([id!]);
    const fresh = pathOf(reissued.links[0]!.url);
    expect(fresh).not.toBe(old);
    expect(reissued.links[0]!.created).toBe(true);
    expect((await signUp(fresh, "am")).status).toBe(303);
    expect((await at(NOON, old)).status).toBe(410);
  });

  it("refuses forged, foreign and malformed posts, unknown codes and inactive volunteers", async () => {
    const [id, other] = await freeVolunteers();
    const { links } = await issue([id!, other!]);
    const path = pathOf(links[0]!.url);
    expect((await signUp(path, "am", { token: "forged-token-forged" })).status).toBe(403);
    expect((await signUp(path, "am", { headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect((await signUp(path, "am", { headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    // Another volunteer's token does not sign this one up.
    const otherToken = await tokenOf(pathOf(links[1]!.url));
    expect((await signUp(path, "am", { token: otherToken })).status).toBe(403);
    expect((await signUp(path, "evening")).status).toBe(400);
    expect((await at(NOON, "/s/abcdefghijkm")).status).toBe(404);
    expect((await at(NOON, "/s/not-a-code")).status).toBe(404);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM link_signups").first()).toEqual({ n: 0 });

    // Marked inactive on the roster after the link was issued: refused after the next sync.
    const volunteers = await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent("'志愿者 Volunteers'!A:G")}`);
    const rowIndex = ((await volunteers.json()) as { values: string[][] }).values.findIndex((r) => r[0] === id);
    await sheetsCall(
      SHEET,
      "PUT",
      `/values/${encodeURIComponent(`'志愿者 Volunteers'!G${rowIndex + 1}`)}?valueInputOption=RAW`,
      { values: [["否 No"]] },
    );
    expect((await SELF.fetch(`${ORIGIN}/api/demo/sync`, { method: "POST", headers: auth })).status).toBe(200);
    const paused = await signUp(path, "am");
    expect(paused.status).toBe(403);
    expect(await paused.text()).toContain("不在册");
  });

  it("needs the organizer token to issue, revoke or flush", async () => {
    for (const path of [
      "/api/demo/signups/links",
      "/api/demo/signups/links/V001/revoke",
      "/api/demo/signups/links/flush",
    ]) {
      expect((await SELF.fetch(`${ORIGIN}${path}`, { method: "POST" })).status).toBe(401);
    }
  });
});

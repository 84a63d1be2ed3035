import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { TICK } from "../../src/cron/scheduled.ts";
import { runJob } from "../../src/cron/run-job.ts";
import { addDays, localTimeToEpoch } from "../../src/domain/local-time.ts";
import { seedDemo, setFaults } from "./support/emulator.ts";
import { NOW, today } from "./support/clock.ts";

const SHEET = "demo-compound";
const WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-key";
const at = (date: string, time: string) => localTimeToEpoch(date, time, "Asia/Shanghai");

/** A local receiver for webhook posts: every Worker fetch to the WeCom host lands here. */
function receiver() {
  const posts: Array<{
    url: string;
    body: { msgtype: string; text: { content: string; mentioned_mobile_list?: string[] } };
  }> = [];
  const real = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (request.url.startsWith("https://qyapi.weixin.qq.com/")) {
      posts.push({ url: request.url, body: await request.json() });
      return Response.json({ errcode: 0, errmsg: "ok" });
    }
    return real(input, init);
  });
  return posts;
}

async function tick(scheduledTime: number, extra: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  // JOBS unbound: the tick runs the jobs itself (the queue fan-out has its own tests).
  const testEnv = { ...env, JOBS: undefined, NOTIFY_WEBHOOKS: JSON.stringify({ demo: { wecom: WECOM } }), ...extra };
  await worker.scheduled(createScheduledController({ scheduledTime, cron: TICK }), testEnv, ctx);
  await waitOnExecutionContext(ctx);
}

async function run(job: string, date: string) {
  return env.DB.prepare(
    "SELECT status, attempts, steps, outcome FROM job_runs WHERE community = 'demo' AND job = ? AND date = ?",
  )
    .bind(job, date)
    .first<{ status: string; attempts: number; steps: string; outcome: string }>();
}

/** Each test starts from empty system tables: D1 is shared by the tests of one file. */
beforeEach(async () => {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'd1_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'",
  ).all<{ name: string }>();
  await env.DB.batch(results.map((r) => env.DB.prepare(`DELETE FROM "${r.name}"`)));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await setFaults(SHEET, {});
});

describe("scheduled(): the evening publish", () => {
  it("at 21:00 Shanghai publishes tomorrow once, posts the group message, and a second tick changes nothing", async () => {
    await seedDemo(SHEET);
    const posts = receiver();
    const tomorrow = addDays(today(), 1);
    await tick(at(today(), "21:00"));
    const first = await run("publish", tomorrow);
    expect(first).toMatchObject({ status: "done", attempts: 1 });
    expect(JSON.parse(first!.steps)).toEqual(["check", "signups", "paste", "generate", "publish", "notify"]);
    const plans = await env.DB.prepare("SELECT version, status FROM plans WHERE community='demo' AND date = ?")
      .bind(tomorrow)
      .all();
    expect(plans.results).toEqual([{ version: 1, status: "published" }]);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]!.body.msgtype).toBe("text");
    expect(posts.map((p) => p.body.text.content).join("\n")).toContain("/c/");

    // Cloudflare may run the tick again; the next tick comes 15 minutes later.
    const sent = posts.length;
    await tick(at(today(), "21:00"));
    await tick(at(today(), "21:15"));
    expect(posts.length).toBe(sent);
    expect(await run("publish", tomorrow)).toMatchObject({ status: "done", attempts: 1 });
    const links = await env.DB.prepare("SELECT count(*) AS n FROM links WHERE community='demo' AND date = ?")
      .bind(tomorrow)
      .first<{ n: number }>();
    expect(links!.n).toBe(120);
  });

  it("after an organizer already published, keeps their version and links and posts nothing", async () => {
    await seedDemo(SHEET);
    const tomorrow = addDays(today(), 1);
    const auth = { authorization: `Bearer ${env.ORGANIZER_TOKEN}` };
    const { SELF } = await import("cloudflare:test");
    await SELF.fetch(`http://local/api/demo/plans/${tomorrow}/generate`, { method: "POST", headers: auth });
    const manual = await SELF.fetch(`http://local/api/demo/plans/${tomorrow}/publish`, {
      method: "POST",
      headers: auth,
    });
    expect(manual.status).toBe(200);
    const posts = receiver();
    await tick(at(today(), "21:00"));
    expect(JSON.parse((await run("publish", tomorrow))!.outcome)).toMatchObject({ skipped: "already_published" });
    // Only today's digest (due all evening) may go out; no second group message for tomorrow.
    expect(posts.filter((p) => !p.body.text.content.includes("日报"))).toEqual([]);
  });

  it("resumes on the next tick after the sheet could not be reached, and records both attempts", async () => {
    await seedDemo(SHEET);
    receiver();
    const tomorrow = addDays(today(), 1);
    // As when the sheet is not shared with the service account (403: not retried, fails at once).
    await setFaults(SHEET, { denyAccess: true });
    await tick(at(today(), "21:00"));
    expect(await run("publish", tomorrow)).toMatchObject({ status: "failed", attempts: 1 });
    await setFaults(SHEET, { denyAccess: false });
    await tick(at(today(), "21:15"));
    expect(await run("publish", tomorrow)).toMatchObject({ status: "done", attempts: 2 });
    const attempts = await env.DB.prepare(
      "SELECT result FROM job_attempts WHERE community='demo' AND job='publish' AND date = ? ORDER BY id",
    )
      .bind(tomorrow)
      .all<{ result: string }>();
    expect(attempts.results.map((r) => r.result)).toEqual(["failed", "done"]);
  });
});

describe("scheduled(): morning chase and digest", () => {
  it("reminds the unanswered with @mentions at 06:30 and sends the digest at 09:00", async () => {
    await seedDemo(SHEET);
    const posts = receiver();
    const tomorrow = addDays(today(), 1);
    await tick(at(today(), "21:00"));
    posts.length = 0;
    await tick(at(tomorrow, "06:30"));
    const chase = await run("chase", tomorrow);
    expect(chase).toMatchObject({ status: "done" });
    expect(JSON.parse(chase!.outcome)).toMatchObject({ atRisk: 120 });
    const reminder = posts.at(-1)!.body.text;
    expect(posts.map((p) => p.body.text.content).join("\n")).toContain("还没回复的志愿者");
    expect(reminder.mentioned_mobile_list).toHaveLength(120);

    await tick(at(tomorrow, "09:00"));
    const digest = JSON.parse((await run("digest", tomorrow))!.outcome) as { text: string };
    expect(digest.text).toContain("覆盖：32/32");
    expect(digest.text).toContain("防护服");
  });

  it("runs a second community on its own clock", async () => {
    await env.DB.prepare(
      "INSERT INTO communities (slug, name, spreadsheet_id, time_zone, created_at) VALUES ('ny', 'NY block', 'ny-sheet', 'America/New_York', '2026-01-01')",
    ).run();
    receiver();
    // 13:00 UTC: 21:00 in Shanghai (publish) but 08:00 or 09:00 in New York (chase or digest).
    const instant = Date.UTC(2026, 6, 1, 13, 0);
    await tick(instant);
    const ny = await env.DB.prepare("SELECT job, date FROM job_runs WHERE community = 'ny'").all<{
      job: string;
      date: string;
    }>();
    expect(ny.results).toEqual([{ job: "digest", date: "2026-07-01" }]);
    const demo = await env.DB.prepare("SELECT job, date FROM job_runs WHERE community = 'demo'").all<{
      job: string;
      date: string;
    }>();
    expect(demo.results).toContainEqual({ job: "publish", date: "2026-07-02" });
  });
});

describe("scheduled(): bad days", () => {
  it("publishes nothing when no sign-up is valid, and tells the organizers why", async () => {
    await seedDemo(SHEET);
    const posts = receiver();
    const tomorrow = addDays(today(), 1);
    // Every sign-up's date becomes unreadable: no valid volunteer for tomorrow.
    const { sheetsCall } = await import("./support/emulator.ts");
    const rows = Array.from({ length: 120 }, () => ["明后天"]);
    await sheetsCall(SHEET, "PUT", `/values/${encodeURIComponent("'报名 Signups'!A2")}?valueInputOption=RAW`, {
      values: rows,
    });
    await tick(at(today(), "21:00"));
    const outcome = JSON.parse((await run("publish", tomorrow))!.outcome) as { published: boolean; reason: string };
    expect(outcome).toMatchObject({ published: false, reason: "no_valid_volunteers" });
    const links = await env.DB.prepare("SELECT count(*) AS n FROM links WHERE community='demo'").first<{ n: number }>();
    expect(links!.n).toBe(0);
    const told = posts.map((p) => p.body.text.content).find((t) => t.includes("没有可排班的有效报名"));
    expect(told).toContain("“问题”表");
  });

  it("retries a webhook that failed on the next tick, without sending a part twice", async () => {
    await seedDemo(SHEET);
    const tomorrow = addDays(today(), 1);
    const posts: string[] = [];
    let down = true;
    const real = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      if (!request.url.startsWith("https://qyapi.weixin.qq.com/")) return real(input, init);
      if (down) return new Response("bad gateway", { status: 502 });
      posts.push(((await request.json()) as { text: { content: string } }).text.content);
      return Response.json({ errcode: 0, errmsg: "ok" });
    });
    await tick(at(tomorrow, "09:00")); // the digest: the webhook is down
    const failed = await env.DB.prepare("SELECT status, attempts FROM notifications WHERE kind = 'digest'").all<{
      status: string;
    }>();
    expect(failed.results.every((r) => r.status === "failed")).toBe(true);
    // The run stays open (failed at its notify step) so the next tick tries the message again.
    expect(await run("digest", tomorrow)).toMatchObject({ status: "failed" });
    down = false;
    await tick(at(tomorrow, "09:15"));
    expect(await run("digest", tomorrow)).toMatchObject({ status: "done", attempts: 2 });
    await tick(at(tomorrow, "09:30"));
    expect(posts.filter((p) => p.includes("日报"))).toHaveLength(1);
    const sent = await env.DB.prepare("SELECT status, attempts FROM notifications WHERE kind = 'digest'").all<{
      status: string;
      attempts: number;
    }>();
    expect(sent.results).toEqual([{ status: "sent", attempts: 2 }]);
  });
});

describe("a job that fails midway", () => {
  it("skips the steps an earlier attempt completed", async () => {
    const key = { community: "demo", job: "test", date: "2022-04-19" };
    const calls: string[] = [];
    let failOnce = true;
    const job = async (step: <T>(name: string, work: () => Promise<T>) => Promise<T | undefined>) => {
      await step("a", async () => calls.push("a"));
      await step("b", async () => {
        calls.push("b");
        if (failOnce) {
          failOnce = false;
          throw new Error("boom");
        }
      });
      return { ok: true };
    };
    expect(await runJob(env.DB, key, NOW, job)).toMatchObject({ result: "failed", error: "boom" });
    expect(await runJob(env.DB, key, NOW, job)).toMatchObject({ result: "done" });
    expect(calls).toEqual(["a", "b", "b"]);
    expect(await runJob(env.DB, key, NOW, job)).toMatchObject({ result: "skipped" });
  });
});

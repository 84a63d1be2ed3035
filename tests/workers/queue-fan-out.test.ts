/**
 * The evening on Cloudflare Queues: the tick only enqueues one message per due job; the consumer
 * runs each on its own, so a community whose sheet fails is retried later while the others
 * publish; a message delivered twice publishes once; what runs out of retries is kept for the
 * console.
 */
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEAD_JOBS_QUEUE, JOBS_QUEUE, retryDelaySeconds, type JobMessage } from "../../src/cron/fan-out.ts";
import { TICK } from "../../src/cron/scheduled.ts";
import { localTimeToEpoch } from "../../src/domain/local-time.ts";
import worker from "../../src/index.ts";
import { tokenHash } from "../../src/routes/organizer-auth.ts";
import { today, tomorrow, TZ } from "./support/clock.ts";
import { ConsoleClient, textOf } from "./support/console.ts";
import { seedDemo, setFaults } from "./support/emulator.ts";
import { resetDay, SHEET } from "./support/links.ts";

const OTHER_SHEET = "queue-other-sheet";
const PUBLISH_AT = localTimeToEpoch(today(), "21:00", TZ);

beforeAll(async () => {
  await seedDemo(OTHER_SHEET);
  await env.DB.prepare(
    "INSERT OR REPLACE INTO communities (slug, name, spreadsheet_id, time_zone, created_at, token_hash) VALUES ('queue-other', '另一个小区', ?, 'Asia/Shanghai', '2026-01-01', ?)",
  )
    .bind(OTHER_SHEET, await tokenHash("queue-other-token-0123456789abcdef"))
    .run();
});
beforeEach(resetDay);
beforeEach(() => env.DB.prepare("DELETE FROM job_runs").run());
beforeEach(() => seedDemo(SHEET));

const publishOf = (community: string): JobMessage => ({
  community,
  job: "publish",
  date: tomorrow(),
  scheduledTime: PUBLISH_AT,
});

async function deliver(queue: string, bodies: JobMessage[], attempts = 1) {
  const batch = createMessageBatch<JobMessage>(
    queue,
    bodies.map((body, i) => ({
      id: `${body.community}-${i}-${attempts}`,
      timestamp: new Date(PUBLISH_AT),
      attempts,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

const publications = (community: string) =>
  env.DB.prepare("SELECT count(*) AS n FROM publications WHERE community = ? AND date = ?")
    .bind(community, tomorrow())
    .first<{ n: number }>()
    .then((r) => r?.n ?? 0);

describe("the evening fanned out on Cloudflare Queues", () => {
  it("the 21:00 tick only enqueues: one message per due job, nothing run", async () => {
    const sent: JobMessage[] = [];
    const jobs = {
      send: async (body: JobMessage) => void sent.push(body),
      sendBatch: async (messages: Iterable<MessageSendRequest<JobMessage>>) => {
        for (const m of messages) sent.push(m.body);
      },
    } as unknown as Queue<JobMessage>;
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: PUBLISH_AT, cron: TICK }),
      { ...env, JOBS: jobs },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(sent).toEqual(
      expect.arrayContaining([publishOf("demo"), publishOf("queue-other")].map((m) => expect.objectContaining(m))),
    );
    expect(new Set(sent.map((m) => `${m.community}/${m.job}/${m.date}`)).size).toBe(sent.length);
    expect(await publications("demo")).toBe(0);
  });

  it("a community whose sheet fails is retried later; the others publish meanwhile", async () => {
    // Its sheet is no longer shared with ZoneCrew (403: no slow retries inside the job).
    await setFaults(OTHER_SHEET, { denyAccess: true });
    try {
      const result = await deliver(JOBS_QUEUE, [publishOf("queue-other"), publishOf("demo")]);
      expect(result.explicitAcks).toEqual(["demo-1-1"]);
      expect(result.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(["queue-other-0-1"]);
      // Retried in 1, 2, 4 … minutes, at most 15 (the next tick would enqueue it anyway).
      expect([1, 2, 3, 6].map(retryDelaySeconds)).toEqual([60, 120, 240, 900]);
      expect(await publications("demo")).toBe(1);
      expect(await publications("queue-other")).toBe(0);
    } finally {
      await setFaults(OTHER_SHEET, {});
    }
    // The retry, once the sheet is back, resumes the job and publishes.
    const retried = await deliver(JOBS_QUEUE, [publishOf("queue-other")], 2);
    expect(retried.explicitAcks).toEqual(["queue-other-0-2"]);
    expect(await publications("queue-other")).toBe(1);
  });

  it("runs a batch's jobs side by side: a slow sheet does not hold up the others", async () => {
    // Delivered first, the slow compound (a second per Sheets call, several calls) would make the
    // other wait for it in a batch run one job after another. The Worker's clock is pinned in
    // these tests, so the order in which the jobs report done tells.
    const done: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: unknown) => {
      if (typeof line === "string" && line.startsWith("[queue]")) done.push(line);
    });
    await setFaults(OTHER_SHEET, { latencyMs: 1_000 });
    try {
      const result = await deliver(JOBS_QUEUE, [publishOf("queue-other"), publishOf("demo")]);
      expect(result.explicitAcks).toEqual(["queue-other-0-1", "demo-1-1"]);
    } finally {
      await setFaults(OTHER_SHEET, {});
      log.mockRestore();
    }
    expect(done).toEqual([
      `[queue] demo publish ${tomorrow()}: done`,
      `[queue] queue-other publish ${tomorrow()}: done`,
    ]);
    expect(await publications("demo")).toBe(1);
    expect(await publications("queue-other")).toBe(1);
  });

  it("the same job delivered twice in one batch publishes once", async () => {
    const result = await deliver(JOBS_QUEUE, [publishOf("demo"), publishOf("demo")]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(await publications("demo")).toBe(1);
  });

  it("a message delivered twice publishes once", async () => {
    await deliver(JOBS_QUEUE, [publishOf("demo")]);
    const again = await deliver(JOBS_QUEUE, [publishOf("demo")], 2);
    expect(again.explicitAcks).toHaveLength(1);
    expect(await publications("demo")).toBe(1);
    const run = await env.DB.prepare(
      "SELECT status, attempts FROM job_runs WHERE community = 'demo' AND job = 'publish'",
    ).first<{ status: string; attempts: number }>();
    expect(run).toEqual({ status: "done", attempts: 1 });
  });

  it("a job that ran out of retries is kept and shown in the console until it runs", async () => {
    await env.DB.prepare("DELETE FROM dead_jobs").run();
    const result = await deliver(DEAD_JOBS_QUEUE, [publishOf("demo")], 7);
    expect(result.explicitAcks).toHaveLength(1);
    const organizer = await new ConsoleClient().signedIn();
    const page = textOf((await organizer.open(`/console/${tomorrow()}`)).html);
    expect(page).toContain("有自动任务没有完成");
    expect(page).toContain(`${tomorrow()}：晚上发布分工试了 7 次都没成功`);
    // Once the job has run (here: the queue delivers it again after the fix), the notice goes.
    await deliver(JOBS_QUEUE, [publishOf("demo")], 8);
    expect(textOf((await organizer.open(`/console/${tomorrow()}`)).html)).not.toContain("有自动任务没有完成");
  });
});

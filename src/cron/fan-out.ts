/**
 * The evening fanned out on Cloudflare Queues.
 *
 * One `scheduled()` invocation used to run every community's publish one after another: fifty
 * compounds in the same minute, each waiting for the last, and a slow sheet delayed them all.
 * Now the tick only enqueues one message per due (community, job, date); the queue consumer runs
 * each job on its own with retries (backoff, then the dead-letter queue, whose messages are kept
 * in D1 and shown in the console). The jobs' exactly-once ledger (src/cron/run-job.ts) still
 * decides: a message delivered twice finds its job done and skips it, a job that failed midway
 * resumes at its next step. Without a JOBS binding (tests calling runScheduled, a deployment
 * without queues) the tick runs the jobs itself, as before.
 */
import { listCommunities } from "../community.ts";
import { dueJobs, type JobKind } from "../domain/schedule.ts";
import type { Bindings, ServiceDeps } from "../env.ts";
import { recordDeadJob } from "../store/dead-jobs.ts";
import { runDueJob, tickServices } from "./scheduled.ts";

export interface JobMessage {
  community: string;
  job: JobKind;
  date: string;
  /** The tick that found the job due: the job's "now", so a retry plans the same day. */
  scheduledTime: number;
}

export const JOBS_QUEUE = "zonecrew-jobs";
export const DEAD_JOBS_QUEUE = "zonecrew-jobs-dlq";

/** Retry delays grow 1, 2, 4 … minutes, at most 15 (the next tick would try again anyway). */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(15 * 60, 60 * 2 ** Math.max(0, attempts - 1));
}

/** The tick: one message per due job of every community. Returns what was enqueued. */
export async function enqueueDue(
  env: Bindings & { JOBS: Queue<JobMessage> },
  scheduledTime: number,
  cron: string,
): Promise<JobMessage[]> {
  const services = tickServices(env, scheduledTime, cron);
  if (!services) return [];
  const messages: JobMessage[] = [];
  for (const community of await listCommunities(env.DB, services.vars)) {
    for (const due of dueJobs(scheduledTime, community.timeZone, community.times)) {
      messages.push({ community: community.slug, job: due.job, date: due.date, scheduledTime });
    }
  }
  // sendBatch takes at most 100 messages.
  for (let i = 0; i < messages.length; i += 100) {
    await env.JOBS.sendBatch(messages.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
  }
  console.log(`[cron] enqueued ${messages.length} job(s) for ${new Date(scheduledTime).toISOString()}`);
  return messages;
}

/**
 * The consumer: each message's job on its own, the batch's jobs side by side. One compound's slow
 * or failing sheet must not hold up the nine others delivered with it (a batch run one job after
 * another made a 50-compound evening under --faults publish the last compounds after 22:00); the
 * governor still meters every Sheets call, and a job's D1 claim keeps it exactly-once when the
 * same job is delivered twice at once. A failed job is retried later; the rest are acknowledged.
 */
export async function consumeJobs(
  batch: MessageBatch<JobMessage>,
  env: Bindings,
  deps: ServiceDeps = {},
): Promise<void> {
  const run = async (message: Message<JobMessage>) => {
    const { community, job, date, scheduledTime } = message.body;
    try {
      const report = await runDueJob(env, { community, job, date }, scheduledTime, deps);
      if (report.result === "failed") {
        console.error(`[queue] ${community} ${job} ${date}: ${report.error}`);
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      } else {
        console.log(`[queue] ${community} ${job} ${date}: ${report.result}`);
        message.ack();
      }
    } catch (error) {
      console.error(`[queue] ${community} ${job} ${date}:`, error);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  };
  await Promise.all(batch.messages.map(run));
}

/** The dead-letter queue's consumer: keep every message where the organizers can see it. */
export async function keepDeadJobs(batch: MessageBatch<JobMessage>, env: Bindings, now: number): Promise<void> {
  for (const message of batch.messages) {
    await recordDeadJob(env.DB, message.body, message.attempts, new Date(now).toISOString());
    message.ack();
  }
}

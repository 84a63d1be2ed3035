/** Worker entry: the HTTP app, the cron tick, and the Durable Object classes wrangler binds. */
import { buildApp } from "./app.ts";
import { consumeJobs, DEAD_JOBS_QUEUE, enqueueDue, keepDeadJobs, type JobMessage } from "./cron/fan-out.ts";
import { runScheduled } from "./cron/scheduled.ts";
import type { Bindings } from "./env.ts";

export { SheetsEmulator } from "./emulator/durable-object.ts";
export { SheetsOutbox } from "./sheets/outbox.ts";
export { SheetsGovernor } from "./sheets/governor.ts";
export { EmulatorQuota } from "./emulator/quota-object.ts";

const app = buildApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    // With the queue bound, the tick only enqueues; each job then runs on its own.
    const { JOBS } = env;
    ctx.waitUntil(
      JOBS
        ? enqueueDue({ ...env, JOBS }, controller.scheduledTime, controller.cron)
        : runScheduled(env, controller.scheduledTime, controller.cron),
    );
  },
  async queue(batch, env, _ctx) {
    if (batch.queue === DEAD_JOBS_QUEUE) return keepDeadJobs(batch, env, Date.now());
    return consumeJobs(batch, env);
  },
} satisfies ExportedHandler<Bindings, JobMessage>;

/** Worker entry: the HTTP app, the cron tick, and the Durable Object classes wrangler binds. */
import { buildApp } from "./app.ts";
import { runScheduled } from "./cron/scheduled.ts";
import type { Bindings } from "./env.ts";

export { SheetsEmulator } from "./emulator/durable-object.ts";
export { SheetsOutbox } from "./sheets/outbox.ts";
export { SheetsGovernor } from "./sheets/governor.ts";

const app = buildApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, controller.scheduledTime, controller.cron));
  },
} satisfies ExportedHandler<Bindings>;

/** Worker entry: the HTTP app, and the Durable Object classes wrangler binds. */
import { buildApp } from "./app.ts";
import type { Bindings } from "./env.ts";

export { SheetsEmulator } from "./emulator/durable-object.ts";
export { SheetsOutbox } from "./sheets/outbox.ts";

const app = buildApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Bindings>;

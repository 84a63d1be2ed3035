/**
 * Builds the Hono app: services from env on every request, the sub-apps, and one error handler
 * that maps known failures to `{ error: { code, message, zh, en } }` and everything else to a
 * plain 500 (STYLE.md §5).
 */
import { Hono } from "hono";
import { ApiError } from "./api-error.ts";
import type { AppEnv } from "./app-env.ts";
import { emulatorRoutes } from "./emulator/app.tsx";
import { buildServices, ConfigError, type ServiceDeps } from "./env.ts";
import { api } from "./routes/api.ts";
import { configErrorResponse } from "./routes/config-error.tsx";
import { consoleRoutes } from "./routes/console.tsx";
import { health } from "./routes/health.ts";
import { links } from "./routes/links.tsx";
import { openapi } from "./routes/openapi.ts";
import { plans } from "./routes/plans.ts";
import { securityHeaders } from "./routes/security-headers.ts";
import { SheetsError } from "./sheets/sheets-error.ts";

/** `deps` lets tests move the clock (link expiry, answer cut-off) without touching production. */
export function buildApp(deps: ServiceDeps = {}) {
  const app = new Hono<AppEnv>();
  app.use(securityHeaders);
  app.use(async (c, next) => {
    c.set("services", buildServices(c.env, deps));
    await next();
  });
  app.route("/", health);
  app.route("/", openapi); // before api: its /api/:community token check must not see openapi.json
  app.route("/", api);
  app.route("/", plans);
  app.route("/", links);
  app.route("/", consoleRoutes);
  app.route("/", emulatorRoutes);
  app.notFound((c) => c.json(new ApiError(404, "not_found", "没有这个地址。", "Not found.").toBody(), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status);
    if (error instanceof SheetsError) {
      // The spreadsheet, not the caller, failed: 502, with the message that says what to do.
      const code = `sheets_${error.kind}`;
      return c.json({ error: { code, message: `${error.zh} ${error.en}`, zh: error.zh, en: error.en } }, 502);
    }
    if (error instanceof ConfigError) return configErrorResponse(c, error);
    console.error("unhandled", error);
    return c.json({ error: { code: "internal", message: "服务器内部错误 Internal error" } }, 500);
  });
  return app;
}

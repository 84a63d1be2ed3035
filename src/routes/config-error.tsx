/**
 * The one answer to a misconfigured deployment (a `ConfigError` from building the services):
 * `/healthz` says so as 503 JSON for monitors; the console and the emulator grid show the
 * organizer which setting to fix; volunteer pages say only that they are down; the API answers
 * the usual `{ error }` body with every problem. Never a setting's value.
 */
import type { Context } from "hono";
import type { ConfigError } from "../env.ts";
import { ConfigDownPage, ConfigProblemsPage } from "../pages/config-page.tsx";

export function configErrorResponse(c: Context, error: ConfigError): Response | Promise<Response> {
  const path = c.req.path;
  const problems = error.problems;
  if (path === "/healthz") return c.json({ ok: false, problems }, 503);
  if (path === "/console" || path.startsWith("/console/") || path === "/emulator/") {
    return c.html(<ConfigProblemsPage problems={problems} />, 500);
  }
  if (path.startsWith("/c/") || path.startsWith("/s/")) return c.html(<ConfigDownPage />, 503);
  const zh = "服务配置有误，请联系管理员。";
  const en = "The service is misconfigured; tell its administrator.";
  return c.json({ error: { code: "config", message: error.message, zh, en, problems } }, 500);
}

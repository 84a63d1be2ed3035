/**
 * The security headers every answer carries, whatever route (or error handler) produced it.
 *
 * The volunteer pages (./link-guard.ts) and the console set their own, stricter-fitting policy;
 * this middleware only fills in what an answer lacks, so JSON, the health check, the 404 of an
 * unknown path and the emulator's grid page are covered too: a CSP that allows no script at all,
 * nothing from elsewhere and no framing (the grid page's one inline style is allowed by its hash),
 * `nosniff`, and no Referer.
 *
 * @example
 * app.use(securityHeaders); // first, so it wraps every route and the error handlers
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { gridStyle } from "../pages/emulator-grid.tsx";

let policy: Promise<string> | undefined;
async function defaultPolicy(): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(gridStyle));
  const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return `default-src 'none'; style-src 'sha256-${hash}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
}

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const has = (name: string) => c.res.headers.has(name);
  policy ??= defaultPolicy();
  if (!has("Content-Security-Policy")) c.header("Content-Security-Policy", await policy);
  if (!has("X-Content-Type-Options")) c.header("X-Content-Type-Options", "nosniff");
  if (!has("X-Frame-Options")) c.header("X-Frame-Options", "DENY");
  if (!has("Referrer-Policy")) c.header("Referrer-Policy", "no-referrer");
});

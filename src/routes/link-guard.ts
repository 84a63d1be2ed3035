/**
 * What the volunteer pages (`/c/{code}` duties, `/s/{code}` sign-ups) share for safety: security
 * headers on every answer, and the same-origin check a form POST must pass.
 *
 * The pages are opened from chat apps on cheap phones, so: a CSP that allows only the page's own
 * style (by hash), no scripts, no framing; no caching or indexing of a personal page; and
 * `Referrer-Policy: same-origin` rather than no-referrer, because with no-referrer browsers send
 * "Origin: null" on our own form POST, which the same-origin check must refuse. The code in the
 * path never leaves the site.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { pageStyle } from "../pages/volunteer-page.tsx";

let styleHash: Promise<string> | undefined;
async function computeStyleHash(): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pageStyle));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

export const linkPageHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  styleHash ??= computeStyleHash();
  c.header(
    "Content-Security-Policy",
    `default-src 'none'; style-src 'sha256-${await styleHash}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
  c.header("Referrer-Policy", "same-origin");
  c.header("X-Content-Type-Options", "nosniff");
  c.header("X-Frame-Options", "DENY");
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex, nofollow");
});

/** Same-origin checks for a form POST; absent headers are allowed (old WebViews), foreign ones are not. */
export function fromOurPage(c: Context<AppEnv>): boolean {
  const expected = new URL(c.var.services.vars.PUBLIC_URL ?? c.req.url).origin;
  const own = new URL(c.req.url).origin;
  const ok = (origin: string) => origin === expected || origin === own;
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = c.req.header("origin");
  if (origin !== undefined) return ok(origin);
  const referer = c.req.header("referer");
  if (referer === undefined) return true;
  try {
    return ok(new URL(referer).origin);
  } catch {
    return false;
  }
}

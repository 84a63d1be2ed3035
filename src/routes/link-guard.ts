/**
 * What the volunteer pages (`/c/{code}` duties, `/s/{code}` sign-ups) share for safety: security
 * headers on every answer, and the check a form POST must pass.
 *
 * The pages are opened from chat apps on cheap phones, so: a CSP that allows only the page's own
 * style (by hash), no scripts, no framing; no caching or indexing of a personal page; and
 * `Referrer-Policy: no-referrer`, so the code in the path never leaves in a Referer, not even to
 * our own origin's logs of another page.
 *
 * With no-referrer, browsers send `Origin: null` (and no Referer) on the page's own form POST, so
 * the origin alone cannot tell our page from a sandboxed or `data:` page elsewhere. The form's
 * signed token (an HMAC of the link and its date, which only someone who opened the page holds)
 * decides then, and only when Fetch Metadata does not say the request crossed sites: an
 * `Origin: null` POST is accepted when `Sec-Fetch-Site` is `same-origin` or absent (old WebViews)
 * and the token verifies; a foreign Origin or Referer, or `Sec-Fetch-Site` other than
 * same-origin/none, is refused whatever the token.
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
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Content-Type-Options", "nosniff");
  c.header("X-Frame-Options", "DENY");
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex, nofollow");
});

/**
 * Where a form POST says it comes from:
 * - `ours`: our origin in Origin (or, without Origin, in Referer), or no such header at all;
 * - `hidden`: `Origin: null`, as our own page sends under no-referrer; usable only with the token;
 * - `foreign`: anything else, including any `Sec-Fetch-Site` but same-origin (or none, for `ours`).
 */
export type PostSource = "ours" | "hidden" | "foreign";

export interface PostHeaders {
  origin?: string;
  referer?: string;
  secFetchSite?: string;
}

/** Pure: the source of a POST with these headers, for a site reachable at `origins`. */
export function postSource(headers: PostHeaders, origins: readonly string[]): PostSource {
  const { origin, referer, secFetchSite: site } = headers;
  if (site !== undefined && site !== "same-origin" && site !== "none") return "foreign";
  if (origin === "null") return site === undefined || site === "same-origin" ? "hidden" : "foreign";
  if (origin !== undefined) return origins.includes(origin) ? "ours" : "foreign";
  if (referer === undefined) return "ours";
  try {
    return origins.includes(new URL(referer).origin) ? "ours" : "foreign";
  } catch {
    return "foreign";
  }
}

/**
 * Whether a form POST to a link page says it comes from elsewhere: refused (403) before its body
 * is read. A POST that passes must still carry the page's signed form token (checked by the route
 * once the form is read, for `ours` and `hidden` alike).
 */
export function foreignPost(c: Context<AppEnv>): boolean {
  const own = new URL(c.req.url).origin;
  const published = new URL(c.var.services.vars.PUBLIC_URL ?? c.req.url).origin;
  const source = postSource(
    { origin: c.req.header("origin"), referer: c.req.header("referer"), secFetchSite: c.req.header("sec-fetch-site") },
    [own, published],
  );
  return source === "foreign";
}

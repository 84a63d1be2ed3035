/**
 * Who may use the emulator's own routes (the grid page and its edits, stats, faults, reset,
 * creating a spreadsheet): they show every volunteer's phone number and can break the sync, so
 * they need what the Sheets v4 paths need, the local organizer token as `Authorization: Bearer`,
 * or a signed-in organizer console.
 *
 * The console's cookie is scoped to `/console`, so a browser never sends it here. Rather than
 * widen it, `GET /console/emulator/open` (under the console's path, where the browser does send
 * it) checks that session and hands the same signed value to this path as {@link EMULATOR_COOKIE}
 * (HttpOnly, Secure, SameSite=Strict, Path=/emulator, expiring with the session). It is checked
 * exactly as the console checks its own (../routes/console-auth.ts), so signing out of the
 * console, or rotating the token, closes the grid too.
 *
 * A session opens every spreadsheet when its community's token is the local ORGANIZER_TOKEN (the
 * bearer opens them all anyway); a community added with its own token opens only its own sheet.
 *
 * Every write (any method but GET and HEAD) must come from this site: `Sec-Fetch-Site`, when the
 * browser sends it, must be `same-origin`, and `Origin`, when sent, must be ours (`null` only
 * beside `Sec-Fetch-Site: same-origin`). A request with neither header is no browser's
 * cross-site form; it is accepted only with the bearer token (curl, the CLI, the simulation).
 * These checks run before the body is read.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../app-env.ts";
import { consoleSessionOf } from "../routes/console-auth.ts";
import { tokenMatches } from "../routes/organizer-auth.ts";

export const EMULATOR_COOKIE = "zc_emulator";
export const emulatorCookie = { path: "/emulator", httpOnly: true, secure: true, sameSite: "Strict" } as const;

/** What the caller may open: every spreadsheet, or its own community's only. */
export type Grant = { kind: "all" } | { kind: "one"; spreadsheet: string };

export interface EmulatorEnv {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & { grant: Grant };
}

export const needsOrganizer = () =>
  new ApiError(
    401,
    "unauthorized",
    "需要管理口令或控制台登录：请求头写 Authorization: Bearer <口令>（口令在 .dev.vars 里），或先在 /console 登录。",
    "Needs the organizer token or a console sign-in: send Authorization: Bearer <token> (the token is in .dev.vars), or sign in at /console first.",
  );

export const crossSite = () =>
  new ApiError(
    403,
    "cross_site",
    "只接受本站页面发来的修改。这次请求来自别的网站，什么都没有改。",
    "Only changes sent from this site's own pages are accepted; this request came from another site and changed nothing.",
  );

const notYours = () =>
  new ApiError(
    403,
    "forbidden",
    "你登录的小区不能打开这个表格。",
    "The community you signed in to cannot open this spreadsheet.",
  );

/** Whether a write comes from this site (see the module comment); `bearer`: the token was sent. */
export function fromThisSite(c: Context<EmulatorEnv>, bearer: boolean): boolean {
  const own = new URL(c.req.url).origin;
  const published = c.var.services.vars.PUBLIC_URL ? new URL(c.var.services.vars.PUBLIC_URL).origin : own;
  const ours = (origin: string) => origin === own || origin === published;
  const site = c.req.header("sec-fetch-site");
  const origin = c.req.header("origin");
  if (site !== undefined) {
    return site === "same-origin" && (origin === undefined || origin === "null" || ours(origin));
  }
  if (origin !== undefined) return ours(origin);
  return bearer;
}

/** The grant of a request's console session cookie, clearing a cookie that no longer counts. */
async function cookieGrant(c: Context<EmulatorEnv>): Promise<Grant | undefined> {
  const value = getCookie(c, EMULATOR_COOKIE);
  if (value === undefined) return undefined;
  const signed = await consoleSessionOf(c.var.services, c.env.DB, value);
  if (!signed) {
    deleteCookie(c, EMULATOR_COOKIE, emulatorCookie);
    return undefined;
  }
  return signed.community.token.kind === "env"
    ? { kind: "all" }
    : { kind: "one", spreadsheet: signed.community.spreadsheetId };
}

/**
 * The organizer check of every emulator admin route. `signedOut` answers a caller with no
 * credentials at all (the grid page shows how to sign in); otherwise a 401 JSON error.
 */
export function organizerOnly(signedOut?: (c: Context<EmulatorEnv>) => Response | Promise<Response>) {
  return createMiddleware<EmulatorEnv>(async (c, next) => {
    const header = c.req.header("authorization");
    const bearer = header === undefined ? undefined : (/^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? "");
    const write = c.req.method !== "GET" && c.req.method !== "HEAD";
    if (write && !fromThisSite(c, bearer !== undefined)) throw crossSite();
    let grant: Grant | undefined;
    if (bearer !== undefined) {
      // A wrong token is refused outright, whatever cookie comes with it.
      if (!(await tokenMatches(bearer, c.var.services.vars.ORGANIZER_TOKEN))) throw needsOrganizer();
      grant = { kind: "all" };
    } else {
      grant = await cookieGrant(c);
    }
    if (!grant) {
      if (signedOut) return signedOut(c);
      throw needsOrganizer();
    }
    c.set("grant", grant);
    await next();
  });
}

/**
 * The spreadsheet a request means (`given`, else the caller's own: the community's for a
 * one-sheet grant, the local default's otherwise), refused when the grant does not cover it.
 */
export function spreadsheetFor(c: Context<EmulatorEnv>, given: string | undefined): string {
  const grant = c.var.grant;
  const id = given || (grant.kind === "one" ? grant.spreadsheet : c.env.SPREADSHEET_ID);
  if (grant.kind === "one" && id !== grant.spreadsheet) throw notYours();
  return id;
}

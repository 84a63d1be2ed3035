/**
 * `/emulator/*`: the local Sheets API stand-in, its grid page, stats and fault switches.
 *
 * Exists only with SHEETS_BACKEND=emulator; in production every path here is a plain 404, so
 * nothing can reach the emulator by accident. The Sheets v4 paths check the bearer token inside
 * the Durable Object, as Google does; every other route here is for organizers only and refuses
 * cross-site writes (./admin-access.ts).
 */
import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../app-env.ts";
import { emulatorStub } from "../env.ts";
import { EmulatorGridPage, EmulatorSignInPage, type EmulatorGridProps } from "../pages/emulator-grid.tsx";
import { consoleSessionOf } from "../routes/console-auth.ts";
import { SESSION_COOKIE } from "../services/console-session.ts";
import { cappedForm } from "../routes/body-limit.ts";
import { parseCellRef } from "../sheets/a1.ts";
import { assertionIssuer, mintAccessToken } from "./credentials.ts";
import { quotaStub } from "./quota-object.ts";
import { EMULATOR_COOKIE, emulatorCookie, organizerOnly, spreadsheetFor, type EmulatorEnv } from "./admin-access.ts";

const onlyLocal = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.services.backend !== "emulator") throw new ApiError(404, "not_found", "没有这个地址。", "Not found.");
  await next();
});

/** A Sheets API v4 request (under `prefix`) to its spreadsheet's Durable Object. */
function forwardSheetsApi(env: AppEnv["Bindings"], request: Request, prefix: string) {
  const url = new URL(request.url);
  const path = url.pathname.slice(prefix.length);
  const id = decodeURIComponent(/^\/v4\/spreadsheets\/([^/:]+)/.exec(path)?.[1] ?? "");
  return emulatorStub(env, id).fetch(new Request(`${url.origin}${path}${url.search}`, request));
}

/** Admin calls go to the spreadsheet's Durable Object. */
function admin(env: AppEnv["Bindings"], spreadsheet: string, path: string, init?: RequestInit) {
  const url = `https://emulator.internal/_admin/${path}${path.includes("?") ? "&" : "?"}spreadsheet=${encodeURIComponent(spreadsheet)}`;
  return emulatorStub(env, spreadsheet).fetch(new Request(url, init));
}

/** The grid page's address for a query's spreadsheet, tab and cell (nothing else is carried). */
function gridHref(query: Record<string, string>): string {
  const kept = new URLSearchParams();
  for (const name of ["spreadsheet", "tab", "cell"]) if (query[name]) kept.set(name, query[name]);
  const search = kept.toString();
  return search ? `/emulator/?${search}` : "/emulator/";
}

/** Signed out: how to sign in, and the way back to this very grid once signed in. */
async function signInFirst(c: Context<EmulatorEnv>) {
  const back = new URLSearchParams(c.req.query()).toString();
  const openHref = `/console/emulator/open${back ? `?${back}` : ""}`;
  const page = <EmulatorSignInPage openHref={openHref} community={c.var.services.vars.COMMUNITY_SLUG} />;
  return c.html(`<!doctype html>${await page.toString()}`, 401);
}

export const emulatorRoutes = new Hono<EmulatorEnv>()
  .use("/emulator/*", onlyLocal)
  .use("/emulator", onlyLocal)
  .get("/emulator", (c) => c.redirect("/emulator/"))
  .post("/emulator/v4/spreadsheets", async (c) => {
    const id = crypto.randomUUID().replace(/-/g, "");
    const headers = new Headers(c.req.raw.headers);
    headers.set("x-emulator-spreadsheet-id", id);
    const url = new URL(c.req.url);
    return emulatorStub(c.env, id).fetch(
      new Request(`${url.origin}/v4/spreadsheets`, { method: "POST", headers, body: await c.req.text() }),
    );
  })
  // The Sheets API v4, spreadsheet by spreadsheet.
  .all("/emulator/v4/spreadsheets/*", (c) => forwardSheetsApi(c.env, c.req.raw, "/emulator"))
  // Also at the server's root, as Google serves it: Google's own client (@googleapis/sheets)
  // drops a path prefix in `rootUrl`, so it reaches the emulator only with `rootUrl` = the server.
  .use("/v4/spreadsheets/*", onlyLocal)
  .all("/v4/spreadsheets/*", (c) => forwardSheetsApi(c.env, c.req.raw, ""))
  // Google's token endpoint for service accounts (jwt-bearer), so each account is its own user
  // for the quota (src/emulator/credentials.ts). Public, as Google's is.
  .post("/emulator/oauth2/token", async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    if (form.grant_type !== "urn:ietf:params:oauth:grant-type:jwt-bearer" || typeof form.assertion !== "string") {
      return c.json({ error: "unsupported_grant_type", error_description: "Invalid grant_type." }, 400);
    }
    const issuer = assertionIssuer(form.assertion, Math.floor(Date.now() / 1000));
    if ("error" in issuer) return c.json({ error: issuer.error, error_description: "Invalid JWT." }, 400);
    const token = await mintAccessToken(c.env.ORGANIZER_TOKEN, issuer.email);
    return c.json({ access_token: token, expires_in: 3599, token_type: "Bearer" });
  })
  // The quota as Google counts it: per service account and per project, across spreadsheets.
  .get("/emulator/quota", organizerOnly(), async (c) => c.json(await quotaStub(c.env).report()))
  .put("/emulator/quota", organizerOnly(), async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const limits = (body as { limits?: unknown } | undefined)?.limits;
    const result =
      limits === undefined ? { ok: false as const, error: "limits" } : await quotaStub(c.env).setLimits(limits);
    if (!result.ok) {
      return c.json(
        {
          error: {
            code: "bad_quota",
            message: `配额设置不对：${result.error}。 Bad quota limits: ${result.error} (perUser/perProject reads and writes, or null).`,
          },
        },
        400,
      );
    }
    return c.json(await quotaStub(c.env).report());
  })
  .delete("/emulator/quota", organizerOnly(), async (c) => {
    await quotaStub(c.env).reset();
    return c.json(await quotaStub(c.env).report());
  })
  .put("/emulator/spreadsheets/:id", organizerOnly(), async (c) => {
    const id = spreadsheetFor(c, c.req.param("id"));
    const demo = c.req.query("demo");
    // `seed` makes a different compound from the same generator (the day simulation's town).
    const seed = c.req.query("seed");
    const url =
      `https://emulator.internal/_admin/spreadsheet?spreadsheet=${encodeURIComponent(id)}` +
      `${demo ? `&demo=${encodeURIComponent(demo)}` : ""}${seed ? `&seed=${encodeURIComponent(seed)}` : ""}`;
    return emulatorStub(c.env, id).fetch(new Request(url, { method: "PUT" }));
  })
  .get("/emulator/stats", organizerOnly(), (c) => admin(c.env, spreadsheetFor(c, c.req.query("spreadsheet")), "stats"))
  .delete("/emulator/stats", organizerOnly(), (c) =>
    admin(c.env, spreadsheetFor(c, c.req.query("spreadsheet")), "stats", { method: "DELETE" }),
  )
  .post("/emulator/faults", organizerOnly(), async (c) => {
    const body = await c.req.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(body || "{}");
    } catch {
      return c.json(
        { error: { code: "bad_json", message: "故障设置不是有效的 JSON。 The faults body is not valid JSON." } },
        400,
      );
    }
    const spreadsheet = (parsed as { spreadsheet?: unknown } | null)?.spreadsheet;
    if (spreadsheet !== undefined && typeof spreadsheet !== "string") {
      return c.json(
        { error: { code: "bad_spreadsheet", message: 'spreadsheet 应为表格编号。 "spreadsheet" must be an id.' } },
        400,
      );
    }
    const target = spreadsheetFor(c, spreadsheet ?? c.req.query("spreadsheet"));
    return admin(c.env, target, "faults", { method: "PUT", body });
  })
  .post("/emulator/reset", organizerOnly(), (c) =>
    admin(c.env, spreadsheetFor(c, c.req.query("spreadsheet")), "reset", { method: "POST" }),
  )
  .get("/emulator/", organizerOnly(signInFirst), async (c) => {
    const spreadsheet = spreadsheetFor(c, c.req.query("spreadsheet"));
    const query = new URLSearchParams();
    for (const name of ["tab", "cell"]) {
      const value = c.req.query(name);
      if (value) query.set(name, value);
    }
    const response = await admin(c.env, spreadsheet, `grid?${query}`);
    if (!response.ok) {
      return c.html(`<!doctype html><meta charset="utf-8"><p>没有这个表格 No such spreadsheet.</p>`, 404);
    }
    const props = (await response.json()) as EmulatorGridProps;
    // The edit form's POST then carries our Origin (no-referrer would make it "null").
    c.header("Referrer-Policy", "same-origin");
    return c.html(`<!doctype html>${await (<EmulatorGridPage {...props} />).toString()}`);
  })
  .post("/emulator/edit", organizerOnly(), async (c) => {
    // A cell holds at most 50,000 characters in Google Sheets: 200 KB covers that in any script.
    const form = await cappedForm(c, 200 * 1024);
    if (!form) throw new ApiError(413, "too_large", "内容太长，一个格子放不下。", "Too long for one cell.");
    const spreadsheet = spreadsheetFor(c, typeof form.spreadsheet === "string" ? form.spreadsheet : undefined);
    const tab = String(form.tab ?? "");
    const cell = parseCellRef(String(form.cell ?? ""));
    if (!cell || cell.startRow === null || cell.startCol === null) {
      throw new ApiError(400, "bad_cell", "格子地址不对。", "Not a cell address.");
    }
    // Browsers send a textarea's line breaks as \r\n; Google keeps a cell's lines with \n.
    const value = String(form.value ?? "").replace(/\r\n?/g, "\n");
    const body = JSON.stringify({ tab, row: cell.startRow, column: cell.startCol, value });
    const response = await admin(c.env, spreadsheet, "edit", { method: "POST", body });
    if (!response.ok) throw new ApiError(404, "not_found", "没有这个表格。", "No such spreadsheet.");
    const back = new URLSearchParams({ spreadsheet, tab, cell: String(form.cell) });
    return c.redirect(`/emulator/?${back}`, 303);
  })
  /**
   * From the console to the grid: the console's cookie is sent only under /console, so this path
   * checks it and gives the grid its own copy (./admin-access.ts), then opens the grid.
   */
  .get("/console/emulator/open", onlyLocal, async (c) => {
    const services = c.var.services;
    const value = getCookie(c, SESSION_COOKIE);
    const signed = await consoleSessionOf(services, c.env.DB, value);
    if (!signed || !value) return c.redirect("/console", 303);
    const maxAge = Math.max(0, Math.floor((signed.session.expiresAt - services.now()) / 1000));
    setCookie(c, EMULATOR_COOKIE, value, { ...emulatorCookie, maxAge });
    return c.redirect(gridHref(c.req.query()), 303);
  });

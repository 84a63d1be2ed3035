/**
 * `/emulator/*`: the local Sheets API stand-in, its grid page, stats and fault switches.
 *
 * Exists only with SHEETS_BACKEND=emulator; in production every path here is a plain 404, so
 * nothing can reach the emulator by accident.
 */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../app-env.ts";
import { emulatorStub } from "../env.ts";
import { EmulatorGridPage, type EmulatorGridProps } from "../pages/emulator-grid.tsx";
import { parseCellRef } from "../sheets/a1.ts";

const onlyLocal = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.services.backend !== "emulator") throw new ApiError(404, "not_found", "没有这个地址。", "Not found.");
  await next();
});

/** Admin calls go to the spreadsheet's Durable Object; the default is the community's sheet. */
function admin(
  c: { env: AppEnv["Bindings"]; req: { query(name: string): string | undefined } },
  path: string,
  init?: RequestInit,
) {
  const spreadsheet = c.req.query("spreadsheet") || c.env.SPREADSHEET_ID;
  const url = `https://emulator.internal/_admin/${path}${path.includes("?") ? "&" : "?"}spreadsheet=${encodeURIComponent(spreadsheet)}`;
  return emulatorStub(c.env, spreadsheet).fetch(new Request(url, init));
}

export const emulatorRoutes = new Hono<AppEnv>()
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
  .all("/emulator/v4/spreadsheets/*", async (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.slice("/emulator".length);
    const id = decodeURIComponent(/^\/v4\/spreadsheets\/([^/:]+)/.exec(path)?.[1] ?? "");
    const forwarded = new Request(`${url.origin}${path}${url.search}`, c.req.raw);
    return emulatorStub(c.env, id).fetch(forwarded);
  })
  .put("/emulator/spreadsheets/:id", async (c) => {
    const auth = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (auth !== c.var.services.vars.ORGANIZER_TOKEN) {
      throw new ApiError(401, "unauthorized", "缺少或错误的令牌。", "Missing or wrong token.");
    }
    const id = c.req.param("id");
    const demo = c.req.query("demo");
    // `seed` makes a different compound from the same generator (the day simulation's town).
    const seed = c.req.query("seed");
    const url =
      `https://emulator.internal/_admin/spreadsheet?spreadsheet=${encodeURIComponent(id)}` +
      `${demo ? `&demo=${encodeURIComponent(demo)}` : ""}${seed ? `&seed=${encodeURIComponent(seed)}` : ""}`;
    return emulatorStub(c.env, id).fetch(new Request(url, { method: "PUT" }));
  })
  .get("/emulator/stats", (c) => admin(c, "stats"))
  .delete("/emulator/stats", (c) => admin(c, "stats", { method: "DELETE" }))
  .post("/emulator/faults", async (c) => {
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
    const target = spreadsheet ?? c.req.query("spreadsheet") ?? c.env.SPREADSHEET_ID;
    const url = `https://emulator.internal/_admin/faults?spreadsheet=${encodeURIComponent(target)}`;
    return emulatorStub(c.env, target).fetch(new Request(url, { method: "PUT", body }));
  })
  .post("/emulator/reset", (c) => admin(c, "reset", { method: "POST" }))
  .get("/emulator/", async (c) => {
    const query = new URLSearchParams();
    for (const name of ["tab", "cell"]) {
      const value = c.req.query(name);
      if (value) query.set(name, value);
    }
    const response = await admin(c, `grid?${query}`);
    if (!response.ok) {
      return c.html(`<!doctype html><meta charset="utf-8"><p>没有这个表格 No such spreadsheet.</p>`, 404);
    }
    const props = (await response.json()) as EmulatorGridProps;
    return c.html(`<!doctype html>${await (<EmulatorGridPage {...props} />).toString()}`);
  })
  .post("/emulator/edit", async (c) => {
    const form = await c.req.parseBody();
    const spreadsheet = String(form.spreadsheet ?? c.env.SPREADSHEET_ID);
    const tab = String(form.tab ?? "");
    const cell = parseCellRef(String(form.cell ?? ""));
    if (!cell || cell.startRow === null || cell.startCol === null) {
      throw new ApiError(400, "bad_cell", "格子地址不对。", "Not a cell address.");
    }
    const url = `https://emulator.internal/_admin/edit?spreadsheet=${encodeURIComponent(spreadsheet)}`;
    const body = JSON.stringify({ tab, row: cell.startRow, column: cell.startCol, value: String(form.value ?? "") });
    const response = await emulatorStub(c.env, spreadsheet).fetch(new Request(url, { method: "POST", body }));
    if (!response.ok) throw new ApiError(404, "not_found", "没有这个表格。", "No such spreadsheet.");
    const back = new URLSearchParams({ spreadsheet, tab, cell: String(form.cell) });
    return c.redirect(`/emulator/?${back}`, 303);
  });

/**
 * Organizer API: `/api/{community}/...`, every route behind the bearer token, its input checked by
 * the schemas `/api/openapi.json` is made from (./api-schemas/, ./openapi.ts).
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { organizerTabKeys, tabKeys } from "../sheets/manifest.ts";
import { ApiError } from "../api-error.ts";
import { updateSettings } from "../services/community-settings.ts";
import { generatePlan } from "../services/generate.ts";
import { syncCommunity } from "../services/sync.ts";
import { communityParams, dateParams } from "./api-schemas/inputs.ts";
import { validate } from "./api-validation.ts";
import { signupPage } from "./signup-page.tsx";
import { signups } from "./signups.ts";
import { organizerAuth } from "./organizer-auth.ts";

export const api = new Hono<AppEnv>()
  .use("/api/:community/*", organizerAuth)
  .use("/api/:community", organizerAuth)
  .get("/api/:community", validate("param", communityParams), (c) => {
    const community = c.var.community;
    const sheets = c.var.services.sheets(community, new URL(c.req.url).origin);
    return c.json({
      slug: community.slug,
      name: community.name,
      spreadsheetId: community.spreadsheetId,
      spreadsheetUrl: sheets.url,
      backend: c.var.services.backend,
      timeZone: community.timeZone,
      times: community.times,
      serviceAccount: c.var.services.serviceAccountOf(community) ?? null,
      settings: community.settings,
    });
  })
  // The community's settings (language and rules): every bad field is named, nothing is saved then.
  .post("/api/:community/settings", validate("param", communityParams), async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      throw new ApiError(400, "bad_json", "设置要用 JSON 对象发送。", "Send the settings as a JSON object.");
    }
    const result = await updateSettings(
      { db: c.env.DB, now: c.var.services.now(), actor: "organizer" },
      c.var.community,
      body as Record<string, unknown>,
    );
    if (!result.ok) {
      const zh = result.problems.map((p) => p.zh).join("");
      const en = result.problems.map((p) => p.en).join(" ");
      return c.json(
        { error: { code: "bad_settings", message: `${zh} ${en}`, zh, en, problems: result.problems } },
        400,
      );
    }
    return c.json({ settings: result.settings });
  })
  // What the sheet looks like to ZoneCrew right now: tabs found, header mapping, row counts and
  // structural problems. One batched read.
  .get("/api/:community/sheet", validate("param", communityParams), async (c) => {
    const sheets = c.var.services.sheets(c.var.community, new URL(c.req.url).origin);
    const read = await sheets.read(tabKeys);
    const tabs = Object.fromEntries(
      Object.entries(read.tabs).map(([key, tab]) => [
        key,
        { title: tab.title, headerRow: tab.headerRow, columns: tab.columns, rows: tab.rows.length },
      ]),
    );
    const missing = organizerTabKeys.filter((k) => !read.tabs[k]);
    return c.json({ spreadsheetId: read.spreadsheetId, tabs, missing, problems: read.problems });
  })
  // Validate the sheet: Problems tab and Check columns written back, snapshot stored for planning.
  .post("/api/:community/sync", validate("param", communityParams), async (c) => {
    const services = c.var.services;
    const gateway = services.sheets(c.var.community, new URL(c.req.url).origin);
    const { problems, counts, snapshotAt, today } = await syncCommunity({
      gateway,
      db: c.env.DB,
      community: c.var.community,
      now: services.now(),
    });
    return c.json({ problems, counts, snapshotAt, today });
  })
  // Sync, then plan the date; the same input gives back the same version.
  .post("/api/:community/plans/:date/generate", validate("param", dateParams), async (c) => {
    const { date } = c.req.valid("param");
    const services = c.var.services;
    const { record, unchanged, sync } = await generatePlan({
      gateway: services.sheets(c.var.community, new URL(c.req.url).origin),
      db: c.env.DB,
      community: c.var.community,
      date,
      now: services.now(),
      actor: "organizer",
      mode: c.req.query("mode") === "fresh" ? "fresh" : "stable",
    });
    return c.json({
      date,
      version: record.version,
      status: record.status,
      unchanged,
      inputHash: record.inputHash,
      metrics: record.plan.metrics,
      plan: record.plan,
      sync: { counts: sync.counts, snapshotAt: sync.snapshotAt },
    });
  })
  // Sign-ups: a pasted WeChat 接龙 and personal sign-up links, see ./signups.ts.
  .route("/", signups)
  // The volunteers' public /s/{code} pages (no token; mounted here, beside the organizer routes
  // that issue the links, so that app.ts need not change).
  .route("/", signupPage);

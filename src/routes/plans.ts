/**
 * Organizer routes for publishing a day and following its answers, behind the bearer token:
 * - `POST /api/{community}/plans/{date}/publish`: freeze the latest version, one link per
 *   volunteer (links already issued stay valid), the group message; the Plan and Messages tabs
 *   follow through the outbox;
 * - `GET /api/{community}/plans/{date}`: the latest version with every assignment, link state and
 *   answer (never a raw code);
 * - `GET /api/{community}/outbox`: rows waiting for the sheet, failed attempts, next flush.
 */
import { Hono } from "hono";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../app-env.ts";
import { dayReport } from "../services/day-report.ts";
import { publishPlan } from "../services/publish.ts";
import { reconcileDeclines } from "../services/replan-day.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { communityParams, dateParams } from "./api-schemas/inputs.ts";
import { validate } from "./api-validation.ts";
import { organizerAuth } from "./organizer-auth.ts";

export const plans = new Hono<AppEnv>()
  .use("/api/:community/plans/:date/publish", organizerAuth)
  .use("/api/:community/plans/:date", organizerAuth)
  .use("/api/:community/outbox", organizerAuth)
  .post("/api/:community/plans/:date/publish", validate("param", dateParams), async (c) => {
    const { date } = c.req.valid("param");
    const services = c.var.services;
    const community = c.var.community;
    const outbox = services.outbox(community.spreadsheetId);
    const deps = {
      db: c.env.DB,
      community,
      date,
      now: services.now(),
      secret: services.linkSecret,
      actor: "organizer",
      enqueue: (rows: OutboxRow[]) => outbox.enqueue(community.spreadsheetId, rows),
    };
    const result = await publishPlan({ ...deps, origin: services.vars.PUBLIC_URL ?? new URL(c.req.url).origin });
    // Anyone who declined before this version was published is taken off it again.
    const replans = await reconcileDeclines(deps);
    return c.json({ ...result, replans });
  })
  .get("/api/:community/plans/:date", validate("param", dateParams), async (c) => {
    const { date } = c.req.valid("param");
    const report = await dayReport(c.env.DB, c.var.community, date, c.var.services.now());
    if (!report) throw new ApiError(404, "no_plan", "这一天还没有分工。", "There is no plan for this date.");
    return c.json(report);
  })
  .get("/api/:community/outbox", validate("param", communityParams), async (c) => {
    const outbox = c.var.services.outbox(c.var.community.spreadsheetId);
    return c.json(await outbox.state());
  });

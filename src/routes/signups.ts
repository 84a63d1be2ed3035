/**
 * Sign-up routes under `/api/{community}/signups` (the organizer token is checked by `api`).
 *
 * `POST /api/{community}/signups/import`: a pasted WeChat 接龙 (text/plain, or JSON `{ text, date? }`)
 * for a date (tomorrow by default, or `?date=YYYY-MM-DD`). Matched lines become new rows at the
 * bottom of the Signups tab; lines already there are not added again. 200 with the report; 422
 * when the chain is refused whole (another day, another group, not a chain), with the reason;
 * 400/413 for what cannot be read at all.
 */
import { Hono } from "hono";
import { ApiError } from "../api-error.ts";
import type { AppEnv } from "../app-env.ts";
import { importChain } from "../services/signup-import.ts";
import { readPaste, refusedBody } from "./chain-paste.ts";

export const signups = new Hono<AppEnv>().post("/api/:community/signups/import", async (c) => {
  const services = c.var.services;
  const now = services.now();
  const paste = await readPaste(c, now);
  const outcome = await importChain(
    { gateway: services.sheets(c.var.community, new URL(c.req.url).origin), community: c.var.community, now },
    paste.text,
    paste.date,
  );
  switch (outcome.kind) {
    case "imported":
      return c.json(outcome.report);
    case "refused":
      return c.json(refusedBody(outcome.plan), 422);
    case "sheet_not_ready": {
      const error = new ApiError(
        409,
        "sheet_not_ready",
        "志愿者表或报名表缺失或表头读不懂，无法导入：请先修好（见 problems）。",
        "The Volunteers or Signups tab is missing or its headers cannot be read, so nothing can be imported: fix it first (see problems).",
      );
      return c.json({ ...error.toBody(), problems: outcome.problems }, 409);
    }
  }
});

/**
 * Sign-up routes under `/api/{community}/signups` (the organizer token is checked by `api`).
 *
 * Personal sign-up links (`/s/{code}`, see ./signup-page.tsx):
 * - `POST /api/{community}/signups/links` (optional JSON `{ volunteerIds }`): a link for every active
 *   volunteer (or those listed) who has none; returns every requested volunteer's link. Idempotent.
 * - `POST /api/{community}/signups/links/{volunteerId}/revoke`: the link stops working (410);
 *   issuing again gives the volunteer a new one.
 * - `POST /api/{community}/signups/links/flush`: append pending link sign-ups to the Signups tab now.
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
import { importFromPasteTab } from "../services/paste-import.ts";
import { importChain } from "../services/signup-import.ts";
import { flushLinkSignups, issueSignupLinks, revokeLink } from "../services/signup-links.ts";
import { readPaste, refusedBody } from "./chain-paste.ts";

export const signups = new Hono<AppEnv>()
  .post("/api/:community/signups/import", async (c) => {
    const services = c.var.services;
    const now = services.now();
    if (c.req.query("from") === "sheet") {
      // The paste box in the sheet: every chain pasted in the 接龙粘贴 Paste tab.
      const gateway = services.sheets(c.var.community, new URL(c.req.url).origin);
      return c.json({ results: await importFromPasteTab({ gateway, community: c.var.community, now }) });
    }
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
  })
  .post("/api/:community/signups/links", async (c) => {
    const services = c.var.services;
    const body = await readLinkRequest(c.req.raw);
    const origin = services.vars.PUBLIC_URL ?? new URL(c.req.url).origin;
    const result = await issueSignupLinks({
      db: c.env.DB,
      gateway: services.sheets(c.var.community, new URL(c.req.url).origin),
      community: c.var.community,
      now: services.now(),
      secret: services.linkSecret,
      origin,
      volunteerIds: body.volunteerIds,
    });
    return c.json(result);
  })
  .post("/api/:community/signups/links/flush", async (c) => {
    const services = c.var.services;
    const result = await flushLinkSignups({
      db: c.env.DB,
      gateway: services.sheets(c.var.community, new URL(c.req.url).origin),
      community: c.var.community,
      now: services.now,
    });
    return c.json(result, result.status === "failed" ? 502 : 200);
  })
  .post("/api/:community/signups/links/:volunteerId/revoke", async (c) => {
    const volunteerId = c.req.param("volunteerId");
    const revoked = await revokeLink(c.env.DB, c.var.community, volunteerId, c.var.services.now());
    if (!revoked) {
      throw new ApiError(
        404,
        "no_live_link",
        `${volunteerId} 没有有效的报名链接。`,
        `${volunteerId} has no live sign-up link.`,
      );
    }
    return c.json({ volunteerId, revoked: true });
  });

/** `{ volunteerIds?: string[] }`, or nothing at all for everyone. */
async function readLinkRequest(request: Request): Promise<{ volunteerIds?: string[] }> {
  const text = await request.text();
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "bad_json", "请求体不是有效的 JSON。", "The request body is not valid JSON.");
  }
  const ids = (body as { volunteerIds?: unknown } | null)?.volunteerIds;
  if (ids === undefined) return {};
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string") || ids.length > 2000) {
    throw new ApiError(
      400,
      "bad_volunteer_ids",
      "volunteerIds 应为编号列表（最多 2000 个）。",
      '"volunteerIds" must be a list of IDs (at most 2,000).',
    );
  }
  return { volunteerIds: ids as string[] };
}

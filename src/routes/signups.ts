/**
 * Sign-up routes under `/api/{community}/signups` (the organizer token is checked by `api`).
 *
 * Personal sign-up links (`/s/{code}`, see ./signup-page.tsx):
 * - `POST /api/{community}/signups/links` (optional JSON `{ volunteerIds }`, read as JSON whatever
 *   its content type, at most 256 KB): a link for every active volunteer (or those listed) who has
 *   none; returns every requested volunteer's link. Idempotent.
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
import {
  communityParams,
  importJsonBody,
  importQuery,
  linkRequestBody,
  volunteerParams,
} from "./api-schemas/inputs.ts";
import { bufferBody, jsonBody, labelledJson, validate } from "./api-validation.ts";
import { checkPaste, pasteLimit, refusedBody } from "./chain-paste.ts";

/** 2,000 IDs of 64 characters fit in 140 KB. */
const linkRequestLimit = {
  maxBytes: 256 * 1024,
  alwaysJson: true,
  tooLarge: (sizeZh: string, sizeEn: string) =>
    new ApiError(
      413,
      "body_too_large",
      `请求体太大（${sizeZh}）：最多 256 KB。`,
      `The body is too large (${sizeEn}): at most 256 KB.`,
    ),
};

export const signups = new Hono<AppEnv>()
  .post(
    "/api/:community/signups/import",
    validate("param", communityParams),
    validate("query", importQuery),
    bufferBody(pasteLimit),
    jsonBody(importJsonBody),
    async (c) => {
      const services = c.var.services;
      const now = services.now();
      const query = c.req.valid("query");
      if (query.from === "sheet") {
        // The paste box in the sheet: every chain pasted in the 接龙粘贴 Paste tab.
        const gateway = services.sheets(c.var.community, new URL(c.req.url).origin);
        return c.json({ results: await importFromPasteTab({ gateway, community: c.var.community, now }) });
      }
      const json = labelledJson(c.req.header("content-type")) ? c.req.valid("json") : undefined;
      const text = json ? json.text : await c.req.text();
      const paste = checkPaste(text, query.date ?? json?.date, c.var.community, now);
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
    },
  )
  .post(
    "/api/:community/signups/links",
    validate("param", communityParams),
    bufferBody(linkRequestLimit),
    jsonBody(linkRequestBody),
    async (c) => {
      const services = c.var.services;
      const body = c.req.valid("json");
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
    },
  )
  .post("/api/:community/signups/links/flush", validate("param", communityParams), async (c) => {
    const services = c.var.services;
    const result = await flushLinkSignups({
      db: c.env.DB,
      gateway: services.sheets(c.var.community, new URL(c.req.url).origin),
      community: c.var.community,
      now: services.now,
    });
    return c.json(result, result.status === "failed" ? 502 : 200);
  })
  .post("/api/:community/signups/links/:volunteerId/revoke", validate("param", volunteerParams), async (c) => {
    const { volunteerId } = c.req.valid("param");
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

/**
 * Liveness for load balancers and the newcomer's first curl. A misconfigured deployment answers
 * 503 here with every problem (src/routes/config-error.tsx); a pinned clock (ZC_NOW, local
 * default only) is shown so nobody wonders why "tomorrow" is not tomorrow; a community whose
 * sheet refuses ZoneCrew's writes for good (unshared, deleted, strictly protected) is listed with
 * what to do, in Chinese and English, while its rows wait in the outbox.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { listCommunities } from "../community.ts";
import { parkedSheets } from "../store/sheet-parking.ts";

export const health = new Hono<AppEnv>().get("/healthz", async (c) => {
  const { vars, backend } = c.var.services;
  const pinned = vars.ZC_NOW === undefined ? {} : { pinnedNow: new Date(c.var.services.now()).toISOString() };
  const parked = await parkedSheets(c.env.DB);
  let sheetsParked = {};
  if (parked.length > 0) {
    const communities = await listCommunities(c.env.DB, vars);
    sheetsParked = {
      sheetsParked: parked.map((p) => ({
        communities: communities.filter((k) => k.spreadsheetId === p.spreadsheetId).map((k) => k.slug),
        kind: p.kind,
        zh: p.zh,
        en: p.en,
        since: new Date(p.since).toISOString(),
        pending: p.pending,
      })),
    };
  }
  return c.json({ ok: true, backend, community: vars.COMMUNITY_SLUG, ...pinned, ...sheetsParked });
});

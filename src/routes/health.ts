/**
 * Liveness for load balancers and the newcomer's first curl. A misconfigured deployment answers
 * 503 here with every problem (src/routes/config-error.tsx); a pinned clock (ZC_NOW, local
 * default only) is shown so nobody wonders why "tomorrow" is not tomorrow.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";

export const health = new Hono<AppEnv>().get("/healthz", (c) => {
  const { vars, backend } = c.var.services;
  const pinned = vars.ZC_NOW === undefined ? {} : { pinnedNow: new Date(c.var.services.now()).toISOString() };
  return c.json({ ok: true, backend, community: vars.COMMUNITY_SLUG, ...pinned });
});

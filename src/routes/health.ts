/** Liveness for load balancers and the newcomer's first curl. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";

export const health = new Hono<AppEnv>().get("/healthz", (c) =>
  c.json({ ok: true, backend: c.var.services.backend, community: c.var.services.vars.COMMUNITY_SLUG }),
);

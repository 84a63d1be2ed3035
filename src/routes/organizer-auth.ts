/**
 * Bearer-token check for organizer routes, then the community lookup.
 *
 * The token is checked before the community is looked up, so an unauthenticated caller learns
 * nothing about which communities exist. Tokens are compared as SHA-256 digests in constant time.
 */
import { createMiddleware } from "hono/factory";
import { communityNotFound, unauthorized } from "../api-error.ts";
import type { AppEnv } from "../app-env.ts";

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

export async function tokenMatches(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export const organizerAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match || !(await tokenMatches(match[1]!, c.var.services.vars.ORGANIZER_TOKEN))) throw unauthorized();
  const community = await c.var.services.community(c.req.param("community") ?? "");
  if (!community) throw communityNotFound();
  c.set("community", community);
  await next();
});

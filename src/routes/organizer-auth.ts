/**
 * Bearer-token check for organizer routes: each community has its own token, and one
 * community's token never opens another's data.
 *
 * An unauthenticated caller learns nothing about which communities exist: a wrong token gets the
 * same 401 whether or not the community exists. Only a caller holding some community's valid
 * token is told 404 for a community that does not exist. Tokens are compared as SHA-256 digests
 * in constant time; D1 stores only the digests.
 *
 * Guessing is throttled per client (src/services/miss-limiter.ts, scope `api`): wrong tokens are
 * counted (a missing header is not a guess), and a client over the limit gets 429 with
 * Retry-After for every request, the right token included, until its block ends. The limiter is
 * asked before any token is looked at.
 */
import { createMiddleware } from "hono/factory";
import { communityNotFound, tooManyAttempts, unauthorized } from "../api-error.ts";
import type { AppEnv } from "../app-env.ts";
import type { Community } from "../community.ts";
import type { Services } from "../env.ts";
import { communitySlug } from "./api-schemas/inputs.ts";
import { throttleOf } from "./throttle.ts";

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The digest D1 stores for a community token (see `npm run community:add`). */
export async function tokenHash(token: string): Promise<string> {
  return hex(await digest(token));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0);
  return diff === 0;
}

export async function tokenMatches(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return sameBytes(a, b);
}

/** Whether `token` is this community's organizer token. */
export async function verifyOrganizerToken(services: Services, community: Community, token: string): Promise<boolean> {
  if (community.token.kind === "env") return tokenMatches(token, services.vars.ORGANIZER_TOKEN);
  if (!community.token.sha256) return false;
  return sameBytes(new TextEncoder().encode(await tokenHash(token)), new TextEncoder().encode(community.token.sha256));
}

/** Whether `token` belongs to any community (decides 404 versus 401 for an unknown one). */
async function knownToken(services: Services, db: D1Database, token: string): Promise<boolean> {
  if (await tokenMatches(token, services.vars.ORGANIZER_TOKEN)) return true;
  const row = await db
    .prepare("SELECT 1 AS ok FROM communities WHERE token_hash = ?")
    .bind(await tokenHash(token))
    .first();
  return row !== null;
}

export const organizerAuth = createMiddleware<AppEnv>(async (c, next) => {
  // Some routes are matched by two of these middlewares (api.ts and plans.ts); check once.
  if (c.var.community) return next();
  const throttle = throttleOf(c, "api");
  const tooMany = (seconds: number) => c.json(tooManyAttempts().toBody(), 429, { "Retry-After": String(seconds) });
  const wait = await throttle.retryAfter();
  if (wait > 0) return tooMany(wait);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  if (!match) throw unauthorized();
  const token = match[1]!;
  const services = c.var.services;
  const wrongToken = async () => {
    const over = await throttle.miss();
    if (over > 0) return tooMany(over);
    throw unauthorized();
  };
  // A string that cannot be a slug ("openapi.json") is no community, without asking D1.
  const slug = communitySlug.safeParse(c.req.param("community"));
  const community = slug.success ? await services.community(slug.data) : undefined;
  if (!community) {
    if (await knownToken(services, c.env.DB, token)) throw communityNotFound();
    return wrongToken();
  }
  if (!(await verifyOrganizerToken(services, community, token))) return wrongToken();
  c.set("community", community);
  await next();
});

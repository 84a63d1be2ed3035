/**
 * Issuing the day's links: one per volunteer on the plan, kept across re-publishing and replans.
 * New codes come from the CSPRNG; D1 stores their hash and a sealed copy, and the plaintext
 * lives only in this function's result (the publish response, the Plan tab, the group message).
 */
import { endOfLocalDay } from "../domain/local-time.ts";
import { insertLinkStatement, linksForDay } from "../store/links.ts";
import { hashCode, linkKeys, randomLinkCode } from "./link-keys.ts";

export interface IssuedLink {
  volunteerId: string;
  /** Full URL, or null when the code was sealed under an earlier secret and cannot be shown. */
  url: string | null;
  issued: "new" | "existing";
  expiresAt: number;
}

export async function ensureLinks(deps: {
  db: D1Database;
  secret: string;
  community: string;
  date: string;
  timeZone: string;
  origin: string;
  volunteerIds: readonly string[];
  now: number;
}): Promise<Map<string, IssuedLink>> {
  const { db, community, date } = deps;
  const keys = await linkKeys(deps.secret);
  const existing = new Set((await linksForDay(db, community, date)).map((l) => l.volunteerId));
  const expiresAt = endOfLocalDay(date, deps.timeZone);
  const createdAt = new Date(deps.now).toISOString();
  const fresh = new Set<string>();
  const statements: D1PreparedStatement[] = [];
  for (const volunteerId of deps.volunteerIds) {
    if (existing.has(volunteerId)) continue;
    const code = randomLinkCode();
    fresh.add(volunteerId);
    statements.push(
      insertLinkStatement(db, {
        codeHash: await hashCode(code),
        community,
        date,
        volunteerId,
        codeSealed: await keys.seal(code),
        createdAt,
        expiresAt,
      }),
    );
  }
  // INSERT OR IGNORE: a concurrent publish that issued the same volunteer's link first wins, and
  // the read below returns the link that is actually stored.
  if (statements.length > 0) await db.batch(statements);
  const wanted = new Set(deps.volunteerIds);
  const out = new Map<string, IssuedLink>();
  for (const link of await linksForDay(db, community, date)) {
    if (!wanted.has(link.volunteerId)) continue;
    const code = await keys.open(link.codeSealed);
    out.set(link.volunteerId, {
      volunteerId: link.volunteerId,
      url: code ? linkUrl(deps.origin, code) : null,
      issued: fresh.has(link.volunteerId) && link.createdAt === createdAt ? "new" : "existing",
      expiresAt: link.expiresAt,
    });
  }
  return out;
}

export function linkUrl(origin: string, code: string): string {
  return `${origin.replace(/\/+$/, "")}/c/${code}`;
}

/** Volunteer ID -> URL, for Plan-tab rows. */
export function urlMap(links: ReadonlyMap<string, IssuedLink>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, link] of links) if (link.url) out.set(id, link.url);
  return out;
}

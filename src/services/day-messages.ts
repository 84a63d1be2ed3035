/**
 * The morning reminder and the digest as copy-ready parts, for groups without bots: saved in D1
 * (the console shows them with a copy button each) and mirrored to the Messages tab, whether or
 * not a webhook is set. The Messages tab keys rows by date and part, so the group message keeps
 * parts 1…, the reminder uses 101…, the digest 201… and the end-of-day wrap-up 301….
 */
import type { Community } from "../community.ts";
import { POSTS_GROUP, STANDBY_GROUP, type BroadcastLine } from "../domain/broadcast.ts";
import { localStamp } from "../domain/local-time.ts";
import type { Plan } from "../domain/plan/index.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { dayMessages, saveDayMessagesStatements, type DayMessageKind } from "../store/day-messages.ts";
import { linksForDay } from "../store/links.ts";
import { linkUrl } from "./day-links.ts";
import { linkKeys } from "./link-keys.ts";

/** Where each kind's parts start in the Messages tab. */
export const MESSAGE_PART_BASE: Record<DayMessageKind, number> = { reminder: 100, digest: 200, wrap_up: 300 };

/** Volunteer ID -> link URL for the day's links still valid at `now` (codes unsealed from D1). */
export async function dayUrls(deps: {
  db: D1Database;
  secret: string;
  community: string;
  date: string;
  origin: string;
  now: number;
}): Promise<Map<string, string>> {
  const keys = await linkKeys(deps.secret);
  const urls = new Map<string, string>();
  for (const link of await linksForDay(deps.db, deps.community, deps.date)) {
    if (link.revokedAt !== null || deps.now >= link.expiresAt) continue;
    const code = await keys.open(link.codeSealed);
    if (code) urls.set(link.volunteerId, linkUrl(deps.origin, code));
  }
  return urls;
}

/** A volunteer's line in a message: where they serve (buildings, post and time, or standby). */
export function lineFor(plan: Plan, volunteerId: string, name: string, link: string): BroadcastLine | undefined {
  const a = plan.assignments.find((x) => x.volunteerId === volunteerId);
  if (!a) return undefined;
  if (a.kind === "route") {
    const zone = plan.routes.find((r) => r.id === a.postId)?.zone ?? "";
    return { group: zone, place: a.buildings.join("、"), sortKey: a.buildings[0] ?? "", name, link };
  }
  if (a.kind === "post") {
    const post = plan.posts.find((p) => p.id === a.postId);
    const place = `${post?.zh ?? a.postId ?? ""} ${a.start}`;
    return { group: POSTS_GROUP, place, sortKey: `${a.start} ${place}`, name, link };
  }
  return { group: STANDBY_GROUP, place: `待命 ${a.start}`, sortKey: `~${a.start}`, name, link };
}

/**
 * Saves the parts in D1 and queues them for the Messages tab (blanking parts an earlier, longer
 * run of the same kind left behind).
 */
export async function recordDayMessages(
  deps: {
    db: D1Database;
    community: Community;
    date: string;
    now: number;
    enqueue: (rows: OutboxRow[]) => Promise<unknown>;
  },
  kind: DayMessageKind,
  parts: readonly string[],
): Promise<void> {
  const { db, community, date } = deps;
  const before = (await dayMessages(db, community.slug, date))[kind].length;
  await db.batch(
    saveDayMessagesStatements(db, { community: community.slug, date, kind }, parts, new Date(deps.now).toISOString()),
  );
  const stamp = localStamp(deps.now, community.timeZone);
  const base = MESSAGE_PART_BASE[kind];
  const rows: OutboxRow[] = [];
  for (let i = 0; i < Math.max(parts.length, before); i++) {
    rows.push({
      tab: "messages",
      cells: { date, part: String(base + i + 1), text: parts[i] ?? "", updated_at: stamp },
    });
  }
  if (rows.length > 0) await deps.enqueue(rows);
}

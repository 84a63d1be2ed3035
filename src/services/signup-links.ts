/**
 * Personal sign-up links: issuing them from the roster, revoking one, and appending the sign-ups
 * given through them to the Signups tab.
 *
 * The sheet side works like the outbox (D1 first, the sheet in batches) but needs no Durable
 * Object: a sign-up is committed to `link_signups`, then the request (after answering, in
 * `waitUntil`) appends every pending sign-up of the community in ONE gateway write with an
 * `append` op, under a D1 lease so that a burst of taps shares one write instead of each paying
 * one. The lease is released and the queue checked again, so a sign-up that arrived while another
 * request was writing is never stranded; a failed write leaves the rows pending for the next
 * sign-up or for `POST /api/{community}/signups/links/flush`. `append` skips a volunteer the tab
 * already has for the date (a chain import, an organizer), so nothing is ever added twice.
 */
import type { Community } from "../community.ts";
import { availabilityLabel } from "../domain/chain.ts";
import { localDate } from "../domain/local-time.ts";
import { validateWorkbook } from "../domain/validate.ts";
import type { SheetsGateway } from "../sheets/gateway.ts";
import { organizerTabKeys } from "../sheets/manifest.ts";
import {
  claimFlushLease,
  countPendingLinkSignups,
  insertSignupLinks,
  liveSignupLinks,
  markLinkSignupsInSheet,
  pendingLinkSignups,
  releaseFlushLease,
  revokeSignupLink,
} from "../store/signup-links.ts";
import { hashCode, linkKeys, randomLinkCode } from "./link-keys.ts";

export const LINK_SIGNUP_NOTE = "报名链接 sign-up link";
/** Longer than one gateway write with retries, shorter than a request's `waitUntil` budget. */
const LEASE_MS = 25_000;
/** Rounds of "write what is pending" one flush does before handing over. */
const MAX_ROUNDS = 3;
/**
 * Retries for the flush a sign-up starts in the background: a few seconds at most, well inside
 * the request's `waitUntil` budget; what still fails stays pending for the next one.
 */
export const BACKGROUND_RETRY = { retries: 2, baseDelayMs: 300, maxDelayMs: 2_000 };

export interface IssuedLink {
  volunteerId: string;
  name: string;
  /** The link to send; null when it was sealed under another secret and cannot be printed again. */
  url: string | null;
  /** True when this call created it. */
  created: boolean;
}

export interface IssueResult {
  links: IssuedLink[];
  /** Requested IDs that get no link, with why. */
  skipped: Array<{ volunteerId: string; zh: string; en: string }>;
}

/**
 * Issues a personal sign-up link to every active volunteer on the roster (or to `volunteerIds`)
 * who has no live link, and prints every requested volunteer's link. Idempotent: calling again
 * returns the same links. One Sheets read (the roster, validated as a sync would).
 */
export async function issueSignupLinks(deps: {
  db: D1Database;
  gateway: SheetsGateway;
  community: Community;
  now: number;
  secret: string;
  origin: string;
  volunteerIds?: readonly string[];
}): Promise<IssueResult> {
  const { db, community } = deps;
  const read = await deps.gateway.read(organizerTabKeys);
  const today = localDate(deps.now, community.timeZone);
  const { snapshot } = validateWorkbook({
    tabs: read.tabs,
    today,
    ageLimit: community.settings.ageLimit,
    locale: read.locale,
  });
  const byId = new Map(snapshot.volunteers.map((v) => [v.id, v]));
  const skipped: IssueResult["skipped"] = [];
  let wanted = snapshot.volunteers.filter((v) => v.active);
  if (deps.volunteerIds) {
    wanted = [];
    for (const id of new Set(deps.volunteerIds)) {
      const v = byId.get(id);
      if (!v) {
        skipped.push({
          volunteerId: id,
          zh: "志愿者表里没有这个编号（或那一行有错误）。",
          en: "No such ID on the Volunteers tab (or its row has an error).",
        });
      } else if (!v.active) {
        skipped.push({ volunteerId: id, zh: "这位志愿者不在册。", en: "This volunteer is marked inactive." });
      } else wanted.push(v);
    }
  }

  const keys = await linkKeys(deps.secret);
  const live = new Map((await liveSignupLinks(db, community.slug)).map((l) => [l.volunteerId, l]));
  const createdAt = new Date(deps.now).toISOString();
  const fresh = new Map<string, { code: string; hash: string }>();
  const rows = [];
  for (const v of wanted) {
    if (live.has(v.id)) continue;
    const code = randomLinkCode();
    const hash = await hashCode(code);
    fresh.set(v.id, { code, hash });
    rows.push({
      codeHash: hash,
      community: community.slug,
      volunteerId: v.id,
      name: v.name,
      codeSealed: await keys.seal(code),
      createdAt,
    });
  }
  await insertSignupLinks(db, rows, "organizer");
  // Read back: a concurrent call may have issued some of these first; its links win.
  const stored = new Map((await liveSignupLinks(db, community.slug)).map((l) => [l.volunteerId, l]));
  const links: IssuedLink[] = [];
  for (const v of wanted) {
    const link = stored.get(v.id);
    if (!link) continue;
    const mine = fresh.get(v.id);
    const created = mine !== undefined && mine.hash === link.codeHash;
    const code = created ? mine.code : await keys.open(link.codeSealed);
    links.push({
      volunteerId: v.id,
      name: v.name,
      url: code ? new URL(`/s/${code}`, deps.origin).toString() : null,
      created,
    });
  }
  return { links, skipped };
}

/** Withdraws a volunteer's live link (a lost phone, a link forwarded to the wrong group). */
export function revokeLink(db: D1Database, community: Community, volunteerId: string, now: number): Promise<boolean> {
  return revokeSignupLink(db, community.slug, volunteerId, new Date(now).toISOString(), "organizer");
}

export interface FlushResult {
  /** "busy": another request holds the lease and will pick these rows up. */
  status: "written" | "idle" | "busy" | "failed";
  appended: number;
  /** Link sign-ups still waiting for the sheet after this flush. */
  pending: number;
  error?: string;
}

/**
 * Appends pending link sign-ups to the Signups tab, one gateway write per round, under the
 * community's lease. Never throws: a failed write leaves the rows pending.
 */
export async function flushLinkSignups(deps: {
  db: D1Database;
  gateway: SheetsGateway;
  community: Community;
  now: () => number;
}): Promise<FlushResult> {
  const { db, community } = deps;
  let appended = 0;
  let wrote = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (!(await claimFlushLease(db, community.slug, deps.now(), deps.now() + LEASE_MS))) {
      return {
        status: wrote ? "written" : "busy",
        appended,
        pending: await countPendingLinkSignups(db, community.slug),
      };
    }
    let flushedAt: number | null = null;
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const pending = await pendingLinkSignups(db, community.slug);
        if (pending.length === 0) break;
        const report = await deps.gateway.write([
          {
            kind: "append",
            tab: "signups",
            rows: pending.map((s) => ({
              date: s.date,
              volunteer_id: s.volunteerId,
              name: s.name,
              availability: availabilityLabel(s.availability),
              pin: "",
              note: LINK_SIGNUP_NOTE,
            })),
          },
        ]);
        flushedAt = deps.now();
        // Rows the tab already had for that volunteer and date count as in the sheet too.
        await markLinkSignupsInSheet(db, pending, flushedAt);
        appended += report.appended;
        wrote = true;
      }
    } catch (error) {
      await releaseFlushLease(db, community.slug, flushedAt);
      return {
        status: "failed",
        appended,
        pending: await countPendingLinkSignups(db, community.slug),
        error: error instanceof Error ? error.message : String(error),
      };
    }
    await releaseFlushLease(db, community.slug, flushedAt);
    // Release, then look again: a sign-up committed while we held the lease is either seen here
    // or its own request finds the lease free.
    if ((await countPendingLinkSignups(db, community.slug)) === 0) break;
  }
  const pending = await countPendingLinkSignups(db, community.slug);
  return { status: wrote ? "written" : "idle", appended, pending };
}

/**
 * Roll call at assembly (issue 14, part 1): from 30 minutes before the day's assembly, each zone
 * captain's own link page is the zone's roll-call sheet (到 / 未到 per person), a volunteer can
 * tap 我到了 on their own page, and the console shows the same per zone. A mark is stored in D1
 * first, then the Plan tab's 到岗 column gets the local time of arrival or 未到 through the outbox.
 *
 * Who may mark whom: a captain the people on their zone's routes (and whoever a refill took off
 * them: a no-show who turns up late is still marked 到, and the refill stands); an organizer
 * anyone; a volunteer only themselves, as arrived (not while on standby: they wait at home until
 * called in), or, after the answer deadline, as 临时来不了 while not yet checked in.
 */
import type { Community } from "../community.ts";
import { say, type Bilingual } from "../domain/language.ts";
import { localTimeToEpoch } from "../domain/local-time.ts";
import type { Plan } from "../domain/plan/index.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { dutyLabel } from "../domain/plan/duty-changes.ts";
import { linksForDay } from "../store/links.ts";
import { auditStatement, latestPublishedPlan } from "../store/plans.ts";
import {
  latestPublication,
  planChangesForDay,
  type PlanChangeRecord,
  type PublicationDetails,
} from "../store/publications.ts";
import { latestSnapshot } from "../store/snapshots.ts";
import { linkUrl } from "./day-links.ts";
import { linkKeys } from "./link-keys.ts";
import { recordTraining } from "./training.ts";

/** The roll call opens this long before the assembly. */
export const OPENS_BEFORE_MS = 30 * 60_000;

export interface Attendance {
  volunteerId: string;
  present: boolean;
  at: number;
  by: string;
}

type AttendanceRow = { volunteer_id: string; present: number; at: number; by: string };

const toAttendance = (row: AttendanceRow): Attendance => ({
  volunteerId: row.volunteer_id,
  present: row.present === 1,
  at: row.at,
  by: row.by,
});

/** When the day's roll call opens: 30 minutes before the assembly (or the earliest duty). */
export function rollCallOpensAt(plan: Plan, details: PublicationDetails, timeZone: string): number {
  const starts = plan.assignments.map((a) => a.start).sort();
  const first = details.assembly?.start ?? starts[0] ?? "07:00";
  return localTimeToEpoch(plan.date, first, timeZone) - OPENS_BEFORE_MS;
}

/** The zone a volunteer captains on the day, if any. */
export function captainedZone(details: PublicationDetails, volunteerId: string): string | null {
  for (const [zone, captains] of Object.entries(details.captains ?? {})) {
    if (captains.some((c) => c.id === volunteerId)) return zone;
  }
  return null;
}

/** Everyone on a zone's routes, in the plan's route order (walking order). */
export function zoneRoster(plan: Plan, zone: string): string[] {
  return plan.routes.filter((r) => r.zone === zone).flatMap((r) => r.volunteerIds);
}

export async function attendanceForDay(
  db: D1Database,
  community: string,
  date: string,
): Promise<Map<string, Attendance>> {
  const { results } = await db
    .prepare("SELECT volunteer_id, present, at, by FROM attendance WHERE community = ? AND date = ?")
    .bind(community, date)
    .all<AttendanceRow>();
  return new Map(results.map((r) => [r.volunteer_id, toAttendance(r)]));
}

/** The name of the CHECK a stale refill trips (migrations/0024_replan_guard.sql). */
const ATTENDANCE_CHANGED = "attendance_changed_since_read";

/**
 * Statements to put first in a D1 batch that must not be written over a roll call it did not see:
 * they fail the batch (so D1 rolls all of it back) when any of `volunteerIds` is marked otherwise
 * than in `read` (到 for 未到, or a mark where there was none). Comparing inside the batch closes
 * the gap between reading the marks and writing: a check-in that lands in between is seen.
 *
 * @example
 * await db.batch([...attendanceUnchangedStatements(db, "demo", date, ["V042"], marks), ...writes]);
 * // throws when V042 checked in since `marks` was read; isAttendanceChanged(error) is then true
 */
export function attendanceUnchangedStatements(
  db: D1Database,
  community: string,
  date: string,
  volunteerIds: readonly string[],
  read: ReadonlyMap<string, Attendance>,
): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  // D1 binds at most 100 parameters a statement: two per volunteer, plus community and date.
  for (let i = 0; i < volunteerIds.length; i += 45) {
    const chunk = volunteerIds.slice(i, i + 45);
    const expected = chunk.flatMap((id) => {
      const mark = read.get(id);
      return [id, mark ? (mark.present ? 1 : 0) : null];
    });
    statements.push(
      db
        .prepare(
          `INSERT INTO replan_guard (stale)
           SELECT 1 FROM (VALUES ${chunk.map(() => "(?, ?)").join(", ")}) AS expected
           LEFT JOIN attendance a ON a.community = ? AND a.date = ? AND a.volunteer_id = expected.column1
           WHERE a.present IS NOT expected.column2
           LIMIT 1`,
        )
        .bind(...expected, community, date),
    );
  }
  return statements;
}

/** Whether a failed D1 batch was refused by `attendanceUnchangedStatements`. */
export function isAttendanceChanged(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return `${String(error)} ${String(cause ?? "")}`.includes(ATTENDANCE_CHANGED);
}

/** The 到岗 cell: the local time of arrival, or 未到. */
export function presentCell(attendance: Attendance | undefined, community: Community): string {
  if (!attendance) return "";
  if (!attendance.present) return say(community.language, { zh: "未到", en: "Absent" });
  const hhmm = new Intl.DateTimeFormat("en-GB", {
    timeZone: community.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(attendance.at);
  return hhmm;
}

/** What a roll-call tap did; a refused or repeated one changed nothing. */
export type MarkOutcome =
  | { kind: "recorded"; attendance: Attendance }
  /** The same mark again (a double tap, or a late repeat): the first one stands. */
  | { kind: "unchanged"; attendance: Attendance }
  /** 临时来不了 from someone already checked in: only a captain or an organizer can correct a 到. */
  | { kind: "refused"; reason: "already_here"; attendance: Attendance };

/**
 * Records a mark: D1 first, then the audit entry and the Plan tab's 到岗 cell through the outbox.
 * A repeated tap records once (no second audit entry) and queues the cell again. The volunteer's own 临时来不了 never
 * overwrites a 到: the upsert itself refuses it, so a tap racing a check-in cannot undo it.
 *
 * @example
 * const outcome = await markAttendance(deps, community, "2022-04-19", { volunteerId, present: true, by: "self" });
 * if (outcome.kind === "refused") return alreadyHere(outcome.attendance);
 */
export async function markAttendance(
  deps: { db: D1Database; enqueue: (rows: OutboxRow[]) => Promise<unknown>; now: number },
  community: Community,
  date: string,
  mark: { volunteerId: string; present: boolean; by: string },
): Promise<MarkOutcome> {
  const row = await deps.db
    .prepare(
      `INSERT INTO attendance (community, date, volunteer_id, present, at, by) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (community, date, volunteer_id) DO UPDATE SET present = excluded.present, at = excluded.at, by = excluded.by
       WHERE attendance.present IS NOT excluded.present
         AND NOT (excluded.by = 'self' AND excluded.present = 0 AND attendance.present = 1)
       RETURNING volunteer_id, present, at, by`,
    )
    .bind(community.slug, date, mark.volunteerId, mark.present ? 1 : 0, deps.now, mark.by)
    .first<AttendanceRow>();
  if (!row) {
    const current = toAttendance(
      (await deps.db
        .prepare(
          "SELECT volunteer_id, present, at, by FROM attendance WHERE community = ? AND date = ? AND volunteer_id = ?",
        )
        .bind(community.slug, date, mark.volunteerId)
        .first<AttendanceRow>())!,
    );
    if (current.present !== mark.present) return { kind: "refused", reason: "already_here", attendance: current };
    // The same mark again: no second audit entry, but the sheet's cell and the training record are
    // queued again (the outbox coalesces them with any still pending): the tap before may have
    // been written to D1 and then failed before they were queued, and the person taps again.
    await queueMark(deps, community, date, mark, current);
    return { kind: "unchanged", attendance: current };
  }
  const attendance = toAttendance(row);
  await auditStatement(
    deps.db,
    community.slug,
    new Date(deps.now).toISOString(),
    mark.by,
    mark.present ? "attendance.present" : "attendance.absent",
    `${date}/${mark.volunteerId}`,
    {},
  ).run();
  await queueMark(deps, community, date, mark, attendance);
  return { kind: "recorded", attendance };
}

/** The Plan tab's 到岗 cell for a mark, and for someone present the training they came to. */
async function queueMark(
  deps: { db: D1Database; enqueue: (rows: OutboxRow[]) => Promise<unknown>; now: number },
  community: Community,
  date: string,
  mark: { volunteerId: string; present: boolean; by: string },
  attendance: Attendance,
): Promise<void> {
  await deps.enqueue([
    { tab: "plan", cells: { date, volunteer_id: mark.volunteerId, present: presentCell(attendance, community) } },
  ]);
  // Present at the morning training the plan sent them to: trained (培训日期, training.ts).
  if (attendance.present) {
    const plan = (await latestPublishedPlan(deps.db, community.slug, date))?.plan;
    await recordTraining(deps, community, date, plan, mark);
  }
}

/**
 * A zone's roll call: everyone on its routes now (in walking order), then whoever the day's refills
 * took off them, in the order they were marked. A refilled no-show stays on the list of the zone
 * that expected them, so their captain can still mark them 到 when they turn up late; the refill
 * stands (the standby keeps the duty).
 */
export async function zoneRollCall(
  db: D1Database,
  day: { community: string; date: string; plan: Plan; marks: ReadonlyMap<string, Attendance> },
  zone: string,
): Promise<string[]> {
  const roster = zoneRoster(day.plan, zone);
  const taken = await takenOff(db, day);
  const fromZone = [...taken]
    .filter(([, duty]) => duty.kind === "route" && duty.zone === zone)
    .map(([id]) => id)
    .sort((a, b) => day.marks.get(a)!.at - day.marks.get(b)!.at);
  return [...roster, ...fromZone];
}

/** The duty a refilled no-show had before the refill: a route's zone, or another kind of duty. */
export type FormerDuty = { kind: "route"; zone: string } | { kind: "post" | "standby" };

/**
 * Everyone with a roll-call mark who is off the plan now (a refill took them off), with the duty
 * the newest published version that had them gave them.
 */
export async function takenOff(
  db: D1Database,
  day: { community: string; date: string; plan: Plan; marks: ReadonlyMap<string, Attendance> },
): Promise<Map<string, FormerDuty>> {
  const onPlan = new Set(day.plan.assignments.map((a) => a.volunteerId));
  const ids = [...day.marks.keys()].filter((id) => !onPlan.has(id));
  const out = new Map<string, FormerDuty>();
  // A route's ID is "<zone>/<first building>": the longest of today's zones it starts with.
  const zones = [...new Set(day.plan.routes.map((r) => r.zone))].sort((a, b) => b.length - a.length);
  // D1 binds at most 100 parameters a statement.
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    const { results } = await db
      .prepare(
        `SELECT a.volunteer_id, a.kind, a.post_id FROM assignments a
         JOIN plans p ON p.community = a.community AND p.date = a.date AND p.version = a.version
         WHERE a.community = ? AND a.date = ? AND p.status = 'published'
           AND a.volunteer_id IN (${chunk.map(() => "?").join(", ")})
         ORDER BY a.version`,
      )
      .bind(day.community, day.date, ...chunk)
      .all<{ volunteer_id: string; kind: string; post_id: string | null }>();
    // Ordered by version, so the newest version that had each volunteer wins.
    for (const r of results) {
      const routeId = r.post_id ?? "";
      const zone = zones.find((z) => routeId.startsWith(`${z}/`)) ?? routeId.split("/")[0]!;
      out.set(
        r.volunteer_id,
        r.kind === "route" ? { kind: "route", zone } : { kind: r.kind === "post" ? "post" : "standby" },
      );
    }
  }
  return out;
}

/**
 * Whom the captain (or an organizer) calls after refilling a no-show: everyone whose duty that
 * refill changed, each with their roster phone and a copy-ready private message naming their new
 * duty and their link. Usually the standby who took the duty; when the training rule swapped
 * people (a trained walker moves to the no-show's route, the untrained standby takes the walker's
 * place) both the walker and the standby.
 */
export interface CallToMake {
  /** The no-show whose refill changed this person's duty. */
  absent: string;
  id: string;
  name: string;
  phone: string | null;
  message: string;
}

export async function callsToMake(deps: {
  db: D1Database;
  secret: string;
  community: Community;
  date: string;
  /** The no-shows to look at (a zone's, or everyone's). */
  absent: readonly string[];
  now: number;
}): Promise<CallToMake[]> {
  const { db, community, date } = deps;
  const [changes, published, publication, links, snapshot, marks] = await Promise.all([
    planChangesForDay(db, community.slug, date),
    latestPublishedPlan(db, community.slug, date),
    latestPublication(db, community.slug, date),
    linksForDay(db, community.slug, date),
    latestSnapshot(db, community.slug),
    attendanceForDay(db, community.slug, date),
  ]);
  if (!published || !publication) return [];
  const plan = published.plan;
  const onPlan = new Set(plan.assignments.map((a) => a.volunteerId));
  // Per person, the newest refill that changed their duty (a later one may have moved them again).
  const callees = new Map<string, { absent: string; change: PlanChangeRecord }>();
  for (const absent of deps.absent) {
    const left = changes.filter((c) => c.volunteerId === absent && c.change === "left").at(-1);
    if (!left) continue;
    const refill = changes.filter((c) => c.version === left.version && c.change !== "left");
    for (const c of chainOrder(absent, refill)) {
      // Off the plan since: nobody to call.
      if (!onPlan.has(c.volunteerId)) continue;
      const seen = callees.get(c.volunteerId);
      if (!seen || seen.change.version < c.version) callees.set(c.volunteerId, { absent, change: c });
    }
  }
  if (callees.size === 0) return [];
  // Whether someone is called in from home is decided before the day's FIRST change of their duty:
  // a standby called in for one no-show and moved again for another is still at home, to be told
  // to come now, not that their duty changed.
  const firstChange = (id: string) => Math.min(...changes.filter((c) => c.volunteerId === id).map((c) => c.version));
  const versions = [...new Set([...callees.keys()].map(firstChange))];
  const before = new Map(
    await Promise.all(versions.map(async (v) => [v, await kindsBefore(db, community.slug, date, v)] as const)),
  );
  const keys = await linkKeys(deps.secret);
  const phones = new Map((snapshot?.snapshot.volunteers ?? []).map((v) => [v.id, v.phone]));
  const names = publication.details.names;
  const nameOf = (id: string) => names[id] ?? id;
  const calls: CallToMake[] = [];
  for (const [id, { absent, change }] of callees) {
    const link = links.find((l) => l.volunteerId === id && l.revokedAt === null && deps.now < l.expiresAt);
    const code = link ? await keys.open(link.codeSealed) : null;
    const url = code ? linkUrl(publication.details.origin, code) : null;
    const kind = before.get(firstChange(id))?.get(id);
    // Called in from standby (or from off the plan): come now. Anyone else was already on a duty.
    const calledIn = kind === undefined || kind === "standby";
    // Called in and here already: nobody to call. Someone moved is listed even when here: the
    // captain tells them of their new duty.
    if (calledIn && marks.get(id)?.present) continue;
    const message = callMessage({
      name: nameOf(id),
      replaces: change.replaces === null ? null : nameOf(change.replaces),
      duty: dutyLabel(plan, id),
      url,
      calledIn,
      en: community.language === "en",
    });
    calls.push({ absent, id, name: nameOf(id), phone: phones.get(id) ?? null, message });
  }
  return calls;
}

/**
 * A refill's changes in the order the calls matter: whoever took the no-show's place, whoever
 * took theirs, and so on; then anyone else it changed (a trained standby joining an untrained
 * walker), by ID.
 */
function chainOrder(absent: string, refill: readonly PlanChangeRecord[]): PlanChangeRecord[] {
  const out: PlanChangeRecord[] = [];
  const taken = new Set<string>();
  for (let next = refill.find((c) => c.replaces === absent); next && !taken.has(next.volunteerId);) {
    out.push(next);
    taken.add(next.volunteerId);
    const from = next.volunteerId;
    next = refill.find((c) => c.replaces === from);
  }
  return [...out, ...refill.filter((c) => !taken.has(c.volunteerId))];
}

/** Each volunteer's kind of duty (route, post, standby) in the published version before `version`. */
async function kindsBefore(db: D1Database, community: string, date: string, version: number) {
  const { results } = await db
    .prepare(
      `SELECT volunteer_id, kind FROM assignments WHERE community = ? AND date = ? AND version = (
         SELECT MAX(version) FROM plans WHERE community = ? AND date = ? AND status = 'published' AND version < ?)`,
    )
    .bind(community, date, community, date, version)
    .all<{ volunteer_id: string; kind: string }>();
  return new Map(results.map((r) => [r.volunteer_id, r.kind]));
}

/** The copy-ready private message: come now (called in) or your duty changed (moved). */
function callMessage(m: {
  name: string;
  replaces: string | null;
  duty: Bilingual | null;
  url: string | null;
  calledIn: boolean;
  en: boolean;
}): string {
  const duty = m.en ? (m.duty?.en ?? "") : (m.duty?.zh ?? "");
  if (m.en) {
    const head = m.calledIn ? "please come now" : "your duty has changed";
    const what = m.replaces ? `you take ${m.replaces}'s duty today, ${duty}.` : `your duty today is ${duty}.`;
    return `${m.name}, ${head}: ${what}${m.url ? ` Your link: ${m.url}` : ""}`;
  }
  const head = m.calledIn ? `${m.name}，请立即到岗：` : `${m.name}，你的岗位有变化：`;
  const what = m.replaces ? `今天${m.calledIn ? "" : "改"}由你顶替${m.replaces}，${duty}。` : `今天你的岗位是${duty}。`;
  return `${head}${what}${m.url ? `你的链接：${m.url}` : ""}`;
}

/**
 * Replanning a published day after a decline (or a change of heart), with the engine's
 * minimal-change `replan`: a standby volunteer takes the declined post, keeps (or gets) their own
 * link, and the Plan tab, the group message and D1 say who replaced whom.
 *
 * The replan starts from the engine input frozen at publish, minus everyone whose current answer
 * is a decline, so a second decline never puts the first decliner back. Two replans racing for
 * the same version number cannot both win (primary key): the loser replans from the winner's
 * version. A check-in between the replan's read and its write cannot be overruled either: the
 * write rechecks the roll call of everyone it changes in the same D1 batch, and the replan is
 * made again from the new marks (`draftReplan`, `storeReplan`).
 */
import type { Community } from "../community.ts";
import { localStamp } from "../domain/local-time.ts";
import {
  replan,
  withChanges,
  type Plan,
  type PlanChange,
  type PlanInput,
  type ReplanResult,
} from "../domain/plan/index.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { answersForDay, type AnswerRecord } from "../store/answers.ts";
import { latestPublishedPlan } from "../store/plans.ts";
import { attendanceForDay, attendanceUnchangedStatements, isAttendanceChanged, type Attendance } from "./roll-call.ts";
import {
  latestPublication,
  maxVersion,
  planChangesForDay,
  replannedVersionStatements,
  type ChangeKind,
  type PlanChangeRecord,
  type PublicationRecord,
} from "../store/publications.ts";
import { ensureLinks, urlMap } from "./day-links.ts";
import { changeText, effectiveStatus, planRow, statusCells, type RowContext } from "./day-status.ts";
import { sha256Hex } from "./generate.ts";
import { broadcastFor, messageRows } from "./publish.ts";

export interface ReplanDeps {
  db: D1Database;
  community: Community;
  date: string;
  now: number;
  secret: string;
  actor: string;
  enqueue: (rows: OutboxRow[]) => Promise<unknown>;
}

export type ReplanOutcome =
  | { status: "replanned"; version: number; changes: Omit<PlanChangeRecord, "version">[] }
  /**
   * `not_absent`: a no-show to refill is no longer marked 未到 (they checked in meanwhile);
   * `roll_call_changed`: marks kept changing under every attempt, so nothing was written.
   */
  | { status: "nothing_to_do"; reason: string };

const ATTEMPTS = 5;

/**
 * `decline`: take the volunteer off the plan; `rejoin`: put a volunteer who declined back on;
 * `no_show`: on the day, someone marked 未到 at the roll call is taken off and their duty refilled,
 * moving nobody who has already checked in.
 */
export type ReplanChange = { kind: "decline" | "rejoin" | "no_show"; volunteerId: string };

export async function replanDay(deps: ReplanDeps, change: ReplanChange): Promise<ReplanOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const draft = await draftReplan(deps, change);
      if (draft.status !== "draft") return draft;
      const stored = await storeReplan(deps, draft);
      if (stored.status !== "roll_call_changed") return stored;
      // Someone it would move checked in meanwhile: replan from the new marks, which lock them.
      if (attempt >= ATTEMPTS) return { status: "nothing_to_do", reason: "roll_call_changed" };
    } catch (error) {
      if (attempt >= ATTEMPTS || !/UNIQUE|PRIMARY KEY|constraint/i.test(String(error))) throw error;
    }
  }
}

/** A replan made from one read of the day, not written yet (see `storeReplan`). */
export interface ReplanDraft {
  status: "draft";
  change: ReplanChange;
  day: DayState;
  /** The published version it starts from, and the highest version number of the day. */
  previous: number;
  top: number;
  input: PlanInput;
  engineChange: PlanChange;
  replanned: ReplanResult;
}

/**
 * Reads the day and makes the replan, writing nothing: the first half of `replanDay`, exported so
 * a test can put a check-in between the read and the write.
 */
export async function draftReplan(deps: ReplanDeps, change: ReplanChange): Promise<ReplanDraft | ReplanOutcome> {
  const { db, community, date } = deps;
  const [published, publication, answers, changes, top, attendance] = await Promise.all([
    latestPublishedPlan(db, community.slug, date),
    latestPublication(db, community.slug, date),
    answersForDay(db, community.slug, date),
    planChangesForDay(db, community.slug, date),
    maxVersion(db, community.slug, date),
    attendanceForDay(db, community.slug, date),
  ]);
  if (!published || !publication) return { status: "nothing_to_do", reason: "not_published" };
  const day = { published: published.plan, publication, answers, changes, attendance };
  const run = replanOf(day, change);
  if (!run.ok) return { status: "nothing_to_do", reason: run.reason };
  return { status: "draft", change, day, previous: published.version, top, ...run };
}

/**
 * Writes a drafted replan as the next published version, in one D1 batch that first rechecks the
 * roll call of everyone the replan changes (the no-show included): when any mark differs from
 * what the draft read (someone checked in, or a no-show turned up), nothing is written and the
 * answer is `roll_call_changed`, for the caller to draft again. Fails with a UNIQUE constraint
 * error when another replan took the version number first.
 */
export async function storeReplan(
  deps: ReplanDeps,
  draft: ReplanDraft,
): Promise<ReplanOutcome | { status: "roll_call_changed" }> {
  const { db, community, date } = deps;
  const { day, input, engineChange, replanned } = draft;
  const { publication, answers, changes, attendance } = day;
  const { diff } = replanned;
  const newChanges = diff.map((d) => ({
    volunteerId: d.volunteerId,
    change: (d.after === null ? "left" : d.before === null ? "joined" : "moved") as ChangeKind,
    replaces: d.replaces,
  }));
  const version = Math.max(draft.top, draft.previous) + 1;
  // The covering standby (and anyone else moved) is told on their page and in the 变化 column.
  const plan = withChanges(
    day.published,
    replanned.plan,
    version,
    new Map(diff.flatMap((d) => (d.replaces ? [[d.volunteerId, d.replaces] as const] : []))),
  );
  const publishedAt = new Date(deps.now).toISOString();

  const links = await ensureLinks({
    db,
    secret: deps.secret,
    community: community.slug,
    date,
    timeZone: community.timeZone,
    origin: publication.details.origin,
    volunteerIds: plan.assignments.map((a) => a.volunteerId),
    now: deps.now,
  });
  const messages = broadcastFor(plan, publication.details, links, community.language);
  const inputHash = await sha256Hex(JSON.stringify({ ...input, change: engineChange, previous: draft.previous }));
  const touched = [...new Set([draft.change.volunteerId, ...diff.map((d) => d.volunteerId)])];
  try {
    await db.batch([
      ...attendanceUnchangedStatements(db, community.slug, date, touched, attendance),
      ...replannedVersionStatements(
        db,
        { ...publication, version, publishedAt, actor: deps.actor, messageParts: messages.length },
        plan,
        inputHash,
        newChanges,
      ),
    ]);
  } catch (error) {
    if (isAttendanceChanged(error)) return { status: "roll_call_changed" };
    throw error;
  }

  // The sheet: full rows for everyone who moved or joined, status and note for who left.
  const ctx: RowContext = {
    names: publication.details.names,
    links: urlMap(links),
    answers: new Map(answers.map((a) => [a.volunteerId, a])),
    changes: [...changes, ...newChanges.map((c) => ({ ...c, version }))],
    timeZone: community.timeZone,
    language: community.language,
  };
  const rows: OutboxRow[] = newChanges.map((c) => ({
    tab: "plan" as const,
    cells:
      c.change === "left"
        ? {
            date,
            volunteer_id: c.volunteerId,
            ...statusCells(c.volunteerId, ctx),
            change: changeText(plan, c.volunteerId, community.language),
          }
        : planRow(plan, c.volunteerId, ctx),
  }));
  rows.push(...messageRows(date, messages, publication.messageParts, localStamp(deps.now, community.timeZone)));
  await deps.enqueue(rows);
  return { status: "replanned", version, changes: newChanges };
}

interface DayState {
  published: Plan;
  publication: PublicationRecord;
  answers: AnswerRecord[];
  changes: PlanChangeRecord[];
  attendance: ReadonlyMap<string, Attendance>;
}

/**
 * The engine's replan for one change, stored or not: from the input frozen at publish, minus
 * everyone off the day (a decline, or marked 未到 at the roll call), with everyone checked in
 * locked to their duty.
 */
function replanOf(
  day: DayState,
  change: ReplanChange,
): { ok: true; input: PlanInput; engineChange: PlanChange; replanned: ReplanResult } | { ok: false; reason: string } {
  const { published, publication, answers, changes, attendance } = day;
  const onPlan = published.assignments.some((a) => a.volunteerId === change.volunteerId);
  if (change.kind !== "rejoin" && !onPlan) return { ok: false, reason: "not_on_plan" };
  if (change.kind === "rejoin" && onPlan) return { ok: false, reason: "already_on_plan" };
  // A no-show who checked in after all (between the captain's tap and now) has nobody to replace.
  if (change.kind === "no_show" && attendance.get(change.volunteerId)?.present !== false) {
    return { ok: false, reason: "not_absent" };
  }
  // A standby has no duty to refill (the console hides the button; a stale form still posts).
  if (
    change.kind === "no_show" &&
    published.assignments.some((a) => a.volunteerId === change.volunteerId && a.kind === "standby")
  ) {
    return { ok: false, reason: "standby" };
  }

  // Off the day: everyone whose answer is a decline, everyone the roll call marked 未到, and every
  // no-show whose duty a refill gave to someone else and who turned up late (marked 到 since): the
  // refill stands, and a later refill must not hand them a vacant duty (or standby) that nobody
  // tells them about. Giving them a duty again is the organizers' decision, not the engine's.
  // Only those someone replaces: a standby marked 未到 by mistake, taken off by an unrelated
  // refill and corrected to 到, is back in the pool.
  const onPlanNow = new Set(published.assignments.map((a) => a.volunteerId));
  const declined = new Set([
    ...answers.filter((a) => effectiveStatus(a.volunteerId, a, changes) === "declined").map((a) => a.volunteerId),
    ...[...attendance.values()].filter((a) => !a.present).map((a) => a.volunteerId),
    ...[...attendance.keys()].filter((id) => !onPlanNow.has(id) && changes.some((c) => c.replaces === id)),
  ]);
  // Whoever has checked in keeps their duty: a refill never moves someone already at work.
  const arrived = new Set([...attendance.values()].filter((a) => a.present).map((a) => a.volunteerId));
  const input: PlanInput = {
    ...publication.input,
    volunteers: publication.input.volunteers.filter(
      (v) => !declined.has(v.id) || (change.kind === "rejoin" && v.id === change.volunteerId),
    ),
    previous: null,
  };
  let engineChange: PlanChange;
  if (change.kind === "decline" || change.kind === "no_show") {
    engineChange = { kind: "decline", volunteerId: change.volunteerId };
  } else {
    const volunteer = publication.input.volunteers.find((v) => v.id === change.volunteerId);
    if (!volunteer) return { ok: false, reason: "not_signed_up" };
    engineChange = { kind: "signup", volunteer };
  }
  return {
    ok: true,
    input,
    engineChange,
    replanned: replan(published, input, engineChange, { locked: arrived, names: publication.details.names }),
  };
}

/**
 * Whom refilling each no-show would call in, before anyone taps (issue 14, part 2: the page
 * offers the best standby for that exact duty): the same replan the tap runs, not stored. The
 * person who takes the no-show's place (a standby, or a neighbour who adds the buildings), or
 * null when nobody would.
 *
 * @example
 * const offers = await refillOffers(db, community, "2022-04-19", ["V034"]);
 * offers.get("V034"); // "V117"
 */
export async function refillOffers(
  db: D1Database,
  community: Community,
  date: string,
  absent: readonly string[],
): Promise<Map<string, string | null>> {
  const offers = new Map<string, string | null>();
  if (absent.length === 0) return offers;
  const [published, publication, answers, changes, attendance] = await Promise.all([
    latestPublishedPlan(db, community.slug, date),
    latestPublication(db, community.slug, date),
    answersForDay(db, community.slug, date),
    planChangesForDay(db, community.slug, date),
    attendanceForDay(db, community.slug, date),
  ]);
  if (!published || !publication) return offers;
  const day = { published: published.plan, publication, answers, changes, attendance };
  for (const id of absent) {
    const run = replanOf(day, { kind: "no_show", volunteerId: id });
    offers.set(id, run.ok ? (run.replanned.diff.find((d) => d.replaces === id)?.volunteerId ?? null) : null);
  }
  return offers;
}

/**
 * Brings the published plan in line with the answers: everyone still on it who has declined is
 * taken off (one replan each). Run after publishing, and again whenever a replan might have been
 * interrupted, so a decline whose replan failed is not forgotten.
 */
export async function reconcileDeclines(deps: ReplanDeps): Promise<ReplanOutcome[]> {
  const { db, community, date } = deps;
  const [published, answers, changes] = await Promise.all([
    latestPublishedPlan(db, community.slug, date),
    answersForDay(db, community.slug, date),
    planChangesForDay(db, community.slug, date),
  ]);
  if (!published) return [];
  const on = new Set(published.plan.assignments.map((a) => a.volunteerId));
  const pending = answers
    .filter((a) => on.has(a.volunteerId) && effectiveStatus(a.volunteerId, a, changes) === "declined")
    .map((a) => a.volunteerId);
  const outcomes: ReplanOutcome[] = [];
  for (const volunteerId of pending) {
    const outcome = await replanDay(deps, { kind: "decline", volunteerId });
    if (outcome.status === "replanned") outcomes.push(outcome);
  }
  return outcomes;
}

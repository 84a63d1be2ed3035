/**
 * Publish a day: freeze the latest plan version, issue one link per volunteer on it (keeping the
 * links already issued), compose the group message, and queue the Plan tab (link, status) and the
 * Messages tab in the outbox. D1 is written first; the sheet follows through the outbox, so
 * publishing never fails because Google is busy.
 */
import { compoundBuildings } from "./day-work.ts";
import type { Community } from "../community.ts";
import { chineseOnly, groupMessages, POSTS_GROUP, STANDBY_GROUP, type BroadcastLine } from "../domain/broadcast.ts";
import { terms } from "../domain/glossary.ts";
import type { Language } from "../domain/language.ts";
import { addDays, localStamp } from "../domain/local-time.ts";
import type { Snapshot } from "../domain/model.ts";
import { diffAssignments, type Plan, type PlanInput } from "../domain/plan/index.ts";
import { planInputFromSnapshot } from "../domain/plan-input.ts";
import { ApiError } from "../api-error.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { answersForDay } from "../store/answers.ts";
import { latestPlan, latestPublishedPlan } from "../store/plans.ts";
import {
  changeStatements,
  type ChangeKind,
  latestPublication,
  namesForVersion,
  planChangesForDay,
  publishStatements,
  type PublicationDetails,
  type PublicationRecord,
} from "../store/publications.ts";
import { latestSnapshot } from "../store/snapshots.ts";
import { ensureLinks, urlMap, type IssuedLink } from "./day-links.ts";
import { publishedRows, type RowContext } from "./day-status.ts";
import { planSeed } from "./generate.ts";
import { postLabel } from "./plan-tab.ts";

export interface PublishDeps {
  db: D1Database;
  community: Community;
  date: string;
  now: number;
  origin: string;
  secret: string;
  actor: string;
  enqueue: (rows: OutboxRow[]) => Promise<unknown>;
}

export interface PublishResult {
  date: string;
  version: number;
  publishedAt: string;
  links: Array<{
    volunteerId: string;
    name: string;
    post: string;
    url: string | null;
    issued: "new" | "existing";
    expiresAt: string;
  }>;
  messages: string[];
  /** Rows queued for the sheet. */
  queued: number;
}

export async function publishPlan(deps: PublishDeps): Promise<PublishResult> {
  const { db, community, date } = deps;
  const [latest, published, previousPublication, snapshot, yesterday] = await Promise.all([
    latestPlan(db, community.slug, date),
    latestPublishedPlan(db, community.slug, date),
    latestPublication(db, community.slug, date),
    latestSnapshot(db, community.slug),
    latestPublishedPlan(db, community.slug, addDays(date, -1)),
  ]);
  if (!latest) {
    throw new ApiError(
      404,
      "no_plan",
      "这一天还没有分工，请先生成（generate）。",
      "There is no plan for this date yet: generate it first.",
    );
  }
  const plan = latest.plan;
  const publishedAt = new Date(deps.now).toISOString();
  // Replans start from the engine input of the first publish of the day, or of this version.
  const input =
    previousPublication && published?.version === latest.version
      ? previousPublication.input
      : snapshot
        ? planInputFromSnapshot(snapshot.snapshot, {
            date,
            seed: await planSeed(community.slug, date),
            yesterday: yesterday?.plan ?? null,
            standbyShare: community.settings.standbyShare,
          })
        : (previousPublication?.input ?? {
            date,
            seed: 0,
            buildings: [],
            volunteers: [],
            workflow: [],
            parcels: [],
            supplies: [],
          });
  const details: PublicationDetails = {
    communityName: community.name,
    origin: deps.origin,
    assembly: assemblyOf(plan, snapshot?.snapshot),
    names: {
      ...previousPublication?.details.names,
      ...(await namesForVersion(db, community.slug, date, latest.version)),
      ...rosterNames(snapshot?.snapshot, new Set(input.volunteers.map((v) => v.id))),
    },
    captains: captainsOf(plan, input, snapshot?.snapshot),
  };

  const links = await ensureLinks({
    db,
    secret: deps.secret,
    community: community.slug,
    date,
    timeZone: community.timeZone,
    origin: deps.origin,
    volunteerIds: plan.assignments.map((a) => a.volunteerId),
    now: deps.now,
  });
  const messages = broadcastFor(plan, details, links, community.language);
  const publication: PublicationRecord = {
    community: community.slug,
    date,
    version: latest.version,
    publishedAt,
    actor: deps.actor,
    input,
    details,
    messageParts: messages.length,
  };
  // A later version of a published day says who left, joined or moved, so their answers reset
  // (day-status.ts) and pages, the Plan tab and the console tell them.
  const moves =
    published && published.version !== latest.version ? changeRecords(published.plan, plan, latest.version) : [];
  await db.batch([...publishStatements(db, publication), ...changeStatements(db, publication, moves)]);

  const [answers, changes] = await Promise.all([
    answersForDay(db, community.slug, date),
    planChangesForDay(db, community.slug, date),
  ]);
  const ctx: RowContext = {
    names: details.names,
    links: urlMap(links),
    answers: new Map(answers.map((a) => [a.volunteerId, a])),
    changes,
    timeZone: community.timeZone,
    language: community.language,
  };
  const rows: OutboxRow[] = [
    ...publishedRows(plan, ctx).map((cells) => ({ tab: "plan" as const, cells })),
    ...messageRows(date, messages, previousPublication?.messageParts ?? 0, localStamp(deps.now, community.timeZone)),
    // The Progress tab lists every building of the day from the start, in walking order; only
    // the IDs and zone are written, so a republish never blanks a stage already ticked.
    ...compoundBuildings(input).map((b) => ({
      tab: "progress" as const,
      cells: { date, building: b.id, zone: b.zone },
    })),
  ];
  await deps.enqueue(rows);

  return {
    date,
    version: latest.version,
    publishedAt,
    links: plan.assignments.map((a) => {
      const link = links.get(a.volunteerId)!;
      return {
        volunteerId: a.volunteerId,
        name: details.names[a.volunteerId] ?? a.volunteerId,
        // The API speaks both languages whatever the community's setting (tools read it).
        post: postLabel(plan, a.volunteerId, "zh+en"),
        url: link.url,
        issued: link.issued,
        expiresAt: new Date(link.expiresAt).toISOString(),
      };
    }),
    messages,
    queued: rows.length,
  };
}

function firstShift(plan: Plan, volunteerId: string): string | null {
  return plan.assignments.find((a) => a.volunteerId === volunteerId)?.postId ?? null;
}

/**
 * The group messages: one per zone (its route walkers by building), then the fixed posts (by
 * start time), then standby. A volunteer whose link was issued earlier and cannot be shown again
 * is listed with a note instead of a link.
 */
export function broadcastFor(
  plan: Plan,
  details: PublicationDetails,
  links: ReadonlyMap<string, Pick<IssuedLink, "url">>,
  language: Language,
): string[] {
  const en = language === "en";
  const name = (id: string) => details.names[id] ?? id;
  const link = (id: string) => links.get(id)?.url ?? (en ? "(link sent earlier)" : "（链接之前已发）");
  const lines: BroadcastLine[] = [
    ...plan.routes.flatMap((r) =>
      r.volunteerIds.map((id) => ({
        group: r.zone,
        place: r.buildings.join("、"),
        sortKey: r.buildings[0] ?? "",
        name: name(id),
        link: link(id),
      })),
    ),
    // A crew member holding several shifts as one block is listed once, under the first.
    ...plan.posts.flatMap((p) =>
      p.volunteerIds
        .filter((id) => firstShift(plan, id) === p.id)
        .map((id) => ({
          group: POSTS_GROUP,
          place: `${en ? p.en : chineseOnly(p.zh)} ${p.start}`,
          sortKey: `${p.start} ${p.zh}`,
          name: name(id),
          link: link(id),
        })),
    ),
    ...plan.assignments
      .filter((a) => a.kind === "standby")
      .map((a) => ({
        group: STANDBY_GROUP,
        place: `${en ? terms.standby.en : terms.standby.zh} ${a.start}`,
        sortKey: a.start,
        name: name(a.volunteerId),
        link: link(a.volunteerId),
      })),
  ];
  return groupMessages({
    community: details.communityName,
    date: plan.date,
    assembly: details.assembly,
    lines,
    language,
  });
}

/** Messages-tab rows; parts a shorter message no longer has are blanked, not left stale. */
export function messageRows(
  date: string,
  messages: readonly string[],
  previousCount: number,
  stamp: string,
): OutboxRow[] {
  const rows: OutboxRow[] = messages.map((text, i) => ({
    tab: "messages",
    cells: { date, part: String(i + 1), text, updated_at: stamp },
  }));
  for (let i = messages.length; i < previousCount; i++) {
    rows.push({ tab: "messages", cells: { date, part: String(i + 1), text: "", updated_at: stamp } });
  }
  return rows;
}

/** The assembly step (集合培训) of the day: from the route timetable, with the workflow's note. */
function assemblyOf(plan: Plan, snapshot: Snapshot | undefined): PublicationDetails["assembly"] {
  const stage = plan.routes.flatMap((r) => r.timetable).find((s) => s.task === "assembly");
  const step = snapshot?.workflow.find((w) => w.id === stage?.stepId);
  if (stage) return { start: stage.start, place: stage.place, note: step?.note ?? "" };
  const first = [...plan.assignments].sort((a, b) => a.start.localeCompare(b.start))[0];
  return first ? { start: first.start, place: null, note: "" } : null;
}

/** Names of the day's sign-ups (not the whole roster: the page and message need no more). */
/** Per zone, the route volunteers holding the captain role, with their roster phone. */
function captainsOf(plan: Plan, input: PlanInput, snapshot: Snapshot | undefined): PublicationDetails["captains"] {
  const captainRole = input.rules?.captainRole ?? "captain";
  const roles = new Map(input.volunteers.map((v) => [v.id, v.roles]));
  const roster = new Map((snapshot?.volunteers ?? []).map((v) => [v.id, v]));
  const out: NonNullable<PublicationDetails["captains"]> = {};
  for (const route of plan.routes) {
    for (const id of route.volunteerIds) {
      const person = roster.get(id);
      if (!person || !roles.get(id)?.includes(captainRole)) continue;
      const list = (out[route.zone] ??= []);
      if (!list.some((c) => c.id === id)) list.push({ id, name: person.name, phone: person.phone });
    }
  }
  return out;
}

function rosterNames(snapshot: Snapshot | undefined, ids: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries((snapshot?.volunteers ?? []).filter((v) => ids.has(v.id)).map((v) => [v.id, v.name]));
}

/** Left, joined or moved between two versions, with whose place a mover took (from `next.changes`). */
export function changeRecords(
  previous: Plan,
  next: Plan,
  version: number,
): Array<{ volunteerId: string; change: ChangeKind; replaces: string | null }> {
  const replaces = new Map(
    (next.changes ?? []).filter((c) => c.version === version).map((c) => [c.volunteerId, c.replaces]),
  );
  return diffAssignments(previous.assignments, next.assignments).map((d) => ({
    volunteerId: d.volunteerId,
    change: d.after === null ? "left" : d.before === null ? "joined" : "moved",
    replaces: replaces.get(d.volunteerId) ?? null,
  }));
}

/**
 * What the organizer console shows for a date, from D1 alone (no Sheets call, so looking costs
 * no quota): the latest plan by zone with every volunteer's answer and link, who is at risk,
 * uncovered buildings, supplies against stock, the group message and the last sync's problems.
 *
 * "At risk" is the morning chase's rule (src/cron/jobs.ts): on a published plan, a volunteer who
 * has not answered by the community's chase time (06:30) on the day itself.
 */
import { supplyForecast, type SupplyForecast } from "../domain/digest.ts";
import { terms } from "../domain/glossary.ts";
import {
  attendanceForDay,
  presentCell,
  rollCallOpensAt,
  takenOff,
  zoneRoster,
  type Attendance,
  type FormerDuty,
} from "./roll-call.ts";
import type { Board } from "../domain/progress.ts";
import { dayProgress } from "./day-summary.ts";
import { nearestHelpers } from "../domain/nearest-route.ts";
import { waveTotals } from "./gate-counts.ts";
import type { Settings } from "../domain/settings.ts";
import { openDeadJobs } from "../store/dead-jobs.ts";
import { parkingOf } from "../store/sheet-parking.ts";
import type { Community } from "../community.ts";
import { addDays, localDate, localStamp, localTimeToEpoch } from "../domain/local-time.ts";
import type { Notice, Plan, PlanMetrics, Shortfall, SupplyLine } from "../domain/plan/index.ts";
import { tabKeys, tabSpec, type TabKey } from "../sheets/manifest.ts";
import { changedDutyMessage } from "../domain/broadcast.ts";
import { dayMessages } from "../store/day-messages.ts";
import { buildingZones, lastDuties, lastSync, type LastSync } from "../store/console-reads.ts";
import type { SyncProblem } from "../store/snapshots.ts";
import { linksForDay } from "../store/links.ts";
import { latestPlan, latestPublishedPlan } from "../store/plans.ts";
import { latestPublication } from "../store/publications.ts";
import { linkUrl } from "./day-links.ts";
import { dayReport } from "./day-report.ts";
import { refillOffers } from "./replan-day.ts";
import { linkKeys } from "./link-keys.ts";
import { broadcastFor } from "./publish.ts";

export type ConsoleStatus = "draft" | "pending" | "at_risk" | "confirmed" | "declined";
export const consoleStatuses: readonly ConsoleStatus[] = ["confirmed", "declined", "pending", "at_risk", "draft"];
export type StatusCounts = Record<ConsoleStatus, number>;

export interface ConsolePerson {
  id: string;
  name: string;
  status: ConsoleStatus;
  /** Local "MM-DD HH:mm" of the answer. */
  answeredAt: string | null;
  reason: string;
  /** The volunteer's link while it is valid (unsealed from D1), else null. */
  url: string | null;
  /** Name of the volunteer whose place this one took. */
  replaces: string | null;
}

export interface ConsoleRoute {
  id: string;
  zone: string;
  buildings: string[];
  households: number;
  parcels: number;
  start: string;
  end: string;
  requiredTeam: number;
  people: ConsolePerson[];
}

export interface ConsolePost {
  id: string;
  zh: string;
  en: string;
  start: string;
  end: string;
  place: string | null;
  headcount: number;
  missing: number;
  people: ConsolePerson[];
}

/** One line of the at-a-glance table: a zone, the fixed posts, or standby. */
export interface GroupSummary {
  kind: "zone" | "posts" | "standby";
  /** The zone's name (empty for posts and standby). */
  zone: string;
  buildings: number;
  covered: number;
  counts: StatusCounts;
}

export interface LeftVolunteer {
  id: string;
  name: string;
  reason: string;
  answeredAt: string | null;
  replacedBy: string | null;
  /** Where they would have been: a zone, "posts" or "standby"; null when unknown. */
  group: string | null;
}

export interface ConsolePlan {
  version: number;
  status: "draft" | "published";
  createdAt: string;
  /** The newest published version, which volunteers see (may be older than `version`). */
  published: { version: number; at: string } | null;
  totals: StatusCounts & { onPlan: number };
  groups: GroupSummary[];
  routes: ConsoleRoute[];
  posts: ConsolePost[];
  standby: ConsolePerson[];
  left: LeftVolunteer[];
  /** Buildings on no route, with their zone when the last sync knows it. */
  uncovered: Array<{
    building: string;
    zone: string | null;
    /** On the published day: the nearest route volunteer who could add it (see nearest-route.ts). */
    nearest?: { name: string; from: string; present: boolean } | null;
  }>;
  shortfalls: Shortfall[];
  supplies: SupplyLine[];
  /**
   * The same supplies as the digest counts them (supplyForecast): used today (from who came, once
   * the roll call has marked anyone present), what the plan counted on, and the days of stock left
   * at today's use; in the order of `supplies`. `counted` is true once it is from the roll call.
   */
  supplyUse: { counted: boolean; lines: SupplyForecast[] };
  warnings: Notice[];
  metrics: PlanMetrics;
  assembly: { start: string; place: string | null } | null;
}

export interface ConsoleDay {
  date: string;
  /** The roll call of a published day, per zone then the fixed posts (null before publishing). */
  rollCall?: Array<{
    group: string;
    people: Array<{
      id: string;
      name: string;
      mark: { present: boolean; time: string } | null;
      /** Taken off the plan by a refill: still marked here, nothing left to refill. */
      refilled?: boolean;
      /** On standby (waiting at home, no duty yet): nothing to refill either. */
      standby?: boolean;
      /** A no-show not refilled yet: the name of whoever the refill would call in (null: nobody). */
      offer?: string | null;
    }>;
  }> | null;
  /** The compound's progress board (zones × buildings × stages) once the day has begun. */
  board?: Board | null;
  /** The gate's parcel counts per wave (null before the day begins). */
  gateTotals?: ReturnType<typeof waveTotals> | null;
  /** The community's language and rules, for the 设置 section. */
  settings: Settings;
  today: string;
  tomorrow: string;
  communityName: string;
  /** The community's IANA zone, for the times the day's work shows. */
  timeZone: string;
  /** Local "YYYY-MM-DD HH:mm" from which unanswered volunteers count as at risk. */
  atRiskFrom: string;
  plan: ConsolePlan | undefined;
  /** The ready-to-paste group message of the published version, in parts (WeChat's limit). */
  messages: string[];
  lastSync: (Omit<LastSync, "problems"> & { at: string; problems: ConsoleProblem[] }) | undefined;
  /**
   * 需要通知: everyone whose duty changed since the day was first published and who has not
   * confirmed the new one, each with a private message ready to copy (name, new duty, link).
   */
  notify: NotifyPerson[];
  /** The morning reminder and the digest as the cron wrote them (parts to copy), webhooks or not. */
  dayTexts: { reminder: string[]; digest: string[]; wrap_up: string[] };
  /** Set while the community's sheet refuses writes for good (src/sheets/outbox.ts parks them). */
  sheetParked: { zh: string; en: string; pending: number; since: string } | undefined;
  /** The email the sheet must be shared with (Google backend; set by the console route). */
  serviceAccount?: string;
  /** Scheduled jobs that ran out of retries and have not run since (src/cron/fan-out.ts). */
  deadJobs: Array<{ job: string; date: string; attempts: number; at: string }>;
}

export interface NotifyPerson {
  id: string;
  name: string;
  before: { zh: string; en: string } | null;
  after: { zh: string; en: string };
  url: string | null;
  /** The private message to paste to them, in Chinese (what the compound's chats use). */
  message: string;
}

/** A problem with its tab and column named as the sheet's headers name them, in both languages. */
export type ConsoleProblem = SyncProblem & {
  tabLabel: { zh: string; en: string };
  columnLabel: { zh: string; en: string } | null;
};

function labelled(p: SyncProblem): ConsoleProblem {
  const spec = (tabKeys as readonly string[]).includes(p.tab) ? tabSpec(p.tab as TabKey) : undefined;
  const column = spec?.columns.find((c) => c.key === p.column);
  return {
    ...p,
    tabLabel: spec ? { zh: spec.zh, en: spec.en } : { zh: p.tab, en: p.tab },
    columnLabel: column ? { zh: column.zh, en: column.en } : null,
  };
}

const zeroCounts = (): StatusCounts => ({ draft: 0, pending: 0, at_risk: 0, confirmed: 0, declined: 0 });

export async function consoleDay(deps: {
  db: D1Database;
  community: Community;
  date: string;
  now: number;
  secret: string;
}): Promise<ConsoleDay> {
  const { db, community, date, now } = deps;
  const slug = community.slug;
  const zone = community.timeZone;
  const today = localDate(now, zone);
  const atRiskAt = localTimeToEpoch(date, community.times.chase, zone);
  const [report, record, published, publication, links, sync, parked, dead, texts] = await Promise.all([
    dayReport(db, community, date, now),
    latestPlan(db, slug, date),
    latestPublishedPlan(db, slug, date),
    latestPublication(db, slug, date),
    linksForDay(db, slug, date),
    lastSync(db, slug),
    parkingOf(db, community.spreadsheetId),
    openDeadJobs(db, slug),
    dayMessages(db, slug, date),
  ]);
  const base: ConsoleDay = {
    date,
    today,
    tomorrow: addDays(today, 1),
    communityName: community.name,
    timeZone: community.timeZone,
    settings: community.settings,
    atRiskFrom: `${date} ${community.times.chase}`,
    plan: undefined,
    messages: [],
    notify: [],
    dayTexts: texts,
    lastSync: sync
      ? { ...sync, at: localStamp(Date.parse(sync.takenAt), zone), problems: sync.problems.map(labelled) }
      : undefined,
    sheetParked: parked
      ? { zh: parked.zh, en: parked.en, pending: parked.pending, since: localStamp(parked.since, zone) }
      : undefined,
    deadJobs: dead.map((d) => ({
      job: d.job,
      date: d.date,
      attempts: d.attempts,
      at: localStamp(Date.parse(d.deadAt), zone),
    })),
  };
  if (!report || !record) return base;

  const keys = await linkKeys(deps.secret);
  const origin = publication?.details.origin ?? "";
  const urls = new Map<string, string>();
  for (const link of links) {
    if (link.revokedAt !== null || now >= link.expiresAt) continue;
    const code = await keys.open(link.codeSealed);
    if (code) urls.set(link.volunteerId, linkUrl(origin, code));
  }
  const names = new Map<string, string>([
    ...report.assignments.map((a) => [a.volunteerId, a.name] as const),
    ...report.left.map((l) => [l.volunteerId, l.name] as const),
  ]);
  // A name, never the internal ID while any record of the day has one (the ID is the last resort).
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? publication?.details.names[id] ?? id) : null);
  const stamp = (iso: string | null | undefined) => (iso ? localStamp(Date.parse(iso), zone) : null);
  const statusOf = (status: string): ConsoleStatus => {
    if (status === "pending" && record.status === "published" && now >= atRiskAt) return "at_risk";
    return status as ConsoleStatus;
  };
  const people = new Map<string, ConsolePerson>(
    report.assignments.map((a) => [
      a.volunteerId,
      {
        id: a.volunteerId,
        name: a.name,
        status: statusOf(a.status),
        answeredAt: stamp(a.answer?.answeredAt),
        reason: a.answer?.reason ?? "",
        url: urls.get(a.volunteerId) ?? null,
        replaces: nameOf(a.replaces),
      },
    ]),
  );
  const person = (id: string) => people.get(id)!;
  const reportStatus = new Map([
    ...report.assignments.map((a) => [a.volunteerId, a.status] as const),
    ...report.left.map((l) => [l.volunteerId, l.status] as const),
  ]);
  const statusOfDay = (id: string) => reportStatus.get(id) ?? "pending";

  const plan: Plan = record.plan;
  const zones = await buildingZones(db, slug);
  for (const route of plan.routes) for (const b of route.buildings) zones.set(b, route.zone);
  const groups = new Map<string, GroupSummary>();
  const group = (kind: GroupSummary["kind"], name: string) => {
    const key = `${kind}:${name}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind, zone: name, buildings: 0, covered: 0, counts: zeroCounts() }));
    return g;
  };
  // Zones in the plan's order (routes are in zone order), then zones that only have uncovered buildings.
  for (const route of plan.routes) group("zone", route.zone);
  for (const building of [...plan.routes.flatMap((r) => r.buildings), ...plan.uncovered]) {
    const g = group("zone", zones.get(building) ?? "?");
    g.buildings += 1;
    if (!plan.uncovered.includes(building)) g.covered += 1;
  }
  for (const route of plan.routes)
    for (const id of route.volunteerIds) group("zone", route.zone).counts[person(id).status]++;
  for (const post of plan.posts) for (const id of post.volunteerIds) group("posts", "").counts[person(id).status]++;
  const standbyIds = plan.assignments.filter((a) => a.kind === "standby").map((a) => a.volunteerId);
  for (const id of standbyIds) group("standby", "").counts[person(id).status]++;

  const leftIds = report.left.filter((l) => l.status === "declined").map((l) => l.volunteerId);
  const duties = await lastDuties(db, slug, date, leftIds);
  const left: LeftVolunteer[] = report.left
    .filter((l) => l.status === "declined")
    .map((l) => {
      const duty = duties.get(l.volunteerId);
      const where: { kind: GroupSummary["kind"]; zone: string } | null =
        duty?.kind === "route"
          ? { kind: "zone", zone: duty.postId?.split("/")[0] ?? "?" }
          : duty
            ? { kind: duty.kind === "post" ? "posts" : "standby", zone: "" }
            : null;
      if (where) group(where.kind, where.zone).counts.declined++;
      return {
        id: l.volunteerId,
        name: l.name,
        reason: l.answer?.reason ?? "",
        answeredAt: stamp(l.answer?.answeredAt),
        replacedBy: nameOf(l.replacedBy),
        group: where ? where.zone || where.kind : null,
      };
    });

  const totals = { ...zeroCounts(), onPlan: plan.assignments.length };
  for (const p of people.values()) totals[p.status]++;
  totals.declined += left.length;
  const order = { zone: 0, posts: 1, standby: 2 } as const;

  const messages =
    published && publication
      ? broadcastFor(
          published.plan,
          publication.details,
          new Map([...urls].map(([id, url]) => [id, { url }])),
          community.language,
        )
      : [];
  const notify: NotifyPerson[] = (published?.plan.changes ?? []).flatMap((c) => {
    const status = statusOfDay(c.volunteerId);
    if (!c.after || status === "confirmed" || status === "declined") return [];
    const name = nameOf(c.volunteerId)!;
    const url = urls.get(c.volunteerId) ?? null;
    return [
      {
        id: c.volunteerId,
        name,
        before: c.before,
        after: c.after,
        url,
        message: changedDutyMessage({
          name,
          date,
          before: (community.language === "en" ? c.before?.en : c.before?.zh) ?? null,
          after: community.language === "en" ? c.after.en : c.after.zh,
          link: url,
          language: community.language,
        }),
      },
    ];
  });
  // The roll call per zone, then the fixed posts, then standby, for organizers: the same lists
  // captains mark, with each no-show a refill took off the plan still where they were expected
  // (coming late, they are marked 到; the refill stands).
  const marks = published ? await attendanceForDay(db, slug, date) : new Map<string, Attendance>();
  const taken = published ? await takenOff(db, { community: slug, date, plan: published.plan, marks }) : new Map();
  const byMark = (a: string, b: string) => marks.get(a)!.at - marks.get(b)!.at;
  const takenTo = (kind: FormerDuty["kind"], zone?: string) =>
    [...taken]
      .filter(([, d]) => d.kind === kind && (d.kind !== "route" || d.zone === zone))
      .map(([id]) => id)
      .sort(byMark);
  // Standby wait at home and are on no list, until one has a mark (an organizer's 未到, say): a
  // standby marked 未到 is left out of the next refill's replan, so it takes them off the plan too.
  // On the plan or off it, they are listed, so a wrong 未到 can be seen and corrected; standby
  // with no mark stay off the roll call.
  const standby = published
    ? published.plan.assignments
        .filter((a) => a.kind === "standby" && marks.has(a.volunteerId))
        .map((a) => a.volunteerId)
    : [];
  const waiting = new Set(standby);
  // Each no-show still on a duty: whom the refill button would call in, named before the tap.
  const offers = await refillOffers(
    db,
    community,
    date,
    [...marks.values()]
      .filter((m) => !m.present && !taken.has(m.volunteerId) && !waiting.has(m.volunteerId))
      .map((m) => m.volunteerId),
  );
  const offerName = (id: string) => {
    const by = offers.get(id);
    return by ? nameOf(by)! : by;
  };
  const rollCall: ConsoleDay["rollCall"] = published
    ? [
        ...[...new Set(published.plan.routes.map((r) => r.zone))].map((z) => ({
          group: z,
          ids: [...zoneRoster(published.plan, z), ...takenTo("route", z)],
        })),
        {
          group: community.language === "en" ? terms.posts.en : terms.posts.zh,
          ids: [
            ...published.plan.assignments.filter((a) => a.kind === "post").map((a) => a.volunteerId),
            ...takenTo("post"),
          ],
        },
        {
          group: community.language === "en" ? terms.standby.en : terms.standby.zh,
          ids: [...standby, ...takenTo("standby")].sort(byMark),
        },
      ]
        .filter((g) => g.ids.length > 0)
        .map((g) => ({
          group: g.group,
          people: g.ids.map((id) => {
            const m = marks.get(id);
            return {
              id,
              // A refilled no-show is off the report: their name is the publication's.
              name: nameOf(id)!,
              mark: m ? { present: m.present, time: presentCell(m, community) } : null,
              refilled: taken.has(id),
              standby: waiting.has(id),
              offer: offerName(id),
            };
          }),
        }))
    : null;
  // The day's work: the whole compound's board and the gate's totals, from the roll call's opening.
  const started =
    published && publication && now >= rollCallOpensAt(published.plan, publication.details, community.timeZone);
  const progress = started ? await dayProgress(db, community, date, now) : null;
  // With nobody left on standby, whom to ask to add a building nobody walks.
  const helpers =
    published && publication && record.version === published.version
      ? nearestHelpers({
          uncovered: plan.uncovered,
          buildings: publication.input.buildings,
          routes: plan.routes,
          present: new Set([...marks.values()].filter((m) => m.present).map((m) => m.volunteerId)),
        })
      : [];
  const board = progress?.board ?? null;
  const gateTotals = progress ? waveTotals(progress.counts) : null;
  return {
    ...base,
    messages,
    notify,
    rollCall,
    board,
    gateTotals,
    plan: {
      version: record.version,
      status: record.status,
      createdAt: localStamp(Date.parse(record.createdAt), zone),
      published: published ? { version: published.version, at: stamp(published.publishedAt) ?? "" } : null,
      totals,
      groups: [...groups.values()].sort((a, b) => order[a.kind] - order[b.kind]),
      routes: plan.routes.map((r) => ({
        id: r.id,
        zone: r.zone,
        buildings: r.buildings,
        households: r.households,
        parcels: r.parcels,
        start: r.start,
        end: r.end,
        requiredTeam: r.requiredTeam,
        people: r.volunteerIds.map(person),
      })),
      posts: plan.posts.map((p) => ({
        id: p.id,
        zh: p.zh,
        en: p.en,
        start: p.start,
        end: p.end,
        place: p.place,
        headcount: p.headcount,
        missing: p.missing,
        people: p.volunteerIds.map(person),
      })),
      standby: standbyIds.map(person),
      left,
      uncovered: plan.uncovered.map((b) => {
        const h = helpers.find((x) => x.building === b);
        const nearest = h
          ? {
              name: nameOf(h.volunteerId)!,
              from: h.from,
              present: marks.get(h.volunteerId)?.present === true,
            }
          : null;
        return { building: b, zone: zones.get(b) ?? null, nearest };
      }),
      shortfalls: plan.shortfalls,
      supplies: plan.supplies,
      supplyUse: supplyUse(plan, marks),
      warnings: plan.warnings,
      metrics: plan.metrics,
      assembly: publication?.details.assembly ?? assemblyOf(plan),
    },
  };
}

/** Supplies used as the digest counts them: one per person the roll call saw, else the plan's. */
function supplyUse(plan: Plan, marks: ReadonlyMap<string, Attendance>): ConsolePlan["supplyUse"] {
  const present = marks.size > 0 ? [...marks.values()].filter((m) => m.present).length : undefined;
  // The console marks nothing: `warn` (the digest's days-ahead setting) is not shown here.
  return { counted: present !== undefined, lines: supplyForecast(plan, 0, present) };
}

function assemblyOf(plan: Plan): { start: string; place: string | null } | null {
  const stage = plan.routes.flatMap((r) => r.timetable).find((s) => s.task === "assembly");
  return stage ? { start: stage.start, place: stage.place } : null;
}

/**
 * `/c/{code}`: the volunteer's link.
 *
 * - GET/HEAD show the duty and change nothing (chat apps fetch links to build previews before a
 *   person taps them).
 * - POST records the answer (form field `answer` = confirm | decline, optional `reason`): D1
 *   first, then the outbox, then a 303 back to the page, which shows the answer. A decline needs
 *   `tail`, the last 4 digits of the roster phone (src/services/decline-check.ts); a wrong one
 *   changes nothing and shows the page again with the reason (400, or 429 when locked).
 * - `/c/{code}/calendar.ics` adds the duty to a phone calendar.
 *
 * Safety: codes are looked up by hash; unknown codes get a friendly 404, and a client with too
 * many misses a 429 for every request, valid code or not, until its block ends (the limiter is
 * asked before the code is looked up; see src/services/miss-limiter.ts); expired or revoked links
 * a 410. POSTs must come from our own page: a foreign Origin, Referer or `Sec-Fetch-Site` is
 * refused before the body is read, the body is capped (413 over 8 KB, ./body-limit.ts), and the
 * form's HMAC token must verify (the page is served with no-referrer, so its own POST may say
 * `Origin: null`; see ./link-guard.ts).
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { cappedForm } from "./body-limit.ts";
import { foreignPost, linkPageHeaders } from "./link-guard.ts";
import { throttleOf } from "./throttle.ts";
import type { Community } from "../community.ts";
import { chineseOnly, dayLabel } from "../domain/broadcast.ts";
import { terms } from "../domain/glossary.ts";
import { dutyCalendar } from "../domain/ics.ts";
import { say } from "../domain/language.ts";
import { isLinkCode } from "../domain/link-code.ts";
import { localStamp, localTimeToEpoch } from "../domain/local-time.ts";
import { NoticePage, VolunteerPage, type VolunteerView } from "../pages/volunteer-page.tsx";
import type { RollCallView } from "../pages/roll-call.tsx";
import type { OutboxRow } from "../sheets/outbox.ts";
import { refillOffers, replanDay } from "../services/replan-day.ts";
import {
  attendanceForDay,
  callsToMake,
  captainedZone,
  markAttendance,
  presentCell,
  rollCallOpensAt,
  zoneRollCall,
} from "../services/roll-call.ts";
import { langFor, pickLang, texts, type Lang } from "../pages/volunteer-texts.ts";
import { parseGateCount } from "../domain/gate-count.ts";
import { isTickable, tickableStages } from "../domain/progress.ts";
import type { Bilingual } from "../domain/language.ts";
import { compoundBuildings, dayWorkView, gateWaves, isGateCrew } from "../services/day-work.ts";
import { recordGateCount } from "../services/gate-counts.ts";
import { tickStage, undoTick } from "../services/stage-ticks.ts";
import { trainingRecordOf } from "../services/training.ts";
import { nearestHelpers } from "../domain/nearest-route.ts";
import { standbySuit } from "../domain/standby.ts";
import { volunteerView } from "../pages/volunteer-view.ts";
import { answerDuty, dutyFromDay, type Duty } from "../services/answer.ts";
import { checkDeclineTail, type TailCheck } from "../services/decline-check.ts";
import { hashCode, linkKeys } from "../services/link-keys.ts";
import { postLabel } from "../services/plan-tab.ts";
import { loadLinkDay } from "../store/link-day.ts";
import { latestPublishedPlan } from "../store/plans.ts";
import { latestPublication } from "../store/publications.ts";
import type { LinkRecord } from "../store/links.ts";

type LinkContext = Context<AppEnv>;

type Resolved =
  | { ok: true; link: LinkRecord; community: Community; duty: Duty; code: string; lang: Lang }
  | { ok: false; response: Response };

function langOf(c: LinkContext): Lang {
  return pickLang(c.req.query("lang"), c.req.header("accept-language"));
}

function notice(c: LinkContext, status: 400 | 403 | 404 | 409 | 410 | 413 | 429, key: NoticeKey, extra?: string) {
  const lang = langOf(c);
  const t = texts[lang];
  const [title, text] = noticeTexts[key](t, extra ?? "");
  const other = lang === "zh" ? "en" : "zh";
  return c.html(<NoticePage lang={lang} title={title} text={text} otherLangHref={`?lang=${other}`} />, status);
}

type NoticeKey =
  | "unknown"
  | "expired"
  | "limited"
  | "notReady"
  | "refused"
  | "tooLarge"
  | "badAnswer"
  | "late"
  | "rollClosed"
  | "workClosed"
  | "notRoute"
  | "notGate"
  | "notCaptain"
  | "badMark"
  | "refillNotAbsent"
  | "refillBusy"
  | "standbyHere"
  | "alreadyHere"
  | "answersOpen"
  | "notOnPlan";
const noticeTexts: Record<NoticeKey, (t: (typeof texts)[Lang], extra: string) => [string, string]> = {
  unknown: (t) => [t.unknownTitle, t.unknown],
  expired: (t, day) => [t.expiredTitle, t.expired(day)],
  limited: (t) => [t.limitedTitle, t.limited],
  notReady: (t) => [t.notReadyTitle, t.notReady],
  refused: (t) => [t.refusedTitle, t.refused],
  tooLarge: (t) => [t.tooLargeTitle, t.tooLarge],
  badAnswer: (t) => [t.badAnswerTitle, t.badAnswer],
  late: (t) => [t.lateTitle, t.tooLate],
  rollClosed: (t) => [t.rollClosedTitle, t.rollClosed],
  workClosed: (t) => [t.workClosedTitle, t.workClosed],
  notRoute: (t) => [t.notAllowedTitle, t.notRoute],
  notGate: (t) => [t.notAllowedTitle, t.notGate],
  notCaptain: (t) => [t.rollNotCaptainTitle, t.rollNotCaptain],
  badMark: (t) => [t.rollBadMarkTitle, t.rollBadMark],
  refillNotAbsent: (t) => [t.refillNotAbsentTitle, t.refillNotAbsent],
  refillBusy: (t) => [t.refillBusyTitle, t.refillBusy],
  standbyHere: (t) => [t.standbyHereTitle, t.standbyHere],
  alreadyHere: (t, time) => [t.alreadyHereTitle, t.alreadyHere(time)],
  answersOpen: (t) => [t.answersOpenTitle, t.answersOpen],
  notOnPlan: (t) => [t.notOnPlanTitle, t.notOnPlan],
};

async function resolve(c: LinkContext): Promise<Resolved> {
  const services = c.var.services;
  const code = c.req.param("code") ?? "";
  const lang = langOf(c);
  const throttle = throttleOf(c, "link");
  const limited = async (seconds: number): Promise<Resolved> => {
    c.header("Retry-After", String(seconds));
    return { ok: false, response: await notice(c, 429, "limited") };
  };
  // Over the limit, a valid code is refused too: a guesser must not learn which guess was right.
  const wait = await throttle.retryAfter();
  if (wait > 0) return limited(wait);
  const day = isLinkCode(code) ? await loadLinkDay(c.env.DB, await hashCode(code)) : undefined;
  const link = day?.link;
  const community = link ? await services.community(link.community) : undefined;
  if (!day || !link || !community) {
    const over = await throttle.miss();
    if (over > 0) return limited(over);
    return { ok: false, response: await notice(c, 404, "unknown") };
  }
  if (link.revokedAt !== null || services.now() >= link.expiresAt) {
    return { ok: false, response: await notice(c, 410, "expired", dayLabel(link.date)[lang]) };
  }
  const duty = dutyFromDay(day, community);
  if (!duty) return { ok: false, response: await notice(c, 404, "notReady") };
  return {
    ok: true,
    link,
    community,
    duty,
    code,
    lang: langFor(community.language, c.req.query("lang"), c.req.header("accept-language")),
  };
}

export const links = new Hono<AppEnv>()
  .use("/c/*", linkPageHeaders)
  .get("/c/:code/calendar.ics", async (c) => {
    const r = await resolve(c);
    if (!r.ok) return r.response;
    const { duty, link, community } = r;
    const a = duty.assignment;
    if (!a) return notice(c, 404, "unknown");
    const names = duty.publication.details.names;
    const place =
      a.kind === "post"
        ? (duty.plan.posts.find((p) => p.id === a.postId)?.place ?? null)
        : (duty.publication.details.assembly?.place ?? null);
    const body = dutyCalendar({
      uid: `${link.community}-${link.date}-${link.volunteerId}@zonecrew`,
      start: localTimeToEpoch(link.date, a.start, community.timeZone),
      end: localTimeToEpoch(link.date, a.end, community.timeZone),
      stamp: c.var.services.now(),
      summary: `${say(community.language, terms.volunteerDuty)}${community.language === "en" ? ": " : "："}${postLabel(duty.plan, link.volunteerId, community.language)}`,
      location: place && community.language === "zh" ? chineseOnly(place) : place,
      description: [
        `${names[link.volunteerId] ?? link.volunteerId} · ${community.language === "zh" ? chineseOnly(duty.publication.details.communityName) : duty.publication.details.communityName}`,
        a.buildings.length > 0
          ? say(community.language, {
              zh: `楼栋：${a.buildings.join("、")}`,
              en: `Buildings: ${a.buildings.join(", ")}`,
            })
          : "",
        say(
          community.language,
          a.kind === "standby"
            ? standbySuit()
            : { zh: "一天只穿一套防护服。", en: "One protective suit for the whole block." },
        ),
      ]
        .filter(Boolean)
        .join("\n"),
      url: new URL(`/c/${r.code}`, c.var.services.vars.PUBLIC_URL ?? c.req.url).toString(),
    });
    return c.body(body, 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="zonecrew-${link.date}.ics"`,
    });
  })
  .get("/c/:code", async (c) => {
    const r = await resolve(c);
    if (!r.ok) return r.response;
    return dutyPage(c, r);
  })
  // 临时来不了 after the deadline: the owner (phone tail checked) is marked 未到 for the captain,
  // unless already checked in (a 到 stands; only the captain or an organizer can correct it).
  .post("/c/:code/cannot-come", async (c) => {
    const p = await linkPost(c);
    if (!p.ok) return p.response;
    const { r, form } = p;
    const services = c.var.services;
    const now = services.now();
    if (!r.duty.assignment) return notice(c, 409, "notOnPlan");
    // Before the deadline the answer itself can still change: 不能来, which refills at once.
    if (now < r.duty.cutoff) return notice(c, 400, "answersOpen");
    const check = await checkDeclineTail({
      db: c.env.DB,
      community: r.community.slug,
      volunteerId: r.link.volunteerId,
      codeHash: r.link.codeHash,
      tail: typeof form.tail === "string" ? form.tail.slice(0, 20) : "",
      now,
    });
    if (!check.ok) return tailRefused(c, r, check);
    const outbox = services.outbox(r.community.spreadsheetId);
    const outcome = await markAttendance(
      { db: c.env.DB, now, enqueue: (rows: OutboxRow[]) => outbox.enqueue(r.community.spreadsheetId, rows) },
      r.community,
      r.link.date,
      { volunteerId: r.link.volunteerId, present: false, by: "self" },
    );
    if (outcome.kind === "refused") {
      return notice(c, 409, "alreadyHere", presentCell(outcome.attendance, r.community));
    }
    return c.redirect(`/c/${r.code}${r.lang === "en" ? "?lang=en" : ""}`, 303);
  })
  // 我到了: the page's owner, as arrived. A standby waits at home (no suit) until called in, when
  // the refill gives them a duty.
  .post("/c/:code/here", async (c) => {
    const p = await rollCallPost(c);
    if (!p.ok) return p.response;
    if (p.r.duty.assignment?.kind === "standby") return notice(c, 409, "standbyHere");
    await markAttendance(p.deps, p.r.community, p.r.link.date, {
      volunteerId: p.r.link.volunteerId,
      present: true,
      by: "self",
    });
    return c.redirect(`/c/${p.r.code}${p.r.lang === "en" ? "?lang=en" : ""}#roll`, 303);
  })
  // The captain refills a no-show on the spot: the minimal-change replan, nobody checked in moves.
  .post("/c/:code/refill", async (c) => {
    const p = await rollCallPost(c);
    if (!p.ok) return p.response;
    const { r, form } = p;
    const volunteer = typeof form.volunteer === "string" ? form.volunteer : "";
    const { people, marks } = await captainsRollCall(c, r);
    if (!people.includes(volunteer)) return notice(c, 403, "notCaptain");
    if (marks.get(volunteer)?.present !== false) return notice(c, 409, "refillNotAbsent");
    // A double tap: the replan finds them off the plan already and changes nothing.
    const outcome = await replanDay(
      {
        ...p.deps,
        community: r.community,
        date: r.link.date,
        secret: c.var.services.linkSecret,
        actor: `captain:${r.link.volunteerId}`,
      },
      { kind: "no_show", volunteerId: volunteer },
    );
    // They checked in between the tap and the refill's write (the write rechecks the roll call).
    if (outcome.status === "nothing_to_do" && outcome.reason === "not_absent") {
      return notice(c, 409, "refillNotAbsent");
    }
    if (outcome.status === "nothing_to_do" && outcome.reason === "roll_call_changed") {
      return notice(c, 409, "refillBusy");
    }
    return c.redirect(`/c/${r.code}${r.lang === "en" ? "?lang=en" : ""}#roll`, 303);
  })
  // A route volunteer ticks a stage of one of their own buildings done (or undoes a wrong tap).
  .post("/c/:code/tick", async (c) => {
    const p = await dayPost(c, "workClosed");
    if (!p.ok) return p.response;
    const { r, form } = p;
    const a = r.duty.assignment;
    if (a?.kind !== "route") return notice(c, 403, "notRoute");
    const building = typeof form.building === "string" ? form.building : "";
    const stage = typeof form.stage === "string" ? form.stage : "";
    const route = r.duty.plan.routes.find((x) => x.id === a.postId);
    if (!a.buildings.includes(building)) return dutyPage(c, r, { work: workProblems.notYourBuilding, status: 400 });
    if (!isTickable(stage) || !tickableStages(route?.timetable ?? []).some((s) => s.task === stage)) {
      return dutyPage(c, r, { work: workProblems.notToday, status: 400 });
    }
    const tick = { building, zone: route?.zone ?? "", task: stage, by: r.link.volunteerId };
    if (form.do === "undo") {
      const undone = await undoTick(p.deps, r.community, r.link.date, tick);
      if (undone.kind === "refused") return dutyPage(c, r, { work: workProblems[undone.reason], status: 409 });
    } else {
      await tickStage(p.deps, r.community, r.link.date, tick);
    }
    return c.redirect(`/c/${r.code}${r.lang === "en" ? "?lang=en" : ""}#work`, 303);
  })
  // The gate crew records a building's parcels for a wave as they sort them.
  .post("/c/:code/gate", async (c) => {
    const p = await dayPost(c, "workClosed");
    if (!p.ok) return p.response;
    const { r, form } = p;
    const a = r.duty.assignment;
    if (a?.kind !== "post" || !isGateCrew(r.duty.plan, r.link.volunteerId)) return notice(c, 403, "notGate");
    const wave = Number(typeof form.wave === "string" ? form.wave : "");
    const building = typeof form.building === "string" ? form.building : "";
    if (!gateWaves(r.duty.plan, r.link.volunteerId).includes(wave))
      return dutyPage(c, r, { work: workProblems.notToday, status: 400 });
    const frozen = await latestPublication(c.env.DB, r.community.slug, r.link.date);
    if (!(frozen?.input.buildings ?? []).some((b) => b.id === building)) {
      return dutyPage(c, r, { work: workProblems.noSuchBuilding, status: 400 });
    }
    const str = (v: unknown) => (typeof v === "string" ? v.slice(0, 20) : "");
    const parsed = parseGateCount({
      count: str(form.count),
      medicine: str(form.medicine),
      coldChain: str(form.cold_chain),
    });
    if (!parsed.ok) return dutyPage(c, r, { work: parsed.problem, status: 400 });
    const names = r.duty.publication.details.names;
    await recordGateCount(
      p.deps,
      r.community,
      r.link.date,
      { ...parsed.value, wave, building, by: r.link.volunteerId },
      (id) => names[id] ?? say(r.community.language, terms.organizer),
    );
    return c.redirect(`/c/${r.code}${r.lang === "en" ? "?lang=en" : ""}#gate-${wave}`, 303);
  })
  // The captain's roll call: 到 / 未到 for someone on the zone's routes, or taken off them by a refill.
  .post("/c/:code/roll", async (c) => {
    const p = await rollCallPost(c);
    if (!p.ok) return p.response;
    const { r, form } = p;
    const volunteer = typeof form.volunteer === "string" ? form.volunteer : "";
    const mark = form.mark;
    // The zone's list includes a refilled no-show: coming late, they are marked 到 (the refill stands).
    if (!(await captainsRollCall(c, r)).people.includes(volunteer)) return notice(c, 403, "notCaptain");
    if (mark !== "present" && mark !== "absent") return notice(c, 400, "badMark");
    await markAttendance(p.deps, r.community, r.link.date, {
      volunteerId: volunteer,
      present: mark === "present",
      by: `captain:${r.link.volunteerId}`,
    });
    return c.redirect(`/c/${r.code}${r.lang === "en" ? "?lang=en" : ""}#roll`, 303);
  })
  .post("/c/:code", async (c) => {
    const p = await linkPost(c);
    if (!p.ok) return p.response;
    const { r, form } = p;
    const services = c.var.services;
    const answer = form.answer;
    if (answer !== "confirm" && answer !== "decline") return notice(c, 400, "badAnswer");
    const reason = typeof form.reason === "string" ? cleanReason(form.reason) : "";
    if (answer === "decline" && services.now() < r.duty.cutoff) {
      const check = await checkDeclineTail({
        db: c.env.DB,
        community: r.community.slug,
        volunteerId: r.link.volunteerId,
        codeHash: r.link.codeHash,
        tail: typeof form.tail === "string" ? form.tail.slice(0, 20) : "",
        now: services.now(),
      });
      if (!check.ok) return tailRefused(c, r, check);
    }
    const outbox = services.outbox(r.community.spreadsheetId);
    const outcome = await answerDuty(
      {
        db: c.env.DB,
        now: services.now(),
        secret: services.linkSecret,
        enqueue: (rows) => outbox.enqueue(r.community.spreadsheetId, rows),
      },
      r.duty,
      answer,
      reason,
    );
    if (outcome.kind === "too_late") return notice(c, 409, "late");
    return c.redirect(`/c/${r.code}${r.lang === "en" ? "?lang=en" : ""}`, 303);
  });

/** A wrong phone tail changes nothing: the page again, saying so beside the form (429 when locked). */
function tailRefused(c: LinkContext, r: Extract<Resolved, { ok: true }>, check: Exclude<TailCheck, { ok: true }>) {
  const problem =
    check.reason === "wrong"
      ? { kind: "wrong" as const, left: check.left }
      : { kind: "locked" as const, until: localStamp(check.until, r.community.timeZone).slice(6) };
  return dutyPage(c, r, { decline: problem, status: check.reason === "wrong" ? 400 : 429 });
}

/** Why a tap or count on the day's work changed nothing, said on the page beside the forms. */
const workProblems = {
  notYourBuilding: {
    zh: "这栋楼不在你的包干范围里，没有记录。",
    en: "That building is not on your route; nothing was recorded.",
  },
  notToday: {
    zh: "今天的流程里没有这项工作，没有记录。",
    en: "That stage is not in today's workflow; nothing was recorded.",
  },
  noSuchBuilding: { zh: "小区里没有这栋楼，没有记录。", en: "There is no such building; nothing was recorded." },
  none: { zh: "这一项还没有打勾，不用撤销。", en: "That stage was not ticked, so there is nothing to undo." },
  not_yours: {
    zh: "这一项是别人打的勾，只有打勾的人能撤销。",
    en: "Someone else ticked that stage; only they can undo it.",
  },
  too_late: {
    zh: "打勾已超过 10 分钟，不能撤销了；如有问题请告诉队长。",
    en: "It was ticked more than 10 minutes ago and can no longer be undone; tell your captain if it is wrong.",
  },
} satisfies Record<string, Bilingual>;

async function dutyPage(
  c: LinkContext,
  r: Extract<Resolved, { ok: true }>,
  options: {
    decline?: VolunteerView["declineProblem"];
    work?: Bilingual;
    status?: 200 | 400 | 403 | 409 | 429;
  } = {},
) {
  const declineProblem = options.decline ?? null;
  const status = options.status ?? 200;
  const keys = await linkKeys(c.var.services.linkSecret);
  const now = c.var.services.now();
  const token = await keys.formToken(r.link.codeHash, r.link.date);
  const view = volunteerView(r.duty, { lang: r.lang, now, code: r.code, token });
  const rollCall = await rollCallView(c, r, now, token);
  // After the deadline the page needs the owner's own mark (临时来不了 once, then the mark).
  let own = rollCall?.own ?? null;
  if (!rollCall && now >= r.duty.cutoff) {
    const mine = (await attendanceForDay(c.env.DB, r.community.slug, r.link.date)).get(r.link.volunteerId);
    own = mine ? { present: mine.present, time: presentCell(mine, r.community) } : null;
  }
  const dayWork = await dayWorkOf(c, r, now, options.work ?? null);
  // A trainee's note says what roll call recorded (培训日期), not what the mark says now.
  const trainedOn =
    view.trainingNote?.role === "trainee"
      ? await trainingRecordOf(c.env.DB, r.community.slug, r.link.volunteerId)
      : null;
  return c.html(
    <VolunteerPage
      view={{ ...view, declineProblem, rollCall, ownMark: own, dayWork, trainedOn, timeZone: r.community.timeZone }}
    />,
    status,
  );
}

/** The day's work on this page, once the day has begun (the roll call's opening). */
async function dayWorkOf(c: LinkContext, r: Extract<Resolved, { ok: true }>, now: number, problem: Bilingual | null) {
  const { duty, link, community } = r;
  if (!duty.assignment || now < rollCallOpensAt(duty.plan, duty.publication.details, community.timeZone)) return null;
  const [published, frozen] = await Promise.all([
    latestPublishedPlan(c.env.DB, community.slug, link.date),
    latestPublication(c.env.DB, community.slug, link.date),
  ]);
  if (!published || !frozen) return null;
  return dayWorkView({
    db: c.env.DB,
    community,
    date: link.date,
    volunteerId: link.volunteerId,
    plan: published.plan,
    buildings: compoundBuildings(frozen.input),
    captainOf: captainedZone(duty.publication.details, link.volunteerId),
    now,
    problem,
  });
}

/**
 * The roll call on this page, once open: the captain's zone list, or the owner's 我到了 (not for
 * a standby, who waits at home until called in: nothing to show).
 */
async function rollCallView(
  c: LinkContext,
  r: Extract<Resolved, { ok: true }>,
  now: number,
  token: string,
): Promise<RollCallView | null> {
  const { duty, link, community } = r;
  if (!duty.assignment || now < rollCallOpensAt(duty.plan, duty.publication.details, community.timeZone)) return null;
  const { zone, people: listed, marks, plan } = await captainsRollCall(c, r);
  if (zone === null && duty.assignment.kind === "standby") return null;
  const markOf = (id: string) => {
    const m = marks.get(id);
    return m ? { present: m.present, time: presentCell(m, community) } : null;
  };
  const names = duty.publication.details.names;
  const onPlan = new Set((plan?.assignments ?? []).map((a) => a.volunteerId));
  // Whom to call: whoever took the duty of someone a refill took off the zone's routes (still
  // listed when they turn up late: the standby keeps the duty).
  const calls =
    zone === null
      ? []
      : await callsToMake({
          db: c.env.DB,
          secret: c.var.services.linkSecret,
          community,
          date: link.date,
          absent: listed.filter((id) => !onPlan.has(id)),
          now,
        });
  const frozen = zone === null ? undefined : await latestPublication(c.env.DB, community.slug, link.date);
  const zoneBuildings = new Set((frozen?.input.buildings ?? []).filter((b) => b.zone === zone).map((b) => b.id));
  const uncovered = (plan?.uncovered ?? []).filter((b) => zoneBuildings.has(b));
  const present = new Set([...marks.values()].filter((m) => m.present).map((m) => m.volunteerId));
  const helpers =
    uncovered.length > 0 && plan && frozen
      ? nearestHelpers({ uncovered, buildings: frozen.input.buildings, routes: plan.routes, present }).map((h) => ({
          building: h.building,
          name: names[h.volunteerId] ?? h.volunteerId,
          from: h.from,
          present: present.has(h.volunteerId),
        }))
      : [];
  // The refill button names whom it would call in (the same replan the tap runs).
  const offers = await refillOffers(
    c.env.DB,
    community,
    link.date,
    listed.filter((id) => marks.get(id)?.present === false && onPlan.has(id)),
  );
  const offerOf = (id: string) => {
    const by = offers.get(id);
    return by ? (names[by] ?? by) : by;
  };
  return {
    zone,
    people: listed.map((id) => ({
      id,
      name: names[id] ?? id,
      mark: markOf(id),
      // Marked 未到 and still on the plan: not refilled yet.
      canRefill: marks.get(id)?.present === false && onPlan.has(id),
      offer: offerOf(id),
    })),
    calls,
    // Buildings of this zone nobody walks now (no standby was left to refill a no-show).
    uncovered,
    helpers,
    own: markOf(link.volunteerId),
    action: `/c/${r.code}`,
    token,
  };
}

/**
 * The roll call a link's owner takes, from the whole published plan (a link's day holds only its
 * owner's route): for a zone captain their zone's list (zoneRollCall), for anyone else nobody.
 */
async function captainsRollCall(c: LinkContext, r: Extract<Resolved, { ok: true }>) {
  const { community, link } = r;
  const zone = captainedZone(r.duty.publication.details, link.volunteerId);
  const [marks, published] = await Promise.all([
    attendanceForDay(c.env.DB, community.slug, link.date),
    zone === null ? undefined : latestPublishedPlan(c.env.DB, community.slug, link.date),
  ]);
  const plan = published?.plan;
  const people =
    zone === null || !plan
      ? []
      : await zoneRollCall(c.env.DB, { community: community.slug, date: link.date, plan, marks }, zone);
  return { zone, people, marks, plan };
}

/**
 * What every POST to a link passes before it acts: a live link, our own page (not another site),
 * a body within the cap, and the page's form token.
 */
async function linkPost(c: LinkContext) {
  const r = await resolve(c);
  if (!r.ok) return { ok: false as const, response: r.response };
  if (foreignPost(c)) return { ok: false as const, response: await notice(c, 403, "refused") };
  const form = await cappedForm(c);
  if (!form) return { ok: false as const, response: await notice(c, 413, "tooLarge") };
  const keys = await linkKeys(c.var.services.linkSecret);
  const token = typeof form.t === "string" ? form.t : "";
  if (!(await keys.formTokenMatches(token, r.link.codeHash, r.link.date))) {
    return { ok: false as const, response: await notice(c, 403, "refused") };
  }
  return { ok: true as const, r, form };
}

function rollCallPost(c: LinkContext) {
  return dayPost(c, "rollClosed");
}

/** A POST on the day itself (roll call, ticks, gate counts): open from 30 minutes before assembly. */
async function dayPost(c: LinkContext, closed: "rollClosed" | "workClosed") {
  const p = await linkPost(c);
  if (!p.ok) return p;
  const { r, form } = p;
  const now = c.var.services.now();
  // Someone a refill or a decline took off the plan has nothing to mark or tick, whatever the hour.
  if (!r.duty.assignment) return { ok: false as const, response: await notice(c, 409, "notOnPlan") };
  const open = now >= rollCallOpensAt(r.duty.plan, r.duty.publication.details, r.community.timeZone);
  if (!open) return { ok: false as const, response: await notice(c, 409, closed) };
  const services = c.var.services;
  const outbox = services.outbox(r.community.spreadsheetId);
  const deps = { db: c.env.DB, now, enqueue: (rows: OutboxRow[]) => outbox.enqueue(r.community.spreadsheetId, rows) };
  return { ok: true as const, r, form, deps };
}

/** One line, no control characters, at most 200 characters. */
function cleanReason(text: string): string {
  return [...text.replace(/[\p{Cc}\p{Cf}]+/gu, " ").trim()].slice(0, 200).join("");
}

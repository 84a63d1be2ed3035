/**
 * What the organizer's `GET /api/{community}/plans/{date}` returns: the latest version with every
 * assignment, its link's state (never the code: codes are shown only at publish and in the Plan
 * tab), its effective answer, who replaced whom, and every answer of the day with its history.
 */
import type { Community } from "../community.ts";
import { answerHistoryForDay, answersForDay } from "../store/answers.ts";
import { linksForDay } from "../store/links.ts";
import { latestPlan } from "../store/plans.ts";
import { latestPublication, namesForVersion, planChangesForDay } from "../store/publications.ts";
import { effectiveStatus, replacement } from "./day-status.ts";
import { postLabel, postTerm } from "./plan-tab.ts";

export async function dayReport(db: D1Database, community: Community, date: string, now: number) {
  const slug = community.slug;
  const record = await latestPlan(db, slug, date);
  if (!record) return undefined;
  const [publication, answers, changes, links, names, history] = await Promise.all([
    latestPublication(db, slug, date),
    answersForDay(db, slug, date),
    planChangesForDay(db, slug, date),
    linksForDay(db, slug, date),
    namesForVersion(db, slug, date, record.version),
    answerHistoryForDay(db, slug, date),
  ]);
  const allNames = { ...publication?.details.names, ...names };
  const answerOf = new Map(answers.map((a) => [a.volunteerId, a]));
  const linkOf = new Map(links.map((l) => [l.volunteerId, l]));
  const plan = record.plan;
  const linkState = (id: string) => {
    const l = linkOf.get(id);
    if (!l) return { issued: false };
    const state = l.revokedAt ? "revoked" : now >= l.expiresAt ? "expired" : "active";
    return { issued: true, state, createdAt: l.createdAt, expiresAt: new Date(l.expiresAt).toISOString() };
  };
  const onPlan = new Set(plan.assignments.map((a) => a.volunteerId));
  const status = (id: string) =>
    record.status === "draft" && !answerOf.has(id) ? "draft" : effectiveStatus(id, answerOf.get(id), changes);
  const answerView = (id: string) => {
    const a = answerOf.get(id);
    return a
      ? { answer: a.answer, reason: a.reason, answeredAt: new Date(a.answeredAt).toISOString(), version: a.version }
      : null;
  };
  const count = (s: string) => plan.assignments.filter((a) => status(a.volunteerId) === s).length;
  return {
    date,
    version: record.version,
    status: record.status,
    publishedAt: record.publishedAt,
    counts: {
      onPlan: plan.assignments.length,
      confirmed: count("confirmed"),
      pending: count("pending"),
      declined: answers.filter((a) => effectiveStatus(a.volunteerId, a, changes) === "declined").length,
    },
    assignments: plan.assignments.map((a) => {
      const r = replacement(a.volunteerId, changes);
      return {
        volunteerId: a.volunteerId,
        name: allNames[a.volunteerId] ?? a.volunteerId,
        kind: a.kind,
        // The API speaks both languages whatever the community's setting (tools read it); the
        // sheet shows `postText` in the community's language.
        post: postLabel(plan, a.volunteerId, "zh+en"),
        postText: postTerm(plan, a.volunteerId),
        buildings: a.buildings,
        start: a.start,
        end: a.end,
        status: status(a.volunteerId),
        answer: answerView(a.volunteerId),
        link: linkState(a.volunteerId),
        replaces: r.replaces,
      };
    }),
    /** Volunteers who declined and are no longer on the plan, with who took their place. */
    left: answers
      .filter((a) => !onPlan.has(a.volunteerId))
      .map((a) => ({
        volunteerId: a.volunteerId,
        name: allNames[a.volunteerId] ?? a.volunteerId,
        status: effectiveStatus(a.volunteerId, a, changes),
        answer: answerView(a.volunteerId),
        replacedBy: replacement(a.volunteerId, changes).replacedBy,
        link: linkState(a.volunteerId),
      })),
    changes,
    history: history.map((h) => ({ ...h, answeredAt: new Date(h.answeredAt).toISOString() })),
    messageParts: publication?.messageParts ?? 0,
  };
}

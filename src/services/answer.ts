/**
 * A volunteer's duty as their link shows it, and their answer to it.
 *
 * Answering never waits on Google: the answer is committed to D1 (idempotently), the Plan-tab
 * update is stored in the outbox Durable Object (durable before we return), and only then does
 * the page say thank you. A decline then replans the day (a standby takes the post); if that
 * fails the answer is still safe and the next decline, retry or publish reconciles the plan.
 */
import type { Community } from "../community.ts";
import { localTimeToEpoch } from "../domain/local-time.ts";
import type { Assignment, Plan } from "../domain/plan/index.ts";
import { formatTime, toMinutes } from "../domain/plan/time.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { recordAnswer, type AnswerKind, type AnswerRecord } from "../store/answers.ts";
import type { LinkDay } from "../store/link-day.ts";
import type { LinkRecord } from "../store/links.ts";
import type { PlanChangeRecord, PublicationSummary } from "../store/publications.ts";
import { effectiveStatus, statusCells, type EffectiveStatus } from "./day-status.ts";
import { reconcileDeclines, replanDay, type ReplanOutcome } from "./replan-day.ts";

export interface Duty {
  link: LinkRecord;
  community: Community;
  plan: Plan;
  version: number;
  publication: PublicationSummary;
  assignment: Assignment | null;
  answer: AnswerRecord | undefined;
  status: EffectiveStatus;
  changes: PlanChangeRecord[];
  /**
   * Epoch ms until which the answer may be given or changed: when the volunteer is to arrive (their
   * start, or the assembly, less the community's arrive-early minutes).
   */
  cutoff: number;
  /** Local HH:MM of `cutoff`. */
  arriveBy: string;
}

/** The duty a link shows, from its day as loaded in one round trip (undefined before publishing). */
export function dutyFromDay(day: LinkDay, community: Community): Duty | undefined {
  const { link, published, publication, answer, changes } = day;
  if (!published || !publication) return undefined;
  const assignment = published.plan.assignments.find((a) => a.volunteerId === link.volunteerId) ?? null;
  const start = assignment?.start ?? publication.details.assembly?.start ?? "24:00";
  const early = community.settings.arriveEarlyMinutes;
  const arriveBy = formatTime(Math.max(0, toMinutes(start) - early));
  return {
    link,
    community,
    plan: published.plan,
    version: published.version,
    publication,
    assignment,
    answer,
    status: effectiveStatus(link.volunteerId, answer, changes),
    changes,
    cutoff: localTimeToEpoch(link.date, start, community.timeZone) - early * 60_000,
    arriveBy,
  };
}

export interface AnswerDeps {
  db: D1Database;
  now: number;
  secret: string;
  enqueue: (rows: OutboxRow[]) => Promise<unknown>;
}

export type AnswerOutcome =
  | { kind: "recorded"; changed: boolean; status: EffectiveStatus; replan: ReplanOutcome | { status: "failed" } | null }
  | { kind: "too_late"; cutoff: number };

export async function answerDuty(
  deps: AnswerDeps,
  duty: Duty,
  answer: AnswerKind,
  reason: string,
): Promise<AnswerOutcome> {
  if (deps.now >= duty.cutoff) return { kind: "too_late", cutoff: duty.cutoff };
  const { link, community } = duty;
  const recorded = await recordAnswer(
    deps.db,
    {
      community: link.community,
      date: link.date,
      volunteerId: link.volunteerId,
      answer,
      reason: answer === "decline" ? reason : "",
      answeredAt: deps.now,
      version: duty.version,
      via: "link",
    },
    // A "yes" to a duty they were moved to after an earlier "yes" is a new answer.
    { renew: answer === "confirm" && duty.answer?.answer === "confirm" && duty.status === "pending" },
  );
  const answers = new Map([[link.volunteerId, recorded.current]]);
  const cells = statusCells(link.volunteerId, {
    names: duty.publication.details.names,
    links: new Map(),
    answers,
    changes: duty.changes,
    timeZone: community.timeZone,
    language: community.language,
  });
  // Enqueued even when unchanged: a retry then repairs an earlier request that committed the
  // answer but died before the outbox had it.
  await deps.enqueue([{ tab: "plan", cells: { date: link.date, volunteer_id: link.volunteerId, ...cells } }]);
  const status = effectiveStatus(link.volunteerId, recorded.current, duty.changes);

  const replanDeps = { ...deps, community, date: link.date, actor: `volunteer:${link.volunteerId}` };
  let replan: ReplanOutcome | { status: "failed" } | null = null;
  try {
    if (answer === "decline") {
      // Also retries the replan of an earlier decline that did not get through.
      replan = (await reconcileDeclines(replanDeps)).at(-1) ?? null;
    } else if (recorded.changed && recorded.previous?.answer === "decline" && !duty.assignment) {
      replan = await replanDay(replanDeps, { kind: "rejoin", volunteerId: link.volunteerId });
    }
  } catch (error) {
    console.error("replan after answer failed; the answer is stored", error);
    replan = { status: "failed" };
  }
  return { kind: "recorded", changed: recorded.changed, status, replan };
}

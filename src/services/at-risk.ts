/**
 * The morning chase's "at risk" marks in the Plan tab, without ever covering an answer.
 *
 * The chase reads who has not answered, then queues 未回复 (Not answered) for them. A volunteer can
 * answer in between: their answer is committed to D1 and its row queued, and then the chase's
 * row for the same volunteer arrives and — the outbox keeping the last update of a row — the
 * sheet would say "at risk" for someone D1 has as confirmed, for good. (Found by the day
 * simulation's review of the chase; tests/workers/chase-answer-race.test.ts plays it.)
 *
 * So after queueing, the answers are read again and anyone who answered meanwhile gets their real
 * status queued after ours. An answer committed after that second read queues its own row after
 * ours anyway (answers reach D1 before the outbox), so the sheet ends right either way.
 */
import type { Community } from "../community.ts";
import type { OutboxRow } from "../sheets/outbox.ts";
import { answersForDay } from "../store/answers.ts";
import { latestPublication, planChangesForDay } from "../store/publications.ts";
import { effectiveStatus, statusCells } from "./day-status.ts";
import { statusLabel } from "./plan-tab.ts";

export async function markAtRisk(deps: {
  db: D1Database;
  community: Community;
  date: string;
  /** Volunteers on the plan without an answer, as the chase saw them. */
  unanswered: readonly string[];
  enqueue: (rows: OutboxRow[]) => Promise<unknown>;
}): Promise<{ atRisk: number; answeredMeanwhile: number }> {
  const { db, community, date, unanswered } = deps;
  if (unanswered.length === 0) return { atRisk: 0, answeredMeanwhile: 0 };
  await deps.enqueue(
    unanswered.map((id) => ({
      tab: "plan" as const,
      cells: { date, volunteer_id: id, status: statusLabel("at_risk", community.language) },
    })),
  );
  const [answers, changes, publication] = await Promise.all([
    answersForDay(db, community.slug, date),
    planChangesForDay(db, community.slug, date),
    latestPublication(db, community.slug, date),
  ]);
  const byId = new Map(answers.map((a) => [a.volunteerId, a]));
  const meanwhile = unanswered.filter((id) => effectiveStatus(id, byId.get(id), changes) !== "pending");
  if (meanwhile.length > 0) {
    const ctx = {
      names: publication?.details.names ?? {},
      links: new Map<string, string>(),
      answers: byId,
      changes,
      timeZone: community.timeZone,
      language: community.language,
    };
    await deps.enqueue(
      meanwhile.map((id) => ({ tab: "plan" as const, cells: { date, volunteer_id: id, ...statusCells(id, ctx) } })),
    );
  }
  return { atRisk: unanswered.length - meanwhile.length, answeredMeanwhile: meanwhile.length };
}

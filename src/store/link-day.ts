/**
 * Everything a volunteer's link page needs, found by the code's hash in ONE D1 round trip: the
 * link, the latest published version of its day, that version's publication (without the engine
 * input), the volunteer's answer and the day's plan changes. At 07:00 every page view and every
 * answer starts here, so it is one batch of five queries keyed by the hash, not a lookup then four.
 */
import type { Plan } from "../domain/plan/index.ts";
import { answerFromRow, type AnswerRecord, type AnswerRow } from "./answers.ts";
import { linkFromRow, type LinkRecord, type LinkRow } from "./links.ts";
import {
  summaryColumns,
  summaryFromRow,
  type ChangeKind,
  type PlanChangeRecord,
  type PublicationRow,
  type PublicationSummary,
} from "./publications.ts";

export interface LinkDay {
  link: LinkRecord;
  published: { version: number; plan: Plan } | undefined;
  publication: PublicationSummary | undefined;
  answer: AnswerRecord | undefined;
  changes: PlanChangeRecord[];
}

const day = "(community, date) = (SELECT community, date FROM links WHERE code_hash = ?1)";

export async function loadLinkDay(db: D1Database, codeHash: string): Promise<LinkDay | undefined> {
  const [links, plans, publications, answers, changes] = await db.batch([
    db.prepare("SELECT * FROM links WHERE code_hash = ?1").bind(codeHash),
    db
      .prepare(`SELECT version, plan FROM plans WHERE ${day} AND status = 'published' ORDER BY version DESC LIMIT 1`)
      .bind(codeHash),
    db.prepare(`SELECT ${summaryColumns} FROM publications WHERE ${day} ORDER BY version DESC LIMIT 1`).bind(codeHash),
    db
      .prepare(
        "SELECT * FROM answers WHERE (community, date, volunteer_id) = (SELECT community, date, volunteer_id FROM links WHERE code_hash = ?1)",
      )
      .bind(codeHash),
    db
      .prepare(
        `SELECT version, volunteer_id, change, replaces FROM plan_changes WHERE ${day} ORDER BY version, volunteer_id`,
      )
      .bind(codeHash),
  ]);
  const link = links!.results[0] as LinkRow | undefined;
  if (!link) return undefined;
  const plan = plans!.results[0] as { version: number; plan: string } | undefined;
  const publication = publications!.results[0] as Omit<PublicationRow, "input"> | undefined;
  const answer = answers!.results[0] as AnswerRow | undefined;
  return {
    link: linkFromRow(link),
    published: plan ? { version: plan.version, plan: JSON.parse(plan.plan) as Plan } : undefined,
    publication: publication ? summaryFromRow(publication) : undefined,
    answer: answer ? answerFromRow(answer) : undefined,
    changes: (
      changes!.results as Array<{ version: number; volunteer_id: string; change: ChangeKind; replaces: string | null }>
    ).map((r) => ({ version: r.version, volunteerId: r.volunteer_id, change: r.change, replaces: r.replaces })),
  };
}

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
  /** `plan` holds only this volunteer's assignment and route (see `volunteerPlan`). */
  published: { version: number; plan: Plan } | undefined;
  publication: PublicationSummary | undefined;
  answer: AnswerRecord | undefined;
  changes: PlanChangeRecord[];
}

const day = "(community, date) = (SELECT community, date FROM links WHERE code_hash = ?1)";

/**
 * The published plan cut down in SQLite to what one volunteer's page shows: their assignment and
 * their route (with its team), plus the day, the posts and the rest of the plan's small fields.
 * The whole plan is ~400 bytes a volunteer (143 KB at 360 sign-ups), and every page view and
 * answer would otherwise read and parse all of it: at 200 connections on `wrangler dev` that cost
 * (copied once more by its inspector) made requests time out, and on Workers it is CPU per view.
 */
const volunteerPlan = `json_set(plan,
  '$.assignments', json((SELECT json_group_array(json(a.value)) FROM json_each(plan, '$.assignments') AS a
                         WHERE json_extract(a.value, '$.volunteerId') = me.volunteer_id)),
  '$.routes', json((SELECT json_group_array(json(r.value)) FROM json_each(plan, '$.routes') AS r
                    WHERE EXISTS (SELECT 1 FROM json_each(r.value, '$.volunteerIds') AS v WHERE v.value = me.volunteer_id))))`;

export async function loadLinkDay(db: D1Database, codeHash: string): Promise<LinkDay | undefined> {
  const [links, plans, publications, answers, changes] = await db.batch([
    db.prepare("SELECT * FROM links WHERE code_hash = ?1").bind(codeHash),
    db
      .prepare(
        `SELECT version, ${volunteerPlan} AS plan FROM plans, (SELECT volunteer_id FROM links WHERE code_hash = ?1) AS me
         WHERE ${day} AND status = 'published' ORDER BY version DESC LIMIT 1`,
      )
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

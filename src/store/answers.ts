/**
 * Volunteers' answers in D1 (tables `answers`, `answer_history`, `audit_log`; see
 * storage-schema.md). `answers` holds the current answer per volunteer and day; every change is
 * also a history row and an audit entry, written in the same transaction.
 *
 * Idempotent by content: repeating the current answer (a double tap, a retried POST, a second
 * tab) changes nothing and writes no history, so concurrent identical POSTs make one answer.
 */

export type AnswerKind = "confirm" | "decline";

export interface AnswerRecord {
  community: string;
  date: string;
  volunteerId: string;
  answer: AnswerKind;
  reason: string;
  /** Epoch ms. */
  answeredAt: number;
  /** The published plan version the volunteer was looking at. */
  version: number;
  revision: number;
}

export interface AnswerRow {
  community: string;
  date: string;
  volunteer_id: string;
  answer: AnswerKind;
  reason: string;
  answered_at: number;
  version: number;
  revision: number;
}

export const answerFromRow = (row: AnswerRow): AnswerRecord => ({
  community: row.community,
  date: row.date,
  volunteerId: row.volunteer_id,
  answer: row.answer,
  reason: row.reason,
  answeredAt: row.answered_at,
  version: row.version,
  revision: row.revision,
});

export interface NewAnswer {
  community: string;
  date: string;
  volunteerId: string;
  answer: AnswerKind;
  reason: string;
  answeredAt: number;
  version: number;
  /** Where it came from, e.g. "link". */
  via: string;
}

export interface RecordedAnswer {
  /** False when this was the answer already on record. */
  changed: boolean;
  current: AnswerRecord;
  /** The answer before this one (undefined for a first answer or an unchanged one). */
  previous: AnswerRecord | undefined;
}

/**
 * `renew`: an identical answer still counts when the stored one predates `a.version`, because
 * the volunteer's duty changed since (they were moved to a declined post) and this "yes" is for
 * the new duty. Still idempotent: a second identical renewal finds the version already current.
 */
export async function recordAnswer(
  db: D1Database,
  a: NewAnswer,
  options: { renew?: boolean } = {},
): Promise<RecordedAnswer> {
  const key = [a.community, a.date, a.volunteerId] as const;
  const floor = options.renew ? a.version : 0;
  const unchanged =
    "NOT EXISTS (SELECT 1 FROM answers WHERE community = ? AND date = ? AND volunteer_id = ? AND answer = ? AND reason = ? AND version >= ?)";
  const same = [...key, a.answer, a.reason, floor] as const;
  const differs =
    "answers.answer IS NOT excluded.answer OR answers.reason IS NOT excluded.reason OR answers.version < ?";
  const [before, , , upserted] = await db.batch<AnswerRow>([
    db.prepare("SELECT * FROM answers WHERE community = ? AND date = ? AND volunteer_id = ?").bind(...key),
    db
      .prepare(
        `INSERT INTO answer_history (community, date, volunteer_id, answer, reason, answered_at, version, via) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE ${unchanged}`,
      )
      .bind(...key, a.answer, a.reason, a.answeredAt, a.version, a.via, ...same),
    db
      .prepare(
        `INSERT INTO audit_log (community, at, actor, action, subject, detail) SELECT ?, ?, ?, ?, ?, ? WHERE ${unchanged}`,
      )
      .bind(
        a.community,
        new Date(a.answeredAt).toISOString(),
        `volunteer:${a.volunteerId}`,
        `answer.${a.answer}`,
        `${a.date}/${a.volunteerId}`,
        JSON.stringify({ reason: a.reason, version: a.version, via: a.via }),
        ...same,
      ),
    db
      .prepare(
        `INSERT INTO answers (community, date, volunteer_id, answer, reason, answered_at, version) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (community, date, volunteer_id) DO UPDATE SET
           answer = excluded.answer, reason = excluded.reason, answered_at = excluded.answered_at,
           version = excluded.version, revision = answers.revision + 1
         WHERE ${differs}
         RETURNING *`,
      )
      .bind(...key, a.answer, a.reason, a.answeredAt, a.version, floor),
  ]);
  const previous = before!.results[0] ? answerFromRow(before!.results[0]) : undefined;
  const written = upserted!.results[0];
  if (written) return { changed: true, current: answerFromRow(written), previous };
  return { changed: false, current: previous!, previous: undefined };
}

export async function answersForDay(db: D1Database, community: string, date: string): Promise<AnswerRecord[]> {
  const { results } = await db
    .prepare("SELECT * FROM answers WHERE community = ? AND date = ? ORDER BY volunteer_id")
    .bind(community, date)
    .all<AnswerRow>();
  return results.map(answerFromRow);
}

export async function answerFor(
  db: D1Database,
  community: string,
  date: string,
  volunteerId: string,
): Promise<AnswerRecord | undefined> {
  const row = await db
    .prepare("SELECT * FROM answers WHERE community = ? AND date = ? AND volunteer_id = ?")
    .bind(community, date, volunteerId)
    .first<AnswerRow>();
  return row ? answerFromRow(row) : undefined;
}

export interface AnswerHistoryEntry {
  volunteerId: string;
  answer: AnswerKind;
  reason: string;
  answeredAt: number;
  version: number;
  via: string;
}

/** Every change of every answer of a day, oldest first. */
export async function answerHistoryForDay(
  db: D1Database,
  community: string,
  date: string,
): Promise<AnswerHistoryEntry[]> {
  const { results } = await db
    .prepare(
      "SELECT volunteer_id, answer, reason, answered_at, version, via FROM answer_history WHERE community = ? AND date = ? ORDER BY id",
    )
    .bind(community, date)
    .all<{
      volunteer_id: string;
      answer: AnswerKind;
      reason: string;
      answered_at: number;
      version: number;
      via: string;
    }>();
  return results.map((h) => ({
    volunteerId: h.volunteer_id,
    answer: h.answer,
    reason: h.reason,
    answeredAt: h.answered_at,
    version: h.version,
    via: h.via,
  }));
}

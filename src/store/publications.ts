/**
 * Published plan versions in D1 (tables `plans`, `assignments`, `publications`, `plan_changes`,
 * `audit_log`; see storage-schema.md). Publishing freezes a version: it is marked published and
 * never changes again; a replan after a decline is a new published version, written with its
 * assignments, its changes (who replaced whom) and an audit entry in one transaction.
 */
import type { Plan, PlanInput } from "../domain/plan/index.ts";
import { assignmentStatements, auditStatement } from "./plans.ts";

export interface PublicationDetails {
  communityName: string;
  /** Scheme and host the links are printed with, e.g. "https://zonecrew.example". */
  origin: string;
  /** The day's assembly (集合培训): start time, place and the training note. */
  assembly: { start: string; place: string | null; note: string } | null;
  /** Names of everyone signed up for the day (the plan has IDs only). */
  names: Record<string, string>;
  /**
   * Each zone's captains on the day (route volunteers with the captain role), with their phone:
   * every volunteer's page shows whom to call. Only captains' phones are ever on a page.
   */
  captains?: Record<string, Array<{ id: string; name: string; phone: string }>>;
}

export interface PublicationRecord {
  community: string;
  date: string;
  version: number;
  publishedAt: string;
  actor: string;
  input: PlanInput;
  details: PublicationDetails;
  /** Parts of the group message (its text holds the codes, so only the count is stored). */
  messageParts: number;
}

export interface PublicationRow {
  community: string;
  date: string;
  version: number;
  published_at: string;
  actor: string;
  input: string;
  details: string;
  message_parts: number;
}

const toRecord = (row: PublicationRow): PublicationRecord => ({
  community: row.community,
  date: row.date,
  version: row.version,
  publishedAt: row.published_at,
  actor: row.actor,
  input: JSON.parse(row.input) as PlanInput,
  details: JSON.parse(row.details) as PublicationDetails,
  messageParts: row.message_parts,
});

/** A publication without its engine input: what the volunteer page needs, at a third of the bytes. */
export type PublicationSummary = Omit<PublicationRecord, "input">;

export function summaryFromRow(row: Omit<PublicationRow, "input">): PublicationSummary {
  const { input: _input, ...summary } = toRecord({ ...row, input: "null" });
  return summary;
}

/** The columns `summaryFromRow` needs (everything but the engine input). */
export const summaryColumns = "community, date, version, published_at, actor, details, message_parts";

export type ChangeKind = "left" | "joined" | "moved";

export interface PlanChangeRecord {
  version: number;
  volunteerId: string;
  change: ChangeKind;
  replaces: string | null;
}

export async function latestPublication(
  db: D1Database,
  community: string,
  date: string,
): Promise<PublicationRecord | undefined> {
  const row = await db
    .prepare("SELECT * FROM publications WHERE community = ? AND date = ? ORDER BY version DESC LIMIT 1")
    .bind(community, date)
    .first<PublicationRow>();
  return row ? toRecord(row) : undefined;
}

export async function planChangesForDay(db: D1Database, community: string, date: string): Promise<PlanChangeRecord[]> {
  const { results } = await db
    .prepare(
      "SELECT version, volunteer_id, change, replaces FROM plan_changes WHERE community = ? AND date = ? ORDER BY version, volunteer_id",
    )
    .bind(community, date)
    .all<{ version: number; volunteer_id: string; change: ChangeKind; replaces: string | null }>();
  return results.map((r) => ({
    version: r.version,
    volunteerId: r.volunteer_id,
    change: r.change,
    replaces: r.replaces,
  }));
}

export async function maxVersion(db: D1Database, community: string, date: string): Promise<number> {
  const row = await db
    .prepare("SELECT MAX(version) AS v FROM plans WHERE community = ? AND date = ?")
    .bind(community, date)
    .first<{ v: number | null }>();
  return row?.v ?? 0;
}

function publicationStatement(db: D1Database, p: PublicationRecord): D1PreparedStatement {
  return db
    .prepare(
      "INSERT OR REPLACE INTO publications (community, date, version, published_at, actor, input, details, message_parts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(
      p.community,
      p.date,
      p.version,
      p.publishedAt,
      p.actor,
      JSON.stringify(p.input),
      JSON.stringify(p.details),
      p.messageParts,
    );
}

/** Freezes an existing version (idempotent: publishing it again keeps its first time). */
export function publishStatements(db: D1Database, p: PublicationRecord): D1PreparedStatement[] {
  return [
    db
      .prepare(
        "UPDATE plans SET status = 'published', published_at = COALESCE(published_at, ?) WHERE community = ? AND date = ? AND version = ?",
      )
      .bind(p.publishedAt, p.community, p.date, p.version),
    publicationStatement(db, p),
    auditStatement(db, p.community, p.publishedAt, p.actor, "plan.publish", `${p.date}#${p.version}`, {
      messageParts: p.messageParts,
    }),
  ];
}

/** Who left, joined or moved in a version (idempotent: publishing the version again adds nothing). */
export function changeStatements(
  db: D1Database,
  key: { community: string; date: string; version: number },
  changes: readonly Omit<PlanChangeRecord, "version">[],
): D1PreparedStatement[] {
  return changes.map((c) =>
    db
      .prepare(
        "INSERT OR IGNORE INTO plan_changes (community, date, version, volunteer_id, change, replaces) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .bind(key.community, key.date, key.version, c.volunteerId, c.change, c.replaces),
  );
}

/**
 * A replanned version, already published. Fails with a UNIQUE constraint error when another
 * replan took the version number first; the caller replans again from the newer version.
 */
export function replannedVersionStatements(
  db: D1Database,
  p: PublicationRecord,
  plan: Plan,
  inputHash: string,
  changes: readonly Omit<PlanChangeRecord, "version">[],
): D1PreparedStatement[] {
  const { community, date, version } = p;
  return [
    db
      .prepare(
        "INSERT INTO plans (community, date, version, input_hash, status, created_at, published_at, plan) VALUES (?, ?, ?, ?, 'published', ?, ?, ?)",
      )
      .bind(community, date, version, inputHash, p.publishedAt, p.publishedAt, JSON.stringify(plan)),
    ...assignmentStatements(db, p, plan, (id) => p.details.names[id]),
    ...changeStatements(db, p, changes),
    publicationStatement(db, p),
    auditStatement(db, community, p.publishedAt, p.actor, "plan.replan", `${date}#${version}`, { changes }),
  ];
}

/** Volunteer ID -> name as stored with a version's assignments. */
export async function namesForVersion(
  db: D1Database,
  community: string,
  date: string,
  version: number,
): Promise<Record<string, string>> {
  const { results } = await db
    .prepare("SELECT volunteer_id, name FROM assignments WHERE community = ? AND date = ? AND version = ?")
    .bind(community, date, version)
    .all<{ volunteer_id: string; name: string }>();
  return Object.fromEntries(results.map((r) => [r.volunteer_id, r.name]));
}

/**
 * Plan versions and their assignments in D1 (tables `plans`, `assignments`, `audit_log`; see
 * storage-schema.md). A version is immutable once written; generating again with the same input
 * finds the same version by its input hash.
 */
import type { Plan } from "../domain/plan/index.ts";

export interface PlanRecord {
  community: string;
  date: string;
  version: number;
  inputHash: string;
  status: "draft" | "published";
  createdAt: string;
  publishedAt: string | null;
  plan: Plan;
}

interface PlanRow {
  community: string;
  date: string;
  version: number;
  input_hash: string;
  status: "draft" | "published";
  created_at: string;
  published_at: string | null;
  plan: string;
}

const toRecord = (row: PlanRow): PlanRecord => ({
  community: row.community,
  date: row.date,
  version: row.version,
  inputHash: row.input_hash,
  status: row.status,
  createdAt: row.created_at,
  publishedAt: row.published_at,
  plan: JSON.parse(row.plan) as Plan,
});

export async function latestPlan(db: D1Database, community: string, date: string): Promise<PlanRecord | undefined> {
  const row = await db
    .prepare("SELECT * FROM plans WHERE community = ? AND date = ? ORDER BY version DESC LIMIT 1")
    .bind(community, date)
    .first<PlanRow>();
  return row ? toRecord(row) : undefined;
}

export async function latestPublishedPlan(
  db: D1Database,
  community: string,
  date: string,
): Promise<PlanRecord | undefined> {
  const row = await db
    .prepare(
      "SELECT * FROM plans WHERE community = ? AND date = ? AND status = 'published' ORDER BY version DESC LIMIT 1",
    )
    .bind(community, date)
    .first<PlanRow>();
  return row ? toRecord(row) : undefined;
}

/** One row per assignment of a plan version (the link pages and the console read these, not the JSON). */
export function assignmentStatements(
  db: D1Database,
  key: { community: string; date: string; version: number },
  plan: Plan,
  nameOf: (volunteerId: string) => string | undefined,
): D1PreparedStatement[] {
  const { community, date, version } = key;
  return plan.assignments.map((a) =>
    db
      .prepare(
        'INSERT INTO assignments (community, date, version, volunteer_id, name, kind, post_id, buildings, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .bind(
        community,
        date,
        version,
        a.volunteerId,
        nameOf(a.volunteerId) ?? a.volunteerId,
        a.kind,
        a.postId,
        JSON.stringify(a.buildings),
        a.start,
        a.end,
      ),
  );
}

/** Writes a new version, its assignments and an audit entry in one D1 batch (all or nothing). */
export async function insertPlan(
  db: D1Database,
  record: Omit<PlanRecord, "status" | "publishedAt">,
  names: ReadonlyMap<string, string>,
  actor: string,
): Promise<void> {
  const { community, date, version } = record;
  const statements = [
    db
      .prepare(
        "INSERT INTO plans (community, date, version, input_hash, status, created_at, plan) VALUES (?, ?, ?, ?, 'draft', ?, ?)",
      )
      .bind(community, date, version, record.inputHash, record.createdAt, JSON.stringify(record.plan)),
    ...assignmentStatements(db, record, record.plan, (id) => names.get(id)),
    auditStatement(db, community, record.createdAt, actor, "plan.generate", `${date}#${version}`, {
      metrics: record.plan.metrics,
    }),
  ];
  await db.batch(statements);
}

export function auditStatement(
  db: D1Database,
  community: string,
  at: string,
  actor: string,
  action: string,
  subject: string,
  detail: unknown,
): D1PreparedStatement {
  return db
    .prepare("INSERT INTO audit_log (community, at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(community, at, actor, action, subject, JSON.stringify(detail));
}

/**
 * The exactly-once ledger of scheduled jobs (tables `job_runs`, `job_attempts`).
 *
 * A run is claimed atomically per (community, job, date): a second tick, a Cloudflare retry or an
 * overlapping manual trigger finds it claimed or done and does nothing. A run that failed — or
 * died while running, older than `staleMs` — is claimed again and resumes after its last
 * completed step.
 */
export interface RunKey {
  community: string;
  job: string;
  date: string;
}

export interface ClaimedRun {
  /** Steps already completed by earlier attempts. */
  steps: string[];
  attempts: number;
}

export async function claimRun(
  db: D1Database,
  key: RunKey,
  nowIso: string,
  staleBeforeIso: string,
): Promise<ClaimedRun | undefined> {
  const row = await db
    .prepare(
      `INSERT INTO job_runs (community, job, date, status, attempts, started_at) VALUES (?, ?, ?, 'running', 1, ?)
       ON CONFLICT (community, job, date) DO UPDATE SET status = 'running', attempts = job_runs.attempts + 1, started_at = excluded.started_at
       WHERE job_runs.status = 'failed' OR (job_runs.status = 'running' AND job_runs.started_at < ?)
       RETURNING steps, attempts`,
    )
    .bind(key.community, key.job, key.date, nowIso, staleBeforeIso)
    .first<{ steps: string; attempts: number }>();
  return row ? { steps: JSON.parse(row.steps) as string[], attempts: row.attempts } : undefined;
}

export async function completeStep(db: D1Database, key: RunKey, step: string): Promise<void> {
  await db
    .prepare("UPDATE job_runs SET steps = json_insert(steps, '$[#]', ?) WHERE community = ? AND job = ? AND date = ?")
    .bind(step, key.community, key.job, key.date)
    .run();
}

export async function finishRun(
  db: D1Database,
  key: RunKey,
  result: "done" | "failed",
  nowIso: string,
  outcome: unknown,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        "UPDATE job_runs SET status = ?, finished_at = ?, outcome = ? WHERE community = ? AND job = ? AND date = ?",
      )
      .bind(result, nowIso, JSON.stringify(outcome), key.community, key.job, key.date),
    db
      .prepare("INSERT INTO job_attempts (community, job, date, at, result, detail) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(key.community, key.job, key.date, nowIso, result, JSON.stringify(outcome)),
  ]);
}

export interface RunRecord extends RunKey {
  status: string;
  steps: string[];
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: unknown;
}

export async function runsFor(db: D1Database, community: string, date: string): Promise<RunRecord[]> {
  const { results } = await db
    .prepare("SELECT * FROM job_runs WHERE community = ? AND date = ? ORDER BY job")
    .bind(community, date)
    .all<{
      community: string;
      job: string;
      date: string;
      status: string;
      steps: string;
      attempts: number;
      started_at: string;
      finished_at: string | null;
      outcome: string;
    }>();
  return results.map((r) => ({
    community: r.community,
    job: r.job,
    date: r.date,
    status: r.status,
    steps: JSON.parse(r.steps) as string[],
    attempts: r.attempts,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: JSON.parse(r.outcome) as unknown,
  }));
}

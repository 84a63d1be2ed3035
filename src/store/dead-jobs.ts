/** Jobs the queue gave up on (table `dead_jobs`): shown in the console until a later run succeeds. */

export interface DeadJob {
  community: string;
  job: string;
  date: string;
  attempts: number;
  scheduledAt: string;
  deadAt: string;
}

export async function recordDeadJob(
  db: D1Database,
  message: { community: string; job: string; date: string; scheduledTime: number },
  attempts: number,
  nowIso: string,
): Promise<void> {
  await db
    .prepare("INSERT INTO dead_jobs (community, job, date, attempts, scheduled_at, dead_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(message.community, message.job, message.date, attempts, new Date(message.scheduledTime).toISOString(), nowIso)
    .run();
}

/**
 * A community's dead jobs that no later run has finished (a tick after the fix, or an organizer
 * publishing by hand, settles them), newest first.
 */
export async function openDeadJobs(db: D1Database, community: string): Promise<DeadJob[]> {
  const { results } = await db
    .prepare(
      `SELECT d.community, d.job, d.date, max(d.attempts) AS attempts, max(d.scheduled_at) AS scheduled_at, max(d.dead_at) AS dead_at
       FROM dead_jobs d LEFT JOIN job_runs r ON r.community = d.community AND r.job = d.job AND r.date = d.date
       WHERE d.community = ? AND (r.status IS NULL OR r.status != 'done')
       GROUP BY d.community, d.job, d.date ORDER BY dead_at DESC LIMIT 20`,
    )
    .bind(community)
    .all<{ community: string; job: string; date: string; attempts: number; scheduled_at: string; dead_at: string }>();
  return results.map((r) => ({
    community: r.community,
    job: r.job,
    date: r.date,
    attempts: r.attempts,
    scheduledAt: r.scheduled_at,
    deadAt: r.dead_at,
  }));
}

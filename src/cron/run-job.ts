/**
 * Runs one scheduled job exactly once per (community, job, date), resumably.
 *
 * The job gets a `step(name, work)` helper: a step completed by an earlier attempt is skipped
 * (its recorded result is not needed again: steps are written to be idempotent), so a job that
 * failed midway resumes where it stopped on the next tick. Every attempt is recorded in D1.
 */
import { claimRun, completeStep, finishRun, type RunKey } from "../store/job-runs.ts";

/** A run still "running" after this long is taken to have died (Workers cron runs ≤ 15 min). */
const STALE_MS = 20 * 60_000;

export type Step = <T>(name: string, work: () => Promise<T>) => Promise<T | undefined>;

export type JobReport =
  | { community: string; job: string; date: string; result: "done"; outcome: unknown }
  | { community: string; job: string; date: string; result: "failed"; error: string }
  | { community: string; job: string; date: string; result: "skipped" };

export async function runJob(
  db: D1Database,
  key: RunKey,
  now: number,
  job: (step: Step) => Promise<unknown>,
): Promise<JobReport> {
  const claimed = await claimRun(db, key, new Date(now).toISOString(), new Date(now - STALE_MS).toISOString());
  if (!claimed) return { ...key, result: "skipped" };
  const done = new Set(claimed.steps);
  const step: Step = async (name, work) => {
    if (done.has(name)) return undefined;
    const result = await work();
    await completeStep(db, key, name);
    done.add(name);
    return result;
  };
  try {
    const outcome = await job(step);
    await finishRun(db, key, "done", new Date(now).toISOString(), outcome ?? {});
    return { ...key, result: "done", outcome };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(db, key, "failed", new Date(now).toISOString(), { error: message, steps: [...done] });
    return { ...key, result: "failed", error: message };
  }
}

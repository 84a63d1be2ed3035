/**
 * `scheduled()`: one cron tick (every 15 minutes, UTC) runs whatever is due for each community by
 * its own clock (src/domain/schedule.ts), each job exactly once per date (src/cron/run-job.ts).
 * Jobs share the services built from env with the HTTP app. One community's failure never stops
 * another's jobs; every run is recorded in D1.
 */
import { listCommunities, loadCommunity, type Community } from "../community.ts";
import { dueJobs, type JobKind } from "../domain/schedule.ts";
import { buildServices, ConfigError, type Bindings, type ServiceDeps, type Services } from "../env.ts";
import type { WebhookConfig } from "./notify/adapters.ts";
import { chaseJob, digestJob, publishJob, wrapUpJob, type JobContext } from "./jobs.ts";
import { runJob, type JobReport, type Step } from "./run-job.ts";

/** The tick in wrangler.toml; any other cron string is logged and ignored. */
export const TICK = "*/15 * * * *";

const jobs: Record<JobKind, (ctx: JobContext, step: Step) => Promise<unknown>> = {
  publish: publishJob,
  chase: chaseJob,
  digest: digestJob,
  wrap_up: wrapUpJob,
};

function webhooksFor(env: Bindings, slug: string): WebhookConfig | undefined {
  if (!env.NOTIFY_WEBHOOKS) return undefined;
  try {
    return (JSON.parse(env.NOTIFY_WEBHOOKS) as Record<string, WebhookConfig>)[slug];
  } catch {
    console.error("NOTIFY_WEBHOOKS is not valid JSON; no group messages are sent");
    return undefined;
  }
}

export async function runScheduled(
  env: Bindings,
  scheduledTime: number,
  cron: string,
  deps: ServiceDeps = {},
): Promise<JobReport[]> {
  const services = tickServices(env, scheduledTime, cron, deps);
  if (!services) return [];
  const reports: JobReport[] = [];
  for (const community of await listCommunities(env.DB, services.vars)) {
    for (const due of dueJobs(scheduledTime, community.timeZone, community.times)) {
      reports.push(await runFor(env, services, community, due, scheduledTime, deps));
    }
  }
  for (const r of reports) console.log(`[cron] ${r.community} ${r.job} ${r.date}: ${r.result}`);
  return reports;
}

/**
 * The services a tick runs with, or undefined (logged) when the tick must do nothing: an
 * unknown cron string, or a misconfigured deployment (nothing is published, chased or sent until
 * it is fixed; every tick says why).
 */
export function tickServices(
  env: Bindings,
  scheduledTime: number,
  cron: string,
  deps: ServiceDeps = {},
): Services | undefined {
  if (cron !== TICK) {
    console.warn(`unknown cron ${cron}; expected ${TICK}`);
    return undefined;
  }
  try {
    return buildServices(env, { ...deps, now: deps.now ?? (() => scheduledTime) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems)
      console.error(`[cron] 配置错误，暂停所有任务 Configuration error, no jobs run: ${p.zh} ${p.en}`);
    return undefined;
  }
}

/** One community's job for one date, exactly once (the queue consumer's unit of work). */
export async function runDueJob(
  env: Bindings,
  key: { community: string; job: JobKind; date: string },
  scheduledTime: number,
  deps: ServiceDeps = {},
): Promise<JobReport> {
  const services = buildServices(env, { ...deps, now: deps.now ?? (() => scheduledTime) });
  const community = await loadCommunity(env.DB, services.vars, key.community);
  // A community removed since the tick: nothing to do, and nothing to retry.
  if (!community) return { ...key, result: "skipped" };
  return runFor(env, services, community, key, scheduledTime, deps);
}

async function runFor(
  env: Bindings,
  services: Services,
  community: Community,
  due: { job: JobKind; date: string },
  scheduledTime: number,
  deps: ServiceDeps,
): Promise<JobReport> {
  const ctx: JobContext = {
    env,
    services,
    community,
    date: due.date,
    now: scheduledTime,
    webhooks: webhooksFor(env, community.slug),
    fetch: deps.fetch ?? ((r: Request) => fetch(r)),
  };
  const key = { community: community.slug, job: due.job, date: due.date };
  return runJob(env.DB, key, scheduledTime, (step) => jobs[due.job](ctx, step));
}

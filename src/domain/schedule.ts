/**
 * Which daily jobs are due for a community at an instant. Pure: the instant is passed in.
 *
 * Cloudflare fires one cron every 15 minutes (UTC); each community's jobs run at its own local
 * times, so one deployment serves compounds in any time zone, and a tick that was missed (an
 * outage, a deploy) is caught up by the next one. Each job has a window in local time:
 * - publish (default 21:00): from the publish time until the next morning's chase time, for the
 *   day after the evening it belongs to — so a catch-up at 00:10 still publishes "tomorrow";
 * - chase (default 06:30): from the chase time until the digest time, for today;
 * - digest (default 09:00): from the digest time until the end of the day, for today;
 * - wrap_up (default 17:00): the end-of-day wrap-up, from its time until the end of the day.
 * Exactly-once is not decided here: the job_runs table records what already ran.
 *
 * @example
 * dueJobs(Date.UTC(2022, 3, 18, 13, 0), "Asia/Shanghai", defaultJobTimes);
 * // [{ job: "publish", date: "2022-04-19" }] — 21:00 in Shanghai on the 18th
 */
import { addDays, localDate } from "./local-time.ts";

export type JobKind = "publish" | "chase" | "digest" | "wrap_up";
export const jobKinds: readonly JobKind[] = ["publish", "chase", "digest", "wrap_up"];

export interface JobTimes {
  publish: string;
  chase: string;
  digest: string;
  wrapUp: string;
}

export const defaultJobTimes: JobTimes = { publish: "21:00", chase: "06:30", digest: "09:00", wrapUp: "17:00" };

export interface DueJob {
  job: JobKind;
  /** The plan date the job works on. */
  date: string;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** Minutes since local midnight at an instant. */
export function localMinutes(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(epochMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

export function dueJobs(epochMs: number, timeZone: string, times: JobTimes = defaultJobTimes): DueJob[] {
  const today = localDate(epochMs, timeZone);
  const now = localMinutes(epochMs, timeZone);
  const [publish, chase, digest] = [minutes(times.publish), minutes(times.chase), minutes(times.digest)];
  const due: DueJob[] = [];
  if (now >= publish) due.push({ job: "publish", date: addDays(today, 1) });
  else if (now < chase) due.push({ job: "publish", date: today });
  if (now >= chase && now < digest) due.push({ job: "chase", date: today });
  if (now >= digest) due.push({ job: "digest", date: today });
  if (now >= minutes(times.wrapUp)) due.push({ job: "wrap_up", date: today });
  return due;
}

/**
 * Google's Sheets quota as Google counts it, for the emulator: requests in any 60 seconds per
 * user (a service account is one user, whatever spreadsheets it touches) and per project, reads
 * and writes apart. A per-spreadsheet count (what the emulator did before) hides a town's load:
 * 50 compounds at 20 requests a minute each are 1,000 a minute for the one account they share.
 *
 * Pure: time is passed in (epoch ms). The EmulatorQuota Durable Object holds one ledger for the
 * whole emulator, which stands for one Google project per service-account domain.
 */
import { z } from "zod";

export type CallKind = "read" | "write";

export const quotaLimitsSchema = z.object({
  perUser: z.object({ reads: z.number().int().min(1), writes: z.number().int().min(1) }),
  perProject: z.object({ reads: z.number().int().min(1), writes: z.number().int().min(1) }),
});
export type QuotaLimits = z.infer<typeof quotaLimitsSchema>;

/** Google's defaults (developers.google.com/sheets/api/limits). */
export const GOOGLE_LIMITS: QuotaLimits = {
  perUser: { reads: 60, writes: 60 },
  perProject: { reads: 300, writes: 300 },
};

export type Admission = { ok: true } | { ok: false; scope: "user" | "project" };

/** Figures for one user or project: the busiest minute and how many calls were refused. */
export interface QuotaFigures {
  reads: number;
  writes: number;
  maxReadsPerMinute: number;
  maxWritesPerMinute: number;
  throttled: number;
  /** Calls per UTC minute ("2026-12-04T13:00"), kept for the last day. */
  perMinute: Record<string, { reads: number; writes: number }>;
}

const WINDOW_MS = 60_000;

const emptyFigures = (): QuotaFigures => ({
  reads: 0,
  writes: 0,
  maxReadsPerMinute: 0,
  maxWritesPerMinute: 0,
  throttled: 0,
  perMinute: {},
});

/** A service account's project, as Google names it in the email (name@project.iam.gserviceaccount.com). */
export function projectOf(user: string): string {
  return /@([^.]+)\.iam\.gserviceaccount\.com$/.exec(user)?.[1] ?? "default";
}

/** Call times in the last minute, oldest first (dropped from the front as they age out). */
class Window {
  private times: number[] = [];
  private start = 0;
  count(now: number): number {
    while (this.start < this.times.length && this.times[this.start]! <= now - WINDOW_MS) this.start++;
    if (this.start > 1024) {
      this.times = this.times.slice(this.start);
      this.start = 0;
    }
    return this.times.length - this.start;
  }
  add(now: number): void {
    this.times.push(now);
  }
}

export class QuotaLedger {
  private windows = new Map<string, Window>();
  readonly users = new Map<string, QuotaFigures>();
  readonly projects = new Map<string, QuotaFigures>();

  /** `limits` null: nothing is refused (counts are still kept). */
  constructor(public limits: QuotaLimits | null) {}

  admit(user: string, kind: CallKind, now: number): Admission {
    const usedByUser = this.window(`u:${kind}:${user}`).count(now);
    const usedByProject = this.window(`p:${kind}:${projectOf(user)}`).count(now);
    const limits = this.limits;
    let admission: Admission = { ok: true };
    if (limits) {
      const key = kind === "read" ? "reads" : "writes";
      // Google checks the user's limit within the project's; either refuses with 429.
      if (usedByUser >= limits.perUser[key]) admission = { ok: false, scope: "user" };
      else if (usedByProject >= limits.perProject[key]) admission = { ok: false, scope: "project" };
    }
    this.record(user, kind, now, admission.ok);
    return admission;
  }

  /**
   * Counts one call as decided (served or refused with 429): what `admit` does after deciding,
   * and how the Durable Object replays its stored calls after a restart.
   */
  record(user: string, kind: CallKind, now: number, served: boolean): void {
    const project = projectOf(user);
    const userFigures = figuresOf(this.users, user);
    const projectFigures = figuresOf(this.projects, project);
    if (!served) {
      userFigures.throttled++;
      projectFigures.throttled++;
      return;
    }
    this.window(`u:${kind}:${user}`).add(now);
    this.window(`p:${kind}:${project}`).add(now);
    count(userFigures, kind, now);
    count(projectFigures, kind, now);
  }

  report(): {
    limits: QuotaLimits | null;
    users: Record<string, QuotaFigures>;
    projects: Record<string, QuotaFigures>;
  } {
    return {
      limits: this.limits,
      users: Object.fromEntries(this.users),
      projects: Object.fromEntries(this.projects),
    };
  }

  /** Forgets the counts and figures (the limits stay). */
  reset(): void {
    this.windows.clear();
    this.users.clear();
    this.projects.clear();
  }

  private window(key: string): Window {
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = new Window()));
    return w;
  }
}

function figuresOf(map: Map<string, QuotaFigures>, key: string): QuotaFigures {
  let f = map.get(key);
  if (!f) map.set(key, (f = emptyFigures()));
  return f;
}

function count(f: QuotaFigures, kind: CallKind, now: number): void {
  const minute = new Date(now).toISOString().slice(0, 16);
  const bucket = (f.perMinute[minute] ??= { reads: 0, writes: 0 });
  if (kind === "read") {
    f.reads++;
    bucket.reads++;
    f.maxReadsPerMinute = Math.max(f.maxReadsPerMinute, bucket.reads);
  } else {
    f.writes++;
    bucket.writes++;
    f.maxWritesPerMinute = Math.max(f.maxWritesPerMinute, bucket.writes);
  }
  const minutes = Object.keys(f.perMinute);
  if (minutes.length > 1440) delete f.perMinute[minutes.sort()[0]!];
}

/** "60/300": per user and per project, reads and writes alike; "off" refuses nothing. */
export function parseLimits(text: string | undefined): QuotaLimits | null {
  if (!text) return GOOGLE_LIMITS;
  if (text.trim() === "off") return null;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return GOOGLE_LIMITS;
  const user = Number(m[1]);
  const project = Number(m[2]);
  return { perUser: { reads: user, writes: user }, perProject: { reads: project, writes: project } };
}

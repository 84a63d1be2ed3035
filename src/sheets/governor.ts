/**
 * The Sheets governor: one Durable Object per Google project, through which every Sheets call of
 * the Worker passes before it leaves, so that a town of compounds stays under Google's quota.
 *
 * Google counts 60 reads and 60 writes a minute per user (a service account is one user, across
 * every spreadsheet it touches) and 300 of each per project. Spreadsheets have their own outboxes
 * and the cron runs many communities in one tick, so only a single place that sees every call can
 * keep those limits; the schedule itself is src/sheets/quota-window.ts. The windows live in
 * memory: they only matter for a minute, and an object evicted after a quiet minute has nothing
 * worth remembering.
 *
 * Limits are per deployment (Google raises them on request): SHEETS_READS_PER_MINUTE,
 * SHEETS_WRITES_PER_MINUTE (per service account), SHEETS_PROJECT_READS_PER_MINUTE,
 * SHEETS_PROJECT_WRITES_PER_MINUTE.
 */
import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../env.ts";
import { acquire, pressure, QuotaWindow, type Grant, type Priority } from "./quota-window.ts";

export type CallKind = "read" | "write";

export interface GovernorLimits {
  accountReads: number;
  accountWrites: number;
  projectReads: number;
  projectWrites: number;
}

export const defaultLimits: GovernorLimits = {
  accountReads: 60,
  accountWrites: 60,
  projectReads: 300,
  projectWrites: 300,
};

export interface AcquireRequest {
  /** The service account's email (the emulator's account locally). */
  account: string;
  kind: CallKind;
  priority: Priority;
  /** Epoch ms; the object's own clock when absent (tests pass it to stay off the wall clock). */
  now?: number;
}

export type AcquireResult = Grant & {
  /** How full the busiest window is over the coming minute: outboxes coalesce longer when high. */
  pressure: number;
};

export interface GovernorStats {
  granted: Record<Priority, number>;
  deferred: Record<Priority, number>;
  /** Per account and kind: grants in the minute before `now`. */
  lastMinute: Record<string, number>;
}

export function limitsFrom(vars: Record<string, unknown>): GovernorLimits {
  const read = (name: string, fallback: number) => {
    const n = Number(vars[name]);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return {
    accountReads: read("SHEETS_READS_PER_MINUTE", defaultLimits.accountReads),
    accountWrites: read("SHEETS_WRITES_PER_MINUTE", defaultLimits.accountWrites),
    projectReads: read("SHEETS_PROJECT_READS_PER_MINUTE", defaultLimits.projectReads),
    projectWrites: read("SHEETS_PROJECT_WRITES_PER_MINUTE", defaultLimits.projectWrites),
  };
}

export class SheetsGovernor extends DurableObject<Bindings> {
  private readonly windows = new Map<string, QuotaWindow>();
  private readonly limits: GovernorLimits;
  private readonly counts: GovernorStats = {
    granted: { answers: 0, publish: 0, background: 0 },
    deferred: { answers: 0, publish: 0, background: 0 },
    lastMinute: {},
  };

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.limits = limitsFrom(env as unknown as Record<string, unknown>);
  }

  /** Other limits for this object (tests and the simulation; deployments use the variables). */
  async configure(limits: Partial<GovernorLimits>): Promise<void> {
    Object.assign(this.limits, limits);
    this.windows.clear();
  }

  /** A slot for one Sheets request: `at` (wait until then, then send) or `retryAt` (ask again then). */
  async acquire(request: AcquireRequest): Promise<AcquireResult> {
    const now = request.now ?? Date.now();
    const windows = [
      this.window(`account:${request.account}:${request.kind}`, this.limitOf("account", request.kind)),
      this.window(`project:${request.kind}`, this.limitOf("project", request.kind)),
    ];
    const grant = acquire(windows, now, request.priority);
    if ("at" in grant) this.counts.granted[request.priority]++;
    else this.counts.deferred[request.priority]++;
    return { ...grant, pressure: pressure(windows, now) };
  }

  async stats(now?: number): Promise<GovernorStats> {
    const t = now ?? Date.now();
    const lastMinute: Record<string, number> = {};
    for (const [key, w] of this.windows) lastMinute[key] = w.countAt(t);
    return { ...structuredClone(this.counts), lastMinute };
  }

  /** Every grant time per window (tests check that no 60 seconds hold more than the limit). */
  async grants(): Promise<Record<string, number[]>> {
    return Object.fromEntries([...this.windows].map(([k, w]) => [k, w.snapshot()]));
  }

  private limitOf(scope: "account" | "project", kind: CallKind): number {
    if (scope === "account") return kind === "read" ? this.limits.accountReads : this.limits.accountWrites;
    return kind === "read" ? this.limits.projectReads : this.limits.projectWrites;
  }

  private window(key: string, limit: number): QuotaWindow {
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = new QuotaWindow(limit)));
    return w;
  }
}

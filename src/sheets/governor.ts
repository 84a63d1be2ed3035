/**
 * The Sheets governor: one Durable Object per Google project, through which every Sheets call of
 * the Worker passes before it leaves, so that a town of compounds stays under Google's quota.
 *
 * Google counts 60 reads and 60 writes a minute per user (a service account is one user, across
 * every spreadsheet it touches) and 300 of each per project. Spreadsheets have their own outboxes
 * and the cron runs many communities in one tick, so only a single place that sees every call can
 * keep those limits; the schedule itself is src/sheets/quota-window.ts. Each grant is stored in
 * the object's SQLite as it is given, and the windows are rebuilt from it when the object starts
 * again: Google remembers the last minute's calls across our restarts, so a governor that forgot
 * them would let a second minute's worth through at once (the real-pace town saw 429s after a
 * restart). Only the last window's grants are kept.
 *
 * Limits are per deployment (Google raises them on request): SHEETS_READS_PER_MINUTE,
 * SHEETS_WRITES_PER_MINUTE (per service account), SHEETS_PROJECT_READS_PER_MINUTE,
 * SHEETS_PROJECT_WRITES_PER_MINUTE.
 *
 * One more budget is ours, not Google's: SHEETS_PER_SPREADSHEET_PER_MINUTE (default 30) requests
 * of any kind a minute for one spreadsheet. A compound's busiest hour (the 07:00 roll call, ticks
 * and gate counts on top of answers) must not take more than half of the account it shares with
 * other compounds, and Google's own per-account limit would let one busy compound starve the
 * rest. Counted across every caller (outbox, sync, publish), so it holds by construction.
 */
import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../env.ts";
import { acquire, pressure, QuotaWindow, WINDOW_MS, type Grant, type Priority } from "./quota-window.ts";

export type CallKind = "read" | "write";

export interface GovernorLimits {
  accountReads: number;
  accountWrites: number;
  projectReads: number;
  projectWrites: number;
  /** Reads and writes together, per spreadsheet (our budget for one compound). */
  spreadsheetRequests: number;
}

export const defaultLimits: GovernorLimits = {
  accountReads: 60,
  accountWrites: 60,
  projectReads: 300,
  projectWrites: 300,
  spreadsheetRequests: 30,
};

export interface AcquireRequest {
  /** The service account's email (the emulator's account locally). */
  account: string;
  kind: CallKind;
  priority: Priority;
  /** The spreadsheet the request is for: counted against its own budget too. */
  spreadsheetId?: string;
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
  /** Per window (account and kind, project and kind, spreadsheet): grants in the minute before `now`. */
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
    spreadsheetRequests: read("SHEETS_PER_SPREADSHEET_PER_MINUTE", defaultLimits.spreadsheetRequests),
  };
}

export class SheetsGovernor extends DurableObject<Bindings> {
  private readonly windows = new Map<string, QuotaWindow>();
  private readonly limits: GovernorLimits;
  /** Grants read from storage at start, by window: each window takes its own when first used. */
  private readonly stored = new Map<string, number[]>();
  private readonly counts: GovernorStats = {
    granted: { answers: 0, publish: 0, background: 0 },
    deferred: { answers: 0, publish: 0, background: 0 },
    lastMinute: {},
  };

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS grants (win TEXT NOT NULL, at INTEGER NOT NULL)");
    this.limits = limitsFrom(env as unknown as Record<string, unknown>);
    for (const g of sql.exec<{ win: string; at: number }>("SELECT win, at FROM grants")) {
      this.stored.set(g.win, [...(this.stored.get(g.win) ?? []), g.at]);
    }
  }

  /** Other limits for this object (tests and the simulation; deployments use the variables). */
  async configure(limits: Partial<GovernorLimits>): Promise<void> {
    Object.assign(this.limits, limits);
    this.windows.clear();
    this.stored.clear();
    this.ctx.storage.sql.exec("DELETE FROM grants");
  }

  /** A slot for one Sheets request: `at` (wait until then, then send) or `retryAt` (ask again then). */
  async acquire(request: AcquireRequest): Promise<AcquireResult> {
    const now = request.now ?? Date.now();
    const keys = [`account:${request.account}:${request.kind}`, `project:${request.kind}`];
    const windows = [
      this.window(keys[0]!, this.limitOf("account", request.kind)),
      this.window(keys[1]!, this.limitOf("project", request.kind)),
    ];
    let own: QuotaWindow | undefined;
    if (request.spreadsheetId) {
      keys.push(`sheet:${request.spreadsheetId}`);
      own = this.window(keys[2]!, this.limits.spreadsheetRequests);
    }
    const grant = acquire(windows, now, request.priority, own);
    if ("at" in grant) {
      this.counts.granted[request.priority]++;
      this.store(keys, now, grant.at);
    } else this.counts.deferred[request.priority]++;
    // The account's and the project's pressure only: outboxes coalesce longer when the windows
    // they share with other compounds fill. A compound's own budget paces its calls by itself
    // (told to come back), so one busy roll call does not stretch its own sheet's lag to minutes.
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

  /** The grant, in each of its windows; grants a window ago and more can never count again. */
  private store(keys: readonly string[], now: number, at: number): void {
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM grants WHERE at <= ?", now - WINDOW_MS);
    for (const key of keys) sql.exec("INSERT INTO grants (win, at) VALUES (?, ?)", key, at);
  }

  private limitOf(scope: "account" | "project", kind: CallKind): number {
    if (scope === "account") return kind === "read" ? this.limits.accountReads : this.limits.accountWrites;
    return kind === "read" ? this.limits.projectReads : this.limits.projectWrites;
  }

  private window(key: string, limit: number): QuotaWindow {
    let w = this.windows.get(key);
    if (!w) {
      this.windows.set(key, (w = new QuotaWindow(limit)));
      w.restore(this.stored.get(key) ?? []);
      this.stored.delete(key);
    }
    return w;
  }
}

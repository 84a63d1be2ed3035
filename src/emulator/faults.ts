/**
 * What the emulator does to one spreadsheet's calls besides answering them: injected failures and
 * latency (so tests can prove retries) and the call counts `GET /emulator/stats` reports. Google's
 * quota is not per spreadsheet; it is counted per user and project in src/emulator/quota-ledger.ts.
 * Pure bookkeeping; the Durable Object persists it.
 */
import { z } from "zod";
import { createRandom, type Random } from "./seeded-random.ts";

export const faultsSchema = z.object({
  /** Share of API calls answered with one of `failureStatuses` instead of being served. */
  failureRate: z.number().min(0).max(1).default(0),
  failureStatuses: z
    .array(z.union([z.literal(429), z.literal(500), z.literal(503)]))
    .min(1)
    .default([429, 503]),
  /**
   * Share of write calls that are APPLIED and then answered 503, as Google sometimes does (a
   * timeout or 5xx after the change landed): a blind retry would apply it twice.
   */
  failAfterApplyRate: z.number().min(0).max(1).default(0),
  /** Added before every API call is served. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Every call fails with 503, as during an outage. */
  down: z.boolean().default(false),
  /** Every call fails with 403, as when the sheet is not shared with the service account. */
  denyAccess: z.boolean().default(false),
  /** Seed of the failure dice, so a fault run can be repeated. */
  seed: z.number().int().default(1),
});
export type Faults = z.infer<typeof faultsSchema>;
export const defaultFaults: Faults = faultsSchema.parse({});

export type CallKind = "read" | "write";

export interface Stats {
  reads: number;
  writes: number;
  byMethod: Record<string, number>;
  /** Calls answered with an injected failure, by status. */
  injected: Record<string, number>;
  /** Calls refused by the quota (per user and per project: src/emulator/quota-ledger.ts). */
  throttled: number;
  /** Calls per UTC minute ("2026-11-28T20:51"), reads and writes. */
  perMinute: Record<string, { reads: number; writes: number }>;
  /**
   * The same per calling account: the simulator checks the sheet as an account of its own, and a
   * compound's budget (SHEETS_PER_SPREADSHEET_PER_MINUTE) is the Worker's calls alone.
   */
  perMinuteByAccount: Record<string, Record<string, { reads: number; writes: number }>>;
  maxWritesPerMinute: number;
  maxReadsPerMinute: number;
}

export const emptyStats = (): Stats => ({
  reads: 0,
  writes: 0,
  byMethod: {},
  injected: {},
  throttled: 0,
  perMinute: {},
  perMinuteByAccount: {},
  maxWritesPerMinute: 0,
  maxReadsPerMinute: 0,
});

export type Verdict = { serve: true } | { serve: false; status: number; reason: "down" | "denied" | "injected" };

/** Decides the fate of one call and records it; times are passed in. */
export class CallGate {
  private random: Random;
  /**
   * Dice rolled since the faults were set. The Durable Object stores it, so an instance created
   * again (after idling, or a restart) goes on with the stream instead of starting it over —
   * otherwise every retry after a pause would meet the same first rolls, and fail forever.
   */
  draws: number;

  constructor(
    public faults: Faults,
    public stats: Stats,
    draws = 0,
  ) {
    this.random = createRandom(faults.seed);
    for (let i = 0; i < draws; i++) this.random.next();
    this.draws = draws;
  }

  setFaults(faults: Faults): void {
    this.faults = faults;
    this.random = createRandom(faults.seed);
    this.draws = 0;
  }

  private roll(): number {
    this.draws++;
    return this.random.next();
  }

  /** Whether an injected fault refuses the call; a served call is then counted with `count`. */
  admit(): Verdict {
    if (this.faults.down) return this.refuse(503, "down");
    if (this.faults.denyAccess) return this.refuse(403, "denied");
    if (this.faults.failureRate > 0 && this.roll() < this.faults.failureRate) {
      const statuses = this.faults.failureStatuses;
      const status = statuses[Math.floor(this.roll() * statuses.length)] ?? 503;
      this.stats.injected[status] = (this.stats.injected[status] ?? 0) + 1;
      return { serve: false, status, reason: "injected" };
    }
    return { serve: true };
  }

  /** After a write was applied: whether to answer 503 anyway (counted as injected "503-applied"). */
  failsAfterApply(kind: CallKind): boolean {
    if (kind !== "write" || this.faults.failAfterApplyRate === 0) return false;
    if (this.roll() >= this.faults.failAfterApplyRate) return false;
    this.stats.injected["503-applied"] = (this.stats.injected["503-applied"] ?? 0) + 1;
    return true;
  }

  private refuse(status: number, reason: "down" | "denied"): Verdict {
    return { serve: false, status, reason };
  }

  count(kind: CallKind, method: string, nowMs: number, account = "unknown"): void {
    const s = this.stats;
    s.byMethod[method] = (s.byMethod[method] ?? 0) + 1;
    const minute = new Date(nowMs).toISOString().slice(0, 16);
    const bucket = (s.perMinute[minute] ??= { reads: 0, writes: 0 });
    // Stats stored before this field existed have none.
    const mine = ((s.perMinuteByAccount ??= {})[account] ??= {});
    const own = (mine[minute] ??= { reads: 0, writes: 0 });
    if (kind === "read") {
      s.reads++;
      bucket.reads++;
      own.reads++;
    } else {
      s.writes++;
      bucket.writes++;
      own.writes++;
    }
    s.maxReadsPerMinute = Math.max(s.maxReadsPerMinute, bucket.reads);
    s.maxWritesPerMinute = Math.max(s.maxWritesPerMinute, bucket.writes);
    // Keep a day of minutes at most.
    const minutes = Object.keys(s.perMinute);
    if (minutes.length > 1440) delete s.perMinute[minutes.sort()[0]!];
    const ownMinutes = Object.keys(mine);
    if (ownMinutes.length > 1440) delete mine[ownMinutes.sort()[0]!];
  }
}

/**
 * The emulator's one quota ledger (src/emulator/quota-ledger.ts) as a Durable Object, so every
 * spreadsheet's Durable Object counts against the same users and projects, as Google does.
 *
 * Every call is stored as it is decided and replayed when the object starts again: Google does
 * not forget a minute's calls when our Worker restarts, so neither may the emulator (a restart
 * that emptied the ledger once admitted a burst Google would have refused, and lost the run's
 * figures). The limits set by `PUT /emulator/quota` are stored too.
 */
import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../env.ts";
import { parseLimits, QuotaLedger, quotaLimitsSchema, type Admission, type CallKind } from "./quota-ledger.ts";

/** Calls are kept as long as the ledger reports them: a day of minutes. */
const KEEP_MS = 24 * 60 * 60_000;

/** Old calls are dropped every this many calls, not on each one. */
const PRUNE_EVERY = 500;

export class EmulatorQuota extends DurableObject<Bindings> {
  private ledger: QuotaLedger;
  private sincePrune = 0;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
    sql.exec(
      "CREATE TABLE IF NOT EXISTS calls (at INTEGER NOT NULL, user TEXT NOT NULL, kind TEXT NOT NULL, served INTEGER NOT NULL)",
    );
    const stored = sql.exec<{ v: string }>("SELECT v FROM kv WHERE k = 'limits'").toArray()[0];
    this.ledger = new QuotaLedger(stored ? JSON.parse(stored.v) : parseLimits(env.EMULATOR_QUOTA_PER_MINUTE));
    for (const call of sql.exec<{ at: number; user: string; kind: CallKind; served: number }>(
      "SELECT at, user, kind, served FROM calls ORDER BY rowid",
    )) {
      this.ledger.record(call.user, call.kind, call.at, call.served === 1);
    }
  }

  admit(user: string, kind: CallKind, now: number): Admission {
    const admission = this.ledger.admit(user, kind, now);
    const sql = this.ctx.storage.sql;
    sql.exec("INSERT INTO calls (at, user, kind, served) VALUES (?, ?, ?, ?)", now, user, kind, admission.ok ? 1 : 0);
    if (++this.sincePrune >= PRUNE_EVERY) {
      this.sincePrune = 0;
      sql.exec("DELETE FROM calls WHERE at < ?", now - KEEP_MS);
    }
    return admission;
  }

  report(): ReturnType<QuotaLedger["report"]> {
    return this.ledger.report();
  }

  /** New limits (null: refuse nothing); the counts start over. */
  setLimits(input: unknown): { ok: true } | { ok: false; error: string } {
    const parsed = input === null ? { success: true as const, data: null } : quotaLimitsSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.path.join(".")).join(", ") };
    this.ledger.limits = parsed.data;
    this.reset();
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO kv (k, v) VALUES ('limits', ?)", JSON.stringify(parsed.data));
    return { ok: true };
  }

  reset(): void {
    this.ledger.reset();
    this.ctx.storage.sql.exec("DELETE FROM calls");
  }
}

export function quotaStub(env: Bindings): DurableObjectStub<EmulatorQuota> {
  return env.EMULATOR_QUOTA.get(env.EMULATOR_QUOTA.idFromName("emulator"));
}

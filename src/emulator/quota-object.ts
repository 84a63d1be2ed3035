/**
 * The emulator's one quota ledger (src/emulator/quota-ledger.ts) as a Durable Object, so every
 * spreadsheet's Durable Object counts against the same users and projects, as Google does. The
 * windows live in memory (a restart forgets the last minute, which only ever admits more); the
 * limits set by `PUT /emulator/quota` are stored.
 */
import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../env.ts";
import { parseLimits, QuotaLedger, quotaLimitsSchema, type Admission, type CallKind } from "./quota-ledger.ts";

export class EmulatorQuota extends DurableObject<Bindings> {
  private ledger: QuotaLedger;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
    const stored = ctx.storage.sql.exec<{ v: string }>("SELECT v FROM kv WHERE k = 'limits'").toArray()[0];
    this.ledger = new QuotaLedger(stored ? JSON.parse(stored.v) : parseLimits(env.EMULATOR_QUOTA_PER_MINUTE));
  }

  admit(user: string, kind: CallKind, now: number): Admission {
    return this.ledger.admit(user, kind, now);
  }

  report(): ReturnType<QuotaLedger["report"]> {
    return this.ledger.report();
  }

  /** New limits (null: refuse nothing); the counts start over. */
  setLimits(input: unknown): { ok: true } | { ok: false; error: string } {
    const parsed = input === null ? { success: true as const, data: null } : quotaLimitsSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.path.join(".")).join(", ") };
    this.ledger.limits = parsed.data;
    this.ledger.reset();
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO kv (k, v) VALUES ('limits', ?)", JSON.stringify(parsed.data));
    return { ok: true };
  }

  reset(): void {
    this.ledger.reset();
  }
}

export function quotaStub(env: Bindings): DurableObjectStub<EmulatorQuota> {
  return env.EMULATOR_QUOTA.get(env.EMULATOR_QUOTA.idFromName("emulator"));
}

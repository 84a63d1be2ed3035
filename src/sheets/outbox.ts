/**
 * The outbox: one Durable Object per spreadsheet holding every change bound for its system tabs
 * (answers, statuses, replans, the group message) and for the system columns of organizer tabs
 * (培训日期 on the Volunteers tab: update by ID only) until the sheet has it.
 *
 * Why: Google allows the Worker about 60 write requests a minute, and at 07:00 300 volunteers may
 * tap within minutes. Answers are committed to D1 first; the outbox then
 * - stores each row update durably (SQLite) before `enqueue` returns, keyed by the tab's ID
 *   columns (date + volunteer ID for the Plan tab), so later updates of the same row coalesce
 *   into one, column by column;
 * - flushes everything pending by alarm as ONE gateway write (one read to find the rows again by
 *   ID after any sort, one batchUpdate), no sooner than `minIntervalMs` after the last flush, so
 *   a burst costs one write every few seconds whatever its size;
 * - on 429/5xx keeps the queue and re-arms the alarm with exponential backoff and full jitter;
 * - on a refusal Google will repeat (sheet unshared or deleted, a strictly protected range; see
 *   `SheetsError.permanent`) tries a few times, then parks: the rows stay, the reason is kept in
 *   Chinese and English for the organizers, and one probe every 15 minutes (or `retryNow`, when
 *   someone says it is fixed) resumes from where it stopped;
 * - removes a row only if it was not updated while the write was in flight, so nothing enqueued
 *   during a flush is lost, and flushes never overlap, so a row is never appended twice.
 *
 * @example
 * await services.outbox(spreadsheetId).enqueue(spreadsheetId, [
 *   { tab: "plan", cells: { date: "2022-04-19", volunteer_id: "V003", status: "已确认 Confirmed" } },
 * ]);
 */
import { DurableObject } from "cloudflare:workers";
import { buildServices, type Bindings } from "../env.ts";
import type { ColumnWrite, UpsertWrite, WriteOp } from "./gateway.ts";
import { clearParking, recordParking } from "../store/sheet-parking.ts";
import { SheetsError } from "./sheets-error.ts";
import { tabSpec, type OrganizerTabKey, type SystemTabKey, type TabKey } from "./manifest.ts";
import { rowKey } from "./tab-reader.ts";
import type { TokenCache } from "./service-account.ts";
import { layeredTokenCache, sqlTokenShelf } from "./token-store.ts";

/**
 * One row update: the tab's ID columns plus the columns to set. On an organizer tab (培训日期 of
 * the Volunteers tab) only system-owned columns may be set, and only on a row the sheet already
 * has, found by its ID: such a row is never appended and no organizer cell is touched.
 */
export interface OutboxRow {
  tab: SystemTabKey | OrganizerTabKey;
  cells: Record<string, string>;
}

export interface OutboxTiming {
  /** Wait after the first enqueue of a quiet period, so a burst shares one write. */
  firstDelayMs: number;
  /** Least time between two flushes: 6 s keeps a burst at 10–11 writes a minute. */
  minIntervalMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Refusals in a row before the rows are parked. */
  parkAfter: number;
  /** How often a parked outbox tries again on its own. */
  probeMs: number;
}

/** How long the outbox remembers the system rows it wrote (a week of days, and a margin). */
const MIRROR_DAYS = 10;

export const defaultOutboxTiming: OutboxTiming = {
  firstDelayMs: 1_000,
  minIntervalMs: 6_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 20_000,
  parkAfter: 3,
  probeMs: 15 * 60_000,
};

/**
 * How long an outbox waits after a flush before the next, given the governor's pressure (the
 * busiest quota window's grants of the last minute plus those booked, over its limit). A town's
 * answers come about 40 s apart per compound in the first hour, so a short wait coalesces
 * nothing: each tap would be its own read and write, ~2.25 reads a minute per compound, and one
 * service account (60 reads) would carry ~26 compounds. Waiting up to 20× longer when the
 * account is nearly spent lets a flush carry every answer of the last two minutes, so 50
 * compounds need about one flush each in two minutes, under the limit, and the sheet lags by at
 * most that instead of calls failing.
 *
 * Under pressure each wait is also spread (`spread` in [0, 1): the longer waits are cut by up to
 * a quarter): outboxes that flushed together, after a burst of answers or a restart, would
 * otherwise all come due together again two minutes later. The 50-compound real-pace run saw
 * minutes of 9 and of 60 reads side by side that way, and a catch-up longer than five minutes.
 */
export function coalesceIntervalMs(minIntervalMs: number, pressure: number, spread = 0.999): number {
  const tier = pressure >= 0.9 ? 20 : pressure >= 0.75 ? 10 : pressure >= 0.5 ? 3 : 1;
  if (tier === 1) return minIntervalMs;
  return Math.round(minIntervalMs * tier * (0.75 + 0.25 * Math.min(Math.max(spread, 0), 1)));
}

/** Why an outbox stopped writing, as the organizers are told. */
export interface Parked {
  kind: string;
  zh: string;
  en: string;
  /** Epoch ms of the refusal that parked it. */
  since: number;
}

export interface OutboxState {
  spreadsheetId: string | null;
  pending: number;
  /** Row updates ever enqueued (the sequence number): unlike `pending`, a flush does not lower it. */
  enqueued: number;
  /** Failed flushes in a row (0 after a success). */
  attempts: number;
  flushes: number;
  failures: number;
  lastFlushAt: number | null;
  /** Least wait before the next flush: longer while the Sheets quota is nearly spent. */
  intervalMs: number;
  lastError: string | null;
  /** Epoch ms of the next flush, or null when idle. */
  alarm: number | null;
  /** Set while Google keeps refusing for good: the rows wait for the organizers to fix the sheet. */
  parked: Parked | null;
  /** Access-token exchanges this isolate made (Google backend; 0 with the emulator). */
  tokenExchanges: number;
}

export type FlushReport =
  | { status: "idle" }
  | { status: "written"; rows: number; cells: number; requests: number }
  | { status: "failed"; rows: number; error: string; retryInMs: number; parked: boolean };

interface PendingRow {
  tab: string;
  row_key: string;
  seq: number;
  cells: string;
  [key: string]: SqlStorageValue;
}

/** A row for an organizer tab may set only system-owned columns (a bug otherwise, so it throws). */
function assertWritable(row: OutboxRow): void {
  const spec = tabSpec(row.tab);
  if (spec.owner === "system") return;
  for (const column of Object.keys(row.cells)) {
    const owner = spec.columns.find((c) => c.key === column)?.owner;
    if (!spec.idColumns.includes(column) && owner !== "system") {
      throw new Error(`the outbox never writes organizer-owned ${row.tab}.${column}`);
    }
  }
}

/** The row's identity: its tab and the values of the tab's ID columns. */
export function outboxKey(row: OutboxRow): string {
  return tabSpec(row.tab)
    .idColumns.map((c) => row.cells[c] ?? "")
    .join("\u001f");
}

export class SheetsOutbox extends DurableObject<Bindings> {
  private readonly sql: SqlStorage;
  private flushing: Promise<FlushReport> | undefined;
  private readonly timing: OutboxTiming = defaultOutboxTiming;
  private readonly tokens: TokenCache;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS pending (tab TEXT NOT NULL, row_key TEXT NOT NULL, seq INTEGER NOT NULL, cells TEXT NOT NULL, PRIMARY KEY (tab, row_key))",
    );
    this.sql.exec("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
    // What the sheet's system rows should hold: every system row this outbox wrote, whole, so a
    // row an organizer's insert or sort made us overwrite is rewritten whole, never half.
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS mirror (tab TEXT NOT NULL, row_key TEXT NOT NULL, cells TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (tab, row_key))",
    );
    this.tokens = layeredTokenCache(sqlTokenShelf(this.sql));
  }

  /** Queues row updates durably (coalescing with pending updates of the same rows) and arms a flush. */
  async enqueue(spreadsheetId: string, rows: readonly OutboxRow[]): Promise<{ pending: number }> {
    for (const row of rows) assertWritable(row);
    this.setMeta("spreadsheet_id", spreadsheetId);
    let seq = Number(this.getMeta("seq") ?? 0);
    for (const row of rows) {
      const key = outboxKey(row);
      const existing = this.sql
        .exec<{ cells: string }>("SELECT cells FROM pending WHERE tab = ? AND row_key = ?", row.tab, key)
        .toArray()[0];
      const cells = existing ? { ...(JSON.parse(existing.cells) as Record<string, string>), ...row.cells } : row.cells;
      this.sql.exec(
        "INSERT INTO pending (tab, row_key, seq, cells) VALUES (?, ?, ?, ?) ON CONFLICT (tab, row_key) DO UPDATE SET seq = excluded.seq, cells = excluded.cells",
        row.tab,
        key,
        ++seq,
        JSON.stringify(cells),
      );
    }
    this.setMeta("seq", String(seq));
    await this.arm(this.timing.firstDelayMs);
    return { pending: this.count() };
  }

  override async alarm(): Promise<void> {
    // Never throws: a failure re-arms the alarm with our own backoff instead of the runtime's.
    await this.flush();
  }

  /** Writes everything pending in one gateway write; concurrent callers share the flush in flight. */
  async flush(): Promise<FlushReport> {
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  async state(): Promise<OutboxState> {
    const num = (k: string) => (this.getMeta(k) === null ? null : Number(this.getMeta(k)));
    return {
      spreadsheetId: this.getMeta("spreadsheet_id"),
      pending: this.count(),
      enqueued: num("seq") ?? 0,
      attempts: num("attempts") ?? 0,
      flushes: num("flushes") ?? 0,
      failures: num("failures") ?? 0,
      lastFlushAt: num("last_flush_at"),
      intervalMs: num("interval") ?? this.timing.minIntervalMs,
      lastError: this.getMeta("last_error"),
      alarm: await this.ctx.storage.getAlarm(),
      parked: this.parked(),
      tokenExchanges: this.tokens.stats.exchanges,
    };
  }

  /** Someone fixed the sheet: try now instead of at the next probe. */
  async retryNow(): Promise<FlushReport> {
    await this.ctx.storage.deleteAlarm();
    return this.flush();
  }

  /** The pending rows in order (for tests and the organizer's status route). */
  async pendingRows(): Promise<OutboxRow[]> {
    return this.sql
      .exec<PendingRow>("SELECT * FROM pending ORDER BY seq")
      .toArray()
      .map((r) => ({ tab: r.tab as OutboxRow["tab"], cells: JSON.parse(r.cells) as Record<string, string> }));
  }

  private async flushOnce(): Promise<FlushReport> {
    const spreadsheetId = this.getMeta("spreadsheet_id");
    const rows = this.sql.exec<PendingRow>("SELECT * FROM pending ORDER BY seq").toArray();
    if (!spreadsheetId || rows.length === 0) return { status: "idle" };
    const ops: WriteOp[] = [];
    for (const row of rows) {
      const cells = JSON.parse(row.cells) as Record<string, string>;
      const spec = tabSpec(row.tab as TabKey);
      if (spec.owner === "organizer") {
        // Update-only, by ID, one column at a time; rows the sheet lacks are skipped.
        const key = rowKey(spec, cells);
        for (const [column, value] of Object.entries(cells)) {
          if (spec.idColumns.includes(column)) continue;
          let op = ops.find((o): o is ColumnWrite => o.kind === "column" && o.tab === row.tab && o.column === column);
          if (!op)
            ops.push(
              (op = { kind: "column", tab: spec.key as OrganizerTabKey, column, values: new Map(), otherwise: null }),
            );
          (op.values as Map<string, string>).set(key, value);
        }
        continue;
      }
      let op = ops.find((o): o is UpsertWrite => o.kind === "upsert" && o.tab === row.tab);
      if (!op)
        ops.push((op = { kind: "upsert", tab: row.tab as SystemTabKey, rows: [], known: this.mirrored(row.tab) }));
      // System rows go out whole (what was written before, updated): a row that landed on the
      // wrong line once is put right by its next write.
      const whole = { ...(op.known?.get(rowKey(spec, cells)) ?? {}), ...cells };
      (op.rows as Array<Record<string, string>>).push(whole);
    }
    // Retries are the outbox's job (alarm backoff), so the gateway tries each call once.
    // The token is kept in this object's storage too, so a fresh isolate does not exchange again.
    const gateway = buildServices(this.env, { tokens: this.tokens }).sheetsById(spreadsheetId, {
      priority: "answers",
      retry: { retries: 0, baseDelayMs: 0, maxDelayMs: 0 },
    });
    try {
      const report = await gateway.write(ops);
      for (const row of rows) {
        this.sql.exec("DELETE FROM pending WHERE tab = ? AND row_key = ? AND seq = ?", row.tab, row.row_key, row.seq);
      }
      this.remember(ops);
      this.setMeta("attempts", "0");
      this.setMeta("flushes", String(Number(this.getMeta("flushes") ?? 0) + 1));
      this.setMeta("last_flush_at", String(Date.now()));
      if (this.parked()) await clearParking(this.env.DB, spreadsheetId);
      this.sql.exec("DELETE FROM meta WHERE k IN ('last_error', 'refusals', 'parked')");
      // Rows updated during the write go out in the next flush, after the minimum interval. Set
      // unconditionally: inside alarm() the alarm being handled may still read as set.
      // Near the quota (the governor's pressure), coalesce longer: the sheet lags a little
      // instead of the calls failing.
      const interval = coalesceIntervalMs(this.timing.minIntervalMs, gateway.pressure ?? 0, Math.random());
      this.setMeta("interval", String(interval));
      if (this.count() > 0) await this.ctx.storage.setAlarm(Date.now() + interval);
      return { status: "written", rows: rows.length, cells: report.cells, requests: report.requests };
    } catch (error) {
      const attempts = Number(this.getMeta("attempts") ?? 0) + 1;
      const message = error instanceof Error ? error.message : String(error);
      this.setMeta("attempts", String(attempts));
      this.setMeta("failures", String(Number(this.getMeta("failures") ?? 0) + 1));
      this.setMeta("last_error", message.slice(0, 500));
      const refusals = error instanceof SheetsError && error.permanent ? Number(this.getMeta("refusals") ?? 0) + 1 : 0;
      this.setMeta("refusals", String(refusals));
      if (error instanceof SheetsError && refusals >= this.timing.parkAfter) {
        // The reason is the latest refusal's (protected, then unshared: say "share it" now), the
        // time the first's, so organizers see how long the rows have waited.
        const parked: Parked = {
          kind: error.kind,
          zh: error.zh,
          en: error.en,
          since: this.parked()?.since ?? Date.now(),
        };
        this.setMeta("parked", JSON.stringify(parked));
        await recordParking(this.env.DB, { spreadsheetId, ...parked, pending: rows.length });
        await this.ctx.storage.setAlarm(Date.now() + this.timing.probeMs);
        return { status: "failed", rows: rows.length, error: message, retryInMs: this.timing.probeMs, parked: true };
      }
      const { backoffBaseMs, backoffMaxMs } = this.timing;
      const cap = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (attempts - 1));
      const retryInMs = Math.round(cap / 2 + (Math.random() * cap) / 2);
      await this.ctx.storage.setAlarm(Date.now() + retryInMs);
      return { status: "failed", rows: rows.length, error: message, retryInMs, parked: false };
    }
  }

  /** The system rows of a tab written in the last `MIRROR_DAYS`, whole, by row key. */
  private mirrored(tab: string): Map<string, Record<string, string>> {
    const since = Date.now() - MIRROR_DAYS * 86_400_000;
    const rows = this.sql
      .exec<{ row_key: string; cells: string }>(
        "SELECT row_key, cells FROM mirror WHERE tab = ? AND at >= ?",
        tab,
        since,
      )
      .toArray();
    const spec = tabSpec(tab as TabKey);
    return new Map(
      rows.map((r) => {
        const cells = JSON.parse(r.cells) as Record<string, string>;
        return [rowKey(spec, cells), cells] as const;
      }),
    );
  }

  /** After a write: the rows as the sheet now holds them; rows older than the window are let go. */
  private remember(ops: readonly WriteOp[]): void {
    const now = Date.now();
    for (const op of ops) {
      if (op.kind !== "upsert") continue;
      for (const cells of op.rows) {
        this.sql.exec(
          "INSERT INTO mirror (tab, row_key, cells, at) VALUES (?, ?, ?, ?) ON CONFLICT (tab, row_key) DO UPDATE SET cells = excluded.cells, at = excluded.at",
          op.tab,
          outboxKey({ tab: op.tab, cells }),
          JSON.stringify(cells),
          now,
        );
      }
    }
    this.sql.exec("DELETE FROM mirror WHERE at < ?", now - MIRROR_DAYS * 86_400_000);
  }

  /** Arms the alarm unless one is set (a backoff is never cut short by new rows). */
  private async arm(delayMs: number): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) !== null) return;
    const last = Number(this.getMeta("last_flush_at") ?? 0);
    const interval = Number(this.getMeta("interval") ?? this.timing.minIntervalMs);
    await this.ctx.storage.setAlarm(Math.max(Date.now() + delayMs, last + interval));
  }

  private parked(): Parked | null {
    const raw = this.getMeta("parked");
    return raw === null ? null : (JSON.parse(raw) as Parked);
  }

  private count(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM pending").one().n;
  }

  private getMeta(k: string): string | null {
    return this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = ?", k).toArray()[0]?.v ?? null;
  }

  private setMeta(k: string, v: string): void {
    this.sql.exec("INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", k, v);
  }
}

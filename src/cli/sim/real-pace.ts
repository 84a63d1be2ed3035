/**
 * `--pace real` (issue 18, part 4): the simulation with Google's quota minute left alone.
 *
 * The compressed day plays an hour of answers in seconds, so a per-minute quota never sees it.
 * At real pace one simulated minute is one wall-clock minute, from the 21:00 publish tick through
 * the first `realMinutes` minutes of answers (the busiest stretch: three in four confirmations
 * come in the first hour, evenly spread); the rest of the night is still compressed, and the
 * report says where the line was. The Worker's own clock is the real one; the tick is fired "as
 * if at 21:00".
 *
 * The figures are the emulator's own (`GET /emulator/quota`, Google's limits on: 60/60 per
 * service account, 300/300 per project), counted from the 21:00 tick on. The Worker is one
 * service account; the simulator's own Sheets calls (organizers' edits, the checker's reads)
 * go as a second service account in another project, minted at `POST /emulator/oauth2/token`,
 * so they do not eat the Worker's quota.
 *
 * How long a sheet lags behind D1 is measured from the Worker's outbox: every answer is timed
 * from its acknowledgement (the 303) to the first poll of that compound's outbox, started after
 * the acknowledgement, that finds nothing pending (polls every `pollMs`, so the figure is at most
 * that much late). The final "sheet = D1" check reads the sheets themselves.
 */
import type { QuotaFigures, QuotaLimits } from "../../emulator/quota-ledger.ts";
import { GOOGLE_LIMITS } from "../../emulator/quota-ledger.ts";
import { sleep, type SimClient } from "./client.ts";

export const CHECKER_ACCOUNT = "zonecrew-sim-checker@zc-sim-checker.iam.gserviceaccount.com";

const b64url = (text: string) => Buffer.from(text).toString("base64url");

/** An access token for `email` from the emulator's token endpoint (the JWT's signature is not checked there). */
export async function mintToken(client: SimClient, email: string, nowMs: number): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  const claims = {
    iss: email,
    scope: "https://www.googleapis.com/auth/spreadsheets",
    aud: `${client.base}/emulator/oauth2/token`,
    iat,
    exp: iat + 3600,
  };
  const assertion = `${b64url(JSON.stringify({ alg: "RS256", typ: "JWT" }))}.${b64url(JSON.stringify(claims))}.sig`;
  const response = await client.fetch("/emulator/oauth2/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }).toString(),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`token endpoint: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

export interface QuotaReport {
  limits: QuotaLimits | null;
  users: Record<string, QuotaFigures>;
  projects: Record<string, QuotaFigures>;
}

/** Google's limits on, the counts started over (`PUT /emulator/quota`). */
export async function startQuota(client: SimClient, limits: QuotaLimits | null = GOOGLE_LIMITS): Promise<void> {
  await client.json("/emulator/quota", { method: "PUT", body: JSON.stringify({ limits }) });
}

export function readQuota(client: SimClient): Promise<QuotaReport> {
  return client.json<QuotaReport>("/emulator/quota");
}

/**
 * Reads `GET /emulator/quota` every few seconds while the run lasts: the ledger lives in the
 * emulator's memory, and a Durable Object left idle may be evicted and forget its counts; asking
 * keeps it awake, and a count going backwards is reported (`restarts`).
 */
export class QuotaWatch {
  restarts = 0;
  private last = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  constructor(
    private readonly client: SimClient,
    private readonly everyMs = 4_000,
  ) {}
  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const q = await readQuota(this.client).catch(() => undefined);
        if (q) {
          const total = Object.values(q.users).reduce((n, f) => n + f.reads + f.writes, 0);
          if (total < this.last) this.restarts++;
          this.last = total;
        }
        await sleep(this.everyMs);
      }
    })();
  }
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** One service account's or project's row of the report. */
export interface QuotaRow {
  reads: number;
  writes: number;
  maxReadsPerMinute: number;
  maxWritesPerMinute: number;
  /** The UTC minute the 21:00 tick was fired in, and the one after (a tick's work spills over). */
  at2100: { reads: number; writes: number };
  at2101: { reads: number; writes: number };
  /** Minutes in which reads or writes exceeded the limit (should be none: the emulator refuses them). */
  minutesOverLimit: number;
  throttled: number;
  /** Reads and writes per UTC minute, as the emulator counted them. */
  perMinute: Record<string, { reads: number; writes: number }>;
}

export function quotaRows(
  figures: Record<string, QuotaFigures>,
  tickWallMs: number,
  limit: { reads: number; writes: number } | undefined,
): Record<string, QuotaRow> {
  const minute = (t: number) => new Date(t).toISOString().slice(0, 16);
  const zero = { reads: 0, writes: 0 };
  return Object.fromEntries(
    Object.entries(figures).map(([name, f]) => [
      name,
      {
        reads: f.reads,
        writes: f.writes,
        maxReadsPerMinute: f.maxReadsPerMinute,
        maxWritesPerMinute: f.maxWritesPerMinute,
        at2100: f.perMinute[minute(tickWallMs)] ?? zero,
        at2101: f.perMinute[minute(tickWallMs + 60_000)] ?? zero,
        minutesOverLimit: limit
          ? Object.values(f.perMinute).filter((m) => m.reads > limit.reads || m.writes > limit.writes).length
          : 0,
        throttled: f.throttled,
        perMinute: f.perMinute,
      },
    ]),
  );
}

export interface LagFigures {
  answers: number;
  maxMs: number;
  p95Ms: number;
}

export function lagFigures(samples: readonly number[]): LagFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const p95 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]! : 0;
  return { answers: sorted.length, maxMs: sorted.at(-1) ?? 0, p95Ms: p95 };
}

/**
 * Times each acknowledged answer until its compound's outbox has nothing pending. `now` is passed
 * in (the CLI passes Date.now), and `outbox` answers a compound's pending rows.
 */
export class LagTracker {
  private readonly waiting = new Map<string, number[]>();
  private readonly samples = new Map<string, number[]>();
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly slugs: readonly string[],
    private readonly outbox: (slug: string) => Promise<number>,
    private readonly now: () => number,
    private readonly pollMs = 5_000,
  ) {
    for (const s of slugs) {
      this.waiting.set(s, []);
      this.samples.set(s, []);
    }
  }

  acknowledged(slug: string, at: number): void {
    this.waiting.get(slug)?.push(at);
  }

  /** One poll of every compound with answers waiting. */
  async poll(): Promise<void> {
    await Promise.all(
      this.slugs.map(async (slug) => {
        const waiting = this.waiting.get(slug)!;
        if (waiting.length === 0) return;
        const started = this.now();
        const pending = await this.outbox(slug).catch(() => 1);
        if (pending > 0) return;
        const done = this.now();
        const settled = waiting.filter((t) => t < started);
        this.waiting.set(
          slug,
          waiting.filter((t) => t >= started),
        );
        this.samples.get(slug)!.push(...settled.map((t) => done - t));
      }),
    );
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.poll();
        await sleep(this.pollMs);
      }
    })();
  }

  /** Stops polling, then polls until every answer is settled (or `timeoutMs` passes). */
  async stop(timeoutMs = 600_000): Promise<void> {
    this.running = false;
    await this.loop;
    const deadline = this.now() + timeoutMs;
    while ([...this.waiting.values()].some((w) => w.length > 0) && this.now() < deadline) {
      await this.poll();
      await sleep(1_000);
    }
  }

  figures(): Record<string, LagFigures & { unsettled: number }> {
    return Object.fromEntries(
      this.slugs.map((s) => [s, { ...lagFigures(this.samples.get(s)!), unsettled: this.waiting.get(s)!.length }]),
    );
  }
}

/**
 * Simulated minutes -> minutes on the wall clock at real pace: the first `realMinutes` as they
 * are, the rest compressed to `compressedMsPerMin` real ms each.
 */
export function warpMinutes(atMin: number, realMinutes: number, compressedMsPerMin: number): number {
  return atMin <= realMinutes ? atMin : realMinutes + ((atMin - realMinutes) * compressedMsPerMin) / 60_000;
}

export interface RealPaceReport {
  /** Simulated minutes after 21:00 played at one wall minute each; the rest compressed. */
  realMinutes: number;
  compressedMsPerMinute: number;
  /** When the 21:00 tick was fired, and when the answers began (the first `realMinutes` after it at real pace). */
  tickAt?: string;
  answersFrom?: string;
  worker: { account: string; project: string };
  checker: { account: string; project: string };
  limits: QuotaLimits | null;
  /** Counted by the emulator from the 21:00 tick on. */
  accounts: Record<string, QuotaRow>;
  projects: Record<string, QuotaRow>;
  /** Wall seconds from the 21:00 tick until each compound's plan read published. */
  publishDoneS: Record<string, number>;
  lag: Record<string, LagFigures & { unsettled: number }>;
  /** Times the emulator's ledger was seen to forget its counts (should be 0). */
  ledgerRestarts: number;
  /**
   * Wall seconds from the last answer until every outbox was empty, measured before the 07:00
   * parcel sync (the last answers come 06:30–07:00).
   */
  sheetEqualsD1AfterLastAnswerS: number;
  /** Wall seconds the outboxes took to empty after the 07:00 syncs and the 09:00 digest of every compound, compressed. */
  morningDrainS?: number;
}

/** The real-pace figures as Markdown tables (printed by `npm run simulate -- --pace real`, pasted in docs/BENCHMARKS.md). */
export function realPaceMarkdown(r: RealPaceReport): string {
  const minute = (m: { reads: number; writes: number }) => `${m.reads} / ${m.writes}`;
  const quota = (scope: string, rows: Record<string, QuotaRow>) =>
    Object.entries(rows).map(
      ([name, q]) =>
        `| ${scope} | ${name} | ${q.reads} / ${q.writes} | ${q.maxReadsPerMinute} / ${q.maxWritesPerMinute} | ` +
        `${minute(q.at2100)} | ${minute(q.at2101)} | ${q.throttled} |`,
    );
  const seconds = Object.values(r.publishDoneS);
  const lags = Object.values(r.lag);
  const maxLag = Math.max(0, ...lags.map((l) => l.maxMs));
  const p95s = lags.map((l) => l.p95Ms).sort((a, b) => a - b);
  return [
    "| scope | name | reads / writes | max reads / writes in a minute | 21:00 minute | 21:01 minute | 429s |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...quota("service account", r.accounts),
    ...quota("project", r.projects),
    "",
    "| compound | publish done after 21:00 | answers timed | sheet behind D1: max | p95 |",
    "| --- | --- | --- | --- | --- |",
    ...Object.keys(r.lag).map(
      (slug) =>
        `| ${slug} | ${r.publishDoneS[slug]} s | ${r.lag[slug]!.answers} | ${(r.lag[slug]!.maxMs / 1000).toFixed(1)} s | ` +
        `${(r.lag[slug]!.p95Ms / 1000).toFixed(1)} s |`,
    ),
    `| **all** | max ${Math.max(...seconds)} s | ${lags.reduce((n, l) => n + l.answers, 0)} | ` +
      `${(maxLag / 1000).toFixed(1)} s | worst compound's p95 ${((p95s.at(-1) ?? 0) / 1000).toFixed(1)} s |`,
    "",
    `Every sheet equal to D1 (outboxes empty) ${r.sheetEqualsD1AfterLastAnswerS} s after the last answer (before the 07:00 sync).` +
      (r.morningDrainS === undefined
        ? ""
        : ` After the 07:00 syncs and the 09:00 digest of every compound, compressed into seconds: ${r.morningDrainS} s.`),
  ].join("\n");
}

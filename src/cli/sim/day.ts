/**
 * One whole day for N compounds against a private `wrangler dev` (src/cli/local-worker.ts), and
 * the report of what held.
 *
 * The clock: the Worker runs on the real clock, so the simulated day is "tomorrow" in a time zone
 * where it is now daytime (sign-ups for tomorrow are open until 21:00 there). The evening before
 * is played now: sign-ups, sync, generate; then the cron tick is fired *as if* at 21:00 (publish),
 * and the answers come in compressed — `realMsPerSimMinute` real ms per simulated minute — before
 * the tick is fired as if at 06:30 (chase and refill), the second parcel wave is typed in and
 * synced (07:00), and the tick is fired as if at 09:00 (digest). Answers therefore carry real
 * timestamps from the evening before; the volunteer's deadline (their duty's start tomorrow) is
 * still ahead, as it would be.
 *
 * The fault scenario plays the same day with the emulator failing a share of calls and slow from
 * the publish on, fully down for a stretch in the middle of the answers, the Worker killed and
 * restarted (state kept) while the outbox holds rows, and organizers sorting, inserting rows and
 * renaming a header while the publish runs.
 */
import { cpus } from "node:os";
import { addDays, localDate, localTimeToEpoch } from "../../domain/local-time.ts";
import { startLocalWorker, type LocalWorker } from "../local-worker.ts";
import { checkDay, dayReport, problemsShown, type DayReport } from "./checks.ts";
import { SimClient, sleep, workerMaxPerMinute } from "./client.ts";
import { communitiesSql, pickTimeZone, planCompounds, type CompoundSpec } from "./compounds.ts";
import { timeEngine } from "./engine-time.ts";
import { addWaveTwo, editDuringPublish, holdBackWaveTwo, PARCEL_COUNT_HEADER, renameParcelCount } from "./organizer.ts";
import { answerDuty, type TapResult } from "./phone.ts";
import { projectOf } from "../../emulator/quota-ledger.ts";
import { EMULATOR_ACCOUNT as WORKER_ACCOUNT } from "../../emulator/workbook.ts";
import {
  CHECKER_ACCOUNT,
  LagTracker,
  QuotaWatch,
  mintToken,
  quotaRows,
  readQuota,
  startQuota,
  warpMinutes,
  type RealPaceReport,
} from "./real-pace.ts";
import type { CompoundReport, SimulationReport } from "./report.ts";
import { eveningSignups, TAB } from "./signups.ts";
import { planAnswers, playTimeline, SIM, type TimelineEvent } from "./timeline.ts";
import { checkOperations, playOperations, skipOperations, type OperationsReport } from "./operations.ts";

export interface SimOptions {
  compounds: number;
  seed: number;
  scenario: "day" | "faults";
  /** Real ms per simulated minute of the answer wave. */
  realMsPerSimMinute?: number;
  /** Answers in flight at once. */
  concurrency?: number;
  /** Volunteers signing up through the 接龙 import, and as many through personal links, per compound. */
  signupsPerWay?: number;
  /** Fault scenario: real ms the emulator is down, share of failing calls, added latency. */
  outageMs?: number;
  failureRate?: number;
  latencyMs?: number;
  log?: (message: string) => void;
  verbose?: boolean;
  /**
   * "real": one simulated minute is one wall minute from the 21:00 tick through the first
   * `realMinutes` of answers, Google's quota on, figures from the emulator (src/cli/sim/real-pace.ts).
   */
  pace?: "compressed" | "real";
  realMinutes?: number;
  /** Play the day itself after the answers (roll call, ticks, gate counts, wrap-up); default true. */
  dayOperations?: boolean;
  /**
   * "few" (the CI-sized test): the Worker restarted at 07:10, 14:30 and 17:05 only, every stage
   * still ticked in order, instead of once per workflow slot. Each restart of `wrangler dev` is
   * seconds of CPU on a shared box; lateness against the workflow is not what the test proves.
   */
  dayMoments?: "all" | "few";
  /**
   * Keep the Worker's own budget per spreadsheet (SHEETS_PER_SPREADSHEET_PER_MINUTE, 30 a real
   * minute). Default: at real pace only. A compressed minute holds hours of one compound's day, so
   * the budget would only slow the run; it is proven by the governor's tests and real-pace runs.
   */
  spreadsheetBudget?: boolean;
}

interface CompoundState {
  spec: CompoundSpec;
  buildings: number;
  volunteers: number;
  signupRows: number;
  waveTwo: string[][];
  signups: { chainImport: number; signupLinks: number };
  engineMs: number;
  generateMs: number;
  engineMatchesWorker: boolean;
  links: Map<string, string>;
  /** Last 4 digits of each volunteer's phone, as the person types them to decline. */
  tails: Map<string, string>;
  acknowledged: Map<string, "confirm" | "decline">;
  taps: TapResult[];
  failedTaps: string[];
  counts: { confirmed: number; declined: number; none: number };
  coverage: number;
  onDuty: number;
  problems: { shown: string[]; missing: string[] };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0);
};

/** Coverage of a day report: buildings on a route over all buildings. */
function coverageOf(report: DayReport, buildings: number): number {
  const covered = new Set(report.assignments.flatMap((a) => a.buildings));
  return buildings === 0 ? 1 : Number((covered.size / buildings).toFixed(4));
}

/** Tries an organizer action again while the sheet is failing (they would press the button again). */
async function persist<T>(what: string, fn: () => Promise<T>, log: (m: string) => void, tries = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= tries) throw error;
      log(`${what} failed (${String(error).slice(0, 160)}); again in ${attempt * 2} s`);
      await sleep(attempt * 2_000);
    }
  }
}

/** The governor's budgets far above Google's, for a compressed town (see `lifted` below). */
const LIFTED_LIMITS = {
  SHEETS_READS_PER_MINUTE: "1000000",
  SHEETS_WRITES_PER_MINUTE: "1000000",
  SHEETS_PROJECT_READS_PER_MINUTE: "1000000",
  SHEETS_PROJECT_WRITES_PER_MINUTE: "1000000",
  SHEETS_PER_SPREADSHEET_PER_MINUTE: "1000000",
};

export async function simulateDay(options: SimOptions): Promise<SimulationReport & { realPace?: RealPaceReport }> {
  const log = options.log ?? ((m: string) => console.error(`[simulate] ${m}`));
  const faults = options.scenario === "faults";
  const msPerMin = options.realMsPerSimMinute ?? 200;
  const concurrency = options.concurrency ?? 24;
  const outageMs = options.outageMs ?? 10 * 60_000;
  const failureRate = options.failureRate ?? 0.3;
  const latencyMs = options.latencyMs ?? 2_000;
  const wallStart = Date.now();
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    log(`${name}…`);
    const result = await fn();
    phases[name] = Date.now() - t0;
    return result;
  };

  const timeZone = pickTimeZone(Date.now());
  const today = localDate(Date.now(), timeZone);
  const date = addDays(today, 1);
  const specs = planCompounds(options.compounds, options.seed, "");
  const real = options.pace === "real";
  // A compressed town packs hours of 50 compounds' calls into each real minute, which no
  // per-minute limit of one service account can hold: the Worker's governor and the emulator's
  // quota are lifted for it, and the quota is measured at real pace instead (--pace real). One
  // compound compressed stays under Google's limits, so the demo's runs keep them.
  const lifted = !real && options.compounds > 1;
  const budget = options.spreadsheetBudget ?? real;
  const worker: LocalWorker = await phase("start wrangler dev", () =>
    startLocalWorker({
      vars: {
        TIME_ZONE: timeZone,
        ...(lifted ? LIFTED_LIMITS : {}),
        ...(budget ? {} : { SHEETS_PER_SPREADSHEET_PER_MINUTE: LIFTED_LIMITS.SHEETS_PER_SPREADSHEET_PER_MINUTE }),
      },
      d1Sql: communitiesSql(specs, timeZone, new Date().toISOString()),
      verbose: options.verbose,
    }),
  );
  specs[0]!.token = worker.token;
  const client = new SimClient(worker.base, worker.token);
  const realMinutes = options.realMinutes ?? 60;
  // The simulator's own Sheets calls act as another service account in another project, so that
  // what is counted per spreadsheet is the Worker's calls alone.
  client.sheetsToken = await mintToken(client, CHECKER_ACCOUNT, Date.now());
  // Seeding the organizers' sheets is not what is measured: the quota refuses nothing until 21:00.
  if (real || lifted) await startQuota(client, null);
  const quotaWatch = new QuotaWatch(client);
  let tickWall = 0;
  const publishDone = new Map<string, number>();
  const restarts = { count: 0, pendingAtRestart: 0 };
  const watchdog = watch(worker, log);
  const edits: string[] = [];
  let recoveryMs: number | null = null;
  try {
    log(`${specs.length} compound(s), day ${date} in ${timeZone}, ${msPerMin} real ms per simulated minute`);
    const states: CompoundState[] = await phase("seed sheets", () =>
      mapLimit(specs, 4, async (spec) => {
        await client.createDemo(spec.spreadsheetId, spec.seed, spec.scale);
        await client.setFaults(spec.spreadsheetId, {});
        const waveTwo = await holdBackWaveTwo(client, spec);
        const [buildings, volunteers, signups] = await Promise.all([
          client.tabValues(spec.spreadsheetId, "楼栋 Buildings"),
          client.tabValues(spec.spreadsheetId, TAB.volunteers),
          client.tabValues(spec.spreadsheetId, TAB.signups),
        ]);
        await client.resetStats(spec.spreadsheetId);
        return {
          spec,
          buildings: buildings.length - 1,
          volunteers: volunteers.length - 1,
          signupRows: signups.slice(1).filter((r) => r[0] === date).length,
          waveTwo,
          signups: { chainImport: 0, signupLinks: 0 },
          engineMs: 0,
          generateMs: 0,
          engineMatchesWorker: false,
          links: new Map(),
          tails: phoneTails(volunteers),
          acknowledged: new Map(),
          taps: [],
          failedTaps: [],
          counts: { confirmed: 0, declined: 0, none: 0 },
          coverage: 0,
          onDuty: 0,
          problems: { shown: [], missing: [] },
        };
      }),
    );

    await phase("evening sign-ups (接龙 import, personal links)", () =>
      mapLimit(states, 4, async (s) => {
        s.signups = await eveningSignups(client, s.spec, date, options.signupsPerWay ?? 3);
      }),
    );

    await phase("sync and generate", () =>
      mapLimit(states, 2, async (s) => {
        await client.api(s.spec.token, "POST", `/api/${s.spec.slug}/sync`);
        const engine = await timeEngine({
          base: worker.base,
          token: worker.token,
          spreadsheetId: s.spec.spreadsheetId,
          slug: s.spec.slug,
          date,
          timeZone,
          now: Date.now(),
        });
        const own = client.own.get(s.spec.spreadsheetId) ?? { reads: 0, writes: 0 };
        client.own.set(s.spec.spreadsheetId, { ...own, reads: own.reads + engine.reads });
        const t0 = performance.now();
        const generated = await client.api<{ metrics: typeof engine.metrics }>(
          s.spec.token,
          "POST",
          `/api/${s.spec.slug}/plans/${date}/generate`,
        );
        s.generateMs = Math.round(performance.now() - t0);
        s.engineMs = engine.engineMs;
        s.engineMatchesWorker = JSON.stringify(generated.metrics) === JSON.stringify(engine.metrics);
      }),
    );

    // ---- 21:00: the publish tick (with organizers editing meanwhile in the fault scenario).
    const publishAt = localTimeToEpoch(today, "21:00", timeZone);
    await phase("publish tick (21:00)", async () => {
      if (faults) {
        await Promise.all(
          states.map((s) => client.setFaults(s.spec.spreadsheetId, { failureRate, latencyMs, seed: options.seed })),
        );
      }
      // Real pace: Google's limits on and the emulator's counts started over at the tick.
      if (real) await startQuota(client);
      if (real) quotaWatch.start();
      tickWall = Date.now();
      const tick = worker.tick(publishAt);
      if (faults) {
        const done = await mapLimit(states, 4, (s) => editDuringPublish(client, s.spec));
        edits.push(...(done[0] ?? []));
      }
      // A town's publish can outlast Node's 5-minute wait for response headers; the handler
      // carries on in the Worker, so wait for the publications themselves.
      const first = await tick.catch((error: unknown) => ({ ok: false, status: 0, body: String(error) }));
      if (!first.ok) log(`publish tick answered ${first.status}: ${first.body.slice(0, 200)}`);
      const unpublished = async () => {
        const slugs: string[] = [];
        await mapLimit(states, 8, async (s) => {
          const r = await client.json<{ status?: string }>(`/api/${s.spec.slug}/plans/${date}`, {
            token: s.spec.token,
            okStatuses: [404],
          });
          if (r?.status !== "published") slugs.push(s.spec.slug);
          else if (!publishDone.has(s.spec.slug)) publishDone.set(s.spec.slug, Date.now() - tickWall);
        });
        return slugs;
      };
      // The tick only enqueues one job per compound (Cloudflare Queues, src/cron/fan-out.ts) and
      // every Sheets call waits for the governor's slot, so the publications come after it.
      const waitPublished = async (ms: number) => {
        const deadline = Date.now() + ms;
        while ((await unpublished()).length > 0 && Date.now() < deadline) await sleep(3_000);
      };
      await waitPublished(first.status === 0 ? 20 * 60_000 : 10 * 60_000);
      // A job that failed (the sheet failing) is retried by the queue and enqueued again by the
      // next 15-minute tick.
      for (let n = 1; n <= 8; n++) {
        const waiting = await unpublished();
        if (waiting.length === 0) return;
        log(`not published yet: ${waiting.join(", ")}; tick at 21:${String(n * 15).padStart(2, "0")}`);
        await worker.tick(publishAt + n * 15 * 60_000);
        await waitPublished(2 * 60_000);
      }
      throw new Error("the evening publish did not happen within two hours of ticks");
    });

    await phase("links from the Plan tab", async () => {
      await waitForOutboxes(client, states, faults ? 600_000 : 180_000, log);
      await mapLimit(states, 4, async (s) => {
        const report = await dayReport(client, s.spec, date);
        s.onDuty = report.assignments.length;
        s.coverage = coverageOf(report, s.buildings);
        const rows = await client.tabValues(s.spec.spreadsheetId, TAB.plan);
        const header = rows[0] ?? [];
        const [cDate, cId, cLink] = ["Date", "Volunteer ID", "Link"].map((en) =>
          header.findIndex((h) => h.endsWith(en)),
        );
        for (const r of rows.slice(1)) {
          if (r[cDate!] === date && r[cLink!]) s.links.set(r[cId!]!, r[cLink!]!);
        }
        if (s.links.size !== report.assignments.length) {
          throw new Error(
            `${s.spec.slug}: ${s.links.size} links in the Plan tab for ${report.assignments.length} on duty`,
          );
        }
      });
    });

    // ---- The night and morning, compressed (at real pace: after the first `realMinutes`).
    const events: TimelineEvent[] = [];
    const lag = new LagTracker(
      states.map((s) => s.spec.slug),
      async (slug) => (await client.outbox(states.find((s) => s.spec.slug === slug)!.spec.token, slug)).pending,
      () => Date.now(),
    );
    let lastAnswer = 0;
    for (const s of states) {
      for (const planned of planAnswers([...s.links.keys()], s.spec.seed)) {
        if (planned.fate === "none") {
          s.counts.none++;
          continue;
        }
        const fate = planned.fate;
        events.push({
          atMin: planned.atMin!,
          kind: "answer",
          run: async () => {
            const tap = await answerDuty(
              s.links.get(planned.volunteerId)!,
              fate,
              fate === "decline" ? "家里有事 family" : "",
              s.tails.get(planned.volunteerId),
            );
            s.taps.push(tap);
            if (tap.status === 303) {
              s.acknowledged.set(planned.volunteerId, fate);
              s.counts[fate === "confirm" ? "confirmed" : "declined"]++;
              lastAnswer = Date.now();
              if (real) lag.acknowledged(s.spec.slug, lastAnswer);
            } else {
              s.failedTaps.push(`${planned.volunteerId} ${fate}: HTTP ${tap.status}`);
            }
          },
        });
      }
    }
    let outageEnded = 0;
    if (faults) {
      const outageAt = 20;
      events.push({
        atMin: outageAt,
        kind: "background",
        name: `Sheets down for ${Math.round(outageMs / 1000)} s`,
        run: async () => {
          await Promise.all(states.map((s) => client.setFaults(s.spec.spreadsheetId, { down: true })));
          await sleep(outageMs);
          await Promise.all(
            states.map((s) =>
              client.setFaults(s.spec.spreadsheetId, { down: false, failureRate, latencyMs, seed: options.seed }),
            ),
          );
          outageEnded = Date.now();
          log("Sheets back (still failing 30% and slow)");
        },
      });
      events.push({
        atMin: outageAt + Math.min(outageMs / msPerMin / 2, 30),
        kind: "background",
        name: "Worker killed (SIGKILL) and restarted, state kept",
        run: async () => {
          for (const s of states) restarts.pendingAtRestart += (await client.outbox(s.spec.token, s.spec.slug)).pending;
          await watchdog.plannedRestart();
          restarts.count++;
          log(`restarted; ${restarts.pendingAtRestart} outbox rows were pending`);
        },
      });
    }
    const chaseAt = localTimeToEpoch(date, "06:30", timeZone);
    events.push({
      atMin: SIM.chase,
      kind: "step",
      name: "chase and refill tick (06:30)",
      waitForBackground: false,
      run: async () => {
        const r = await worker.tick(chaseAt);
        if (!r.ok) throw new Error(`chase tick: ${r.status} ${r.body.slice(0, 300)}`);
      },
    });
    // At real pace the catch-up after the last answer is measured here, when the last answers
    // (06:30–07:00) are in and before the 07:00 parcel sync: compressed, the 50 compounds' syncs
    // and the 09:00 digest follow within seconds and would be counted as the answers' lag, where
    // a real morning has them over hours. Their own drain is reported apart (`morningDrainS`).
    let caughtUp = 0;
    if (real) {
      events.push({
        atMin: SIM.waveEnd,
        kind: "step",
        name: "the last answers reach every sheet (before the 07:00 sync)",
        waitForBackground: true,
        run: async () => {
          await waitForOutboxes(client, states, 600_000, log);
          caughtUp = Date.now();
        },
      });
    }
    events.push({
      atMin: SIM.parcels,
      kind: "step",
      name: "second parcel wave typed in, then sync (07:00)",
      waitForBackground: true,
      run: async () => {
        await mapLimit(states, 2, async (s) => {
          if (faults) {
            // The renamed header is what the organizers must see in the Problems tab.
            await persist(
              `${s.spec.slug} sync`,
              () => client.api(s.spec.token, "POST", `/api/${s.spec.slug}/sync`),
              log,
            );
            await waitForOutboxes(client, [s], 600_000, log);
            const shown = await problemsShown(client, s.spec, "快递", "header_missing");
            const named = shown.filter((p) => p.zh.includes("件数"));
            if (named.length > 0) s.problems.shown.push(`Parcels header_missing: ${named[0]!.zh}`);
            else s.problems.missing.push("Parcels header_missing (renamed count header)");
            await persist(
              `${s.spec.slug} header fix`,
              () => renameParcelCount(client, s.spec, PARCEL_COUNT_HEADER),
              log,
            );
          }
          await persist(`${s.spec.slug} wave 2`, () => addWaveTwo(client, s.spec, s.waveTwo), log);
          await persist(`${s.spec.slug} sync`, () => client.api(s.spec.token, "POST", `/api/${s.spec.slug}/sync`), log);
          if (faults) {
            const still = await problemsShown(client, s.spec, "快递", "header_missing");
            if (still.length > 0)
              s.problems.missing.push("the fixed Parcels header is still reported after the next sync");
          }
        });
      },
    });
    const digestAt = localTimeToEpoch(date, "09:00", timeZone);
    events.push({
      atMin: SIM.digest,
      kind: "step",
      name: "digest tick (09:00)",
      waitForBackground: true,
      run: async () => {
        const r = await worker.tick(digestAt);
        if (!r.ok) throw new Error(`digest tick: ${r.status} ${r.body.slice(0, 300)}`);
      },
    });
    if (real) lag.start();
    const answersFrom = Date.now();
    const played = await phase("answers, chase, parcels, digest", () =>
      real
        ? playTimeline(
            events.map((e) => ({ ...e, atMin: warpMinutes(e.atMin, realMinutes, msPerMin) })),
            60_000,
            concurrency,
            log,
          )
        : playTimeline(events, msPerMin, concurrency, log),
    );
    Object.assign(phases, Object.fromEntries(Object.entries(played.steps).map(([k, v]) => [`  ${k}`, v])));

    if (faults) {
      await phase("second restart, only the outbox's own alarm left to flush", async () => {
        await Promise.all(states.map((s) => client.setFaults(s.spec.spreadsheetId, { down: true })));
        // A latecomer confirms at 09:30 while the sheet is down: D1 has it, the outbox holds it.
        await mapLimit(states, 4, async (s) => {
          const silent = [...s.links.keys()].find(
            (id) => !s.acknowledged.has(id) && !s.failedTaps.some((f) => f.startsWith(`${id} `)),
          );
          if (!silent) return;
          const tap = await answerDuty(s.links.get(silent)!, "confirm");
          s.taps.push(tap);
          if (tap.status !== 303) return void s.failedTaps.push(`${silent} confirm: HTTP ${tap.status}`);
          s.acknowledged.set(silent, "confirm");
          s.counts.confirmed++;
          s.counts.none--;
        });
        // Let a flush fail, so the outbox sits on a backoff alarm, then kill the Worker.
        await sleep(5_000);
        for (const s of states) restarts.pendingAtRestart += (await client.outbox(s.spec.token, s.spec.slug)).pending;
        await watchdog.plannedRestart();
        restarts.count++;
        await Promise.all(states.map((s) => client.setFaults(s.spec.spreadsheetId, {})));
        log("restarted again; faults off — from here no request wakes the outboxes, only their stored alarms");
      });
    }
    const drainStart = Date.now();
    await phase("outbox drain", () => waitForOutboxes(client, states, 600_000, log));
    const drainMs = Date.now() - drainStart;
    let realPace: RealPaceReport | undefined;
    if (real) {
      await lag.stop();
      await quotaWatch.stop();
      const quota = await readQuota(client);
      const counted = quota.users[WORKER_ACCOUNT];
      realPace = {
        realMinutes,
        compressedMsPerMinute: msPerMin,
        tickAt: new Date(tickWall).toISOString(),
        answersFrom: new Date(answersFrom).toISOString(),
        worker: { account: WORKER_ACCOUNT, project: projectOf(WORKER_ACCOUNT) },
        checker: { account: CHECKER_ACCOUNT, project: projectOf(CHECKER_ACCOUNT) },
        limits: quota.limits,
        accounts: quotaRows(quota.users, tickWall, quota.limits?.perUser),
        projects: quotaRows(quota.projects, tickWall, quota.limits?.perProject),
        publishDoneS: Object.fromEntries(
          states.map((s) => [s.spec.slug, Math.round((publishDone.get(s.spec.slug) ?? NaN) / 1000)]),
        ),
        lag: lag.figures(),
        ledgerRestarts: quotaWatch.restarts,
        sheetEqualsD1AfterLastAnswerS: Math.round(((caughtUp || Date.now()) - lastAnswer) / 1000),
        morningDrainS: Math.round(drainMs / 1000),
      };
      if (!counted) log("the emulator counted no call of the Worker's service account");
    }
    if (faults && outageEnded) recoveryMs = Date.now() - outageEnded;

    const perCompound = await phase("checks", () =>
      mapLimit(states, 4, async (s): Promise<CompoundReport> => {
        const check = await checkDay(client, s.spec, date, s.acknowledged, true);
        const stats = await client.stats(s.spec.spreadsheetId);
        const own = client.own.get(s.spec.spreadsheetId) ?? { reads: 0, writes: 0 };
        const byVersion = new Map<number, number>();
        for (const c of check.report.changes) byVersion.set(c.version, (byVersion.get(c.version) ?? 0) + 1);
        const sizes = [...byVersion.values()];
        const ms = s.taps.map((t) => t.ms);
        return {
          slug: s.spec.slug,
          spreadsheetId: s.spec.spreadsheetId,
          seed: s.spec.seed,
          scale: s.spec.scale,
          date,
          buildings: s.buildings,
          volunteers: s.volunteers,
          signups: { sheet: s.signupRows, ...s.signups },
          coverage: s.coverage,
          onDuty: s.onDuty,
          finalCoverage: coverageOf(check.report, s.buildings),
          answers: {
            links: s.links.size,
            ...s.counts,
            acknowledged: s.acknowledged.size,
            lost: check.lost,
            duplicated: check.duplicated,
            networkRetries: s.taps.reduce((n, t) => n + t.retries, 0),
            tapMs: { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: Math.round(Math.max(0, ...ms)) },
          },
          replans: {
            count: sizes.length,
            assignmentsChanged: {
              max: Math.max(0, ...sizes),
              mean: sizes.length ? Number((sizes.reduce((a, b) => a + b, 0) / sizes.length).toFixed(2)) : 0,
            },
          },
          engineMs: s.engineMs,
          generateMs: s.generateMs,
          engineMatchesWorker: s.engineMatchesWorker,
          sheets: {
            reads: stats.reads - own.reads,
            writes: stats.writes - own.writes,
            simulatorReads: own.reads,
            simulatorWrites: own.writes,
            maxReadsPerMinute: stats.maxReadsPerMinute,
            maxWritesPerMinute: stats.maxWritesPerMinute,
            maxRequestsPerMinute: workerMaxPerMinute(stats, CHECKER_ACCOUNT),
            throttled: stats.throttled,
            injected: stats.injected,
          },
          sheetEqualsD1: check.sheetEqualsD1,
          mismatches: [...s.failedTaps, ...check.mismatches].slice(0, 20),
          problemsShown: s.problems.shown,
          problemsMissing: s.problems.missing,
          drainMs,
        };
      }),
    );
    // The day itself (issue 14), after the answers were checked: its replans move people, which
    // the answer checks above need not account for.
    // Under --faults the sheet fails a share of calls and is slow through the day too.
    if (faults && (options.dayOperations ?? true)) {
      await Promise.all(
        states.map((s) => client.setFaults(s.spec.spreadsheetId, { failureRate, latencyMs, seed: options.seed })),
      );
    }
    const operations = await phase("the day: roll call, stage ticks, gate counts, wrap-up", () =>
      ((options.dayOperations ?? true) ? playOperations : skipOperations)({
        client,
        compounds: states.map((s) => ({ spec: s.spec, links: s.links })),
        date,
        timeZone,
        seed: options.seed,
        moments: options.dayMoments ?? "all",
        setClock: (epochMs) => watchdog.plannedRestart({ ZC_NOW: new Date(epochMs).toISOString() }),
        tick: async (epochMs) => {
          const r = await worker.tick(epochMs);
          if (!r.ok) throw new Error(`wrap-up tick: ${r.status} ${r.body.slice(0, 300)}`);
        },
        map: async (items, fn) => void (await mapLimit(items, 4, fn)),
        log,
      }),
    );
    if (faults) await Promise.all(states.map((s) => client.setFaults(s.spec.spreadsheetId, {})));
    await phase("outbox drain after the day", () => waitForOutboxes(client, states, 600_000, log));
    const dayChecks = await phase("checks of the Progress and Gate log tabs", () =>
      mapLimit(states, 4, async (s) => {
        const check = await checkOperations(client, s.spec, date, operations.expected.get(s.spec.slug));
        const stats = await client.stats(s.spec.spreadsheetId);
        return { slug: s.spec.slug, ...check, maxRequestsPerMinute: workerMaxPerMinute(stats, CHECKER_ACCOUNT) };
      }),
    );
    const report = buildReport({
      options,
      date,
      timeZone,
      msPerMin,
      day: { operations, checks: dayChecks },
      perCompound,
      phases,
      wallMs: Date.now() - wallStart,
      unplannedRestarts: watchdog.state.unplannedRestarts,
      faults: faults
        ? {
            failureRate,
            latencyMs,
            outageMinutes: Number((outageMs / 60_000).toFixed(2)),
            restarts: restarts.count,
            pendingAtRestart: restarts.pendingAtRestart,
            organizerEdits: edits,
            recoveryMs,
          }
        : null,
    });
    if (!realPace) return report;
    if (realPace.ledgerRestarts > 0) report.failures.push("the emulator's quota ledger forgot its counts");
    return { ...report, realPace, failures: [...report.failures, ...realPaceFailures(realPace)] };
  } finally {
    watchdog.stop();
    await quotaWatch.stop();
    await worker.stop();
  }
}

/**
 * `wrangler dev` on a busy shared box has been seen to stop listening in the middle of a long run
 * while workerd lived on. The watchdog notices (30 s of refused connections to /healthz),
 * restarts it on the same state — what the fault scenario does on purpose — and counts it, so a
 * town-size run finishes and says so in `unplannedRestarts`. A Worker that is only slow to answer
 * (50 compounds' work in one local workerd on two cores) is given two minutes: the 50-compound
 * real-pace run was restarted after 30 s of that, which no real Worker would have been.
 */
const REFUSED_CHECKS = 3;
const SLOW_CHECKS = 12;

function watch(worker: LocalWorker, log: (m: string) => void) {
  let planned: Promise<void> | undefined;
  let unplanned: Promise<void> | undefined;
  let refused = 0;
  let slow = 0;
  const state = { unplannedRestarts: 0 };
  const timer = setInterval(() => {
    if (planned || unplanned) return;
    fetch(`${worker.base}/healthz`, { signal: AbortSignal.timeout(10_000) })
      .then(() => (refused = slow = 0))
      .catch((error: unknown) => {
        if (planned || unplanned) return;
        if ((error as { name?: string } | null)?.name === "TimeoutError") slow++;
        else refused++;
        if (refused < REFUSED_CHECKS && refused + slow < SLOW_CHECKS) return;
        const why = refused >= REFUSED_CHECKS ? "refused /healthz for 30 s" : "did not answer /healthz for 2 minutes";
        log(`the Worker ${why}: restarting it on the same state`);
        state.unplannedRestarts++;
        unplanned = worker.restart().finally(() => {
          unplanned = undefined;
          refused = slow = 0;
        });
      });
  }, 10_000);
  return {
    state,
    /** `vars` replace those the Worker ran with (the day's operations move its clock). */
    async plannedRestart(vars?: Record<string, string>) {
      await unplanned;
      planned = worker.restart(vars);
      try {
        await planned;
      } finally {
        planned = undefined;
      }
    },
    stop: () => clearInterval(timer),
  };
}

/** Polls every compound's outbox until none has rows pending. */
async function waitForOutboxes(
  client: SimClient,
  states: ReadonlyArray<{ spec: CompoundSpec }>,
  timeoutMs: number,
  log: (m: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastLog = 0;
  for (;;) {
    const pending = await mapLimit(states, 8, async (s) => ({
      slug: s.spec.slug,
      ...(await client.outbox(s.spec.token, s.spec.slug)),
    }));
    const waiting = pending.filter((p) => p.pending > 0);
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `outbox not drained: ${waiting.map((w) => `${w.slug} ${w.pending} (${w.lastError ?? "no error"})`).join("; ")}`,
      );
    }
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`outbox: ${waiting.reduce((n, w) => n + w.pending, 0)} rows pending in ${waiting.length} compound(s)`);
    }
    await sleep(500);
  }
}

function buildReport(input: {
  options: SimOptions;
  date: string;
  timeZone: string;
  msPerMin: number;
  perCompound: CompoundReport[];
  phases: Record<string, number>;
  wallMs: number;
  unplannedRestarts: number;
  faults: SimulationReport["faults"];
  day: {
    operations: OperationsReport;
    checks: Array<{
      slug: string;
      lost: number;
      extra: number;
      suits: number | null;
      rollCall: string | null;
      maxRequestsPerMinute: number;
    }>;
  };
}): SimulationReport {
  const { perCompound: pc } = input;
  const sum = (f: (c: CompoundReport) => number) => pc.reduce((n, c) => n + f(c), 0);
  const max = (f: (c: CompoundReport) => number) => Math.max(0, ...pc.map(f));
  const failures: string[] = [];
  for (const c of pc) {
    if (c.answers.lost > 0) failures.push(`${c.slug}: ${c.answers.lost} answers lost`);
    if (c.answers.duplicated > 0) failures.push(`${c.slug}: ${c.answers.duplicated} answers duplicated`);
    if (!c.sheetEqualsD1)
      failures.push(`${c.slug}: the Plan tab differs from D1 (${c.mismatches.slice(0, 3).join("; ")})`);
    if (c.sheets.maxReadsPerMinute >= 60 || c.sheets.maxWritesPerMinute >= 60) {
      failures.push(
        `${c.slug}: ${c.sheets.maxReadsPerMinute} reads / ${c.sheets.maxWritesPerMinute} writes in one minute (Google allows 60)`,
      );
    }
    if (c.answers.acknowledged !== c.answers.confirmed + c.answers.declined) {
      failures.push(`${c.slug}: answers acknowledged and counted disagree`);
    }
    if (c.answers.links - c.answers.none !== c.answers.acknowledged) {
      failures.push(`${c.slug}: ${c.answers.links - c.answers.none - c.answers.acknowledged} taps not acknowledged`);
    }
    for (const m of c.problemsMissing) failures.push(`${c.slug}: not in the Problems tab: ${m}`);
  }
  const ops = input.day.operations;
  for (const d of input.day.checks) {
    if (d.lost > 0) failures.push(`${d.slug}: ${d.lost} ticks or gate counts acknowledged but not in the sheet`);
    if (d.extra > 0) failures.push(`${d.slug}: ${d.extra} ticks or gate counts in the sheet that nobody made`);
    if (d.rollCall) failures.push(`${d.slug}: ${d.rollCall}`);
    if (d.maxRequestsPerMinute >= 60)
      failures.push(`${d.slug}: ${d.maxRequestsPerMinute} Sheets requests in one minute`);
  }
  for (const f of ops.failed.slice(0, 10)) failures.push(`the day: a tap not acknowledged (${f})`);
  const engine = pc.map((c) => c.engineMs);
  return {
    scenario: input.options.scenario,
    seed: input.options.seed,
    compounds: pc.length,
    date: input.date,
    timeZone: input.timeZone,
    realMsPerSimMinute: input.msPerMin,
    clock:
      `The Worker runs on the real clock; the simulated day is tomorrow in ${input.timeZone}. The cron tick is fired ` +
      `as if at 21:00 (publish), 06:30 (chase) and 09:00 (digest); between them one simulated minute of answers ` +
      `lasts ${input.msPerMin} real ms (the 21:00–07:00 answer wave ≈ ${Math.round((SIM.waveEnd * input.msPerMin) / 1000)} s), ` +
      `so answers carry real timestamps from the evening before the day.` +
      (input.options.pace !== "real" && pc.length > 1
        ? " Google's per-minute quota and the Worker's governor are lifted: a compressed minute holds hours of a " +
          "town's calls. The quota of one service account is measured with --pace real."
        : ""),
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length },
    unplannedRestarts: input.unplannedRestarts,
    faults: input.faults,
    day: {
      expectedAtRollCall: ops.expectedAtRollCall,
      present: ops.present,
      absent: ops.absent,
      refilled: ops.refilled,
      suitsHandedOut: input.day.checks.reduce((n, d) => n + (d.suits ?? 0), 0),
      uncoveredBuildings: ops.uncovered,
      stagesTicked: ops.ticks.acknowledged,
      stages: ops.ticks.total,
      gateCounts: ops.gate.acknowledged,
      parcelsCounted: ops.gate.parcels,
      tapsNotAcknowledged: ops.failed.length,
      notAcknowledged: ops.failed.slice(0, 20),
      lost: input.day.checks.reduce((n, d) => n + d.lost, 0),
      extra: input.day.checks.reduce((n, d) => n + d.extra, 0),
      maxRequestsPerMinute: Math.max(0, ...input.day.checks.map((d) => d.maxRequestsPerMinute)),
    },
    perCompound: pc,
    totals: {
      buildings: sum((c) => c.buildings),
      volunteers: sum((c) => c.volunteers),
      onDuty: sum((c) => c.onDuty),
      coverage: Math.min(1, ...pc.map((c) => c.coverage)),
      answers: {
        confirmed: sum((c) => c.answers.confirmed),
        declined: sum((c) => c.answers.declined),
        none: sum((c) => c.answers.none),
        acknowledged: sum((c) => c.answers.acknowledged),
      },
      lostAnswers: sum((c) => c.answers.lost),
      duplicatedAnswers: sum((c) => c.answers.duplicated),
      replans: sum((c) => c.replans.count),
      maxReadsPerMinute: max((c) => c.sheets.maxReadsPerMinute),
      maxWritesPerMinute: max((c) => c.sheets.maxWritesPerMinute),
      maxRequestsPerMinute: max((c) => c.sheets.maxRequestsPerMinute),
      sheetEqualsD1: pc.every((c) => c.sheetEqualsD1),
      engineMs: {
        mean: engine.length ? Number((engine.reduce((a, b) => a + b, 0) / engine.length).toFixed(1)) : 0,
        max: Math.max(0, ...engine),
      },
      wallMs: input.wallMs,
      phasesMs: input.phases,
    },
    failures,
  };
}

/** ID → last 4 digits of the phone, from the Volunteers tab's values. */
function phoneTails(rows: string[][]): Map<string, string> {
  const header = rows[0] ?? [];
  const [cId, cPhone] = ["ID", "Phone"].map((en) => header.findIndex((h) => h.endsWith(en)));
  return new Map(rows.slice(1).map((r) => [r[cId!] ?? "", (r[cPhone!] ?? "").replace(/\D/g, "").slice(-4)] as const));
}

/** The issue's targets for one service account (docs/BENCHMARKS.md). */
function realPaceFailures(r: RealPaceReport): string[] {
  const failures: string[] = [];
  for (const [name, row] of [...Object.entries(r.accounts), ...Object.entries(r.projects)]) {
    if (row.minutesOverLimit > 0) failures.push(`${name}: ${row.minutesOverLimit} minute(s) over the limit`);
  }
  for (const [slug, s] of Object.entries(r.publishDoneS)) {
    if (!(s <= 600)) failures.push(`${slug}: publish done ${s} s after 21:00 (target 600 s)`);
  }
  for (const [slug, l] of Object.entries(r.lag)) {
    if (l.unsettled > 0) failures.push(`${slug}: ${l.unsettled} answers never reached the sheet`);
  }
  if (r.sheetEqualsD1AfterLastAnswerS > 300) {
    failures.push(`every sheet = D1 only ${r.sheetEqualsD1AfterLastAnswerS} s after the last answer (target 300 s)`);
  }
  return failures;
}

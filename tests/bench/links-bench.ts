/**
 * The 07:00 burst, measured end to end against a running local default (`wrangler dev` started by
 * tests/bench/run.ts, or `npm start`): the demo compound at 3× (360 sign-ups), published, then
 * 300 volunteers each opening their link and tapping Confirm, spread over 55 seconds.
 *
 * - `burst`: Sheets write requests the emulator served during the burst (Google allows 60 a
 *   minute; the target is ≤ 12), and how long after the last tap every status was in the sheet.
 * - `burstWithFaults`: the same on the next day's plan while the emulator fails 30% of calls
 *   with 429/503; then the faults stop and we measure until the sheet equals D1; answers lost
 *   (confirmed in D1 but not in the sheet, or a tap not answered 303) and duplicated (a volunteer
 *   with two Plan rows, or two history entries for one confirmation) must be 0.
 * - `autocannon`: the confirm POST (20 s, the figure) and the page GET (10 s) under 50 connections.
 * - `pageWeight`: bytes of the volunteer page over the sampled links.
 *
 * Run alone against `npm start`: `npx tsx tests/bench/links-bench.ts` (token from .dev.vars).
 * It replaces the local demo sheet with the 3× demo.
 */
import autocannon from "autocannon";
import { pathToFileURL } from "node:url";
import { createLocalSpreadsheet, localToken } from "../../src/cli/local-emulator.ts";
import { addDays, localDate } from "../../src/domain/local-time.ts";

const SHEET = "demo-compound";
const TAPS = 300;
const SPREAD_MS = 55_000;
const log = (...args: unknown[]) => console.error("[bench:links]", ...args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Link {
  volunteerId: string;
  url: string;
}

interface Api {
  base: string;
  token: string;
}

async function api<T>(a: Api, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${a.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const faults = (a: Api, f: Record<string, unknown>) => api(a, "POST", "/emulator/faults", { spreadsheet: SHEET, ...f });
const stats = (a: Api) =>
  api<{
    writes: number;
    reads: number;
    throttled: number;
    injected: Record<string, number>;
    maxWritesPerMinute: number;
  }>(a, "GET", `/emulator/stats?spreadsheet=${SHEET}`);
const outbox = (a: Api) =>
  api<{ pending: number; flushes: number; failures: number; alarm: number | null }>(a, "GET", "/api/demo/outbox");

async function waitForOutbox(a: Api, timeoutMs: number): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if ((await outbox(a)).pending === 0) return Date.now() - start;
    await sleep(200);
  }
  return null;
}

async function publishDay(a: Api, date: string): Promise<Link[]> {
  await api(a, "POST", `/api/demo/plans/${date}/generate`);
  const published = await api<{ links: Array<{ volunteerId: string; url: string | null }> }>(
    a,
    "POST",
    `/api/demo/plans/${date}/publish`,
  );
  if ((await waitForOutbox(a, 90_000)) === null) throw new Error("publish never reached the sheet");
  return published.links.filter((l): l is Link => l.url !== null);
}

let networkRetries = 0;

/**
 * fetch, tried again when the connection drops before an answer (Node's keep-alive pool sometimes
 * reuses a socket the local server just closed), as a phone's browser would. Safe for the POST
 * too: answering is idempotent, and retries are counted in the results.
 */
async function fetchAgain(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt >= 3) throw error;
      networkRetries++;
      await sleep(100 * attempt);
    }
  }
}

/** One volunteer: open the page (a GET), read the form token, tap Confirm (a POST). */
async function tap(link: Link): Promise<{ status: number; ms: number; token: string }> {
  const t0 = performance.now();
  const html = await (await fetchAgain(link.url)).text();
  const token = /name="t" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const origin = new URL(link.url).origin;
  const response = await fetchAgain(link.url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ t: token, answer: "confirm" }),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - t0, token };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0);
}

/** 300 taps spread evenly over 55 s, as people wake up and open the group. */
async function burst(links: Link[]) {
  const start = Date.now();
  const retriesBefore = networkRetries;
  const results = await Promise.all(
    links.slice(0, TAPS).map(async (link, i) => {
      await sleep((i * SPREAD_MS) / TAPS);
      return { link, ...(await tap(link)) };
    }),
  );
  return { results, lastTapAt: Date.now(), tapSpanMs: Date.now() - start, retries: networkRetries - retriesBefore };
}

interface PlanReport {
  assignments: Array<{ volunteerId: string; status: string }>;
  history: Array<{ volunteerId: string; answer: string }>;
}

/** Compares the Plan tab of a date with D1 (the organizer's API): lost and duplicated answers. */
async function sheetVersusD1(a: Api, date: string, tapped: Set<string>) {
  const report = await api<PlanReport>(a, "GET", `/api/demo/plans/${date}`);
  const range = encodeURIComponent("'分工 Plan'");
  const sheet = await api<{ values: string[][] }>(a, "GET", `/emulator/v4/spreadsheets/${SHEET}/values/${range}`);
  const rows = sheet.values.slice(1).filter((r) => r[0] === date);
  const rowsById = new Map<string, string[][]>();
  for (const r of rows) rowsById.set(r[1]!, [...(rowsById.get(r[1]!) ?? []), r]);
  const confirmedInD1 = report.assignments.filter((x) => x.status === "confirmed").map((x) => x.volunteerId);
  const lostInD1 = [...tapped].filter((id) => !confirmedInD1.includes(id));
  const notInSheet = confirmedInD1.filter((id) => rowsById.get(id)?.[0]?.[8] !== "已确认 Confirmed");
  const duplicateRows = [...rowsById.values()].filter((r) => r.length > 1).length;
  const historyPerVolunteer = new Map<string, number>();
  for (const h of report.history)
    historyPerVolunteer.set(h.volunteerId, (historyPerVolunteer.get(h.volunteerId) ?? 0) + 1);
  const duplicateAnswers = [...historyPerVolunteer.values()].filter((n) => n > 1).length;
  return {
    confirmedInD1: confirmedInD1.length,
    lost: lostInD1.length + notInSheet.length,
    duplicated: duplicateRows + duplicateAnswers,
    equal: notInSheet.length === 0 && duplicateRows === 0,
  };
}

async function cannon(name: string, options: Parameters<typeof autocannon>[0]) {
  log(`autocannon ${name}: ${options.connections} connections, ${options.duration} s`);
  const r = await autocannon(options);
  const byStatus = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  const failed = Object.entries(byStatus)
    .filter(([status]) => Number(status) >= 400)
    .reduce((n, [, count]) => n + count, 0);
  return {
    connections: options.connections,
    durationS: options.duration,
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    errors: r.errors + r.timeouts + failed,
    byStatus,
  };
}

export async function benchLinks(base: string, token: string): Promise<Record<string, unknown>> {
  const a: Api = { base, token };
  const timeZone = "Asia/Shanghai";
  const day1 = addDays(localDate(Date.now(), timeZone), 1);
  const day2 = addDays(day1, 1);

  log("seeding the demo at 3x (360 sign-ups) and publishing", day1);
  const created = await createLocalSpreadsheet(base, token, SHEET, 3);
  if (!created.ok) throw new Error(`seeding failed: ${created.status}`);
  await faults(a, {});
  const links1 = await publishDay(a, day1);
  if (links1.length < TAPS) throw new Error(`only ${links1.length} links`);

  // Clean burst.
  await api(a, "DELETE", `/emulator/stats?spreadsheet=${SHEET}`);
  log(`burst: ${TAPS} confirmations over ${SPREAD_MS / 1000} s`);
  const clean = await burst(links1);
  const cleanSettleMs = await waitForOutbox(a, 60_000);
  const cleanStats = await stats(a);
  const cleanCheck = await sheetVersusD1(a, day1, new Set(clean.results.map((r) => r.link.volunteerId)));
  const pageBytes = await Promise.all(
    links1.slice(0, 40).map(async (l) => new TextEncoder().encode(await (await fetch(l.url)).text()).length),
  );

  // Faulty burst, on the next day's plan (the same sign-ups moved one day on).
  log("moving the sign-ups and parcels to", day2);
  for (const tab of ["报名 Signups", "快递 Parcels"]) {
    const range = encodeURIComponent(`'${tab}'!A:A`);
    const column = await api<{ values: string[][] }>(a, "GET", `/emulator/v4/spreadsheets/${SHEET}/values/${range}`);
    const moved = column.values.map((r, i) => [i === 0 ? r[0]! : r[0] === day1 ? day2 : (r[0] ?? "")]);
    await api(a, "PUT", `/emulator/v4/spreadsheets/${SHEET}/values/${range}?valueInputOption=RAW`, { values: moved });
  }
  const links2 = await publishDay(a, day2);
  await api(a, "DELETE", `/emulator/stats?spreadsheet=${SHEET}`);
  await faults(a, { failureRate: 0.3, failureStatuses: [429, 503], seed: 42 });
  log(`burst with 30% of Sheets calls failing: ${TAPS} confirmations`);
  const faulty = await burst(links2);
  const faultStats = await stats(a);
  const outboxAtStop = await outbox(a);
  await faults(a, {});
  const faultySettleMs = await waitForOutbox(a, 120_000);
  const faultyCheck = await sheetVersusD1(a, day2, new Set(faulty.results.map((r) => r.link.volunteerId)));

  // Load: the confirm POST (idempotent by now) and the page GET.
  const origin = new URL(links1[0]!.url).origin;
  const posts = clean.results.map((r) => ({
    method: "POST",
    path: new URL(r.link.url).pathname,
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ t: r.token, answer: "confirm" }).toString(),
  }));
  const confirm = await cannon("POST confirm", { url: base, connections: 50, duration: 20, requests: posts });
  const page = await cannon("GET page", {
    url: base,
    connections: 50,
    duration: 10,
    requests: links1.slice(0, TAPS).map((l) => ({ method: "GET", path: new URL(l.url).pathname })),
  });
  await waitForOutbox(a, 60_000);

  const taps = (rs: Array<{ status: number; ms: number }>, retries: number) => ({
    networkRetries: retries,
    count: rs.length,
    not303: rs.filter((r) => r.status !== 303).length,
    tapMs: {
      p50: quantile(
        rs.map((r) => r.ms),
        0.5,
      ),
      p99: quantile(
        rs.map((r) => r.ms),
        0.99,
      ),
    },
  });
  return {
    burst: {
      confirmations: TAPS,
      spreadS: clean.tapSpanMs / 1000,
      taps: taps(clean.results, clean.retries),
      sheetsWriteRequests: cleanStats.writes,
      sheetsReadRequests: cleanStats.reads,
      maxWritesPerMinute: cleanStats.maxWritesPerMinute,
      allStatusesInSheetAfterLastTapS: cleanSettleMs === null ? null : cleanSettleMs / 1000,
      ...cleanCheck,
    },
    burstWithFaults: {
      confirmations: TAPS,
      failureRate: 0.3,
      injectedFailures: faultStats.injected,
      throttled: faultStats.throttled,
      sheetsWriteRequestsServed: faultStats.writes,
      pendingWhenFaultsStopped: outboxAtStop.pending,
      failedFlushes: outboxAtStop.failures,
      taps: taps(faulty.results, faulty.retries),
      sheetEqualsD1AfterFaultsStopS: faultySettleMs === null ? null : faultySettleMs / 1000,
      ...faultyCheck,
    },
    autocannon: { confirm, page },
    pageWeight: {
      sampled: pageBytes.length,
      maxBytes: Math.max(...pageBytes),
      medianBytes: quantile(pageBytes, 0.5),
      limitBytes: 20 * 1024,
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const base = process.env.BENCH_BASE ?? "http://127.0.0.1:8787";
  console.log(JSON.stringify(await benchLinks(base, localToken()), null, 2));
}

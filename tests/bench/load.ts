/**
 * `npm run load`: the volunteer page and the confirm POST under autocannon, against a private
 * local Worker (src/cli/local-worker.ts), with the rule the issue sets: no error allowed.
 *
 * Every run is made twice: `wrangler-dev`, through `wrangler dev`'s port (the local server that
 * `npm start` serves: judged, no error allowed), and `worker`, straight to the Worker's own socket
 * in workerd behind that proxy (reported; judged too with `--strict-direct`). Both show failures
 * of the pinned local runtime under load: the proxy sometimes answers POSTs with 503 "Your worker
 * restarted mid-request" without a restart (see direct-worker.ts), and the Worker's internal socket,
 * not made for outside clients, resets some kept-alive connections (ECONNRESET).
 *
 * The demo compound (at `--scale`, 3× by default: ~360 sign-ups) is published for tomorrow; then
 * for each connection count (50 and 200 by default), `--duration` seconds (20) each:
 * - page: `GET /c/{code}`, rotating over every link; success is 200;
 * - confirm: the real form. Each link's page is fetched first for its form token, then
 *   `POST /c/{code}` with `answer=confirm` and that token, rotating over the links (every
 *   connection takes the next link, so it is not one row hammered). Success is the 303 back to
 *   the link's own page, which is what a phone's browser gets. Each connection count confirms
 *   its own share of the links first, so each run records first answers, then repeats (which
 *   must change nothing: answering is idempotent).
 *
 * Afterwards: every confirmation the server acknowledged (a 303 to that link) must be in D1
 * exactly once (answer = confirm, one history row), the outbox must drain, and the Plan tab must
 * show each of them once as confirmed. The JSON goes to stdout (and `--out`); the exit code is 1
 * on any error, timeout, unexpected status or integrity failure.
 *
 *   npm run load -- [--duration 20] [--connections 50,200] [--scale 3] [--timeout 10] [--out file]
 *                   [--strict-direct]
 */
import autocannon, { type RequestSpec } from "autocannon";
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createLocalSpreadsheet } from "../../src/cli/local-emulator.ts";
import { startLocalWorker } from "../../src/cli/local-worker.ts";
import { addDays, localDate } from "../../src/domain/local-time.ts";
import { directWorkerBase } from "./direct-worker.ts";
import { machine, type Machine } from "./machine.ts";

const SHEET = "demo-compound";
const COMMUNITY = "demo";
const TIME_ZONE = "Asia/Shanghai";

/** The evening the load runs at (the Worker pinned with ZC_NOW): answers are open, the plan published. */
export const LOAD_EVENING = "2026-05-10T20:30:00+08:00";

export interface LoadOptions {
  durationS: number;
  connections: number[];
  /** Roster scale of the demo compound (1 = 120 sign-ups). */
  demoScale: number;
  /** autocannon's per-request timeout in seconds. */
  timeoutS: number;
  /** Count errors on the Worker's own socket (the `worker` runs) as failures too. */
  strictDirect: boolean;
  /**
   * Send exactly this many requests per run instead of running for `durationS` (the CI-sized
   * test: on a starved box a 3 s run can end before its first response, and prove nothing).
   */
  requestsPerRun?: number;
  /** Confirm runs send one POST per link of their share (first answers only; with `requestsPerRun`). */
  oncePerLink?: boolean;
  /** The instant "tomorrow" is counted from; a Worker pinned with ZC_NOW must be pinned to it. */
  now: number;
  log?: (...args: unknown[]) => void;
}

/** `worker`: the Worker's own socket in workerd; `wrangler-dev`: through wrangler dev's proxy. */
export type Via = "worker" | "wrangler-dev";

export interface LoadRun {
  via: Via;
  target: "page" | "confirm";
  method: "GET" | "POST";
  connections: number;
  durationS: number;
  /** The status the real flow returns: 200 for the page, 303 back to the page for the POST. */
  expectedStatus: number;
  requests: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Failed requests (connection errors and timeouts). */
  errors: number;
  /** The failed requests by autocannon's error message (e.g. "read ECONNRESET", "request timed out"). */
  errorKinds: Record<string, number>;
  timeouts: number;
  /** autocannon's own count of responses outside 2xx (the POST's 303s included). */
  non2xx: number;
  /** Responses other than `expectedStatus` (for the POST: or a 303 elsewhere than the link's page). */
  unexpected: number;
  byStatus: Record<string, number>;
  bytes: number;
  bytesPerS: number;
  /** Confirm runs: links this run confirmed for the first time (the rest were repeats). */
  firstAnswers?: number;
  /**
   * wrangler dev's own 503 "Your worker restarted mid-request": its proxy lost the connection to
   * workerd under load and, for a POST, does not retry. Not the Worker's answer, so not counted
   * as unexpected; with `oncePerLink` each such link is sent again once, as the person would tap
   * again, and must then be acknowledged.
   */
  devProxyRefusals?: number;
  /** Links sent again after a `devProxyRefusals` answer. */
  resent?: number;
}

export interface LoadIntegrity {
  date: string;
  /** Links whose confirmation the server acknowledged with a 303 to the link's page. */
  acknowledged: number;
  confirmedInD1: number;
  /** Acknowledged but not confirmed in D1. */
  lost: number;
  /** Volunteers with more than one history row, or with more than one Plan-tab row. */
  duplicated: number;
  /** Confirmed in D1 without an acknowledgement we saw (a request that timed out after committing). */
  storedWithoutAck: number;
  outboxDrainedS: number | null;
  outboxPendingAtEnd: number;
  /** Confirmed in D1 but not shown as confirmed in the Plan tab after the outbox drained. */
  notInSheet: number;
}

export interface LoadReport {
  machine: Machine;
  options: Omit<LoadOptions, "log">;
  /** Whether the Worker's own socket was found (Linux); if not, only `wrangler-dev` runs exist. */
  direct: boolean;
  links: number;
  pageBytes: { median: number; max: number };
  runs: LoadRun[];
  integrity: LoadIntegrity;
  failures: string[];
  /** Errors of the runs that are reported but not judged (the `worker` runs without `--strict-direct`). */
  informationalErrors: string[];
  ok: boolean;
}

interface Link {
  volunteerId: string;
  path: string;
}

interface Worker {
  base: string;
  token: string;
  port: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A pooled keep-alive connection the local server closed just as it was reused (undici's UND_ERR_SOCKET). */
function closedUnderUs(error: unknown): boolean {
  return (error as { cause?: { code?: string } }).cause?.code === "UND_ERR_SOCKET";
}

async function api<T>(w: Worker, method: string, path: string, body?: unknown): Promise<T> {
  const send = () =>
    fetch(`${w.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${w.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // Setup calls only (seed, generate, publish, outbox state), all safe to send again: once more on
  // a fresh connection. The load runs themselves never retry.
  const response = await send().catch(async (error: unknown) => {
    if (!closedUnderUs(error)) throw error;
    await sleep(500);
    return send();
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function waitForOutbox(w: Worker, timeoutMs: number): Promise<{ ms: number | null; pending: number }> {
  const start = Date.now();
  let pending = -1;
  while (Date.now() - start < timeoutMs) {
    pending = (await api<{ pending: number }>(w, "GET", `/api/${COMMUNITY}/outbox`)).pending;
    if (pending === 0) return { ms: Date.now() - start, pending };
    await sleep(250);
  }
  return { ms: null, pending };
}

/** Seeds the demo at `scale`, generates and publishes tomorrow; the links of the published plan. */
async function publishTomorrow(w: Worker, scale: number, now: number): Promise<{ date: string; links: Link[] }> {
  const created = await createLocalSpreadsheet(w.base, w.token, SHEET, scale);
  if (!created.ok) throw new Error(`seeding the demo failed: ${created.status} ${await created.text()}`);
  const date = addDays(localDate(now, TIME_ZONE), 1);
  await api(w, "POST", `/api/${COMMUNITY}/plans/${date}/generate`);
  const published = await api<{ links: Array<{ volunteerId: string; url: string | null }> }>(
    w,
    "POST",
    `/api/${COMMUNITY}/plans/${date}/publish`,
  );
  if ((await waitForOutbox(w, 120_000)).ms === null) throw new Error("the published plan never reached the sheet");
  const links = published.links.flatMap((l) =>
    l.url ? [{ volunteerId: l.volunteerId, path: new URL(l.url).pathname }] : [],
  );
  return { date, links };
}

/** Each link's form token, read from its page as a phone would; and the page sizes. */
async function formTokens(w: Worker, links: Link[]): Promise<{ tokens: Map<string, string>; sizes: number[] }> {
  const tokens = new Map<string, string>();
  const sizes: number[] = [];
  for (let i = 0; i < links.length; i += 16) {
    await Promise.all(
      links.slice(i, i + 16).map(async (link) => {
        const response = await fetch(`${w.base}${link.path}`);
        const html = await response.text();
        const token = /name="t" value="([^"]+)"/.exec(html)?.[1];
        if (response.status !== 200 || !token) throw new Error(`${link.path}: ${response.status}, no form token`);
        tokens.set(link.path, token);
        sizes.push(Buffer.byteLength(html));
      }),
    );
  }
  return { tokens, sizes };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

/** The body of wrangler dev's proxy when its connection to workerd broke during a POST. */
const DEV_PROXY_REFUSAL = "Your worker restarted mid-request";

/** A request spec that takes the next link on every send, whichever connection sends it. */
function rotating(links: Link[], build: (link: Link) => RequestSpec): RequestSpec {
  let next = 0;
  return { setupRequest: (request) => ({ ...request, ...build(links[next++ % links.length]!) }) };
}

async function cannon(
  url: string,
  run: Pick<LoadRun, "via" | "target" | "method" | "connections" | "durationS" | "expectedStatus">,
  spec: RequestSpec,
  timeoutS: number,
  amount: number | undefined,
  isExpected: (status: number, headers: Record<string, string | string[]>) => boolean,
): Promise<LoadRun> {
  let unexpected = 0;
  let devProxyRefusals = 0;
  const errorKinds: Record<string, number> = {};
  const instance = autocannon({
    url,
    connections: run.connections,
    ...(amount === undefined ? { duration: run.durationS } : { amount }),
    timeout: timeoutS,
    requests: [
      {
        ...spec,
        onResponse: (status, body, _context, headers) => {
          if (run.via === "wrangler-dev" && status === 503 && body.includes(DEV_PROXY_REFUSAL)) devProxyRefusals++;
          else if (!isExpected(status, headers)) unexpected++;
        },
      },
    ],
  });
  // The instance is also an event emitter: each failed request says why.
  (instance as unknown as NodeJS.EventEmitter).on("reqError", (error: Error) => {
    errorKinds[error.message] = (errorKinds[error.message] ?? 0) + 1;
  });
  const r = await instance;
  const byStatus = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    ...run,
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    latencyMs: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      mean: round(r.latency.mean),
    },
    errors: r.errors,
    errorKinds,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    unexpected,
    devProxyRefusals,
    byStatus,
    bytes: r.throughput.total,
    bytesPerS: Math.round(r.throughput.average),
  };
}

interface PlanReport {
  assignments: Array<{ volunteerId: string; status: string; answer: { answer: string } | null }>;
  history: Array<{ volunteerId: string; answer: string }>;
}

/** Acknowledged confirmations against D1 (the organizer's day report) and the Plan tab. */
async function checkIntegrity(w: Worker, date: string, acknowledged: Set<string>) {
  const report = await api<PlanReport>(w, "GET", `/api/${COMMUNITY}/plans/${date}`);
  const confirmed = new Set(
    report.assignments
      .filter((a) => a.status === "confirmed" && a.answer?.answer === "confirm")
      .map((a) => a.volunteerId),
  );
  const historyRows = new Map<string, number>();
  for (const h of report.history) historyRows.set(h.volunteerId, (historyRows.get(h.volunteerId) ?? 0) + 1);

  const range = encodeURIComponent("'分工 Plan'");
  const sheet = await api<{ values: string[][] }>(w, "GET", `/emulator/v4/spreadsheets/${SHEET}/values/${range}`);
  const [header = [], ...rows] = sheet.values;
  const statusColumn = header.findIndex((h) => h.includes("状态"));
  const idColumn = header.findIndex((h) => h.includes("编号"));
  const dateColumn = header.findIndex((h) => h.includes("日期"));
  const sheetRows = new Map<string, string[][]>();
  for (const row of rows.filter((r) => r[dateColumn] === date)) {
    const id = row[idColumn] ?? "";
    sheetRows.set(id, [...(sheetRows.get(id) ?? []), row]);
  }
  const shownConfirmed = (id: string) => sheetRows.get(id)?.[0]?.[statusColumn]?.startsWith("已确认") ?? false;

  return {
    acknowledged: acknowledged.size,
    confirmedInD1: confirmed.size,
    lost: [...acknowledged].filter((id) => !confirmed.has(id)).length,
    duplicated:
      [...historyRows.values()].filter((n) => n > 1).length +
      [...sheetRows.values()].filter((r) => r.length > 1).length,
    storedWithoutAck: [...confirmed].filter((id) => !acknowledged.has(id)).length,
    notInSheet: [...confirmed].filter((id) => !shownConfirmed(id)).length,
  };
}

function describeFailures(runs: LoadRun[], integrity: LoadIntegrity): string[] {
  const failures: string[] = [];
  for (const r of runs) {
    const what = `${r.method} ${r.target} at ${r.connections} connections (${r.via})`;
    if (r.errors > 0) failures.push(`${what}: ${r.errors} errors (${r.timeouts} timeouts)`);
    if (r.unexpected > 0) failures.push(`${what}: ${r.unexpected} responses other than ${r.expectedStatus}`);
    if (r.requests === 0) failures.push(`${what}: no request completed`);
  }
  if (integrity.lost > 0) failures.push(`${integrity.lost} acknowledged confirmations not in D1`);
  if (integrity.duplicated > 0) failures.push(`${integrity.duplicated} answers duplicated`);
  if (integrity.outboxDrainedS === null) failures.push(`outbox did not drain (${integrity.outboxPendingAtEnd} rows)`);
  if (integrity.notInSheet > 0) failures.push(`${integrity.notInSheet} confirmations missing from the Plan tab`);
  return failures;
}

export async function runLoad(w: Worker, options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? (() => {});
  const startedOn = machine();
  log(`seeding the demo at ${options.demoScale}x and publishing tomorrow`);
  const { date, links } = await publishTomorrow(w, options.demoScale, options.now);
  if (links.length < 2) throw new Error(`only ${links.length} links published`);
  const { tokens, sizes } = await formTokens(w, links);
  log(`${links.length} links published for ${date}`);

  const origin = new URL(w.base).origin;
  const acknowledged = new Set<string>();
  const volunteerByPath = new Map(links.map((l) => [l.path, l.volunteerId]));
  const direct = await directWorkerBase(w.port);
  const vias: Array<{ via: Via; url: string }> = [
    ...(direct ? [{ via: "worker" as const, url: direct }] : []),
    { via: "wrangler-dev", url: w.base },
  ];
  const runs: LoadRun[] = [];
  /** The link page's own confirm form, as the browser posts it. */
  const confirmForm = (link: Link) => ({
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ t: tokens.get(link.path)!, answer: "confirm" }).toString(),
  });
  // Each confirm run answers its own share of the links first, then repeats them.
  const plan = vias.flatMap((v) => options.connections.map((connections) => ({ ...v, connections })));
  const shareSize = Math.ceil(links.length / plan.length);
  for (const [i, { via, url, connections }] of plan.entries()) {
    const common = { via, connections, durationS: options.durationS };
    log(`${via}: GET page, ${connections} connections, ${options.durationS} s`);
    runs.push(
      await cannon(
        url,
        { ...common, target: "page", method: "GET", expectedStatus: 200 },
        rotating(links, (l) => ({ method: "GET", path: l.path })),
        options.timeoutS,
        options.requestsPerRun,
        (status) => status === 200,
      ),
    );

    const share = links.slice(i * shareSize, (i + 1) * shareSize);
    const before = acknowledged.size;
    log(`${via}: POST confirm, ${connections} connections over ${share.length} links, ${options.durationS} s`);
    const confirm = await cannon(
      url,
      { ...common, target: "confirm", method: "POST", expectedStatus: 303 },
      rotating(share, (l) => ({ method: "POST", path: l.path, ...confirmForm(l) })),
      options.timeoutS,
      options.oncePerLink ? share.length : options.requestsPerRun,
      // The acknowledgement names its link: the 303 goes back to that link's page.
      (status, headers) => {
        const location = headers.location ?? headers.Location;
        const path = typeof location === "string" ? new URL(location, origin).pathname : "";
        const volunteer = volunteerByPath.get(path);
        if (status !== 303 || !volunteer) return false;
        acknowledged.add(volunteer);
        return true;
      },
    );
    // Links whose POST wrangler dev's proxy dropped: the person taps again, once.
    let resent = 0;
    if (options.oncePerLink && (confirm.devProxyRefusals ?? 0) > 0) {
      for (const link of share.filter((l) => !acknowledged.has(l.volunteerId))) {
        resent++;
        const response = await fetch(`${url}${link.path}`, {
          method: "POST",
          redirect: "manual",
          ...confirmForm(link),
        });
        await response.arrayBuffer();
        const location = response.headers.get("location");
        if (response.status === 303 && location && new URL(location, origin).pathname === link.path) {
          acknowledged.add(link.volunteerId);
        } else {
          confirm.unexpected++;
          confirm.byStatus[`resent ${response.status}`] = (confirm.byStatus[`resent ${response.status}`] ?? 0) + 1;
        }
      }
    }
    runs.push({ ...confirm, resent, firstAnswers: acknowledged.size - before });
  }

  log("waiting for the outbox to drain, then checking D1 and the Plan tab");
  const drained = await waitForOutbox(w, 180_000);
  const integrity: LoadIntegrity = {
    date,
    outboxDrainedS: drained.ms === null ? null : drained.ms / 1000,
    outboxPendingAtEnd: drained.pending,
    ...(await checkIntegrity(w, date, acknowledged)),
  };
  // The local server is judged; the Worker's internal socket only when asked (see the top).
  const judged = options.strictDirect ? runs : runs.filter((r) => r.via === "wrangler-dev");
  const failures = describeFailures(judged, integrity);
  const informationalErrors = describeFailures(
    runs.filter((r) => !judged.includes(r)),
    { ...integrity, lost: 0, duplicated: 0, notInSheet: 0, outboxDrainedS: 0 },
  );
  const { log: _log, ...saved } = options;
  return {
    machine: startedOn,
    options: saved,
    direct: direct !== undefined,
    links: links.length,
    pageBytes: { median: quantile(sizes, 0.5), max: Math.max(...sizes) },
    runs,
    integrity,
    failures,
    informationalErrors,
    ok: failures.length === 0,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "20" },
      connections: { type: "string", default: "50,200" },
      scale: { type: "string", default: "3" },
      timeout: { type: "string", default: "10" },
      out: { type: "string" },
      verbose: { type: "boolean", default: false },
      "strict-direct": { type: "boolean", default: false },
    },
  });
  const options: LoadOptions = {
    durationS: Number(values.duration),
    connections: values.connections.split(",").map(Number),
    demoScale: Number(values.scale),
    timeoutS: Number(values.timeout),
    strictDirect: values["strict-direct"],
    // The Worker is pinned to the same evening (below): the bench runs alike at any hour.
    now: Date.parse(LOAD_EVENING),
    log: (...args) => console.error("[load]", ...args),
  };
  if (![options.durationS, options.demoScale, options.timeoutS, ...options.connections].every((n) => n > 0)) {
    throw new Error("--duration, --connections, --scale and --timeout must be positive numbers");
  }
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
  options.log?.("starting a private local worker");
  const worker = await startLocalWorker({ port, verbose: values.verbose, vars: { ZC_NOW: LOAD_EVENING } });
  let report: LoadReport;
  try {
    report = await runLoad(worker, options);
  } finally {
    await worker.stop();
  }
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  if (values.out) writeFileSync(values.out, `${json}\n`);
  for (const e of report.informationalErrors) console.error("[load] reported, not judged:", e);
  for (const f of report.failures) console.error("[load] FAILED:", f);
  if (!report.ok) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();

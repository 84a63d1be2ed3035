/**
 * `npm run bench`: figures as JSON on stdout (progress on stderr).
 *
 * Sheets reads are measured end to end against the real local default: `wrangler dev` on a
 * private port with its own throw-away state (src/cli/local-worker.ts; `BENCH_PORT` pins the port), the emulator seeded with the demo compound at 1×
 * and 10× roster size, and the real google-spreadsheet client in Node reading over HTTP. The
 * volunteer-link bench (tests/bench/links-bench.ts) then drives the same server: a 300-tap burst
 * with and without injected Sheets failures, autocannon on the confirm POST and the page GET.
 * The pure benches (validation, engine) run in-process when their modules exist.
 * `--out file` also writes the JSON there (npm run report collects it).
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createLocalSpreadsheet, localGateway } from "../../src/cli/local-emulator.ts";
import { startLocalWorker } from "../../src/cli/local-worker.ts";
import { tabKeys } from "../../src/sheets/manifest.ts";
import { benchReadHistory } from "./history-bench.ts";
import { benchLinks } from "./links-bench.ts";
import { benchTokens } from "./token-bench.ts";
import { machine } from "./machine.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const RUNS = 15;

const log = (...args: unknown[]) => console.error("[bench]", ...args);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.floor(s.length / 2)] ?? 0).toFixed(2));
}

async function benchSheetsRead(base: string, token: string, scale: number) {
  const id = `bench-${scale}x`;
  const created = await createLocalSpreadsheet(base, token, id, scale);
  if (!created.ok) throw new Error(`seeding ${id} failed: ${created.status} ${await created.text()}`);
  // Google's quota would throttle 30 reads a minute; the bench measures our side.
  const lifted = await fetch(`${base}/emulator/quota`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ limits: null }),
  });
  if (!lifted.ok) throw new Error(`lifting the quota failed: ${lifted.status} ${await lifted.text()}`);
  const cold = localGateway(base, token, id);
  const t0 = performance.now();
  const first = await cold.read(tabKeys);
  const coldMs = performance.now() - t0;
  const coldRequests = cold.requests;
  const times: number[] = [];
  let warmRequests = 0;
  for (let i = 0; i < RUNS; i++) {
    const before = cold.requests;
    const start = performance.now();
    await cold.read(tabKeys);
    times.push(performance.now() - start);
    warmRequests = cold.requests - before;
  }
  return {
    scale,
    rows: Object.fromEntries(Object.entries(first.tabs).map(([k, t]) => [k, t.rows.length])),
    coldReadMs: Number(coldMs.toFixed(2)),
    coldRequests,
    warmReadMedianMs: median(times),
    warmRequests,
    runs: RUNS,
  };
}

async function optionalBench(file: string, exportName: string): Promise<unknown> {
  const full = path.join(root, "tests/bench", file);
  if (!existsSync(full)) return undefined;
  const mod = (await import(full)) as Record<string, () => Promise<unknown>>;
  return mod[exportName]?.();
}

async function main() {
  // `--only readHistory,tokens` runs just those sections (all by default).
  const { values } = parseArgs({ options: { out: { type: "string" }, only: { type: "string" } } });
  const only = values.only?.split(",").map((s) => s.trim());
  const wanted = (section: string) => !only || only.includes(section);
  // BENCH_PORT pins the port (e.g. to watch the emulator page meanwhile); a free one otherwise.
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
  const worker = await startLocalWorker({ port });
  const { base, token } = worker;
  log("private wrangler dev on", base);
  try {
    const result: Record<string, unknown> = { machine: machine() };
    if (wanted("sheetsRead")) {
      const sheetsRead = [];
      for (const scale of [1, 10]) {
        log(`sheets read at ${scale}x`);
        sheetsRead.push(await benchSheetsRead(base, token, scale));
      }
      result.sheetsRead = sheetsRead;
    }
    if (wanted("readHistory")) {
      log("read size: day 1 vs 30 days of Plan and Messages history");
      result.readHistory = await benchReadHistory(base, token);
    }
    if (wanted("tokens")) {
      log("token exchanges over a simulated day");
      result.tokens = await benchTokens();
    }
    if (wanted("links")) {
      log("volunteer links: 300-tap burst, faults, autocannon, page weight");
      result.links = await benchLinks(base, token);
    }
    log("pure benches");
    const validate = wanted("validate") && (await optionalBench("validate-bench.ts", "benchValidate"));
    if (validate) result.validate = validate;
    const engine = wanted("engine") && (await optionalBench("engine-bench.ts", "benchEngine"));
    if (engine) result.engine = engine;
    const json = JSON.stringify(result, null, 2);
    console.log(json);
    if (values.out) writeFileSync(values.out, `${json}\n`);
  } finally {
    await worker.stop();
  }
}

await main();

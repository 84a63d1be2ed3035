/**
 * `npm run bench`: figures as JSON on stdout (progress on stderr).
 *
 * Sheets reads are measured end to end against the real local default: `wrangler dev` on a
 * private port with its own throw-away state, the emulator seeded with the demo compound at 1×
 * and 10× roster size, and the real google-spreadsheet client in Node reading over HTTP. The
 * volunteer-link bench (tests/bench/links-bench.ts) then drives the same server: a 300-tap burst
 * with and without injected Sheets failures, autocannon on the confirm POST and the page GET.
 * The pure benches (validation, engine) run in-process when their modules exist.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalSpreadsheet, localGateway } from "../../src/cli/local-emulator.ts";
import { tabKeys } from "../../src/sheets/manifest.ts";
import { benchLinks } from "./links-bench.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const port = Number(process.env.BENCH_PORT ?? 8799);
const base = `http://127.0.0.1:${port}`;
const RUNS = 15;

const log = (...args: unknown[]) => console.error("[bench]", ...args);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.floor(s.length / 2)] ?? 0).toFixed(2));
}

async function startWorker(token: string) {
  const state = mkdtempSync(path.join(tmpdir(), "zonecrew-bench-"));
  // D1 tables for plans, links and answers, in the same throw-away state as the server.
  const migrate = spawnSync(
    path.join(root, "node_modules/.bin/wrangler"),
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CI: "true" } },
  );
  if (migrate.status !== 0) throw new Error("applying D1 migrations failed");
  const child = spawn(
    path.join(root, "node_modules/.bin/wrangler"),
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      state,
      "--var",
      `ORGANIZER_TOKEN:${token}`,
      "--show-interactive-dev-session=false",
    ],
    { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "true" } },
  );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return () => {
    child.kill("SIGINT");
    rmSync(state, { recursive: true, force: true });
  };
}

async function benchSheetsRead(token: string, scale: number) {
  const id = `bench-${scale}x`;
  const created = await createLocalSpreadsheet(base, token, id, scale);
  if (!created.ok) throw new Error(`seeding ${id} failed: ${created.status} ${await created.text()}`);
  // Google's quota would throttle 30 reads a minute on one sheet; the bench measures our side.
  await fetch(`${base}/emulator/faults`, { method: "POST", body: JSON.stringify({ spreadsheet: id, quota: null }) });
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
  const token = randomBytes(18).toString("base64url");
  log("starting wrangler dev on", base);
  const stop = await startWorker(token);
  try {
    const sheetsRead = [];
    for (const scale of [1, 10]) {
      log(`sheets read at ${scale}x`);
      sheetsRead.push(await benchSheetsRead(token, scale));
    }
    const result: Record<string, unknown> = {
      machine: { node: process.version, platform: `${process.platform}-${process.arch}` },
      sheetsRead,
    };
    log("volunteer links: 300-tap burst, faults, autocannon, page weight");
    result.links = await benchLinks(base, token);
    log("pure benches");
    const validate = await optionalBench("validate-bench.ts", "benchValidate");
    if (validate) result.validate = validate;
    const engine = await optionalBench("engine-bench.ts", "benchEngine");
    if (engine) result.engine = engine;
    console.log(JSON.stringify(result, null, 2));
  } finally {
    stop();
  }
}

await main();

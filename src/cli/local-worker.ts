/**
 * A private copy of the local default for benches, the day simulation and load runs: `wrangler
 * dev` on a free loopback port with its own state folder (D1 migrated, Durable Objects and the
 * emulator in local SQLite), a random organizer token, and the scheduled handler reachable at
 * `/cdn-cgi/handler/scheduled` so a run can fire the cron tick at any local time it plays.
 *
 * `restart()` kills the process and starts it again on the same state: what a crash or a deploy
 * does to a real Worker (Durable Object storage and alarms survive, memory does not).
 *
 * By default the Worker is a snapshot: bundled once at start (`wrangler deploy --dry-run`) and
 * served with `--no-bundle` from the state folder, so it does not rebuild and reload whenever
 * someone saves a file in the shared working tree (a reload mid-run answers in-flight POSTs with
 * 503 and runs one day on two versions of the code), and a `restart()` comes back with the same code.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const wrangler = path.join(root, "node_modules", ".bin", "wrangler");

export interface LocalWorkerOptions {
  /** Loopback port; a free one by default. */
  port?: number;
  /** Extra `--var NAME:value` pairs. */
  vars?: Record<string, string>;
  /** Print wrangler's own output (stderr) for debugging. */
  verbose?: boolean;
  /** How long to wait for /healthz after a (re)start. */
  startTimeoutMs?: number;
  /** SQL run on the local D1 after the migrations, before the Worker starts (e.g. more communities). */
  d1Sql?: string;
  /** Serve the source tree with wrangler's file watching (live reload) instead of a snapshot bundle. */
  watch?: boolean;
}

export interface LocalWorker {
  base: string;
  port: number;
  token: string;
  /** The state folder (removed by `stop`). */
  state: string;
  /** Fires the 15-minute cron tick as if it were `epochMs`; resolves with the handler's outcome. */
  tick(epochMs: number): Promise<{ ok: boolean; status: number; body: string }>;
  /**
   * Kills the Worker (SIGKILL: no graceful shutdown, as in a crash) and starts it on the same
   * state; `vars` given replace those it ran with (e.g. a later ZC_NOW: the next morning).
   */
  restart(vars?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(
  base: string,
  timeoutMs: number,
  child: ChildProcess,
  said: () => string = () => "",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}: ${said()}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`wrangler dev did not answer ${base}/healthz within ${timeoutMs} ms`);
}

/**
 * Bundles the Worker as it is now into `dir` and writes beside it a copy of wrangler.toml that
 * serves that bundle unbundled (nothing to watch but a file no one edits); the same bindings,
 * Durable Object classes and D1 database, so the state folder works with either.
 */
function snapshotConfig(dir: string, env: NodeJS.ProcessEnv, verbose: boolean | undefined): string {
  mkdirSync(dir, { recursive: true });
  const built = spawnSync(wrangler, ["deploy", "--dry-run", "--outdir", dir], {
    cwd: root,
    stdio: ["ignore", "ignore", verbose ? "inherit" : "pipe"],
    env,
  });
  if (built.status !== 0) throw new Error(`bundling the Worker failed: ${built.stderr?.toString() ?? ""}`);
  const toml = readFileSync(path.join(root, "wrangler.toml"), "utf8");
  const config = toml
    .replace(/^main = .*$/m, 'main = "index.js"\nno_bundle = true')
    .replace(
      /^migrations_dir = "(.*)"$/m,
      (_, migrations: string) => `migrations_dir = ${JSON.stringify(path.join(root, migrations))}`,
    );
  if (!/^no_bundle = true$/m.test(config)) throw new Error("wrangler.toml has no top-level `main` to replace");
  const file = path.join(dir, "wrangler.toml");
  writeFileSync(file, config);
  return file;
}

export async function startLocalWorker(options: LocalWorkerOptions = {}): Promise<LocalWorker> {
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const token = randomBytes(18).toString("base64url");
  const state = mkdtempSync(path.join(tmpdir(), "zonecrew-local-"));
  // No Request.cf fetch from workers.cloudflare.com: offline it only prints stack traces.
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
  const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
    cwd: root,
    stdio: ["ignore", "ignore", options.verbose ? "inherit" : "pipe"],
    env,
  });
  if (migrate.status !== 0) throw new Error(`applying D1 migrations failed: ${migrate.stderr?.toString() ?? ""}`);
  if (options.d1Sql) {
    const file = path.join(state, "seed.sql");
    writeFileSync(file, options.d1Sql);
    const seeded = spawnSync(wrangler, ["d1", "execute", "DB", "--local", "--persist-to", state, "--file", file], {
      cwd: root,
      stdio: ["ignore", "ignore", options.verbose ? "inherit" : "pipe"],
      env,
    });
    if (seeded.status !== 0) throw new Error(`seeding D1 failed: ${seeded.stderr?.toString() ?? ""}`);
  }

  const vars = { SHEETS_BACKEND: "emulator", ORGANIZER_TOKEN: token, PUBLIC_URL: base, ...options.vars };
  const config = options.watch ? [] : ["--config", snapshotConfig(path.join(state, "bundle"), env, options.verbose)];
  const args = () => [
    "dev",
    ...config,
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    state,
    "--show-interactive-dev-session=false",
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ];
  let child: ChildProcess;
  const launch = async () => {
    // Its own devtools port: two local Workers started at once (the sim files run two at a time)
    // must not both reach for wrangler's default.
    const inspector = await freePort();
    child = spawn(wrangler, [...args(), "--inspector-port", String(inspector)], {
      cwd: root,
      stdio: ["ignore", "ignore", options.verbose ? "inherit" : "pipe"],
      env,
      detached: true,
    });
    // The last words of a wrangler that exits at start, for the error (nothing is printed otherwise).
    let tail = "";
    child.stderr?.on("data", (d: Buffer) => (tail = (tail + d.toString()).slice(-2_000)));
    await waitForHealth(base, options.startTimeoutMs ?? 120_000, child, () => tail.trim());
  };
  // wrangler runs workerd as a child: kill the whole process group, or the port stays taken.
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid, signal);
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  };
  await launch();
  return {
    base,
    port,
    token,
    state,
    async tick(epochMs) {
      const response = await fetch(
        `${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("*/15 * * * *")}&time=${epochMs}`,
      );
      return { ok: response.ok, status: response.status, body: await response.text() };
    },
    async restart(next) {
      await kill("SIGKILL");
      Object.assign(vars, next);
      await launch();
    },
    async stop() {
      await kill("SIGINT");
      await kill("SIGKILL");
      rmSync(state, { recursive: true, force: true });
    },
  };
}

import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * Two layers of tests (STYLE.md §7):
 * - `workers`: routes, D1, Durable Objects and the gateway run inside workerd (miniflare).
 * - `node`: the pure domain, the emulator's sheet model and the CLI run in plain Node.
 * - `sim`: whole days against a real `wrangler dev` (src/cli/local-worker.ts) — the day
 *   simulation, faults and load at CI size; the large runs are `npm run simulate` / `npm run load`.
 */
/**
 * The instant the Worker's clock is pinned to in the workers tests (`ZC_NOW`, honoured by the local
 * default only). 07:20 in Shanghai on 2026-12-05 is when a clean clone's `npm test` failed while
 * the tests read the real clock; `ZC_NOW=2026-12-05T13:00:00Z npm run test:run` replays the whole
 * workers suite at any other instant, and tests/workers/clock-matrix.test.ts runs the
 * time-sensitive journeys at every instant that ever broke something.
 */
const PINNED_NOW = process.env.ZC_NOW ?? "2026-12-04T23:20:00Z";
// The pool's miniflare would fetch Request.cf from workers.cloudflare.com: offline, stack traces.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "src/store/migrations"));
  return {
    test: {
      // Two at a time even on a 2-core box (vitest's default is cores − 1 = 1): the workerd files
      // spend much of their time starting and waiting, so the workers + node run drops from about
      // 5 to about 3 minutes. The sim files too (fileParallelism below).
      maxWorkers: 2,
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  ORGANIZER_TOKEN: "test-organizer-token",
                  ZC_NOW: PINNED_NOW,
                  // Set when ZC_NOW came from the shell: a replay of the suite at another instant.
                  TEST_CLOCK_REPLAY: process.env.ZC_NOW ? "yes" : "",
                  // wrangler.toml says "google" for deployments; the tests run the local default.
                  SHEETS_BACKEND: "emulator",
                  // The suite makes in a minute the Sheets calls of a whole day; the governor's
                  // own tests (tests/workers/governor.test.ts) configure Google's limits.
                  SHEETS_READS_PER_MINUTE: "1000000",
                  SHEETS_WRITES_PER_MINUTE: "1000000",
                  SHEETS_PROJECT_READS_PER_MINUTE: "1000000",
                  SHEETS_PROJECT_WRITES_PER_MINUTE: "1000000",
                  SHEETS_PER_SPREADSHEET_PER_MINUTE: "1000000",
                  // The same for the emulator's own count of Google's quota; the tests of that
                  // count (tests/workers/emulator-quota.test.ts) set the limits they prove.
                  EMULATOR_QUOTA_PER_MINUTE: "off",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            // Two workerd files beside two whole simulated days on two cores: a test that takes
            // 1 s alone has taken 5 s; the default 5 s limit then fails it for nothing.
            testTimeout: 20_000,
            include: ["tests/workers/**/*.test.ts"],
            setupFiles: ["tests/workers/setup/apply-migrations.ts"],
            // Every test file gets a fresh runtime that loads the Worker's whole module graph:
            // ~840 modules, 415 of them es-toolkit's (google-spreadsheet's) and 95 zod's, each
            // fetched from Vite one by one. Pre-bundled, a file starts ~3 s sooner on this box
            // (four bare files: 18 s -> 12 s); our own src stays unbundled, as written.
            deps: {
              optimizer: {
                ssr: {
                  enabled: true,
                  include: [
                    "google-spreadsheet",
                    "es-toolkit",
                    "es-toolkit/compat",
                    "zod",
                    "jose",
                    "ky",
                    "uqr",
                    "fast-check",
                    "hono",
                    "hono/factory",
                    "hono/html",
                    "hono/cookie",
                    "hono/jsx",
                    "hono/jsx/jsx-runtime",
                    "hono/jsx/jsx-dev-runtime",
                    "hono/http-exception",
                    "hono/utils/http-status",
                    "hono/utils/body",
                    "@hono/zod-validator",
                  ],
                },
              },
            },
          },
        },
        {
          test: {
            name: "node",
            environment: "node",
            include: ["tests/node/**/*.test.ts"],
          },
        },
        {
          test: {
            name: "sim",
            environment: "node",
            include: ["tests/sim/**/*.test.ts"],
            // Each file starts its own wrangler dev on its own port and state. Two at a time: the
            // files mostly wait (the compressed clock, restarts, outbox drains), so the sim
            // project no longer outlasts the workers project beside it.
            fileParallelism: true,
            testTimeout: 360_000,
            hookTimeout: 180_000,
          },
        },
      ],
    },
  };
});

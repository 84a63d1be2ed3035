/**
 * `npm run simulate -- --compounds N --seed S [--faults] [--outage-minutes 10] [--out file.json]`
 *
 * Plays a whole day for N compounds (1 = the demo, 50 = a town) against a private `wrangler dev`
 * and prints the JSON report (src/cli/sim/report.ts) on stdout, progress on stderr. `--faults`
 * (or `--scenario faults`) plays the same day with the Sheets emulator failing 30% of calls with
 * 2 s latency, down for `--outage-minutes` in the middle of the answers, the Worker killed and
 * restarted, and organizers editing the sheet during the publish. `--pace real [--real-minutes 60]`
 * plays the 21:00 tick and the first minutes of answers at one wall minute per minute with
 * Google's quota on, and reports the emulator's counts per service account and project, publish
 * times and sheet lag (src/cli/sim/real-pace.ts). Exits 1 when an invariant
 * fails (an answer lost or duplicated, the sheet differing from D1, 60 requests in a minute).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { simulateDay } from "./sim/day.ts";
import { realPaceMarkdown } from "./sim/real-pace.ts";

const { values } = parseArgs({
  options: {
    compounds: { type: "string", default: "1" },
    seed: { type: "string", default: "1" },
    faults: { type: "boolean", default: false },
    scenario: { type: "string" },
    "outage-minutes": { type: "string", default: "10" },
    "ms-per-minute": { type: "string", default: "200" },
    concurrency: { type: "string", default: "24" },
    out: { type: "string" },
    verbose: { type: "boolean", default: false },
    pace: { type: "string", default: "compressed" },
    "real-minutes": { type: "string", default: "60" },
  },
});

const number = (name: string, text: string | undefined, min: number): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} 应为不小于 ${min} 的数。--${name} must be a number of at least ${min}.`);
    process.exit(2);
  }
  return n;
};

const scenario = values.faults || values.scenario === "faults" ? "faults" : "day";
if (values.scenario && !["day", "faults"].includes(values.scenario)) {
  console.error("--scenario 只能是 day 或 faults。--scenario is day or faults.");
  process.exit(2);
}
if (!["compressed", "real"].includes(values.pace)) {
  console.error("--pace 只能是 compressed 或 real。--pace is compressed or real.");
  process.exit(2);
}
const real = values.pace === "real";
const report = await simulateDay({
  pace: real ? "real" : "compressed",
  realMinutes: number("real-minutes", values["real-minutes"], 0),
  // At real pace the report is about the evening's Sheets load; the day's operations are left out.
  dayOperations: !real,
  compounds: Math.floor(number("compounds", values.compounds, 1)),
  seed: Math.floor(number("seed", values.seed, 0)),
  scenario,
  outageMs: number("outage-minutes", values["outage-minutes"], 0) * 60_000,
  realMsPerSimMinute: number("ms-per-minute", values["ms-per-minute"], 1),
  concurrency: Math.floor(number("concurrency", values.concurrency, 1)),
  verbose: values.verbose,
});
const json = JSON.stringify(report, null, 2);
console.log(json);
if (values.out) writeFileSync(values.out, `${json}\n`);
if (report.realPace) console.error(`[simulate] real pace:\n${realPaceMarkdown(report.realPace)}`);
if (report.failures.length > 0) {
  console.error(`[simulate] FAILED:\n  ${report.failures.join("\n  ")}`);
  process.exit(1);
}
console.error(`[simulate] all invariants held (${Math.round(report.totals.wallMs / 1000)} s)`);

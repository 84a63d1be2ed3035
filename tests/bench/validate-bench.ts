/**
 * How long validation of a whole workbook takes: the demo compound (320 volunteers, 120 sign-ups,
 * 32 buildings) and a 10x roster (a small town: 3,200 volunteers, 1,200 sign-ups, 320 buildings).
 *
 * Why it matters: every sync and every plan generation validates the whole sheet inside a Worker
 * request, where CPU time is billed and capped, so the figure to watch is the median of repeated
 * runs after a warm-up (the JIT-compiled steady state a busy Worker isolate is in).
 *
 * Run alone with `npx tsx tests/bench/validate-bench.ts`, which prints the JSON.
 */
import { pathToFileURL } from "node:url";
import { validateWorkbook, type ValidateInput } from "../../src/domain/validate.ts";
import { demoTabs } from "../node/validate-fixtures.ts";

const TODAY = "2022-04-18";

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function measure(name: string, tabs: ValidateInput["tabs"], runs: number): Record<string, unknown> {
  const rows = Object.values(tabs).reduce((n, tab) => n + (tab?.rows.length ?? 0), 0);
  // Warm-up: the first runs include compiling the normalizers' regular expressions.
  for (let i = 0; i < 5; i++) validateWorkbook({ tabs, today: TODAY });
  const times: number[] = [];
  let last = validateWorkbook({ tabs, today: TODAY });
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = validateWorkbook({ tabs, today: TODAY });
    times.push(performance.now() - started);
  }
  const errors = last.problems.filter((p) => p.severity === "error").length;
  return {
    name,
    rows,
    volunteers: last.snapshot.volunteers.length,
    signups: last.snapshot.signups.length,
    buildings: last.snapshot.buildings.length,
    problems: last.problems.length,
    errors,
    runs,
    medianMs: round(median(times)),
    minMs: round(Math.min(...times)),
    maxMs: round(Math.max(...times)),
    microsecondsPerRow: round((median(times) * 1000) / rows),
  };
}

/** Median validation time of the demo compound and of a 10x roster, as JSON. */
export async function benchValidate(): Promise<Record<string, unknown>> {
  const demo = measure("demo compound", demoTabs(1), 21);
  const town = measure("10x roster", demoTabs(10), 11);
  return {
    benchmark: "validateWorkbook",
    today: TODAY,
    node: process.version,
    demo,
    roster10x: town,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchValidate(), null, 2));
}

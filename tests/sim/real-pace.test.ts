/**
 * `--pace real` at CI size: the demo compound with Google's quota on in the emulator, the 21:00
 * tick and the first 10 s of answers at one wall minute per minute, the rest of the night
 * compressed. Proves the mode's figures are the emulator's own counts (`GET /emulator/quota`) per
 * service account and project, that the simulator's reads go as a second account in another
 * project, and that publish times and sheet lag are measured. The full run is
 * `npm run simulate -- --compounds 50 --pace real` (docs/BENCHMARKS.md).
 */
import { describe, expect, it } from "vitest";
import { simulateDay } from "../../src/cli/sim/day.ts";
import { CHECKER_ACCOUNT, lagFigures, warpMinutes } from "../../src/cli/sim/real-pace.ts";
import { EMULATOR_ACCOUNT } from "../../src/emulator/workbook.ts";

describe("the simulation at real pace", () => {
  it("keeps real minutes first, compresses the rest, and takes p95 from the samples", () => {
    expect(warpMinutes(30, 60, 200)).toBe(30);
    expect(warpMinutes(360, 60, 200)).toBe(60 + 300 / 300);
    expect(lagFigures([])).toEqual({ answers: 0, maxMs: 0, p95Ms: 0 });
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(lagFigures(samples)).toEqual({ answers: 100, maxMs: 100, p95Ms: 95 });
  });

  it("reports the emulator's counts per service account and project, publish times and sheet lag", async () => {
    const report = await simulateDay({
      compounds: 1,
      seed: 3,
      scenario: "day",
      pace: "real",
      realMinutes: 1 / 6,
      realMsPerSimMinute: 5,
      dayOperations: false,
      // Ten real seconds, then the rest of the night in seconds: the per-spreadsheet budget would
      // only stretch that compressed rest. Google's own limits stay on, which is what it proves.
      spreadsheetBudget: false,
      log: () => {},
    });
    expect(report.failures).toEqual([]);
    const r = report.realPace!;
    expect(r.limits).toEqual({ perUser: { reads: 60, writes: 60 }, perProject: { reads: 300, writes: 300 } });
    const worker = r.accounts[EMULATOR_ACCOUNT]!;
    const checker = r.accounts[CHECKER_ACCOUNT]!;
    // The Worker published and mirrored answers: its reads and writes were counted by the emulator.
    expect(worker.reads).toBeGreaterThan(0);
    expect(worker.writes).toBeGreaterThan(0);
    expect(worker.maxReadsPerMinute).toBeLessThanOrEqual(60);
    expect(worker.maxWritesPerMinute).toBeLessThanOrEqual(60);
    expect(worker.at2100.reads + worker.at2100.writes + worker.at2101.reads + worker.at2101.writes).toBeGreaterThan(0);
    // The checker's reads went to another project, not the Worker's.
    expect(checker.reads).toBeGreaterThan(0);
    expect(Object.keys(r.projects).sort()).toEqual([r.checker.project, r.worker.project].sort());
    expect(r.worker.project).not.toBe(r.checker.project);
    expect(r.projects[r.worker.project]!.reads).toBe(worker.reads);
    const demo = report.perCompound[0]!;
    expect(r.publishDoneS[demo.slug]).toBeLessThanOrEqual(600);
    expect(r.lag[demo.slug]!.answers).toBe(demo.answers.acknowledged);
    expect(r.lag[demo.slug]!.unsettled).toBe(0);
    expect(demo.answers.lost).toBe(0);
    expect(demo.answers.duplicated).toBe(0);
    expect(demo.sheetEqualsD1).toBe(true);
    // ~90 s alone on a 2-core box; beside the workers files and two simulated days, more.
  }, 300_000);
});

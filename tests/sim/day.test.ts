/**
 * The demo compound's whole day against a real `wrangler dev`, at CI size: the answer wave
 * compressed to about half a minute. Proves the invariants, not speed: every acknowledged answer
 * in D1 once and in the Plan tab, the sheet equal to D1, under Google's 60 requests a minute,
 * every building covered.
 */
import { describe, expect, it } from "vitest";
import { simulateDay } from "../../src/cli/sim/day.ts";

describe("a day of the demo compound", () => {
  it("keeps every answer exactly once, the sheet equal to D1 and under the Sheets quota", async () => {
    const report = await simulateDay({
      compounds: 1,
      seed: 1,
      scenario: "day",
      realMsPerSimMinute: 50,
      // Three restarts for the day instead of six; `npm run simulate` plays every slot at its time.
      dayMoments: "few",
      log: () => {},
    });
    const demo = report.perCompound[0]!;
    expect(report.failures).toEqual([]);
    expect(demo.slug).toBe("demo");
    expect(demo.coverage).toBe(1);
    expect(demo.finalCoverage).toBe(1);
    expect(demo.answers.lost).toBe(0);
    expect(demo.answers.duplicated).toBe(0);
    expect(demo.sheetEqualsD1).toBe(true);
    // 10% decline and 5% stay silent; everyone else confirmed and the page said so.
    expect(demo.answers.declined).toBeGreaterThan(0);
    expect(demo.answers.none).toBeGreaterThan(0);
    expect(demo.answers.acknowledged).toBe(demo.answers.links - demo.answers.none);
    // Each decline is taken off the plan by a replan (two declines racing may share one), and a
    // replan moves few people: a standby takes the post.
    expect(demo.replans.count).toBeGreaterThan(0);
    expect(demo.replans.count).toBeLessThanOrEqual(demo.answers.declined);
    expect(demo.replans.assignmentsChanged.mean).toBeLessThan(4);
    expect(demo.sheets.maxReadsPerMinute).toBeLessThan(60);
    expect(demo.sheets.maxWritesPerMinute).toBeLessThan(60);
    expect(demo.signups.chainImport).toBeGreaterThan(0);
    expect(demo.signups.signupLinks).toBeGreaterThan(0);
    expect(demo.engineMatchesWorker).toBe(true);
    // The day itself: a roll call with no-shows refilled from standby, every route stage ticked
    // in order, the gate's counts for both waves, all mirrored in the sheet once each.
    const day = report.day;
    expect(day.absent).toBeGreaterThan(0);
    // The no-shows were alone on their routes: each one's duty went to a standby while any was
    // left; a building nobody walks after that is said, and its stages stay undone.
    expect(day.refilled).toBeGreaterThan(0);
    expect(day.refilled).toBeLessThanOrEqual(day.absent);
    expect(day.uncoveredBuildings).toBeLessThanOrEqual(day.absent - day.refilled);
    // Everyone else on a route or post checked in, and every standby called in.
    expect(day.present, JSON.stringify(day)).toBe(day.expectedAtRollCall - day.absent + day.refilled);
    // One suit per person here, as the wrap-up in the Messages tab says (a wrap-up whose roll call
    // is not the one the pages acknowledged is a failure, checked above).
    expect(day.suitsHandedOut).toBe(day.present);
    expect(day.stages).toBe((demo.buildings - day.uncoveredBuildings) * 4);
    expect(day.stagesTicked).toBe(day.stages);
    expect(Object.keys(day.parcelsCounted)).toEqual(["1", "2"]);
    expect(day.gateCounts).toBe(demo.buildings * 2);
    expect(day.tapsNotAcknowledged).toBe(0);
    expect(day.lost).toBe(0);
    expect(day.extra).toBe(0);
    // The Worker's own calls (the simulator checks as another account), with hours of the day in
    // each real minute; the 30 a minute of a real minute is the governor's (governor.test.ts).
    expect(day.maxRequestsPerMinute).toBeLessThan(60);
  });
});

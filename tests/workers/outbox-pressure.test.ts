/**
 * Outboxes coalesce longer when the Sheets quota is nearly spent (issue 18, part 1): after a
 * flush under pressure the next one waits up to two minutes, so a town's answers share writes
 * and stay under the service account's 60 a minute; with the quota free the sheet follows within
 * seconds. The governor is the Worker's own (project "local", account "emulator" in the local
 * default), configured here with small limits.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { coalesceIntervalMs, defaultOutboxTiming } from "../../src/sheets/outbox.ts";
import { drainOutbox, outbox, publishTomorrow, resetDay, SHEET, tomorrow } from "./support/links.ts";

const governor = () => env.GOVERNOR.get(env.GOVERNOR.idFromName("local"));
const row = (volunteerId: string, note: string) => ({
  tab: "plan" as const,
  cells: { date: tomorrow(), volunteer_id: volunteerId, note },
});

beforeEach(async () => {
  await resetDay();
  await governor().configure({ accountReads: 1_000_000, accountWrites: 1_000_000 });
});

describe("the outbox under the Sheets governor's pressure", () => {
  it("widens the wait between flushes as the quota fills: 6 s, 18 s, 60 s, then 2 minutes", () => {
    const min = defaultOutboxTiming.minIntervalMs;
    const pressures = [0, 0.49, 0.5, 0.74, 0.75, 0.89, 0.9, 1.2];
    expect(pressures.map((p) => coalesceIntervalMs(min, p, 1) / 1000)).toEqual([6, 6, 18, 18, 60, 60, 120, 120]);
    // Spread under pressure, so outboxes that flushed together do not come due together: up to a
    // quarter shorter, never longer; with the quota free the sheet follows within 6 s all the same.
    expect(pressures.map((p) => coalesceIntervalMs(min, p, 0) / 1000)).toEqual([6, 6, 13.5, 13.5, 45, 45, 90, 90]);
  });

  it("waits up to two minutes before the next flush when the account is nearly spent, and 6 s when it is free", async () => {
    const publication = await publishTomorrow();
    await drainOutbox();
    const volunteer = publication.links[0]!.volunteerId;
    const stub = outbox();

    // Free: the next flush may follow 6 s after the last.
    await stub.enqueue(SHEET, [row(volunteer, "free")]);
    await drainOutbox();
    const free = await stub.state();
    expect(free.pending).toBe(0);
    expect(free.intervalMs).toBe(6_000);

    // Nearly spent: 55 of 60 reads and writes of the minute already granted to other sheets.
    await governor().configure({ accountReads: 60, accountWrites: 60 });
    for (let i = 0; i < 55; i++) {
      await governor().acquire({ account: "emulator", kind: "read", priority: "answers" });
      await governor().acquire({ account: "emulator", kind: "write", priority: "answers" });
    }
    await stub.enqueue(SHEET, [row(volunteer, "busy")]);
    await drainOutbox();
    const busy = await stub.state();
    expect(busy.pending).toBe(0);
    expect(busy.intervalMs).toBeGreaterThanOrEqual(90_000);
    expect(busy.intervalMs).toBeLessThanOrEqual(120_000);
    // The next answer waits for that: its flush is armed that long after the last one.
    await stub.enqueue(SHEET, [row(volunteer, "after")]);
    const armed = await stub.state();
    expect(armed.pending).toBe(1);
    expect(armed.alarm).toBeGreaterThanOrEqual(busy.lastFlushAt! + busy.intervalMs);
  });
});

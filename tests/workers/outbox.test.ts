import { runDurableObjectAlarm, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { setFaults, sheetIdOf, sheetsCall, stats } from "./support/emulator.ts";
import {
  answer,
  auth,
  drainOutbox,
  ORIGIN,
  outbox,
  pathOf,
  planTab,
  publishTomorrow,
  resetDay,
  SHEET,
  tomorrow,
} from "./support/links.ts";

beforeEach(resetDay);
beforeEach(() => setFaults(SHEET, {}));

const row = (volunteerId: string, cells: Record<string, string>) => ({
  tab: "plan" as const,
  cells: { date: tomorrow(), volunteer_id: volunteerId, ...cells },
});

const sheetId = (title: string) => sheetIdOf(SHEET, title);

/** What D1 says of every volunteer on the plan (the organizer's API), as Plan-tab status labels. */
async function statusesInD1(): Promise<Map<string, string>> {
  const report = (await (await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}`, { headers: auth })).json()) as {
    assignments: Array<{ volunteerId: string; status: string }>;
  };
  const label: Record<string, string> = { pending: "待确认", confirmed: "已确认" };
  return new Map(report.assignments.map((a) => [a.volunteerId, label[a.status]!]));
}

describe("the sheet outbox (one Durable Object per spreadsheet)", () => {
  it("coalesces updates of one row and flushes everything pending as ONE write", async () => {
    await publishTomorrow();
    await drainOutbox();
    const stub = outbox();
    await stub.enqueue(SHEET, [row("V003", { status: "待确认 Pending", note: "first" })]);
    await stub.enqueue(SHEET, [
      row("V012", { status: "已确认 Confirmed" }),
      row("V003", { status: "已确认 Confirmed" }),
    ]);
    await stub.enqueue(SHEET, [row("V003", { answered_at: "04-19 07:05" })]);
    const pending = await stub.pendingRows();
    // Coalesced per (tab, date, volunteer): later columns win, earlier ones stay; order = last update.
    expect(pending.map((r) => r.cells.volunteer_id)).toEqual(["V012", "V003"]);
    expect(pending[1]!.cells).toMatchObject({ status: "已确认 Confirmed", note: "first", answered_at: "04-19 07:05" });
    const state = await stub.state();
    expect(state.alarm).not.toBeNull();

    const before = await stats(SHEET);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const after = await stats(SHEET);
    expect(after.writes - before.writes).toBe(1);
    expect(after.reads - before.reads).toBe(1); // to find the rows again by ID
    expect((await stub.state()).pending).toBe(0);
    const rows = await planTab();
    expect(rows.find((r) => r.volunteer_id === "V003")).toMatchObject({
      status: "已确认 Confirmed",
      note: "first",
      answered_at: "04-19 07:05",
    });
    expect(rows.filter((r) => r.volunteer_id === "V003")).toHaveLength(1);
  });

  it("keeps the queue when Google answers 503/429 and retries later with growing backoff", async () => {
    await publishTomorrow();
    const stub = outbox();
    const queued = (await stub.state()).pending;
    expect(queued).toBeGreaterThan(100);
    await setFaults(SHEET, { down: true });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      await runDurableObjectAlarm(stub);
      const state = await stub.state();
      expect(state).toMatchObject({ pending: queued, attempts: i + 1 });
      expect(state.lastError).toMatch(/503|unavailable|不可用/i);
      delays.push(state.alarm! - t0);
    }
    // 2 s, 4 s, 8 s caps with full jitter: each at least half its cap.
    expect(delays[0]).toBeGreaterThanOrEqual(1000);
    expect(delays[2]).toBeGreaterThanOrEqual(4000);
    expect(delays[2]).toBeLessThanOrEqual(8000 + 100);

    await setFaults(SHEET, {});
    await runDurableObjectAlarm(stub);
    expect(await stub.state()).toMatchObject({ pending: 0, attempts: 0 });
    const rows = (await planTab()).filter((r) => r.date === tomorrow());
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map((r) => r.volunteer_id)).size).toBe(120);
  });

  it("lands each status on its volunteer's row after the organizer sorts the Plan tab", async () => {
    const published = await publishTomorrow();
    await drainOutbox();
    const confirmed = published.links.slice(0, 10);
    for (const link of confirmed) await answer(pathOf(link.url!), "confirm");
    // Between the answers and the flush, the organizer sorts the Plan tab by name, descending.
    await sheetsCall(SHEET, "POST", ":batchUpdate", {
      requests: [
        {
          sortRange: {
            range: { sheetId: await sheetId("分工 Plan"), startRowIndex: 1 },
            sortSpecs: [{ dimensionIndex: 2, sortOrder: "DESCENDING" }],
          },
        },
      ],
    });
    await drainOutbox();
    const rows = await planTab();
    const ids = new Set(confirmed.map((l) => l.volunteerId));
    for (const r of rows) {
      expect(r.status, r.volunteer_id).toBe(ids.has(r.volunteer_id) ? "已确认" : "待确认");
    }
  });

  it("loses nothing enqueued while a write is in flight: it goes out in the next flush", async () => {
    await publishTomorrow();
    await drainOutbox();
    const stub = outbox();
    await stub.enqueue(SHEET, [row("V003", { status: "已确认 Confirmed" })]);
    await setFaults(SHEET, { latencyMs: 300 });
    const flushing = stub.flush();
    await new Promise((r) => setTimeout(r, 100));
    await stub.enqueue(SHEET, [
      row("V003", { status: "不能来 Declined" }),
      row("V012", { status: "已确认 Confirmed" }),
    ]);
    expect((await flushing).status).toBe("written");
    // The row updated during the write stays queued (with its new value), so does the new one.
    expect((await stub.pendingRows()).map((r) => [r.cells.volunteer_id, r.cells.status])).toEqual([
      ["V003", "不能来 Declined"],
      ["V012", "已确认 Confirmed"],
    ]);
    await setFaults(SHEET, {});
    await drainOutbox();
    const rows = await planTab();
    expect(rows.find((r) => r.volunteer_id === "V003")!.status).toBe("不能来 Declined");
    expect(rows.find((r) => r.volunteer_id === "V012")!.status).toBe("已确认 Confirmed");
  });

  it("takes every volunteer's confirmation to the sheet in one write, and survives 30% failures", async () => {
    const published = await publishTomorrow();
    await drainOutbox();
    const taps = published.links.slice(0, 60);
    const before = await stats(SHEET);
    for (let i = 0; i < taps.length; i += 20) {
      await Promise.all(taps.slice(i, i + 20).map((l) => answer(pathOf(l.url!), "confirm")));
    }
    await drainOutbox();
    expect((await stats(SHEET)).writes - before.writes).toBe(1);

    // The rest confirm while a third of Google's answers are 429 or 503.
    await setFaults(SHEET, { failureRate: 0.3, seed: 7 });
    const rest = published.links.slice(60);
    for (let i = 0; i < rest.length; i += 20) {
      await Promise.all(rest.slice(i, i + 20).map((l) => answer(pathOf(l.url!), "confirm")));
    }
    await drainOutbox(30);
    // The dice did fail some flushes (seeded, so this run is repeatable).
    expect((await outbox().state()).failures).toBeGreaterThan(0);
    await setFaults(SHEET, {});
    await drainOutbox(5);
    const d1 = await statusesInD1();
    const rows = (await planTab()).filter((r) => r.date === tomorrow());
    expect(rows).toHaveLength(d1.size);
    expect(new Map(rows.map((r) => [r.volunteer_id, r.status]))).toEqual(d1);
    expect([...d1.values()].every((s) => s === "已确认")).toBe(true);
  }, 60_000);
});

/**
 * A refusal Google will repeat (an organizer made the Plan tab strictly protected) is not retried
 * every few seconds for ever: after a few tries the outbox parks its rows, keeps every one, says
 * why in Chinese and English, and tries once every 15 minutes; when the sheet is fixed it resumes
 * from where it stopped and the sheet equals D1 again. A passing outage (503) never parks.
 */
import { env, runDurableObjectAlarm, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { runScheduled, TICK } from "../../src/cron/scheduled.ts";
import { localTimeToEpoch } from "../../src/domain/local-time.ts";
import { defaultOutboxTiming } from "../../src/sheets/outbox.ts";
import { ConsoleClient, textOf } from "./support/console.ts";
import { setFaults, sheetIdOf, sheetsCall } from "./support/emulator.ts";
import {
  answer,
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

/** The organizer protects the whole Plan tab so that only she may edit it; returns the protection's id. */
async function protectPlanStrictly(): Promise<number> {
  const response = await sheetsCall(SHEET, "POST", ":batchUpdate", {
    requests: [
      {
        addProtectedRange: {
          protectedRange: {
            range: { sheetId: await sheetIdOf(SHEET, "分工 Plan") },
            editors: { users: ["organizer@example.com"] },
          },
        },
      },
    ],
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    replies: Array<{ addProtectedRange: { protectedRange: { protectedRangeId: number } } }>;
  };
  return body.replies[0]!.addProtectedRange.protectedRange.protectedRangeId;
}

describe("refusals Google will repeat", { timeout: 30_000 }, () => {
  it("a strictly protected Plan tab: parked after a few tries with the reason, nothing lost, resumed when fixed", async () => {
    const published = await publishTomorrow();
    const stub = outbox();
    const queued = (await stub.state()).pending;
    expect(queued).toBeGreaterThan(100);
    const protection = await protectPlanStrictly();

    for (let i = 1; i < defaultOutboxTiming.parkAfter; i++) {
      expect(await stub.flush()).toMatchObject({ status: "failed", parked: false });
      expect(await stub.state()).toMatchObject({ pending: queued, parked: null });
    }
    // Parked, with one probe in 15 minutes instead of a retry every few seconds.
    expect(await stub.flush()).toMatchObject({
      status: "failed",
      parked: true,
      retryInMs: defaultOutboxTiming.probeMs,
    });
    const parked = await stub.state();
    expect(parked.pending).toBe(queued);
    expect(parked.parked).toMatchObject({ kind: "protected" });
    expect(parked.parked!.zh).toContain("受保护的工作表和范围");
    expect(parked.parked!.en).toContain("Protected sheets and ranges");
    // Where the organizers look: /healthz names the community, the reason and what waits.
    const health = (await (await SELF.fetch(`${ORIGIN}/healthz`)).json()) as { sheetsParked?: unknown[] };
    expect(health.sheetsParked).toEqual([
      expect.objectContaining({ communities: ["demo"], kind: "protected", pending: queued, zh: parked.parked!.zh }),
    ]);

    // A probe while it is still protected changes nothing and keeps the first refusal's time.
    await runDurableObjectAlarm(stub);
    expect((await stub.state()).parked).toEqual(parked.parked);

    // The console says it above its buttons, with what to do and how much waits.
    const organizer = await new ConsoleClient().signedIn();
    const page = textOf((await organizer.open(`/console/${tomorrow()}`)).html);
    expect(page).toContain("表格暂时写不进去");
    expect(page).toContain("受保护的工作表和范围");
    expect(page).toContain(`有 ${queued} 行在等着写入`);

    // The morning digest says it first.
    await env.DB.prepare("DELETE FROM job_runs").run();
    const [digest] = await runScheduled(env, localTimeToEpoch(tomorrow(), "09:00", "Asia/Shanghai"), TICK);
    expect(digest).toMatchObject({ job: "digest", result: "done" });
    const text = (digest as { outcome: { text: string } }).outcome.text;
    expect(text.split("\n")[1]).toContain(`⚠️ 表格写不进去，有 ${queued} 行在等`);
    expect(text).toContain("受保护的工作表和范围");
    // The digest itself waits with them, as a copy-ready part for the Messages tab.
    const waiting = (await stub.state()).pending;
    expect(waiting).toBeGreaterThanOrEqual(queued);

    // Pressing "try again" while still protected changes nothing and says so.
    expect(textOf(await organizer.press(tomorrow(), "retry"))).toContain("表格仍然不让写入");
    expect((await stub.state()).pending).toBe(waiting);

    // The organizer removes the protection and presses "try again": every row lands.
    await sheetsCall(SHEET, "POST", ":batchUpdate", {
      requests: [{ deleteProtectedRange: { protectedRangeId: protection } }],
    });
    const fixed = textOf(await organizer.press(tomorrow(), "retry"));
    expect(fixed).toContain(`表格已恢复，${waiting} 行已写入`);
    expect(fixed).not.toContain("表格暂时写不进去");
    expect(await stub.state()).toMatchObject({ pending: 0, parked: null, attempts: 0 });
    expect(await (await SELF.fetch(`${ORIGIN}/healthz`)).json()).not.toHaveProperty("sheetsParked");
    const rows = (await planTab()).filter((r) => r.date === tomorrow());
    expect(new Set(rows.map((r) => r.volunteer_id)).size).toBe(published.links.length);
  });

  it("protected, then unshared, then fixed: parked with the current reason, answers kept meanwhile, every row lands", async () => {
    const published = await publishTomorrow();
    const stub = outbox();
    const protection = await protectPlanStrictly();
    for (let i = 0; i < defaultOutboxTiming.parkAfter; i++) await stub.flush();
    const first = (await stub.state()).parked!;
    expect(first.kind).toBe("protected");

    // A volunteer confirms while the rows are parked: the answer is kept with them.
    const confirmer = published.links.find((l) => l.url)!;
    expect((await answer(pathOf(confirmer.url!), "confirm")).status).toBe(303);
    const waiting = (await stub.state()).pending;
    expect(waiting).toBeGreaterThan(100);

    // She removes the protection, but the sheet is no longer shared with ZoneCrew (403).
    await sheetsCall(SHEET, "POST", ":batchUpdate", {
      requests: [{ deleteProtectedRange: { protectedRangeId: protection } }],
    });
    await setFaults(SHEET, { denyAccess: true });
    await runDurableObjectAlarm(stub);
    const unshared = await stub.state();
    expect(unshared.pending).toBe(waiting);
    // The reason now says what to do about this refusal; the time is still the first one's.
    expect(unshared.parked).toMatchObject({ kind: "permission", since: first.since });
    expect(unshared.parked!.zh).toContain("共享");
    expect(unshared.parked!.zh).toContain("本系统的服务账号");
    const health = (await (await SELF.fetch(`${ORIGIN}/healthz`)).json()) as { sheetsParked?: unknown[] };
    expect(health.sheetsParked).toEqual([expect.objectContaining({ kind: "permission" })]);

    // Shared again: the next probe writes everything, the confirmation included.
    await setFaults(SHEET, {});
    await runDurableObjectAlarm(stub);
    expect(await stub.state()).toMatchObject({ pending: 0, parked: null });
    const rows = (await planTab()).filter((r) => r.date === tomorrow());
    expect(new Set(rows.map((r) => r.volunteer_id)).size).toBe(published.links.length);
    expect(rows.find((r) => r.volunteer_id === confirmer.volunteerId)?.status).toMatch(/已确认/);
  });

  it("a sheet that is down (503) is retried with backoff and never parked", async () => {
    await publishTomorrow();
    const stub = outbox();
    await setFaults(SHEET, { down: true });
    for (let i = 0; i < defaultOutboxTiming.parkAfter + 2; i++) {
      const report = await stub.flush();
      expect(report).toMatchObject({ status: "failed", parked: false });
      expect(report.status === "failed" && report.retryInMs).toBeLessThanOrEqual(defaultOutboxTiming.backoffMaxMs);
    }
    expect((await stub.state()).parked).toBeNull();
    await setFaults(SHEET, {});
    await runDurableObjectAlarm(stub);
    expect(await stub.state()).toMatchObject({ pending: 0, parked: null });
  });
});

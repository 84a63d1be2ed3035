/**
 * Google can answer 503 (or time out) after it applied a write. A blind retry of a positional or
 * appending body then applies it twice. The emulator now plays this (`failAfterApplyRate`), and
 * the two writers that append — the outbox's Plan-tab rows and the sign-up rows we add to the
 * organizers' tab — must end with every row exactly once after they try again.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { tomorrow } from "./support/clock.ts";
import { fastGateway, seedDemo, setFaults, sheetsCall, stats } from "./support/emulator.ts";
import { outbox, planTab, publishTomorrow, resetDay, SHEET } from "./support/links.ts";

beforeEach(resetDay);
beforeEach(() => setFaults(SHEET, {}));

const gateway = () => fastGateway(SHEET);

describe("a write Google applied but answered 503", () => {
  it("an appended sign-up is in the tab once: the gateway re-reads for its ID before trying again", async () => {
    await seedDemo(SHEET);
    const row = { date: tomorrow(), volunteer_id: "V904", name: "重试的人", availability: "全天 All day" };
    await setFaults(SHEET, { failAfterApplyRate: 1 });
    // The append applies and answers 503; the retry reads, finds V904, and sends nothing.
    const first = await gateway().write([{ kind: "append", tab: "signups", rows: [row] }]);
    expect(first.appended).toBe(1);
    expect((await stats(SHEET)).injected["503-applied"]).toBe(1);
    await setFaults(SHEET, {});
    const again = await gateway().write([{ kind: "append", tab: "signups", rows: [row] }]);
    expect(again.appended).toBe(0);
    const response = await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent("'报名 Signups'")}`);
    const { values = [] } = (await response.json()) as { values?: string[][] };
    expect(values.filter((r) => r[1] === "V904")).toHaveLength(1);
  });

  it("the outbox's Plan rows are each in the tab once after the next flush", async () => {
    const published = await publishTomorrow();
    const stub = outbox();
    await setFaults(SHEET, { failAfterApplyRate: 1 });
    expect(await stub.flush()).toMatchObject({ status: "failed", parked: false });
    expect((await stub.state()).pending).toBeGreaterThan(0);
    await setFaults(SHEET, {});
    expect(await stub.flush()).toMatchObject({ status: "written" });
    const rows = (await planTab()).filter((r) => r.date === tomorrow());
    expect(rows).toHaveLength(published.links.length);
    expect(new Set(rows.map((r) => r.volunteer_id)).size).toBe(published.links.length);
  });
});

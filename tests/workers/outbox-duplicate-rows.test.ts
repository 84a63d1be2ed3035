/**
 * Google applies a positional write wherever the rows are by then. An organizer who inserts a
 * row above the Plan rows while the publish writes them leaves the last volunteer's row twice
 * (the fresh one, and the old one shifted below it), which the simulation under faults found
 * (`npm run simulate -- --faults`: "V320: 2 rows in the Plan tab"). The outbox writes system rows
 * whole from what it wrote before, and the next write of the tab keeps one row per key. A write
 * of a single row shifted the same way lands on its neighbour and covers it; the next write then
 * adds the covered row back from what the outbox wrote.
 */
import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { sheetsCall } from "./support/emulator.ts";
import {
  answer,
  auth,
  drainOutbox,
  ORIGIN,
  pathOf,
  planTab,
  publishTomorrow,
  resetDay,
  SHEET,
  tomorrow,
} from "./support/links.ts";

const TAB = encodeURIComponent("'分工 Plan'");

beforeEach(resetDay);

describe("a system row left twice by an organizer's edit", () => {
  it("is one row again after the next write of the tab, as D1 has it", async () => {
    const published = await publishTomorrow();
    await drainOutbox();
    const grid = ((await (await sheetsCall(SHEET, "GET", `/values/${TAB}`)).json()) as { values: string[][] }).values;
    const status = grid[0]!.findIndex((h) => h.endsWith("Status"));
    const last = grid.at(-1)!;
    expect(last[0]).toBe(tomorrow());
    const id = last[1]!;
    // What the race leaves: the old copy of the last row one line below the fresh one.
    const stale = last.map((v, i) => (i === status ? "草稿 Draft" : v));
    const appended = await sheetsCall(
      SHEET,
      "POST",
      `/values/${TAB}:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS`,
      { values: [stale] },
    );
    expect(appended.status).toBe(200);
    expect((await planTab()).filter((r) => r.date === tomorrow() && r.volunteer_id === id)).toHaveLength(2);

    // Someone else answers: the outbox's next write sees the key twice and puts it right.
    const other = published.links.find((l) => l.volunteerId !== id)!;
    expect((await answer(pathOf(other.url!), "confirm")).status).toBe(303);
    await drainOutbox();
    const rows = (await planTab()).filter((r) => r.date === tomorrow() && r.volunteer_id === id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe(last[status]);
    const report = (await (await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}`, { headers: auth })).json()) as {
      assignments: Array<{ volunteerId: string; status: string }>;
    };
    expect(report.assignments.find((a) => a.volunteerId === id)?.status).toBe("pending");
    // Every volunteer of the day is in the tab once.
    const ids = (await planTab()).filter((r) => r.date === tomorrow()).map((r) => r.volunteer_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("brings back a row a shifted write covered, whole, as D1 has it", async () => {
    const published = await publishTomorrow();
    await drainOutbox();
    const grid = ((await (await sheetsCall(SHEET, "GET", `/values/${TAB}`)).json()) as { values: string[][] }).values;
    const day = grid.map((r, i) => ({ r, line: i + 1 })).filter(({ r }) => r[0] === tomorrow());
    expect(day.length).toBeGreaterThan(3);
    const covered = day[1]!;
    const writer = day[2]!;
    // What the race leaves: the row below's write landed one line up, over its neighbour.
    const put = await sheetsCall(SHEET, "PUT", `/values/${TAB}!A${covered.line}?valueInputOption=RAW`, {
      values: [writer.r],
    });
    expect(put.status).toBe(200);
    expect((await planTab()).filter((r) => r.volunteer_id === covered.r[1])).toHaveLength(0);

    const other = published.links.find((l) => ![covered.r[1], writer.r[1]].includes(l.volunteerId))!;
    expect((await answer(pathOf(other.url!), "confirm")).status).toBe(303);
    await drainOutbox();
    const tab = (await planTab()).filter((r) => r.date === tomorrow());
    const header = grid[0]!;
    const back = tab.filter((r) => r.volunteer_id === covered.r[1]);
    expect(back).toHaveLength(1);
    // Whole: every cell of the covered row as ZoneCrew wrote it.
    const name = header.findIndex((h) => h.endsWith("Name"));
    const post = header.findIndex((h) => h.endsWith("Post"));
    expect(back[0]!.name).toBe(covered.r[name]);
    expect(back[0]!.post).toBe(covered.r[post]);
    expect(tab.filter((r) => r.volunteer_id === writer.r[1])).toHaveLength(1);
    const ids = tab.map((r) => r.volunteer_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(published.links.length);
  });
});

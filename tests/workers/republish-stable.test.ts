/**
 * Published means stable (issue 15, part 1): after a day is published, a changed parcel count
 * regenerates a plan that moves nobody who confirmed, lists every change with old and new duty
 * (D1, the plan's `changes`, the Plan tab's 变化 column) and tells each changed person on their page.
 */
import { recordAnswer } from "../../src/store/answers.ts";
import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { dayLabel } from "../../src/domain/broadcast.ts";
import type { Plan } from "../../src/domain/plan/index.ts";
import { NOW } from "./support/clock.ts";
import { ConsoleClient, textOf } from "./support/console.ts";
import { setCell, sheetsCall } from "./support/emulator.ts";
import {
  answer,
  auth,
  drainOutbox,
  ORIGIN,
  pathOf,
  planTab,
  publish,
  latestPlan,
  publishTomorrow,
  resetDay,
  SHEET,
  tomorrow,
  type Published,
} from "./support/links.ts";

beforeEach(resetDay);

const latest = latestPlan;

/** One column of the Plan tab by its header, keyed by volunteer ID (the sheet as Google holds it). */
async function planTabColumn(header: string): Promise<Map<string, string>> {
  const response = await sheetsCall(SHEET, "GET", `/values/${encodeURIComponent("'分工 Plan'")}`);
  const { values = [] } = (await response.json()) as { values?: string[][] };
  const head = values[0] ?? [];
  const col = head.indexOf(header);
  expect(col).toBeGreaterThan(0);
  const id = head.indexOf("编号 Volunteer ID");
  return new Map(values.slice(1).map((row) => [row[id] ?? "", row[col] ?? ""]));
}

async function generate(mode?: "fresh"): Promise<{ version: number; plan: Plan }> {
  const query = mode ? `?mode=${mode}` : "";
  const response = await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}/generate${query}`, {
    method: "POST",
    headers: auth,
  });
  expect(response.status).toBe(200);
  return response.json();
}

const dutyKey = (plan: Plan, id: string): string => {
  const a = plan.assignments.find((x) => x.volunteerId === id);
  return a ? `${a.kind}|${a.postId}|${a.buildings.join(",")}` : "off";
};

/** The demo's 3号楼 wave 2 is row 36 of the Parcels tab (11 parcels). */
const PARCEL_CELL = "'快递 Parcels'!D36";

/** Enough parcels for 3号楼 wave 2 that its route needs one more person than it has. */
function heavier(plan: Plan): string {
  const route = plan.routes.find((r) => r.buildings.includes("3号楼"))!;
  return String(11 + 200 * route.volunteerIds.length - route.load + 20);
}

/**
 * Every route volunteer of the published demo confirms, as most do the evening before: the first
 * through their link page, the rest straight into D1 with the same store call the page makes (the
 * page's own path is proven in answer.test.ts; a hundred page taps per test only cost time).
 */
async function confirmRouteWalkers(published: Published, plan: Plan): Promise<string[]> {
  const walkers = plan.assignments.filter((a) => a.kind === "route").map((a) => a.volunteerId);
  const first = published.links.find((l) => l.volunteerId === walkers[0])!;
  expect((await answer(pathOf(first.url!), "confirm")).status).toBe(303);
  for (const volunteerId of walkers.slice(1)) {
    await recordAnswer(env.DB, {
      community: "demo",
      date: tomorrow(),
      volunteerId,
      answer: "confirm",
      reason: "",
      answeredAt: NOW,
      version: published.version,
      via: "link",
    });
  }
  return walkers;
}

describe("regenerating a published day", { timeout: 60_000 }, () => {
  it("after the issue's parcel change (3号楼 wave 2 to 40) moves nobody who confirmed", async () => {
    const published = await publishTomorrow();
    const first = await latest();
    const confirmed = await confirmRouteWalkers(published, first.plan);
    await setCell(SHEET, PARCEL_CELL, "40");
    const next = await generate();
    for (const id of confirmed) expect(dutyKey(next.plan, id)).toBe(dutyKey(first.plan, id));
    const moved = first.plan.assignments.filter(
      (a) => dutyKey(first.plan, a.volunteerId) !== dutyKey(next.plan, a.volunteerId),
    );
    expect((next.plan.changes ?? []).map((c) => c.volunteerId).sort()).toEqual(moved.map((a) => a.volunteerId).sort());
    expect(moved).toEqual([]);
    // Nobody moved, so the new counts are published at once: the route's page shows 40 parcels.
    expect((next as unknown as { status: string }).status).toBe("published");
    const walker = next.plan.routes.find((r) => r.buildings.includes("3号楼"))!.volunteerIds[0]!;
    const page = await (
      await SELF.fetch(`${ORIGIN}${pathOf(published.links.find((l) => l.volunteerId === walker)!.url!)}`)
    ).text();
    expect(page).toMatch(/3号楼<\/td><td>40 件/);
    // Still confirmed: nothing about their duty changed.
    expect(page).toContain("已确认");
    expect(page).not.toContain("你的岗位有变化");
  });

  it("after a parcel change that needs another hand moves no confirmed volunteer and lists every change", async () => {
    const published = await publishTomorrow();
    const first = await latest();
    const confirmed = await confirmRouteWalkers(published, first.plan);
    await setCell(SHEET, PARCEL_CELL, heavier(first.plan));

    const next = await generate();
    expect(next.version).toBe(first.version + 1);
    for (const id of confirmed) expect(dutyKey(next.plan, id)).toBe(dutyKey(first.plan, id));
    // The heavier route needed another hand: someone moved, and only those who had to.
    const moved = first.plan.assignments
      .map((a) => a.volunteerId)
      .concat(next.plan.assignments.map((a) => a.volunteerId))
      .filter((id, i, all) => all.indexOf(id) === i && dutyKey(first.plan, id) !== dutyKey(next.plan, id));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThanOrEqual(2);
    expect((next.plan.changes ?? []).map((c) => c.volunteerId).sort()).toEqual([...moved].sort());
    for (const c of next.plan.changes ?? []) {
      expect(c.before?.zh).toBeTruthy();
      expect(c.after?.zh).toBeTruthy();
      expect(c.before?.zh).not.toBe(c.after?.zh);
    }

    await publish();
    await drainOutbox();
    const report = (await (await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}`, { headers: auth })).json()) as {
      changes: Array<{ version: number; volunteerId: string; change: string }>;
    };
    expect(report.changes.filter((c) => c.version === next.version).map((c) => c.volunteerId)).toEqual(
      [...moved].sort(),
    );
    const rows = await planTab();
    const changeColumn = await planTabColumn("变化 Change");
    for (const id of moved) {
      const row = rows.find((r) => r.volunteer_id === id && r.date === tomorrow())!;
      expect(row.status).toContain("待确认");
      expect(changeColumn.get(id)).toMatch(/^原来 .+ → 现在 .+/);
    }
    expect(changeColumn.get(confirmed[0]!)).toBe("");
    const unchanged = rows.find((r) => r.volunteer_id === confirmed[0] && r.date === tomorrow())!;
    expect(unchanged.status).toContain("已确认");
  });

  it("moves confirmed people only when the organizer asks for a fresh plan, and says so", async () => {
    const published = await publishTomorrow();
    const first = await latest();
    const confirmed = await confirmRouteWalkers(published, first.plan);
    await setCell(SHEET, PARCEL_CELL, heavier(first.plan));
    const fresh = await generate("fresh");
    const movedConfirmed = confirmed.filter((id) => dutyKey(fresh.plan, id) !== dutyKey(first.plan, id));
    // Planning anew re-cuts the routes: confirmed people move, and each of them is in `changes`.
    expect(movedConfirmed.length).toBeGreaterThan(0);
    const listed = new Set((fresh.plan.changes ?? []).map((c) => c.volunteerId));
    for (const id of movedConfirmed) expect(listed.has(id)).toBe(true);
  });

  it("shows the changed person a banner with old and new duty until they confirm again", async () => {
    const published = await publishTomorrow();
    const first = await latest();
    // Nobody needs to have confirmed: the heavier route takes a standby either way.
    await setCell(SHEET, PARCEL_CELL, heavier(first.plan));
    const next = await generate();
    await publish();
    const change = (next.plan.changes ?? [])[0]!;
    const link = published.links.find((l) => l.volunteerId === change.volunteerId)!;
    const path = pathOf(link.url!);
    const page = await (await SELF.fetch(`${ORIGIN}${path}`)).text();
    expect(page).toContain(`你的岗位有变化：原来${change.before!.zh}，现在${change.after!.zh}，请重新确认。`);

    expect((await answer(path, "confirm")).status).toBe(303);
    const after = await (await SELF.fetch(`${ORIGIN}${path}`)).text();
    expect(after).not.toContain("你的岗位有变化");
    expect(after).toContain("已确认");
  });

  it("lists each changed person under 需要通知 in the console with a private message to copy", async () => {
    const published = await publishTomorrow();
    const first = await latest();
    // Nobody needs to have confirmed: the heavier route takes a standby either way.
    await setCell(SHEET, PARCEL_CELL, heavier(first.plan));
    const next = await generate();
    await publish();
    const console = await new ConsoleClient().signedIn();
    const { html } = await console.open(`/console/${tomorrow()}`);
    const section = /<section id="notify">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
    expect(section).toContain("需要通知");
    const changes = next.plan.changes ?? [];
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      const link = published.links.find((l) => l.volunteerId === c.volunteerId)!;
      const message = textOf(
        new RegExp(`<textarea id="notify-${c.volunteerId}"[^>]*>([\\s\\S]*?)</textarea>`).exec(section)?.[1] ?? "",
      );
      expect(message).toBe(
        `${link.name}，你${dayLabel(tomorrow()).zh}的岗位有变化：原来${c.before!.zh}，现在${c.after!.zh}。请打开你的链接重新确认：${link.url}`,
      );
      expect(section).toContain(`data-copy-from="notify-${c.volunteerId}"`);
    }
    // Once they confirm, there is nobody left to tell.
    for (const c of changes) {
      const link = published.links.find((l) => l.volunteerId === c.volunteerId)!;
      expect((await answer(pathOf(link.url!), "confirm")).status).toBe(303);
    }
    const after = (await console.open(`/console/${tomorrow()}`)).html;
    expect(after).toContain("发布后没有人的岗位变化");
  });

  it("plans anew from the console's 重新排班 button only when pressed", async () => {
    const published = await publishTomorrow();
    const first = await latest();
    const confirmed = await confirmRouteWalkers(published, first.plan);
    await setCell(SHEET, PARCEL_CELL, heavier(first.plan));
    const console = await new ConsoleClient().signedIn();
    const html = (await console.open(`/console/${tomorrow()}`)).html;
    expect(html).toContain("重新排班（可能调动已确认的人）");
    await console.press(tomorrow(), "generate");
    const stable = await latest();
    for (const id of confirmed) expect(dutyKey(stable.plan, id)).toBe(dutyKey(first.plan, id));
    const response = await console.post(`/console/${tomorrow()}/generate?mode=fresh`, {
      csrf: await console.csrf(tomorrow()),
    });
    expect(response.status).toBe(303);
    const fresh = await latest();
    expect(fresh.version).toBe(stable.version + 1);
    expect(confirmed.some((id) => dutyKey(fresh.plan, id) !== dutyKey(first.plan, id))).toBe(true);
  });

  it("gives the standby who covers a decline the banner with old and new duty", async () => {
    const published = await publishTomorrow();
    const first = await latest();
    const route = first.plan.routes.find((r) => r.volunteerIds.length === r.requiredTeam)!;
    const decliner = published.links.find((l) => l.volunteerId === route.volunteerIds[0])!;
    expect((await answer(pathOf(decliner.url!), "decline", { reason: "发烧" })).status).toBe(303);
    const after = await latest();
    const cover = (after.plan.changes ?? []).find((c) => c.replaces === decliner.volunteerId)!;
    expect(cover.before?.zh).toMatch(/^待命/);
    const link = published.links.find((l) => l.volunteerId === cover.volunteerId)!;
    const page = await (await SELF.fetch(`${ORIGIN}${pathOf(link.url!)}`)).text();
    expect(page).toContain(`你的岗位有变化：原来${cover.before!.zh}，现在${cover.after!.zh}，请重新确认。`);
    // The decliner's own entry says they are off the plan; they get no banner (they chose it).
    const own = await (await SELF.fetch(`${ORIGIN}${pathOf(decliner.url!)}`)).text();
    expect(own).not.toContain("你的岗位有变化");
  });
});

import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  answer,
  auth,
  countRows,
  drainOutbox,
  messagesTab,
  ORIGIN,
  pathOf,
  planTab,
  publish,
  latestPlan,
  publishTomorrow,
  resetDay,
  tomorrow,
  type Published,
} from "./support/links.ts";

beforeEach(resetDay);

const latest = latestPlan;

/** A route volunteer whose route has no spare hands, so declining needs a replacement. */
async function soleRouteVolunteer(published: Published, skip: string[] = []) {
  const { plan } = await latest();
  const route = plan.routes.find(
    (r) => r.volunteerIds.length === r.requiredTeam && !r.volunteerIds.some((id) => skip.includes(id)),
  )!;
  return published.links.find((l) => l.volunteerId === route.volunteerIds[0])!;
}

interface Report {
  version: number;
  assignments: Array<{
    volunteerId: string;
    name: string;
    post: string;
    postText: { zh: string; en: string };
    status: string;
    replaces: string | null;
  }>;
  left: Array<{ volunteerId: string; status: string; replacedBy: string | null }>;
  changes: Array<{ version: number; volunteerId: string; change: string; replaces: string | null }>;
}

async function report(): Promise<Report> {
  return (await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}`, { headers: auth })).json();
}

describe("a decline replans the day with the smallest change", () => {
  it("puts a standby volunteer on the declined route, with their own link, in D1, the sheet and the message", async () => {
    const published = await publishTomorrow();
    await drainOutbox();
    const decliner = await soleRouteVolunteer(published);
    const before = await latest();
    const route = before.plan.assignments.find((a) => a.volunteerId === decliner.volunteerId)!;

    expect((await answer(pathOf(decliner.url!), "decline", { reason: "发烧 fever" })).status).toBe(303);

    const after = await latest();
    expect(after.version).toBe(before.version + 1);
    expect(after.plan.assignments.some((a) => a.volunteerId === decliner.volunteerId)).toBe(false);
    const day = await report();
    const taker = day.assignments.find((a) => a.replaces === decliner.volunteerId)!;
    expect(taker).toBeDefined();
    // The taker was on standby and now walks the declined route; nobody else moved.
    expect(before.plan.assignments.find((a) => a.volunteerId === taker.volunteerId)!.kind).toBe("standby");
    expect(after.plan.assignments.find((a) => a.volunteerId === taker.volunteerId)!.buildings).toEqual(route.buildings);
    expect(
      day.changes
        .filter((c) => c.version === after.version)
        .map((c) => c.change)
        .sort(),
    ).toEqual(["left", "moved"]);
    expect(day.left).toEqual([
      expect.objectContaining({ volunteerId: decliner.volunteerId, status: "declined", replacedBy: taker.volunteerId }),
    ]);
    expect(taker.status).toBe("pending");
    expect(await countRows("audit_log", "action = 'plan.replan'")).toBe(1);

    // The sheet: who replaced whom, by volunteer ID.
    await drainOutbox();
    const rows = await planTab();
    const declinedRow = rows.find((r) => r.volunteer_id === decliner.volunteerId)!;
    expect(declinedRow.status).toBe("不能来");
    expect(declinedRow.note).toBe(`由${taker.name}顶替`);
    const takerRow = rows.find((r) => r.volunteer_id === taker.volunteerId)!;
    expect(takerRow).toMatchObject({
      status: "待确认",
      post: taker.postText.zh, // the demo reads 中文
      buildings: route.buildings.join("、"),
    });
    expect(takerRow.note).toBe(`顶替${decliner.name}`);
    const takerLink = published.links.find((l) => l.volunteerId === taker.volunteerId)!;
    expect(takerRow.link).toBe(takerLink.url);

    // The group message (Messages tab) now sends the taker to the route, and no longer lists the decliner.
    const text = (await messagesTab()).map((m) => m.text).join("\n");
    expect(text).toContain(`${route.buildings.join("、")} ${taker.name} ${takerLink.url}`);
    expect(text).not.toContain(decliner.url!);

    // The taker's own link shows the new duty and asks to confirm; the decliner's shows who took over.
    const takerPage = await (await SELF.fetch(takerLink.url!)).text();
    expect(takerPage).toContain(`你顶替 ${decliner.name} 的岗位`);
    expect(takerPage).not.toContain(decliner.volunteerId); // no internal IDs for volunteers
    expect(takerPage).toContain(route.buildings[0]!);
    const declinerPage = await (await SELF.fetch(decliner.url!)).text();
    expect(declinerPage).toContain(`由 ${taker.name} 顶替你的岗位`);
    expect(declinerPage).toContain("发烧 fever");
  });

  it("asks a standby who had confirmed to confirm again for the new duty, and counts that once", async () => {
    const published = await publishTomorrow();
    const standby = (await latest()).plan.assignments.filter((a) => a.kind === "standby").map((a) => a.volunteerId);
    for (const id of standby) await answer(pathOf(published.links.find((l) => l.volunteerId === id)!.url!), "confirm");
    const decliner = await soleRouteVolunteer(published);
    await answer(pathOf(decliner.url!), "decline");
    const taker = (await report()).assignments.find((a) => a.replaces === decliner.volunteerId)!;
    expect(taker.status).toBe("pending");
    const takerPath = pathOf(published.links.find((l) => l.volunteerId === taker.volunteerId)!.url!);
    const takerPage = await (await SELF.fetch(`${ORIGIN}${takerPath}`)).text();
    expect(takerPage).toMatch(/你的岗位有变化：原来.+，现在.+，请重新确认。/);
    expect(takerPage.match(/class="status /g)).toHaveLength(1); // one box says it, not two
    await answer(takerPath, "confirm");
    await answer(takerPath, "confirm");
    expect((await report()).assignments.find((a) => a.volunteerId === taker.volunteerId)!.status).toBe("confirmed");
    expect(await countRows("answer_history", "volunteer_id = ?", taker.volunteerId)).toBe(2);
  });

  it("never puts an earlier decliner back when a second volunteer declines, and replans once per decline", async () => {
    const published = await publishTomorrow();
    const first = await soleRouteVolunteer(published);
    await answer(pathOf(first.url!), "decline");
    await answer(pathOf(first.url!), "decline"); // a double tap replans nothing more
    const second = await soleRouteVolunteer(published, [first.volunteerId]);
    await answer(pathOf(second.url!), "decline");
    const { version, plan } = await latest();
    expect(version).toBe(3);
    const on = new Set(plan.assignments.map((a) => a.volunteerId));
    expect(on.has(first.volunteerId)).toBe(false);
    expect(on.has(second.volunteerId)).toBe(false);
    expect(await countRows("audit_log", "action = 'plan.replan'")).toBe(2);
  });

  it("takes a volunteer who changes their mind back onto the plan, as standby or into a gap", async () => {
    const published = await publishTomorrow();
    const volunteer = await soleRouteVolunteer(published);
    await answer(pathOf(volunteer.url!), "decline");
    expect((await latest()).plan.assignments.some((a) => a.volunteerId === volunteer.volunteerId)).toBe(false);
    const page = await (await SELF.fetch(volunteer.url!)).text();
    expect(page).toContain("我又能来了");
    await answer(pathOf(volunteer.url!), "confirm");
    const { version, plan } = await latest();
    expect(version).toBe(3);
    expect(plan.assignments.some((a) => a.volunteerId === volunteer.volunteerId)).toBe(true);
    const day = await report();
    expect(day.assignments.find((a) => a.volunteerId === volunteer.volunteerId)!.status).toBe("confirmed");
  });

  it("keeps a decline made before a re-publish: the newly published version leaves the decliner off", async () => {
    const published = await publishTomorrow();
    const decliner = await soleRouteVolunteer(published);
    await answer(pathOf(decliner.url!), "decline");
    // The organizer generates again (the sheet still lists the decliner's sign-up) and publishes.
    await SELF.fetch(`${ORIGIN}/api/demo/plans/${tomorrow()}/generate`, { method: "POST", headers: auth });
    const draft = await latest();
    const putBack = draft.plan.assignments.some((a) => a.volunteerId === decliner.volunteerId);
    const again = await publish();
    expect(again.version).toBe(draft.version);
    // Publishing a draft that put the decliner back replans them off again at once.
    expect(again.replans).toHaveLength(putBack ? 1 : 0);
    expect((await latest()).plan.assignments.some((a) => a.volunteerId === decliner.volunteerId)).toBe(false);
  });
});

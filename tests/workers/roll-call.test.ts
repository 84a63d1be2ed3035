/**
 * Roll call at assembly (issue 14, part 1). From 30 minutes before the assembly a zone captain's
 * own link page is the zone's roll-call sheet (到 / 未到, plain forms); anyone else on the plan
 * can tap 我到了; the console marks the same list. Every mark is in D1 and in the Plan tab's 到岗
 * column (the time of arrival, or 未到).
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/domain/plan/index.ts";
import type { PublicationDetails } from "../../src/store/publications.ts";
import { at, post, shanghai } from "./support/clocked.ts";
import { ConsoleClient, textOf } from "./support/console.ts";
import {
  drainOutbox,
  formToken,
  latestPlan,
  ownerTail,
  pathOf,
  planTab,
  publishTomorrow,
  resetDay,
  tomorrow,
  type Published,
} from "./support/links.ts";

beforeEach(async () => {
  await resetDay();
  await env.DB.prepare("DELETE FROM attendance").run();
});

/** A zone with a captain (the first, or the first where `fits`) and its people. */
async function captainAndZone(published: Published, fits: (zone: string, plan: Plan) => boolean = () => true) {
  const row = await env.DB.prepare("SELECT details FROM publications WHERE date = ? ORDER BY version DESC LIMIT 1")
    .bind(tomorrow())
    .first<{ details: string }>();
  const captains = (JSON.parse(row!.details) as PublicationDetails).captains ?? {};
  const { plan } = await latestPlan();
  const [zone, list] = Object.entries(captains).find(([z, l]) => l.length > 0 && fits(z, plan))!;
  const captain = published.links.find((l) => l.volunteerId === list[0]!.id)!;
  const people = plan.routes.filter((r) => r.zone === zone).flatMap((r) => r.volunteerIds);
  const captainIds = new Set(Object.values(captains).flatMap((l) => l.map((c) => c.id)));
  return { zone, captain, people, plan, captainIds };
}

/**
 * Whether a page offers to call in a standby for this volunteer: the refill form for them (the
 * button's words name the standby when one is left, see volunteer-texts.ts).
 */
function refillOffered(html: string, volunteerId: string): boolean {
  return new RegExp(
    `/refill" class="inline"><input type="hidden" name="(?:t|csrf)" value="[^"]*"/><input type="hidden" name="volunteer" value="${volunteerId}"/>`,
  ).test(html);
}

describe("roll call at assembly", () => {
  it("opens on the captain's page 30 minutes before assembly, lists the zone, and marks reach D1 and the 到岗 column", async () => {
    const published = await publishTomorrow();
    const { zone, captain, people } = await captainAndZone(published);
    const path = pathOf(captain.url!);
    const early = await (await at(shanghai("06:55"), path)).text();
    expect(early).not.toContain('id="roll"');
    const page = await (await at(shanghai("07:05"), path)).text();
    expect(textOf(page)).toContain(`${zone}点名：已到 0 / ${people.length} 人`);
    const names = people.map((id) => published.links.find((l) => l.volunteerId === id)!.name);
    for (const name of names) expect(page).toContain(name);

    const t = await formToken(path);
    const [first, second] = people.filter((id) => id !== captain.volunteerId);
    expect((await post(shanghai("07:12"), `${path}/roll`, { t, volunteer: first!, mark: "present" })).status).toBe(303);
    expect((await post(shanghai("07:31"), `${path}/roll`, { t, volunteer: second!, mark: "absent" })).status).toBe(303);
    // The same mark again keeps the first time.
    expect((await post(shanghai("07:20"), `${path}/roll`, { t, volunteer: first!, mark: "present" })).status).toBe(303);
    const marks = await env.DB.prepare("SELECT volunteer_id, present, by FROM attendance ORDER BY volunteer_id").all();
    expect(marks.results).toEqual(
      [
        { volunteer_id: first, present: 1, by: `captain:${captain.volunteerId}` },
        { volunteer_id: second, present: 0, by: `captain:${captain.volunteerId}` },
      ].sort((a, b) => a.volunteer_id!.localeCompare(b.volunteer_id!)),
    );
    const after = textOf(await (await at(shanghai("07:32"), path)).text());
    expect(after).toContain(`${zone}点名：已到 1 / ${people.length} 人`);
    expect(after).toContain("07:12 到");

    await drainOutbox();
    const rows = await planTab();
    expect(rows.find((r) => r.volunteer_id === first)!.present).toBe("07:12");
    expect(rows.find((r) => r.volunteer_id === second)!.present).toBe("未到");
  });

  it("lets others tap only 我到了 for themselves; marking someone else is refused and changes nothing", async () => {
    const published = await publishTomorrow();
    const { captain, people, plan, captainIds } = await captainAndZone(published);
    const walker = published.links.find(
      (l) => !captainIds.has(l.volunteerId) && plan.routes.some((r) => r.volunteerIds.includes(l.volunteerId)),
    )!;
    const path = pathOf(walker.url!);
    const t = await formToken(path);
    expect((await post(shanghai("06:50"), `${path}/here`, { t })).status).toBe(409); // not open yet
    const page = textOf(await (await at(shanghai("07:05"), path)).text());
    expect(page).toContain("我到了");
    const other = people.find((id) => id !== walker.volunteerId)!;
    expect((await post(shanghai("07:06"), `${path}/roll`, { t, volunteer: other, mark: "absent" })).status).toBe(403);
    expect((await post(shanghai("07:07"), `${path}/here`, { t })).status).toBe(303);
    const marks = await env.DB.prepare("SELECT volunteer_id, present, by FROM attendance").all();
    expect(marks.results).toEqual([{ volunteer_id: walker.volunteerId, present: 1, by: "self" }]);
    expect(textOf(await (await at(shanghai("07:08"), path)).text())).toContain("07:07 到");
    // Another link's form token is refused.
    const foreign = await formToken(pathOf(captain.url!));
    expect((await post(shanghai("07:09"), `${path}/here`, { t: foreign })).status).toBe(403);
  });

  it("is on the console per zone, where organizers mark the same list", async () => {
    const published = await publishTomorrow();
    const { zone, people } = await captainAndZone(published);
    const console = await new ConsoleClient().signedIn();
    const before = textOf((await console.open(`/console/${tomorrow()}`)).html);
    expect(before).toContain(`${zone} · 已到 0 / ${people.length} 人`);
    const response = await console.post(`/console/${tomorrow()}/roll`, {
      csrf: await console.csrf(tomorrow()),
      volunteer: people[0]!,
      mark: "present",
    });
    expect(response.status).toBe(303);
    const after = textOf((await console.open(`/console/${tomorrow()}`)).html);
    expect(after).toContain(`${zone} · 已到 1 / ${people.length} 人`);
    const mark = await env.DB.prepare("SELECT present, by FROM attendance WHERE volunteer_id = ?")
      .bind(people[0]!)
      .first();
    expect(mark).toEqual({ present: 1, by: "organizer" });

    // An organizer refills a no-show too; the standby then heads the 需要通知 list with a message.
    const { plan, captainIds } = await captainAndZone(published);
    const tight = plan.routes.find((r) => r.volunteerIds.length === r.requiredTeam)!;
    const absent = tight.volunteerIds.find((id) => !captainIds.has(id)) ?? tight.volunteerIds[0]!;
    const csrf = await console.csrf(tomorrow());
    expect(
      (await console.post(`/console/${tomorrow()}/roll`, { csrf, volunteer: absent, mark: "absent" })).status,
    ).toBe(303);
    expect(refillOffered((await console.open(`/console/${tomorrow()}`)).html, absent)).toBe(true);
    expect((await console.post(`/console/${tomorrow()}/refill`, { csrf, volunteer: absent })).status).toBe(303);
    const refilled = await latestPlan();
    expect(refilled.plan.assignments.some((a) => a.volunteerId === absent)).toBe(false);
    const taker = (refilled.plan.changes ?? []).find((c) => c.replaces === absent)!;
    const takerName = published.links.find((l) => l.volunteerId === taker.volunteerId)!.name;
    const notify = /<section id="notify">([\s\S]*?)<\/section>/.exec(
      (await console.open(`/console/${tomorrow()}`)).html,
    )?.[1];
    expect(textOf(notify ?? "")).toContain(takerName);
  });

  it("refills a no-show from standby on the spot: nobody checked in moves, the standby is told to come now, the captain whom to call", async () => {
    const published = await publishTomorrow();
    // A zone where someone's route has no spare hands, so their absence needs a standby.
    const { zone, captain, people, captainIds, plan } = await captainAndZone(published, (z, p) =>
      p.routes.some((r) => r.zone === z && r.volunteerIds.length === r.requiredTeam),
    );
    const path = pathOf(captain.url!);
    const t = await formToken(path);
    const tight = plan.routes.find(
      (r) =>
        r.zone === zone && r.volunteerIds.length === r.requiredTeam && r.volunteerIds.some((id) => !captainIds.has(id)),
    )!;
    const absent = tight.volunteerIds.find((id) => !captainIds.has(id))!;
    for (const id of people.filter((p) => p !== absent)) {
      expect((await post(shanghai("07:10"), `${path}/roll`, { t, volunteer: id, mark: "present" })).status).toBe(303);
    }
    expect((await post(shanghai("07:31"), `${path}/roll`, { t, volunteer: absent, mark: "absent" })).status).toBe(303);
    const before = (await latestPlan()).plan;
    expect(refillOffered(await (await at(shanghai("07:32"), path)).text(), absent)).toBe(true);

    expect((await post(shanghai("07:33"), `${path}/refill`, { t, volunteer: absent })).status).toBe(303);
    const after = await latestPlan();
    expect(after.version).toBeGreaterThan(1);
    expect(after.plan.assignments.some((a) => a.volunteerId === absent)).toBe(false);
    // Everyone who checked in keeps their duty.
    const duty = (plan: typeof before, id: string) => {
      const a = plan.assignments.find((x) => x.volunteerId === id);
      return a ? `${a.kind}:${a.postId}:${a.buildings.join(",")}` : null;
    };
    for (const id of people.filter((p) => p !== absent)) expect(duty(after.plan, id)).toBe(duty(before, id));
    const taker = (after.plan.changes ?? []).find((c) => c.replaces === absent)!;
    expect(taker).toBeDefined();
    expect(before.assignments.find((a) => a.volunteerId === taker.volunteerId)!.kind).toBe("standby");

    const takerLink = published.links.find((l) => l.volunteerId === taker.volunteerId)!;
    const takerPage = textOf(await (await at(shanghai("07:34"), pathOf(takerLink.url!))).text());
    expect(takerPage).toContain("请立即到岗。");
    expect(takerPage).toMatch(/你的岗位有变化：原来待命/);

    const captainPage = await (await at(shanghai("07:34"), path)).text();
    expect(textOf(captainPage)).toContain("请马上打电话");
    expect(textOf(captainPage)).toContain(`${takerLink.name}，请立即到岗：今天由你顶替`);
    expect(captainPage).toMatch(/href="tel:1\d{10}"/);
    expect(captainPage).toContain(takerLink.url!);
    // Refilling the same no-show again (a double tap) changes nothing.
    expect((await post(shanghai("07:35"), `${path}/refill`, { t, volunteer: absent })).status).toBe(303);
    expect((await latestPlan()).version).toBe(after.version);
  });

  it("lets someone who cannot come after the deadline say so (with their phone tail): marked 未到 for the captain to refill", async () => {
    const published = await publishTomorrow();
    const { captain, plan, captainIds, zone } = await captainAndZone(published);
    const route = plan.routes.find((r) => r.zone === zone && r.volunteerIds.some((id) => !captainIds.has(id)))!;
    const walker = published.links.find((l) => l.volunteerId === route.volunteerIds.find((id) => !captainIds.has(id)))!;
    const path = pathOf(walker.url!);
    const t = await formToken(path);
    const late = textOf(await (await at(shanghai("07:40"), path)).text());
    expect(late).toContain("临时来不了");
    expect((await post(shanghai("07:20"), `${path}/cannot-come`, { t, tail: "" })).status).toBe(400); // before the deadline: decline instead
    expect(
      (
        await post(shanghai("07:41"), `${path}/cannot-come`, {
          t,
          tail: "0000" === (await ownerTail(path)) ? "0001" : "0000",
        })
      ).status,
    ).toBe(400);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM attendance").first()).toEqual({ n: 0 });
    expect((await post(shanghai("07:42"), `${path}/cannot-come`, { t, tail: (await ownerTail(path))! })).status).toBe(
      303,
    );
    expect(await env.DB.prepare("SELECT volunteer_id, present, by FROM attendance").first()).toEqual({
      volunteer_id: walker.volunteerId,
      present: 0,
      by: "self",
    });
    expect(textOf(await (await at(shanghai("07:43"), path)).text())).toContain("已告诉队长你临时来不了");
    const captainPage = await (await at(shanghai("07:43"), pathOf(captain.url!))).text();
    expect(textOf(captainPage)).toContain(`${walker.name} 未到`);
    expect(refillOffered(captainPage, walker.volunteerId)).toBe(true);
  });
});

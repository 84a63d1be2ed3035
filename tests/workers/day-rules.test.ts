/**
 * The rules of the day on the links (issue 14, "Rules"): a captain's link marks and refills their
 * own zone only, and still marks a refilled no-show who turns up late; a volunteer's link acts for
 * its owner only, never un-marks a check-in, and a standby checks in only once called in; every
 * POST needs the link's own form token; a repeated tap records once; bad input gets its own clear
 * answer and changes nothing; GET and HEAD never change anything, also while the day runs.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { at, post, shanghai } from "./support/clocked.ts";
import { ConsoleClient, textOf, workerAt } from "./support/console.ts";
import {
  countRows,
  formToken,
  generateAndPublish,
  latestPlan,
  outbox,
  ownerTail,
  pathOf,
  publishedCaptains,
  publishTomorrow,
  resetDay,
  seedShortHanded,
  tomorrow,
  type Published,
} from "./support/links.ts";

beforeEach(resetDay);

type Link = Published["links"][number];

/**
 * Who is who on the published demo day: the zone captains, a zone where one route has no spare
 * hands (a no-show there needs a standby), someone on that route who is not a captain, the
 * standby and the gate crew.
 */
async function cast(published: Published) {
  const { plan } = await latestPlan();
  const { captains, captainIds } = await publishedCaptains();
  const linkOf = (id: string): Link => published.links.find((l) => l.volunteerId === id)!;
  const captainOf = (zone: string) => linkOf(captains[zone]![0]!.id);
  const zones = Object.keys(captains).filter((z) => captains[z]!.length > 0);
  const tight = plan.routes.find(
    (r) =>
      zones.includes(r.zone) &&
      r.volunteerIds.length === r.requiredTeam &&
      r.volunteerIds.some((id) => !captainIds.has(id)),
  )!;
  const zone = tight.zone;
  const gate = plan.posts.find((p) => p.task === "gate_sort" && p.volunteerIds.length > 0)!;
  return {
    plan,
    zone,
    captain: captainOf(zone),
    otherZone: zones.find((z) => z !== zone)!,
    captainOf,
    /** Someone on a route of `zone` with no spare hands, not a captain: their absence needs a standby. */
    walker: linkOf(tight.volunteerIds.find((id) => !captainIds.has(id))!),
    people: (z: string) => plan.routes.filter((r) => r.zone === z).flatMap((r) => r.volunteerIds),
    standby: plan.assignments.filter((a) => a.kind === "standby").map((a) => linkOf(a.volunteerId)),
    gater: linkOf(gate.volunteerIds[0]!),
    gateWave: gate.wave ?? 1,
    linkOf,
  };
}

/** A captain marks someone 未到 and calls in a standby; the standby who took the duty. */
async function refillNoShow(captain: Link, absent: Link, when: { mark: string; refill: string }): Promise<string> {
  const path = pathOf(captain.url!);
  const t = await formToken(path);
  const marked = await post(shanghai(when.mark), `${path}/roll`, { t, volunteer: absent.volunteerId, mark: "absent" });
  expect(marked.status).toBe(303);
  expect((await post(shanghai(when.refill), `${path}/refill`, { t, volunteer: absent.volunteerId })).status).toBe(303);
  const { plan } = await latestPlan();
  expect(plan.assignments.some((a) => a.volunteerId === absent.volunteerId)).toBe(false);
  return (plan.changes ?? []).find((c) => c.replaces === absent.volunteerId)!.volunteerId;
}

async function attendance() {
  return (await env.DB.prepare("SELECT volunteer_id, present, at, by FROM attendance ORDER BY volunteer_id").all())
    .results;
}

/**
 * Everything a tap could change: D1's day tables, the audit log, the plan versions and the
 * outbox's count of row updates ever queued (a flush does not lower it).
 */
async function everything() {
  const tables = ["attendance", "stage_ticks", "gate_counts", "training", "answers", "links", "plans", "audit_log"];
  const rows = await Promise.all(
    tables.map(async (t) => [t, (await env.DB.prepare(`SELECT * FROM ${t}`).all()).results] as const),
  );
  return { ...Object.fromEntries(rows), enqueued: (await outbox().state()).enqueued };
}

/** The row of `name` in a page's section (`roll` on a captain's page, `roll-call` in the console), as HTML. */
function rowOf(html: string, section: string, name: string): string {
  const part = new RegExp(`<section id="${section}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? "";
  return (
    [...part.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(`<td>${name}</td>`)) ?? ""
  );
}

describe("a no-show who turns up after the refill", () => {
  it("is marked 到 on their former captain's page, still listed there, and the standby keeps the duty", async () => {
    const published = await publishTomorrow();
    const c = await cast(published);
    const taker = await refillNoShow(c.captain, c.walker, { mark: "07:31", refill: "07:33" });
    const refilled = await latestPlan();

    const path = pathOf(c.captain.url!);
    const t = await formToken(path);
    const late = await post(shanghai("07:52"), `${path}/roll`, { t, volunteer: c.walker.volunteerId, mark: "present" });
    expect(late.status).toBe(303);
    expect((await attendance()).find((m) => m.volunteer_id === c.walker.volunteerId)).toEqual({
      volunteer_id: c.walker.volunteerId,
      present: 1,
      at: shanghai("07:52"),
      by: `captain:${c.captain.volunteerId}`,
    });
    // The refill stands: no new plan version, the standby still on the no-show's duty.
    expect(await latestPlan()).toEqual(refilled);
    expect(refilled.plan.assignments.find((a) => a.volunteerId === taker)!.kind).not.toBe("standby");

    const page = await (await at(shanghai("07:53"), path)).text();
    const row = rowOf(page, "roll", c.walker.name);
    expect(textOf(row)).toContain("07:52 到");
    expect(row).not.toContain("/refill");
    // Whom to call is still there: the standby was called in and keeps the duty.
    expect(textOf(page)).toContain(`${c.linkOf(taker).name}，请立即到岗：今天由你顶替${c.walker.name}`);
  });

  it("is marked 到 from the console too, still listed in the zone that expected them, with no refill offered", async () => {
    const published = await publishTomorrow();
    const c = await cast(published);
    await refillNoShow(c.captain, c.walker, { mark: "07:31", refill: "07:33" });
    const refilled = await latestPlan();

    const console = await new ConsoleClient(workerAt(shanghai("07:50"))).signedIn();
    const before = (await console.open(`/console/${tomorrow()}`)).html;
    const row = rowOf(before, "roll-call", c.walker.name);
    expect(textOf(row)).toContain("未到");
    expect(row).not.toContain("/refill");
    expect(textOf(before)).toContain(`${c.zone} · 已到 0 / ${c.people(c.zone).length + 1} 人`);

    const csrf = await console.csrf(tomorrow());
    const marked = await console.post(`/console/${tomorrow()}/roll`, {
      csrf,
      volunteer: c.walker.volunteerId,
      mark: "present",
    });
    expect(marked.status).toBe(303);
    const mark = await env.DB.prepare("SELECT present, at, by FROM attendance WHERE volunteer_id = ?")
      .bind(c.walker.volunteerId)
      .first();
    expect(mark).toEqual({ present: 1, at: shanghai("07:50"), by: "organizer" });
    expect(await latestPlan()).toEqual(refilled);
    expect(textOf(rowOf((await console.open(`/console/${tomorrow()}`)).html, "roll-call", c.walker.name))).toContain(
      "07:50 到",
    );
  });
});

describe("临时来不了 after a check-in", () => {
  it("is refused in Chinese and English and changes nothing, on a volunteer's link and a called-in standby's", async () => {
    const published = await publishTomorrow();
    const c = await cast(published);
    const walker = c.linkOf(
      c.people(c.zone).find((id) => id !== c.walker.volunteerId && id !== c.captain.volunteerId)!,
    );
    const taker = c.linkOf(await refillNoShow(c.captain, c.walker, { mark: "07:31", refill: "07:33" }));

    for (const link of [walker, taker]) {
      const path = pathOf(link.url!);
      const t = await formToken(path);
      expect((await post(shanghai("07:40"), `${path}/here`, { t })).status).toBe(303);
      const before = await everything();
      const tail = (await ownerTail(path))!;
      const zh = await post(shanghai("07:45"), `${path}/cannot-come`, { t, tail });
      expect(zh.status).toBe(409);
      expect(textOf(await zh.text())).toContain("你 07:40 已经到岗，不能改成未到。如果要提前离开，请直接告诉队长。");
      const en = await post(shanghai("07:46"), `${path}/cannot-come?lang=en`, { t, tail });
      expect(en.status).toBe(409);
      expect(textOf(await en.text())).toContain("You checked in at 07:40, so you cannot be marked absent.");
      expect(await everything()).toEqual(before);
    }
  });
});

describe("a standby at the roll call", () => {
  it("has no 我到了 and is refused checking in until called in; called in, checks in like anyone", async () => {
    const published = await publishTomorrow();
    const c = await cast(published);
    expect(c.standby.length).toBeGreaterThan(0);
    const waiting = c.standby[0]!;
    const path = pathOf(waiting.url!);
    const t = await formToken(path);
    const page = await (await at(shanghai("07:10"), path)).text();
    expect(page).not.toContain("/here");
    expect(textOf(page)).toContain("在家等电话");

    const refused = await post(shanghai("07:11"), `${path}/here`, { t });
    expect(refused.status).toBe(409);
    expect(textOf(await refused.text())).toContain("待命时在家等电话就好，不用点“我到了”。");
    const en = await post(shanghai("07:11"), `${path}/here?lang=en`, { t });
    expect(en.status).toBe(409);
    expect(textOf(await en.text())).toContain("On standby you wait at home for a call");
    // Nothing counted: no mark, so no suit handed out in the digest (day-summary.ts counts marks).
    expect(await countRows("attendance")).toBe(0);

    const taker = c.linkOf(await refillNoShow(c.captain, c.walker, { mark: "07:31", refill: "07:33" }));
    const takerPath = pathOf(taker.url!);
    expect(await (await at(shanghai("07:34"), takerPath)).text()).toContain(`action="/c/${takerPath.slice(3)}/here"`);
    const here = await post(shanghai("07:50"), `${takerPath}/here`, { t: await formToken(takerPath) });
    expect(here.status).toBe(303);
    expect((await attendance()).find((m) => m.volunteer_id === taker.volunteerId)).toMatchObject({ present: 1 });
  });
});

describe("bad input on the roll call", () => {
  it("gets its own answer for a bad mark, a refill of someone not absent and 临时来不了 before the deadline", async () => {
    const published = await publishTomorrow();
    const c = await cast(published);
    const path = pathOf(c.captain.url!);
    const t = await formToken(path);
    const volunteer = c.walker.volunteerId;
    const refusal = async (url: string, fields: Record<string, string>, status: number, zh: string, en: string) => {
      const before = await everything();
      const inChinese = await post(shanghai("07:20"), url, fields);
      expect(inChinese.status).toBe(status);
      expect(textOf(await inChinese.text())).toContain(zh);
      const inEnglish = await post(shanghai("07:20"), `${url}?lang=en`, fields);
      expect(inEnglish.status).toBe(status);
      expect(textOf(await inEnglish.text())).toContain(en);
      expect(await everything()).toEqual(before);
    };

    await refusal(
      `${path}/roll`,
      { t, volunteer, mark: "maybe" },
      400,
      "请点名字后面的“到”或“未到”。这次什么都没有记录。",
      "Tap Here or Absent next to the name. Nothing was recorded.",
    );
    // Not marked at all, then marked 到: neither needs a standby.
    for (const mark of [null, "present"]) {
      if (mark) expect((await post(shanghai("07:15"), `${path}/roll`, { t, volunteer, mark })).status).toBe(303);
      await refusal(
        `${path}/refill`,
        { t, volunteer },
        409,
        "只有点了“未到”的人才需要找人顶替。这次什么都没有改。",
        "Only someone marked absent needs a standby called in. Nothing was changed.",
      );
    }
    const walkerPath = pathOf(c.walker.url!);
    await refusal(
      `${walkerPath}/cannot-come`,
      { t: await formToken(walkerPath), tail: (await ownerTail(walkerPath))! },
      400,
      "还没到上岗时间，请在你的页面上点“不能来”",
      "Your duty has not started yet: tap Can't make it on your page",
    );
  });
});

describe("a repeated roll-call tap", () => {
  it("records once: no second audit entry, the sheet's cell queued again only to heal a failed tap", async () => {
    const published = await publishTomorrow();
    const c = await cast(published);
    const path = pathOf(c.captain.url!);
    const t = await formToken(path);
    const walkerPath = pathOf(c.walker.url!);
    const wt = await formToken(walkerPath);
    const someone = c.people(c.zone).find((id) => id !== c.walker.volunteerId)!;
    const console = await new ConsoleClient(workerAt(shanghai("07:30"))).signedIn();
    const csrf = await console.csrf(tomorrow());
    const taps: Array<() => Promise<Response>> = [
      () => post(shanghai("07:12"), `${path}/roll`, { t, volunteer: someone, mark: "absent" }),
      () => post(shanghai("07:14"), `${walkerPath}/here`, { t: wt }),
      () => console.post(`/console/${tomorrow()}/roll`, { csrf, volunteer: someone, mark: "present" }),
    ];
    for (const tap of taps) {
      expect((await tap()).status).toBe(303);
      const { enqueued, ...once } = await everything();
      expect((await tap()).status).toBe(303);
      // D1 and the audit log as they were; the same 到岗 cell queued once more (the outbox writes
      // a row by its key, so a cell written twice is the same cell).
      const { enqueued: again, ...twice } = await everything();
      expect(twice).toEqual(once);
      expect(again).toBe(enqueued + 1);
    }
    expect(await countRows("audit_log", "action LIKE 'attendance.%'")).toBe(3);
  });
});

describe("who may take the roll call", () => {
  it("refuses a captain's roll call and refill for another zone, in Chinese and English, changing nothing", async () => {
    const published = await publishTomorrow();
    const c = await cast(published);
    expect(c.otherZone).toBeDefined();
    const theirs = c.people(c.otherZone).find((id) => id !== c.captainOf(c.otherZone).volunteerId)!;
    // Marked 未到 by their own captain: a refill would change the plan if it were allowed.
    const theirCaptain = pathOf(c.captainOf(c.otherZone).url!);
    const tt = await formToken(theirCaptain);
    expect(
      (await post(shanghai("07:31"), `${theirCaptain}/roll`, { t: tt, volunteer: theirs, mark: "absent" })).status,
    ).toBe(303);

    const path = pathOf(c.captain.url!);
    const t = await formToken(path);
    const before = await everything();
    for (const [url, fields] of [
      [`${path}/roll`, { t, volunteer: theirs, mark: "present" }],
      [`${path}/refill`, { t, volunteer: theirs }],
    ] as const) {
      const zh = await post(shanghai("07:35"), url, fields);
      expect(zh.status).toBe(403);
      expect(textOf(await zh.text())).toContain("只有本区队长可以点名。");
      const en = await post(shanghai("07:35"), `${url}?lang=en`, fields);
      expect(en.status).toBe(403);
      expect(textOf(await en.text())).toContain("Only the zone's captain can take the roll call.");
    }
    expect(await everything()).toEqual(before);
  });

  it("refuses a missing, forged or another link's form token on every day POST, changing nothing", async () => {
    const published = await publishTomorrow();
    const c = await cast(published);
    const captain = pathOf(c.captain.url!);
    const walker = pathOf(c.walker.url!);
    const gater = pathOf(c.gater.url!);
    // Someone marked 未到, so a refill with a good token would change the plan.
    const ct = await formToken(captain);
    const absent = c.people(c.zone).find((id) => id !== c.walker.volunteerId && id !== c.captain.volunteerId)!;
    expect(
      (await post(shanghai("07:31"), `${captain}/roll`, { t: ct, volunteer: absent, mark: "absent" })).status,
    ).toBe(303);
    const building = c.plan.routes.find((r) => r.volunteerIds.includes(c.walker.volunteerId))!.buildings[0]!;
    const posts: Array<[path: string, action: string, fields: Record<string, string>]> = [
      [walker, "tick", { building, stage: "garbage" }],
      [gater, "gate", { wave: String(c.gateWave), building, count: "12", medicine: "1", cold_chain: "0" }],
      [captain, "roll", { volunteer: c.walker.volunteerId, mark: "present" }],
      [captain, "refill", { volunteer: absent }],
      [walker, "cannot-come", { tail: (await ownerTail(walker))! }],
    ];
    const before = await everything();
    for (const [path, action, fields] of posts) {
      const foreign = await formToken(path === captain ? walker : captain);
      for (const t of [null, "", "forged-token-0000000000", foreign]) {
        const response = await post(shanghai("08:30"), `${path}/${action}`, t === null ? fields : { t, ...fields });
        expect(response.status, `${action} with ${t === foreign ? "another link's token" : `"${t}"`}`).toBe(403);
        expect(textOf(await response.text())).toContain("这次提交没有通过安全检查");
      }
    }
    expect(await everything()).toEqual(before);
  });
});

describe("GET and HEAD while the day runs", () => {
  it("change nothing on any kind of link page, from the roll call's opening through the ticks", async () => {
    const published = await publishTomorrow();
    const c = await cast(published);
    // A day under way: marks, a refill, a tick and a gate count.
    const taker = c.linkOf(await refillNoShow(c.captain, c.walker, { mark: "07:31", refill: "07:33" }));
    const walker = c.linkOf(
      c.people(c.zone).find((id) => id !== c.walker.volunteerId && id !== c.captain.volunteerId)!,
    );
    const wt = await formToken(pathOf(walker.url!));
    const building = c.plan.routes.find((r) => r.volunteerIds.includes(walker.volunteerId))!.buildings[0]!;
    expect(
      (await post(shanghai("08:20"), `${pathOf(walker.url!)}/tick`, { t: wt, building, stage: "garbage" })).status,
    ).toBe(303);
    const gater = pathOf(c.gater.url!);
    const count = { wave: String(c.gateWave), building, count: "9", medicine: "1", cold_chain: "0" };
    expect((await post(shanghai("08:25"), `${gater}/gate`, { t: await formToken(gater), ...count })).status).toBe(303);

    const pages = [c.captain, c.captainOf(c.otherZone), walker, c.walker, taker, c.gater, ...c.standby.slice(0, 1)];
    const before = await everything();
    // The roll call open, then the ticks and gate counts open (168 requests took 23 s beside two
    // simulated days; these 84 say the same).
    for (const time of ["07:05", "08:30"]) {
      for (const link of pages) {
        for (const suffix of ["", "?lang=en", "/calendar.ics"]) {
          for (const method of ["GET", "HEAD"]) {
            const response = await at(shanghai(time), `${pathOf(link.url!)}${suffix}`, { method });
            // The refilled no-show has no duty left to put in a calendar.
            const status = link === c.walker && suffix === "/calendar.ics" ? 404 : 200;
            expect(response.status, `${method} ${link.name}${suffix} at ${time}`).toBe(status);
            await response.arrayBuffer();
          }
        }
      }
    }
    expect(await everything()).toEqual(before);
  }, 60_000);
});

describe("the gate's counts on a route page", () => {
  it("lists a building's parcels with medicine first, then cold chain, then the rest", async () => {
    // Fewer sign-ups than buildings: some routes walk several buildings (with everyone signed up,
    // every demo route has one).
    await seedShortHanded(40);
    const c = await cast(await generateAndPublish());
    const route = [...c.plan.routes].sort((a, b) => b.buildings.length - a.buildings.length)[0]!;
    expect(route.buildings.length).toBeGreaterThanOrEqual(3);
    const [plain, cold, medicine] = route.buildings as [string, string, string];
    const gater = pathOf(c.gater.url!);
    const t = await formToken(gater);
    const wave = String(c.gateWave);
    // Counted in walking order, the opposite of the order to deliver them in.
    for (const [building, fields] of [
      [plain, { count: "30", medicine: "0", cold_chain: "0" }],
      [cold, { count: "20", medicine: "0", cold_chain: "4" }],
      [medicine, { count: "10", medicine: "2", cold_chain: "0" }],
    ] as const) {
      expect((await post(shanghai("08:10"), `${gater}/gate`, { t, wave, building, ...fields })).status).toBe(303);
    }
    const routePage = await (await at(shanghai("08:20"), pathOf(c.linkOf(route.volunteerIds[0]!).url!))).text();
    const counts = textOf(/<section id="counts">([\s\S]*?)<\/section>/.exec(routePage)?.[1] ?? "");
    const order = [medicine, cold, plain].map((b) => counts.indexOf(` ${b} `));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(counts).toContain(`${medicine} 10 件，其中药品 2`);
    expect(counts).toContain(`${cold} 20 件，冷链 4`);
    expect(counts).toContain(`${plain} 30 件`);
  });
});

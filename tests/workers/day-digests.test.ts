/**
 * Digests that say what happened (issue 14, part 7): the 09:00 digest gives the roll call by zone
 * (present, absent, refilled) and the suits handed out; the end-of-day wrap-up (17:00, or the
 * community's own time) gives stages done per building, what is left undone and the parcels
 * counted and delivered per wave. Without a webhook both are copy-ready in the console and the
 * Messages tab.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { TICK } from "../../src/cron/scheduled.ts";
import { post, shanghai } from "./support/clocked.ts";
import { ConsoleClient, textOf, workerAt } from "./support/console.ts";
import {
  drainOutbox,
  formToken,
  latestPlan,
  messagesTab,
  pathOf,
  publishTomorrow,
  resetDay,
  tightRoute,
  tomorrow,
} from "./support/links.ts";

beforeEach(async () => {
  await resetDay();
  await env.DB.batch(["job_runs", "day_messages", "notifications"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
});

async function tick(scheduledTime: number) {
  const ctx = createExecutionContext();
  // No queue and no webhook: the tick runs the jobs itself, as for a personal WeChat group.
  const testEnv = { ...env, JOBS: undefined, NOTIFY_WEBHOOKS: undefined };
  await worker.scheduled(createScheduledController({ scheduledTime, cron: TICK }), testEnv, ctx);
  await waitOnExecutionContext(ctx);
}

async function outcome(job: string): Promise<{ text: string }> {
  const row = await env.DB.prepare("SELECT status, outcome FROM job_runs WHERE job = ? AND date = ?")
    .bind(job, tomorrow())
    .first<{ status: string; outcome: string }>();
  expect(row?.status).toBe("done");
  return JSON.parse(row!.outcome) as { text: string };
}

describe("digests that say what happened", () => {
  it("gives the roll call by zone and the suits at 09:00, and the wrap-up at 17:00, copy-ready without a webhook", async () => {
    const published = await publishTomorrow();
    const { plan } = await latestPlan();
    // One no-show on a route with no spare hands, refilled from standby; everyone else came.
    const { route: tight, captains, absent } = await tightRoute(plan);
    const zone = tight.zone;
    const list = captains[zone]!;
    const linkOf = (id: string) => published.links.find((l) => l.volunteerId === id)!;
    const captainPath = pathOf(linkOf(list[0]!.id).url!);
    const t = await formToken(captainPath);
    const zoneRoutes = plan.routes.filter((r) => r.zone === zone);
    const people = zoneRoutes.flatMap((r) => r.volunteerIds);
    for (const id of people.filter((p) => p !== absent)) {
      await post(shanghai("07:10"), `${captainPath}/roll`, { t, volunteer: id, mark: "present" });
    }
    await post(shanghai("07:31"), `${captainPath}/roll`, { t, volunteer: absent, mark: "absent" });
    expect((await post(shanghai("07:32"), `${captainPath}/refill`, { t, volunteer: absent })).status).toBe(303);
    // The standby called in comes and taps 我到了 on their own page.
    const called = (await latestPlan()).plan.changes!.find((c) => c.replaces === absent)!.volunteerId;
    const calledPath = pathOf(linkOf(called).url!);
    const here = await post(shanghai("07:50"), `${calledPath}/here`, { t: await formToken(calledPath) });
    expect(here.status).toBe(303);

    await tick(shanghai("09:00"));
    const digest = (await outcome("digest")).text;
    const came = people.length; // everyone on the zone's routes but the no-show, and the standby
    expect(digest).toContain(`点名：到 ${came} 人，未到 1 人，已找人顶替 1 人`);
    expect(digest).toContain(`· ${zone}：到 ${people.length - 1} / ${people.length} 人，未到 1，顶替 1`);
    // Standby count once marked, under their own line: the lines add up to the totals.
    expect(digest).toContain(`· 待命：到 1 / 1 人`);
    expect(digest).toContain(`防护服：发出 ${came} 套（一人一套）`);
    // Supplies: used from who came, beside what the plan counted on, and the days of stock left.
    const suits = plan.supplies!.find((s) => s.item === "防护服")!;
    expect(digest).toContain(
      `防护服：今天用 ${came} 套（计划 ${suits.needed} 套），库存 ${suits.stock} 套，还够 ${Math.floor(suits.stock / came)} 天`,
    );

    // The day's work: a route's garbage and first round ticked, the gate's wave 1 counted.
    // Whoever walks that route now: a team mate, or the standby who took the no-show's place.
    const now = (await latestPlan()).plan.routes.find((r) => r.id === tight.id)!;
    const walker = linkOf(now.volunteerIds.find((id) => id !== absent)!);
    const walkerPath = pathOf(walker.url!);
    const wt = await formToken(walkerPath);
    const building = tight.buildings[0]!;
    await post(shanghai("08:30"), `${walkerPath}/tick`, { t: wt, building, stage: "garbage" });
    await post(shanghai("10:00"), `${walkerPath}/tick`, { t: wt, building, stage: "parcels_1" });
    const gate = plan.posts.find((p) => p.task === "gate_sort" && p.wave === 1)!;
    const gatePath = pathOf(linkOf(gate.volunteerIds[0]!).url!);
    const gt = await formToken(gatePath);
    const other = plan.routes.find((r) => !r.buildings.includes(building))!.buildings[0]!;
    await post(shanghai("08:40"), `${gatePath}/gate`, { t: gt, wave: "1", building, count: "25", medicine: "3" });
    await post(shanghai("08:41"), `${gatePath}/gate`, { t: gt, wave: "1", building: other, count: "15" });

    await tick(shanghai("16:45"));
    expect(await env.DB.prepare("SELECT count(*) AS n FROM job_runs WHERE job = 'wrap_up'").first()).toEqual({ n: 0 });
    await tick(shanghai("17:00"));
    const wrap = (await outcome("wrap_up")).text;
    const buildings = plan.routes.flatMap((r) => r.buildings).length + plan.uncovered.length;
    expect(wrap).toContain(`${tomorrow().slice(5, 7).replace(/^0/, "")}月${Number(tomorrow().slice(8))}日收工小结`);
    expect(wrap).toContain(`进度：${buildings} 栋楼共 ${buildings * 4} 项，已完成 2 项；全部做完的楼 0 栋`);
    expect(wrap).toContain(`没做完的 ${buildings * 4 - 2} 项：`);
    // Stages done per building, by zone: the ticked building on a line of its own, every other
    // building named once with what it still lacks (nothing cut off with 等).
    expect(wrap).toContain(`${zone}：`);
    const lines = wrap.split("\n");
    expect(lines.find((l) => l.startsWith(`· ${building} 完成 2/4，还差：`))).toBeDefined();
    const named = lines
      .filter((l) => /^· .+完成 \d+\/\d+，还差：/.test(l))
      .flatMap((l) => l.slice(2).split(" ")[0]!.split("、"));
    expect(named.sort()).toEqual([...plan.routes.flatMap((r) => r.buildings), ...plan.uncovered].sort());
    expect(wrap).not.toContain("等");
    expect(wrap).toContain("第一轮快递：门口登记 40 件（药品 3，冷链 0），已送到 25 件");
    expect(wrap).not.toMatch(/[A-Za-z]{2,}\s+[A-Za-z]{2,}/); // 中文 only

    // Copy-ready without a webhook: the Messages tab (parts 301…) and the console.
    await drainOutbox();
    const parts = (await messagesTab()).filter((m) => m.date === tomorrow() && Number(m.part) > 300);
    expect(parts.map((p) => p.text).join("\n")).toBe(wrap);
    const consoleClient = await new ConsoleClient(workerAt(shanghai("17:05"))).signedIn();
    const html = (await consoleClient.open(`/console/${tomorrow()}`)).html;
    expect(textOf(/<section id="day-texts">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "")).toContain("收工小结");
    expect(html).toContain('id="wrap-up-1"');
  });
});

/**
 * The day's work on the links (issue 14, parts 3–4): route volunteers tick their own buildings'
 * stages (undo within 10 minutes), the captain sees the zone's board with what is late, the gate
 * crew records parcels per building and wave, and route volunteers see those counts. Everything
 * is in D1 first and in the 进度 Progress and 门口登记 Gate log tabs after the outbox's flush; bad
 * input gets its reason on the page and changes nothing.
 */
import { env, SELF } from "cloudflare:test";
import { addDays } from "../../src/domain/local-time.ts";
import type { Plan } from "../../src/domain/plan/index.ts";
import { beforeEach, describe, expect, it } from "vitest";
import type { PublicationDetails } from "../../src/store/publications.ts";
import { at, post, shanghai } from "./support/clocked.ts";
import { seedDemo, sheetsCall } from "./support/emulator.ts";
import { ConsoleClient, textOf, workerAt } from "./support/console.ts";
import {
  auth,
  countRows,
  drainOutbox,
  formToken,
  generateAndPublish,
  latestPlan,
  ORIGIN,
  pathOf,
  publishedCaptains,
  publishTomorrow,
  resetDay,
  seedShortHanded,
  SHEET,
  tabRows,
  tomorrow,
  type Published,
} from "./support/links.ts";

beforeEach(resetDay);

async function people(published: Published) {
  const { plan } = await latestPlan();
  const { captains, captainIds } = await publishedCaptains();
  const linkOf = (id: string) => published.links.find((l) => l.volunteerId === id)!;
  const route = plan.routes.find((r) => r.volunteerIds.some((id) => !captainIds.has(id)))!;
  const walker = linkOf(route.volunteerIds.find((id) => !captainIds.has(id))!);
  const other = plan.routes.find((r) => r.id !== route.id)!;
  const [zone, list] = Object.entries(captains).find(([z]) => z === route.zone)!;
  const gate = plan.posts.find((p) => p.task === "gate_sort" && p.volunteerIds.length > 0)!;
  return {
    plan,
    route,
    walker,
    walkerPath: pathOf(walker.url!),
    otherRoute: other,
    otherWalker: linkOf(other.volunteerIds[0]!),
    zone,
    captain: linkOf(list[0]!.id),
    gate,
    gater: linkOf(gate.volunteerIds[0]!),
    linkOf,
  };
}

const progressKeys = ["date", "building", "zone", "garbage", "parcels_1", "testing", "parcels_2"];
const gateKeys = ["date", "wave", "building", "count", "medicine", "cold_chain", "recorded_at", "by"];

describe("stages ticked per building", () => {
  it("lets a route volunteer tick their own buildings from the day's start, once per stage, and mirrors it in the Progress tab", async () => {
    const p = await people(await publishTomorrow());
    const t = await formToken(p.walkerPath);
    const building = p.route.buildings[0]!;
    const tick = (now: number, fields: Record<string, string>) => post(now, `${p.walkerPath}/tick`, { t, ...fields });

    expect((await tick(shanghai("06:50"), { building, stage: "garbage" })).status).toBe(409);
    const page = await (await at(shanghai("08:05"), p.walkerPath)).text();
    expect(textOf(page)).toContain(`今天的进度：已完成 0 / ${p.route.buildings.length * 4} 项`);
    expect(page).toContain('name="stage" value="parcels_2"');

    expect((await tick(shanghai("08:20"), { building, stage: "garbage" })).status).toBe(303);
    // A double tap keeps the first tick's time.
    expect((await tick(shanghai("08:21"), { building, stage: "garbage" })).status).toBe(303);
    expect((await tick(shanghai("10:40"), { building, stage: "parcels_1" })).status).toBe(303);
    const ticks = await env.DB.prepare("SELECT building, task, at, by FROM stage_ticks ORDER BY at").all();
    expect(ticks.results).toEqual([
      { building, task: "garbage", at: shanghai("08:20"), by: p.walker.volunteerId },
      { building, task: "parcels_1", at: shanghai("10:40"), by: p.walker.volunteerId },
    ]);
    const after = textOf(await (await at(shanghai("10:45"), p.walkerPath)).text());
    expect(after).toContain("08:20 完成");
    expect(after).toContain(`已完成 2 / ${p.route.buildings.length * 4} 项`);

    await drainOutbox();
    const rows = await tabRows(SHEET, "'进度 Progress'", progressKeys);
    // Every building is listed from the publish on, in walking order; only this one has times.
    const buildings = p.plan.routes.flatMap((r) => r.buildings).length + p.plan.uncovered.length;
    expect(rows).toHaveLength(buildings);
    expect(rows.find((r) => r.building === building)).toEqual({
      date: tomorrow(),
      building,
      zone: p.route.zone,
      garbage: "08:20",
      parcels_1: "10:40",
      testing: "",
      parcels_2: "",
    });
    expect(rows.filter((r) => r.garbage !== "" || r.parcels_1 !== "")).toHaveLength(1);
  });

  it("undoes a wrong tap within 10 minutes, by whoever ticked it only; later the tick stands", async () => {
    const p = await people(await publishTomorrow());
    const t = await formToken(p.walkerPath);
    const building = p.route.buildings[0]!;
    const tick = (now: number, action: string) =>
      post(now, `${p.walkerPath}/tick`, { t, building, stage: "parcels_1", do: action });
    expect((await tick(shanghai("09:30"), "done")).status).toBe(303);
    expect((await tick(shanghai("09:35"), "undo")).status).toBe(303);
    expect(await countRows("stage_ticks")).toBe(0);
    const none = await tick(shanghai("09:36"), "undo");
    expect(none.status).toBe(409);
    expect(textOf(await none.text())).toContain("这一项还没有打勾，不用撤销。");
    expect((await tick(shanghai("09:40"), "done")).status).toBe(303);
    const late = await tick(shanghai("09:51"), "undo");
    expect(late.status).toBe(409);
    expect(textOf(await late.text())).toContain("打勾已超过 10 分钟，不能撤销了");
    expect(await countRows("stage_ticks")).toBe(1);
    // A team mate (same route) cannot undo it either.
    const mate = p.route.volunteerIds.find((id) => id !== p.walker.volunteerId);
    if (mate) {
      const matePath = pathOf(p.linkOf(mate).url!);
      const mt = await formToken(matePath);
      const refused = await post(shanghai("09:42"), `${matePath}/tick`, {
        t: mt,
        building,
        stage: "parcels_1",
        do: "undo",
      });
      expect(textOf(await refused.text())).toContain("只有打勾的人能撤销");
    }
    await drainOutbox();
    const row = (await tabRows(SHEET, "'进度 Progress'", progressKeys)).find((r) => r.building === building);
    expect(row?.parcels_1).toBe("09:40");
  });

  it("refuses a building not on the route, a stage not in today's workflow and anyone not on a route, changing nothing", async () => {
    const p = await people(await publishTomorrow());
    const t = await formToken(p.walkerPath);
    const foreign = p.otherRoute.buildings[0]!;
    const notMine = await post(shanghai("08:30"), `${p.walkerPath}/tick`, { t, building: foreign, stage: "garbage" });
    expect(notMine.status).toBe(400);
    expect(textOf(await notMine.text())).toContain("这栋楼不在你的包干范围里，没有记录。");
    // The demo's PCR stage is dated for another day: today the route hands out antigen kits.
    const notToday = await post(shanghai("08:30"), `${p.walkerPath}/tick`, {
      t,
      building: p.route.buildings[0]!,
      stage: "pcr",
    });
    expect(notToday.status).toBe(400);
    expect(textOf(await notToday.text())).toContain("今天的流程里没有这项工作");
    const gatePath = pathOf(p.gater.url!);
    const gt = await formToken(gatePath);
    expect(
      (await post(shanghai("08:30"), `${gatePath}/tick`, { t: gt, building: p.route.buildings[0]!, stage: "garbage" }))
        .status,
    ).toBe(403);
    expect(await countRows("stage_ticks")).toBe(0);
  });

  it("shows the captain the zone's board with what is late against the workflow", async () => {
    const p = await people(await publishTomorrow());
    const t = await formToken(p.walkerPath);
    const building = p.route.buildings[0]!;
    await post(shanghai("08:50"), `${p.walkerPath}/tick`, { t, building, stage: "garbage" });
    await post(shanghai("09:10"), `${p.walkerPath}/tick`, { t, building, stage: "parcels_1" });
    const board = /<section id="zone-board">([\s\S]*?)<\/section>/.exec(
      await (await at(shanghai("09:20"), pathOf(p.captain.url!))).text(),
    )?.[1];
    const text = textOf(board ?? "");
    expect(text).toContain(`${p.zone}进度：已完成 2 /`);
    expect(text).toContain("✓ 08:50");
    expect(text).toContain("✓ 09:10");
    // Every other building of the zone is past its garbage run's end (09:00) with nothing ticked.
    const zoneBuildings = p.plan.routes.filter((r) => r.zone === p.zone).flatMap((r) => r.buildings);
    expect(text.split("晚了").length - 1).toBe(zoneBuildings.length - 1);
    const later = await (await at(shanghai("09:20"), p.walkerPath)).text();
    expect(later).not.toContain('id="zone-board"');
  });
});

describe("the gate's parcel counts", () => {
  it("records a count per building and wave from the gate crew's page, shows it on that route's page and in the Gate log tab", async () => {
    const p = await people(await publishTomorrow());
    const gatePath = pathOf(p.gater.url!);
    const wave = p.gate.wave ?? 1;
    const page = await (await at(shanghai("07:40"), gatePath)).text();
    expect(page).toContain(`id="gate-${wave}"`);
    expect(page).toContain(`name="building" value="${p.otherRoute.buildings[0]!}"`);
    const t = await formToken(gatePath);
    const first = p.route.buildings[0]!;
    const second = p.otherRoute.buildings[0]!;
    const count = (now: number, building: string, fields: Record<string, string>) =>
      post(now, `${gatePath}/gate`, { t, wave: String(wave), building, ...fields });
    expect((await count(shanghai("08:10"), first, { count: "12", medicine: "", cold_chain: "" })).status).toBe(303);
    // Full-width digits, as a Chinese keyboard types them.
    expect((await count(shanghai("08:12"), second, { count: "２０", medicine: "2", cold_chain: "3" })).status).toBe(
      303,
    );
    // A correction replaces the count; the same again records once.
    expect((await count(shanghai("08:15"), first, { count: "14", medicine: "0", cold_chain: "0" })).status).toBe(303);
    expect((await count(shanghai("08:16"), first, { count: "14", medicine: "0", cold_chain: "0" })).status).toBe(303);
    const rows = await env.DB.prepare(
      "SELECT building, count, medicine, cold_chain, at FROM gate_counts ORDER BY building",
    ).all();
    expect(rows.results).toEqual(
      [
        { building: first, count: 14, medicine: 0, cold_chain: 0, at: shanghai("08:15") },
        { building: second, count: 20, medicine: 2, cold_chain: 3, at: shanghai("08:12") },
      ].sort((a, b) => a.building!.localeCompare(b.building!)),
    );
    expect(await countRows("audit_log", "action = 'gate.count'")).toBe(3);

    const counts = /<section id="counts">([\s\S]*?)<\/section>/.exec(
      await (await at(shanghai("08:20"), p.walkerPath)).text(),
    )?.[1];
    const lines = textOf(counts ?? "");
    expect(lines).toContain(`${first} 14 件`);
    expect(lines).not.toContain(second);
    const otherCounts = textOf(
      /<section id="counts">([\s\S]*?)<\/section>/.exec(
        await (await at(shanghai("08:20"), pathOf(p.otherWalker.url!))).text(),
      )?.[1] ?? "",
    );
    expect(otherCounts).toContain(`${second} 20 件，其中药品 2，冷链 3`);

    await drainOutbox();
    const log = await tabRows(SHEET, "'门口登记 Gate log'", gateKeys);
    expect(log).toEqual(
      expect.arrayContaining([
        {
          date: tomorrow(),
          wave: String(wave),
          building: first,
          count: "14",
          medicine: "0",
          cold_chain: "0",
          recorded_at: "08:15",
          by: p.gater.name,
        },
        {
          date: tomorrow(),
          wave: String(wave),
          building: second,
          count: "20",
          medicine: "2",
          cold_chain: "3",
          recorded_at: "08:12",
          by: p.gater.name,
        },
      ]),
    );
    expect(log).toHaveLength(2);
  });

  it("refuses a negative, too large or inconsistent count, a wave or building not theirs, and anyone not on the gate crew", async () => {
    const published = await publishTomorrow();
    const p = await people(published);
    const gatePath = pathOf(p.gater.url!);
    const t = await formToken(gatePath);
    const wave = String(p.gate.wave ?? 1);
    const building = p.route.buildings[0]!;
    const refused = async (fields: Record<string, string>, reason: string, status = 400) => {
      const response = await post(shanghai("08:30"), `${gatePath}/gate`, { t, wave, building, ...fields });
      expect(response.status).toBe(status);
      expect(textOf(await response.text())).toContain(reason);
    };
    await refused({ count: "-3" }, "件数不能是负数");
    await refused({ count: "10001" }, "件数不能超过 10000");
    await refused({ count: "" }, "请填写件数");
    await refused({ count: "5", medicine: "6" }, "药品和冷链是件数的一部分");
    await refused({ count: "5", building: "99号楼" }, "小区里没有这栋楼");
    await refused({ count: "5", wave: "7" }, "今天的流程里没有这项工作");
    const walkerToken = await formToken(p.walkerPath);
    const notGate = await post(shanghai("08:30"), `${p.walkerPath}/gate`, {
      t: walkerToken,
      wave,
      building,
      count: "5",
    });
    expect(notGate.status).toBe(403);
    expect(await countRows("gate_counts")).toBe(0);
  });
});

describe("a building nobody walks", () => {
  it("names the nearest route volunteer of the zone who could add it, on the captain's page and in the console", async () => {
    // Too few sign-ups for every building: no standby, and some buildings nobody walks.
    await seedShortHanded(30);
    const published = await generateAndPublish();
    const { plan } = await latestPlan();
    expect(plan.uncovered.length).toBeGreaterThan(0);
    const row = await env.DB.prepare("SELECT details, input FROM publications ORDER BY version DESC LIMIT 1").first<{
      details: string;
      input: string;
    }>();
    const captains = (JSON.parse(row!.details) as PublicationDetails).captains ?? {};
    const buildings = (JSON.parse(row!.input) as { buildings: Array<{ id: string; zone: string; routeOrder: number }> })
      .buildings;
    const zoneOf = new Map(buildings.map((b) => [b.id, b.zone]));
    const [zone, list] = Object.entries(captains).find(
      ([z, l]) => l.length > 0 && plan.uncovered.some((b) => zoneOf.get(b) === z),
    )!;
    const building = plan.uncovered.find((b) => zoneOf.get(b) === zone)!;
    const captainPath = pathOf(published.links.find((l) => l.volunteerId === list[0]!.id)!.url!);

    const page = textOf(await (await at(shanghai("07:33"), captainPath)).text());
    expect(page).toContain("现在没人负责");
    const named = new RegExp(`${building}：离得最近的是负责(\\S+?号楼)的(\\S+?)[，（]`).exec(page);
    expect(named).not.toBeNull();
    // The helper's building is the zone's nearest covered one in walking order.
    const order = new Map(buildings.map((b) => [b.id, b.routeOrder]));
    const distance = (b: string) => Math.abs(order.get(b)! - order.get(building)!);
    const covered = plan.routes.filter((r) => r.zone === zone).flatMap((r) => r.buildings);
    expect(distance(named![1]!)).toBe(Math.min(...covered.map(distance)));
    const console = await new ConsoleClient(workerAt(shanghai("07:35"))).signedIn();
    const html = (await console.open(`/console/${tomorrow()}`)).html;
    const uncovered = textOf(/<section id="uncovered">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "");
    expect(uncovered).toContain(`${building}：离得最近的是负责${named![1]}的${named![2]}`);
  });
});

describe("the next plan's loads", () => {
  it("come from the gate's counts when the organizers typed none for that day, and the plan says so", async () => {
    const p = await people(await publishTomorrow());
    const gatePath = pathOf(p.gater.url!);
    const t = await formToken(gatePath);
    const wave = String(p.gate.wave ?? 1);
    const building = p.route.buildings[0]!;
    await post(shanghai("08:45"), `${gatePath}/gate`, {
      t,
      wave,
      building,
      count: "77",
      medicine: "5",
      cold_chain: "0",
    });
    // The next day: the same people signed up, and nothing typed on the Parcels tab.
    const next = addDays(tomorrow(), 1);
    await seedDemo(SHEET, 1, next);
    const cleared = await sheetsCall(
      SHEET,
      "POST",
      `/values/${encodeURIComponent("'快递 Parcels'!A2:Z1000")}:clear`,
      {},
    );
    expect(cleared.status).toBe(200);
    const generated = await SELF.fetch(`${ORIGIN}/api/demo/plans/${next}/generate`, { method: "POST", headers: auth });
    expect(generated.status).toBe(200);
    const row = await env.DB.prepare("SELECT plan FROM plans WHERE date = ? ORDER BY version DESC LIMIT 1")
      .bind(next)
      .first<{ plan: string }>();
    const plan = JSON.parse(row!.plan) as Plan;
    expect(plan.warnings.map((w) => w.code)).toContain("parcels_from_gate");
    expect(plan.warnings.find((w) => w.code === "parcels_from_gate")!.zh).toContain(
      `门口${Number(tomorrow().slice(5, 7))}月${Number(tomorrow().slice(8))}日登记的件数`,
    );
    const stops = plan.routes.flatMap((r) => r.deliveries.flatMap((d) => d.stops.map((s) => ({ wave: d.wave, ...s }))));
    expect(stops).toEqual([{ wave: Number(wave), building, parcels: 77, medicine: 5, coldChain: 0 }]);
    expect(plan.routes.find((r) => r.buildings.includes(building))!.parcels).toBe(77);
  });
});

describe("the console's view of the day", () => {
  it("shows the whole compound's board with late stages marked and the gate's totals per wave", async () => {
    const p = await people(await publishTomorrow());
    const t = await formToken(p.walkerPath);
    const building = p.route.buildings[0]!;
    await post(shanghai("08:40"), `${p.walkerPath}/tick`, { t, building, stage: "garbage" });
    const gatePath = pathOf(p.gater.url!);
    const gt = await formToken(gatePath);
    const wave = String(p.gate.wave ?? 1);
    await post(shanghai("08:45"), `${gatePath}/gate`, {
      t: gt,
      wave,
      building,
      count: "30",
      medicine: "4",
      cold_chain: "2",
    });
    await post(shanghai("08:46"), `${gatePath}/gate`, {
      t: gt,
      wave,
      building: p.otherRoute.buildings[0]!,
      count: "10",
      medicine: "0",
      cold_chain: "1",
    });

    const before = await new ConsoleClient(workerAt(shanghai("06:00"))).signedIn();
    expect((await before.open(`/console/${tomorrow()}`)).html).not.toContain('id="board"');
    const console = await new ConsoleClient(workerAt(shanghai("09:30"))).signedIn();
    const html = (await console.open(`/console/${tomorrow()}`)).html;
    const board = textOf(/<section id="board">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "");
    const all = p.plan.routes.flatMap((r) => r.buildings).length + p.plan.uncovered.length;
    // Every building's garbage run ended at 09:00: all but the one ticked are late.
    expect(board).toContain(`已完成 1 / ${all * 4} 项，按流程时间晚了 ${all - 1} 项`);
    expect(board).toContain("✓ 08:40");
    expect(board).toMatch(new RegExp(`第${wave === "1" ? "一" : "二"}轮快递\\s*2\\s*40\\s*4\\s*3`));
  });
});

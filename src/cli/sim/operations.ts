/**
 * The day itself in the simulation (issue 14): after the evening and the morning's answers, the
 * Worker is restarted on the same state with its clock (ZC_NOW) at each moment of the day, and the
 * compounds play what happens on the links:
 *
 * - 07:10 roll call: everyone on the plan taps 我到了, except a seeded 5% of route volunteers who do
 *   not come; each zone's captain marks them 未到 and taps 找人顶替 (a standby takes the duty and
 *   checks in too);
 * - 08:40, 10:30, 12:30, 14:30: one walker per route ticks every building's stage of that slot
 *   (收垃圾, 第一轮快递, 发抗原/核酸, 第二轮快递) in the real order; the gate crew counts every
 *   building's parcels for wave 1 at 08:40 and wave 2 at 12:30;
 * - 17:05: the wrap-up tick.
 *
 * With `moments: "few"` (the CI-sized test) the four slots share one restart at 14:30, stages
 * still ticked in their order.
 *
 * Every tap is counted as acknowledged only on its 303; the checks then compare the Progress and
 * Gate log tabs with what was acknowledged (nothing lost, nothing twice).
 */
import { localTimeToEpoch } from "../../domain/local-time.ts";
import type { SimClient } from "./client.ts";
import type { CompoundSpec } from "./compounds.ts";
import { tapOn } from "./phone.ts";

export interface OperationsCompound {
  spec: CompoundSpec;
  /** Volunteer ID -> link URL, as published. */
  links: Map<string, string>;
}

export interface OperationsReport {
  /** People on a route or post at the roll call (standby not counted until called in). */
  expectedAtRollCall: number;
  present: number;
  absent: number;
  refilled: number;
  /** Buildings nobody walks after the roll call (a no-show with no standby left for them). */
  uncovered: number;
  /** Stage ticks acknowledged, and how many the day's routes had. */
  ticks: { acknowledged: number; total: number };
  /** Gate counts acknowledged and the parcels they counted, per wave. */
  gate: { acknowledged: number; parcels: Record<number, number> };
  /** Taps the Worker did not acknowledge (each with why). */
  failed: string[];
  /**
   * What each compound's Progress and Gate log tabs must show (building -> columns ticked; wave
   * and building -> count), and the roll call its wrap-up must give (one suit per person here).
   */
  expected: Map<string, ExpectedDay>;
}

interface ExpectedDay {
  progress: Map<string, Set<string>>;
  gate: Map<string, number>;
  roll: { present: number; absent: number; refilled: number };
}

interface Slot {
  time: string;
  tasks: string[];
  gateWave: number | null;
}

/** Each route stage ticked inside its workflow slot, the gate's waves counted as they arrive. */
const slots: Slot[] = [
  { time: "08:40", tasks: ["garbage"], gateWave: 1 },
  { time: "10:30", tasks: ["parcels_1"], gateWave: null },
  { time: "12:30", tasks: ["antigen", "pcr"], gateWave: 2 },
  { time: "14:30", tasks: ["parcels_2"], gateWave: null },
];

const column = (task: string) => (task === "antigen" || task === "pcr" ? "testing" : task);

/** What the organizer's day report gives the simulator here (GET /api/{c}/plans/{date}). */
interface OpsDay {
  assignments: Array<{
    volunteerId: string;
    name: string;
    kind: "route" | "post" | "standby";
    post: string;
    postText: { zh: string; en: string } | null;
    buildings: string[];
    replaces: string | null;
  }>;
}

/** The zone of a route duty ("东区 1号楼（包干）"). */
const zoneOf = (a: OpsDay["assignments"][number]) => a.postText?.zh.split(" ")[0] ?? "";

/** A small seeded generator: the same seed picks the same no-shows. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export async function playOperations(deps: {
  client: SimClient;
  compounds: readonly OperationsCompound[];
  date: string;
  timeZone: string;
  seed: number;
  /** "few": one restart for every slot, at the last slot's time (see SimOptions.dayMoments). */
  moments?: "all" | "few";
  /** Restarts the Worker on the same state with its clock at this instant. */
  setClock: (epochMs: number) => Promise<void>;
  /** Fires the cron tick as if at this instant. */
  tick: (epochMs: number) => Promise<void>;
  map: <T>(items: readonly T[], fn: (item: T) => Promise<void>) => Promise<void>;
  noShowShare?: number;
  log: (message: string) => void;
}): Promise<OperationsReport> {
  const { client, date, timeZone } = deps;
  const at = (time: string) => localTimeToEpoch(date, time, timeZone);
  const report = emptyReport();
  const pick = random(deps.seed * 7919 + 17);
  /** Every building of each compound, as the plan had them walked before the roll call. */
  const allBuildings = new Map<string, string[]>();
  const expectedOf = (slug: string): ExpectedDay => {
    let e = report.expected.get(slug);
    if (!e)
      report.expected.set(
        slug,
        (e = { progress: new Map(), gate: new Map(), roll: { present: 0, absent: 0, refilled: 0 } }),
      );
    return e;
  };
  const dayOf = (c: OperationsCompound) => client.api<OpsDay>(c.spec.token, "GET", `/api/${c.spec.slug}/plans/${date}`);
  const tap = async (what: string, url: string, action: string, fields: Record<string, string>) => {
    const result = await tapOn(url, action, fields);
    if (result.status !== 303) report.failed.push(`${what}: HTTP ${result.status}`);
    return result.status === 303;
  };

  // 07:10: the roll call.
  await deps.setClock(at("07:10"));
  await deps.map(deps.compounds, async (c) => {
    const day = await dayOf(c);
    const roll = expectedOf(c.spec.slug).roll;
    const walkers = day.assignments.filter((a) => a.kind === "route");
    // A zone's captain is named on every page of the zone: read it from one walker's page.
    const captains = new Map<string, string>();
    for (const a of walkers) {
      const zone = zoneOf(a);
      if (captains.has(zone)) continue;
      const html = await (await client.fetch(new URL(c.links.get(a.volunteerId)!).pathname)).text();
      const name = /队长：([^\s<]+)/.exec(html)?.[1];
      const captain = day.assignments.find((x) => x.name === name && x.kind === "route");
      if (captain) captains.set(zone, captain.volunteerId);
    }
    const captainIds = new Set(captains.values());
    // 5% of the walkers do not come, the ones alone on their route first: that is where a
    // standby must step in (a route with spare hands is simply walked by the others).
    const team = new Map<string, number>();
    for (const a of walkers) team.set(a.post, (team.get(a.post) ?? 0) + 1);
    // Only where a captain takes the roll call: a no-show elsewhere would be neither marked
    // absent nor checked in (the plan of the day varies with the evening's declines, and a run
    // once picked two such no-shows: 84 present of 86 expected).
    const candidates = walkers
      .filter((a) => !captainIds.has(a.volunteerId) && captains.has(zoneOf(a)))
      .map((a) => ({ a, key: (team.get(a.post) === 1 ? 0 : 1) + pick() }))
      .sort((x, y) => x.key - y.key);
    const share = deps.noShowShare ?? 0.05;
    const noShows = candidates.slice(0, Math.max(1, Math.round(walkers.length * share))).map((x) => x.a);
    report.expectedAtRollCall += day.assignments.filter((a) => a.kind !== "standby").length;
    for (const a of day.assignments) {
      if (noShows.includes(a) || a.kind === "standby") continue;
      if (await tap(`${a.volunteerId} here`, c.links.get(a.volunteerId)!, "/here", {})) roll.present++;
    }
    for (const a of noShows) {
      const captain = captains.get(zoneOf(a));
      const url = captain ? c.links.get(captain) : undefined;
      if (!url) continue;
      if (!(await tap(`${a.volunteerId} absent`, url, "/roll", { volunteer: a.volunteerId, mark: "absent" }))) continue;
      roll.absent++;
      if (!(await tap(`${a.volunteerId} refill`, url, "/refill", { volunteer: a.volunteerId }))) continue;
      const after = await dayOf(c);
      const taker = after.assignments.find((x) => x.replaces === a.volunteerId);
      if (!taker) continue;
      roll.refilled++;
      if (await tap(`${taker.volunteerId} here`, c.links.get(taker.volunteerId)!, "/here", {})) roll.present++;
    }
    // With no standby left for a no-show's duty, their buildings stay uncovered for the day.
    const walked = (d: OpsDay) => new Set(d.assignments.filter((a) => a.kind === "route").flatMap((a) => a.buildings));
    allBuildings.set(c.spec.slug, [...walked(day)]);
    const still = walked(await dayOf(c));
    report.uncovered += [...walked(day)].filter((b) => !still.has(b)).length;
    report.present += roll.present;
    report.absent += roll.absent;
    report.refilled += roll.refilled;
  });

  // The day's stages in order, and the gate's two waves.
  for (const [i, slot] of slots.entries()) {
    if (deps.moments !== "few") await deps.setClock(at(slot.time));
    else if (i === 0) await deps.setClock(at(slots.at(-1)!.time));
    await deps.map(deps.compounds, async (c) => {
      const day = await dayOf(c);
      const expected = expectedOf(c.spec.slug);
      const routes = new Map<string, (typeof day.assignments)[number]>();
      for (const a of day.assignments) if (a.kind === "route" && !routes.has(a.post)) routes.set(a.post, a);
      for (const walker of routes.values()) {
        const page = await (await client.fetch(new URL(c.links.get(walker.volunteerId)!).pathname)).text();
        for (const building of walker.buildings) {
          for (const task of slot.tasks) {
            if (!page.includes(`name="stage" value="${task}"`)) continue;
            report.ticks.total++;
            const fields = { building, stage: task, do: "done" };
            if (!(await tap(`${building} ${task}`, c.links.get(walker.volunteerId)!, "/tick", fields))) continue;
            report.ticks.acknowledged++;
            const cols = expected.progress.get(building) ?? new Set<string>();
            cols.add(column(task));
            expected.progress.set(building, cols);
          }
        }
      }
      if (slot.gateWave === null) return;
      // Whoever on the gate crew sorts this wave: their page has its count forms.
      let gater: string | undefined;
      for (const a of day.assignments.filter((x) => x.kind === "post")) {
        const html = await (await client.fetch(new URL(c.links.get(a.volunteerId)!).pathname)).text();
        if (html.includes(`id="gate-${slot.gateWave}"`)) {
          gater = a.volunteerId;
          break;
        }
      }
      if (!gater) return void report.failed.push(`${c.spec.slug}: nobody sorts wave ${slot.gateWave}`);
      // The gate sorts for every building, walked today or not.
      const buildings = allBuildings.get(c.spec.slug) ?? [];
      for (const building of buildings) {
        const count = 5 + Math.floor(pick() * 40);
        const medicine = Math.floor(pick() * 3);
        const fields = {
          wave: String(slot.gateWave),
          building,
          count: String(count),
          medicine: String(medicine),
          cold_chain: "0",
        };
        if (!(await tap(`${building} gate ${slot.gateWave}`, c.links.get(gater)!, "/gate", fields))) continue;
        report.gate.acknowledged++;
        report.gate.parcels[slot.gateWave] = (report.gate.parcels[slot.gateWave] ?? 0) + count;
        expected.gate.set(`${slot.gateWave}\u0000${building}`, count);
      }
    });
  }

  await deps.setClock(at("17:05"));
  await deps.tick(at("17:00"));
  deps.log(
    `the day: ${report.present} here, ${report.absent} absent, ${report.refilled} refilled, ${report.uncovered} buildings uncovered; ${report.ticks.acknowledged}/${report.ticks.total} stages ticked; ${report.gate.acknowledged} gate counts`,
  );
  return report;
}

/** For a run that stops after the answers (a CI-sized fault run): nothing played, nothing expected. */
export async function skipOperations(): Promise<OperationsReport> {
  return emptyReport();
}

const emptyReport = (): OperationsReport => ({
  expectedAtRollCall: 0,
  present: 0,
  absent: 0,
  refilled: 0,
  uncovered: 0,
  ticks: { acknowledged: 0, total: 0 },
  gate: { acknowledged: 0, parcels: {} },
  failed: [],
  expected: new Map(),
});

/**
 * The Progress and Gate log tabs against what the links acknowledged: every acknowledged tick
 * has its time in the building's column, every count its row, nothing else filled. And the
 * wrap-up in the Messages tab: its roll call is the one the pages acknowledged, and the suits it
 * says were handed out are one per person here (`rollCall` says what differs, null when nothing).
 */
export async function checkOperations(
  client: SimClient,
  spec: CompoundSpec,
  date: string,
  expected: OperationsReport["expected"] extends Map<string, infer V> ? V | undefined : never,
): Promise<{ lost: number; extra: number; suits: number | null; rollCall: string | null }> {
  if (!expected) return { lost: 0, extra: 0, suits: null, rollCall: null };
  let lost = 0;
  let extra = 0;
  const progress = await client.tabValues(spec.spreadsheetId, "进度 Progress");
  const header = progress[0] ?? [];
  const col = (zh: string) => header.findIndex((h) => h.startsWith(zh));
  const columns: Record<string, number> = {
    garbage: col("收垃圾"),
    parcels_1: col("第一轮快递"),
    testing: col("抗原"),
    parcels_2: col("第二轮快递"),
  };
  const rows = progress.slice(1).filter((r) => r[col("日期")] === date);
  for (const row of rows) {
    const building = row[col("楼栋")] ?? "";
    const want = expected.progress.get(building) ?? new Set<string>();
    for (const [key, i] of Object.entries(columns)) {
      const filled = (row[i] ?? "") !== "";
      if (want.has(key) && !filled) lost++;
      if (!want.has(key) && filled) extra++;
    }
  }
  for (const [building, cols] of expected.progress) {
    if (!rows.some((r) => r[col("楼栋")] === building)) lost += cols.size;
  }
  const gate = await client.tabValues(spec.spreadsheetId, "门口登记 Gate log");
  const g = gate[0] ?? [];
  const gi = (zh: string) => g.findIndex((h) => h.startsWith(zh));
  const seen = new Map<string, number>();
  for (const row of gate.slice(1).filter((r) => r[gi("日期")] === date)) {
    const key = `${row[gi("轮次")]}\u0000${row[gi("楼栋")]}`;
    if (seen.has(key)) extra++;
    seen.set(key, Number(row[gi("件数")]));
  }
  for (const [key, count] of expected.gate) if (seen.get(key) !== count) lost++;
  for (const key of seen.keys()) if (!expected.gate.has(key)) extra++;
  const wrapUp = await wrapUpRollCall(client, spec, date);
  const want = expected.roll;
  const rollCall = !wrapUp
    ? "no wrap-up with a roll call in the Messages tab"
    : wrapUp.present !== want.present ||
        wrapUp.absent !== want.absent ||
        wrapUp.refilled !== want.refilled ||
        wrapUp.suits !== want.present
      ? `wrap-up says ${JSON.stringify(wrapUp)}, the pages acknowledged ${JSON.stringify(want)} (one suit each)`
      : null;
  return { lost, extra, suits: wrapUp?.suits ?? null, rollCall };
}

/**
 * The roll call and suits of the day's wrap-up (收工小结), as the organizers read it in the
 * Messages tab. The 17:00 tick only enqueues the job (Cloudflare Queues), and its text reaches
 * the sheet through the outbox after that: read again until it is there, for up to `patienceMs`.
 */
async function wrapUpRollCall(client: SimClient, spec: CompoundSpec, date: string, patienceMs = 180_000) {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const rows = await client.tabValues(spec.spreadsheetId, "群消息 Messages");
    const h = rows[0] ?? [];
    const [cDate, cText] = ["日期", "消息内容"].map((zh) => h.findIndex((x) => x.startsWith(zh)));
    // The day's messages in the tab's order; the wrap-up (its parts, when long) comes last.
    const day = rows
      .slice(1)
      .filter((r) => r[cDate!] === date)
      .map((r) => r[cText!] ?? "")
      .join("\n");
    const text = day.slice(Math.max(0, day.lastIndexOf("收工小结")));
    const roll = /点名：到 (\d+) 人，未到 (\d+) 人(?:，已找人顶替 (\d+) 人)?/.exec(text);
    const suits = /防护服：发出 (\d+) 套/.exec(text);
    if (text.includes("收工小结") && roll && suits) {
      return {
        present: Number(roll[1]),
        absent: Number(roll[2]),
        refilled: Number(roll[3] ?? 0),
        suits: Number(suits[1]),
      };
    }
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 3_000));
  }
}

/**
 * The demo compound: a deterministic, synthetic workbook shaped like the one in the article
 * (a Shanghai compound of ~1,400 households, 300+ volunteers, two parcel waves a day).
 *
 * Why it exists: `npm start` seeds the Sheets emulator with it, the committed CSVs under
 * sheets-templates/demo are printed from it, and benchmarks ask for a 10x or 100x roster. All of
 * them must see the same cells for the same seed, so this module is pure (no clock, no I/O) and
 * draws every choice from a seeded stream. The roster (buildings, volunteers, supplies) depends
 * on the seed only; the day's sign-ups and parcels depend on the seed and the date, so the same
 * compound can be replayed day after day.
 *
 * Cells are strings exactly as an organizer would type them, enum cells use the manifest's
 * dropdown labels, and columns come from the manifest, so a manifest change shows up here.
 * The people are invented; the article's real names are excluded by construction and by test.
 *
 * @example
 * const demo = generateDemoCompound({ seed: 20220419, date: "2022-04-19" });
 * demo.tabs.buildings.rows.length; // 32
 */
import { headerText, optionLabel, tabSpec, type OrganizerTabKey } from "../sheets/manifest.ts";
import { createRandom, hashSeed, type Random } from "./seeded-random.ts";

export interface DemoTab {
  /** Header cells of every column, the system-owned Check column included. */
  header: string[];
  /** Organizer cells in manifest order; trailing system columns are left off (they start empty). */
  rows: string[][];
}

export interface DemoCompound {
  tabs: Record<OrganizerTabKey, DemoTab>;
}

export interface DemoCompoundOptions {
  seed: number;
  /** YYYY-MM-DD: the day the sign-ups and parcels are for ("tomorrow" on the evening of sign-up). */
  date: string;
  /** Copies of the compound's roster: 1 by default, 10 or 100 for benchmarks. */
  scale?: number;
}

/** The seed and day the committed demo CSVs and the local emulator use (the article's week). */
export const demoDefaults = { seed: 20220419, date: "2022-04-19" } as const;

/** One compound's figures; scale N multiplies every one of them. */
export const demoFigures = {
  buildings: 32,
  zones: 4,
  households: 1380,
  volunteers: 320,
  inactive: 8,
  captainsPerZone: 2,
  gate: 24,
  pcr: 12,
  trainers: 4,
  signups: 120,
} as const;

/** Names the generator never produces: the article's real people and celebrities the name pools could spell. */
export const demoNameBlocklist: readonly string[] = [
  "李荣刚",
  "俞浩泉",
  "方晨琦",
  ...["李嘉诚", "张一鸣", "丁磊", "李宁", "林丹", "朱婷", "杨倩", "姚明", "杨国强", "宋丹丹", "曾志伟", "李云龙"],
  ...["林峰", "李静", "刘涛", "黄磊", "吴磊", "张杰", "李健", "汪峰", "杨颖", "周涛", "陈琳", "王琳", "李勇"],
  ...["周杰", "马丽", "何洁", "朱军", "张斌", "王菲", "李娜", "刘翔", "陈坤", "黄渤"],
];

type Cells = Record<string, string>;
type Role = "captain" | "gate" | "pcr" | "trainer";
type Availability = "all_day" | "am" | "pm";

interface Building {
  name: string;
  zone: string;
  zoneIndex: number;
  households: number;
  routeOrder: number;
  aliases: string;
}

interface Volunteer {
  id: string;
  name: string;
  phone: string;
  age: number;
  home: Building;
  roles: Set<Role>;
  active: boolean;
  note: string;
}

const roleOrder: readonly Role[] = ["captain", "gate", "pcr", "trainer"];

// Frequent surnames, weighted roughly as in Shanghai (张王陈 first, 徐朱周沈陆顾 common locally).
const surnames: readonly (readonly [string, number])[] = [
  ...(["张", "王", "陈"] as const).map((s) => [s, 10] as const),
  ...(["李", "徐"] as const).map((s) => [s, 7] as const),
  ...(["朱", "周", "沈", "陆", "顾", "吴", "杨", "黄", "刘"] as const).map((s) => [s, 5] as const),
  ...(["孙", "胡", "钱", "金", "施", "蒋", "姚", "潘", "曹", "赵"] as const).map((s) => [s, 3] as const),
  ...["范", "马", "汪", "唐", "许", "冯", "高", "何", "郭", "林", "宋", "戴", "邵", "袁", "叶", "倪", "严"].map(
    (s) => [s, 2] as const,
  ),
  ...["谢", "俞", "方", "蔡", "杜", "丁", "程", "卢", "费", "龚", "瞿", "翁", "盛", "奚", "秦", "季", "夏"].map(
    (s) => [s, 1] as const,
  ),
];

// Given names people born 1973–2004 commonly have. None of 荣刚/浩泉/晨琦 can be formed, so the
// article's people cannot appear even with another surname.
const givenNames: readonly string[] = [
  ..."建军 志伟 海涛 晓峰 国强 文斌 俊峰 立新 振华 家豪 子轩 宇航 嘉诚 明轩 逸飞 思远 天佑 博文 一鸣 浩宇".split(" "),
  ..."俊熙 志远 卫东 建平 晓光 国华 春生 伟民 家俊 文涛 永健 子豪 嘉伟 建新 明杰 泽宇 晓华 佳乐 宏亮 凯峰".split(" "),
  ..."成林 益民 林峰 云龙 天宇 丽娟 海燕 晓燕 静怡 佳怡 雨婷 欣怡 诗涵 梦洁 慧敏 婷婷 雪梅 春燕 秀芳 美玲".split(" "),
  ..."晓雯 思琪 雅琴 佳慧 文静 丽萍 晓红 艳华 玉兰 丹丹 依婷 雨欣 若曦 梓涵 可馨 晓琳 佳琪 敏华 秋云 月琴".split(" "),
  ..."慧娟 嘉敏 诗韵 晓敏 一帆 雪莹".split(" "),
];
const singleGivenNames: readonly string[] = [..."伟磊军勇杰涛斌超鹏华静敏燕丽婷娟芳颖倩霞蕾琳洁雯昊宁峰骏琪昕"];

// Real mainland mobile prefixes (China Mobile / Unicom / Telecom); 8 random digits follow.
const phonePrefixes: readonly string[] = [
  ..."130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166".split(" "),
  ..."173 176 177 180 181 182 183 185 186 187 188 189 191 199".split(" "),
];

// Most volunteers are working-age adults; the compound's rule is "under 50".
const ageBands: readonly (readonly [readonly [number, number], number])[] = [
  [[18, 24], 2],
  [[25, 34], 4],
  [[35, 44], 4],
  [[45, 49], 1.5],
];

// Typical building sizes (floors x flats per floor); the total is then nudged to exactly 1,380.
const buildingSizes: readonly (readonly [number, number])[] = [
  [24, 3],
  [30, 4],
  [36, 5],
  [42, 5],
  [48, 4],
  [54, 3],
  [60, 2],
  [66, 2],
  [72, 2],
];

const volunteerNotes: readonly string[] = [
  "有电动三轮车",
  "医护背景",
  "会说英语",
  "可以帮忙统计接龙",
  "腰不好，少搬重物",
];
const inactiveNotes: readonly string[] = ["阳性，隔离中", "已返岗上班", "家里老人需要照顾", "暂停两周"];
const signupNotes: readonly string[] = ["第一次参加", "自带推车", "可以多跑一栋", "防护服要XL"];

/** Builds the whole demo workbook; same options => the same cells, byte for byte. */
export function generateDemoCompound(options: DemoCompoundOptions): DemoCompound {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be a positive integer, got ${scale}`);
  assertDate(options.date);

  const roster = createRandom(hashSeed("roster", options.seed, scale));
  const day = createRandom(hashSeed("day", options.seed, options.date, scale));

  const buildings = makeBuildings(roster, scale);
  const volunteers = makeVolunteers(roster, buildings, scale);

  return {
    tabs: {
      volunteers: toTab("volunteers", withTraining(volunteers.map(volunteerCells), options)),
      signups: toTab("signups", makeSignups(day, volunteers, scale, options.date)),
      buildings: toTab("buildings", buildings.map(buildingCells)),
      workflow: toTab("workflow", workflowCells(options.date)),
      parcels: toTab("parcels", makeParcels(day, buildings, options.date)),
      supplies: toTab("supplies", suppliesCells(scale)),
    },
  };
}

function assertDate(date: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ok =
    m !== null && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().startsWith(date);
  if (!ok) throw new RangeError(`date must be a real YYYY-MM-DD day, got ${JSON.stringify(date)}`);
}

function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Rows keyed by column key -> manifest order; a key the manifest lacks is a bug here, so it throws. */
function toTab(key: OrganizerTabKey, records: readonly Cells[]): DemoTab {
  const spec = tabSpec(key);
  // Organizer columns, and the system columns the sync reads back (培训日期), may have demo data.
  const filled = new Set(
    spec.columns.filter((c) => c.owner === "organizer" || c.key === "trained_on").map((c) => c.key),
  );
  for (const record of records) {
    for (const k of Object.keys(record)) {
      if (!filled.has(k)) throw new Error(`demo compound writes ${key}.${k}, which the manifest does not have`);
    }
  }
  let width = spec.columns.length;
  while (width > 0 && !filled.has(spec.columns[width - 1]!.key)) width--;
  const columns = spec.columns.slice(0, width);
  return {
    header: spec.columns.map(headerText),
    rows: records.map((r) => columns.map((c) => (filled.has(c.key) ? (r[c.key] ?? "") : ""))),
  };
}

/** The dropdown label the manifest gives a value, e.g. ("signups", "availability", "am") -> "上午 AM". */
function label(tab: OrganizerTabKey, column: string, value: string): string {
  const option = tabSpec(tab)
    .columns.find((c) => c.key === column)
    ?.options?.find((o) => o.value === value);
  if (!option) throw new Error(`manifest has no option ${tab}.${column}=${value}`);
  return optionLabel(option);
}

function zoneName(index: number): string {
  const side = ["东", "南", "西", "北"][index % 4] ?? "";
  const round = Math.floor(index / 4);
  return round === 0 ? `${side}区` : `${side}${round + 1}区`;
}

function makeBuildings(rng: Random, scale: number): Building[] {
  const { buildings: perCompound, zones, households } = demoFigures;
  const perZone = perCompound / zones;
  const out: Building[] = [];
  for (let c = 0; c < scale; c++) {
    const sizes = Array.from({ length: perCompound }, () => rng.weighted(buildingSizes));
    // Nudge random buildings by one household until the compound totals exactly 1,380.
    let gap = households - sizes.reduce((a, b) => a + b, 0);
    while (gap !== 0) {
      const i = rng.int(0, perCompound - 1);
      const step = Math.sign(gap);
      const next = (sizes[i] ?? 0) + step;
      if (next < 24 || next > 72) continue;
      sizes[i] = next;
      gap -= step;
    }
    const aliased = new Set(rng.sample([...Array(perCompound).keys()], 4));
    for (let z = 0; z < zones; z++) {
      // The walking order mostly follows the numbers, but paths rarely do exactly.
      const order = [...Array(perZone).keys()];
      const swaps = rng.int(0, 2);
      for (let s = 0; s < swaps; s++) {
        const i = rng.int(0, perZone - 2);
        [order[i], order[i + 1]] = [order[i + 1] as number, order[i] as number];
      }
      for (let k = 0; k < perZone; k++) {
        const local = z * perZone + k;
        const number = c * perCompound + local + 1;
        const zoneIndex = c * zones + z;
        out.push({
          name: `${number}号楼`,
          zone: zoneName(zoneIndex),
          zoneIndex,
          households: sizes[local] ?? 0,
          routeOrder: order.indexOf(k) + 1,
          aliases: aliased.has(local) ? `${number}栋,B${number}` : "",
        });
      }
    }
  }
  return out;
}

/**
 * A name not yet on the roster when one can be found quickly. The pools spell a few thousand
 * names, so a 10x roster stays unique in practice and a 100x roster (a town) gets namesakes, as
 * real rosters of that size do; sign-ups carry IDs, so namesakes stay unambiguous.
 */
function makeName(rng: Random, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const given = rng.chance(0.3) ? rng.pick(singleGivenNames) : rng.pick(givenNames);
    const name = rng.weighted(surnames) + given;
    if (demoNameBlocklist.includes(name)) continue;
    if (!taken.has(name) || attempt >= 50) {
      taken.add(name);
      return name;
    }
  }
}

function makePhone(rng: Random, taken: Set<string>): string {
  for (;;) {
    let phone = rng.pick(phonePrefixes);
    for (let i = 0; i < 8; i++) phone += String(rng.int(0, 9));
    if (!taken.has(phone)) {
      taken.add(phone);
      return phone;
    }
  }
}

/** Picks a building with probability proportional to its households (binary search: 100x rosters stay fast). */
function householdPicker(buildings: readonly Building[]): (rng: Random) => Building {
  const cumulative: number[] = [];
  let total = 0;
  for (const b of buildings) cumulative.push((total += b.households));
  return (rng) => {
    const h = rng.int(0, total - 1);
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > h) hi = mid;
      else lo = mid + 1;
    }
    const b = buildings[lo];
    if (!b) throw new Error("householdPicker: no buildings");
    return b;
  };
}

function makeVolunteers(rng: Random, buildings: readonly Building[], scale: number): Volunteer[] {
  const count = demoFigures.volunteers * scale;
  const width = Math.max(3, String(count).length);
  const names = new Set<string>();
  const phones = new Set<string>();
  const homeOf = householdPicker(buildings);
  const volunteers: Volunteer[] = Array.from({ length: count }, (_, i) => {
    const [lo, hi] = rng.weighted(ageBands);
    return {
      id: `V${String(i + 1).padStart(width, "0")}`,
      name: makeName(rng, names),
      phone: makePhone(rng, phones),
      age: rng.int(lo, hi),
      home: homeOf(rng),
      roles: new Set<Role>(),
      active: true,
      note: "",
    };
  });

  for (const v of rng.sample(volunteers, demoFigures.inactive * scale)) {
    v.active = false;
    v.note = rng.pick(inactiveNotes);
  }
  const free = (v: Volunteer): boolean => v.active && v.roles.size === 0;

  // Captains lead the zone they live in, so pick them among that zone's residents.
  const zoneCount = demoFigures.zones * scale;
  const captains: Volunteer[] = [];
  for (let z = 0; z < zoneCount; z++) {
    const local = volunteers.filter((v) => free(v) && v.home.zoneIndex === z && v.age >= 25);
    const pool = local.length >= demoFigures.captainsPerZone ? local : volunteers.filter(free);
    for (const v of rng.sample(pool, demoFigures.captainsPerZone)) {
      v.roles.add("captain");
      // Captains are "often party members" in the article.
      if (rng.chance(0.75)) v.note = "党员";
      captains.push(v);
    }
  }
  // Half the trainers are captains (they run the morning briefing anyway), half are not.
  const trainers = demoFigures.trainers * scale;
  for (const v of rng.sample(captains, trainers / 2)) v.roles.add("trainer");
  for (const v of rng.sample(volunteers.filter(free), trainers / 2)) v.roles.add("trainer");
  for (const v of rng.sample(volunteers.filter(free), demoFigures.gate * scale)) v.roles.add("gate");
  for (const v of rng.sample(volunteers.filter(free), demoFigures.pcr * scale)) v.roles.add("pcr");

  for (const v of volunteers) {
    if (v.active && v.note === "" && rng.chance(0.05)) v.note = rng.pick(volunteerNotes);
  }
  return volunteers;
}

/**
 * 培训日期 as roll call would have written it: the demo day is well into the lockdown, so about
 * one volunteer in twelve has not been trained yet (the plan sends them to training first) and
 * the others were trained on one of the mornings of the week before the demo's own day (the
 * roster is the same whatever day is generated). A stream of its own, so the rest of the demo
 * compound is the same as without the column.
 */
function withTraining(rows: Cells[], options: { seed: number }): Cells[] {
  const rng = createRandom(hashSeed("training", options.seed));
  return rows.map((row) => {
    const untrained = rng.chance(1 / 12);
    const daysBefore = rng.int(1, 7);
    return untrained ? row : { ...row, trained_on: addDays(demoDefaults.date, -daysBefore) };
  });
}

function volunteerCells(v: Volunteer): Cells {
  return {
    volunteer_id: v.id,
    name: v.name,
    phone: v.phone,
    age: String(v.age),
    home_building: v.home.name,
    roles: roleOrder
      .filter((r) => v.roles.has(r))
      .map((r) => label("volunteers", "roles", r))
      .join("、"),
    active: label("volunteers", "active", String(v.active)),
    note: v.note,
  };
}

function buildingCells(b: Building): Cells {
  return {
    building: b.name,
    zone: b.zone,
    households: String(b.households),
    route_order: String(b.routeOrder),
    aliases: b.aliases,
  };
}

/**
 * The evening chain for `date`: enough gate crew, PCR marshals and trainers for the fixed posts,
 * at least one captain per zone, the rest random; listed in the order people "signed".
 */
function makeSignups(rng: Random, volunteers: readonly Volunteer[], scale: number, date: string): Cells[] {
  const active = volunteers.filter((v) => v.active);
  const withRole = (r: Role): Volunteer[] => active.filter((v) => v.roles.has(r));
  const chosen = new Set<Volunteer>();

  for (let z = 0; z < demoFigures.zones * scale; z++) {
    const [first, ...others] = rng.shuffle(withRole("captain").filter((v) => v.home.zoneIndex === z));
    if (first) chosen.add(first);
    for (const v of others) if (rng.chance(0.6)) chosen.add(v);
  }
  for (const v of rng.sample(withRole("gate"), 14 * scale)) chosen.add(v);
  for (const v of rng.sample(withRole("pcr"), 6 * scale)) chosen.add(v);
  for (const v of rng.sample(withRole("trainer"), 2 * scale)) chosen.add(v);
  const total = demoFigures.signups * scale;
  for (const v of rng.shuffle(active.filter((v) => !chosen.has(v)))) {
    if (chosen.size >= total) break;
    chosen.add(v);
  }

  const chain = rng.shuffle([...chosen]);
  // Pins: one gate volunteer to the morning sorting wave, one non-captain trainer to the briefing.
  const pins = new Map<Volunteer, string>();
  const gate = chain.find((v) => v.roles.has("gate"));
  if (gate) pins.set(gate, "P1");
  const trainer =
    chain.find((v) => v.roles.has("trainer") && !v.roles.has("captain")) ?? chain.find((v) => v.roles.has("trainer"));
  if (trainer && !pins.has(trainer)) pins.set(trainer, "P4");

  // Captains and pinned people come for the whole day; about 12% of the rest only AM, 10% only PM.
  const flexible = chain.filter((v) => !v.roles.has("captain") && !pins.has(v));
  const am = Math.round(total * 0.12);
  const pm = Math.round(total * 0.1);
  const slots: Availability[] = [
    ...Array<Availability>(am).fill("am"),
    ...Array<Availability>(pm).fill("pm"),
    ...Array<Availability>(Math.max(0, flexible.length - am - pm)).fill("all_day"),
  ];
  const availability = new Map<Volunteer, Availability>(
    rng.shuffle(slots).map((a, i) => [flexible[i] as Volunteer, a]),
  );

  return chain.map((v) => ({
    date,
    volunteer_id: v.id,
    name: v.name,
    availability: label("signups", "availability", availability.get(v) ?? "all_day"),
    pin: pins.get(v) ?? "",
    note: rng.chance(0.04) ? rng.pick(signupNotes) : "",
  }));
}

/**
 * The article's day. Route stages run back to back from 07:30 to 15:00 so a route volunteer puts on
 * one protective suit at assembly and takes it off after parcel round 2: garbage first (while the
 * morning wave is disinfected and sorted at the gate), round 1 once it is sorted, antigen kits in the
 * gap, round 2 once the gate has sorted the wave that arrives around noon. Gate waves split at 12:00
 * so AM-only and PM-only volunteers can each take one. The PCR-queue stage is dated two days on, off
 * the demo day, so the demo day itself is unambiguous while the sheet still shows how a one-off
 * screening day is written (the article's "antigen kits *or* PCR order").
 */
function workflowCells(date: string): Cells[] {
  const route = (step: string, task: string, start: string, end: string, extra: Cells = {}): Cells => ({
    step,
    task: label("workflow", "task", task),
    scope: label("workflow", "scope", "route"),
    start,
    end,
    ...extra,
  });
  const post = (
    step: string,
    task: string,
    start: string,
    end: string,
    headcount: number,
    role: Role,
    extra: Cells,
  ) => ({
    ...route(step, task, start, end, extra),
    scope: label("workflow", "scope", "post"),
    headcount: String(headcount),
    role: label("workflow", "role", role),
  });
  const wave = (v: "1" | "2"): string => label("workflow", "wave", v);
  const office = "居委会 Committee office";
  const gate = "小区大门 Main gate";
  const priority = "药品、冷链先送 Medicine and cold chain first";
  const sorting = "消杀后按楼栋分拣 Disinfect, then sort by building";
  return [
    route("R1", "assembly", "07:30", "08:00", { place: office, note: "先培训再分工 Training first, then assignment" }),
    route("R2", "garbage", "08:00", "09:00", { note: "垃圾带到大门口统一处理 Bags to the main gate" }),
    route("R3", "parcels_1", "09:00", "11:00", { wave: wave("1"), note: priority }),
    route("R4", "antigen", "11:00", "13:00"),
    route("R5", "pcr", "11:00", "13:00", { date: addDays(date, 2), note: "当天核酸筛查，不发抗原 Screening day" }),
    route("R6", "parcels_2", "13:00", "15:00", { wave: wave("2"), note: priority }),
    post("P1", "gate_sort", "07:00", "12:00", 6, "gate", { wave: wave("1"), place: gate, note: sorting }),
    post("P2", "gate_sort", "12:00", "17:00", 6, "gate", { wave: wave("2"), place: gate, note: sorting }),
    post("P3", "pcr_marshal", "07:00", "11:00", 4, "pcr", { place: "核酸采样点 PCR site" }),
    post("P4", "briefing_lead", "07:00", "08:00", 1, "trainer", { place: office }),
  ];
}

/** Two waves per building: ~0.5 and ~0.35 parcels per household, a few priority items. */
function makeParcels(rng: Random, buildings: readonly Building[], date: string): Cells[] {
  const waves = [
    { value: "1" as const, perHousehold: 0.5 },
    { value: "2" as const, perHousehold: 0.35 },
  ];
  const rows: Cells[] = [];
  for (const w of waves) {
    for (const b of buildings) {
      const count = Math.max(1, Math.round(b.households * w.perHousehold * (0.7 + 0.6 * rng.next())));
      const medicine = rng.chance(0.25) ? Math.min(count, rng.int(1, 3)) : 0;
      const coldChain = rng.chance(0.35) ? Math.min(count - medicine, rng.int(1, 6)) : 0;
      rows.push({
        date,
        wave: label("parcels", "wave", w.value),
        building: b.name,
        count: String(count),
        medicine: String(medicine),
        cold_chain: String(coldChain),
      });
    }
  }
  return rows;
}

/** Stock sized for a few days of ~120 volunteers; one suit per volunteer per day (the article's point). */
function suppliesCells(scale: number): Cells[] {
  const items = [
    { item: "防护服", unit: "套", stock: 420, per: "1", reorder: 150, note: "一天只穿一次 One suit a day" },
    { item: "口罩", unit: "个", stock: 1500, per: "2", reorder: 300, note: "N95" },
    { item: "手套", unit: "副", stock: 1100, per: "2", reorder: 300, note: "" },
    { item: "鞋套", unit: "双", stock: 520, per: "1", reorder: 150, note: "" },
    { item: "消毒液", unit: "升", stock: 60, per: "0.2", reorder: 20, note: "84消毒液 1:100 稀释" },
  ];
  return items.map((s) => ({
    item: s.item,
    unit: s.unit,
    stock: String(s.stock * scale),
    per_volunteer: s.per,
    reorder_level: String(s.reorder * scale),
    note: s.note,
  }));
}

/**
 * Engine inputs for tests and benchmarks, all deterministic for a seed.
 *
 * - `makeCompound(options)`: a synthetic compound shaped like the demo (4 zones × 8 buildings,
 *   1,380 households, ~120 sign-ups of which ~14 AM and ~12 PM, 8 captains, 24 gate, 12 pcr and
 *   4 trainers on the roster), scalable to a town (500 buildings, 5,000 volunteers) and small
 *   enough for property tests.
 * - `demoWorkbookInput()`: the real demo workbook (src/emulator/demo-compound.ts) read cell by
 *   cell the way the sheet adapter will, so the benchmark's "compound" row is the demo itself.
 * - `withYesterday(input, plan)`: the next day's input with yesterday's duties filled in.
 * - `hardRuleViolations(input, plan)`: the hard rules, checked from the outside;
 *   `shuffledInput` for order-independence.
 */
import { demoDefaults, generateDemoCompound } from "../../src/emulator/demo-compound.ts";
import { createRandom, hashSeed, type Random } from "../../src/emulator/seeded-random.ts";
import { optionLabel, tabSpec, type OrganizerTabKey } from "../../src/sheets/manifest.ts";
import { yesterdayOf } from "../../src/domain/plan/index.ts";
import type {
  Availability,
  BuildingInput,
  ParcelInput,
  Plan,
  PlanInput,
  StepInput,
  SupplyInput,
  VolunteerInput,
} from "../../src/domain/plan/index.ts";

export interface CompoundOptions {
  seed: number;
  date?: string;
  zones?: number;
  buildingsPerZone?: number;
  /** Total households; buildings are 24–72 households each, nudged to this total when it fits. */
  households?: number;
  roster?: number;
  signups?: number;
  amShare?: number;
  pmShare?: number;
  captainsPerZone?: number;
  gate?: number;
  pcr?: number;
  trainers?: number;
  /** Multiplies the fixed posts' headcounts (6, 6, 4, 1). */
  postScale?: number;
  /** Put the PCR queue (R5) on this date instead of two days later. */
  pcrDay?: boolean;
  /** Pins like the demo's: one gate volunteer to P1, one trainer to P4. */
  pins?: boolean;
  /** Sign-ups aged 50 or more (excluded by the age rule). */
  overAge?: number;
}

export const demoFigures = {
  zones: 4,
  buildingsPerZone: 8,
  households: 1380,
  roster: 320,
  signups: 120,
  amShare: 14 / 120,
  pmShare: 12 / 120,
  captainsPerZone: 2,
  gate: 24,
  pcr: 12,
  trainers: 4,
} as const;

export const townFigures = {
  zones: 50,
  buildingsPerZone: 10,
  households: 21_500,
  roster: 5000,
  signups: 5000,
  captainsPerZone: 2,
  gate: 375,
  pcr: 188,
  trainers: 62,
  postScale: 16,
} as const;

const DAY = "2022-04-19";

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The article's day: routes 07:30–15:00, gate waves split at noon, PCR marshals in the morning. */
export function demoWorkflow(date: string, options: { pcrDay?: boolean; postScale?: number } = {}): StepInput[] {
  const k = options.postScale ?? 1;
  return [
    { id: "R1", task: "assembly", scope: "route", start: "07:30", end: "08:00", place: "居委会" },
    { id: "R2", task: "garbage", scope: "route", start: "08:00", end: "09:00" },
    { id: "R3", task: "parcels_1", scope: "route", start: "09:00", end: "11:00", wave: 1 },
    { id: "R4", task: "antigen", scope: "route", start: "11:00", end: "13:00" },
    {
      id: "R5",
      task: "pcr",
      scope: "route",
      start: "11:00",
      end: "13:00",
      date: options.pcrDay ? date : addDays(date, 2),
    },
    { id: "R6", task: "parcels_2", scope: "route", start: "13:00", end: "15:00", wave: 2 },
    {
      id: "P1",
      task: "gate_sort",
      scope: "post",
      start: "07:00",
      end: "12:00",
      headcount: 6 * k,
      role: "gate",
      wave: 1,
    },
    {
      id: "P2",
      task: "gate_sort",
      scope: "post",
      start: "12:00",
      end: "17:00",
      headcount: 6 * k,
      role: "gate",
      wave: 2,
    },
    { id: "P3", task: "pcr_marshal", scope: "post", start: "07:00", end: "11:00", headcount: 4 * k, role: "pcr" },
    { id: "P4", task: "briefing_lead", scope: "post", start: "07:00", end: "08:00", headcount: 1 * k, role: "trainer" },
  ];
}

export function demoSupplies(scale = 1): SupplyInput[] {
  return [
    { item: "防护服", unit: "套", stock: 420 * scale, perVolunteer: 1, reorderLevel: 150 * scale },
    { item: "口罩", unit: "个", stock: 1500 * scale, perVolunteer: 2, reorderLevel: 300 * scale },
    { item: "手套", unit: "副", stock: 1100 * scale, perVolunteer: 2, reorderLevel: 300 * scale },
    { item: "鞋套", unit: "双", stock: 520 * scale, perVolunteer: 1, reorderLevel: 150 * scale },
    { item: "消毒液", unit: "升", stock: 60 * scale, perVolunteer: 0.2, reorderLevel: 20 * scale },
  ];
}

function makeBuildings(rng: Random, zones: number, perZone: number, households: number): BuildingInput[] {
  const n = zones * perZone;
  const sizes = Array.from({ length: n }, () => rng.int(24, 72));
  let gap = households - sizes.reduce((a, b) => a + b, 0);
  for (let guard = 0; gap !== 0 && guard < 200_000; guard++) {
    const i = rng.int(0, n - 1);
    const next = (sizes[i] ?? 0) + Math.sign(gap);
    if (next < 24 || next > 72) continue;
    sizes[i] = next;
    gap -= Math.sign(gap);
  }
  const out: BuildingInput[] = [];
  for (let z = 0; z < zones; z++) {
    const order = [...Array(perZone).keys()];
    for (let s = rng.int(0, 2); s > 0 && perZone > 1; s--) {
      const i = rng.int(0, perZone - 2);
      [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
    }
    for (let k = 0; k < perZone; k++) {
      const number = z * perZone + k + 1;
      out.push({
        id: `${number}号楼`,
        zone: `Z${z + 1}`,
        households: sizes[number - 1]!,
        routeOrder: order.indexOf(k) + 1,
      });
    }
  }
  return out;
}

export function makeParcels(rng: Random, buildings: readonly BuildingInput[]): ParcelInput[] {
  const rows: ParcelInput[] = [];
  for (const [wave, perHousehold] of [
    [1, 0.5],
    [2, 0.35],
  ] as const) {
    for (const b of buildings) {
      const count = Math.max(1, Math.round(b.households * perHousehold * (0.7 + 0.6 * rng.next())));
      const medicine = rng.chance(0.25) ? Math.min(count, rng.int(1, 3)) : 0;
      const coldChain = rng.chance(0.35) ? Math.min(count - medicine, rng.int(1, 6)) : 0;
      rows.push({ building: b.id, wave, count, medicine, coldChain });
    }
  }
  return rows;
}

/** A compound, its roster and one day's sign-ups; defaults give the demo's figures. */
export function makeCompound(options: CompoundOptions): PlanInput {
  const o = { ...demoFigures, date: DAY, postScale: 1, pcrDay: false, pins: true, overAge: 0, ...options };
  const roster = createRandom(hashSeed("plan-roster", o.seed));
  const day = createRandom(hashSeed("plan-day", o.seed, o.date));
  const buildings = makeBuildings(roster, o.zones, o.buildingsPerZone, o.households);
  const width = Math.max(3, String(o.roster).length);

  const people = Array.from({ length: o.roster }, (_, i) => ({
    id: `V${String(i + 1).padStart(width, "0")}`,
    age: roster.int(18, 49),
    home: roster.pick(buildings),
    roles: new Set<string>(),
  }));
  for (let z = 0; z < o.zones; z++) {
    const local = people.filter((p) => p.home.zone === `Z${z + 1}`);
    for (const p of roster.sample(local, Math.min(local.length, o.captainsPerZone))) p.roles.add("captain");
  }
  const plain = () => people.filter((p) => p.roles.size === 0);
  for (const [role, count] of [
    ["trainer", o.trainers],
    ["gate", o.gate],
    ["pcr", o.pcr],
  ] as const) {
    const pool = plain();
    for (const p of roster.sample(pool, Math.min(pool.length, count))) p.roles.add(role);
  }

  // The evening chain: enough of each role for the posts, a captain per zone, then anyone.
  const chosen = new Set<(typeof people)[number]>();
  const withRole = (r: string) => people.filter((p) => p.roles.has(r));
  const total = Math.min(o.signups, people.length);
  for (const [role, share] of [
    ["gate", 14 / 24],
    ["pcr", 0.5],
    ["trainer", 0.5],
    ["captain", 0.75],
  ] as const) {
    const pool = withRole(role);
    for (const p of day.sample(pool, Math.min(pool.length, Math.round(pool.length * share)))) {
      if (chosen.size < total) chosen.add(p);
    }
  }
  for (const p of day.shuffle(people)) {
    if (chosen.size >= total) break;
    chosen.add(p);
  }
  const chain = day.shuffle([...chosen]);
  const pins = new Map<(typeof people)[number], string>();
  if (o.pins) {
    const gate = chain.find((p) => p.roles.has("gate"));
    const trainer = chain.find((p) => p.roles.has("trainer"));
    if (gate) pins.set(gate, "P1");
    if (trainer) pins.set(trainer, "P4");
  }
  const flexible = chain.filter((p) => !p.roles.has("captain") && !pins.has(p));
  const am = Math.round(total * o.amShare);
  const pm = Math.round(total * o.pmShare);
  const slots = day.shuffle(flexible.map((_, i): Availability => (i < am ? "am" : i < am + pm ? "pm" : "all_day")));
  const availability = new Map(flexible.map((p, i) => [p, slots[i] ?? "all_day"]));
  const overAge = new Set(day.sample(chain, Math.min(chain.length, o.overAge)));

  const volunteers: VolunteerInput[] = chain.map((p) => ({
    id: p.id,
    age: overAge.has(p) ? 50 + day.int(0, 15) : p.age,
    availability: availability.get(p) ?? "all_day",
    roles: [...p.roles].sort(),
    homeBuilding: p.home.id,
    pin: pins.get(p) ?? null,
    yesterday: null,
  }));

  return {
    date: o.date,
    seed: o.seed,
    buildings,
    volunteers,
    workflow: demoWorkflow(o.date, { pcrDay: o.pcrDay, postScale: o.postScale }),
    parcels: makeParcels(day, buildings),
    supplies: demoSupplies(Math.max(1, Math.round(o.roster / demoFigures.roster))),
  };
}

export function townCompound(seed = 7): PlanInput {
  return makeCompound({ seed, ...townFigures });
}

/** The next day: same roster and sign-ups, yesterday's duties from `plan`, fresh parcels. */
export function withYesterday(input: PlanInput, plan: Plan, options: { parcels?: boolean } = {}): PlanInput {
  const yesterday = yesterdayOf(plan);
  const date = addDays(input.date, 1);
  const rng = createRandom(hashSeed("plan-next-day", input.seed, date));
  return {
    ...input,
    date,
    volunteers: input.volunteers.map((v) => ({ ...v, yesterday: yesterday[v.id] ?? null })),
    parcels: options.parcels === false ? input.parcels : makeParcels(rng, input.buildings),
    previous: null,
  };
}

// ---------------------------------------------------------------------------------------------
// The demo workbook, read the way the sheet adapter reads it
// ---------------------------------------------------------------------------------------------

function records(tab: OrganizerTabKey, rows: readonly string[][]): Record<string, string>[] {
  const keys = tabSpec(tab).columns.map((c) => c.key);
  return rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i] ?? ""])));
}

function values(tab: OrganizerTabKey, column: string): Map<string, string> {
  const options = tabSpec(tab).columns.find((c) => c.key === column)?.options ?? [];
  return new Map(options.map((o) => [optionLabel(o), o.value]));
}

/** The committed demo compound (seed 20220419) for `date`, as engine input. */
export function demoWorkbookInput(date: string = demoDefaults.date, seed = 1): PlanInput {
  const demo = generateDemoCompound({ seed: demoDefaults.seed, date });
  const tab = (key: OrganizerTabKey) => records(key, demo.tabs[key].rows);
  const roleOf = values("volunteers", "roles");
  const roster = new Map(tab("volunteers").map((r) => [r.volunteer_id, r]));
  const availability = values("signups", "availability");
  const task = values("workflow", "task");
  const scope = values("workflow", "scope");
  const role = values("workflow", "role");
  const wave = values("workflow", "wave");
  const parcelWave = values("parcels", "wave");

  const buildings = tab("buildings").map((r) => ({
    id: r.building!,
    zone: r.zone!,
    households: Number(r.households),
    routeOrder: Number(r.route_order),
  }));
  const volunteers: VolunteerInput[] = tab("signups").map((s) => {
    const v = roster.get(s.volunteer_id!)!;
    return {
      id: s.volunteer_id!,
      age: Number(v.age),
      availability: availability.get(s.availability!) as Availability,
      roles: (v.roles ?? "")
        .split("、")
        .filter(Boolean)
        .map((label) => roleOf.get(label)!),
      homeBuilding: v.home_building ?? null,
      pin: s.pin || null,
      yesterday: null,
      trained: Boolean(v.trained_on),
    };
  });
  const workflow: StepInput[] = tab("workflow").map((r) => ({
    id: r.step!,
    task: task.get(r.task!)!,
    scope: scope.get(r.scope!) as "route" | "post",
    start: r.start!,
    end: r.end!,
    headcount: r.headcount ? Number(r.headcount) : null,
    role: r.role ? role.get(r.role)! : null,
    wave: r.wave ? Number(wave.get(r.wave)) : null,
    place: r.place || null,
    date: r.date || null,
  }));
  const parcels: ParcelInput[] = tab("parcels").map((r) => ({
    building: r.building!,
    wave: Number(parcelWave.get(r.wave!)),
    count: Number(r.count),
    medicine: Number(r.medicine),
    coldChain: Number(r.cold_chain),
  }));
  const supplies: SupplyInput[] = tab("supplies").map((r) => ({
    item: r.item!,
    unit: r.unit!,
    stock: Number(r.stock),
    perVolunteer: Number(r.per_volunteer),
    reorderLevel: Number(r.reorder_level),
  }));
  return { date, seed, buildings, volunteers, workflow, parcels, supplies };
}

// ---------------------------------------------------------------------------------------------
// The hard rules, checked from the outside (independently of the engine's own bookkeeping)
// ---------------------------------------------------------------------------------------------

const minutes = (t: string | number): number =>
  typeof t === "number" ? t : Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Every hard rule of the issue, as a list of broken ones (empty when the plan is sound). */
export function hardRuleViolations(input: PlanInput, plan: Plan): string[] {
  const problems: string[] = [];
  const maxAge = input.rules?.maxAge ?? 50;
  const capacity = input.rules?.routeCapacity ?? 200;
  const amEnd = 12 * 60;
  const windows: Record<Availability, [number, number]> = { all_day: [0, 1440], am: [0, amEnd], pm: [amEnd, 1440] };
  const today = input.workflow.filter((s) => !s.date || s.date === input.date);
  const posts = new Map(today.filter((s) => s.scope === "post").map((s) => [s.id, s]));
  const byId = new Map(input.volunteers.map((v) => [v.id, v]));
  const seen = new Set<string>();

  for (const a of plan.assignments) {
    const v = byId.get(a.volunteerId);
    if (!v) {
      problems.push(`${a.volunteerId} is assigned but did not sign up`);
      continue;
    }
    if (seen.has(a.volunteerId)) problems.push(`${a.volunteerId} has two assignments`);
    seen.add(a.volunteerId);
    if (!(v.age < maxAge)) problems.push(`${v.id} is ${v.age}, over the age limit`);
    const [from, to] = windows[v.availability];
    if (minutes(a.start) < from || minutes(a.end) > to || minutes(a.end) < minutes(a.start)) {
      problems.push(`${v.id} (${v.availability}) works ${a.start}-${a.end}`);
    }
    if (a.kind === "post") {
      // A crew member may hold several shifts as one block (a.shifts): each must run today, need
      // a role they have, list them, and the block must be exactly those shifts' hours.
      const shifts = a.shifts ?? [a.postId ?? ""];
      if (a.shifts && a.shifts[0] !== a.postId) problems.push(`${v.id}'s shifts do not start with ${a.postId}`);
      for (const id of shifts) {
        const post = posts.get(id);
        if (!post) problems.push(`${v.id} is on ${id}, which does not run today`);
        else if (post.role && !v.roles.includes(post.role)) problems.push(`${v.id} lacks role ${post.role} for ${id}`);
        if (!plan.posts.find((p) => p.id === id)?.volunteerIds.includes(v.id))
          problems.push(`${v.id} is on ${id}, which does not list them`);
      }
      const hours = shifts.flatMap((id) => {
        const post = posts.get(id);
        return post ? [[minutes(post.start), minutes(post.end)] as const] : [];
      });
      if (
        hours.length > 0 &&
        (minutes(a.start) !== Math.min(...hours.map((h) => h[0])) ||
          minutes(a.end) !== Math.max(...hours.map((h) => h[1])))
      )
        problems.push(`${v.id} works ${a.start}-${a.end}, not the hours of ${shifts.join("+")}`);
    }
    if (a.kind === "route" && !plan.routes.some((r) => r.id === a.postId && r.volunteerIds.includes(v.id))) {
      problems.push(`${v.id} is on route ${a.postId}, which does not list them`);
    }
  }
  for (const v of input.volunteers) {
    if (v.age < maxAge && !seen.has(v.id) && !plan.excluded.some((e) => e.volunteerId === v.id)) {
      problems.push(`${v.id} signed up but is neither assigned nor excluded`);
    }
  }

  for (const p of plan.posts) {
    if (p.volunteerIds.length > p.headcount) problems.push(`${p.id} has ${p.volunteerIds.length} > ${p.headcount}`);
    for (const id of p.volunteerIds) {
      const a = plan.assignments.find((x) => x.volunteerId === id);
      if (!a || a.kind !== "post" || !(a.shifts ?? [a.postId]).includes(p.id))
        problems.push(`${p.id} lists ${id}, not on it`);
    }
  }

  const zoneOf = new Map(input.buildings.map((b) => [b.id, b.zone]));
  const routed = new Map<string, string>();
  for (const r of plan.routes) {
    if (r.volunteerIds.length === 0) problems.push(`route ${r.id} has nobody`);
    if (r.load > capacity * Math.max(1, r.volunteerIds.length) + 1e-6 && r.buildings.length > 1) {
      problems.push(`route ${r.id} load ${r.load} exceeds what ${r.volunteerIds.length} people carry`);
    }
    for (const b of r.buildings) {
      if (routed.has(b)) problems.push(`${b} is on ${routed.get(b)} and ${r.id}`);
      routed.set(b, r.id);
      if (zoneOf.get(b) !== r.zone) problems.push(`${b} is not in zone ${r.zone}`);
    }
  }
  for (const b of plan.uncovered) if (routed.has(b)) problems.push(`${b} is both uncovered and on ${routed.get(b)}`);
  for (const b of input.buildings) {
    if (!routed.has(b.id) && !plan.uncovered.includes(b.id)) problems.push(`${b.id} is neither routed nor uncovered`);
  }
  if (plan.uncovered.length > 0 && !plan.shortfalls.some((s) => s.need === "route" && s.count > 0)) {
    problems.push("buildings are uncovered but no shortfall says what it would take");
  }

  for (const v of input.volunteers) {
    if (!v.pin) continue;
    const outcomes = plan.pins.filter((p) => p.volunteerId === v.id);
    if (outcomes.length !== 1) {
      problems.push(`${v.id}'s pin ${v.pin} has ${outcomes.length} outcomes`);
      continue;
    }
    const o = outcomes[0]!;
    const a = plan.assignments.find((x) => x.volunteerId === v.id);
    if (o.status === "impossible" && !o.reason) problems.push(`${v.id}'s pin failed without a reason`);
    if (o.status === "honoured") {
      const pin = v.pin.trim();
      const ok =
        a !== undefined &&
        (pin.toLowerCase() === "standby"
          ? a.kind === "standby"
          : posts.has(pin)
            ? a.kind === "post" && (a.shifts ?? [a.postId]).includes(pin)
            : a.kind === "route" && (zoneOf.has(pin) ? a.buildings.includes(pin) : true));
      if (!ok) problems.push(`${v.id}'s pin ${pin} is reported honoured but they are on ${a?.kind} ${a?.postId}`);
    }
  }
  return problems;
}

/** A copy with every list shuffled (same content): the plan must not depend on row order. */
export function shuffledInput(input: PlanInput, seed: number): PlanInput {
  const rng = createRandom(hashSeed("shuffle", seed));
  return {
    ...input,
    buildings: rng.shuffle(input.buildings),
    volunteers: rng.shuffle(input.volunteers).map((v) => ({ ...v, roles: rng.shuffle(v.roles) })),
    workflow: rng.shuffle(input.workflow),
    parcels: rng.shuffle(input.parcels),
    supplies: rng.shuffle(input.supplies),
  };
}

// ---------------------------------------------------------------------------------------------
// Small random days, for the property tests and the exact oracle (≤ 12 buildings, ≤ 15 people)
// ---------------------------------------------------------------------------------------------

export interface SmallDayOptions {
  /** Most buildings (1–12). */
  maxBuildings?: number;
  /** Most sign-ups (0–15). */
  maxPeople?: number;
  /** Share of people with a pin (of any kind, valid or not). */
  pinShare?: number;
  /** Let some rows repeat (a duplicate volunteer or building). */
  duplicates?: boolean;
  /** Give people a random duty yesterday. */
  yesterday?: boolean;
}

/** Every kind of pin an organizer can type: posts of today and another day, buildings, routes, standby, typos. */
const PIN_KINDS = [
  "P1",
  "P2",
  "P3",
  "P4",
  "R5",
  "R3",
  "route",
  "Route",
  "standby",
  "Standby",
  " STANDBY ",
  "P9",
  "99号楼",
];

/**
 * A small random day, deterministic for `seed`: 1–3 zones, up to 12 buildings of 5–150
 * households (now and then one too heavy for one person), parcels on some, the demo's workflow
 * with 0–3 people a post (routes sometimes in the morning only, so AM people can walk them),
 * and up to 15 people with random hours, roles, homes and pins of every kind.
 */
export function smallDay(seed: number, options: SmallDayOptions = {}): PlanInput {
  const rng = createRandom(hashSeed("small-day", seed));
  const maxBuildings = Math.max(1, Math.min(12, options.maxBuildings ?? 12));
  const maxPeople = Math.max(0, Math.min(15, options.maxPeople ?? 15));
  const zones = rng.int(1, 3);
  const n = rng.int(1, maxBuildings);
  const buildings: BuildingInput[] = Array.from({ length: n }, (_, i) => ({
    id: `${i + 1}号楼`,
    zone: `Z${rng.int(1, zones)}`,
    households: rng.chance(0.08) ? rng.int(201, 320) : rng.int(5, 150),
    routeOrder: rng.int(1, n),
  }));
  const parcels: ParcelInput[] = buildings.flatMap((b) =>
    rng.chance(0.5)
      ? [{ building: b.id, wave: rng.int(1, 2), count: rng.int(1, 40), medicine: rng.int(0, 1), coldChain: 0 }]
      : [],
  );
  const morning = rng.chance(0.2);
  const workflow = demoWorkflow(DAY, { pcrDay: rng.chance(0.3) }).map((s) => {
    if (s.scope === "post") return { ...s, headcount: rng.int(0, 3) };
    if (!morning) return s;
    // 07:30–15:00 squeezed into 07:30–11:15: AM people can walk these routes.
    const squeeze = (t: string | number): number => 450 + (minutes(t) - 450) / 2;
    return { ...s, start: squeeze(s.start), end: squeeze(s.end) };
  });
  const roles = ["gate", "pcr", "trainer", "captain"];
  const people = rng.int(0, maxPeople);
  const pinShare = options.pinShare ?? 0.3;
  const volunteers: VolunteerInput[] = Array.from({ length: people }, (_, i) => {
    const home = rng.pick(buildings);
    const pin = rng.chance(pinShare) ? (rng.chance(0.3) ? rng.pick(buildings).id : rng.pick(PIN_KINDS)) : null;
    const yesterday: VolunteerInput["yesterday"] = !options.yesterday
      ? null
      : rng.chance(0.4)
        ? { kind: "route", buildings: rng.sample(buildings, rng.int(1, Math.min(3, n))).map((b) => b.id) }
        : rng.chance(0.3)
          ? { kind: "post", postId: rng.pick(["P1", "P2", "P3", "P4"]) }
          : null;
    return {
      id: `V${String(i + 1).padStart(2, "0")}`,
      age: rng.chance(0.05) ? 50 + rng.int(0, 10) : rng.int(18, 49),
      availability: rng.weighted<Availability>([
        ["all_day", 6],
        ["am", 2],
        ["pm", 2],
      ]),
      roles: roles.filter(() => rng.chance(0.3)),
      homeBuilding: rng.chance(0.9) ? home.id : null,
      pin,
      yesterday,
    };
  });
  if (options.duplicates && volunteers.length > 0 && rng.chance(0.5)) {
    volunteers.push({ ...rng.pick(volunteers), availability: rng.pick(["all_day", "am", "pm"] as const) });
  }
  if (options.duplicates && rng.chance(0.5)) buildings.push({ ...rng.pick(buildings), households: rng.int(5, 150) });
  return { date: DAY, seed, buildings, volunteers, workflow, parcels, supplies: demoSupplies() };
}

/** Routes that are not one unbroken stretch of their zone's walking order (empty when all are). */
export function contiguityViolations(input: PlanInput, plan: Plan): string[] {
  const byZone = new Map<string, BuildingInput[]>();
  for (const b of input.buildings) byZone.set(b.zone, [...(byZone.get(b.zone) ?? []), b]);
  const position = new Map<string, number>();
  for (const list of byZone.values()) {
    list.sort((a, b) => a.routeOrder - b.routeOrder || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    list.forEach((b, i) => position.set(b.id, i));
  }
  const problems: string[] = [];
  for (const r of plan.routes) {
    const at = r.buildings.map((b) => position.get(b) ?? -1);
    const consecutive = at.every((p, i) => i === 0 || p === at[i - 1]! + 1);
    if (!consecutive) problems.push(`route ${r.id} walks ${r.buildings.join(",")} (positions ${at.join(",")})`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// An exact oracle for small days, written independently of the engine
// ---------------------------------------------------------------------------------------------

export interface SmallDayFacts {
  /** Today's posts in input order: hours, role, headcount, whether it is gate crew (before routes). */
  posts: {
    id: string;
    task: string;
    start: number;
    end: number;
    role: string | null;
    headcount: number;
    before: boolean;
  }[];
  /**
   * Crews: posts of one task and role where each starts at most an hour after the previous one
   * ends (indices into `posts`, in time order); one person may hold every shift of one.
   */
  crews: number[][];
  routeBlock: [number, number] | null;
  /** Eligible people (under the age limit, first row of an ID), with what they can do. */
  people: { id: string; walker: boolean; fits: number[] }[];
  /** Buildings per zone in walking order, with their loads. */
  zones: { zone: string; buildings: { id: string; households: number; load: number }[] }[];
  capacity: number;
}

/** The day's facts straight from the input (no pins, no duplicates expected). */
export function smallDayFacts(input: PlanInput): SmallDayFacts {
  const capacity = input.rules?.routeCapacity ?? 200;
  const windows: Record<Availability, [number, number]> = { all_day: [0, 1440], am: [0, 720], pm: [720, 1440] };
  const today = input.workflow.filter((s) => !s.date || s.date === input.date);
  const dated = today.filter((s) => s.date);
  const kept = today.filter(
    (s) =>
      s.date ||
      !dated.some(
        (d) =>
          d.scope === s.scope &&
          minutes(d.start) < minutes(s.end) &&
          minutes(s.start) < minutes(d.end) &&
          (s.scope === "route" || d.task === s.task),
      ),
  );
  const routeSteps = kept.filter((s) => s.scope === "route");
  const routeBlock: [number, number] | null =
    routeSteps.length === 0
      ? null
      : [Math.min(...routeSteps.map((s) => minutes(s.start))), Math.max(...routeSteps.map((s) => minutes(s.end)))];
  const posts = kept
    .filter((s) => s.scope === "post")
    .map((s) => ({
      id: s.id,
      task: s.task,
      start: minutes(s.start),
      end: minutes(s.end),
      role: s.role ?? null,
      headcount: s.headcount ?? 0,
      before: s.task === "gate_sort",
    }));
  const crews: number[][] = [];
  const byStart = posts.map((_, i) => i).sort((a, b) => posts[a]!.start - posts[b]!.start);
  for (const i of byStart) {
    const p = posts[i]!;
    if (p.headcount === 0) continue;
    const crew = crews.find((c) => {
      const last = posts[c[c.length - 1]!]!;
      return last.task === p.task && last.role === p.role && p.start >= last.end && p.start - last.end <= 60;
    });
    if (crew) crew.push(i);
    else crews.push([i]);
  }
  const maxAge = input.rules?.maxAge ?? 50;
  const people = input.volunteers
    .filter((v) => v.age < maxAge)
    .map((v) => {
      const [from, to] = windows[v.availability];
      return {
        id: v.id,
        walker: routeBlock !== null && from <= routeBlock[0] && routeBlock[1] <= to,
        fits: posts.flatMap((p, i) =>
          from <= p.start && p.end <= to && (p.role === null || v.roles.includes(p.role)) ? [i] : [],
        ),
      };
    });
  const parcels = new Map<string, number>();
  for (const p of input.parcels) parcels.set(p.building, (parcels.get(p.building) ?? 0) + p.count);
  const zoneNames = [...new Set(input.buildings.map((b) => b.zone))].sort();
  const zones = zoneNames.map((zone) => ({
    zone,
    buildings: input.buildings
      .filter((b) => b.zone === zone)
      .sort((a, b) => a.routeOrder - b.routeOrder || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((b) => ({ id: b.id, households: b.households, load: b.households + (parcels.get(b.id) ?? 0) })),
  }));
  return { posts, crews: crews.filter((c) => c.length > 1), routeBlock, people, zones, capacity };
}

/**
 * Walkers that cover every building: a building over one person's capacity needs a team of its
 * own (ceil(load / capacity)); the rest of a zone's walk, between such buildings, is cut into
 * as few stretches of at most one capacity as possible (trying every cut).
 */
export function oracleWalkersToCoverAll(facts: SmallDayFacts): number {
  let total = 0;
  for (const { buildings } of facts.zones) {
    let stretch: number[] = [];
    const flush = () => {
      // fewest[i]: fewest routes for the first i buildings of the stretch.
      const fewest = [0];
      for (let i = 1; i <= stretch.length; i++) {
        let best = Infinity;
        let load = 0;
        for (let j = i; j >= 1; j--) {
          load += stretch[j - 1]!;
          if (load > facts.capacity) break;
          best = Math.min(best, fewest[j - 1]! + 1);
        }
        fewest.push(best);
      }
      total += fewest[stretch.length]!;
      stretch = [];
    };
    for (const b of buildings) {
      if (b.load > facts.capacity) {
        flush();
        total += Math.ceil(b.load / facts.capacity);
      } else stretch.push(b.load);
    }
    flush();
  }
  return total;
}

/**
 * The best cover for every walker count 0..max, by brute force over every set of buildings:
 * a set's cost is a team of ceil(load / capacity) for each building over capacity, plus, for
 * each unbroken covered stretch of a zone's walk between those, the fewest contiguous routes of
 * at most one capacity. Worth: households × (buildings + 1) + buildings (most households first).
 */
export function oracleCoverCurve(facts: SmallDayFacts, max: number): number[] {
  const all = facts.zones.flatMap((z) => z.buildings.map((b, i) => ({ ...b, zone: z.zone, first: i === 0 })));
  const n = all.length;
  const scale = n + 1;
  const best = new Array<number>(max + 1).fill(0);
  const fewest = (loads: number[]) =>
    oracleWalkersToCoverAll({
      ...facts,
      zones: [{ zone: "", buildings: loads.map((load) => ({ id: "", households: 0, load })) }],
    });
  for (let mask = 1; mask < 1 << n; mask++) {
    let need = 0;
    let worth = 0;
    let stretch: number[] = [];
    for (let i = 0; i < n; i++) {
      const b = all[i]!;
      if (b.first || !(mask & (1 << i)) || b.load > facts.capacity) {
        need += fewest(stretch);
        stretch = [];
      }
      if (!(mask & (1 << i))) continue;
      worth += b.households * scale + 1;
      if (b.load > facts.capacity) need += Math.ceil(b.load / facts.capacity);
      else stretch.push(b.load);
    }
    need += fewest(stretch);
    for (let w = need; w <= max; w++) best[w] = Math.max(best[w]!, worth);
  }
  return best;
}

/**
 * The best post places by exhaustive dynamic programming over people (state: places left on
 * each post, walkers kept free so far), maximizing in order: gate-crew places, the cover the
 * walkers kept free can give (`cover[w]`), other posts' places. A person takes one post or
 * every shift of one crew.
 */
export function oraclePostPlaces(
  facts: SmallDayFacts,
  cover: readonly number[],
): { gate: number; cover: number; after: number } {
  type Value = [number, number, number];
  const better = (a: Value, b: Value) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  let states = new Map<string, [number, number]>([[JSON.stringify([facts.posts.map((p) => p.headcount), 0]), [0, 0]]]);
  for (const person of facts.people) {
    const next = new Map<string, [number, number]>();
    const offer = (left: number[], walkers: number, value: [number, number]) => {
      const key = JSON.stringify([left, walkers]);
      const old = next.get(key);
      if (!old || value[0] > old[0] || (value[0] === old[0] && value[1] > old[1])) next.set(key, value);
    };
    for (const [key, value] of states) {
      const [left, walkers] = JSON.parse(key) as [number[], number];
      offer(left, walkers + (person.walker ? 1 : 0), value); // kept free: walks a route or stands by
      for (const p of person.fits) {
        if (left[p]! <= 0) continue;
        const after = left.map((x, i) => (i === p ? x - 1 : x));
        const gate = facts.posts[p]!.before;
        offer(after, walkers, [value[0] + (gate ? 1 : 0), value[1] + (gate ? 0 : 1)]);
      }
      // Or every shift of a crew, as one block.
      for (const crew of facts.crews) {
        if (!crew.every((p) => person.fits.includes(p) && left[p]! > 0)) continue;
        const after = left.map((x, i) => (crew.includes(i) ? x - 1 : x));
        const gate = crew.filter((p) => facts.posts[p]!.before).length;
        offer(after, walkers, [value[0] + gate, value[1] + crew.length - gate]);
      }
    }
    states = next;
  }
  let best: Value = [0, 0, 0];
  for (const [key, [gate, after]] of states) {
    const walkers = (JSON.parse(key) as [number[], number])[1];
    const value: Value = [gate, cover[Math.min(walkers, cover.length - 1)] ?? 0, after];
    if (better(value, best) > 0) best = value;
  }
  return { gate: best[0], cover: best[1], after: best[2] };
}

/**
 * The least possible heaviest route over `covered` buildings cut into `routes` routes, by brute
 * force over every cut: a route is an unbroken stretch of one zone's walk (never across an
 * uncovered building), a building over capacity is a route of its own, the rest stay within
 * capacity. Infinity when no cut fits.
 */
export function oracleMaxLoad(facts: SmallDayFacts, covered: ReadonlySet<string>, routes: number): number {
  // Places between consecutive covered buildings where a cut is optional.
  const pieces: { load: number; big: boolean; joinsPrevious: boolean }[] = [];
  for (const { buildings } of facts.zones) {
    let previousCovered = false;
    let previousBig = false;
    for (const b of buildings) {
      if (!covered.has(b.id)) {
        previousCovered = false;
        continue;
      }
      const big = b.load > facts.capacity;
      pieces.push({ load: b.load, big, joinsPrevious: previousCovered && !big && !previousBig });
      previousCovered = true;
      previousBig = big;
    }
  }
  const optional = pieces.flatMap((p, i) => (p.joinsPrevious ? [i] : []));
  let best = Infinity;
  for (let mask = 0; mask < 1 << optional.length; mask++) {
    const cutAt = new Set(optional.filter((_, j) => mask & (1 << j)));
    let count = 0;
    let max = 0;
    let load = 0;
    let fits = true;
    pieces.forEach((p, i) => {
      const joins = p.joinsPrevious && !cutAt.has(i);
      if (!joins) {
        count++;
        load = 0;
      }
      load += p.load;
      if (!p.big && load > facts.capacity) fits = false;
      max = Math.max(max, load);
    });
    if (fits && count === routes) best = Math.min(best, max);
  }
  return best;
}

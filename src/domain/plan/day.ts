/**
 * The day as the engine sees it: inputs sorted into a canonical order (so the plan never depends
 * on the order rows arrive in), the workflow cut down to this date, loads per building, each
 * volunteer's availability window, and who cannot be on duty at all.
 */
import { taskTitle, text } from "./messages.ts";
import { resolveRules, type PlanRules } from "./rules.ts";
import { compareText, seededHash } from "./seeded-hash.ts";
import { overlaps, toMinutes, type Interval } from "./time.ts";
import type {
  Availability,
  Bilingual,
  Exclusion,
  Notice,
  PlanInput,
  StepInput,
  SupplyInput,
  VolunteerInput,
  YesterdayDuty,
} from "./types.ts";

export interface WaveCount {
  parcels: number;
  medicine: number;
  coldChain: number;
}

export interface DayBuilding {
  idx: number;
  id: string;
  zone: string;
  households: number;
  routeOrder: number;
  /** Position in its zone's walking sequence (0-based). */
  pos: number;
  parcels: number;
  load: number;
  byWave: Map<number, WaveCount>;
}

export interface DayStep extends Interval, Bilingual {
  id: string;
  task: string;
  scope: "route" | "post";
  headcount: number;
  role: string | null;
  wave: number | null;
  place: string | null;
  beforeRoutes: boolean;
  newCrew: boolean;
}

export interface DayVolunteer {
  idx: number;
  id: string;
  input: VolunteerInput;
  availability: Availability;
  window: Interval;
  roles: Set<string>;
  captain: boolean;
  /** Building index of home, or -1. */
  home: number;
  tie: number;
  /** The window covers the whole route block. */
  routeCapable: boolean;
  yesterday: YesterdayDuty | null;
  /** Yesterday's route buildings that still exist (indices). */
  yesterdayRoute: number[];
  pin: string | null;
  /** False only when the sheet says never trained (blank 培训日期). */
  trained: boolean;
  /**
   * Untrained: the morning training's end (training first, then duty), so no post that starts
   * before it; 0 for everyone else. Routes begin with the assembly and training themselves.
   */
  postsFrom: number;
}

/** What the plan calls a volunteer in a sentence: their roster name, else their ID. */
export function displayName(v: DayVolunteer): string {
  return v.input.name?.trim() || v.id;
}

export interface DayContext {
  date: string;
  seed: number;
  rules: PlanRules;
  /** Sorted by zone, then walking order, then ID. */
  buildings: DayBuilding[];
  buildingById: Map<string, number>;
  /** Zones in order with their buildings' indices in walking order. */
  zones: { zone: string; seq: number[] }[];
  routeSteps: DayStep[];
  /** Posts in the day's order (start, then ID). */
  posts: DayStep[];
  postById: Map<string, number>;
  /**
   * Crews of two or more shifts held as one block (post indices in day order, see
   * `crewsOf`); `crewOf[p]` is the crew of post `p`, or -1 when its shift stands alone.
   */
  crews: number[][];
  crewOf: number[];
  /** Dated-away steps of any date, so a pin to one can say "not today". */
  otherDaySteps: Set<string>;
  replaced: { stepId: string; by: string }[];
  routeBlock: Interval | null;
  /** First start to last end of anything today; standby wait inside it. */
  dutySpan: Interval | null;
  /** Sorted by ID; only people who may be on duty. */
  volunteers: DayVolunteer[];
  volunteerById: Map<string, number>;
  /** The one row kept per sign-up ID (canonical among duplicates), excluded people included. */
  signupById: Map<string, VolunteerInput>;
  excluded: Exclusion[];
  supplies: SupplyInput[];
  /** Waves with parcels or a round today, ascending. */
  waves: number[];
  warnings: Notice[];
}

export function buildDay(input: PlanInput): DayContext {
  const rules = resolveRules(input.rules);
  const warnings: Notice[] = [];

  const { buildings, buildingById, zones } = buildBuildings(input, rules, warnings);
  const steps = stepsForDay(input.workflow, input.date, rules);
  const routeSteps = steps.kept.filter((s) => s.scope === "route");
  const posts = steps.kept.filter((s) => s.scope === "post");
  const routeBlock = span(routeSteps);
  const dutySpan = span(steps.kept);
  if (routeSteps.length === 0) warnings.push(text.noRouteSteps());

  const waveSet = new Set<number>();
  for (const b of buildings) for (const w of b.byWave.keys()) waveSet.add(w);
  const roundWaves = new Set(routeSteps.flatMap((s) => (s.wave === null ? [] : [s.wave])));
  for (const w of roundWaves) waveSet.add(w);
  const waves = [...waveSet].sort((a, b) => a - b);
  for (const w of waves) if (!roundWaves.has(w) && routeSteps.length > 0) warnings.push(text.waveWithoutRound(w));

  // The morning training: the assembly stage, else the briefing lead's post (see training.ts).
  const training =
    routeSteps.find((s) => s.task === "assembly") ?? posts.find((s) => s.task === "briefing_lead") ?? null;
  const { volunteers, excluded, signupById } = buildVolunteers(
    input,
    rules,
    buildingById,
    routeBlock,
    dutySpan,
    training?.end ?? 0,
  );
  const crews = crewsOf(posts, rules);
  const crewOf = posts.map(() => -1);
  crews.forEach((crew, c) => {
    for (const p of crew) crewOf[p] = c;
  });

  return {
    date: input.date,
    seed: input.seed,
    rules,
    buildings,
    buildingById,
    zones,
    routeSteps,
    posts,
    postById: new Map(posts.map((p, i) => [p.id, i])),
    crews,
    crewOf,
    otherDaySteps: steps.otherDay,
    replaced: steps.replaced,
    routeBlock,
    dutySpan,
    volunteers,
    volunteerById: new Map(volunteers.map((v) => [v.id, v.idx])),
    signupById,
    excluded,
    supplies: [...input.supplies].sort((a, b) => compareText(a.item, b.item)),
    waves,
    warnings,
  };
}

/**
 * Rows in a canonical order: by ID, then by their whole content, so when two rows share an ID
 * (the validator stops that, but the engine must not care) the one kept never depends on the
 * order the rows came in.
 */
function canonicalRows<T extends { id: string }>(rows: readonly T[], content: (row: T) => string): T[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const row of rows) (seen.has(row.id) ? repeated : seen).add(row.id);
  // Only rows sharing an ID need their content as a key (serializing every row costs ms in a town).
  const keyed = rows.map((row) => ({ row, key: repeated.has(row.id) ? content(row) : "" }));
  keyed.sort((a, b) => compareText(a.row.id, b.row.id) || compareText(a.key, b.key));
  return keyed.map((k) => k.row);
}

function buildBuildings(input: PlanInput, rules: PlanRules, warnings: Notice[]) {
  const seen = new Set<string>();
  const canonical = canonicalRows(input.buildings, (b) => JSON.stringify([b.zone, b.households, b.routeOrder]));
  const rows = canonical.filter((b) => {
    if (seen.has(b.id)) {
      warnings.push(text.duplicateBuilding(b.id));
      return false;
    }
    seen.add(b.id);
    return true;
  });
  rows.sort((a, b) => compareText(a.zone, b.zone) || a.routeOrder - b.routeOrder || compareText(a.id, b.id));

  const byWave = new Map<string, Map<number, WaveCount>>();
  const unknown = new Set<string>();
  for (const p of input.parcels) {
    if (!seen.has(p.building)) {
      unknown.add(p.building);
      continue;
    }
    const waves = byWave.get(p.building) ?? new Map<number, WaveCount>();
    byWave.set(p.building, waves);
    const w = waves.get(p.wave) ?? { parcels: 0, medicine: 0, coldChain: 0 };
    // Two rows for one building and wave (two deliveries) add up.
    waves.set(p.wave, {
      parcels: w.parcels + p.count,
      medicine: w.medicine + p.medicine,
      coldChain: w.coldChain + p.coldChain,
    });
  }
  for (const id of [...unknown].sort(compareText)) warnings.push(text.parcelsUnknownBuilding(id));

  const zones: { zone: string; seq: number[] }[] = [];
  const buildings: DayBuilding[] = rows.map((b, idx) => {
    const waves = byWave.get(b.id) ?? new Map<number, WaveCount>();
    let parcels = 0;
    for (const w of waves.values()) parcels += w.parcels;
    let zone = zones[zones.length - 1];
    if (!zone || zone.zone !== b.zone) {
      zone = { zone: b.zone, seq: [] };
      zones.push(zone);
    }
    zone.seq.push(idx);
    return {
      idx,
      id: b.id,
      zone: b.zone,
      households: b.households,
      routeOrder: b.routeOrder,
      pos: zone.seq.length - 1,
      parcels,
      load: b.households * rules.householdWeight + parcels * rules.parcelWeight,
      byWave: waves,
    };
  });
  return { buildings, buildingById: new Map(buildings.map((b) => [b.id, b.idx])), zones };
}

/**
 * The workflow for `date`. A step dated another day is left out. A step dated `date` replaces
 * every undated step of the same scope whose time overlaps it (for posts, only of the same task,
 * because posts run side by side): the PCR queue 11:00–13:00 on screening day takes the antigen
 * slot 11:00–13:00, and nothing else moves.
 */
export function stepsForDay(workflow: readonly StepInput[], date: string, rules: PlanRules) {
  const all = workflow.map((s) => toDayStep(s, rules));
  const dated = all.filter((_, i) => workflow[i]?.date === date);
  const otherDay = new Set<string>();
  const replaced: { stepId: string; by: string }[] = [];
  const kept = all.filter((s, i) => {
    const d = workflow[i]?.date;
    if (d) {
      if (d !== date) otherDay.add(s.id);
      return d === date;
    }
    const by = dated.find((x) => x.scope === s.scope && overlaps(x, s) && (s.scope === "route" || x.task === s.task));
    if (by) replaced.push({ stepId: s.id, by: by.id });
    return !by;
  });
  kept.sort((a, b) => a.start - b.start || a.end - b.end || compareText(a.id, b.id));
  replaced.sort((a, b) => compareText(a.stepId, b.stepId));
  for (const s of kept) otherDay.delete(s.id);
  return { kept, replaced, otherDay };
}

function toDayStep(s: StepInput, rules: PlanRules): DayStep {
  const start = toMinutes(s.start);
  const end = toMinutes(s.end);
  if (end <= start) throw new RangeError(`step ${s.id} ends before it starts`);
  const title = taskTitle(s.task, s.title);
  return {
    id: s.id,
    task: s.task,
    scope: s.scope,
    start,
    end,
    zh: title.zh,
    en: title.en,
    headcount: s.scope === "post" ? Math.max(0, Math.floor(s.headcount ?? 0)) : 0,
    role: s.role ?? null,
    wave: s.wave ?? null,
    place: s.place ?? null,
    beforeRoutes: s.scope === "post" && (s.beforeRoutes ?? rules.beforeRouteTasks.includes(s.task)),
    newCrew: s.newCrew ?? false,
  };
}

/**
 * A crew's day is one block (一天只穿一次防护服): a post that starts at most `rules.crewGap`
 * minutes after another post of the same task and role has ended is that crew's next shift,
 * so the gate's wave-1 shift 07:00–12:00 and wave-2 shift 12:00–17:00 are one crew and
 * whoever can stay 07:00–17:00 holds both (6 suits, not 12). The workflow says otherwise by a
 * longer break between the shifts or by marking the later step `newCrew` (换班 in its note).
 * Each shift continues at most one earlier shift (the latest-ending one), so crews are chains.
 */
export function crewsOf(posts: readonly DayStep[], rules: PlanRules): number[][] {
  const next = posts.map(() => -1);
  const hasPrevious = posts.map(() => false);
  posts.forEach((q, j) => {
    if (q.newCrew || q.headcount === 0) return;
    let best = -1;
    posts.forEach((p, i) => {
      if (i === j || next[i] !== -1 || p.headcount === 0) return;
      if (p.task !== q.task || p.role !== q.role) return;
      if (q.start < p.end || q.start - p.end > rules.crewGap) return;
      if (best === -1 || p.end > posts[best]!.end) best = i;
    });
    if (best >= 0) {
      next[best] = j;
      hasPrevious[j] = true;
    }
  });
  const crews: number[][] = [];
  posts.forEach((_, i) => {
    if (hasPrevious[i] || next[i] === -1) return;
    const crew = [i];
    for (let k = next[i]!; k !== -1; k = next[k]!) crew.push(k);
    crews.push(crew);
  });
  return crews;
}

function span(steps: readonly Interval[]): Interval | null {
  if (steps.length === 0) return null;
  return { start: Math.min(...steps.map((s) => s.start)), end: Math.max(...steps.map((s) => s.end)) };
}

export function availabilityWindow(a: Availability, rules: PlanRules): Interval {
  if (a === "am") return { start: 0, end: rules.amEnd };
  if (a === "pm") return { start: rules.pmStart, end: 1440 };
  return { start: 0, end: 1440 };
}

function buildVolunteers(
  input: PlanInput,
  rules: PlanRules,
  buildingById: Map<string, number>,
  routeBlock: Interval | null,
  dutySpan: Interval | null,
  trainingEnd: number,
) {
  const excluded: Exclusion[] = [];
  const seen = new Set<string>();
  const unique: VolunteerInput[] = [];
  const canonical = canonicalRows(input.volunteers, (v) =>
    JSON.stringify([
      v.age,
      v.availability,
      [...v.roles].sort(),
      v.homeBuilding ?? null,
      v.pin ?? null,
      v.yesterday ?? null,
      v.trained ?? null,
    ]),
  );
  for (const v of canonical) {
    if (seen.has(v.id)) excluded.push({ volunteerId: v.id, code: "duplicate", ...text.excludedDuplicate() });
    else unique.push(v);
    seen.add(v.id);
  }
  unique.sort((a, b) => compareText(a.id, b.id));

  const volunteers: DayVolunteer[] = [];
  for (const v of unique) {
    if (!(v.age < rules.maxAge)) {
      excluded.push({ volunteerId: v.id, code: "age", ...text.excludedAge(v.age, rules.maxAge) });
      continue;
    }
    const window = availabilityWindow(v.availability, rules);
    if (!dutySpan || !overlaps(window, dutySpan)) {
      excluded.push({ volunteerId: v.id, code: "no_duty_in_window", ...text.excludedNoDuty(v.availability) });
      continue;
    }
    const roles = new Set(v.roles);
    const yesterday = v.yesterday ?? null;
    volunteers.push({
      idx: volunteers.length,
      id: v.id,
      input: v,
      availability: v.availability,
      window,
      roles,
      captain: roles.has(rules.captainRole),
      home: v.homeBuilding ? (buildingById.get(v.homeBuilding) ?? -1) : -1,
      tie: seededHash(input.seed, v.id),
      routeCapable: routeBlock !== null && window.start <= routeBlock.start && routeBlock.end <= window.end,
      yesterday,
      yesterdayRoute:
        yesterday?.kind === "route"
          ? yesterday.buildings.flatMap((id) => {
              const i = buildingById.get(id);
              return i === undefined ? [] : [i];
            })
          : [],
      pin: v.pin?.trim() || null,
      trained: v.trained !== false,
      postsFrom: v.trained === false ? trainingEnd : 0,
    });
  }
  excluded.sort((a, b) => compareText(a.volunteerId, b.volunteerId) || compareText(a.code, b.code));
  return { volunteers, excluded, signupById: new Map(unique.map((v) => [v.id, v])) };
}

/** The narrowest availability whose window holds `block` (what a shortfall asks for). */
export function availabilityFor(block: Interval, rules: PlanRules): Availability {
  if (block.end <= rules.amEnd) return "am";
  if (block.start >= rules.pmStart) return "pm";
  return "all_day";
}

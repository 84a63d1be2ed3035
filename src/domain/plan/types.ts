/**
 * The assignment engine's own types: what it reads (plain, already normalized data) and the plan
 * it returns (plain JSON, every list sorted, so `JSON.stringify` of two plans compares them).
 *
 * The adapter from the validated sheet snapshot builds a {@link PlanInput}; nothing here knows
 * about tabs, rows or the Sheets API. Times may be given as minutes since midnight or "HH:MM";
 * the plan always prints "HH:MM".
 */
import type { PlanRules } from "./rules.ts";

/** Minutes since midnight (0–1440) or a 24-hour "HH:MM". */
export type TimeOfDay = number | string;

/** When a volunteer can come tomorrow; the windows are set by `rules.amEnd` / `rules.pmStart`. */
export type Availability = "all_day" | "am" | "pm";

/** Something a person reads, Chinese first. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** A message with a stable machine code, e.g. a warning or the reason a pin failed. */
export interface Notice extends Bilingual {
  code: string;
}

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

export interface BuildingInput {
  /** Unique building ID as organizers write it, e.g. "12号楼". */
  id: string;
  /** Zone (片区); routes never cross zones. */
  zone: string;
  households: number;
  /** Walking order inside the zone (1 = first stop); equal orders fall back to the ID. */
  routeOrder: number;
}

/** What a volunteer did yesterday, from yesterday's published plan (see `yesterdayOf`). */
export type YesterdayDuty =
  { kind: "route"; buildings: string[] } | { kind: "post"; postId: string } | { kind: "standby" };

/** One sign-up for the plan's date, joined with the roster row. */
export interface VolunteerInput {
  id: string;
  /**
   * The roster name, only for what the plan says to people (a warning names 张三, never V034);
   * the ID is said when absent. Never used to decide anything.
   */
  name?: string | null;
  /** Whole years; the plan excludes anyone at or above `rules.maxAge`. */
  age: number;
  availability: Availability;
  /** Role values from the roster, e.g. ["captain", "gate"]; a post's `role` must be among them. */
  roles: string[];
  /** Building ID the volunteer lives in; routes near it are preferred. */
  homeBuilding?: string | null;
  /**
   * Pinned duty: a post step ID ("P1"), a building ID (the route that serves it), "route" (any
   * route) or "standby". A pin that breaks a hard rule is reported, never forced.
   */
  pin?: string | null;
  yesterday?: YesterdayDuty | null;
  /**
   * Has been trained (the Volunteers tab's 培训日期 has a date). Absent counts as trained, so
   * inputs built before the column existed plan as before; `false` puts the person in the
   * morning training at assembly and never alone on a route.
   */
  trained?: boolean | null;
}

/** One row of the day's workflow: a stage every route runs, or a fixed post with a headcount. */
export interface StepInput {
  /** Step ID, e.g. "R3" or "P1"; posts are referred to by it. */
  id: string;
  /** Task value, e.g. "garbage", "parcels_1", "antigen", "pcr", "gate_sort", "pcr_marshal". */
  task: string;
  scope: "route" | "post";
  start: TimeOfDay;
  end: TimeOfDay;
  /** Posts: how many people. */
  headcount?: number | null;
  /** Posts: the role every person on it must have. */
  role?: string | null;
  /** Parcel wave this step handles (route parcel rounds, gate sorting). */
  wave?: number | null;
  /**
   * Only on this YYYY-MM-DD. That day it replaces the undated steps of the same scope whose time
   * overlaps its own (for posts: and the same task); on other days it is left out.
   */
  date?: string | null;
  place?: string | null;
  /** Display name; defaults to the task's usual name. */
  title?: Bilingual | null;
  /** Posts: fill before routes (default: tasks in `rules.beforeRouteTasks`, i.e. the gate crew). */
  beforeRoutes?: boolean | null;
  /**
   * Posts: this shift has a crew of its own. Without it, a post that starts within
   * `rules.crewGap` minutes after another post of the same task and role ends continues that
   * post's crew: the same people hold both shifts as one block (one suit). The sheet sets it from
   * the step's note (换班 / new crew), see plan-input.ts.
   */
  newCrew?: boolean | null;
}

/** Parcels for one building and wave on the plan's date; medicine and cold chain are part of `count`. */
export interface ParcelInput {
  building: string;
  wave: number;
  count: number;
  medicine: number;
  coldChain: number;
}

/** One line of the Supplies tab. */
export interface SupplyInput {
  item: string;
  unit: string;
  stock: number;
  /** Use per on-duty volunteer per day (may be fractional, e.g. 0.2 litres). */
  perVolunteer: number;
  reorderLevel: number;
}

export interface PlanInput {
  /** YYYY-MM-DD the plan is for; selects dated workflow steps. */
  date: string;
  /** Breaks ties between otherwise equal volunteers; same input + seed => byte-identical plan. */
  seed: number;
  buildings: BuildingInput[];
  /** The day's sign-ups (only people who said they are available). */
  volunteers: VolunteerInput[];
  workflow: StepInput[];
  parcels: ParcelInput[];
  supplies: SupplyInput[];
  rules?: Partial<PlanRules> | null;
  /** The previous version of this day's plan, to count changed assignments. */
  previous?: Plan | null;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

export type AssignmentKind = "route" | "post" | "standby";

/** One volunteer's single block of duty (one protective suit). */
export interface Assignment {
  volunteerId: string;
  kind: AssignmentKind;
  /** Route ID for routes, step ID for posts, null for standby. */
  postId: string | null;
  /** Buildings served (routes only), in route order. */
  buildings: string[];
  start: string;
  end: string;
  /** True when the volunteer's pin put them here. */
  pinned: boolean;
  /**
   * Posts: every shift this person holds when they hold more than one of a crew (e.g. ["P1",
   * "P2"]: gate crew for both waves as one block, 07:00–17:00); `postId` is the first. Absent
   * when they hold one.
   */
  shifts?: string[];
  /** Never trained: goes to the morning training at assembly first (see `Plan.training`). */
  training?: boolean;
}

/** One stage a route runs, in time order. */
export interface Stage extends Bilingual {
  stepId: string;
  task: string;
  start: string;
  end: string;
  wave: number | null;
  place: string | null;
}

/** One stop of a parcel round. */
export interface DeliveryStop {
  building: string;
  parcels: number;
  medicine: number;
  coldChain: number;
}

/** The order a route delivers one wave: medicine first, then cold chain, then the rest, each in route order. */
export interface WaveDelivery {
  wave: number;
  /** The route step that delivers this wave today, or null when the workflow has none. */
  stepId: string | null;
  stops: DeliveryStop[];
}

export interface RoutePlan {
  /** "<zone>/<first building>", e.g. "东区/1号楼". */
  id: string;
  zone: string;
  buildings: string[];
  volunteerIds: string[];
  /** People the load needs (`ceil(load / rules.routeCapacity)`); more are spare hands. */
  requiredTeam: number;
  households: number;
  parcels: number;
  /** households × householdWeight + parcels × parcelWeight. */
  load: number;
  start: string;
  end: string;
  timetable: Stage[];
  deliveries: WaveDelivery[];
}

export interface PostPlan extends Bilingual {
  id: string;
  task: string;
  start: string;
  end: string;
  headcount: number;
  role: string | null;
  wave: number | null;
  place: string | null;
  priority: "before_routes" | "after_routes";
  volunteerIds: string[];
  /** headcount − people on it. */
  missing: number;
}

/** The morning training at assembly (先培训再分工): who gives it and who takes it before duty. */
export interface TrainingPlan {
  start: string;
  end: string;
  place: string | null;
  /** The step it runs as: the briefing-lead post, else the assembly stage; null without either. */
  stepId: string | null;
  /** People on the briefing-lead post (they give the training). */
  trainerIds: string[];
  /** On-duty people never trained (standby are trained when called in), sorted by ID. */
  traineeIds: string[];
}

/** What it would take to cover what is left: more people of some availability (and role). */
export interface Shortfall extends Bilingual {
  need: "route" | "post";
  /** The post's step ID, or null for routes. */
  postId: string | null;
  count: number;
  /** The narrowest availability that fits ("all_day" when the block spans the noon split). */
  availability: Availability;
  role: string | null;
  /** Uncovered buildings (routes) — empty for posts. */
  buildings: string[];
}

export interface PinOutcome extends Bilingual {
  volunteerId: string;
  pin: string;
  status: "honoured" | "impossible";
  /**
   * null when honoured; else e.g. "availability", "role", "training" (a post before the morning
   * training, for someone untrained), "full", "unknown", "not_today", "age".
   */
  reason: string | null;
}

export interface Exclusion extends Bilingual {
  volunteerId: string;
  /** "age", "duplicate" or "no_duty_in_window". */
  code: string;
}

export interface SupplyLine {
  item: string;
  unit: string;
  stock: number;
  perVolunteer: number;
  needed: number;
  /** stock − needed (negative when short). */
  left: number;
  reorderLevel: number;
  status: "ok" | "reorder" | "short";
}

/** How far the plan is from what the same people could do at best, and why. */
export interface PlanOptimum {
  /**
   * The best cover the route-capable people not on the gate crew could give (gate crew first,
   * then cover): buildings and households, most households first.
   */
  covered: number;
  households: number;
  /** That optimum minus the plan's cover (0 and 0 when the plan reaches it). */
  coverageGap: { buildings: number; households: number };
  /**
   * The least possible heaviest route over the plan's covered buildings with its number of
   * routes (contiguous, inside zones, one-person routes within capacity): the route-partition
   * optimum, from the same dynamic program the engine cuts routes with.
   */
  maxRouteLoad: number;
  /** Where the plan is off either optimum, and why; empty when it reaches both. */
  notes: Notice[];
}

export interface PlanMetrics {
  buildings: number;
  covered: number;
  /** covered / buildings (1 when there are no buildings). */
  coverage: number;
  routes: number;
  maxRouteLoad: number;
  /**
   * The route-partition optimum for the same routes (`optimum.maxRouteLoad`): no contiguous cut
   * of the covered buildings into as many routes has a lighter heaviest route.
   */
  loadLowerBound: number;
  /** maxRouteLoad / loadLowerBound (1 = at the optimum); null without routes. */
  loadRatio: number | null;
  optimum: PlanOptimum;
  /** Volunteers on duty today who had a route or post yesterday, and how many kept it. */
  continuity: { comparable: number; kept: number; ratio: number | null };
  /** Volunteers whose assignment differs from `input.previous` (null without one). */
  changed: number | null;
  onDuty: number;
  /**
   * One suit per person on a route or post, however many shifts they hold; a standby gets one
   * only when called in, so standby do not count.
   */
  protectiveSuits: number;
  byKind: { route: number; post: number; standby: number };
}

export interface Plan {
  date: string;
  seed: number;
  /** The day's workflow after dated steps were applied. */
  day: {
    routeSteps: string[];
    posts: string[];
    replaced: { stepId: string; by: string }[];
    routeStart: string | null;
    routeEnd: string | null;
  };
  /** Sorted by volunteer ID. */
  assignments: Assignment[];
  /** In zone order, then walking order of each route's first building. */
  routes: RoutePlan[];
  /** In the day's order (start time, then ID). */
  posts: PostPlan[];
  /** Buildings on no route, sorted by zone and route order. */
  uncovered: string[];
  shortfalls: Shortfall[];
  pins: PinOutcome[];
  excluded: Exclusion[];
  supplies: SupplyLine[];
  /** Absent when nobody on duty needs training. */
  training?: TrainingPlan;
  warnings: Notice[];
  metrics: PlanMetrics;
  /**
   * On versions published after the first one of the day: everyone whose duty differs from what
   * was first published to them (see duty-changes.ts). Absent on a first version.
   */
  changes?: DutyChange[];
}

/** One volunteer's duty as first published that day against the duty they have now. */
export interface DutyChange {
  volunteerId: string;
  /** The version that last changed it. */
  version: number;
  /** null: not on the plan before (a new sign-up). */
  before: Bilingual | null;
  /** null: no longer on the plan (withdrew or declined). */
  after: Bilingual | null;
  /** Whose place they took, when they filled someone's. */
  replaces: string | null;
}

// ---------------------------------------------------------------------------------------------
// Replanning
// ---------------------------------------------------------------------------------------------

export type PlanChange =
  | { kind: "decline"; volunteerId: string }
  | { kind: "signup"; volunteer: VolunteerInput }
  | { kind: "building_added"; building: BuildingInput }
  /** The sheet was read again (parcels, sign-ups, buildings may all differ): repair what must change. */
  | { kind: "refresh" };

/** One volunteer whose assignment differs between two plans. */
export interface AssignmentChange {
  volunteerId: string;
  before: { kind: AssignmentKind; postId: string | null; buildings: string[] } | null;
  after: { kind: AssignmentKind; postId: string | null; buildings: string[] } | null;
  /** Whose place this volunteer took, when they filled a vacancy. */
  replaces: string | null;
}

export interface ReplanResult {
  plan: Plan;
  /** Sorted by volunteer ID; its length is `plan.metrics.changed`. */
  diff: AssignmentChange[];
}

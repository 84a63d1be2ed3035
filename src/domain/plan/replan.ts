/**
 * Replanning a published plan after one change, moving as few people as possible: volunteers
 * have already been told where to go, and every move is a message, a changed link and a chance
 * of confusion at 07:00.
 *
 * The previous plan is restored onto the new day (same routes, posts and standby, checked against
 * the hard rules again), then only the gaps are repaired:
 * - a decline leaves a vacancy that the best-fitting standby fills (for a route: the one who
 *   walked it yesterday or lives nearest; for a post: the usual post ranking); failing that a
 *   spare hand from another route moves over; failing that a single-person neighbouring route in
 *   the same zone takes the buildings if its capacity allows; failing that someone leaves a
 *   lower-priority duty: a PCR marshal or briefing lead who can walk takes the route, and a gate
 *   place is taken by someone from an after-route post (a standby backfilling that post if one
 *   fits) or by a route walker with the gate role whose route a standby or spare hand takes
 *   over; else the place is reported unfilled. A decline therefore changes at most three
 *   assignments, and each mover's `replaces` says whose place they took.
 * - nobody untrained is left alone on a route (training.ts): a route with nobody trained takes a
 *   trained standby first, or a trained spare hand rather than an untrained standby; a route the
 *   change left with only untrained people gets a trained person (a standby joins, a spare hand
 *   moves over, or a swap with someone not checked in; one or two more moves), else the plan
 *   names them in a warning.
 * - a new sign-up fills the first gap they fit (gate crew, an understaffed route, uncovered
 *   buildings, another post) or waits on standby;
 * - a new building joins an adjacent one-person route in its zone when capacity allows, else gets
 *   a route of its own from standby (or a spare hand).
 *
 * @example
 * const { plan: next, diff } = replan(published, input, { kind: "decline", volunteerId: "V042" });
 * diff; // [{ volunteerId: "V042", after: null, ... }, { volunteerId: "V117", replaces: "V042", ... }]
 */
import { assemble } from "./assemble.ts";
import { buildDay, type DayVolunteer } from "./day.ts";
import { diffAssignments } from "./diff.ts";
import { joinBusiestRoute } from "./matching.ts";
import { postWithTimes, text } from "./messages.ts";
import { excludedPinOutcomes, resolvePin } from "./pins.ts";
import { rankForPost } from "./posts.ts";
import { partitionRoutes } from "./routes.ts";
import { compareText, sortByKeys } from "./seeded-hash.ts";
import { pairTrainees } from "./training.ts";
import { formatTime } from "./time.ts";
import {
  addShift,
  assign,
  isFree,
  jaccard,
  newState,
  openPostSlots,
  postFits,
  requiredTeam,
  routeIndexByBuilding,
  unassign,
  type PlanState,
} from "./state.ts";
import type { Plan, PlanChange, PlanInput, ReplanResult } from "./types.ts";

type Vacancy = { kind: "route"; route: number; leaver: string } | { kind: "post"; post: number; leaver: string };

/** `input` may already contain the change (a re-read sheet) or not; applying it is idempotent. */
export function applyChange(input: PlanInput, change: PlanChange): PlanInput {
  switch (change.kind) {
    case "decline":
      return { ...input, volunteers: input.volunteers.filter((v) => v.id !== change.volunteerId) };
    case "signup":
      return {
        ...input,
        volunteers: [...input.volunteers.filter((v) => v.id !== change.volunteer.id), change.volunteer],
      };
    case "building_added":
      return { ...input, buildings: [...input.buildings.filter((b) => b.id !== change.building.id), change.building] };
    case "refresh":
      return input;
  }
}

export interface ReplanOptions {
  /**
   * Volunteers who must keep their duty (they confirmed it): held like a pin, so no repair moves
   * them; they still leave when they no longer fit it (withdrawn, or their hours changed).
   */
  locked?: ReadonlySet<string>;
  /**
   * Names by ID, for what the plan says about a place someone left (they are off the day's
   * input by then); the sign-up's own name, else the ID, when absent.
   */
  names?: Readonly<Record<string, string>>;
}

export function replan(
  previous: Plan,
  input: PlanInput,
  change: PlanChange,
  options: ReplanOptions = {},
): ReplanResult {
  const changed = applyChange(input, change);
  const ctx = buildDay({ ...changed, previous: null });
  const st = newState(ctx);
  st.replanned = true;
  // Someone signing up again keeps their duty if it still fits; with a new pin they are placed
  // afresh, as if they had declined first.
  const oldPin = (id: string): string | null => previous.pins.find((p) => p.volunteerId === id)?.pin ?? null;
  const newcomer =
    change.kind === "signup" && oldPin(change.volunteer.id) !== (change.volunteer.pin?.trim() || null)
      ? change.volunteer.id
      : null;
  const locked = options.locked ?? new Set<string>();
  const nameOf = (id: string): string =>
    options.names?.[id] ?? (input.volunteers.find((v) => v.id === id)?.name?.trim() || id);
  const vacancies = restore(st, previous, newcomer, locked);
  // Pin outcomes stand for everyone still signed up; a re-placed newcomer gets a fresh one.
  const signedUp = new Set(changed.volunteers.map((v) => v.id));
  st.pins = previous.pins.filter((p) => signedUp.has(p.volunteerId) && p.volunteerId !== newcomer);
  const outcomeFor = new Set(st.pins.map((p) => p.volunteerId));
  st.pins.push(...excludedPinOutcomes(ctx).filter((p) => !outcomeFor.has(p.volunteerId)));
  if (change.kind === "decline" && !previous.assignments.some((a) => a.volunteerId === change.volunteerId)) {
    st.warnings.push(text.declineUnknown(nameOf(change.volunteerId)));
  }

  const order = (v: Vacancy): number => (v.kind === "route" ? 1 : ctx.posts[v.post]?.beforeRoutes ? 0 : 2);
  vacancies.sort((a, b) => order(a) - order(b) || compareText(a.leaver, b.leaver));
  for (const vacancy of vacancies) {
    if (vacancy.kind === "post" && fillCrewVacancy(st, vacancy, vacancies)) continue;
    fillVacancy(st, vacancy, nameOf);
  }
  // A re-read sheet may have made a route heavier (more parcels): it gets the people its load
  // now needs, from standby first. Only a refresh does this: after a decline the input is the
  // one frozen at publish, and a route that was short then stays as the organizer saw it.
  if (change.kind === "refresh") for (let r = 0; r < st.routes.length; r++) staffRoute(st, r);

  const known = new Set([...previous.routes.flatMap((r) => r.buildings), ...previous.uncovered]);
  for (const b of ctx.buildings) if (!known.has(b.id)) coverNewBuilding(st, b.idx);

  for (const v of ctx.volunteers) if (isFree(st, v.idx)) placeNewcomer(st, v);

  // Nobody untrained alone on a route (training.ts): the routes this change touched get a trained
  // person (a trained standby joins, or a trained spare hand, or a swap with someone not yet
  // checked in), else the plan names who is alone. Untouched routes are reported as published.
  const touched = touchedRoutes(st, previous);
  pairTrainees(st, { repair: (r) => touched.has(r) });

  // Locked people were held like pins; the plan says "pinned" only for real pins.
  const pins = new Set(previous.assignments.filter((a) => a.pinned).map((a) => a.volunteerId));
  for (const v of ctx.volunteers) if (locked.has(v.id) && !pins.has(v.id) && !v.pin) st.pinned[v.idx] = false;
  const plan = assemble(st, previous);
  const replaces = new Map([...st.replaces].map(([v, id]) => [ctx.volunteers[v]!.id, id]));
  return { plan, diff: diffAssignments(previous.assignments, plan.assignments, replaces) };
}

/** Puts the previous plan back, keeping only what still obeys the hard rules; returns the gaps. */
function restore(st: PlanState, previous: Plan, skip: string | null, locked: ReadonlySet<string>): Vacancy[] {
  const { ctx } = st;
  const volunteer = (id: string): number | undefined => (id === skip ? undefined : ctx.volunteerById.get(id));
  const vacancies: Vacancy[] = [];
  const pinned = new Set([
    ...previous.assignments.filter((a) => a.pinned).map((a) => a.volunteerId),
    ...[...locked].filter((id) => previous.assignments.some((a) => a.volunteerId === id)),
  ]);
  const seen = new Set<number>();
  for (const route of previous.routes) {
    const buildings = route.buildings
      .map((id) => ctx.buildingById.get(id) ?? -1)
      .filter((b) => b >= 0 && !seen.has(b))
      .sort((a, b) => a - b);
    if (buildings.length === 0) continue;
    for (const b of buildings) seen.add(b);
    const load = buildings.reduce((n, b) => n + ctx.buildings[b]!.load, 0);
    const r = st.routes.length;
    st.routes.push({
      zone: ctx.buildings[buildings[0]!]!.zone,
      buildings,
      load,
      requiredTeam: requiredTeam(load, ctx.rules.routeCapacity),
      members: [],
    });
    for (const id of route.volunteerIds) {
      const v = volunteer(id);
      if (v !== undefined && ctx.volunteers[v]!.routeCapable && isFree(st, v)) {
        assign(st, v, { kind: "route", route: r }, pinned.has(id));
      } else vacancies.push({ kind: "route", route: r, leaver: id });
    }
  }
  // A crew member holding several shifts keeps the block only while every shift of it still
  // fits (their first one makes the duty, the later ones extend it); otherwise each shift is a
  // vacancy and they are placed again like someone new.
  const crewShifts = new Map(previous.assignments.flatMap((a) => (a.shifts ? [[a.volunteerId, a.shifts]] : [])));
  const blockFits = (id: string, v: number): boolean =>
    (crewShifts.get(id) ?? []).every((s) => {
      const p = ctx.postById.get(s);
      return p !== undefined && postFits(ctx.volunteers[v]!, ctx.posts[p]!);
    });
  for (const post of previous.posts) {
    const p = ctx.postById.get(post.id);
    for (const id of post.volunteerIds) {
      const v = volunteer(id);
      if (p === undefined) continue;
      const fits =
        v !== undefined && postFits(ctx.volunteers[v]!, ctx.posts[p]!) && blockFits(id, v) && openPostSlots(st, p) > 0;
      const duty = v === undefined ? null : st.duty[v];
      if (fits && isFree(st, v)) {
        assign(st, v, { kind: "post", post: p }, pinned.has(id));
      } else if (fits && duty?.kind === "post" && crewShifts.get(id)?.includes(post.id)) {
        addShift(st, v, p);
      } else vacancies.push({ kind: "post", post: p, leaver: id });
    }
  }
  for (const a of previous.assignments) {
    const v = volunteer(a.volunteerId);
    if (a.kind === "standby" && v !== undefined && isFree(st, v))
      assign(st, v, { kind: "standby" }, pinned.has(a.volunteerId));
  }
  return vacancies;
}

/**
 * Routes whose people differ from the previous plan's on the same buildings: someone joined, or
 * someone left.
 */
function touchedRoutes(st: PlanState, previous: Plan): Set<number> {
  const { ctx } = st;
  const before = new Map<string, Set<string>>();
  for (const route of previous.routes) {
    const ids = new Set(route.volunteerIds);
    for (const b of route.buildings) before.set(b, ids);
  }
  const touched = new Set<number>();
  st.routes.forEach((route, r) => {
    const was = new Set(route.buildings.flatMap((b) => [...(before.get(ctx.buildings[b]!.id) ?? [])]));
    const now = new Set(route.members.map((m) => ctx.volunteers[m]!.id));
    if (was.size !== now.size || [...now].some((id) => !was.has(id))) touched.add(r);
  });
  return touched;
}

/** Nobody on route `r` has been trained yet (or nobody is on it). */
function needsTrained(st: PlanState, r: number): boolean {
  return !st.routes[r]!.members.some((m) => st.ctx.volunteers[m]!.trained);
}

/**
 * Who fills a place on route `r`: the best standby, else a spare hand from another route. When
 * nobody on the route is trained and the best standby is not either, a trained spare hand whose
 * own route keeps a trained person comes instead (one move, and nobody untrained alone).
 */
function routeFiller(st: PlanState, r: number): DayVolunteer | undefined {
  const standby = rankForRoute(st, r, standbyPool(st))[0];
  if (standby && !standby.trained && needsTrained(st, r)) {
    const keepsTrained = (x: DayVolunteer): boolean => {
      const duty = st.duty[x.idx];
      return (
        duty?.kind === "route" &&
        st.routes[duty.route]!.members.some((m) => m !== x.idx && st.ctx.volunteers[m]!.trained)
      );
    };
    const trained = rankForRoute(
      st,
      r,
      otherSpareHands(st, r).filter((x) => x.trained && keepsTrained(x)),
    )[0];
    if (trained) return trained;
  }
  return standby ?? rankForRoute(st, r, otherSpareHands(st, r))[0];
}

/** A staffed route below the team its load needs takes a standby, else a spare hand from elsewhere. */
function staffRoute(st: PlanState, r: number): void {
  const route = st.routes[r]!;
  while (route.members.length > 0 && route.members.length < route.requiredTeam) {
    const v = routeFiller(st, r);
    if (!v) return;
    move(st, v.idx, { kind: "route", route: r }, null);
  }
}

/** Standby who may be moved (a standby pin is a pin too). */
function standbyPool(st: PlanState): DayVolunteer[] {
  return st.ctx.volunteers.filter((v) => st.duty[v.idx]?.kind === "standby" && !st.pinned[v.idx]);
}

/** Spare hands: route members beyond what their route's load requires. */
function spareHands(st: PlanState): DayVolunteer[] {
  const out: DayVolunteer[] = [];
  for (const route of st.routes) {
    if (route.members.length <= route.requiredTeam) continue;
    for (const m of route.members) if (!st.pinned[m]) out.push(st.ctx.volunteers[m]!);
  }
  return out;
}

function move(st: PlanState, v: number, to: Parameters<typeof assign>[2], leaver: string | null): void {
  unassign(st, v);
  assign(st, v, to);
  if (leaver) st.replaces.set(v, leaver);
}

/**
 * Best people for route `r`: trained first when nobody on it is (training.ts), then walked it
 * yesterday, then live in its zone nearest to it, then seeded.
 */
function rankForRoute(st: PlanState, r: number, pool: readonly DayVolunteer[]): DayVolunteer[] {
  const route = st.routes[r]!;
  const first = st.ctx.buildings[route.buildings[0]!]!.pos;
  const trainedFirst = needsTrained(st, r);
  return sortByKeys(
    pool.filter((v) => v.routeCapable),
    (v) => {
      const home = v.home >= 0 ? st.ctx.buildings[v.home]! : null;
      const near = home && home.zone === route.zone ? Math.abs(home.pos - first) : 1e6;
      return [trainedFirst && !v.trained ? 1 : 0, -jaccard(v.yesterdayRoute, route.buildings), near, v.tie];
    },
    (v) => v.id,
  );
}

/**
 * A crew member who held several shifts leaves them all: one standby who can stay for all of
 * them takes the whole block (one move, one suit). Else each shift is a vacancy of its own.
 */
function fillCrewVacancy(
  st: PlanState,
  vacancy: Extract<Vacancy, { kind: "post" }>,
  vacancies: readonly Vacancy[],
): boolean {
  const { ctx } = st;
  const crew = ctx.crewOf[vacancy.post] ?? -1;
  if (crew < 0) return false;
  const shifts = vacancies.flatMap((x) =>
    x.kind === "post" && x.leaver === vacancy.leaver && ctx.crewOf[x.post] === crew ? [x.post] : [],
  );
  if (shifts.length < 2 || shifts[0] !== vacancy.post) return false;
  if (!shifts.every((p) => openPostSlots(st, p) > 0)) return false;
  const pool = standbyPool(st).filter((v) => shifts.every((p) => postFits(v, ctx.posts[p]!)));
  const v = rankForPost(st, shifts[0]!, pool)[0];
  if (!v) return false;
  const sorted = [...shifts].sort((a, b) => a - b);
  move(st, v.idx, { kind: "post", post: sorted[0]!, also: sorted.slice(1) }, vacancy.leaver);
  return true;
}

function fillVacancy(st: PlanState, vacancy: Vacancy, nameOf: (id: string) => string): void {
  const { ctx } = st;
  if (vacancy.kind === "post") {
    if (openPostSlots(st, vacancy.post) === 0) return;
    const to = { kind: "post" as const, post: vacancy.post };
    const v = rankForPost(st, vacancy.post, standbyPool(st))[0] ?? rankForPost(st, vacancy.post, spareHands(st))[0];
    if (v) return move(st, v.idx, to, vacancy.leaver);
    // The gate crew ranks above everything else: someone may leave a lower duty for it.
    if (ctx.posts[vacancy.post]!.beforeRoutes && gateFromLowerDuty(st, vacancy.post, vacancy.leaver)) return;
    const post = ctx.posts[vacancy.post]!;
    // Named as residents know the duty: its times and name (the gate's two shifts share a name).
    const where = postWithTimes({ ...post, start: formatTime(post.start), end: formatTime(post.end) });
    st.warnings.push(text.vacancyUnfilled(nameOf(vacancy.leaver), where));
    return;
  }
  const route = st.routes[vacancy.route]!;
  if (route.members.length >= route.requiredTeam) return;
  const to = { kind: "route" as const, route: vacancy.route };
  const v = routeFiller(st, vacancy.route);
  if (v) return move(st, v.idx, to, vacancy.leaver);
  if (route.members.length === 0 && mergeIntoNeighbour(st, vacancy.route, vacancy.leaver)) return;
  // Cover ranks above the other posts: a PCR marshal or briefing lead who can walk takes the route.
  const marshal = rankForRoute(st, vacancy.route, afterPostPeople(st))[0];
  if (marshal) return move(st, marshal.idx, to, vacancy.leaver);
  st.warnings.push(text.vacancyUnfilled(nameOf(vacancy.leaver), { zh: route.zone, en: route.zone }));
}

/** Spare hands on routes other than `r`. */
function otherSpareHands(st: PlanState, r: number): DayVolunteer[] {
  return spareHands(st).filter((x) => {
    const duty = st.duty[x.idx];
    return !(duty?.kind === "route" && duty.route === r);
  });
}

/** Unpinned people on posts filled after routes (PCR marshals, the briefing lead) not moved yet. */
function afterPostPeople(st: PlanState): DayVolunteer[] {
  return st.ctx.volunteers.filter((v) => {
    const duty = st.duty[v.idx];
    return (
      duty?.kind === "post" && !st.ctx.posts[duty.post]!.beforeRoutes && !st.pinned[v.idx] && !st.replaces.has(v.idx)
    );
  });
}

/**
 * A gate place nobody free can take, taken from a lower duty within three changes in all: someone
 * on an after-route post who fits moves to the gate (that post stays short, or a standby who fits
 * it takes it); else a route walker who fits moves to the gate and a standby or spare hand takes
 * their route. Each mover's `replaces` names whose place they took.
 */
function gateFromLowerDuty(st: PlanState, post: number, leaver: string): boolean {
  const { ctx } = st;
  const gate = { kind: "post" as const, post };
  const fromPost = rankForPost(st, post, afterPostPeople(st))[0];
  if (fromPost) {
    const left = st.duty[fromPost.idx]!;
    move(st, fromPost.idx, gate, leaver);
    if (left.kind === "post") {
      const backfill = rankForPost(st, left.post, standbyPool(st))[0];
      if (backfill) move(st, backfill.idx, left, fromPost.id);
    }
    return true;
  }
  const walkers = ctx.volunteers.filter((v) => {
    const duty = st.duty[v.idx];
    return duty?.kind === "route" && !st.pinned[v.idx] && !st.replaces.has(v.idx);
  });
  for (const walker of rankForPost(st, post, walkers)) {
    const duty = st.duty[walker.idx];
    if (duty?.kind !== "route") continue;
    const backfill =
      rankForRoute(st, duty.route, standbyPool(st))[0] ??
      rankForRoute(
        st,
        duty.route,
        otherSpareHands(st, duty.route).filter((x) => x.idx !== walker.idx),
      )[0];
    if (!backfill) continue;
    move(st, walker.idx, gate, leaver);
    move(st, backfill.idx, duty, walker.id);
    return true;
  }
  return false;
}

/** Adjacent routes in the same zone (walking order), with one member and room for `load` more. */
function neighbours(st: PlanState, buildings: readonly number[], load: number, except: number): number[] {
  const { ctx } = st;
  const routeOf = routeIndexByBuilding(st);
  const lo = buildings[0]!;
  const hi = buildings[buildings.length - 1]!;
  const zone = ctx.buildings[lo]!.zone;
  const out: number[] = [];
  for (const b of [lo - 1, hi + 1]) {
    const r = routeOf[b] ?? -1;
    const route = st.routes[r];
    if (r < 0 || r === except || !route || ctx.buildings[b]!.zone !== zone || route.members.length !== 1) continue;
    if (route.load + load <= ctx.rules.routeCapacity) out.push(r);
  }
  return out.sort((a, b) => st.routes[a]!.load - st.routes[b]!.load || a - b);
}

/** An unstaffed route's buildings join a one-person neighbour: two assignments change, not more. */
function mergeIntoNeighbour(st: PlanState, r: number, leaver: string): boolean {
  const orphan = st.routes[r]!;
  const target = neighbours(st, orphan.buildings, orphan.load, r)[0];
  if (target === undefined) return false;
  const route = st.routes[target]!;
  route.buildings = [...route.buildings, ...orphan.buildings].sort((a, b) => a - b);
  route.load += orphan.load;
  orphan.buildings = [];
  orphan.load = 0;
  st.replaces.set(route.members[0]!, leaver);
  return true;
}

function coverNewBuilding(st: PlanState, b: number): void {
  const { ctx } = st;
  const building = ctx.buildings[b]!;
  if (insideRoute(st, b)) return;
  const target = neighbours(st, [b], building.load, -1)[0];
  if (target !== undefined) {
    const route = st.routes[target]!;
    route.buildings = [...route.buildings, b].sort((x, y) => x - y);
    route.load += building.load;
    return;
  }
  const r = st.routes.length;
  st.routes.push({
    zone: building.zone,
    buildings: [b],
    load: building.load,
    requiredTeam: requiredTeam(building.load, ctx.rules.routeCapacity),
    members: [],
  });
  for (let k = 0; k < st.routes[r]!.requiredTeam; k++) {
    const v = rankForRoute(st, r, standbyPool(st))[0] ?? rankForRoute(st, r, spareHands(st))[0];
    if (!v) break;
    move(st, v.idx, { kind: "route", route: r }, null);
  }
}

/**
 * A new building whose walking-order neighbours are on one route sits inside that route, which
 * must stay one stretch: it joins the route when the route's people can carry it; else the
 * route is cut at it, the tail becoming a route of its own (walked by the route's spare hands,
 * a standby or a spare hand from elsewhere, or left uncovered and reported), and the building
 * is then placed like any other. Returns true when the building is on its route.
 */
function insideRoute(st: PlanState, b: number): boolean {
  const { ctx } = st;
  const building = ctx.buildings[b]!;
  const sameZone = (x: number): boolean => ctx.buildings[x]?.zone === building.zone;
  if (!sameZone(b - 1) || !sameZone(b + 1)) return false;
  const routeOf = routeIndexByBuilding(st);
  const r = routeOf[b - 1] ?? -1;
  if (r < 0 || routeOf[b + 1] !== r) return false;
  const route = st.routes[r]!;
  const cap = ctx.rules.routeCapacity;
  const load = (bs: readonly number[]): number => bs.reduce((n, x) => n + ctx.buildings[x]!.load, 0);
  if (building.load <= cap && route.load + building.load <= cap * Math.max(1, route.members.length)) {
    route.buildings = [...route.buildings, b].sort((x, y) => x - y);
    route.load += building.load;
    route.requiredTeam = requiredTeam(route.load, cap);
    return true;
  }
  const tail = route.buildings.filter((x) => x > b);
  route.buildings = route.buildings.filter((x) => x < b);
  route.load = load(route.buildings);
  route.requiredTeam = requiredTeam(route.load, cap);
  const t = st.routes.length;
  st.routes.push({
    zone: route.zone,
    buildings: tail,
    load: load(tail),
    requiredTeam: requiredTeam(load(tail), cap),
    members: [],
  });
  // People pinned to a tail building go with it; spare hands follow while the tail needs them.
  const inTail = new Set(tail);
  for (const m of [...route.members]) {
    const pin = st.pinned[m] ? ctx.buildingById.get(ctx.volunteers[m]!.pin ?? "") : undefined;
    if (pin === undefined || !inTail.has(pin)) continue;
    unassign(st, m);
    assign(st, m, { kind: "route", route: t }, true);
  }
  const extra = route.members.filter((m) => !st.pinned[m]).slice(route.requiredTeam);
  const need = Math.max(0, st.routes[t]!.requiredTeam - st.routes[t]!.members.length);
  for (const m of extra.slice(0, need)) move(st, m, { kind: "route", route: t }, null);
  for (const x of [r, t]) {
    while (st.routes[x]!.members.length < st.routes[x]!.requiredTeam) {
      const v = routeFiller(st, x);
      if (!v) break;
      move(st, v.idx, { kind: "route", route: x }, null);
    }
  }
  return false;
}

/** A newcomer (or someone the restored plan no longer fits) takes the first gap they fit. */
function placeNewcomer(st: PlanState, v: DayVolunteer): void {
  const { ctx } = st;
  if (v.pin) {
    st.pins = st.pins.filter((p) => p.volunteerId !== v.id);
    const routePin = resolvePin(st, v);
    if (!isFree(st, v.idx)) return;
    if (routePin) {
      const r = routePin.building >= 0 ? (routeIndexByBuilding(st)[routePin.building] ?? -1) : -1;
      if (r >= 0) assign(st, v.idx, { kind: "route", route: r }, true);
      else if (routePin.building < 0) joinBusiestRoute(st, v.idx, true);
      const honoured = !isFree(st, v.idx);
      st.pins.push({
        volunteerId: v.id,
        pin: v.pin,
        status: honoured ? "honoured" : "impossible",
        reason: honoured ? null : "uncovered",
        ...(honoured ? text.pinHonoured(v.pin) : text.pinUncovered(v.pin)),
      });
      if (honoured) return;
    }
  }
  const fits = (posts: readonly number[]): number | undefined =>
    posts.find((p) => openPostSlots(st, p) > 0 && postFits(v, ctx.posts[p]!));
  const before = ctx.posts.flatMap((p, i) => (p.beforeRoutes ? [i] : []));
  const after = ctx.posts.flatMap((p, i) => (p.beforeRoutes ? [] : [i]));
  const gate = fits(before);
  if (gate !== undefined) return assign(st, v.idx, { kind: "post", post: gate });
  if (v.routeCapable) {
    const short = st.routes.findIndex((r) => r.members.length > 0 && r.members.length < r.requiredTeam);
    if (short >= 0) return assign(st, v.idx, { kind: "route", route: short });
    const uncovered = uncoveredBuildings(st);
    if (uncovered.size > 0) {
      const best = bestUncoveredStretch(st, uncovered);
      if (best) {
        st.routes.push({ ...best, members: [] });
        return assign(st, v.idx, { kind: "route", route: st.routes.length - 1 });
      }
      if (coverWithStandby(st, v, uncovered)) return;
    }
  }
  const post = fits(after);
  if (post !== undefined) return assign(st, v.idx, { kind: "post", post });
  assign(st, v.idx, { kind: "standby" });
}

/**
 * When the newcomer alone can cover nothing more (only buildings needing a team are left), the
 * newcomer and standby who can walk take the one with the most households their numbers allow:
 * cover ranks above the standby reserve. Only standby move, and only onto that route.
 */
function coverWithStandby(st: PlanState, v: DayVolunteer, uncovered: ReadonlySet<number>): boolean {
  const { ctx } = st;
  const helpers = standbyPool(st).filter((x) => x.routeCapable);
  const cap = ctx.rules.routeCapacity;
  let pick = -1;
  for (const b of [...uncovered].sort((x, y) => x - y)) {
    const building = ctx.buildings[b]!;
    if (requiredTeam(building.load, cap) > 1 + helpers.length) continue;
    if (pick < 0 || building.households > ctx.buildings[pick]!.households) pick = b;
  }
  if (pick < 0) return false;
  const building = ctx.buildings[pick]!;
  const r = st.routes.length;
  const team = requiredTeam(building.load, cap);
  st.routes.push({ zone: building.zone, buildings: [pick], load: building.load, requiredTeam: team, members: [] });
  assign(st, v.idx, { kind: "route", route: r });
  for (const helper of rankForRoute(st, r, helpers).slice(0, team - 1))
    move(st, helper.idx, { kind: "route", route: r }, null);
  return true;
}

function uncoveredBuildings(st: PlanState): Set<number> {
  const on = new Set(st.routes.filter((r) => r.members.length > 0).flatMap((r) => r.buildings));
  return new Set(st.ctx.buildings.filter((b) => !on.has(b.idx)).map((b) => b.idx));
}

/** The one-person stretch of uncovered buildings serving the most households. */
function bestUncoveredStretch(st: PlanState, uncovered: ReadonlySet<number>) {
  // Empty routes left by a failed refill must not keep their buildings.
  for (const r of st.routes) if (r.members.length === 0) r.buildings = r.buildings.filter((b) => !uncovered.has(b));
  const pick = partitionRoutes(st.ctx, 1, new Set(), uncovered).routes[0];
  return pick && pick.requiredTeam === 1 ? pick : null;
}

/**
 * The engine's working state: who does what so far. Every step of the engine (and of replanning)
 * reads and extends it; `assemble` turns it into the plan. Indices, not IDs, for speed at town
 * scale; IDs come back when the plan is printed.
 */
import type { DayContext, DayStep, DayVolunteer } from "./day.ts";
import { within } from "./time.ts";
import type { Notice, PinOutcome } from "./types.ts";

/** A post duty's `also`: the crew's further shifts this person holds (post indices, day order). */
export type Duty =
  { kind: "route"; route: number } | { kind: "post"; post: number; also?: number[] } | { kind: "standby" };

export interface RouteState {
  zone: string;
  /** Building indices in walking order. */
  buildings: number[];
  load: number;
  requiredTeam: number;
  /** Volunteer indices in the order they joined. */
  members: number[];
}

export interface PlanState {
  ctx: DayContext;
  duty: (Duty | null)[];
  pinned: boolean[];
  routes: RouteState[];
  /** Volunteer indices per post (index into ctx.posts). */
  postMembers: number[][];
  /** Building indices on no route. */
  uncovered: number[];
  pins: PinOutcome[];
  /** Who filled whose place (replanning). */
  replaces: Map<number, string>;
  warnings: Notice[];
  /** A replan (moves as few people as it can) rather than a fresh plan; the metrics say so. */
  replanned: boolean;
}

export function newState(ctx: DayContext): PlanState {
  return {
    ctx,
    duty: ctx.volunteers.map(() => null),
    pinned: ctx.volunteers.map(() => false),
    routes: [],
    postMembers: ctx.posts.map(() => []),
    uncovered: [],
    pins: [],
    replaces: new Map(),
    warnings: [],
    replanned: false,
  };
}

export function assign(st: PlanState, v: number, duty: Duty, pinned = false): void {
  if (st.duty[v]) throw new Error(`volunteer ${st.ctx.volunteers[v]?.id} assigned twice`);
  st.duty[v] = duty;
  st.pinned[v] = pinned;
  if (duty.kind === "route") st.routes[duty.route]?.members.push(v);
  if (duty.kind === "post") for (const p of shiftsOf(duty)) st.postMembers[p]?.push(v);
}

/** Every post a post duty holds, first shift first. */
export function shiftsOf(duty: { post: number; also?: number[] }): number[] {
  return duty.also && duty.also.length > 0 ? [duty.post, ...duty.also] : [duty.post];
}

/** Adds post `p` (another shift of the same crew) to `v`'s post duty; the earliest stays first. */
export function addShift(st: PlanState, v: number, p: number): void {
  const duty = st.duty[v];
  if (duty?.kind !== "post") throw new Error(`volunteer ${st.ctx.volunteers[v]?.id} holds no post`);
  const shifts = [...shiftsOf(duty), p].sort((a, b) => a - b);
  st.duty[v] = { kind: "post", post: shifts[0]!, also: shifts.slice(1) };
  st.postMembers[p]?.push(v);
}

export function unassign(st: PlanState, v: number): Duty | null {
  const duty = st.duty[v] ?? null;
  if (duty?.kind === "route") {
    const members = st.routes[duty.route]?.members;
    if (members) members.splice(members.indexOf(v), 1);
  }
  if (duty?.kind === "post") {
    for (const p of shiftsOf(duty)) {
      const members = st.postMembers[p];
      if (members) members.splice(members.indexOf(v), 1);
    }
  }
  st.duty[v] = null;
  st.pinned[v] = false;
  return duty;
}

export function isFree(st: PlanState, v: number): boolean {
  return st.duty[v] === null;
}

/**
 * Hard rules of a post: its hours inside the volunteer's window, its role if it has one, and for
 * someone never trained a start after the morning training (training first, then duty).
 */
export function postFits(v: DayVolunteer, post: DayStep): boolean {
  return within(post, v.window) && (post.role === null || v.roles.has(post.role)) && post.start >= v.postsFrom;
}

export function openPostSlots(st: PlanState, post: number): number {
  return Math.max(0, (st.ctx.posts[post]?.headcount ?? 0) - (st.postMembers[post]?.length ?? 0));
}

export function requiredTeam(load: number, capacity: number): number {
  return Math.max(1, Math.ceil(load / capacity - 1e-9));
}

/** Route index per building index (-1 when the building is on no route). */
export function routeIndexByBuilding(st: PlanState): Int32Array {
  const out = new Int32Array(st.ctx.buildings.length).fill(-1);
  st.routes.forEach((r, i) => {
    for (const b of r.buildings) out[b] = i;
  });
  return out;
}

/** |a ∩ b| / |a ∪ b| of two building-index lists. */
export function jaccard(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  const set = new Set(a);
  let inter = 0;
  for (const x of b) if (set.has(x)) inter++;
  return inter / (set.size + new Set(b).size - inter);
}

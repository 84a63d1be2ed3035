/**
 * Turns the engine's working state into the plan: IDs instead of indices, times as "HH:MM",
 * every list in a fixed order (so equal plans serialize to equal bytes), timetables, delivery
 * orders, shortfalls, supplies and metrics. Shared by the engine and by replanning, so a replanned
 * plan looks exactly like a generated one.
 */
import { availabilityFor } from "./day.ts";
import { text } from "./messages.ts";
import { planMetrics, round } from "./metrics.ts";
import { minVolunteersToCover } from "./routes.ts";
import { compareText } from "./seeded-hash.ts";
import { shiftsOf, type PlanState } from "./state.ts";
import { supplyLines } from "./supplies.ts";
import { trainingOf } from "./training.ts";
import { formatTime } from "./time.ts";
import { routeTimetable, waveDeliveries } from "./timetable.ts";
import type { Assignment, Plan, PostPlan, RoutePlan, Shortfall } from "./types.ts";

export function routeId(st: PlanState, r: number): string {
  const route = st.routes[r]!;
  return `${route.zone}/${st.ctx.buildings[route.buildings[0]!]!.id}`;
}

export function assemble(st: PlanState, previous: Plan | null): Plan {
  const { ctx } = st;
  const ids = (members: readonly number[]): string[] => members.map((m) => ctx.volunteers[m]!.id).sort(compareText);
  const block = ctx.routeBlock ?? { start: 0, end: 0 };
  const span = ctx.dutySpan ?? { start: 0, end: 0 };

  // A route nobody walks (a vacancy replanning could not fill) leaves its buildings uncovered.
  const staffed = st.routes.map((r, i) => ({ r, i })).filter(({ r }) => r.members.length > 0);
  staffed.sort((a, b) => (a.r.buildings[0] ?? 0) - (b.r.buildings[0] ?? 0));
  const onRoute = new Set(staffed.flatMap(({ r }) => r.buildings));
  const uncovered = ctx.buildings.filter((b) => !onRoute.has(b.idx)).map((b) => b.idx);

  const byState = new Map<number, RoutePlan>();
  const routes: RoutePlan[] = staffed.map(({ r, i }) => {
    let households = 0;
    let parcels = 0;
    for (const b of r.buildings) {
      households += ctx.buildings[b]!.households;
      parcels += ctx.buildings[b]!.parcels;
    }
    const plan: RoutePlan = {
      id: routeId(st, i),
      zone: r.zone,
      buildings: r.buildings.map((b) => ctx.buildings[b]!.id),
      volunteerIds: ids(r.members),
      requiredTeam: r.requiredTeam,
      households,
      parcels,
      load: round(r.load, 2),
      start: formatTime(block.start),
      end: formatTime(block.end),
      timetable: routeTimetable(ctx),
      deliveries: waveDeliveries(ctx, r.buildings),
    };
    byState.set(i, plan);
    return plan;
  });

  const posts: PostPlan[] = ctx.posts.map((p, i) => ({
    zh: p.zh,
    en: p.en,
    id: p.id,
    task: p.task,
    start: formatTime(p.start),
    end: formatTime(p.end),
    headcount: p.headcount,
    role: p.role,
    wave: p.wave,
    place: p.place,
    priority: p.beforeRoutes ? "before_routes" : "after_routes",
    volunteerIds: ids(st.postMembers[i] ?? []),
    missing: Math.max(0, p.headcount - (st.postMembers[i]?.length ?? 0)),
  }));

  const assignments: Assignment[] = [];
  let standbyForRoutes = 0;
  for (const v of ctx.volunteers) {
    const duty = st.duty[v.idx] ?? { kind: "standby" as const };
    const pinned = st.pinned[v.idx] ?? false;
    if (duty.kind === "route") {
      const route = byState.get(duty.route);
      assignments.push({
        volunteerId: v.id,
        kind: "route",
        postId: route?.id ?? null,
        buildings: route?.buildings ?? [],
        start: formatTime(block.start),
        end: formatTime(block.end),
        pinned,
        ...(v.trained ? {} : { training: true }),
      });
    } else if (duty.kind === "post") {
      const shifts = shiftsOf(duty).map((s) => ctx.posts[s]!);
      assignments.push({
        volunteerId: v.id,
        kind: "post",
        postId: shifts[0]!.id,
        buildings: [],
        start: formatTime(Math.min(...shifts.map((s) => s.start))),
        end: formatTime(Math.max(...shifts.map((s) => s.end))),
        pinned,
        ...(shifts.length > 1 ? { shifts: shifts.map((s) => s.id) } : {}),
        ...(v.trained ? {} : { training: true }),
      });
    } else {
      if (v.routeCapable) standbyForRoutes++;
      assignments.push({
        volunteerId: v.id,
        kind: "standby",
        postId: null,
        buildings: [],
        start: formatTime(Math.max(v.window.start, span.start)),
        end: formatTime(Math.min(v.window.end, span.end)),
        pinned,
      });
    }
  }

  const shortfalls = shortfallsOf(st, uncovered, standbyForRoutes, posts);
  const metrics = planMetrics(ctx, assignments, routes, previous, st.replanned);
  // A standby gets a suit (and everything else per volunteer) only when called in.
  const supplies = supplyLines(ctx, metrics.protectiveSuits);
  const training = trainingOf(st);

  return {
    date: ctx.date,
    seed: ctx.seed,
    day: {
      routeSteps: ctx.routeSteps.map((s) => s.id),
      posts: ctx.posts.map((s) => s.id),
      replaced: ctx.replaced,
      routeStart: ctx.routeBlock ? formatTime(ctx.routeBlock.start) : null,
      routeEnd: ctx.routeBlock ? formatTime(ctx.routeBlock.end) : null,
    },
    assignments,
    routes,
    posts,
    uncovered: uncovered.map((b) => ctx.buildings[b]!.id),
    shortfalls,
    pins: [...st.pins].sort((a, b) => compareText(a.volunteerId, b.volunteerId)),
    excluded: ctx.excluded,
    supplies: supplies.lines,
    ...(training.training ? { training: training.training } : {}),
    warnings: [...ctx.warnings, ...st.warnings, ...training.warnings, ...supplies.warnings],
    metrics,
  };
}

function shortfallsOf(
  st: PlanState,
  uncovered: readonly number[],
  standbyForRoutes: number,
  posts: readonly PostPlan[],
): Shortfall[] {
  const { ctx } = st;
  const out: Shortfall[] = [];
  const block = ctx.routeBlock;
  if (block && uncovered.length > 0) {
    // Standby who could walk a route but are not on one count against what is missing.
    const count = Math.max(1, minVolunteersToCover(ctx, new Set(uncovered)) - standbyForRoutes);
    const availability = availabilityFor(block, ctx.rules);
    const buildings = uncovered.map((b) => ctx.buildings[b]!.id);
    out.push({
      need: "route",
      postId: null,
      count,
      availability,
      role: null,
      buildings,
      ...text.routeShortfall(count, availability, buildings),
    });
  }
  const short = st.routes
    .map((r, i) => ({ r, i, missing: r.members.length > 0 ? r.requiredTeam - r.members.length : 0 }))
    .filter((x) => x.missing > 0);
  if (block && short.length > 0) {
    const count = short.reduce((n, x) => n + x.missing, 0);
    const availability = availabilityFor(block, ctx.rules);
    // Named by zone and buildings, in the order of their IDs (stable whatever the state's order).
    const routes = short
      .map((x) => ({
        id: routeId(st, x.i),
        zone: x.r.zone,
        buildings: x.r.buildings.map((b) => ctx.buildings[b]!.id),
      }))
      .sort((a, b) => compareText(a.id, b.id));
    out.push({
      need: "route",
      postId: null,
      count,
      availability,
      role: null,
      buildings: [],
      ...text.routeUnderstaffed(count, availability, routes),
    });
  }
  for (const p of posts) {
    if (p.missing === 0) continue;
    const step = ctx.posts[ctx.postById.get(p.id)!]!;
    const availability = availabilityFor(step, ctx.rules);
    out.push({
      need: "post",
      postId: p.id,
      count: p.missing,
      availability,
      role: p.role,
      buildings: [],
      ...text.postShortfall(p, p.missing, availability, p.role),
    });
  }
  return out;
}

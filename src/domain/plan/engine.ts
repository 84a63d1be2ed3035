/**
 * The assignment engine: one day's plan from buildings, sign-ups, workflow and parcels.
 *
 * How it works. The day's workflow is cut to the date (a dated step replaces the undated step of
 * the same scope in its time slot, e.g. the PCR queue takes the antigen slot on screening day);
 * the route block runs from the first route stage to the last (07:30–15:00 in the demo), so only
 * people whose window covers it — all-day people there, since AM ends and PM starts at 12:00 —
 * can take a route; a post needs its hours inside the window and its role. Pins are honoured
 * first or reported with their true reason; people pinned to a route are held back from posts.
 *
 * Then, exactly where exactness is cheap, in the article's order of importance (gate crew — it
 * sorts the parcels every route delivers — then cover, then the other posts, then a standby
 * reserve, then the heaviest route, then continuity):
 * - posts by one max-gain flow over kinds of volunteers (posts.ts, min-cost-flow.ts): gate
 *   places, then route walkers kept free up to what the best cover needs, then the other posts;
 * - with too few walkers, which buildings to cover by a knapsack over zones (coverage.ts): most
 *   households, then most buildings, each route contiguous and within capacity;
 * - with enough, routes per stretch of a zone's walk so the compound's heaviest route is least,
 *   each stretch cut by a dynamic program (contiguous-cut.ts) that keeps yesterday's routes
 *   within that optimum, then evens the loads (load = households + parcels); a building too
 *   heavy for one person gets a team.
 * People are matched to routes in passes: yesterday's route, a captain for each zone, a route
 * near home, then the rest; spare all-day people join the heaviest routes as extra hands. Every
 * tie falls to a hash of the seed and the volunteer ID, and every list is sorted, so the same
 * input and seed give the same bytes. With too few people the plan lists the uncovered buildings
 * and how many more people (and of which availability and role) would cover them, and its
 * metrics give the optima it is measured against. The demo compound plans in about a
 * millisecond, a town of 5,000 volunteers in about 50 ms.
 *
 * Pure: no clock, no randomness, no I/O; the date and the seed are inputs.
 *
 * @example
 * const plan = planDay({ date: "2022-04-19", seed: 1, buildings, volunteers, workflow, parcels, supplies });
 * plan.metrics.coverage; // 1 when every building has a route
 */
import { assemble } from "./assemble.ts";
import { buildDay } from "./day.ts";
import { addSpareHands, joinBusiestRoute, matchRoutes } from "./matching.ts";
import { placeRoutePins, reportAnyRoutePins, resolvePins, type RoutePin } from "./pins.ts";
import { coverageCurve, walkersForBestCover } from "./coverage.ts";
import { extendCrews } from "./crews.ts";
import { pairTrainees } from "./training.ts";
import { fillPosts, planPostsByFlow } from "./posts.ts";
import { minVolunteersToCover, partitionRoutes, type RouteShape } from "./routes.ts";
import { assign, isFree, newState, routeIndexByBuilding } from "./state.ts";
import type { Plan, PlanInput } from "./types.ts";

export function planDay(input: PlanInput): Plan {
  const ctx = buildDay(input);
  const st = newState(ctx);
  const { rules } = ctx;

  // 1. Pins, then every post place at once by a max-gain flow, in order of importance: the gate
  //    crew, enough route walkers to cover every building, the other posts. People pinned to a
  //    route are held back from every post: routes do not exist yet, and a pinned walker put on
  //    the gate could not be placed on their route afterwards.
  const routePins = resolvePins(st);
  const pinnedToRoutes = new Set(routePins.map((p) => p.v));
  const mustCover = new Set(routePins.flatMap((p) => (p.building >= 0 ? [p.building] : [])));
  const minimum = ctx.routeBlock ? minVolunteersToCover(ctx) : 0;
  // Someone pinned to one shift of a crew holds the rest too while its places are open (one
  // block, see crews.ts); the flow gives the other shifts' places to people holding them all.
  extendCrews(st);
  let places = planPostsByFlow(st, pinnedToRoutes, Math.max(0, minimum - pinnedToRoutes.size));
  const walkers = ctx.volunteers.filter((v) => v.routeCapable && isFree(st, v.idx)).length;
  const kept = walkers - places.filter((x) => ctx.volunteers[x.v]!.routeCapable).length;
  if (ctx.routeBlock && kept < minimum) {
    // Short-handed: walkers beyond what the best cover needs add nothing there, so the other
    // posts may have them.
    const enough = walkersForBestCover(coverageCurve(ctx, kept, mustCover));
    if (enough < kept) places = planPostsByFlow(st, pinnedToRoutes, Math.max(0, enough - pinnedToRoutes.size));
  }
  for (const { v, posts } of places) assign(st, v, { kind: "post", post: posts[0]!, also: posts.slice(1) });

  // 2. How many routes: every building covered first, then a standby reserve is kept for
  //    declines, and whoever is left makes more, smaller routes.
  const routeCapable = ctx.volunteers.filter((v) => v.routeCapable && isFree(st, v.idx));
  const standbyReserve = Math.ceil(rules.standbyShare * minimum);
  const forRoutes = Math.max(Math.min(routeCapable.length, minimum), routeCapable.length - standbyReserve);
  if (ctx.routeBlock) {
    // Yesterday's routes of the people who could walk one today, so the cuts can keep them.
    const yesterday = routeCapable.flatMap((v) =>
      v.yesterdayRoute.length > 0 ? [[...new Set(v.yesterdayRoute)]] : [],
    );
    // People pinned to buildings that end up on one route beyond its team cannot walk another
    // route: cut again for fewer walkers until the routes' teams plus those extra pinned people
    // fit the people who can walk (the standby reserve is theirs to fill), or a route would be
    // left with nobody.
    let walkers = forRoutes;
    let partition = partitionRoutes(ctx, walkers, mustCover, undefined, yesterday);
    for (
      let excess = surplusPinned(partition.routes, routePins);
      walkers > 0 && walkers + excess > routeCapable.length;
    ) {
      walkers = Math.max(0, Math.min(walkers - 1, routeCapable.length - excess));
      partition = partitionRoutes(ctx, walkers, mustCover, undefined, yesterday);
      excess = surplusPinned(partition.routes, routePins);
    }
    st.routes = partition.routes.map((r) => ({ ...r, members: [] }));
  }

  // 3. Who walks which route: pinned people first, then everyone free who can walk one.
  const anyRoute = placeRoutePins(st, routePins, routeIndexByBuilding(st));
  const open = st.routes.map((r) => Math.max(0, r.requiredTeam - r.members.length));
  matchRoutes(
    st,
    anyRoute.map((p) => ctx.volunteers[p.v]!),
    open,
    { captains: true },
  );
  for (const pin of anyRoute) if (isFree(st, pin.v)) joinBusiestRoute(st, pin.v);
  reportAnyRoutePins(st, anyRoute);
  matchRoutes(st, routeCapable, open, { captains: true });

  // 4. Places a failed route pin freed, spare hands on the heaviest routes, everyone else on standby.
  const byPriority = ctx.posts
    .map((_, i) => i)
    .sort((a, b) => Number(ctx.posts[b]!.beforeRoutes) - Number(ctx.posts[a]!.beforeRoutes));
  fillPosts(st, byPriority, () => true);
  const spare = ctx.volunteers.filter((v) => v.routeCapable && isFree(st, v.idx));
  const required = st.routes.reduce((n, r) => n + r.requiredTeam, 0);
  addSpareHands(st, spare, spare.length - Math.ceil(rules.standbyShare * required));
  // 5. Nobody untrained alone on a route (training.ts), then everyone else on standby.
  pairTrainees(st);
  for (const v of ctx.volunteers) if (isFree(st, v.idx)) assign(st, v.idx, { kind: "standby" });

  return assemble(st, input.previous ?? null);
}

/** Building-pinned people beyond the team their route needs (they cannot walk any other route). */
function surplusPinned(routes: readonly RouteShape[], pins: readonly RoutePin[]): number {
  const routeOf = new Map<number, number>();
  routes.forEach((r, i) => {
    for (const b of r.buildings) routeOf.set(b, i);
  });
  const pinned = routes.map(() => 0);
  for (const pin of pins) {
    const r = pin.building >= 0 ? routeOf.get(pin.building) : undefined;
    if (r !== undefined) pinned[r] = (pinned[r] ?? 0) + 1;
  }
  return routes.reduce((n, r, i) => n + Math.max(0, (pinned[i] ?? 0) - r.requiredTeam), 0);
}

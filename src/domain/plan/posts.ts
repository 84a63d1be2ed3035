/**
 * Filling fixed posts (gate crew, PCR marshals, the briefing lead).
 *
 * How many of each kind of volunteer go to each post is decided exactly by `planPostsByFlow`
 * (a max-gain flow, see below); `rankForPost` then picks who within a kind, and ranks the
 * standby a replan draws on. Who is best for a post, in order: someone who held this very post yesterday; someone who
 * cannot take a route anyway (AM/PM only), because all-day people are what routes run on; the
 * tightest fit of window to post; not a captain (captains lead zones on routes); holding the
 * fewest roles other open posts still need; not on a route yesterday; then the seeded tie-break.
 */
import type { DayVolunteer } from "./day.ts";
import { sortByKeys } from "./seeded-hash.ts";
import { addEdge, flowOn, maxGainFlow, newFlowGraph } from "./min-cost-flow.ts";
import { assign, isFree, openPostSlots, postFits, type PlanState } from "./state.ts";

/** Roles that some open post still needs. */
function neededRoles(st: PlanState, except: number): Set<string> {
  const roles = new Set<string>();
  st.ctx.posts.forEach((p, i) => {
    if (i !== except && p.role !== null && openPostSlots(st, i) > 0) roles.add(p.role);
  });
  return roles;
}

/** Candidates for post `p` among `pool`, best first. */
export function rankForPost(st: PlanState, p: number, pool: readonly DayVolunteer[]): DayVolunteer[] {
  const post = st.ctx.posts[p];
  if (!post) return [];
  const needed = neededRoles(st, p);
  const length = post.end - post.start;
  const fits = pool.filter((v) => postFits(v, post));
  return sortByKeys(
    fits,
    (v) => {
      let otherRoles = 0;
      for (const r of v.roles) if (r !== post.role && needed.has(r)) otherRoles++;
      return [
        v.yesterday?.kind === "post" && v.yesterday.postId === post.id ? 0 : 1,
        v.routeCapable ? 1 : 0,
        v.window.end - v.window.start - length,
        v.captain ? 1 : 0,
        otherRoles,
        v.yesterdayRoute.length > 0 ? 1 : 0,
        v.tie,
      ];
    },
    (v) => v.id,
  );
}

/** Fills the open places of `posts`, in the day's order, from free volunteers accepted by `accept`. */
export function fillPosts(st: PlanState, posts: readonly number[], accept: (v: DayVolunteer) => boolean): void {
  for (const p of posts) {
    const open = openPostSlots(st, p);
    if (open === 0) continue;
    const pool = st.ctx.volunteers.filter((v) => isFree(st, v.idx) && accept(v));
    for (const v of rankForPost(st, p, pool).slice(0, open)) assign(st, v.idx, { kind: "post", post: p });
  }
}

/**
 * Fills the posts before routes are cut, exactly, by a max-gain flow over kinds of volunteers
 * (which posts they fit, whether they can walk a route, yesterday's post, captain), with gains
 * in the engine's order of importance:
 *
 * 1. gate-crew places (posts filled before routes);
 * 2. route walkers kept free, up to `walkersWanted` (what covering every building takes);
 * 3. the other posts' places (PCR marshals, the briefing lead);
 * 4. preferences: an AM/PM person before an all-day one (who could walk a spare route or stand
 *    by), yesterday's post, not a captain.
 *
 * Greedy filling could put the one AM person who holds both the gate and the trainer role on the
 * gate and leave the briefing empty; the flow sees that an all-day gate person takes the gate
 * and the AM person the briefing. Within a kind, `rankForPost` picks who (tightest hours, fewest
 * other needed roles, not on a route yesterday, then the seeded tie-break). People in `held`
 * (pinned to a route) are left out. Returns the places; the caller assigns them.
 */
export function planPostsByFlow(
  st: PlanState,
  held: ReadonlySet<number>,
  walkersWanted: number,
): { v: number; post: number }[] {
  const { ctx } = st;
  const open = ctx.posts.map((_, p) => openPostSlots(st, p));
  const canWalk = ctx.routeBlock !== null && walkersWanted > 0;
  interface Kind {
    fits: number[];
    walker: boolean;
    yesterdayPost: number;
    captain: boolean;
    members: DayVolunteer[];
  }
  const kinds = new Map<string, Kind>();
  for (const v of ctx.volunteers) {
    if (!isFree(st, v.idx) || held.has(v.idx)) continue;
    const fits = ctx.posts.flatMap((post, p) => ((open[p] ?? 0) > 0 && postFits(v, post) ? [p] : []));
    const walker = canWalk && v.routeCapable;
    // Walkers who fit no post still count: they keep the walkers' places from others.
    if (fits.length === 0 && !walker) continue;
    const y = v.yesterday?.kind === "post" ? (ctx.postById.get(v.yesterday.postId) ?? -1) : -1;
    const yesterdayPost = fits.includes(y) ? y : -1;
    const key = `${fits.join(",")}|${walker ? 1 : 0}|${yesterdayPost}|${v.captain ? 1 : 0}`;
    const kind = kinds.get(key) ?? { fits, walker, yesterdayPost, captain: v.captain, members: [] };
    kind.members.push(v);
    kinds.set(key, kind);
  }
  if (kinds.size === 0) return [];

  const list = [...kinds.values()];
  const source = 0;
  const sink = 1;
  const walkers = 2;
  const postNode = (p: number): number => 3 + p;
  const kindNode = (k: number): number => 3 + ctx.posts.length + k;
  const g = newFlowGraph(3 + ctx.posts.length + list.length, 4);
  ctx.posts.forEach((_, p) => {
    if ((open[p] ?? 0) > 0) addEdge(g, postNode(p), sink, open[p]!, [0, 0, 0, 0]);
  });
  if (canWalk) addEdge(g, walkers, sink, walkersWanted, [0, 0, 0, 0]);
  const edges: { kind: number; post: number; edge: number }[] = [];
  list.forEach((kind, k) => {
    addEdge(g, source, kindNode(k), kind.members.length, [0, 0, 0, 0]);
    if (kind.walker) addEdge(g, kindNode(k), walkers, kind.members.length, [0, -1, 0, 0]);
    for (const p of kind.fits) {
      const before = ctx.posts[p]!.beforeRoutes;
      const preference = (kind.walker ? 4 : 0) + (kind.yesterdayPost === p ? 0 : 2) + (kind.captain ? 1 : 0);
      const edge = addEdge(g, kindNode(k), postNode(p), kind.members.length, [
        before ? -1 : 0,
        0,
        before ? 0 : -1,
        preference,
      ]);
      edges.push({ kind: k, post: p, edge });
    }
  });
  maxGainFlow(g, source, sink);

  // People per post, in the day's order; each kind gives its best-ranked members.
  const out: { v: number; post: number }[] = [];
  const taken = new Set<number>();
  for (let p = 0; p < ctx.posts.length; p++) {
    for (const { kind, post, edge } of edges) {
      if (post !== p) continue;
      const count = flowOn(g, edge);
      if (count <= 0) continue;
      const pool = list[kind]!.members.filter((v) => !taken.has(v.idx));
      for (const v of rankForPost(st, p, pool).slice(0, count)) {
        taken.add(v.idx);
        out.push({ v: v.idx, post: p });
      }
    }
  }
  return out;
}

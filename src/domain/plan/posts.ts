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

/** One post place from the flow: `posts` is one post, or every shift of a crew held as one block. */
export interface PostPlace {
  v: number;
  posts: number[];
}

/**
 * Fills the posts before routes are cut, exactly, by a max-gain flow over kinds of volunteers
 * (which posts they fit, whether they can walk a route, yesterday's post, captain), with gains
 * in the engine's order of importance:
 *
 * 1. gate-crew places (posts filled before routes);
 * 2. route walkers kept free, up to `walkersWanted` (what covering every building takes);
 * 3. the other posts' places (PCR marshals, the briefing lead);
 * 4. fewer people on posts: a crew's shifts held by one person as one block (one suit);
 * 5. preferences: an AM/PM person before an all-day one (who could walk a spare route or stand
 *    by), yesterday's post, not a captain.
 *
 * Greedy filling could put the one AM person who holds both the gate and the trainer role on the
 * gate and leave the briefing empty; the flow sees that an all-day gate person takes the gate
 * and the AM person the briefing. Within a kind, `rankForPost` picks who (tightest hours, fewest
 * other needed roles, not on a route yesterday, then the seeded tie-break). People in `held`
 * (pinned to a route) are left out. Returns the places; the caller assigns them.
 *
 * Crews (shifts one person may hold as one block, see `crewsOf`): a person holding every shift
 * fills one place on each, which no single flow can say, so the number of holders of each crew
 * is searched (`holdersFor`) and each count is one exact flow with a node for the holders.
 */
export function planPostsByFlow(st: PlanState, held: ReadonlySet<number>, walkersWanted: number): PostPlace[] {
  const holders = st.ctx.crews.map(() => 0);
  let best = flowPlaces(st, held, walkersWanted, holders);
  st.ctx.crews.forEach((crew, c) => {
    const fitters = st.ctx.volunteers.filter(
      (v) => isFree(st, v.idx) && !held.has(v.idx) && crew.every((p) => postFits(v, st.ctx.posts[p]!)),
    ).length;
    const most = Math.min(fitters, ...crew.map((p) => openPostSlots(st, p)));
    if (most === 0) return;
    const tryCount = (h: number): FlowResult => {
      const counts = [...holders];
      counts[c] = h;
      return flowPlaces(st, held, walkersWanted, counts);
    };
    const { count, result } = holdersFor(most, tryCount);
    if (compareScore(result.score, best.score) > 0) {
      holders[c] = count;
      best = result;
    }
  });
  return best.places;
}

interface FlowResult {
  places: PostPlace[];
  /** [gate places, walkers kept, other places, −people on posts, −preference]: higher is better. */
  score: number[];
}

function compareScore(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * The best number of holders for one crew, 0..most: every count up to 12 (the demo's gate has
 * 6 places a shift); above that (a town's crew of dozens) the best of an even grid of counts,
 * then every count between its neighbours, since each count costs one flow.
 */
function holdersFor(most: number, run: (h: number) => FlowResult): { count: number; result: FlowResult } {
  let best = { count: 0, result: run(0) };
  const consider = (h: number): void => {
    if (h <= 0 || h > most) return;
    const result = run(h);
    if (compareScore(result.score, best.result.score) > 0) best = { count: h, result };
  };
  if (most <= 12) {
    for (let h = 1; h <= most; h++) consider(h);
    return best;
  }
  const step = Math.ceil(most / 8);
  for (let h = step; h < most; h += step) consider(h);
  consider(most);
  const around = best.count;
  for (let h = Math.max(1, around - step + 1); h < Math.min(most, around + step); h++) if (h !== around) consider(h);
  return best;
}

function flowPlaces(
  st: PlanState,
  held: ReadonlySet<number>,
  walkersWanted: number,
  holders: readonly number[],
): FlowResult {
  const { ctx } = st;
  const open = ctx.posts.map((_, p) => openPostSlots(st, p));
  // Each crew's holders take one place of each of its shifts.
  const crews = ctx.crews.flatMap((crew, c) => ((holders[c] ?? 0) > 0 ? [{ crew, count: holders[c]! }] : []));
  for (const { crew, count } of crews) for (const p of crew) open[p] = (open[p] ?? 0) - count;
  const canWalk = ctx.routeBlock !== null && walkersWanted > 0;
  interface Kind {
    fits: number[];
    crews: number[];
    walker: boolean;
    yesterdayPost: number;
    captain: boolean;
    members: DayVolunteer[];
  }
  const kinds = new Map<string, Kind>();
  for (const v of ctx.volunteers) {
    if (!isFree(st, v.idx) || held.has(v.idx)) continue;
    const fits = ctx.posts.flatMap((post, p) => ((open[p] ?? 0) > 0 && postFits(v, post) ? [p] : []));
    const crewFits = crews.flatMap(({ crew }, c) => (crew.every((p) => postFits(v, ctx.posts[p]!)) ? [c] : []));
    const walker = canWalk && v.routeCapable;
    // Walkers who fit no post still count: they keep the walkers' places from others.
    if (fits.length === 0 && crewFits.length === 0 && !walker) continue;
    const y = v.yesterday?.kind === "post" ? (ctx.postById.get(v.yesterday.postId) ?? -1) : -1;
    const yesterdayPost = fits.includes(y) || crewFits.some((c) => crews[c]!.crew.includes(y)) ? y : -1;
    const key = `${fits.join(",")}|${crewFits.join(",")}|${walker ? 1 : 0}|${yesterdayPost}|${v.captain ? 1 : 0}`;
    const kind = kinds.get(key) ?? { fits, crews: crewFits, walker, yesterdayPost, captain: v.captain, members: [] };
    kind.members.push(v);
    kinds.set(key, kind);
  }
  if (kinds.size === 0) return { places: [], score: [0, 0, 0, 0, 0] };

  const list = [...kinds.values()];
  const source = 0;
  const sink = 1;
  const walkers = 2;
  const postNode = (p: number): number => 3 + p;
  const crewNode = (c: number): number => 3 + ctx.posts.length + c;
  const kindNode = (k: number): number => 3 + ctx.posts.length + crews.length + k;
  const g = newFlowGraph(3 + ctx.posts.length + crews.length + list.length, 5);
  ctx.posts.forEach((_, p) => {
    if ((open[p] ?? 0) > 0) addEdge(g, postNode(p), sink, open[p]!, [0, 0, 0, 0, 0]);
  });
  crews.forEach(({ count }, c) => addEdge(g, crewNode(c), sink, count, [0, 0, 0, 0, 0]));
  const walkerEdge = canWalk ? addEdge(g, walkers, sink, walkersWanted, [0, 0, 0, 0, 0]) : -1;
  const edges: { kind: number; posts: number[]; edge: number; cost: number[] }[] = [];
  list.forEach((kind, k) => {
    addEdge(g, source, kindNode(k), kind.members.length, [0, 0, 0, 0, 0]);
    if (kind.walker) addEdge(g, kindNode(k), walkers, kind.members.length, [0, -1, 0, 0, 0]);
    const preference = (p: readonly number[]): number =>
      (kind.walker ? 4 : 0) + (p.includes(kind.yesterdayPost) ? 0 : 2) + (kind.captain ? 1 : 0);
    const link = (node: number, posts: number[]): void => {
      const before = posts.filter((p) => ctx.posts[p]!.beforeRoutes).length;
      const cost = [-before, 0, before - posts.length, 1, preference(posts)];
      edges.push({ kind: k, posts, edge: addEdge(g, kindNode(k), node, kind.members.length, cost), cost });
    };
    for (const p of kind.fits) link(postNode(p), [p]);
    for (const c of kind.crews) link(crewNode(c), crews[c]!.crew);
  });
  maxGainFlow(g, source, sink);

  // People per post (crews first, then single posts in the day's order); each kind gives its
  // best-ranked members.
  const places: PostPlace[] = [];
  const taken = new Set<number>();
  const score = [0, walkerEdge >= 0 ? flowOn(g, walkerEdge) : 0, 0, 0, 0];
  const ordered = [...edges].sort((a, b) => b.posts.length - a.posts.length || a.posts[0]! - b.posts[0]!);
  for (const { kind, posts, edge, cost } of ordered) {
    const count = flowOn(g, edge);
    if (count <= 0) continue;
    score[0]! -= cost[0]! * count;
    score[2]! -= cost[2]! * count;
    score[3]! -= cost[3]! * count;
    score[4]! -= cost[4]! * count;
    const pool = list[kind]!.members.filter((v) => !taken.has(v.idx));
    for (const v of rankForPost(st, posts[0]!, pool).slice(0, count)) {
      taken.add(v.idx);
      places.push({ v: v.idx, posts });
    }
  }
  return { places, score };
}

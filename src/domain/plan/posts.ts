/**
 * Filling fixed posts (gate crew, PCR marshals, the briefing lead).
 *
 * Who is best for a post, in order: someone who held this very post yesterday; someone who
 * cannot take a route anyway (AM/PM only), because all-day people are what routes run on; the
 * tightest fit of window to post; not a captain (captains lead zones on routes); holding the
 * fewest roles other open posts still need; not on a route yesterday; then the seeded tie-break.
 */
import type { DayVolunteer } from "./day.ts";
import { sortByKeys } from "./seeded-hash.ts";
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
 * Before routes are cut, sets aside all-day people for the after-route posts (PCR marshals, the
 * briefing lead) that AM/PM people could not fill — at most `budget` of them, which is what is
 * left once every building is covered. Covering buildings comes first; these posts come next.
 */
export function reserveForPosts(
  st: PlanState,
  posts: readonly number[],
  budget: number,
  skip: ReadonlySet<number>,
): Set<number> {
  const reserved = new Set<number>();
  for (const p of posts) {
    const open = Math.min(openPostSlots(st, p), budget - reserved.size);
    if (open <= 0) continue;
    const pool = st.ctx.volunteers.filter(
      (v) => isFree(st, v.idx) && v.routeCapable && !reserved.has(v.idx) && !skip.has(v.idx),
    );
    for (const v of rankForPost(st, p, pool).slice(0, open)) reserved.add(v.idx);
  }
  return reserved;
}

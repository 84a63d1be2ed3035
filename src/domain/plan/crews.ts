/**
 * One block per crew member (一天只穿一次防护服), after the places are filled. The post flow
 * already gives a crew's shifts to people who hold them all where that is best (see
 * `planPostsByFlow`); people placed before it (pinned to one shift) or by later repairs hold one
 * shift. Whoever holds part of a crew and fits the rest takes the rest too when those places are
 * still open: places only fill, nobody moves, and the crew needs no one more.
 */
import { addShift, postFits, shiftsOf, openPostSlots, type PlanState } from "./state.ts";

export function extendCrews(st: PlanState): void {
  const { ctx } = st;
  for (const crew of ctx.crews) {
    for (const v of ctx.volunteers) {
      const duty = st.duty[v.idx];
      if (duty?.kind !== "post") continue;
      const holds = shiftsOf(duty);
      if (!holds.every((p) => crew.includes(p))) continue;
      const rest = crew.filter((p) => !holds.includes(p));
      if (rest.length === 0) continue;
      if (rest.every((p) => openPostSlots(st, p) > 0 && postFits(v, ctx.posts[p]!))) {
        for (const p of rest) addShift(st, v.idx, p);
      }
    }
  }
}

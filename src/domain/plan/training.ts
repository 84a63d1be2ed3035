/**
 * Training first, then duty (先培训再分工). Someone never trained (a blank 培训日期) goes to the
 * morning training at assembly before their duty, and is never alone on a route: a route whose
 * people are all untrained gets a trained person, in this order: someone still free who can walk
 * the route; a trained spare hand from a route that keeps enough people; else a trained member of
 * another route changes places with one of its untrained people, when that route keeps a trained
 * person. When nobody can, the plan says so (a warning naming them) rather than failing. A replan
 * (a decline, a no-show refilled on the day) keeps the rule on the routes it changes, moving
 * nobody who is checked in (see replan.ts).
 *
 * The training runs at the workflow's assembly stage (its time and place), else at the briefing
 * lead's post; the people on the briefing-lead post give it.
 */
import { displayName, type DayVolunteer } from "./day.ts";
import { text } from "./messages.ts";
import { sortByKeys } from "./seeded-hash.ts";
import { assign, isFree, unassign, type PlanState } from "./state.ts";
import { formatTime, toMinutes } from "./time.ts";
import type { Notice, TrainingPlan } from "./types.ts";

export interface PairOptions {
  /**
   * The routes to repair (default: every route). A replan repairs only the routes its change
   * touched and reports the others as they were published: repairing those would move people the
   * change did not concern.
   */
  repair?: (route: number) => boolean;
}

/**
 * Routes whose people are all untrained get a trained person where one can be found; the others
 * are reported by name. In a replan, "someone free" is an unpinned standby (a fresh plan runs this
 * before anyone is on standby), and a swap keeps `replaces` true: the trained person takes the
 * place the trainee had taken, the trainee the trained person's.
 */
export function pairTrainees(st: PlanState, options: PairOptions = {}): void {
  const { ctx } = st;
  const vol = (v: number): DayVolunteer => ctx.volunteers[v]!;
  const trainedOn = (r: number): number => st.routes[r]!.members.filter((m) => vol(m).trained).length;
  const near = (r: number) => (v: DayVolunteer) => {
    const route = st.routes[r]!;
    const home = v.home >= 0 ? ctx.buildings[v.home]! : null;
    const first = ctx.buildings[route.buildings[0]!]!;
    return [home && home.zone === route.zone ? Math.abs(home.pos - first.pos) : 1e6, v.tie];
  };
  const spareToJoin = (v: DayVolunteer): boolean =>
    isFree(st, v.idx) || (st.duty[v.idx]?.kind === "standby" && !st.pinned[v.idx]);
  st.routes.forEach((route, r) => {
    if (route.members.length === 0 || trainedOn(r) > 0) return;
    const alone = () =>
      st.warnings.push(
        text.untrainedAlone(
          route.members.map((m) => displayName(vol(m))),
          route.buildings.map((b) => ctx.buildings[b]!.id),
        ),
      );
    if (options.repair && !options.repair(r)) return alone();
    // 1. Someone free (they would stand by) who is trained and can walk it.
    const free = ctx.volunteers.filter((v) => spareToJoin(v) && v.trained && v.routeCapable);
    const pick = sortByKeys(free, near(r), (v) => v.id)[0];
    if (pick) {
      if (!isFree(st, pick.idx)) unassign(st, pick.idx);
      return assign(st, pick.idx, { kind: "route", route: r });
    }
    // 2. A trained spare hand from a route with more people than its load needs, which keeps a
    //    trained person after.
    const spare = st.routes.flatMap((other, o) =>
      o === r || other.members.length <= other.requiredTeam || trainedOn(o) < 2
        ? []
        : other.members.filter((m) => vol(m).trained && !st.pinned[m]).map((m) => vol(m)),
    );
    const hand = sortByKeys(spare, near(r), (v) => v.id)[0];
    if (hand) {
      unassign(st, hand.idx);
      return assign(st, hand.idx, { kind: "route", route: r });
    }
    // 3. Change places: a trained member of a route that keeps another trained person takes
    //    this route, and one of this route's untrained people takes theirs.
    const swaps = st.routes.flatMap((other, o) =>
      o === r || trainedOn(o) < 2
        ? []
        : other.members.filter((m) => vol(m).trained && !st.pinned[m]).map((m) => vol(m)),
    );
    const mover = sortByKeys(swaps, near(r), (v) => v.id)[0];
    const trainee = route.members.find((m) => !st.pinned[m]);
    if (mover && trainee !== undefined) {
      const to = st.duty[mover.idx]!;
      unassign(st, mover.idx);
      unassign(st, trainee);
      assign(st, mover.idx, { kind: "route", route: r });
      assign(st, trainee, to);
      const took = st.replaces.get(trainee);
      if (took !== undefined) {
        st.replaces.set(mover.idx, took);
        st.replaces.set(trainee, mover.id);
      }
      return;
    }
    alone();
  });
}

/**
 * Training done at roll call: a trainee checked in by the training's end, as the clock reads it
 * ("08:00" counts for a 07:30–08:00 training, "08:01" does not). Arriving early is arriving for
 * it (roll call opens 30 minutes before the assembly); arriving after it ended is not training,
 * so 培训日期 stays blank and the next plan sends them to training again.
 *
 * @example
 * trainedAtRollCall("07:10", "08:00"); // true
 * trainedAtRollCall("08:05", "08:00"); // false
 */
export function trainedAtRollCall(arrival: string, trainingEnd: string): boolean {
  return toMinutes(arrival) <= toMinutes(trainingEnd);
}

/** Who is in the morning training, and who gives it; undefined when nobody on duty needs it. */
export function trainingOf(st: PlanState): { training?: TrainingPlan; warnings: Notice[] } {
  const { ctx } = st;
  const trainees = ctx.volunteers.filter((v) => !v.trained && st.duty[v.idx] && st.duty[v.idx]!.kind !== "standby");
  if (trainees.length === 0) return { warnings: [] };
  const lead = ctx.posts.findIndex((p) => p.task === "briefing_lead");
  const assembly = ctx.routeSteps.find((s) => s.task === "assembly");
  const step = assembly ?? (lead >= 0 ? ctx.posts[lead]! : null);
  const trainerIds = lead >= 0 ? (st.postMembers[lead] ?? []).map((v) => ctx.volunteers[v]!.id).sort() : [];
  const warnings = step ? [] : [text.noTrainingStep(trainees.length)];
  if (step && trainerIds.length === 0) warnings.push(text.noTrainer(trainees.length));
  return {
    training: {
      start: step ? formatTime(step.start) : ctx.routeBlock ? formatTime(ctx.routeBlock.start) : "00:00",
      end: step ? formatTime(step.end) : ctx.routeBlock ? formatTime(ctx.routeBlock.start) : "00:00",
      place: step?.place ?? (lead >= 0 ? ctx.posts[lead]!.place : null),
      stepId: step?.id ?? null,
      trainerIds,
      traineeIds: trainees.map((v) => v.id).sort(),
    },
    warnings,
  };
}

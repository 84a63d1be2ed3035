/**
 * Pins: an organizer's "this person does that". A pin is honoured before anything else is
 * decided, or reported as impossible with the reason — never forced past a hard rule (hours,
 * role, age, headcount).
 */
import type { DayContext, DayVolunteer } from "./day.ts";
import { text } from "./messages.ts";
import { assign, openPostSlots, postFits, type PlanState } from "./state.ts";
import { formatTime, within } from "./time.ts";
import type { Bilingual, PinOutcome } from "./types.ts";

/** Route pins wait until routes exist: building index, or -1 for "any route". */
export type RoutePin = { v: number; building: number };

function outcome(v: { id: string }, pin: string, reason: string | null, message: Bilingual): PinOutcome {
  return { volunteerId: v.id, pin, status: reason === null ? "honoured" : "impossible", reason, ...message };
}

/** True for "route" and for the ID of any route stage ("R3"): the person wants a route, any route. */
function isRoutePin(ctx: DayContext, pin: string): boolean {
  return pin.toLowerCase() === "route" || ctx.routeSteps.some((s) => s.id === pin);
}

/**
 * Assigns post and standby pins now (in ID order, so two people pinned to a one-person post get
 * a stable answer) and returns the route pins for later. Excluded people's pins are reported too.
 */
export function resolvePins(st: PlanState): RoutePin[] {
  const { ctx } = st;
  const routePins: RoutePin[] = [];
  for (const v of ctx.volunteers) {
    const routePin = v.pin ? resolvePin(st, v) : null;
    if (routePin) routePins.push(routePin);
  }
  st.pins.push(...excludedPinOutcomes(ctx));
  return routePins;
}

/** Pins of people who cannot be on duty at all (over age, no duty in their window) fail with that reason. */
export function excludedPinOutcomes(ctx: DayContext): PinOutcome[] {
  const out: PinOutcome[] = [];
  for (const e of ctx.excluded) {
    const pin = ctx.signupById.get(e.volunteerId)?.pin?.trim();
    if (e.code === "duplicate" || !pin) continue;
    const message = e.code === "age" ? text.pinAge(pin) : { zh: e.zh, en: e.en };
    out.push(outcome({ id: e.volunteerId }, pin, e.code === "age" ? "age" : "availability", message));
  }
  return out;
}

/** One volunteer's pin: a post or standby pin is assigned (or refused) now; a route pin is returned. */
export function resolvePin(st: PlanState, v: DayVolunteer): RoutePin | null {
  const { ctx } = st;
  const pin = v.pin ?? "";
  const fail = (reason: string, message: Bilingual): null => {
    st.pins.push(outcome(v, pin, reason, message));
    return null;
  };
  const p = ctx.postById.get(pin);
  const b = ctx.buildingById.get(pin);
  if (pin.toLowerCase() === "standby") {
    assign(st, v.idx, { kind: "standby" }, true);
    st.pins.push(outcome(v, pin, null, text.pinHonoured(pin)));
    return null;
  }
  if (p !== undefined) {
    const post = ctx.posts[p]!;
    if (!within(post, v.window)) {
      return fail(
        "availability",
        text.pinAvailability(pin, v.availability, formatTime(post.start), formatTime(post.end)),
      );
    }
    if (post.start < v.postsFrom) return fail("training", text.pinTraining(pin, formatTime(v.postsFrom)));
    if (!postFits(v, post)) return fail("role", text.pinRole(pin, post.role ?? ""));
    if (openPostSlots(st, p) === 0) return fail("full", text.pinFull(pin, post.headcount));
    assign(st, v.idx, { kind: "post", post: p }, true);
    st.pins.push(outcome(v, pin, null, text.pinHonoured(pin)));
    return null;
  }
  if (ctx.otherDaySteps.has(pin)) return fail("not_today", text.pinNotToday(pin, ctx.date));
  if (b === undefined && !isRoutePin(ctx, pin)) return fail("unknown", text.pinUnknown(pin));
  if (!ctx.routeBlock) return fail("no_routes", text.pinNoRoutes(pin));
  if (!v.routeCapable) return fail("availability", routeAvailability(ctx, v, pin));
  return { v: v.idx, building: b ?? -1 };
}

function routeAvailability(ctx: DayContext, v: DayVolunteer, pin: string): Bilingual {
  const block = ctx.routeBlock!;
  return text.pinAvailability(pin, v.availability, formatTime(block.start), formatTime(block.end));
}

/** Route pins once routes exist: the route serving the building, or (for "route") the best open route. */
export function placeRoutePins(st: PlanState, pins: readonly RoutePin[], routeOf: Int32Array): RoutePin[] {
  const anyRoute: RoutePin[] = [];
  for (const pin of pins) {
    const v = st.ctx.volunteers[pin.v]!;
    const label = v.pin ?? "";
    if (pin.building < 0) {
      anyRoute.push(pin);
      continue;
    }
    const r = routeOf[pin.building] ?? -1;
    if (r < 0) st.pins.push(outcome(v, label, "uncovered", text.pinUncovered(label)));
    else {
      assign(st, pin.v, { kind: "route", route: r }, true);
      st.pins.push(outcome(v, label, null, text.pinHonoured(label)));
    }
  }
  return anyRoute;
}

/** Reports "any route" pins after matching placed them (they are matched first). */
export function reportAnyRoutePins(st: PlanState, pins: readonly RoutePin[]): void {
  for (const pin of pins) {
    const v = st.ctx.volunteers[pin.v]!;
    const label = v.pin ?? "";
    if (st.duty[pin.v]?.kind === "route") {
      st.pinned[pin.v] = true;
      st.pins.push(outcome(v, label, null, text.pinHonoured(label)));
    } else st.pins.push(outcome(v, label, "no_routes", text.pinNoRoutes(label)));
  }
}

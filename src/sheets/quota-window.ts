/**
 * Google's Sheets quota as a schedule: at most `limit` requests in any 60 seconds, per service
 * account (one "user") and per project, counted separately for reads and writes.
 *
 * A token bucket with a refill rate lets a full bucket plus a minute of refill through in one
 * window (up to twice the limit), so this keeps the grant times themselves: a request is granted
 * at the earliest instant when fewer than `limit` grants fall in the 60 seconds before it. Work
 * that must not wait long (a volunteer's answer) may book a slot in the near future; work that
 * can wait (publishing, then problem refreshes) is granted only while headroom is left for the
 * others and otherwise told when to ask again. Because only grant times are kept, a long outage
 * leaves nothing saved up: when it ends the next minute still carries at most `limit` requests.
 *
 * Pure: time is passed in (epoch ms).
 */

/** Google's window: at most the limit in any 60 seconds, counted when a request arrives. */
export const GOOGLE_WINDOW_MS = 60_000;

/**
 * A grant is timed when it is given; Google counts the call when it arrives, a little later and
 * not always by the same delay (the wait for the slot, a token, the network). Two grants exactly
 * 60 s apart could then land within one of Google's minutes: the real-pace run saw 18 refusals
 * (429) that way with the grants themselves never over 60. Scheduling against a window this much
 * longer keeps any arrival delay up to it on our side, for 1/31 of the throughput.
 */
export const ARRIVAL_GUARD_MS = 2_000;

/** The window the governor schedules against. */
export const WINDOW_MS = GOOGLE_WINDOW_MS + ARRIVAL_GUARD_MS;

/** Lower number, more urgent. */
export type Priority = "answers" | "publish" | "background";

/**
 * Share of the window a priority may use: answers everything; publishing leaves 20% for answers;
 * background work leaves 50%.
 */
export const SHARE: Record<Priority, number> = { answers: 1, publish: 0.8, background: 0.5 };

/** How far ahead a request may book a slot instead of being told to come back. */
export const MAX_BOOKING_MS: Record<Priority, number> = { answers: 45_000, publish: 30_000, background: 0 };

export type Grant = { at: number } | { retryAt: number };

export class QuotaWindow {
  /** Grant times in ascending order (some may be in the near future: booked). */
  private grants: number[] = [];

  constructor(readonly limit: number) {}

  /** Grants in (t - window, t]. */
  countAt(t: number): number {
    let n = 0;
    for (let i = this.grants.length - 1; i >= 0; i--) {
      const g = this.grants[i]!;
      if (g <= t - WINDOW_MS) break;
      if (g <= t) n++;
    }
    return n;
  }

  /** The earliest instant >= now at which a grant keeps every window within `cap`. */
  earliest(now: number, cap: number): number {
    this.prune(now);
    const last = this.grants.at(-1) ?? -Infinity;
    // FIFO: never before a slot already booked, so bookings keep their order.
    let t = Math.max(now, last);
    if (cap <= 0) return Infinity;
    if (this.grants.length >= cap) t = Math.max(t, this.grants[this.grants.length - cap]! + WINDOW_MS);
    return t;
  }

  /** Grants after now - window, booked ones included. */
  recentAndBooked(now: number): number {
    let n = 0;
    for (let i = this.grants.length - 1; i >= 0 && this.grants[i]! > now - WINDOW_MS; i--) n++;
    return n;
  }

  book(t: number): void {
    this.grants.push(t);
  }

  /** Grant times older than a window can never matter again. */
  private prune(now: number): void {
    let drop = 0;
    while (drop < this.grants.length && this.grants[drop]! <= now - WINDOW_MS) drop++;
    if (drop > 0) this.grants.splice(0, drop);
  }

  /** For persistence and tests. */
  snapshot(): number[] {
    return [...this.grants];
  }

  restore(grants: readonly number[]): void {
    this.grants = [...grants].sort((a, b) => a - b);
  }
}

/**
 * Grants one request against several windows at once (the account's and the project's): the
 * slot is the latest of their earliest slots, booked in all of them, or none if any says wait.
 * `own` is the spreadsheet's budget: a request over it is told when to come back, never booked.
 */
export function acquire(windows: readonly QuotaWindow[], now: number, priority: Priority, own?: QuotaWindow): Grant {
  // At least one: a limit set as low as 1 still lets publishing through, never waits forever.
  const cap = (w: QuotaWindow) => Math.max(1, Math.floor(w.limit * SHARE[priority]));
  // A spreadsheet's own budget never books ahead: a booking is FIFO in the shared windows too,
  // so one busy compound's queue would hold every other compound of the account behind it.
  const ownAt = own ? own.earliest(now, cap(own)) : now;
  if (ownAt > now) return { retryAt: Number.isFinite(ownAt) ? ownAt : now + WINDOW_MS };
  let at = now;
  for (const w of windows) at = Math.max(at, w.earliest(now, cap(w)));
  if (at - now > MAX_BOOKING_MS[priority]) {
    return { retryAt: Number.isFinite(at) ? at : now + WINDOW_MS };
  }
  for (const w of [...windows, ...(own ? [own] : [])]) w.book(at);
  return { at };
}

/** Grants of the last minute plus those booked ahead, over the limit (0..1+): callers slow down when high. */
export function pressure(windows: readonly QuotaWindow[], now: number): number {
  return Math.max(0, ...windows.map((w) => w.recentAndBooked(now) / w.limit));
}

/** Times of day as minutes since midnight; the plan prints them as "HH:MM". */
import type { TimeOfDay } from "./types.ts";

export interface Interval {
  start: number;
  end: number;
}

/** "07:30" or 450 -> 450. Input is already normalized, so anything else is a caller bug. */
export function toMinutes(t: TimeOfDay): number {
  if (typeof t === "number") {
    if (!Number.isFinite(t) || t < 0 || t > 1440) throw new RangeError(`time out of range: ${t}`);
    return Math.round(t);
  }
  const m = /^(\d{1,2}):(\d{2})$/.exec(t.trim());
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || !(minutes <= 1440)) throw new RangeError(`not an HH:MM time: ${JSON.stringify(t)}`);
  return minutes;
}

export function formatTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** True when `inner` lies inside `outer` (touching ends allowed). */
export function within(inner: Interval, outer: Interval): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

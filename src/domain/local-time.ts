/**
 * Calendar dates in a community's time zone. Pure: the instant is passed in.
 *
 * @example
 * localDate(Date.UTC(2022, 3, 18, 17), "Asia/Shanghai"); // "2022-04-19" (01:00 next day in Shanghai)
 * addDays("2022-04-19", 1); // "2022-04-20"
 */

/** The calendar date ("YYYY-MM-DD") an instant falls on in a time zone. */
export function localDate(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** A "YYYY-MM-DD" date moved by whole days (calendar arithmetic in UTC, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Minutes the zone's clock is ahead of UTC at an instant (480 for Shanghai). */
function offsetMinutes(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(epochMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/**
 * The instant a local wall-clock time ("HH:MM", "24:00" allowed) on a date happens in a time zone.
 * Across a daylight-saving change the offset in force after the change wins.
 *
 * @example
 * localTimeToEpoch("2022-04-19", "07:30", "Asia/Shanghai"); // Date.UTC(2022, 3, 18, 23, 30)
 */
export function localTimeToEpoch(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const first = wall - offsetMinutes(wall, timeZone) * 60_000;
  return wall - offsetMinutes(first, timeZone) * 60_000;
}

/**
 * The first instant after a local date ends (exclusive), e.g. for "valid until the end of the
 * plan's day in the community's time zone".
 *
 * @example
 * endOfLocalDay("2022-04-19", "Asia/Shanghai"); // Date.UTC(2022, 3, 19, 16) — midnight in Shanghai
 */
export function endOfLocalDay(date: string, timeZone: string): number {
  return localTimeToEpoch(addDays(date, 1), "00:00", timeZone);
}

/** "HH:MM" (24-hour) an instant reads on the zone's clock, e.g. a check-in's time. */
export function localClock(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(epochMs);
}

/** "MM-DD HH:mm" in the zone: the short stamp the Plan tab shows for an answer. */
export function localStamp(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

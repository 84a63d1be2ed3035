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

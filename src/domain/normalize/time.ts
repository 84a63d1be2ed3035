/**
 * Times of day and time ranges as written in the Workflow tab and sign-up notes:
 * "8:00", "8：30", "8点半", "下午2点", "2:30 PM", "08:00-09:00", "下午2-4点", "8点到12点".
 *
 * Explicit rules for input that could mean two things:
 * - "1400" and a lone "8" are refused: a bare number could be a count, a duration or a clock.
 * - Without 上午/下午/am/pm, the 24-hour clock is meant ("14:00", "8点") — except a one-digit
 *   hour from 1 to 6 ("2点", "2:00"), which nobody volunteers at at night and so is `ambiguous`
 *   (write 14:00 or 下午2点). A leading zero ("02:00") says the 24-hour clock on purpose.
 * - 上午12点 is noon (the end of the morning); 12am is midnight; 12pm and 中午12点 are noon;
 *   晚上12点 is 24:00, the end of the day; 晚上1点–5点 are after midnight.
 * - In a range, a period written before the start covers the end too ("下午2-4点" = 14:00–16:00),
 *   and am/pm written after the end covers the start when that keeps start before end
 *   ("2-4pm" = 14:00–16:00, "10-2pm" = 10:00–14:00).
 * - A range whose end is not after its start fails; ranges never cross midnight.
 */
import { blank, fail, ok, type Failure, type Parsed } from "./result.ts";
import { CN_NUMERAL_CHARS, foldKey, parseSmallNumber } from "./text.ts";

/** A time of day: minutes since midnight (0–1440, 1440 being the end of the day) and "HH:MM". */
export interface TimeOfDay {
  minutes: number;
  hhmm: string;
}

/** A span within one day; `end` is always after `start`. */
export interface TimeRange {
  start: TimeOfDay;
  end: TimeOfDay;
}

export type TimeFailureReason = "empty" | "unrecognized" | "ambiguous" | "invalid";
export type TimeRangeFailureReason = TimeFailureReason | "end_before_start";

type Period = "early" | "morning" | "am" | "noon" | "afternoon" | "pm" | "evening";

const PERIOD_WORDS: ReadonlyArray<readonly [string, Period]> = [
  ["凌晨", "early"],
  ["早上", "morning"],
  ["早晨", "morning"],
  ["清晨", "morning"],
  ["上午", "morning"],
  ["中午", "noon"],
  ["下午", "afternoon"],
  ["傍晚", "afternoon"],
  ["晚上", "evening"],
  ["夜里", "evening"],
  ["夜间", "evening"],
  ["晚间", "evening"],
  ["早", "morning"],
  ["晚", "evening"],
];
const PREFIX = `(${PERIOD_WORDS.map(([w]) => w).join("|")})?`;
const HOUR = `(\\d{1,2}|[${CN_NUMERAL_CHARS}]{1,3})`;
// After the hour: ":MM[:SS]" / ".MM", or 点/时 with an optional 半, 一刻, 三刻, "30", "30分".
const AFTER = `(?:([:.])(\\d{2})(?::\\d{2})?|([点點时時])(半|一刻|三刻|\\d{1,2}分?)?)?`;
const SUFFIX = "(a\\.?m\\.?|p\\.?m\\.?)?";
const TOKEN = new RegExp(`^${PREFIX}${HOUR}${AFTER}${SUFFIX}$`);

interface Token {
  period?: Period;
  /** Whether the period came from am/pm after the number (it may then cover a range's start). */
  suffixPeriod: boolean;
  hour: number;
  minute: number;
  /** "bare" is a number with no colon or 点; accepted only as one end of a range. */
  form: "bare" | "clock" | "dian";
  leadingZero: boolean;
}

const HINT_ZH = "请写成 08:00 或 下午2点 这样的格式。";
const HINT_EN = 'Write it as 08:00 or 14:00 (or "下午2点").';

function unrecognized(): Failure<"unrecognized"> {
  return fail("unrecognized", `看不懂这个时间。${HINT_ZH}`, `Not a time this sheet can read. ${HINT_EN}`);
}

function invalid(): Failure<"invalid"> {
  return fail("invalid", `没有这个钟点。${HINT_ZH}`, `No such time of day. ${HINT_EN}`);
}

function ambiguousHour(hour: number): Failure<"ambiguous"> {
  return fail(
    "ambiguous",
    `“${hour}点”不清楚是凌晨还是下午，请写成 ${String(hour + 12)}:00 或 下午${hour}点（凌晨请写 0${hour}:00）。`,
    `"${hour}" could be ${hour} am or ${hour} pm; write ${hour + 12}:00 or 0${hour}:00.`,
  );
}

function isBeforeNoon(period: Period): boolean {
  return period === "early" || period === "morning" || period === "am";
}

function lexToken(text: string): Token | undefined {
  const m = TOKEN.exec(text);
  if (!m) return undefined;
  const [, prefix, hourText, sep, mm, dian, dianMinute, suffix] = m;
  const hour = parseSmallNumber(hourText!);
  if (hour === undefined) return undefined;
  let minute = 0;
  if (sep !== undefined) minute = Number(mm);
  else if (dianMinute === "半") minute = 30;
  else if (dianMinute === "一刻") minute = 15;
  else if (dianMinute === "三刻") minute = 45;
  else if (dianMinute !== undefined) {
    // "8点5" is unclear (8:05 or 8:50); with 分 or two digits it is not.
    if (!dianMinute.endsWith("分") && dianMinute.length !== 2) return undefined;
    minute = Number(dianMinute.replace("分", ""));
  }
  const prefixPeriod = PERIOD_WORDS.find(([w]) => w === prefix)?.[1];
  const suffixPeriod: Period | undefined = suffix === undefined ? undefined : suffix.startsWith("a") ? "am" : "pm";
  // "上午8点am" says it twice; saying two different things is not a time.
  if (prefixPeriod && suffixPeriod && isBeforeNoon(prefixPeriod) !== (suffixPeriod === "am")) return undefined;
  return {
    period: suffixPeriod ?? prefixPeriod,
    suffixPeriod: suffixPeriod !== undefined,
    hour,
    minute,
    form: sep !== undefined ? "clock" : dian !== undefined ? "dian" : "bare",
    leadingZero: /^0\d/.test(hourText!),
  };
}

/** The 24-hour clock hour for an hour said with a period, or undefined when they clash. */
function clockHour(hour: number, period: Period | undefined): number | undefined {
  const within = (low: number, high: number): boolean => hour >= low && hour <= high;
  switch (period) {
    case undefined:
      return within(0, 24) ? hour : undefined;
    case "early": // 凌晨: after midnight
      if (hour === 12) return 0;
      return within(0, 6) ? hour : undefined;
    case "morning": // 上午12点 is the end of the morning, i.e. noon
      return within(0, 12) ? hour : undefined;
    case "am":
      if (hour === 12) return 0;
      return within(1, 11) ? hour : undefined;
    case "noon": // 中午 spans 11:00 to 15:00: 中午1点 is 13:00
      if (within(1, 3)) return hour + 12;
      return within(11, 15) ? hour : undefined;
    case "afternoon":
      if (within(1, 11)) return hour + 12;
      return within(12, 23) ? hour : undefined;
    case "pm":
      if (within(1, 11)) return hour + 12;
      return hour === 12 ? 12 : undefined;
    case "evening": // 晚上12点 ends the day; 晚上1点 is after midnight
      if (within(6, 11)) return hour + 12;
      if (hour === 12) return 24;
      return within(0, 5) || within(18, 23) ? hour : undefined;
  }
}

function timeOfDay(minutes: number): TimeOfDay {
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return { minutes, hhmm: `${hh}:${mm}` };
}

function resolve(token: Token, period: Period | undefined): Parsed<TimeOfDay, TimeFailureReason> {
  if (token.minute > 59) return invalid();
  const hour = clockHour(token.hour, period);
  if (hour === undefined || (hour === 24 && token.minute !== 0)) return invalid();
  if (period === undefined && token.hour >= 1 && token.hour <= 6 && !token.leadingZero)
    return ambiguousHour(token.hour);
  return ok(timeOfDay(hour * 60 + token.minute));
}

function prepare(text: string): string | undefined {
  const folded = foldKey(text);
  // No time is this long; the cap keeps the patterns cheap on pasted paragraphs.
  if (folded.length > 48) return undefined;
  return folded.replace(/\s+/g, "");
}

/**
 * Reads one time of day (rules in the module comment).
 *
 * @example normalizeTime("下午2点") // { ok: true, value: { minutes: 840, hhmm: "14:00" } }
 * @example normalizeTime("8点半") // { ok: true, value: { minutes: 510, hhmm: "08:30" } }
 * @example normalizeTime("1400").ok // false (reason "ambiguous")
 */
export function normalizeTime(text: string): Parsed<TimeOfDay, TimeFailureReason> {
  const compact = prepare(text);
  if (compact === "") return blank();
  if (compact === undefined) return unrecognized();
  if (/^\d{3,4}$/.test(compact)) {
    return fail(
      "ambiguous",
      `“${compact}”不清楚是不是时间，请写成带冒号的 ${compact.slice(0, -2)}:${compact.slice(-2)}。`,
      `"${compact}" may not be a time; write it with a colon: ${compact.slice(0, -2)}:${compact.slice(-2)}.`,
    );
  }
  const token = lexToken(compact);
  if (!token) return unrecognized();
  if (token.form === "bare" && token.period === undefined) {
    return fail(
      "ambiguous",
      `只写数字不清楚是几点，请写成 ${token.hour}:00 或 ${token.hour}点。`,
      `A bare number is not clearly a time; write ${token.hour}:00.`,
    );
  }
  return resolve(token, token.period);
}

const RANGE_SEPARATOR = /-|–|—|―|−|~|〜|至|到|to/g;

/**
 * Reads a time range such as "08:00-09:00", "8:00～9:00", "8-12点", "8点到12点" or "下午2-4点".
 *
 * @example normalizeTimeRange("下午2-4点") // { ok: true, value: { start: { hhmm: "14:00", … }, end: { hhmm: "16:00", … } } }
 * @example normalizeTimeRange("9:00-8:00").ok // false (reason "end_before_start")
 */
export function normalizeTimeRange(text: string): Parsed<TimeRange, TimeRangeFailureReason> {
  const compact = prepare(text);
  if (compact === "") return blank();
  if (compact === undefined) return unrecognized();
  const parts = compact.split(RANGE_SEPARATOR);
  if (parts.length !== 2) return unrecognized();
  const left = lexToken(parts[0]!);
  const right = lexToken(parts[1]!);
  if (!left || !right) return unrecognized();
  // A period said before the start ("下午2-4点") covers the end.
  const rightPeriod = right.period ?? (left.suffixPeriod ? undefined : left.period);
  const end = resolve(right, rightPeriod);
  if (!end.ok) return end;
  let start: Parsed<TimeOfDay, TimeFailureReason> | undefined;
  // am/pm said after the end ("2-4pm") covers the start, unless that would put it after the end.
  if (left.period === undefined && right.suffixPeriod) {
    const inherited = resolve(left, right.period);
    if (inherited.ok && inherited.value.minutes < end.value.minutes) start = inherited;
  }
  start ??= resolve(left, left.period);
  if (!start.ok) return start;
  if (end.value.minutes <= start.value.minutes) {
    return fail(
      "end_before_start",
      `结束时间 ${end.value.hhmm} 不晚于开始时间 ${start.value.hhmm}。`,
      `The end ${end.value.hhmm} is not after the start ${start.value.hhmm}.`,
    );
  }
  return ok({ start: start.value, end: end.value });
}
